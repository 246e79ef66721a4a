package report

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Funnel sets the groups of a breakdown (the workplaces) side by side on
// one scale question: each group's favorable share against its n, with
// limits around the share of all of them that narrow as n grows
// (Spiegelhalter 2005, "Funnel plots for comparing institutional
// performance", Statistics in Medicine 24:1185–1202). A group outside
// the 95% limits differs by more than chance would often give; outside
// the 99.8% limits, by more than it would almost ever give. It replaces
// ranking the groups by eye.
type Funnel struct {
	Question string         `json:"question"`
	Label    string         `json:"label"`
	FavLabel string         `json:"favorable_label,omitempty"`
	Center   float64        `json:"center"`
	Groups   []*FunnelPoint `json:"groups"`
}

// FunnelPoint is one group on the funnel.
type FunnelPoint struct {
	Key   string  `json:"key"`
	Label string  `json:"label"`
	N     int     `json:"n"`
	Share float64 `json:"share"`
	// The limits at this group's n.
	Lo95  float64 `json:"low_95"`
	Hi95  float64 `json:"high_95"`
	Lo998 float64 `json:"low_99_8"`
	Hi998 float64 `json:"high_99_8"`
	// Outside is "", "above" or "below" the 95% limits, or "far_above" or
	// "far_below" the 99.8% ones. Groups under MinShown are not placed.
	Outside string `json:"outside"`
}

// MinShown is the fewest answers a figure is shown from (the NHS GP
// Patient Survey's rule): a group with fewer is left off the funnel.
const MinShown = 10

// z999 is the 99.9% quantile of the standard normal: the two-sided 99.8%
// limits (3.09).
var z999 = distuv.UnitNormal.Quantile(0.999)

// funnelLimits are p̄ ± z·√(p̄(1−p̄)/n), cut to [0, 1].
func funnelLimits(center float64, n int, z float64) (lo, hi float64) {
	half := z * math.Sqrt(center*(1-center)/float64(n))
	return max(0, center-half), min(1, center+half)
}

// funnels makes a funnel for each scale question of the breakdown.
func funnels(b *Breakdown, overall *Group) []*Funnel {
	if b == nil || len(b.Groups) < 2 {
		return nil
	}
	var out []*Funnel
	for qi, q := range overall.Questions {
		if !q.Scale {
			continue
		}
		f := &Funnel{Question: q.Name, Label: q.Label, FavLabel: q.FavLabel}
		var x, n float64
		for _, g := range b.Groups {
			gq := g.Questions[qi]
			if gq.Favorable == nil || gq.N < MinShown || g.Key == NoAnswer {
				continue
			}
			f.Groups = append(f.Groups, &FunnelPoint{Key: g.Key, Label: g.Label, N: gq.N, Share: gq.Favorable.Est})
			x += gq.Favorable.Est * float64(gq.N)
			n += float64(gq.N)
		}
		if n == 0 {
			continue
		}
		f.Center = x / n
		for _, p := range f.Groups {
			p.Lo95, p.Hi95 = funnelLimits(f.Center, p.N, z975)
			p.Lo998, p.Hi998 = funnelLimits(f.Center, p.N, z999)
			switch {
			case p.Share > p.Hi998:
				p.Outside = "far_above"
			case p.Share < p.Lo998:
				p.Outside = "far_below"
			case p.Share > p.Hi95:
				p.Outside = "above"
			case p.Share < p.Lo95:
				p.Outside = "below"
			}
		}
		out = append(out, f)
	}
	return out
}

// funnelWords says which groups stand out on a funnel, or that none do.
func (t tr) funnelWords(f *Funnel) string {
	var parts []string
	for _, p := range f.Groups {
		if p.Outside != "" {
			parts = append(parts, fmt.Sprintf("%s %s (%s, n=%d)", p.Label, t.s("f_"+p.Outside), t.pct(p.Share), p.N))
		}
	}
	if len(parts) == 0 {
		return t.s("f_none")
	}
	return strings.Join(parts, "; ")
}

// funnelChart draws the shares against n with the 95% and 99.8% limits
// as curves.
func funnelChart(f *Funnel, t tr) string {
	const w, h, left, bottom, top, right = 640.0, 260.0, 46.0, 30.0, 14.0, 20.0
	s := newSVG(w, h, f.Label)
	maxN := 0
	lo, hi := f.Center, f.Center
	for _, p := range f.Groups {
		maxN = max(maxN, p.N)
		lo, hi = min(lo, p.Share), max(hi, p.Share)
	}
	if maxN == 0 {
		return s.String()
	}
	l, u := funnelLimits(f.Center, MinShown, z999)
	lo, hi = math.Max(0, math.Floor(min(lo, l)*10)/10), math.Min(1, math.Ceil(max(hi, u)*10)/10)
	nMax := float64(maxN) * 1.1
	x := func(n float64) float64 { return left + (w-left-right)*n/nMax }
	y := func(v float64) float64 { return top + (h-top-bottom)*(hi-v)/(hi-lo) }
	s.yGrid(lo, hi, left, right, y, func(v float64) string { return t.pctd(v, 0) })
	step := niceStep(nMax / 4)
	for n := 0.0; n <= nMax; n += step {
		s.line(x(n), top, x(n), h-bottom, colGrid, 1, false)
		s.text(x(n), h-bottom+14, "middle", colMuted, 10, fmt.Sprint(int(n)))
	}
	s.text(w-right, h-4, "end", colMuted, 10, "n")
	s.line(x(0), y(f.Center), x(nMax), y(f.Center), colMuted, 1, false)
	for _, z := range []float64{z975, z999} {
		for _, side := range []int{0, 1} {
			var pts []string
			for k := 0; k <= 60; k++ {
				n := MinShown + (nMax-MinShown)*float64(k)/60
				a, b := funnelLimits(f.Center, int(math.Round(n)), z)
				v := a
				if side == 1 {
					v = b
				}
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(n), y(v)))
			}
			dash := ""
			if z == z975 {
				dash = ` stroke-dasharray="3 2"`
			}
			fmt.Fprintf(&s.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="1"%s/>`, strings.Join(pts, " "), colMuted, dash)
		}
	}
	// Labels beside their points, on the side with room, moved down
	// where they would cover one another.
	var placed [][2]float64
	for _, p := range f.Groups {
		col := colAccent
		if p.Outside != "" {
			col = colAlarm
		}
		px, py := x(float64(p.N)), y(p.Share)
		fmt.Fprintf(&s.b, `<circle cx="%.1f" cy="%.1f" r="4.5" fill="%s"/>`, px, py, col)
		lx, anchor := px+7, "start"
		if px > (left+w-right)/2 {
			lx, anchor = px-7, "end"
		}
		ly := py - 6
		for moved := true; moved; {
			moved = false
			for _, q := range placed {
				if math.Abs(q[0]-lx) < 160 && math.Abs(q[1]-ly) < 12 {
					ly, moved = q[1]+13, true
				}
			}
		}
		placed = append(placed, [2]float64{lx, ly})
		s.text(lx, ly, anchor, col, 10.5, wrapLabel(p.Label, 28, 1)[0])
	}
	return s.String()
}

// niceStep rounds a tick step up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	if x <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}
