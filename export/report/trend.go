package report

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"anketa/questionnaire"
)

// Trends are every scale question's favorable share and mean per period,
// overall and per workplace, with their intervals (widened by the design
// effect): how the results move over the whole fieldwork, with the
// measures' dates marked.
type Trends struct {
	Period string `json:"period"` // week, month or quarter
	// By is the question whose answers make the lines: --by, or the
	// workplace question.
	By        string           `json:"by,omitempty"`
	ByLabel   string           `json:"by_label,omitempty"`
	Periods   []string         `json:"periods"`
	Partial   []string         `json:"partial_periods"`
	Measures  []TrendMeasure   `json:"measures,omitempty"`
	Questions []*TrendQuestion `json:"questions"`
}

// TrendMeasure is where a measure falls on the periods' axis: Position
// counts periods from the first one's start (2.4: 40% into the third).
type TrendMeasure struct {
	ID       string  `json:"id"`
	Date     string  `json:"date"`
	Position float64 `json:"position"`
}

// TrendQuestion is one scale question's lines.
type TrendQuestion struct {
	Name     string       `json:"name"`
	Label    string       `json:"label"`
	FavLabel string       `json:"favorable_label"`
	Overall  *TrendLine   `json:"overall"`
	Groups   []*TrendLine `json:"groups"`
}

// TrendLine is one line: all sessions, or one workplace's.
type TrendLine struct {
	Key    string        `json:"key"`
	Label  string        `json:"label"`
	Points []*TrendPoint `json:"points"`
}

// TrendPoint is one period of a line; periods without answers are left
// out, and fewer than 10 answers show no share or mean.
type TrendPoint struct {
	Period      string    `json:"period"`
	N           int       `json:"n"`
	Favorable   *Interval `json:"favorable,omitempty"`
	Mean        *Interval `json:"mean,omitempty"`
	Partial     bool      `json:"partial,omitempty"`
	Reliability string    `json:"reliability,omitempty"`
}

// trendKey names a line's period: the group ("" for all sessions) and
// the period.
type trendKey struct{ group, period string }

// count adds the session's scale answers to cells, one per scale column.
func (c *collector) count(cells []scaleCell) {
	for j, ci := range c.scaleCols {
		p := c.pos[ci]
		info := c.cols[ci]
		if p < 0 || info.missing[p] != questionnaire.NotMissing {
			continue
		}
		cells[j].n++
		if info.fav[p] {
			cells[j].fav++
		}
		cells[j].m.add(info.value[p])
	}
}

// trends assembles the lines; by is the grouping column (nil: overall
// lines only).
func trends(c *collector, r *Report, opt *Options, by *colInfo, ds []colDesign, lang, def string) *Trends {
	if opt.Period == "" || c.trendCells == nil || len(c.trendCells.by) == 0 {
		return nil
	}
	tr := &Trends{Period: opt.Period, Partial: []string{}}
	flat := c.trendCells.flat(by)
	periods := map[string]bool{}
	groups := map[string]bool{}
	for k := range flat {
		periods[k.period] = true
		if k.group != "" {
			groups[k.group] = true
		}
	}
	tr.Periods = slices.Sorted(maps.Keys(periods))
	loc := opt.Zone.Loc
	partial := r.partialPeriods(opt)
	for _, p := range tr.Periods {
		if partial[p] {
			tr.Partial = append(tr.Partial, p)
		}
	}
	for _, m := range r.Measures {
		d, err := time.ParseInLocation(time.DateOnly, m.Date, loc)
		if err != nil {
			continue
		}
		i := slices.Index(tr.Periods, periodKey(d, opt.Period))
		if i < 0 {
			continue
		}
		// how far into its period the day falls
		// (by calendar days: a day is 23 or 25 hours when the clocks change)
		days := 0
		for periodKey(d.AddDate(0, 0, -days-1), opt.Period) == tr.Periods[i] {
			days++
		}
		total := days
		for e := d; periodKey(e, opt.Period) == tr.Periods[i]; e = e.AddDate(0, 0, 1) {
			total++
		}
		tr.Measures = append(tr.Measures, TrendMeasure{ID: m.ID, Date: m.Date, Position: float64(i) + float64(days)/float64(max(1, total))})
	}
	var codes []string
	if by != nil {
		tr.By, tr.ByLabel = by.Name, by.label(lang, def)
		codes = slices.Sorted(maps.Keys(groups))
		slices.SortStableFunc(codes, func(a, b string) int { return pos(by, a) - pos(by, b) })
	}
	for j, ci := range c.scaleCols {
		info := c.cols[ci]
		tq := &TrendQuestion{Name: info.Name, Label: info.label(lang, def), FavLabel: info.favLabel(lang, def), Groups: []*TrendLine{}}
		line := func(key, name string) *TrendLine {
			l := &TrendLine{Key: key, Label: name, Points: []*TrendPoint{}}
			for _, p := range tr.Periods {
				cells := flat[trendKey{key, p}]
				if cells == nil || cells[j].n == 0 {
					continue
				}
				x := cells[j]
				pt := &TrendPoint{Period: p, N: x.n, Partial: partial[p], Reliability: reliability(effective(x.n, ds[ci].share))}
				if x.n < Suppress {
					pt.Reliability = labelSuppressed
				} else {
					pt.Favorable = wilsonD(x.fav, x.n, ds[ci].share)
					if info.numeric {
						pt.Mean = meanInterval(x.m).widen(math.Sqrt(ds[ci].mean)).within(info.lo, info.hi)
					}
				}
				l.Points = append(l.Points, pt)
			}
			return l
		}
		tq.Overall = line("", r.Overall.Label)
		for _, code := range codes {
			name := code
			if i, ok := by.index[code]; ok {
				name = by.Options[i].Label.In(lang, def)
			} else if code == NoAnswer {
				name = "(no answer)"
			}
			tq.Groups = append(tq.Groups, line(code, name))
		}
		tr.Questions = append(tr.Questions, tq)
	}
	return tr
}

