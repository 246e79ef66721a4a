package report

import (
	"math"
	"strings"
	"testing"
	"time"

	"anketa/export"
	"anketa/questionnaire"
)

// TestTrends: the trend lines agree with the per-period breakdown, which
// counts the same sessions by another path; the workplace where the
// generator made a measure work rises after it and the others do not;
// partial periods and the measures' places on the axis are marked.
func TestTrends(t *testing.T) {
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	e, _ := export.ParseEffect("2026-10-19:2:-0.6")
	paths, err := export.Generate(export.GenerateOptions{Questionnaire: q, Sessions: 9000, Stores: 3, Seed: 5, Dir: t.TempDir(), Effects: []export.Effect{e}})
	if err != nil {
		t.Fatal(err)
	}
	ms := []byte("measures:\n  - id: druha-prepazka\n    date: 2026-10-21\n    workplaces: [\"2\"]\n")
	prague, _ := time.LoadLocation("Europe/Prague")
	zone := export.Zone{Loc: prague, Name: "Europe/Prague"}
	r, err := Build(Options{Paths: paths, Period: "week", Measures: ms, MeasuresFile: "measures.yaml", Zone: zone})
	if err != nil {
		t.Fatal(err)
	}
	tr := r.Trends
	if tr == nil || tr.By != "pracoviste" || len(tr.Periods) != 9 || tr.Periods[0] != "2026-W39" || tr.Periods[8] != "2026-W47" {
		t.Fatalf("trends: %+v", tr)
	}
	// Week 47 ends the data and, 17 November a holiday, has four days of
	// interviews against the other weeks' five.
	if strings.Join(tr.Partial, ",") != "2026-W47" {
		t.Errorf("partial periods %v", tr.Partial)
	}
	// Wednesday 21 October: two days into week 43 (the 5th period).
	if len(tr.Measures) != 1 || math.Abs(tr.Measures[0].Position-(4+2.0/7)) > 1e-9 {
		t.Errorf("measures on the axis: %+v", tr.Measures)
	}
	var ov *TrendQuestion
	for _, tq := range tr.Questions {
		if tq.Name == "celkove" {
			ov = tq
		}
	}
	if ov == nil || len(ov.Groups) != 3 {
		t.Fatalf("the overall question's lines: %+v", ov)
	}
	for i, pt := range ov.Overall.Points {
		g := questionOf(r.Period.Groups[i], "celkove")
		if r.Period.Groups[i].Key != pt.Period || g.N != pt.N || *g.Favorable != *pt.Favorable || *g.Mean != *pt.Mean {
			t.Errorf("%s: trend %d %+v, breakdown %s %d %+v", pt.Period, pt.N, pt.Favorable, r.Period.Groups[i].Key, g.N, g.Favorable)
		}
	}
	mean := func(l *TrendLine, from, to int) float64 {
		s := 0.0
		for _, p := range l.Points[from:to] {
			s += p.Favorable.Est
		}
		return s / float64(to-from)
	}
	for _, l := range ov.Groups {
		rise := mean(l, 5, 9) - mean(l, 0, 4)
		if l.Key == "2" && rise < 0.08 || l.Key != "2" && math.Abs(rise) > 0.06 {
			t.Errorf("workplace %s rose by %.3f after the measure", l.Key, rise)
		}
	}
	if text := reportText(t, r, 120); !containsAll(text, "Vývoj: podíl příznivých odpovědí po obdobích (týden)", "2026-W47*", "Odbor správních činností") {
		t.Errorf("the terminal trends:\n%s", text)
	}
	svg := trendSVG(tr, ov, newTr("cs"))
	if !containsAll(svg, "druha-prepazka", "2026-W47*", `fill="#ffffff"`, "Všechny rozhovory") {
		t.Errorf("the trend chart: %s", svg)
	}
	// By quarter: 2026-Q3 holds 21–30 September, partly.
	rq, err := Build(Options{Paths: paths, Period: "quarter", Zone: zone})
	if err != nil {
		t.Fatal(err)
	}
	if p := rq.Trends.Periods; len(p) != 2 || p[0] != "2026-Q3" || p[1] != "2026-Q4" || len(rq.Trends.Partial) != 2 {
		t.Errorf("quarters %v, partial %v", p, rq.Trends.Partial)
	}
	if _, err := Build(Options{Paths: paths, Period: "year"}); err == nil || !strings.Contains(err.Error(), "week, month or quarter") {
		t.Errorf("--period year: %v", err)
	}
}
