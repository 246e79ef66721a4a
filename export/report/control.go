package report

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// ControlChart is a p-chart of the overall question's favorable share
// per period, as NHS England's "Making Data Count" draws one: the centre
// p̄ = Σx/Σn, the limits p̄ ± 3·√(p̄(1−p̄)/nᵢ) with each period's own n,
// and both computed again from each measure's date onward. Signals name
// the special causes its rules find.
type ControlChart struct {
	Question string          `json:"question"`
	Label    string          `json:"label"`
	Period   string          `json:"period"`
	Points   []*ControlPoint `json:"points"`
	Signals  []*Signal       `json:"signals"`
}

// ControlPoint is one period.
type ControlPoint struct {
	Period string  `json:"period"`
	N      int     `json:"n"`
	Share  float64 `json:"share"`
	Center float64 `json:"center"`
	Low    float64 `json:"low"`
	High   float64 `json:"high"`
	// Partial: the data begin or end inside the period, so it holds
	// fewer days than the others.
	Partial bool `json:"partial,omitempty"`
	// Measure names the measure from which this period's limits are
	// computed again; "" but for the first period after one.
	Measure string `json:"measure,omitempty"`
}

// Signal is a special cause: the rule, and the periods it spans.
type Signal struct {
	Rule string `json:"rule"` // outside, run, trend
	From string `json:"from"`
	To   string `json:"to"`
	Up   bool   `json:"up"` // above the centre, or rising
}

// The special-cause rules' lengths (Making Data Count).
const (
	runLength   = 7 // points on one side of the centre
	trendLength = 6 // points each rising, or each falling
)

// controlChart draws the chart of the overall question over r's
// periods, split at the measures' dates.
func controlChart(r *Report, opt *Options) *ControlChart {
	ov := r.overallQuestion()
	if r.Period == nil || ov == nil {
		return nil
	}
	qi := -1
	for i, q := range r.Overall.Questions {
		if q == ov {
			qi = i
		}
	}
	c := &ControlChart{Question: ov.Name, Label: ov.Label, Period: opt.Period, Signals: []*Signal{}}
	for _, g := range r.Period.Groups {
		gq := g.Questions[qi]
		if gq.Favorable == nil || gq.N == 0 {
			continue
		}
		c.Points = append(c.Points, &ControlPoint{Period: g.Key, N: gq.N, Share: gq.Favorable.Est})
	}
	if len(c.Points) == 0 {
		return nil
	}
	loc := opt.Zone.Loc
	day := 24 * time.Hour
	partial := r.partialPeriods(opt)
	for _, p := range c.Points {
		p.Partial = partial[p.Period]
	}
	// A measure's limits start with the first whole period on or after
	// its date.
	starts := map[string]string{}
	for _, m := range r.Measures {
		d, err := time.ParseInLocation(time.DateOnly, m.Date, loc)
		if err != nil {
			continue
		}
		k := periodKey(d, opt.Period)
		if periodKey(d.Add(-day), opt.Period) == k { // inside a period: the next one
			for periodKey(d, opt.Period) == k {
				d = d.Add(day)
			}
			k = periodKey(d, opt.Period)
		}
		if _, taken := starts[k]; !taken {
			starts[k] = m.ID
		}
	}
	segment := []*ControlPoint{}
	flush := func() {
		limits(segment)
		c.Signals = append(c.Signals, signals(segment)...)
		segment = segment[:0]
	}
	for _, p := range c.Points {
		if id, ok := starts[p.Period]; ok && len(segment) > 0 {
			flush()
			p.Measure = id
		}
		segment = append(segment, p)
	}
	flush()
	return c
}

// limits sets a segment's centre and each point's 3-sigma limits.
func limits(pts []*ControlPoint) {
	var x, n float64
	for _, p := range pts {
		x += p.Share * float64(p.N)
		n += float64(p.N)
	}
	if n == 0 {
		return
	}
	center := x / n
	for _, p := range pts {
		half := 3 * math.Sqrt(center*(1-center)/float64(p.N))
		p.Center, p.Low, p.High = center, max(0, center-half), min(1, center+half)
	}
}

// signals applies the rules within one segment: a point outside the
// limits; a run of runLength or more on one side of the centre (a point
// on it ends the run); trendLength or more points each above, or each
// below, the one before.
func signals(pts []*ControlPoint) []*Signal {
	var out []*Signal
	for _, p := range pts {
		if p.Share > p.High || p.Share < p.Low {
			out = append(out, &Signal{Rule: "outside", From: p.Period, To: p.Period, Up: p.Share > p.High})
		}
	}
	side := func(p *ControlPoint) int {
		switch {
		case p.Share > p.Center:
			return 1
		case p.Share < p.Center:
			return -1
		}
		return 0
	}
	for i := 0; i < len(pts); {
		j := i
		for j < len(pts) && side(pts[j]) == side(pts[i]) && side(pts[i]) != 0 {
			j++
		}
		if j-i >= runLength {
			out = append(out, &Signal{Rule: "run", From: pts[i].Period, To: pts[j-1].Period, Up: side(pts[i]) > 0})
		}
		i = max(j, i+1)
	}
	for i := 0; i+1 < len(pts); {
		up := pts[i+1].Share > pts[i].Share
		j := i + 1
		for j < len(pts) && pts[j].Share != pts[j-1].Share && (pts[j].Share > pts[j-1].Share) == up {
			j++
		}
		if j-i >= trendLength {
			out = append(out, &Signal{Rule: "trend", From: pts[i].Period, To: pts[j-1].Period, Up: up})
		}
		i = max(j-1, i+1)
	}
	return out
}

