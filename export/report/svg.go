package report

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// The report's charts are small inline SVG, written here: no script, no
// font or image from anywhere, so the HTML opens offline and prints.

const (
	colText   = "#1f2933"
	colMuted  = "#7b8794"
	colGrid   = "#e4e7eb"
	colAccent = "#1d4e89"
	colAlarm  = "#b42318" // what the reader should look at: a priority, a point outside limits
)

// yGrid draws horizontal grid lines every 0.1 from lo to hi across the
// plot, each labelled at the left.
func (s *svg) yGrid(lo, hi, left, right float64, y func(float64) float64, label func(float64) string) {
	for v := lo; v <= hi+1e-9; v += 0.1 {
		s.line(left, y(v), s.w-right, y(v), colGrid, 1, false)
		s.text(left-6, y(v)+3, "end", colMuted, 10, label(v))
	}
}

// scaleColors colours the options of a scale from the favorable end
// (green) through the middle (sand) to the unfavorable end (red).
func scaleColors(q *Question) []string {
	fav, unfav := map[string]bool{}, map[string]bool{}
	for _, c := range q.FavCodes {
		fav[c] = true
	}
	for _, c := range q.UnfavCodes {
		unfav[c] = true
	}
	greens := []string{"#1a7f4b", "#58b07a", "#9fd3ae"}
	reds := []string{"#f4a582", "#e0674c", "#b2182b"}
	var out []string
	nf, nu := 0, 0
	for _, o := range q.Options {
		switch {
		case fav[o.Value]:
			out = append(out, greens[min(nf, len(greens)-1)])
			nf++
		case unfav[o.Value]:
			nu++
			out = append(out, "")
		default:
			out = append(out, "#d9cfa5")
		}
	}
	// the unfavorable end darkens towards the last option
	k := 0
	for i, o := range q.Options {
		if unfav[o.Value] {
			out[i] = reds[max(0, len(reds)-nu+k)]
			k++
		}
	}
	if !q.Scale {
		for i := range out {
			out[i] = colAccent
		}
	}
	return out
}

// hatchDefs defines, once per page, the hatching of intervals too few to
// interpret.
const hatchDefs = `<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#f5f7fa"/><line x1="0" y1="0" x2="0" y2="5" stroke="#9aa5b1" stroke-width="2"/></pattern></defs></svg>`

type svg struct {
	b    strings.Builder
	w, h float64
}

func newSVG(w, h float64, title string) *svg {
	s := &svg{w: w, h: h}
	// Inline in HTML an svg element needs no namespace, so the file
	// names no address at all.
	fmt.Fprintf(&s.b, `<svg viewBox="0 0 %g %g" width="100%%" role="img" aria-label="%s">`, w, h, html.EscapeString(title))
	return s
}

func (s *svg) text(x, y float64, anchor, fill string, size float64, str string) {
	fmt.Fprintf(&s.b, `<text x="%.1f" y="%.1f" text-anchor="%s" fill="%s" font-size="%g">%s</text>`, x, y, anchor, fill, size, html.EscapeString(str))
}

func (s *svg) rect(x, y, w, h float64, fill string) {
	fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x, y, max(w, 0), h, fill)
}

