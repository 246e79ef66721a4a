package report

import (
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is an estimate with its 95% confidence interval. Lo and Hi are
// NaN when the interval is undefined (one observation for a mean).
type Interval struct {
	Est float64 `json:"estimate"`
	Lo  float64 `json:"low"`
	Hi  float64 `json:"high"`
	// Bounded: the interval reached past the scale and was cut to it
	// (a mean of few answers on the school scale, 0.72–4.48 → 1–4.48).
	Bounded bool `json:"bounded,omitempty"`
}

// within cuts the interval to [lo, hi], the codes a scale can take, and
// says so; an interval within them is returned as it is.
func (iv *Interval) within(lo, hi float64) *Interval {
	if iv == nil || math.IsNaN(iv.Lo) || iv.Lo >= lo && iv.Hi <= hi {
		return iv
	}
	return &Interval{Est: iv.Est, Lo: max(iv.Lo, lo), Hi: min(iv.Hi, hi), Bounded: true}
}

// Contains reports whether the interval contains x.
func (iv Interval) Contains(x float64) bool { return iv.Lo <= x && x <= iv.Hi }

// z975 is the 97.5% quantile of the standard normal distribution.
var z975 = distuv.UnitNormal.Quantile(0.975)

// tQuantile is the 97.5% quantile of Student's t with df degrees of freedom.
func tQuantile(df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.975)
}

// moments accumulates n, the sum and the sum of squares of values; the
// values here are small codes and counts, so the sums stay exact.
type moments struct {
	n          int
	sum, sumSq float64
}

func (m *moments) add(x float64) {
	m.n++
	m.sum += x
	m.sumSq += x * x
}

func (m *moments) merge(o moments) {
	m.n += o.n
	m.sum += o.sum
	m.sumSq += o.sumSq
}

func (m moments) mean() float64 { return m.sum / float64(m.n) }

// variance is the sample variance (n-1 in the denominator).
func (m moments) variance() float64 {
	if m.n < 2 {
		return math.NaN()
	}
	v := (m.sumSq - m.sum*m.sum/float64(m.n)) / float64(m.n-1)
	return max(v, 0) // rounding may take a zero variance below zero
}

// meanInterval is the mean with its 95% t-interval, mean ± t(0.975, n-1)·s/√n.
// It is nil for no observations; with one the bounds are NaN.
func meanInterval(m moments) *Interval {
	if m.n == 0 {
		return nil
	}
	mean := m.mean()
	if m.n < 2 {
		return &Interval{Est: mean, Lo: math.NaN(), Hi: math.NaN()}
	}
	half := tQuantile(float64(m.n-1)) * math.Sqrt(m.variance()/float64(m.n))
	return &Interval{Est: mean, Lo: mean - half, Hi: mean + half}
}

// widen multiplies the interval's half-widths by f, the square root of
// a design effect; nil and undefined intervals stay as they are.
func (iv *Interval) widen(f float64) *Interval {
	if iv == nil || f == 1 || math.IsNaN(iv.Lo) {
		return iv
	}
	return &Interval{Est: iv.Est, Lo: iv.Est - f*(iv.Est-iv.Lo), Hi: iv.Est + f*(iv.Hi-iv.Est)}
}

// effective is the number of answers n is worth under design effect
// deff, rounded down.
func effective(n int, deff float64) int {
	if deff <= 1 {
		return n
	}
	return int(float64(n) / deff)
}

// wilson is the share x/n with its 95% Wilson score interval,
//
//	(p + z²/2n ± z·√(p(1-p)/n + z²/4n²)) / (1 + z²/n),
//
// which stays inside [0, 1] and is honest at p = 0, p = 1 and small n,
// where the textbook p ± z·√(p(1-p)/n) collapses to a point. Nil for n = 0.
func wilson(x, n int) *Interval { return wilsonD(x, n, 1) }