// signalWords says a signal in words.
func (t tr) signalWords(s *Signal) string {
	dir := "down"
	if s.Up {
		dir = "up"
	}
	span := s.From
	if s.To != s.From {
		span = s.From + " – " + s.To
	}
	return t.f("sig_"+s.Rule+"_"+dir, span)
}

// controlSVG draws the chart: the shares joined, the centre and limits
// as steps, a dashed line where a measure's limits begin.
func controlSVG(c *ControlChart, t tr) string {
	const w, h, left, bottom, top, right = 640.0, 240.0, 46.0, 44.0, 12.0, 20.0
	s := newSVG(w, h, c.Label)
	lo, hi := 1.0, 0.0
	for _, p := range c.Points {
		lo, hi = min(lo, p.Low, p.Share), max(hi, p.High, p.Share)
	}
	lo, hi = math.Max(0, math.Floor(lo*10)/10), math.Min(1, math.Ceil(hi*10)/10)
	if hi <= lo {
		hi = math.Min(1, lo+0.1)
	}
	step := (w - left - right) / float64(max(1, len(c.Points)))
	x := func(i int) float64 { return left + step*(float64(i)+0.5) }
	y := func(v float64) float64 { return top + (h-top-bottom)*(hi-v)/(hi-lo) }
	s.yGrid(lo, hi, left, right, y, func(v float64) string { return t.pctd(v, 0) })
	var line []string
	for i, p := range c.Points {
		x0, x1 := x(i)-step/2, x(i)+step/2
		s.line(x0, y(p.Center), x1, y(p.Center), colMuted, 1, false)
		s.line(x0, y(p.High), x1, y(p.High), colMuted, 1, true)
		s.line(x0, y(p.Low), x1, y(p.Low), colMuted, 1, true)
		if p.Measure != "" {
			s.line(x0, top, x0, h-bottom, colAlarm, 1.5, true)
			s.text(x0+3, top+10, "start", colAlarm, 10, p.Measure)
		}
		line = append(line, fmt.Sprintf("%.1f,%.1f", x(i), y(p.Share)))
		label := p.Period
		if p.Partial {
			label += "*"
		}
		s.text(x(i), h-bottom+14+float64(i%2)*12, "middle", colMuted, 10, label)
	}
	fmt.Fprintf(&s.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="1.5"/>`, strings.Join(line, " "), colAccent)
	for i, p := range c.Points {
		col := colAccent
		if p.Share > p.High || p.Share < p.Low {
			col = colAlarm
		}
		fmt.Fprintf(&s.b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>`, x(i), y(p.Share), col)
	}
	return s.String()
}

// partialPeriods are the first and last periods when the data cover
// them only in part: the data begin (or end) inside the period, and it
// has fewer days with interviews than the periods between them have in
// the median. An office closed at weekends does not make a week that
// ends on a Friday partial; a month begun on the 21st is. With no period
// between the first and the last, the calendar alone decides.
func (r *Report) partialPeriods(opt *Options) map[string]bool {
	out := map[string]bool{}
	if r.First.IsZero() || r.Fieldwork == nil {
		return out
	}
	loc := opt.Zone.Loc
	first, last := r.First.In(loc), r.Last.In(loc)
	active := map[string]int{}
	for _, d := range r.Fieldwork.Days {
		if t, err := time.ParseInLocation(time.DateOnly, d.Day, loc); err == nil && d.N > 0 {
			active[periodKey(t, opt.Period)]++
		}
	}
	keys := slices.Sorted(maps.Keys(active))
	var interior []float64
	for _, k := range keys {
		if k != periodKey(first, opt.Period) && k != periodKey(last, opt.Period) {
			interior = append(interior, float64(active[k]))
		}
	}
	few := func(k string) bool { return len(interior) == 0 || float64(active[k]) < median(interior) }
	if k := periodKey(first, opt.Period); periodKey(first.AddDate(0, 0, -1), opt.Period) == k && few(k) {
		out[k] = true
	}
	if k := periodKey(last, opt.Period); periodKey(last.AddDate(0, 0, 1), opt.Period) == k && few(k) {
		out[k] = true
	}
	return out
}
