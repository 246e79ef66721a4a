package export

import (
	"path/filepath"
	"sync"
	"testing"

	"anketa/questionnaire"
)

var (
	benchOnce   sync.Once
	benchStores []string
	benchDir    string
)

// BenchmarkExport exports 100,000 generated sessions of the built-in
// questionnaire in 10 stores to wide CSV, and reports sessions per second.
// export/bench/compare.sh measures a million against sqlite3.
func BenchmarkExport(b *testing.B) {
	benchOnce.Do(func() {
		benchDir = b.TempDir()
		q, _ := questionnaire.Default()
		var err error
		benchStores, err = Generate(GenerateOptions{Questionnaire: q, Sessions: 100_000, Stores: 10, Seed: 1, Dir: filepath.Join(benchDir, "stores")})
		if err != nil {
			b.Fatal(err)
		}
	})
	out := filepath.Join(b.TempDir(), "out.csv")
	var n int
	for b.Loop() {
		sum, err := Run(Options{Paths: benchStores, Out: out})
		if err != nil {
			b.Fatal(err)
		}
		n = sum.Sessions
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "sessions/s")
}