// trendColors tell the groups' lines apart; the overall line is the
// accent colour, drawn thicker.
var trendColors = []string{"#e08214", "#5aae61", "#8073ac", "#d6604d", "#4393c3", "#b8860b", "#7f7f7f"}

// trendSVG draws one question's lines on the axis every trend chart
// shares: 0–100% favorable, the same periods, measures as vertical lines.
func trendSVG(tr *Trends, tq *TrendQuestion, t tr) string {
	const w, h, left, bottom, top, right = 640.0, 220.0, 46.0, 40.0, 12.0, 130.0
	s := newSVG(w, h, tq.Label)
	n := len(tr.Periods)
	step := (w - left - right) / float64(max(1, n))
	x := func(pos float64) float64 { return left + step*pos }
	y := func(v float64) float64 { return top + (h-top-bottom)*(1-v) }
	for v := 0.0; v <= 1+1e-9; v += 0.25 {
		s.line(left, y(v), w-right, y(v), colGrid, 1, false)
		s.text(left-6, y(v)+3, "end", colMuted, 10, t.pctd(v, 0))
	}
	idx := map[string]int{}
	for i, p := range tr.Periods {
		idx[p] = i
		label := p
		if slices.Contains(tr.Partial, p) {
			label += "*"
		}
		s.text(x(float64(i)+0.5), h-bottom+14+float64(i%2)*12, "middle", colMuted, 10, label)
	}
	for _, m := range tr.Measures {
		s.line(x(m.Position), top, x(m.Position), h-bottom, colAlarm, 1.5, true)
		s.text(x(m.Position)+3, top+10, "start", colAlarm, 10, m.ID)
	}
	draw := func(l *TrendLine, col string, width float64, band bool) {
		var pts []string
		for _, p := range l.Points {
			if p.Favorable == nil {
				continue
			}
			cx := x(float64(idx[p.Period]) + 0.5)
			if band {
				s.line(cx, y(p.Favorable.Lo), cx, y(p.Favorable.Hi), col, 4, false)
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", cx, y(p.Favorable.Est)))
		}
		if len(pts) > 0 {
			fmt.Fprintf(&s.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%g" opacity="0.9"/>`, strings.Join(pts, " "), col, width)
		}
		for _, p := range l.Points {
			if p.Favorable == nil {
				continue
			}
			fill := col
			if p.Partial {
				fill = "#ffffff" // a partial period: hollow
			}
			fmt.Fprintf(&s.b, `<circle cx="%.1f" cy="%.1f" r="%g" fill="%s" stroke="%s" stroke-width="1.5"/>`, x(float64(idx[p.Period])+0.5), y(p.Favorable.Est), width+1.5, fill, col)
		}
	}
	draw(tq.Overall, colAccent, 2.5, true)
	legend := []struct{ label, col string }{{t.s("allsessions"), colAccent}}
	for i, g := range tq.Groups {
		col := trendColors[i%len(trendColors)]
		draw(g, col, 1.2, false)
		legend = append(legend, struct{ label, col string }{g.Label, col})
	}
	for i, l := range legend {
		ly := top + 6 + float64(i)*14
		s.line(w-right+8, ly, w-right+22, ly, l.col, 2.5, false)
		s.text(w-right+26, ly+3, "start", colText, 9.5, trunc(l.label, 20))
	}
	return s.String()
}

// trendHow says how to read the trends.
func (t tr) trendHow(tr *Trends) string {
	by := "–"
	if tr.ByLabel != "" {
		by = tr.ByLabel
	}
	return t.f("trendhow", by)
}

// trendText is the trends as the terminal shows them: per question a
// row per line and a column per period (the latest that fit in width).
func trendText(tr *Trends, t tr, st *Styles, width int) string {
	var b strings.Builder
	const col = 10
	labelW := 26
	shown := tr.Periods
	if fit := (width - labelW - 1) / col; fit < len(shown) {
		shown = shown[len(shown)-max(1, fit):]
	}
	fmt.Fprintf(&b, "\n%s\n%s\n", st.Head(t.f("trends", t.s(tr.Period))), st.Muted(t.trendHow(tr)))
	for _, q := range tr.Questions {
		fmt.Fprintf(&b, "%s\n%s", trunc(q.Label, width), pad("", labelW))
		for _, p := range shown {
			if slices.Contains(tr.Partial, p) {
				p += "*"
			}
			fmt.Fprintf(&b, " %*s", col-1, p)
		}
		b.WriteString("\n")
		for _, l := range append([]*TrendLine{q.Overall}, q.Groups...) {
			name := l.Label
			if l == q.Overall {
				name = t.s("allsessions")
			}
			fmt.Fprintf(&b, "%s", pad("  "+name, labelW))
			for _, p := range shown {
				cell := ""
				for _, pt := range l.Points {
					if pt.Period == p {
						cell = "·"
						if pt.Favorable != nil {
							cell = t.pctd(pt.Favorable.Est, 0)
						}
					}
				}
				fmt.Fprintf(&b, " %*s", col-1, cell)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
