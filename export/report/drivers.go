package report

import (
	"cmp"
	"math"
	"slices"

	"anketa/questionnaire"
)

// Drivers says which aspect to fix first: for each aspect of a grid, how
// much its grade goes with the overall grade (importance: Spearman's ρ)
// against how well it does (performance: its favorable share). The
// aspects above the median importance and below the median performance
// are the priorities for improvement, after the Common Measurements Tool
// and importance–performance analysis (Martilla and James 1977).
type Drivers struct {
	Overall      string    `json:"overall"`
	OverallLabel string    `json:"overall_label"`
	Method       string    `json:"method"`
	Aspects      []*Driver `json:"aspects"`
	// Priorities are the aspects to improve first, most important first.
	Priorities []string `json:"priorities"`
	// MedianImportance and MedianPerformance split the quadrants.
	MedianImportance  float64 `json:"median_importance"`
	MedianPerformance float64 `json:"median_performance"`
}

// Driver is one aspect.
type Driver struct {
	Name        string    `json:"name"`
	Label       string    `json:"label"`
	N           int       `json:"n"` // sessions with both grades
	Importance  *Interval `json:"importance"`
	Performance *Interval `json:"performance"`
	Priority    bool      `json:"priority"`
	Reliability string    `json:"reliability,omitempty"`
}

// driverCols finds the overall grade (the first numeric scale question
// outside a grid) and the aspects (the numeric scale questions of grids).
// ok is false when the questionnaire has not both.
func driverCols(cols []*colInfo) (overall int, aspects []int, ok bool) {
	overall = -1
	for ci, info := range cols {
		if info.kind != kindScale || !info.numeric {
			continue
		}
		inGrid := info.Item.Parent != nil && info.Item.Parent.IsGrid()
		switch {
		case inGrid:
			aspects = append(aspects, ci)
		case overall < 0:
			overall = ci
		}
	}
	return overall, aspects, overall >= 0 && len(aspects) > 0
}

// pairTable counts the sessions by the overall grade's option and an
// aspect's option: a Spearman correlation needs no more than this, as
// both are grades on a few codes.
type pairTable struct {
	rows, cols int
	n          []int // rows × cols
}

func (t *pairTable) add(o *pairTable) {
	for i, n := range o.n {
		t.n[i] += n
	}
}

// driverAcc gathers the pairs of one collector.
type driverAcc struct {
	overall int
	aspects []int
	tables  []pairTable
}

func newDriverAcc(cols []*colInfo) *driverAcc {
	overall, aspects, ok := driverCols(cols)
	if !ok {
		return nil
	}
	d := &driverAcc{overall: overall, aspects: aspects}
	for _, ci := range aspects {
		r, c := len(cols[overall].Options), len(cols[ci].Options)
		d.tables = append(d.tables, pairTable{r, c, make([]int, r*c)})
	}
	return d
}

// grade is pos if that option is a real grade (not missing, a number),
// else -1.
func (info *colInfo) grade(pos int) int {
	if pos < 0 || info.missing[pos] != questionnaire.NotMissing || math.IsNaN(info.value[pos]) {
		return -1
	}
	return pos
}

func (d *driverAcc) merge(o *driverAcc) {
	for i := range d.tables {
		d.tables[i].add(&o.tables[i])
	}
}

// spearman is Spearman's ρ of the table: Pearson's correlation of the
// mid-ranks, ties sharing theirs, weighted by the cells' counts. xs and
// ys are the rows' and columns' codes. NaN when either variable is
// constant or there are fewer than two pairs.
func spearman(t *pairTable, xs, ys []float64) (rho float64, n int) {
	rowN, colN := make([]int, t.rows), make([]int, t.cols)
	for r := range t.rows {
		for c := range t.cols {
			k := t.n[r*t.cols+c]
			rowN[r] += k
			colN[c] += k
			n += k
		}
	}
	if n < 2 {
		return math.NaN(), n
	}
	rx, ry := midRanks(rowN, xs), midRanks(colN, ys)
	var mx, my float64
	for r := range t.rows {
		mx += float64(rowN[r]) * rx[r]
	}
	for c := range t.cols {
		my += float64(colN[c]) * ry[c]
	}
	mx, my = mx/float64(n), my/float64(n)
	var sxy, sxx, syy float64
	for r := range t.rows {
		for c := range t.cols {
			k := float64(t.n[r*t.cols+c])
			sxy += k * (rx[r] - mx) * (ry[c] - my)
		}
		sxx += float64(rowN[r]) * sq(rx[r]-mx)
	}
	for c := range t.cols {
		syy += float64(colN[c]) * sq(ry[c]-my)
	}
	if sxx == 0 || syy == 0 {
		return math.NaN(), n
	}
	return sxy / math.Sqrt(sxx*syy), n
}