// wilsonD is the Wilson interval on the effective number of answers,
// n/deff, as a design effect deff of clustering (or weighting) leaves
// them: as wide as a simple random sample of n/deff would give.
func wilsonD(x, n int, deff float64) *Interval {
	if n == 0 {
		return nil
	}
	p, nf, z := float64(x)/float64(n), float64(n)/deff, z975
	den := 1 + z*z/nf
	center := (p + z*z/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf))
	return &Interval{Est: p, Lo: max(0, center-half), Hi: min(1, center+half)}
}

// welch is the difference of means b - a with its 95% Welch interval:
// (mean_b - mean_a) ± t(0.975, ν)·√(s²a/na + s²b/nb), ν by
// Welch–Satterthwaite. Nil when either side has fewer than two values.
func welch(a, b moments) *Interval { return welchD(a, b, 1, 1) }

// welchD is welch with each side's variance of the mean multiplied by
// its design effect.
func welchD(a, b moments, da, db float64) *Interval {
	if a.n < 2 || b.n < 2 {
		return nil
	}
	va, vb := da*a.variance()/float64(a.n), db*b.variance()/float64(b.n)
	d := b.mean() - a.mean()
	se := math.Sqrt(va + vb)
	if se == 0 {
		return &Interval{Est: d, Lo: d, Hi: d}
	}
	df := (va + vb) * (va + vb) / (va*va/float64(a.n-1) + vb*vb/float64(b.n-1))
	half := tQuantile(df) * se
	return &Interval{Est: d, Lo: d - half, Hi: d + half}
}

// newcombe is the difference of shares xb/nb - xa/na with Newcombe's
// hybrid score interval (his method 10), built from the two Wilson
// intervals: d - √((pb-lb)² + (ua-pa)²) to d + √((ub-pb)² + (pa-la)²).
// Nil when either side is empty.
func newcombe(xa, na, xb, nb int) *Interval { return newcombeD(xa, na, 1, xb, nb, 1) }

// newcombeD is newcombe from the two sides' Wilson intervals on their
// effective numbers of answers.
func newcombeD(xa, na int, da float64, xb, nb int, db float64) *Interval {
	a, b := wilsonD(xa, na, da), wilsonD(xb, nb, db)
	if a == nil || b == nil {
		return nil
	}
	d := b.Est - a.Est
	lo := d - math.Sqrt(sq(b.Est-b.Lo)+sq(a.Hi-a.Est))
	hi := d + math.Sqrt(sq(b.Hi-b.Est)+sq(a.Est-a.Lo))
	return &Interval{Est: d, Lo: lo, Hi: hi}
}

func sq(x float64) float64 { return x * x }

// twoProportionP is the two-sided p-value of the pooled two-proportion
// z-test of xa/na = xb/nb: z = (pb - pa) / √(p(1-p)(1/na + 1/nb)) with p
// the pooled share. NaN when either side is empty; 1 when both shares
// are 0 or both 1 (no evidence of a difference).
func twoProportionP(xa, na, xb, nb int) float64 {
	if na == 0 || nb == 0 {
		return math.NaN()
	}
	pa, pb := float64(xa)/float64(na), float64(xb)/float64(nb)
	p := float64(xa+xb) / float64(na+nb)
	se := math.Sqrt(p * (1 - p) * (1/float64(na) + 1/float64(nb)))
	if se == 0 {
		return 1
	}
	z := math.Abs(pb-pa) / se
	return 2 * distuv.UnitNormal.Survival(z)
}

// minExpected is the smallest expected count of the 2×2 table at which
// the z-test is trusted; below it the share is tested exactly (Fisher).
const minExpected = 5

// shareP tests xa/na = xb/nb, two-sided: the pooled z-test, or Fisher's
// exact test when an expected count of the table (favorable or not,
// before or after) is below minExpected. It says which it used.
func shareP(xa, na, xb, nb int) (p float64, exact bool) {
	if na == 0 || nb == 0 {
		return math.NaN(), false
	}
	n, fav := float64(na+nb), float64(xa+xb)
	least := min(fav, n-fav) * float64(min(na, nb)) / n
	if least < minExpected {
		return fisherP(xa, na, xb, nb), true
	}
	return twoProportionP(xa, na, xb, nb), false
}

