package report

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"anketa/questionnaire"
	"anketa/storage"
)

func TestSpearman(t *testing.T) {
	// R 4.2: x <- c(1,1,2,2,2,3,3,4,5,5,1,2,3,4,4,1)
	// y <- c(1,2,2,1,3,3,4,4,5,4,2,2,3,5,3,1); cor(x, y, method="spearman")
	// = 0.870967741935484; tanh(atanh(r) + c(-1,1)*qnorm(0.975)*1.03/sqrt(13))
	// = 0.651079493537606 to 0.955978031614778.
	x := []int{1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 1, 2, 3, 4, 4, 1}
	y := []int{1, 2, 2, 1, 3, 3, 4, 4, 5, 4, 2, 2, 3, 5, 3, 1}
	tab := pairTable{5, 5, make([]int, 25)}
	for i := range x {
		tab.n[(x[i]-1)*5+y[i]-1]++
	}
	codes := []float64{1, 2, 3, 4, 5}
	rho, n := spearman(&tab, codes, codes)
	near(t, "rho", rho, 0.870967741935484, 1e-12)
	iv := spearmanInterval(rho, n)
	near(t, "lo", iv.Lo, 0.651079493537606, 1e-9)
	near(t, "hi", iv.Hi, 0.955978031614778, 1e-9)
	// Codes listed out of order rank by their value, not their place.
	rev := pairTable{5, 5, make([]int, 25)}
	for i := range x {
		rev.n[(5-x[i])*5+y[i]-1]++
	}
	if r2, _ := spearman(&rev, []float64{5, 4, 3, 2, 1}, codes); math.Abs(r2-rho) > 1e-12 {
		t.Errorf("reversed list: %v, want %v", r2, rho)
	}
	one := pairTable{5, 5, make([]int, 25)}
	one.n[0] = 10
	if r, _ := spearman(&one, codes, codes); !math.IsNaN(r) {
		t.Errorf("every grade the same has no correlation: %v", r)
	}
}

const driversForm = `
id: ridici
version: "1"
title: {en: Drivers}
languages: [en]
choices:
  skola:
    - {value: "1", favorable: true, label: {en: excellent}}
    - {value: "2", favorable: true, label: {en: very good}}
    - {value: "3", label: {en: good}}
    - {value: "4", label: {en: sufficient}}
    - {value: "5", label: {en: insufficient}}
questions:
  - {name: celkove, type: select_one skola, label: {en: Overall}}
  - name: aspekty
    type: group
    appearance: grid
    label: {en: How do you rate}
    questions:
      - {name: cekani, type: select_one skola, label: {en: waiting}}
      - {name: ochota, type: select_one skola, label: {en: helpfulness}}
      - {name: prostredi, type: select_one skola, label: {en: the room}}
`

// TestDrivers: waiting goes with the overall grade and does worst, so it
// is the priority; helpfulness goes with it too but does well; the room
// does badly but has nothing to do with the overall grade, so fixing it
// first would not be advised.
func TestDrivers(t *testing.T) {
	r := driversReport(t, false)
	d := r.Drivers
	if d == nil || d.Overall != "celkove" || len(d.Aspects) != 3 {
		t.Fatalf("drivers %+v", d)
	}
	byName := map[string]*Driver{}
	for _, a := range d.Aspects {
		byName[a.Name] = a
	}
	if w := byName["cekani"]; w.N != 200 || w.Importance.Lo <= 0.5 || math.Abs(w.Performance.Est-0.2) > 1e-12 {
		t.Errorf("waiting: %+v %+v %+v", w, w.Importance, w.Performance)
	}
	if room := byName["prostredi"]; !room.Importance.Contains(0) || room.Priority {
		t.Errorf("the room has nothing to do with the overall grade: %+v, priority %v", room.Importance, room.Priority)
	}
	if !slices.Equal(d.Priorities, []string{"cekani"}) {
		t.Errorf("priorities %v, want [cekani]", d.Priorities)
	}
	if text := reportText(t, r, 120); !strings.Contains(text, "waiting") || !strings.Contains(text, "priority") {
		t.Errorf("the terminal report does not name the priority:\n%s", text)
	}
}

// TestDriversNoise: where no aspect goes with the overall grade, one is
// still above the median importance and below the median performance,
// but nothing shows that it matters: no priority is named.
func TestDriversNoise(t *testing.T) {
	d := driversReport(t, true).Drivers
	for _, a := range d.Aspects {
		if a.Importance.Lo > 0 {
			t.Fatalf("%s goes with the overall grade in data made not to: %+v", a.Name, a.Importance)
		}
	}
	if len(d.Priorities) != 0 {
		t.Errorf("priorities from noise: %v", d.Priorities)
	}
}

