package report

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"anketa/export"
	"anketa/questionnaire"
)

// TestICC: the ANOVA estimator against R 4.2, which takes the mean
// squares from anova(lm(y ~ g)) and applies the same n₀ formula:
//
//	y <- c(1,2,1,1,2, 2,3,2,3, 1,1,2,1,1,1, 4,3,3,5,4,3, 2,2,1,3, 3,4,2)
//	g <- factor(rep(1:6, c(5,4,6,6,4,3)))
//	a <- anova(lm(y ~ g)); msb <- a[["Mean Sq"]][1]; msw <- a[["Mean Sq"]][2]
//	n <- table(g); N <- sum(n); k <- length(n); n0 <- (N - sum(n^2)/N)/(k-1)
//	rho <- (msb - msw)/(msb + (n0-1)*msw)           # 0.674493284295459
//	1 + (N/k - 1)*rho                                # 3.473142042416682
//	N/(1 + (N/k - 1)*rho)                            # 8.061864345898458
//
// and for the favorable share, f <- as.numeric(y <= 2): 0.594308978301356.
func TestICC(t *testing.T) {
	groups := [][]float64{{1, 2, 1, 1, 2}, {2, 3, 2, 3}, {1, 1, 2, 1, 1, 1}, {4, 3, 3, 5, 4, 3}, {2, 2, 1, 3}, {3, 4, 2}}
	var n, s, q, f []float64
	total := 0
	for _, g := range groups {
		var sum, sq, fav float64
		for _, y := range g {
			sum += y
			sq += y * y
			if y <= 2 {
				fav++
			}
		}
		n, s, q, f = append(n, float64(len(g))), append(s, sum), append(q, sq), append(f, fav)
		total += len(g)
	}
	rho := icc(n, s, q)
	near(t, "ICC", rho, 0.674493284295459, 1e-12)
	m := float64(total) / float64(len(groups))
	near(t, "deff", deff(m, rho), 3.473142042416682, 1e-12)
	near(t, "effective n", float64(total)/deff(m, rho), 8.061864345898458, 1e-12)
	near(t, "ICC of the share", icc(n, f, f), 0.594308978301356, 1e-12)
	// A negative estimate is no clustering; one cluster has no estimate.
	if d := deff(37, -0.01); d != 1 {
		t.Errorf("deff of a negative ICC: %v", d)
	}
	if r := icc([]float64{3}, []float64{4}, []float64{6}); !math.IsNaN(r) {
		t.Errorf("ICC of one cluster: %v", r)
	}
	// The interval widens by √deff: with deff 4 a Wilson interval is the
	// one of a quarter of the answers.
	a, b := wilsonD(40, 100, 4), wilson(10, 25)
	near(t, "Wilson on n/deff", a.Lo, b.Lo, 1e-12)
	near(t, "Wilson on n/deff", a.Hi, b.Hi, 1e-12)
	mi := meanInterval(moments{n: 3, sum: 6, sumSq: 14}).widen(2)
	near(t, "widened mean", mi.Hi-mi.Est, 2*(meanInterval(moments{n: 3, sum: 6, sumSq: 14}).Hi-2), 1e-12)
	if _, err := ParseCluster("team"); err == nil || !strings.Contains(err.Error(), "interviewer-day, day, interviewer or none") {
		t.Errorf("--cluster team: %v", err)
	}
}

// TestGeneratedDesign: the generator clusters interviews by
// interviewer-day as fieldwork does (an ICC of 0.02–0.05 on the overall
// grade), and the report finds it, widens the intervals by √deff and
// marks reliability by the effective n.
func TestGeneratedDesign(t *testing.T) {
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paths, err := export.Generate(export.GenerateOptions{Questionnaire: q, Sessions: 12000, Stores: 6, Seed: 7, Dir: filepath.Join(dir, "s")})
	if err != nil {
		t.Fatal(err)
	}
	clustered, err := Build(Options{Paths: paths, By: "pracoviste"})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Build(Options{Paths: paths, By: "pracoviste", Cluster: ClusterNone})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Design != nil || clustered.Design == nil || clustered.Design.Cluster != ClusterInterviewerDay {
		t.Fatalf("design: %+v / %+v", plain.Design, clustered.Design)
	}
	d := clustered.Design
	// 6 laptops × 42 working days (45 less three holidays), two
	// interviewers on the 16 long days.
	if d.Clusters != 6*(42+16) || d.MeanSize < 25 || d.MeanSize > 40 {
		t.Errorf("%d clusters of %.1f interviews", d.Clusters, d.MeanSize)
	}
	var ov *QuestionDesign
	for _, qd := range d.Questions {
		if qd.Name == "celkove" {
			ov = qd
		}
	}
	if ov == nil || ov.ICC < 0.02 || ov.ICC > 0.05 || ov.Deff < 1.3 {
		t.Fatalf("the overall grade's design: %+v", ov)
	}
	t.Logf("ICC %.4f (mean %.4f), deff %.3f, %d clusters of %.1f", ov.ICC, ov.ICCMean, ov.Deff, d.Clusters, d.MeanSize)
	want := 1 + (float64(ov.N)/float64(d.Clusters)-1)*ov.ICC // m̄: its answers per cluster
	near(t, "deff", ov.Deff, want, 1e-12)
	c, p := questionOf(clustered.Overall, "celkove"), questionOf(plain.Overall, "celkove")
	if c.EffectiveN != effective(c.N, ov.Deff) || p.EffectiveN != p.N {
		t.Errorf("effective n %d of %d (deff %.3f); without clusters %d", c.EffectiveN, c.N, ov.Deff, p.EffectiveN)
	}
	// The width grows by about √deff (exactly so for a Wald interval;
	// Wilson's is near it at this n).
	ratio := (c.Favorable.Hi - c.Favorable.Lo) / (p.Favorable.Hi - p.Favorable.Lo)
	if math.Abs(ratio-math.Sqrt(ov.Deff)) > 0.01 {
		t.Errorf("width ratio %.4f, √deff %.4f", ratio, math.Sqrt(ov.Deff))
	}
	if c.Favorable.Est != p.Favorable.Est {
		t.Errorf("the estimate moved: %v against %v", c.Favorable.Est, p.Favorable.Est)
	}
}
