package report

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol || math.IsNaN(got) != math.IsNaN(want) {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

// z² with z the normal 97.5% quantile, from the tables: 1.959964.
const zz = 1.959964 * 1.959964

func TestQuantilesFromTables(t *testing.T) {
	near(t, "z(0.975)", z975, 1.959964, 1e-6)
	// Student's t, 97.5%, from any statistics table.
	for df, want := range map[float64]float64{1: 12.706205, 4: 2.776445, 10: 2.228139, 30: 2.042272, 1000: 1.962339} {
		near(t, "t(0.975)", tQuantile(df), want, 1e-5)
	}
}

func TestWilson(t *testing.T) {
	// At p = 0 the lower bound is 0 and the upper solves the quadratic
	// below with p = 0: π = z²/(n + z²). At p = 1 symmetrically the lower
	// bound is n/(n + z²) and the upper is 1.
	for _, n := range []int{1, 10, 186} {
		nf := float64(n)
		w0 := wilson(0, n)
		near(t, "wilson(0,n).Lo", w0.Lo, 0, 1e-12)
		near(t, "wilson(0,n).Hi", w0.Hi, zz/(nf+zz), 1e-6)
		w1 := wilson(n, n)
		near(t, "wilson(n,n).Lo", w1.Lo, nf/(nf+zz), 1e-6)
		near(t, "wilson(n,n).Hi", w1.Hi, 1, 1e-12)
		near(t, "wilson(n,n).Est", w1.Est, 1, 0)
	}
	// n = 1, x = 1: the lower bound is 1/(1 + z²) = 0.206549.
	near(t, "wilson(1,1).Lo", wilson(1, 1).Lo, 0.206549, 1e-6)
	// In general the Wilson bounds are the two roots π of
	// (p - π)² = z²·π(1-π)/n, that is
	// (1 + z²/n)π² - (2p + z²/n)π + p² = 0, solved here by the quadratic formula.
	for _, c := range [][2]int{{45, 100}, {174, 186}, {3, 7}, {81, 263}} {
		x, n := c[0], c[1]
		p, nf := float64(x)/float64(n), float64(n)
		a, b, cc := 1+zz/nf, -(2*p + zz/nf), p*p
		disc := math.Sqrt(b*b - 4*a*cc)
		w := wilson(x, n)
		near(t, "wilson lo", w.Lo, (-b-disc)/(2*a), 1e-6)
		near(t, "wilson hi", w.Hi, (-b+disc)/(2*a), 1e-6)
	}
	if wilson(0, 0) != nil {
		t.Error("wilson(0, 0) should be nil: no answers, no share")
	}
}

func TestMeanInterval(t *testing.T) {
	// 1 2 3 4 5: mean 3, s² = (4+1+0+1+4)/4 = 2.5, s/√n = √0.5 = 0.707107,
	// t(0.975, 4) = 2.776445 (tables), half-width 1.963243.
	var m moments
	for _, x := range []float64{1, 2, 3, 4, 5} {
		m.add(x)
	}
	iv := meanInterval(m)
	near(t, "mean", iv.Est, 3, 1e-12)
	near(t, "lo", iv.Lo, 3-1.963243, 1e-5)
	near(t, "hi", iv.Hi, 3+1.963243, 1e-5)
	// One value: a mean, but no interval.
	var one moments
	one.add(2)
	iv = meanInterval(one)
	if iv.Est != 2 || !math.IsNaN(iv.Lo) || !math.IsNaN(iv.Hi) {
		t.Errorf("n = 1: %+v, want 2 with undefined bounds", iv)
	}
	// All missing: nothing.
	if meanInterval(moments{}) != nil {
		t.Error("no values should give no mean")
	}
	// Equal values: zero width.
	var same moments
	for range 40 {
		same.add(1)
	}
	iv = meanInterval(same)
	near(t, "equal lo", iv.Lo, 1, 1e-12)
	near(t, "equal hi", iv.Hi, 1, 1e-12)
}

func TestWelch(t *testing.T) {
	// a = 1..5 (mean 3, s² 2.5), b = 2,4,..,10 (mean 6, s² 10).
	// s²a/na = 0.5, s²b/nb = 2, se = √2.5 = 1.581139;
	// ν = 2.5² / (0.5²/4 + 2²/4) = 6.25 / 1.0625 = 5.882353.
	var a, b moments
	for i := 1; i <= 5; i++ {
		a.add(float64(i))
		b.add(float64(2 * i))
	}
	iv := welch(a, b)
	half := tQuantile(5.882353) * 1.581139
	near(t, "d", iv.Est, 3, 1e-12)
	near(t, "lo", iv.Lo, 3-half, 1e-5)
	near(t, "hi", iv.Hi, 3+half, 1e-5)
	// ν between 5 and 6 puts t between the table's 2.570582 and 2.446912.
	if q := tQuantile(5.882353); q < 2.446912 || q > 2.570582 {
		t.Errorf("t(0.975, 5.88) = %f, outside the table's neighbours", q)
	}
	if welch(a, moments{}) != nil {
		t.Error("an empty side gives no difference")
	}
}

func TestNewcombe(t *testing.T) {
	// Newcombe (1998), Statistics in Medicine 17:873, table II, example
	// (a): 56/70 - 48/80 = 0.2000, method 10: 0.0524 to 0.3339.
	iv := newcombe(48, 80, 56, 70)
	near(t, "d", iv.Est, 0.2, 1e-12)
	near(t, "lo", iv.Lo, 0.0524, 5e-5)
	near(t, "hi", iv.Hi, 0.3339, 5e-5)
	if newcombe(0, 0, 1, 2) != nil {
		t.Error("an empty side gives no difference")
	}
}

func TestTwoProportionP(t *testing.T) {
	// 48/80 against 56/70: pooled p = 104/150, se = √(p(1-p)(1/80+1/70)),
	// z = 0.2/se; the two-sided p-value is erfc(z/√2), computed here with
	// the standard library rather than gonum.
	p := 104.0 / 150
	se := math.Sqrt(p * (1 - p) * (1.0/80 + 1.0/70))
	near(t, "p", twoProportionP(48, 80, 56, 70), math.Erfc(0.2/se/math.Sqrt2), 1e-9)
	near(t, "p by hand", twoProportionP(48, 80, 56, 70), 0.00805, 5e-5)
	near(t, "identical", twoProportionP(5, 10, 50, 100), 1, 1e-12)
	near(t, "all favorable", twoProportionP(10, 10, 20, 20), 1, 0)
	if !math.IsNaN(twoProportionP(0, 0, 1, 2)) {
		t.Error("an empty side has no p-value")
	}
}

func TestHolm(t *testing.T) {
	// R 4.2: p.adjust(c(0.012, 0.30, 0.004, 0.049, 0.02), "holm") =
	// 0.048 0.300 0.020 0.098 0.060.
	for i, want := range []float64{0.048, 0.300, 0.020, 0.098, 0.060} {
		near(t, "holm as R", holm([]float64{0.012, 0.30, 0.004, 0.049, 0.02})[i], want, 1e-12)
	}
	// sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04
	// raised to the running maximum 0.06.
	got := holm([]float64{0.01, 0.04, 0.03, 0.005, math.NaN()})
	for i, want := range []float64{0.03, 0.06, 0.06, 0.02} {
		near(t, "holm", got[i], want, 1e-12)
	}
	if !math.IsNaN(got[4]) {
		t.Error("NaN should stay NaN")
	}
	near(t, "capped", holm([]float64{0.6, 0.7})[0], 1, 0)
}

func TestNumberStats(t *testing.T) {
	// R: quantile(c(1,2,3,4)) = 1.75 2.5 3.25 (type 7).
	s := numberStats([]float64{4, 1, 3, 2})
	near(t, "q1", s.Q1, 1.75, 1e-12)
	near(t, "median", s.Median, 2.5, 1e-12)
	near(t, "q3", s.Q3, 3.25, 1e-12)
	near(t, "mean", s.Mean, 2.5, 1e-12)
	if s.Min != 1 || s.Max != 4 || s.N != 4 {
		t.Errorf("%+v", s)
	}
	one := numberStats([]float64{7})
	if one.Median != 7 || one.Q1 != 7 || one.Q3 != 7 {
		t.Errorf("n = 1: %+v", one)
	}
	if numberStats(nil) != nil {
		t.Error("no values, no statistics")
	}
}

func TestFisherP(t *testing.T) {
	// R 4.2: fisher.test(matrix(c(29, 1, 35, 0), 2))$p.value and the
	// others, each table as favorable/not before, then after.
	near(t, "29/30 against 35/35", fisherP(29, 30, 35, 35), 0.461538461538462, 1e-12)
	near(t, "30/32 against 25/34", fisherP(30, 32, 25, 34), 0.0452067930314812, 1e-12)
	near(t, "3/43 against 12/43", fisherP(3, 43, 12, 43), 0.0207349406101759, 1e-12)
	near(t, "the same table both ways", fisherP(12, 43, 3, 43), 0.0207349406101759, 1e-12)
	near(t, "no difference", fisherP(5, 10, 5, 10), 1, 1e-12)
	if !math.IsNaN(fisherP(0, 0, 1, 2)) {
		t.Error("an empty side has no p-value")
	}
}

func TestShareP(t *testing.T) {
	// 29/30 against 35/35: one unfavorable answer in 65, expected 0.46
	// after, so the test is exact.
	p, exact := shareP(29, 30, 35, 35)
	if !exact || p != fisherP(29, 30, 35, 35) {
		t.Errorf("expected counts below 5: p %v exact %v", p, exact)
	}
	// 48/80 against 56/70: the smallest expected count is 46·70/150 = 21.5.
	p, exact = shareP(48, 80, 56, 70)
	if exact || p != twoProportionP(48, 80, 56, 70) {
		t.Errorf("large expected counts: p %v exact %v", p, exact)
	}
}

func TestWelchP(t *testing.T) {
	// R 4.2: a <- rep(1:5, c(10, 12, 6, 3, 1)); b <- rep(1:5, c(16, 14, 3, 1, 0))
	// t.test(b, a, var.equal = FALSE): p 0.0433266307913501, interval
	// -0.9446594028693412 to -0.0148994206600704.
	var a, b moments
	for i, n := range []int{10, 12, 6, 3, 1} {
		for range n {
			a.add(float64(i + 1))
		}
	}
	for i, n := range []int{16, 14, 3, 1, 0} {
		for range n {
			b.add(float64(i + 1))
		}
	}
	near(t, "p", welchP(a, b), 0.0433266307913501, 1e-9)
	iv := welch(a, b)
	near(t, "lo", iv.Lo, -0.9446594028693412, 1e-9)
	near(t, "hi", iv.Hi, -0.0148994206600704, 1e-9)
	if !math.IsNaN(welchP(a, moments{n: 1, sum: 2, sumSq: 4})) {
		t.Error("one value has no variance, so no p-value")
	}
}

func TestIntervalWithinScale(t *testing.T) {
	// Grades 1 and 4: mean 2.5, s = 2.1213, t(0.975, 1) = 12.7062, so the
	// interval is 2.5 ± 19.06, far outside the school scale; cut to 1–5.
	var m moments
	m.add(1)
	m.add(4)
	iv := meanInterval(m).within(1, 5)
	if !iv.Bounded || iv.Lo != 1 || iv.Hi != 5 || iv.Est != 2.5 {
		t.Errorf("cut: %+v", iv)
	}
	if got := newTr("en").interval(iv, false); got != "2.50 (1.00–5.00, cut to the scale)" {
		t.Errorf("written %q", got)
	}
	inside := &Interval{Est: 2, Lo: 1.5, Hi: 2.5}
	if inside.within(1, 5) != inside {
		t.Error("an interval within the scale is changed")
	}
	var few moments
	few.add(3)
	if one := meanInterval(few).within(1, 5); one.Bounded || !math.IsNaN(one.Lo) {
		t.Errorf("one answer has no interval to cut: %+v", one)
	}
}

func TestWrapLabel(t *testing.T) {
	got := wrapLabel("Jak celkově hodnotíte dnešní vyřízení na úřadě? Známkujte jako ve škole.", 32, 2)
	want := []string{"Jak celkově hodnotíte dnešní", "vyřízení na úřadě? Známkujte ja…"}
	if !slices.Equal(got, want) {
		t.Errorf("%q", got)
	}
	for _, l := range got {
		if n := len([]rune(l)); n > 32 {
			t.Errorf("line of %d characters: %q", n, l)
		}
	}
	if got := wrapLabel("dobu čekání", 32, 2); !slices.Equal(got, []string{"dobu čekání"}) {
		t.Errorf("short: %q", got)
	}
	if got := wrapLabel(strings.Repeat("x", 50), 32, 2); len(got) != 2 || len([]rune(got[0])) != 32 {
		t.Errorf("no spaces: %q", got)
	}
}
