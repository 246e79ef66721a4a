package report

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anketa/export"
	"anketa/questionnaire"
)

// TestDiDShare: the difference-in-differences of favorable shares and
// its Wald interval with a design effect, against R 4.2:
//
//	p <- c(120/200, 165/210, 300/500, 310/520); n <- c(200, 210, 500, 520); d <- 1.5
//	est <- (p[2]-p[1]) - (p[4]-p[3])                  # 0.189560439560440
//	se <- sqrt(sum(p*(1-p)*d/n))
//	est + c(-1, 1)*qnorm(0.975)*se                     # 0.059298634111495 0.319822245009384
//	2*pnorm(-abs(est/se))                              # 0.00434189136001559
func TestDiDShare(t *testing.T) {
	cols := []*colInfo{{kind: kindScale}}
	cell := func(x, n int) *acc {
		a := newAcc(cols)
		a.cols[0].fav, a.cols[0].answered = x, n
		return a
	}
	iv, p := didShare([2]*acc{cell(120, 200), cell(165, 210)}, [2]*acc{cell(300, 500), cell(310, 520)}, 0, colDesign{1.5, 1})
	near(t, "DiD", iv.Est, 0.189560439560440, 1e-12)
	near(t, "DiD low", iv.Lo, 0.059298634111495, 1e-12)
	near(t, "DiD high", iv.Hi, 0.319822245009384, 1e-12)
	near(t, "DiD p", p, 0.00434189136001559, 1e-12)
	// The mean's, against R 4.2 (each side's var(y)/n times the deff):
	//
	//	a0 <- c(2,3,2,1,4,2,3); a1 <- c(1,2,1,1,2,3); c0 <- c(3,3,2,4,2); c1 <- c(3,2,4,3,3,2,4); d <- 1.3
	//	est <- (mean(a1)-mean(a0)) - (mean(c1)-mean(c0))                      # -0.961904761904762
	//	se <- sqrt(d*(var(a0)/7 + var(a1)/6 + var(c0)/5 + var(c1)/7))
	//	est + c(-1, 1)*qnorm(.975)*se                                          # -2.514023885580174 0.590214361770650
	//	2*pnorm(-abs(est/se))                                                  # 0.224495382724596
	grades := func(ys ...float64) *acc {
		a := newAcc(cols)
		for _, y := range ys {
			a.cols[0].scale.add(y)
		}
		return a
	}
	miv, mp := didMean([2]*acc{grades(2, 3, 2, 1, 4, 2, 3), grades(1, 2, 1, 1, 2, 3)}, [2]*acc{grades(3, 3, 2, 4, 2), grades(3, 2, 4, 3, 3, 2, 4)}, 0, colDesign{1, 1.3})
	near(t, "mean DiD", miv.Est, -0.961904761904762, 1e-12)
	near(t, "mean DiD low", miv.Lo, -2.514023885580174, 1e-12)
	near(t, "mean DiD high", miv.Hi, 0.590214361770650, 1e-12)
	near(t, "mean DiD p", mp, 0.224495382724596, 1e-12)
	if better("fell", true) != "better" || better("fell", false) != "worse" || better("rose", false) != "better" || better("none", true) != "none" {
		t.Error("better or worse: a falling mean grade is better on the school scale")
	}
}