func (s *svg) line(x1, y1, x2, y2 float64, stroke string, width float64, dash bool) {
	d := ""
	if dash {
		d = ` stroke-dasharray="3 2"`
	}
	fmt.Fprintf(&s.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%g"%s/>`, x1, y1, x2, y2, stroke, width, d)
}

func (s *svg) String() string { return s.b.String() + "</svg>" }

// stacked draws a question's distribution as one bar of 100%.
func stacked(q *Question, t tr) string {
	const w, h, barH = 640.0, 46.0, 22.0
	s := newSVG(w, h, q.Label)
	colors := scaleColors(q)
	x := 0.0
	for i, o := range q.Options {
		bw := w * o.Percent / 100
		s.rect(x, 0, bw, barH, colors[i])
		if bw > 34 {
			fill := "#fff"
			if colors[i] == "#d9cfa5" || colors[i] == "#9fd3ae" || colors[i] == "#f4a582" {
				fill = colText
			}
			s.text(x+bw/2, 15, "middle", fill, 11, t.pctd(o.Percent/100, 0))
		}
		x += bw
	}
	// legend
	lx := 0.0
	for i, o := range q.Options {
		label := o.Label
		if len([]rune(label)) > 22 {
			label = string([]rune(label)[:21]) + "…"
		}
		s.rect(lx, 31, 9, 9, colors[i])
		s.text(lx+12, 39.5, "start", colText, 10, label)
		lx += 16 + 5.6*float64(len([]rune(label)))
		if lx > w-40 {
			break
		}
	}
	return s.String()
}

// bars draws a distribution as horizontal bars, one per option.
func bars(q *Question, t tr) string {
	const w, rowH, labelW = 640.0, 20.0, 230.0
	h := rowH*float64(len(q.Options)) + 4
	s := newSVG(w, h, q.Label)
	maxPct := 0.0
	for _, o := range q.Options {
		maxPct = max(maxPct, o.Percent)
	}
	if maxPct == 0 {
		maxPct = 1
	}
	for i, o := range q.Options {
		y := float64(i) * rowH
		label := o.Label
		if len([]rune(label)) > 36 {
			label = string([]rune(label)[:35]) + "…"
		}
		s.text(labelW-6, y+14, "end", colText, 11, label)
		bw := (w - labelW - 110) * o.Percent / maxPct
		s.rect(labelW, y+4, bw, rowH-8, colAccent)
		s.text(labelW+bw+5, y+14, "start", colText, 11, t.pct(o.Percent/100)+" ("+fmt.Sprint(o.Count)+")")
	}
	return s.String()
}

// forestRow is one line of an interval chart.
type forestRow struct {
	label string
	n     int
	iv    *Interval
	rel   string
}

// forest draws estimates with their 95% intervals on one axis, one row per
// question or group: the chart for comparing them. Rows too few to
// interpret are hatched and grey.
func forest(rows []forestRow, lo, hi float64, share bool, title string, t tr) string {
	const w, labelW, valueW = 640.0, 210.0, 150.0
	// A label wraps onto up to three lines rather than being cut; the rows
	// are all as tall as the tallest needs, so the axis stays even.
	labels := make([][]string, len(rows))
	rowH := 24.0
	for i, r := range rows {
		labels[i] = wrapLabel(r.label, forestLabelRunes, 3)
		rowH = max(rowH, 10+13*float64(len(labels[i])))
	}
	top := 18.0
	h := top + rowH*float64(len(rows)) + 6
	s := newSVG(w, h, title)
	plotW := w - labelW - valueW
	if share {
		lo, hi = shareAxis(rows)
	}
	x := func(v float64) float64 { return labelW + plotW*(v-lo)/(hi-lo) }
	ticks := 4
	if share {
		ticks = int(math.Round((hi - lo) / 0.1))
		if ticks > 5 {
			ticks = int(math.Round((hi - lo) / 0.2))
		}
	}
	for k := 0; k <= ticks; k++ {
		v := lo + (hi-lo)*float64(k)/float64(ticks)
		s.line(x(v), top-4, x(v), h-4, colGrid, 1, false)
		label := t.num(v, 1)
		if share {
			label = t.pctd(v, 0)
		}
		s.text(x(v), 11, "middle", colMuted, 10, label)
	}
	for i, r := range rows {
		y := top + float64(i)*rowH + rowH/2
		for k, line := range labels[i] {
			s.text(labelW-8, y+4+13*(float64(k)-float64(len(labels[i])-1)/2), "end", colText, 11, line)
		}
		if r.iv == nil {
			s.text(labelW+4, y+4, "start", colMuted, 10, "–")
			continue
		}
		col := colAccent
		few := r.rel == labelTooFew
		if few {
			col = colMuted
		}
		if !math.IsNaN(r.iv.Lo) {
			if few {
				s.rect(x(r.iv.Lo), y-5, x(r.iv.Hi)-x(r.iv.Lo), 10, "url(#hatch)")
			}
			s.line(x(r.iv.Lo), y, x(r.iv.Hi), y, col, 2, few)
			s.line(x(r.iv.Lo), y-5, x(r.iv.Lo), y+5, col, 2, false)
			s.line(x(r.iv.Hi), y-5, x(r.iv.Hi), y+5, col, 2, false)
		}
		fmt.Fprintf(&s.b, `<circle cx="%.1f" cy="%.1f" r="4.5" fill="%s"/>`, x(r.iv.Est), y, col)
		value := t.interval(r.iv, share)
		if share {
			value = t.pct(r.iv.Est)
		}
		value += "  n=" + fmt.Sprint(r.n)
		s.text(w-valueW+8, y+4, "start", col, 10.5, value)
	}
	return s.String()
}

// shareAxis is the range of a share chart: whole tens of percent around
// every interval shown, at least 30 points wide, so that intervals are
// readable without a narrow axis overstating small differences.
func shareAxis(rows []forestRow) (lo, hi float64) {
	lo, hi = 1, 0
	for _, r := range rows {
		if r.iv == nil {
			continue
		}
		l, h := r.iv.Est, r.iv.Est
		if !math.IsNaN(r.iv.Lo) {
			l, h = r.iv.Lo, r.iv.Hi
		}
		lo, hi = math.Min(lo, l), math.Max(hi, h)
	}
	if lo > hi {
		return 0, 1
	}
	lo, hi = math.Floor(lo*10)/10, math.Ceil(hi*10)/10
	for hi-lo < 0.3-1e-9 {
		if lo > 0 {
			lo = math.Max(0, lo-0.1)
		}
		if hi-lo < 0.3-1e-9 && hi < 1 {
			hi = math.Min(1, hi+0.1)
		}
	}
	return lo, hi
}

// dayBars draws the interviews of each day.
func dayBars(days []DayCount, title string) string {
	const w, h, top = 640.0, 120.0, 8.0
	s := newSVG(w, h, title)
	if len(days) == 0 {
		return s.String()
	}
	maxN := 1
	for _, d := range days {
		maxN = max(maxN, d.N)
	}
	bw := w / float64(len(days))
	for i, d := range days {
		bh := (h - top - 22) * float64(d.N) / float64(maxN)
		s.rect(float64(i)*bw+bw*0.1, h-22-bh, bw*0.8, bh, colAccent)
	}
	s.line(0, h-22, w, h-22, colMuted, 1, false)
	s.text(0, h-6, "start", colMuted, 10, days[0].Day)
	s.text(w, h-6, "end", colMuted, 10, days[len(days)-1].Day)
	s.text(w/2, h-6, "middle", colMuted, 10, fmt.Sprintf("max %d", maxN))
	return s.String()
}

// forestLabelRunes is how many characters of a label fit a line of the
// forest chart's label column at its font size.
const forestLabelRunes = 32

// wrapLabel breaks s into at most lines lines of up to width characters,
// at spaces where it can; what does not fit ends the last line with "…".
func wrapLabel(s string, width, lines int) []string {
	var out []string
	rest := []rune(strings.TrimSpace(s))
	for len(rest) > 0 && len(out) < lines {
		if len(rest) <= width {
			out = append(out, string(rest))
			return out
		}
		cut := width
		for i := width; i > width/2; i-- {
			if rest[i] == ' ' {
				cut = i
				break
			}
		}
		if len(out) == lines-1 {
			out = append(out, strings.TrimSpace(string(rest[:width-1]))+"…")
			return out
		}
		out = append(out, strings.TrimSpace(string(rest[:cut])))
		rest = []rune(strings.TrimSpace(string(rest[cut:])))
	}
	return out
}

// quadrant draws each aspect's importance (up) against its performance
// (right), with the medians as dashed lines: the priorities sit top left.
func quadrant(d *Drivers, t tr) string {
	const w, h, left, bottom, top, right = 640.0, 310.0, 46.0, 30.0, 24.0, 20.0
	s := newSVG(w, h, t.s("drivers"))
	xlo, xhi, ylo, yhi := 1.0, 0.0, 0.0, 0.0
	for _, a := range d.Aspects {
		if a.Importance != nil && a.Performance != nil {
			xlo, xhi = min(xlo, a.Performance.Est), max(xhi, a.Performance.Est)
			ylo, yhi = min(ylo, a.Importance.Lo), max(yhi, a.Importance.Hi)
		}
	}
	if xlo > xhi {
		return s.String()
	}
	xlo, xhi = math.Max(0, math.Floor(xlo*10-0.5)/10), math.Min(1, math.Ceil(xhi*10+0.5)/10)
	ylo, yhi = math.Floor(ylo*10)/10, math.Max(math.Ceil(yhi*10)/10, ylo+0.2)
	x := func(v float64) float64 { return left + (w-left-right)*(v-xlo)/(xhi-xlo) }
	y := func(v float64) float64 { return top + (h-top-bottom)*(yhi-v)/(yhi-ylo) }
	for v := xlo; v <= xhi+1e-9; v += 0.1 {
		s.line(x(v), top, x(v), h-bottom, colGrid, 1, false)
		s.text(x(v), h-bottom+14, "middle", colMuted, 10, t.pctd(v, 0))
	}
	s.yGrid(ylo, yhi, left, right, y, func(v float64) string { return t.num(v, 1) })
	s.text((left+w-right)/2, h-4, "middle", colMuted, 10, t.s("performance"))
	s.text(left, 12, "start", colMuted, 10, t.s("importance")+" ρ")
	s.line(x(d.MedianPerformance), top, x(d.MedianPerformance), h-bottom, colMuted, 1, true)
	s.line(left, y(d.MedianImportance), w-right, y(d.MedianImportance), colMuted, 1, true)
	for _, a := range d.Aspects {
		if a.Importance == nil || a.Performance == nil {
			continue
		}
		col := colAccent
		if a.Priority {
			col = colAlarm
		}
		s.line(x(a.Performance.Est), y(a.Importance.Lo), x(a.Performance.Est), y(a.Importance.Hi), col, 1.5, false)
		fmt.Fprintf(&s.b, `<circle cx="%.1f" cy="%.1f" r="4.5" fill="%s"/>`, x(a.Performance.Est), y(a.Importance.Est), col)
		s.text(x(a.Performance.Est)+7, y(a.Importance.Est)-6, "start", col, 10.5, wrapLabel(a.Label, 28, 1)[0])
	}
	return s.String()
}