// midRanks gives each category, ordered by its code, the mean of the
// ranks its counts take.
func midRanks(counts []int, codes []float64) []float64 {
	order := make([]int, len(counts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(codes[a], codes[b]) })
	ranks := make([]float64, len(counts))
	below := 0
	for _, i := range order {
		ranks[i] = float64(below) + float64(counts[i]+1)/2
		below += counts[i]
	}
	return ranks
}

// spearmanInterval is ρ's 95% interval by Fisher's z-transform with the
// Fieller–Hartley–Pearson standard error 1.03/√(n−3). Nil below 4 pairs.
func spearmanInterval(rho float64, n int) *Interval {
	if n < 4 || math.IsNaN(rho) {
		return nil
	}
	if math.Abs(rho) >= 1 {
		return &Interval{Est: rho, Lo: rho, Hi: rho}
	}
	z, half := math.Atanh(rho), z975*1.03/math.Sqrt(float64(n-3))
	return &Interval{Est: rho, Lo: math.Tanh(z - half), Hi: math.Tanh(z + half)}
}

// drivers assembles the analysis from the pairs and the overall figures.
func (d *driverAcc) drivers(cols []*colInfo, overall *Group, label func(*colInfo) string) *Drivers {
	if d == nil {
		return nil
	}
	ov := cols[d.overall]
	out := &Drivers{Overall: ov.Name, OverallLabel: label(ov), Priorities: []string{},
		Method: "importance: Spearman's rho of the aspect's grade with the overall grade, 95% interval by Fisher's z with se 1.03/sqrt(n-3); performance: the aspect's favorable share; priority: above the median importance, with its interval above zero, and below the median performance"}
	var imps, perfs []float64
	for k, ci := range d.aspects {
		info := cols[ci]
		rho, n := spearman(&d.tables[k], ov.value, info.value)
		dr := &Driver{Name: info.Name, Label: label(info), N: n, Importance: spearmanInterval(rho, n), Reliability: reliability(n)}
		if q := questionOf(overall, info.Name); q != nil {
			dr.Performance = q.Favorable
		}
		out.Aspects = append(out.Aspects, dr)
		if dr.Importance != nil && dr.Performance != nil && n >= TooFew {
			imps, perfs = append(imps, dr.Importance.Est), append(perfs, dr.Performance.Est)
		}
	}
	if len(imps) < 2 {
		return out // nothing to rank: too few aspects with enough answers
	}
	out.MedianImportance, out.MedianPerformance = median(imps), median(perfs)
	var pri []*Driver
	for _, dr := range out.Aspects {
		// Above the median importance is not enough where the aspect's
		// correlation is not shown to be above zero: among aspects that do
		// not matter, one is always above the median.
		if dr.Importance != nil && dr.Performance != nil && dr.N >= TooFew && dr.Importance.Lo > 0 &&
			dr.Importance.Est > out.MedianImportance && dr.Performance.Est < out.MedianPerformance {
			dr.Priority = true
			pri = append(pri, dr)
		}
	}
	slices.SortStableFunc(pri, func(a, b *Driver) int { return cmp.Compare(b.Importance.Est, a.Importance.Est) })
	for _, dr := range pri {
		out.Priorities = append(out.Priorities, dr.Name)
	}
	return out
}

func median(xs []float64) float64 { return quantile7(slices.Sorted(slices.Values(xs)), 0.5) }

// questionOf is a group's question by name.
func questionOf(g *Group, name string) *Question {
	if g == nil {
		return nil
	}
	for _, q := range g.Questions {
		if q.Name == name {
			return q
		}
	}
	return nil
}
