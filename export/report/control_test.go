package report

import (
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"anketa/export"
)

func points(shares []float64, n int) []*ControlPoint {
	var out []*ControlPoint
	for i, p := range shares {
		out = append(out, &ControlPoint{Period: string(rune('a' + i)), N: n, Share: p})
	}
	return out
}

func TestControlLimits(t *testing.T) {
	// Making Data Count's p-chart: centre Σx/Σn, limits p̄ ± 3·√(p̄(1−p̄)/nᵢ).
	// 40/100 and 60/200: p̄ = 100/300 = 1/3; at n=100 the half-width is
	// 3·√((1/3)(2/3)/100) = 0.141421, at n=200 0.1.
	pts := []*ControlPoint{{Period: "a", N: 100, Share: 0.4}, {Period: "b", N: 200, Share: 0.3}}
	limits(pts)
	near(t, "centre", pts[0].Center, 1.0/3, 1e-12)
	near(t, "high at 100", pts[0].High, 1.0/3+0.1414214, 1e-6)
	near(t, "low at 200", pts[1].Low, 1.0/3-0.1, 1e-9)
	// Clipped to [0, 1]: 1/20 at n=20 reaches below zero.
	few := []*ControlPoint{{Period: "a", N: 20, Share: 0.05}}
	limits(few)
	if few[0].Low != 0 {
		t.Errorf("a limit below 0: %v", few[0].Low)
	}
}

func TestControlSignals(t *testing.T) {
	rules := func(shares []float64) map[string]int {
		pts := points(shares, 400)
		limits(pts)
		out := map[string]int{}
		for _, s := range signals(pts) {
			out[s.Rule]++
		}
		return out
	}
	// Centre 0.5 at n=400: limits 0.5 ± 0.075.
	if got := rules([]float64{0.5, 0.52, 0.48, 0.51, 0.49, 0.5}); len(got) != 0 {
		t.Errorf("common cause only: %v", got)
	}
	if got := rules([]float64{0.5, 0.5, 0.5, 0.7, 0.5, 0.5, 0.5, 0.5, 0.5}); got["outside"] != 1 {
		t.Errorf("one point above the limits: %v", got)
	}
	// Seven above the centre (0.5 over the 14 points) in a row, then
	// seven below: two runs. Not rising six in a row anywhere.
	s := []float64{0.52, 0.53, 0.52, 0.53, 0.52, 0.53, 0.52, 0.48, 0.47, 0.48, 0.47, 0.48, 0.47, 0.48}
	if got := rules(s); got["run"] != 2 || got["trend"] != 0 || got["outside"] != 0 {
		t.Errorf("two runs of 7: %v", got)
	}
	if got := rules(s[1:13]); got["run"] != 0 {
		t.Errorf("runs of 6 are not signals: %v", got)
	}
	// Six rising in a row is a trend; five is not.
	if got := rules([]float64{0.47, 0.48, 0.49, 0.5, 0.51, 0.52, 0.5}); got["trend"] != 1 {
		t.Errorf("six rising: %v", got)
	}
	if got := rules([]float64{0.48, 0.49, 0.5, 0.51, 0.52, 0.5, 0.5}); got["trend"] != 0 {
		t.Errorf("five rising: %v", got)
	}
	if got := rules([]float64{0.55, 0.54, 0.53, 0.52, 0.51, 0.5, 0.49, 0.48}); got["trend"] != 1 {
		t.Errorf("eight falling, one trend: %v", got)
	}
}

// TestControlChartMeasure: the limits are computed again from the first
// whole period after a measure, and the partial periods are marked.
func TestControlChartMeasure(t *testing.T) {
	path, _ := writeTestStoreTimes(t, 3) // every week 10 answers or more: none suppressed
	ms := []byte("measures:\n  - id: zmena\n    date: 2026-10-08\n")
	r, err := Build(Options{Paths: []string{path}, Period: "week", Measures: ms, MeasuresFile: "m.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	c := r.Control
	if c == nil || c.Question != "znamka" || len(c.Points) < 3 {
		t.Fatalf("control chart %+v", c)
	}
	// 2026-10-08 is a Thursday in week 41: the limits start again with
	// week 42.
	var at int
	for i, p := range c.Points {
		if p.Measure != "" {
			at = i
			if p.Period != "2026-W42" || p.Measure != "zmena" {
				t.Errorf("the limits start again at %s (%s), want 2026-W42", p.Period, p.Measure)
			}
		}
	}
	if at == 0 {
		t.Fatal("no period starts the measure's limits")
	}
	before, after := c.Points[:at], c.Points[at:]
	for _, seg := range [][]*ControlPoint{before, after} {
		var x, n float64
		for _, p := range seg {
			x += p.Share * float64(p.N)
			n += float64(p.N)
		}
		for _, p := range seg {
			if math.Abs(p.Center-x/n) > 1e-12 {
				t.Errorf("%s: centre %v, want its segment's %v", p.Period, p.Center, x/n)
			}
		}
	}
	// The data start on Thursday 2026-10-01: week 40 is partial.
	if !c.Points[0].Partial || c.Points[0].Period != "2026-W40" {
		t.Errorf("first period %+v", c.Points[0])
	}
	if text := reportText(t, r, 120); !containsAll(text, "Regulační diagram", "2026-W40*", "meze od opatření zmena") {
		t.Errorf("the terminal report:\n%s", text)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

// TestSummarySignals: a special cause on the control chart is named in
// the summary, in the words of its rule.
func TestSummarySignals(t *testing.T) {
	r := &Report{Fieldwork: &Fieldwork{}, Control: &ControlChart{Label: "Overall", Signals: []*Signal{{Rule: "run", From: "2026-W41", To: "2026-W47", Up: true}}}}
	got := summarize(r, newTr("en"))
	want := "The control chart of “Overall” shows special causes: 2026-W41 – 2026-W47: 7 or more periods in a row above the centre."
	if !slices.Contains(got, want) {
		t.Errorf("summary %q\nwant %q", got, want)
	}
}

// TestPartialPeriods: a week the data end on a Friday is whole for an
// office closed at weekends; one they begin on a Wednesday is not, nor a
// month begun on the 21st.
func TestPartialPeriods(t *testing.T) {
	loc := time.UTC
	days := func(from, to time.Time) []DayCount {
		var out []DayCount
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				out = append(out, DayCount{d.Format(time.DateOnly), 30})
			}
		}
		return out
	}
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, loc) }
	for _, c := range []struct {
		first, last time.Time
		period      string
		want        string
	}{
		{at(2026, 9, 21), at(2026, 10, 9), "week", ""},                  // Monday W39 to Friday W41
		{at(2026, 9, 23), at(2026, 10, 9), "week", "2026-W39"},          // from a Wednesday
		{at(2026, 9, 21), at(2026, 10, 7), "week", "2026-W41"},          // to a Wednesday
		{at(2026, 9, 21), at(2026, 12, 18), "month", "2026-09,2026-12"}, // the 21st to the 18th
		{at(2026, 9, 21), at(2026, 11, 20), "quarter", "2026-Q3,2026-Q4"},
	} {
		r := &Report{First: c.first, Last: c.last, Fieldwork: &Fieldwork{Days: days(c.first, c.last)}}
		got := slices.Sorted(maps.Keys(r.partialPeriods(&Options{Period: c.period, Zone: export.Zone{Loc: loc}})))
		if strings.Join(got, ",") != c.want {
			t.Errorf("%s to %s by %s: partial %v, want %q", c.first.Format(time.DateOnly), c.last.Format(time.DateOnly), c.period, got, c.want)
		}
	}
}