// fisherP is the two-sided p-value of Fisher's exact test of the 2×2
// table [xa, na-xa; xb, nb-xb], as R's fisher.test computes it: the sum
// of the hypergeometric probabilities of the tables with the same margins
// that are no more likely than the one observed (with R's relative
// tolerance of 1e-7).
func fisherP(xa, na, xb, nb int) float64 {
	if na == 0 || nb == 0 {
		return math.NaN()
	}
	k := xa + xb // favorable in all; the table is fixed by how many of them are before
	lo, hi := max(0, k-nb), min(k, na)
	logP := func(x int) float64 { // P(x favorable before | margins)
		return lchoose(na, x) + lchoose(nb, k-x) - lchoose(na+nb, k)
	}
	obs := logP(xa)
	p := 0.0
	for x := lo; x <= hi; x++ {
		if lp := logP(x); lp <= obs+math.Log1p(1e-7) {
			p += math.Exp(lp)
		}
	}
	return min(1, p)
}

// lchoose is log C(n, k).
func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// welchP is the two-sided p-value of Welch's t-test of mean_a = mean_b:
// t = (mean_b - mean_a) / √(s²a/na + s²b/nb) on Welch–Satterthwaite's ν.
// NaN when either side has fewer than two values.
func welchP(a, b moments) float64 { return welchPD(a, b, 1, 1) }

// welchPD is welchP with each side's variance of the mean multiplied by
// its design effect.
func welchPD(a, b moments, da, db float64) float64 {
	if a.n < 2 || b.n < 2 {
		return math.NaN()
	}
	va, vb := da*a.variance()/float64(a.n), db*b.variance()/float64(b.n)
	d := b.mean() - a.mean()
	se := math.Sqrt(va + vb)
	if se == 0 {
		if d == 0 {
			return 1
		}
		return 0
	}
	df := (va + vb) * (va + vb) / (va*va/float64(a.n-1) + vb*vb/float64(b.n-1))
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(d)/se)
}

// holm adjusts p-values for testing them together (Holm 1979): sorted
// ascending, the k-th smallest (from 0) becomes max over j ≤ k of
// min(1, (m-j)·p_j). NaN stays NaN and does not count in m.
func holm(ps []float64) []float64 {
	idx := make([]int, 0, len(ps))
	for i, p := range ps {
		if !math.IsNaN(p) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return ps[idx[a]] < ps[idx[b]] })
	out := make([]float64, len(ps))
	for i := range out {
		out[i] = math.NaN()
	}
	m, running := len(idx), 0.0
	for k, i := range idx {
		running = max(running, min(1, float64(m-k)*ps[i]))
		out[i] = running
	}
	return out
}

// NumberStats describe a numeric question.
type NumberStats struct {
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
	Q1     float64 `json:"q1"`
	Q3     float64 `json:"q3"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// numberStats sorts xs and describes them; quartiles are by linear
// interpolation between order statistics (Hyndman and Fan's type 7, the
// default of R and of spreadsheet QUARTILE). Nil for no values.
func numberStats(xs []float64) *NumberStats {
	if len(xs) == 0 {
		return nil
	}
	slices.Sort(xs)
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return &NumberStats{N: len(xs), Mean: sum / float64(len(xs)), Median: quantile7(xs, 0.5),
		Q1: quantile7(xs, 0.25), Q3: quantile7(xs, 0.75), Min: xs[0], Max: xs[len(xs)-1]}
}

// quantile7 is the p-quantile of sorted xs: h = (n-1)p, x[⌊h⌋] +
// (h-⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]).
func quantile7(xs []float64, p float64) float64 {
	h := float64(len(xs)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}
