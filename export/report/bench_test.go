package report

import (
	"path/filepath"
	"testing"
	"time"

	"anketa/export"
	"anketa/questionnaire"
)

// BenchmarkReport reads generated stores and builds the report with a
// breakdown by workplace, by month and a comparison, as a coordinator
// would, over 100,000 sessions. The figure at 1,000,000 comes from
// anketa generate and anketa report on the command line (see the README).
//
//	go test -run - -bench Report -benchtime 5x ./export/report
func BenchmarkReport(b *testing.B) {
	q, err := questionnaire.Default()
	if err != nil {
		b.Fatal(err)
	}
	const n = 100_000
	stores, err := export.Generate(export.GenerateOptions{Questionnaire: q, Sessions: n, Stores: 4, Seed: 1, Dir: filepath.Join(b.TempDir(), "s")})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(Options{Paths: stores, By: "pracoviste", Period: "month", Compare: time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "sessions/s")
}
