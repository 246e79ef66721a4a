package export

import (
	"path/filepath"
	"testing"

	"filippo.io/age"

	"anketa/questionnaire"
)

// BenchmarkExport exports 100,000 generated sessions of the built-in
// questionnaire in 10 stores to wide CSV, and reports sessions per second.
// export/bench/compare.sh measures a million against sqlite3.
func BenchmarkExport(b *testing.B) {
	// Generated for each run: a store kept across -count runs would live
	// in the first run's temporary folder, which is removed when it ends.
	q, _ := questionnaire.Default()
	benchStores, err := Generate(GenerateOptions{Questionnaire: q, Sessions: 100_000, Stores: 10, Seed: 1, Dir: filepath.Join(b.TempDir(), "stores")})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
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

// BenchmarkExportSealed exports the same 100,000 generated sessions from
// stores that seal them and from stores that do not, in one run, so that
// the cost of opening each seal shows as a ratio.
//
//	go test -run - -bench ExportSealed -benchtime 3x ./export
func BenchmarkExportSealed(b *testing.B) {
	coordinator, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	plainQ, _ := questionnaire.Default()
	sets := map[string][]string{}
	for name, q := range map[string]*questionnaire.Questionnaire{"plain": plainQ, "sealed": sealedQuestionnaire(b, coordinator.Recipient().String())} {
		if sets[name], err = Generate(GenerateOptions{Questionnaire: q, Sessions: 100_000, Stores: 10, Seed: 1, Dir: filepath.Join(dir, name)}); err != nil {
			b.Fatal(err)
		}
	}
	for _, name := range []string{"plain", "sealed"} {
		b.Run(name, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "out.csv")
			var n int
			for b.Loop() {
				sum, err := Run(Options{Paths: sets[name], Out: out, Identities: []age.Identity{coordinator}})
				if err != nil {
					b.Fatal(err)
				}
				n = sum.Sessions
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "sessions/s")
		})
	}
}

// BenchmarkExportParquet exports the same 100,000 generated sessions to
// Parquet partitions, for profiling the Parquet path on its own:
//
//	go test -run - -bench ExportParquet -cpuprofile cpu.out ./export
func BenchmarkExportParquet(b *testing.B) {
	q, _ := questionnaire.Default()
	stores, err := Generate(GenerateOptions{Questionnaire: q, Sessions: 100_000, Stores: 10, Seed: 1, Dir: filepath.Join(b.TempDir(), "stores")})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	out := filepath.Join(b.TempDir(), "out")
	var n int
	for b.Loop() {
		sum, err := Run(Options{Paths: stores, Out: out, Format: "parquet", Force: true})
		if err != nil {
			b.Fatal(err)
		}
		n = sum.Sessions
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "sessions/s")
}