// TestRecoverEffect: on data generated with a measure that worked at one
// workplace, the report finds it there, with an interval that covers the
// model's true change, and finds nothing at the other workplaces or for
// a measure that did nothing.
func TestRecoverEffect(t *testing.T) {
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	e, err := export.ParseEffect("2026-10-19:2:-0.5")
	if err != nil {
		t.Fatal(err)
	}
	paths, err := export.Generate(export.GenerateOptions{Questionnaire: q, Sessions: 12000, Stores: 6, Seed: 11, Dir: t.TempDir(), Effects: []export.Effect{e}})
	if err != nil {
		t.Fatal(err)
	}
	register := filepath.Join(t.TempDir(), "measures.yaml")
	src := "measures:\n  - id: druha-prepazka\n    date: 2026-10-19\n    workplaces: [\"2\"]\n    questions: [celkove]\n" +
		"  - id: letak\n    date: 2026-10-05\n    questions: [celkove]\n    description: a leaflet that changed nothing\n"
	if err := os.WriteFile(register, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Build(Options{Paths: paths, Measures: []byte(src), MeasuresFile: register})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Effects) != 2 {
		t.Fatalf("%d effects", len(r.Effects))
	}
	truth, err := export.Expect(q, "celkove", "2", e)
	if err != nil {
		t.Fatal(err)
	}
	worked := r.Effects[0].Questions[0]
	if r.Effects[0].WindowDays != 28 || len(r.Effects[0].Unaffected) != 2 {
		t.Errorf("windows of %d days, against %v", r.Effects[0].WindowDays, r.Effects[0].Unaffected)
	}
	if worked.Kind != "better" || !worked.DiD.Contains(truth.FavDifference) || worked.MeanKind != "better" || !worked.MeanDiD.Contains(truth.MeanDifference) {
		t.Errorf("the measure that worked: %s, DiD %+v (truth %.4f), mean %s %+v (truth %.4f)", worked.Kind, worked.DiD, truth.FavDifference, worked.MeanKind, worked.MeanDiD, truth.MeanDifference)
	}
	for _, w := range worked.Workplaces {
		d := w.Change.FavDiff
		switch {
		case w.Code == "2" && (!w.Affected || !d.Contains(truth.FavDifference) || w.Change.Kind != "rose"):
			t.Errorf("at the affected workplace: %+v %s", d, w.Change.Kind)
		case w.Code != "2" && (w.Affected || !d.Contains(0) || w.Change.Kind != "none"):
			t.Errorf("at workplace %s, which nothing changed: %+v %s", w.Code, d, w.Change.Kind)
		}
	}
	placebo := r.Effects[1].Questions[0]
	if r.Effects[1].WindowDays != 14 || placebo.Others != nil || placebo.Kind != "none" || !placebo.DiD.Contains(0) {
		t.Errorf("the measure that did nothing: %d days, %s %+v", r.Effects[1].WindowDays, placebo.Kind, placebo.DiD)
	}
	if text := reportText(t, r, 120); !containsAll(text, "Účinek opatření", "druha-prepazka", "zlepšení: podíl odpovědí", "oproti ostatním pracovištím", "Po opatření druha-prepazka") {
		t.Errorf("the terminal report:\n%s", text)
	}
	if math.IsNaN(worked.PHolm) || worked.PHolm >= 0.05 {
		t.Errorf("Holm p %v", worked.PHolm)
	}
}

// TestEffectTooFew: with fewer than 30 answers on a side a measure's
// effect is "too few to compare": its figures are given, no verdict.
func TestEffectTooFew(t *testing.T) {
	path, _ := writeTestStore(t) // 52 interviews over 20 days
	r, err := Build(Options{Paths: []string{path}, Measures: []byte("measures:\n  - id: zmena\n    date: 2026-10-08\n"), MeasuresFile: "m.yaml", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	eq := r.Effects[0].Questions[0]
	if eq.Kind != "few" || eq.MeanKind != "few" || eq.Verdict != "too few to compare (fewer than 30 answers on a side)" || eq.At.FavDiff == nil {
		t.Errorf("%d before, %d after: %s / %s %q, change %+v", eq.At.NBefore, eq.At.NAfter, eq.Kind, eq.MeanKind, eq.Verdict, eq.At.FavDiff)
	}
	if s := strings.Join(r.Summary, " "); !strings.Contains(s, "After the measure zmena (2026-10-08), on “Grade”: too few to compare") {
		t.Errorf("summary: %s", s)
	}
}