func driversReport(t *testing.T, noise bool) *Report {
	t.Helper()
	path, _ := formStore(t, "ridici.yaml", driversForm, func(q *questionnaire.Questionnaire) []*storage.Session {
		var sessions []*storage.Session
		base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
		for i := range 200 {
			overall := 1 + i%5
			waiting := min(5, overall+1) // follows the overall grade, a grade worse
			helpful := max(1, overall-1) // follows it less closely, and does well
			if i%3 == 0 {
				helpful = 1
			}
			room := 2 + (i/5)%3 // 2, 3 or 4 whatever the overall grade
			if noise {
				// No association but a slight one for waiting, too slight to show
				// in 200 interviews.
				waiting, helpful = 2+(i/5)%4, 1+(i/20)%3
				if overall == 5 && i%40 < 5 {
					waiting = 5
				}
			}
			g := func(n int) questionnaire.Value { return questionnaire.CodeValue(string(rune('0' + n))) }
			u, _ := uuid.NewV7()
			at := base.Add(time.Duration(i) * time.Minute)
			sessions = append(sessions, &storage.Session{ID: storage.ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: storage.Completed,
				Started: at, Updated: at, Finished: at.Add(4 * time.Minute), Interviewer: "T01", Language: "en",
				Answers: []storage.Answer{{Name: "celkove", Value: g(overall)}, {Name: "cekani", Value: g(waiting)}, {Name: "ochota", Value: g(helpful)}, {Name: "prostredi", Value: g(room)}}})
		}
		return sessions
	})
	r, err := Build(Options{Paths: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFunnel(t *testing.T) {
	// Spiegelhalter (2005): limits p̄ ± z·√(p̄(1−p̄)/n). Three workplaces,
	// 60/100, 150/300 and 90/200 favorable: p̄ = 300/600 = 0.5.
	fav := func(x, n int) *Question {
		return &Question{Name: "celkove", Scale: true, N: n, Favorable: &Interval{Est: float64(x) / float64(n)}}
	}
	b := &Breakdown{Key: "pracoviste", Label: "Workplace", Groups: []*Group{
		{Key: "a", Label: "A", Questions: []*Question{fav(60, 100)}},
		{Key: "b", Label: "B", Questions: []*Question{fav(150, 300)}},
		{Key: "c", Label: "C", Questions: []*Question{fav(90, 200)}},
		{Key: "d", Label: "D", Questions: []*Question{fav(9, 9)}}, // fewer than 10: left off
	}}
	overall := &Group{Questions: []*Question{fav(309, 609)}}
	fs := funnels(b, overall)
	if len(fs) != 1 || len(fs[0].Groups) != 3 {
		t.Fatalf("funnels %+v", fs)
	}
	f := fs[0]
	near(t, "centre", f.Center, 0.5, 1e-12)
	a := f.Groups[0]
	// n = 100: 95% half-width 1.959964·0.05 = 0.0979982; 99.8% 3.090232·0.05.
	near(t, "A 95% low", a.Lo95, 0.5-1.959964*0.05, 1e-6)
	near(t, "A 95% high", a.Hi95, 0.5+1.959964*0.05, 1e-6)
	near(t, "A 99.8% high", a.Hi998, 0.5+3.090232*0.05, 1e-6)
	// A's 0.60 is above 0.598 (95%) and below 0.6545 (99.8%): above.
	// C's 0.45 at n=200: the 95% limits are 0.5 ± 0.0693, so within.
	if a.Outside != "above" || f.Groups[1].Outside != "" || f.Groups[2].Outside != "" {
		t.Errorf("outside: %q %q %q", a.Outside, f.Groups[1].Outside, f.Groups[2].Outside)
	}
	if w := newTr("en").funnelWords(f); !strings.Contains(w, "A above the 95% limits (60.0%, n=100)") || strings.Contains(w, "B ") {
		t.Errorf("words: %q", w)
	}
	if funnels(&Breakdown{Groups: b.Groups[:1]}, overall) != nil {
		t.Error("one group has nothing to be set beside")
	}
}

// TestSummary: the opening sentences carry the figures computed below
// them: the overall share with its interval, the priority with its ρ and
// share, the short interviews' count, and no change where none holds.
func TestSummary(t *testing.T) {
	r := driversReport(t, false)
	en := newTr("en")
	ov := questionOf(r.Overall, "celkove")
	var waiting *Driver
	for _, a := range r.Drivers.Aspects {
		if a.Name == "cekani" {
			waiting = a
		}
	}
	want := []string{
		"Interviews: 200, from 2026-10-01 to 2026-10-01. " + en.pct(ov.Favorable.Est) + " (" + en.num(100*ov.Favorable.Lo, 1) + "–" + en.num(100*ov.Favorable.Hi, 1) + ") answered “Overall” favorably (“excellent + very good”).",
		"Improve first: “waiting” (ρ " + en.num(waiting.Importance.Est, 2) + ", " + en.pct(waiting.Performance.Est) + " favorable).",
		"No approach was logged",
		"What the data cannot tell",
	}
	if len(r.Summary) != len(want) {
		t.Fatalf("summary %q", r.Summary)
	}
	for i, w := range want {
		if !strings.HasPrefix(r.Summary[i], w) {
			t.Errorf("sentence %d: %q\nwant it to start %q", i, r.Summary[i], w)
		}
	}
	noise := driversReport(t, true)
	if !slices.Contains(noise.Summary, en.s("s_nopriority")) {
		t.Errorf("no priority in the data, none in the summary: %q", noise.Summary)
	}
	head, _, _ := strings.Cut(reportText(t, r, 100), "Summary: the scale questions")
	if !strings.Contains(head, "In brief") || !strings.Contains(head, "Improve first") {
		t.Errorf("the summary does not come first:\n%s", head)
	}
}
