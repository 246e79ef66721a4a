package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anketa/export"
	"anketa/questionnaire"
)

// TestPoststratify: the post-stratified share, its stratified interval
// and Kish's design effect of the weights, against R 4.2 (with the
// weighted mean of the interviews themselves, each weighing Nₕ/nₕ, as a
// second route to the estimate):
//
//	N <- c(1000, 3000, 500); n <- c(50, 40, 30); x <- c(30, 20, 27)
//	p <- x/n; W <- N/sum(N); est <- sum(W*p)           # 0.566666666666667
//	se <- sqrt(sum(W^2*p*(1-p)/n))
//	est + c(-1, 1)*qnorm(.975)*se                       # 0.458391262184633 0.674942071148700
//	w <- rep(N/n, n); length(w)*sum(w^2)/sum(w)^2       # 1.501234567901235
//	weighted.mean(y, w)                                 # 0.566666666666667
func TestPoststratify(t *testing.T) {
	hs := []stratum{{1000, scaleCell{n: 50, fav: 30}}, {3000, scaleCell{n: 40, fav: 20}}, {500, scaleCell{n: 30, fav: 27}}}
	n, p, vp, _, _, kish, _ := poststratify(hs)
	iv := boundedInterval(p, vp, 0, 1)
	if n != 120 {
		t.Errorf("n %d", n)
	}
	near(t, "post-stratified share", iv.Est, 0.566666666666667, 1e-12)
	near(t, "low", iv.Lo, 0.458391262184633, 1e-12)
	near(t, "high", iv.Hi, 0.674942071148700, 1e-12)
	near(t, "Kish deff", kish, 1.501234567901235, 1e-12)

	// The mean, against R 4.2 (and weighted.mean over the interviews):
	//
	//	N <- c(1000, 3000, 500); y1 <- c(1,2,2,3,1); y2 <- c(2,3,3,4,2,3); y3 <- c(1,1,2)
	//	W <- N/sum(N); est <- sum(W*c(mean(y1), mean(y2), mean(y3)))        # 2.437037037037037
	//	se <- sqrt(sum(W^2*c(var(y1)/5, var(y2)/6, var(y3)/3)))
	//	est + c(-1, 1)*qnorm(.975)*se                                        # 1.997635006666362 2.876439067407713
	cell := func(ys ...float64) scaleCell {
		var c scaleCell
		for _, y := range ys {
			c.n++
			c.m.add(y)
		}
		return c
	}
	_, _, _, m, vm, _, ok := poststratify([]stratum{{1000, cell(1, 2, 2, 3, 1)}, {3000, cell(2, 3, 3, 4, 2, 3)}, {500, cell(1, 1, 2)}})
	miv := boundedInterval(m, vm, 1, 5)
	if !ok {
		t.Fatal("no weighted mean")
	}
	near(t, "post-stratified mean", miv.Est, 2.437037037037037, 1e-12)
	near(t, "low", miv.Lo, 1.997635006666362, 1e-12)
	near(t, "high", miv.Hi, 2.876439067407713, 1e-12)
}

// TestVisitsBadInput: each fault of a visits file is named with its
// line and what to do.
func TestVisitsBadInput(t *testing.T) {
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ src, want string }{
		{"", "v.csv:1: the file is empty"},
		{"pracoviste,obdobi,navstevy\n1,2026-10,5\n", "v.csv:1: the first line is \"pracoviste,obdobi,navstevy\"; it must be the header workplace,period,visits"},
		{"workplace,period,visits\n", "v.csv:1: no counts"},
		{"workplace,period,visits\n9,2026-10,5\n", `v.csv:2: workplace "9" is not a code of pracoviste; use one of 1, 2, 3`},
		{"workplace,period,visits\n1,2026-13,5\n", `v.csv:2: period "2026-13" is not a week (2026-W43), a month (2026-10) or a quarter (2026-Q4)`},
		{"workplace,period,visits\n1,2026-10,5\n2,2026-W44,5\n", `v.csv:3: period "2026-W44" is a week, but the file counts by month from its first row`},
		{"workplace,period,visits\n1,2026-10,-5\n", "v.csv:2: visits -5 is negative; give the number of clients who came"},
		{"workplace,period,visits\n1,2026-10,5.5\n", `v.csv:2: visits "5.5" is not a whole number of clients`},
		{"workplace,period,visits\n1,2026-10,5\n1,2026-10,6\n", "v.csv:3: workplace 1 in 2026-10 is counted twice (first at line 2)"},
		{"workplace,period,visits\n1,2026-10\n", "v.csv:2: 2 fields; give workplace,period,visits"},
		{"workplace,period,visits\n1,\"2026-10,5\n", "v.csv:2: not CSV"},
	} {
		_, err := ParseVisits("v.csv", []byte(c.src), q)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.src, err, c.want)
		}
	}
	v, err := ParseVisits("v.csv", []byte("\xef\xbb\xbfWorkplace, Period ,visits\r\n1,2026-Q4,1520\r\n\r\n2,2026-Q4,0\r\n"), q)
	if err != nil || v.Period != "quarter" || v.Counts[trendKey{"1", "2026-Q4"}] != 1520 || len(v.Counts) != 2 {
		t.Errorf("a spreadsheet's CSV: %+v %v", v, err)
	}
}

