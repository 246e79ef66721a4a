package report

import (
	"bytes"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"anketa/questionnaire"
	"anketa/storage"
)

// TestResponseRates checks the rates against the formulas of AAPOR's
// Standard Definitions, 10th edition (2023), section "Response Rates":
// RR1 = I/((I+P)+(R+NC+O)+(UH+UO)), RR2 = (I+P)/(same), REF1 = R/(same),
// CON1 = ((I+P)+R+O)/((I+P)+R+O+NC+(UH+UO)), worked by hand.
func TestResponseRates(t *testing.T) {
	for _, c := range []struct {
		d                    Dispositions
		rr1, rr2, ref1, con1 float64
	}{
		// 90 eligible: 40/90, 45/90, 30/90, 80/90.
		{Dispositions{I: 40, P: 5, R: 30, NC: 10, O: 5, NotEligible: 7}, 40.0 / 90, 45.0 / 90, 30.0 / 90, 80.0 / 90},
		// With 10 of unknown eligibility: 100 in the denominators; CON1 80/100.
		{Dispositions{I: 40, P: 5, R: 30, NC: 10, O: 5, U: 10}, 0.40, 0.45, 0.30, 0.80},
		// Everyone interviewed and completed.
		{Dispositions{I: 12}, 1, 1, 0, 1},
	} {
		rr1, rr2, ref1, con1 := c.d.Rates()
		for _, p := range [][3]any{{"RR1", rr1, c.rr1}, {"RR2", rr2, c.rr2}, {"REF1", ref1, c.ref1}, {"CON1", con1, c.con1}} {
			if got, want := p[1].(float64), p[2].(float64); math.Abs(got-want) > 1e-15 {
				t.Errorf("%+v: %s = %v, want %v", c.d, p[0], got, want)
			}
		}
	}
	if rr1, _, _, _ := (Dispositions{NotEligible: 3}).Rates(); !math.IsNaN(rr1) {
		t.Errorf("no eligible approach: RR1 %v, want none", rr1)
	}
}

// TestReportResponse: the approach log of two workplaces, one with an
// intercept sample, gives each its dispositions and rates, a break-off
// counted as partial, the not eligible left out, the estimated visitors,
// and a warning for the workplace under 50%.
func TestReportResponse(t *testing.T) {
	q, err := questionnaire.Parse("misto.yaml", []byte(`id: misto
version: "1"
title: Místo
choices:
  m: [{value: a, label: Áčko}, {value: b, label: Béčko}]
questions:
  - {name: misto, type: select_one m, label: Pracoviště, persist: true}
  - {name: znamka, type: integer, label: Známka}
`))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	at := func(p string) []storage.Answer {
		return []storage.Answer{{Name: "misto", Value: questionnaire.CodeValue(p)}}
	}
	interview := func(p string, complete bool, every, count int) {
		sess, err := s.StartSessionWith(q, "T01", "cs", storage.ModeInterviewer, &storage.Contact{Interviewer: "T01", Every: every, Count: count, Place: at(p)})
		if err != nil {
			t.Fatal(err)
		}
		s.SetAnswer(sess.ID, "misto", questionnaire.CodeValue(p))
		if complete {
			s.Complete(sess.ID)
		} else {
			s.Abandon(sess.ID, storage.ReasonClientLeft)
		}
	}
	log := func(p string, o storage.Outcome, every, count int) {
		if err := s.LogContact(q, &storage.Contact{Interviewer: "T01", Outcome: o, Every: every, Count: count, Place: at(p)}); err != nil {
			t.Fatal(err)
		}
	}
	for range 4 {
		interview("a", true, 0, 0)
	}
	interview("a", false, 0, 0)
	for _, o := range []storage.Outcome{storage.Refused, storage.Refused, storage.Refused, storage.NoContact, storage.LanguageBarrier, storage.NotEligible} {
		log("a", o, 0, 0)
	}
	for i := 1; i <= 3; i++ {
		interview("b", true, 3, 3*i)
	}
	log("b", storage.Refused, 3, 12)
	s.Close()

	r, err := Build(Options{Paths: []string{path}, Lang: "cs"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Response == nil || len(r.Response.Workplaces) != 2 {
		t.Fatalf("response: %+v", r.Response)
	}
	a, b := r.Response.Workplaces[0], r.Response.Workplaces[1]
	if a.Label != "Áčko" || a.Approaches != 11 || a.I != 4 || a.P != 1 || a.R != 3 || a.NC != 1 || a.O != 1 || a.NotEligible != 1 {
		t.Errorf("workplace a: %+v", a.Dispositions)
	}
	for _, c := range [][2]float64{{float64(a.RR1), 0.4}, {float64(a.RR2), 0.5}, {float64(a.REF1), 0.3}, {float64(a.CON1), 0.9}, {float64(b.RR1), 0.75}} {
		if math.Abs(c[0]-c[1]) > 1e-12 {
			t.Errorf("rate %v, want %v", c[0], c[1])
		}
	}
	if b.Every != 3 || b.Sampled != 4 || b.EstimatedVisitors != 12 || a.Every != 0 || a.Sampled != 0 {
		t.Errorf("sampling: b every %d sampled %d visitors %d; a every %d sampled %d", b.Every, b.Sampled, b.EstimatedVisitors, a.Every, a.Sampled)
	}
	if len(r.Response.Warnings) != 1 || !strings.HasPrefix(r.Response.Warnings[0], "Áčko: míra odpovědí RR1 40,0 %") {
		t.Errorf("warnings: %q", r.Response.Warnings)
	}
	if len(a.Days) != 1 || a.Days[0].Approaches != 11 {
		t.Errorf("a's days: %+v", a.Days)
	}
	var text, html, js bytes.Buffer
	r.WriteText(&text, 120, Styles{})
	r.WriteHTML(&html)
	r.WriteJSON(&js)
	for name, c := range map[string][2]string{
		"text": {text.String(), "Koho jsme se ptali"},
		"html": {html.String(), "AAPOR Standard Definitions, 10. vydání (2023)"},
		"json": {js.String(), `"rr1": 0.4`},
	} {
		if !strings.Contains(c[0], c[1]) || !strings.Contains(c[0], "Áčko: míra odpovědí RR1") && name != "json" {
			t.Errorf("%s lacks %q or the warning:\n%s", name, c[1], c[0])
		}
	}
}

// TestIDSet: the set answers for every ID it holds and for none it does
// not, whether or not the ID's bit is shared with one it holds.
func TestIDSet(t *testing.T) {
	var s idSet
	if s.has(storage.ID(uuid.Must(uuid.NewV7()))) {
		t.Fatal("an empty set holds an ID")
	}
	in := map[storage.ID]bool{}
	for range 60_000 {
		id := storage.ID(uuid.Must(uuid.NewV7()))
		in[id] = true
		s.add(id)
	}
	for id := range in {
		if !s.has(id) {
			t.Fatalf("%s was added and is not found", id)
		}
	}
	shared := 0
	for range 60_000 {
		id := storage.ID(uuid.Must(uuid.NewV7()))
		b := idBit(id)
		if s.bits[b/64]&(1<<(b%64)) != 0 {
			shared++ // passes the bit, so the map must answer
		}
		if s.has(id) {
			t.Fatalf("%s was never added and is found", id)
		}
	}
	if shared == 0 {
		t.Fatal("no ID outside the set shared a bit: the map's answer was never tested")
	}
}