// FuzzParseVisits: no visits file makes the parser panic or hang, and
// every refusal names the file and a line.
func FuzzParseVisits(f *testing.F) {
	q, err := questionnaire.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("workplace,period,visits\n1,2026-10,1520\n2,2026-10,980\n"))
	f.Add([]byte("workplace,period,visits\n1,2026-W43,5\n1,2026-10,6\n9,x,-1\n"))
	f.Add([]byte("workplace,period,visits\n\"1\",\"2026-Q4\",\"1\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		v, err := ParseVisits("v.csv", src, q)
		if err == nil {
			for k, n := range v.Counts {
				if n < 0 || k.group == "" || k.period == "" {
					t.Fatalf("accepted %v = %d", k, n)
				}
			}
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "v.csv:") {
				t.Fatalf("an error that names no line: %q", line)
			}
		}
	})
}

// TestWeightedReport: the report weights to a visits file as a section
// of its own, refuses one that leaves workplaces out unless told what to
// do with them, and refuses periods outside the data by line.
func TestWeightedReport(t *testing.T) {
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := export.Generate(export.GenerateOptions{Questionnaire: q, Sessions: 3000, Stores: 3, Seed: 3, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, src string) (string, []byte) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p, []byte(src)
	}
	var all strings.Builder
	all.WriteString("workplace,period,visits\n")
	for _, m := range []string{"2026-09", "2026-10", "2026-11"} {
		all.WriteString("1," + m + ",3000\n2," + m + ",1000\n3," + m + ",500\n")
	}
	file, src := write("visits.csv", all.String())
	r, err := Build(Options{Paths: paths, Weights: src, WeightsFile: file, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	w := r.Weighted
	if w == nil || w.Period != "month" || len(w.Uncounted)+len(w.Unrepresented) != 0 {
		t.Fatalf("weighted: %+v", w)
	}
	// Workplace 1 has a third of the interviews but two thirds of the
	// clients, and it is the least satisfied (the generator's model):
	// weighting lowers the share, by Σ Nₕpₕ/N.
	ov := w.Questions[0]
	if ov.Name != "celkove" || ov.Favorable.Est >= ov.Unweighted.Est || ov.KishDeff < 1.1 {
		t.Errorf("the overall grade weighted: %+v against %+v", ov.Favorable, ov.Unweighted)
	}
	if !containsAll(strings.Join(r.Summary, " "), "Weighted to the clients who came") {
		t.Errorf("summary: %v", r.Summary)
	}
	if text := reportText(t, r, 120); !containsAll(text, "Weighted to the clients who came", "Only the figures in this section", "Kish deff") {
		t.Errorf("the terminal report:\n%s", text)
	}
	// Workplace 3 left out: refused, then dropped or weighed as sampled.
	part, psrc := write("part.csv", strings.ReplaceAll(all.String(), "3,2026-10,500\n", ""))
	if _, err := Build(Options{Paths: paths, Weights: psrc, WeightsFile: part}); err == nil || !strings.Contains(err.Error(), "does not count the clients of workplace 3 in 2026-10") || !strings.Contains(err.Error(), "--weights-partial") {
		t.Errorf("a partial file: %v", err)
	}
	for _, mode := range []string{PartialDrop, PartialAsSampled} {
		r, err := Build(Options{Paths: paths, Weights: psrc, WeightsFile: part, WeightsPartial: mode})
		if err != nil || r.Weighted.Partial != mode || strings.Join(r.Weighted.Uncounted, ",") != "3 2026-10" {
			t.Errorf("--weights-partial %s: %v %+v", mode, err, r.Weighted)
		}
	}
	late, lsrc := write("late.csv", all.String()+"1,2027-01,5\n")
	if _, err := Build(Options{Paths: paths, Weights: lsrc, WeightsFile: late}); err == nil || !strings.Contains(err.Error(), "late.csv:11: period 2027-01 is outside the data (2026-09 to 2026-11)") {
		t.Errorf("a period outside the data: %v", err)
	}
}
