package report

import (
	"cmp"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strings"
)

const css = `
@page { size: A4; margin: 14mm 13mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1f2933; margin: 0 auto; max-width: 190mm; padding: 8mm 4mm; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 2mm; color: #1d4e89; }
h2 { font-size: 14pt; margin: 9mm 0 3mm; color: #1d4e89; border-bottom: 2px solid #1d4e89; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 5mm 0 1.5mm; break-after: avoid; }
p { margin: 1mm 0 2mm; }
.meta { color: #52606d; font-size: 9.5pt; }
.meta td { padding: 0 4mm 0 0; vertical-align: top; }
.howto { background: #f0f4f8; border-left: 4px solid #1d4e89; padding: 2mm 4mm; margin: 4mm 0; font-size: 9.5pt; break-inside: avoid; }
.card { break-inside: avoid; margin: 0 0 5mm; }
table.data { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 1mm 0 3mm; }
table.data th { text-align: left; border-bottom: 1.5px solid #52606d; padding: 1mm 2mm; font-weight: 600; }
table.data td { border-bottom: 1px solid #e4e7eb; padding: 1mm 2mm; vertical-align: top; }
table.data td.r, table.data th.r { text-align: right; white-space: nowrap; }
.few { color: #7b8794; }
.tag { display: inline-block; font-size: 8pt; padding: 0 1.5mm; border-radius: 2mm; margin-left: 1.5mm; white-space: nowrap; }
.tag.few { background: #e4e7eb; color: #52606d; }
.tag.ind { background: #fff3c4; color: #8d6708; }
.figs { font-size: 9.5pt; color: #323f4b; }
.up { color: #1a7f4b; font-weight: 600; }
.down { color: #b2182b; font-weight: 600; }
.flag { color: #b2182b; font-weight: 600; }
ul.texts { columns: 2; font-size: 9.5pt; margin: 1mm 0; padding-left: 5mm; }
svg { display: block; margin: 1mm 0 2mm; }
svg text { font-family: "DejaVu Sans", Arial, sans-serif; }
.problems { color: #b2182b; }
table.breakdown { table-layout: fixed; font-size: 8.5pt; }
table.breakdown th.q { width: 30%; }
table.breakdown th, table.breakdown th.r { white-space: normal; overflow-wrap: anywhere; }
.verdict { font-weight: 600; margin: 0 0 1mm; }
.brief p { margin: 0 0 1.5mm; }
.change h3 { margin-bottom: 0.5mm; }
table.rates { font-size: 8pt; }
table.breakdown.many { font-size: 7.5pt; }
table.breakdown.many td.r { white-space: normal; padding: 1mm 0.8mm; }
table.rates th, table.rates th.r { white-space: normal; padding: 1mm 1mm; }
table.rates td { padding: 1mm 1mm; }
`

type htmlWriter struct {
	w   io.Writer
	t   tr
	err error
}

func (h *htmlWriter) p(format string, args ...any) {
	if h.err == nil {
		_, h.err = fmt.Fprintf(h.w, format, args...)
	}
}

func esc(s string) string { return html.EscapeString(s) }

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and SVG, nothing fetched from anywhere, laid out for A4.
func (r *Report) WriteHTML(w io.Writer) error {
	h := &htmlWriter{w: w, t: newTr(r.Language)}
	t := h.t
	h.p("<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">", t.lang)
	h.p("<title>%s · %s</title><style>%s</style></head><body>%s\n", esc(r.Title), esc(t.s("report")), css, hatchDefs)
	h.p("<h1>%s</h1><p class=\"meta\">%s</p>\n", esc(r.Title), esc(t.s("report")))
	h.p("<table class=\"meta\">")
	row := func(k, v string) { h.p("<tr><td>%s</td><td>%s</td></tr>", esc(k), v) }
	var vs []string
	for _, v := range r.Versions {
		vs = append(vs, fmt.Sprintf("%s (%d)", esc(v.Version), v.Sessions))
	}
	row(t.s("questionnaire"), esc(r.Questionnaire)+"; "+esc(t.s("versions"))+": "+strings.Join(vs, ", "))
	if !r.First.IsZero() {
		row(t.s("period"), r.First.Format("2006-01-02")+" – "+r.Last.Format("2006-01-02"))
	}
	counted := t.s("completed")
	if strings.HasPrefix(r.Counted, "all") {
		counted = t.s("all")
	}
	row(t.s("counted"), fmt.Sprintf("<b>%d</b> %s (%d %s); %s", r.Sessions, esc(t.s("sessions")), r.Stores, esc(t.s("stores")), esc(counted)))
	if len(r.NotCounted) > 0 {
		var parts []string
		for _, k := range []string{"in_progress", "abandoned", "rejected"} {
			if n := r.NotCounted[k]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", t.s(k), n))
			}
		}
		row(t.s("notcounted"), esc(strings.Join(parts, ", ")))
	}
	row(t.s("made"), r.Made.Format("2006-01-02 15:04"))
	row(t.s("zone"), esc(r.TimeZone))
	h.p("</table>\n")
	if len(r.Summary) > 0 {
		h.p("<div class=\"brief\"><h2>%s</h2>", esc(t.s("summarytitle")))
		for _, sentence := range r.Summary {
			h.p("<p>%s</p>", esc(sentence))
		}
		h.p("</div>\n")
	}
	var warn []string
	if r.Response != nil {
		warn = r.Response.Warnings
	}
	if len(r.Problems)+len(warn) > 0 {
		h.p("<h3 class=\"problems\">%s</h3><ul class=\"problems\">", esc(t.s("problems")))
		for _, p := range append(append([]string{}, warn...), r.Problems...) {
			h.p("<li>%s</li>", esc(p))
		}
		h.p("</ul>")
	}
	h.p("<div class=\"howto\"><b>%s.</b> %s %s %s</div>\n", esc(t.s("howto")), esc(t.s("howto1")), esc(t.s("howto2")), esc(t.s("howto3")))

	h.summary(r.Overall)
	h.weighted(r.Weighted)
	h.design(r.Design)
	h.drivers(r.Drivers)
	h.p("<h2>%s</h2>\n", esc(t.s("results")))
	for _, q := range r.Overall.Questions {
		h.question(q)
	}
	for _, b := range []*Breakdown{r.By, r.Period} {
		if b != nil {
			h.breakdown(r, b)
		}
	}
	h.funnels(r)
	if tr := r.Trends; tr != nil {
		h.p("<h2>%s</h2>\n<p class=\"figs\">%s</p>\n", esc(t.f("trends", t.s(tr.Period))), esc(t.trendHow(tr)))
		for _, q := range tr.Questions {
			h.p("<div class=\"card\"><h3>%s</h3>%s</div>\n", esc(q.Label), trendSVG(tr, q, t))
			h.trendTable(tr, q)
		}
	}
	if c := r.Control; c != nil {
		h.p("<h2>%s</h2>\n<p class=\"figs\">%s</p>\n<div class=\"card\">%s</div>\n<ul>", esc(t.f("control", c.Label, t.s(c.Period))), esc(t.s("controlhow")), controlSVG(c, t))
		if len(c.Signals) == 0 {
			h.p("<li>%s</li>", esc(t.s("nosignal")))
		}
		for _, sg := range c.Signals {
			h.p("<li class=\"flag\">%s</li>", esc(t.signalWords(sg)))
		}
		h.p("</ul>\n")
	}
	if len(r.Measures) > 0 {
		h.p("<h2>%s</h2>\n<table class=\"data\">", esc(t.s("measures")))
		for _, m := range r.Measures {
			h.p("<tr><td>%s</td><td><code>%s</code></td><td>%s</td><td>%s</td><td>%s</td></tr>\n", esc(m.Date), esc(m.ID), esc(t.workplaces(m)), esc(strings.Join(m.Questions, ", ")), esc(m.Description))
		}
		h.p("</table>\n")
	}
	h.effects(r.Effects)
	if r.Comparison != nil {
		h.comparison(r.Comparison)
	}
	h.fieldwork(r.Fieldwork)
	if r.Response != nil {
		h.response(r.Response)
	}
	h.shortAppendix(r)
	h.p("</body></html>\n")
	return h.err
}

func (h *htmlWriter) tag(rel string) string {
	switch rel {
	case labelTooFew:
		return `<span class="tag few">` + esc(h.t.s("toofew")) + `</span>`
	case labelIndicative:
		return `<span class="tag ind">` + esc(h.t.s("indicative")) + `</span>`
	}
	return ""
}

func (h *htmlWriter) summary(g *Group) {
	t := h.t
	var rows []forestRow
	var scale []*Question
	for _, q := range g.Questions {
		if q.Scale {
			scale = append(scale, q)
			rows = append(rows, forestRow{q.Label, q.N, q.Favorable, q.Reliability})
		}
	}
	if len(scale) == 0 {
		return
	}
	h.p("<h2>%s</h2>\n", esc(t.s("summary")))
	h.p("<div class=\"card\"><h3>%s</h3>%s</div>\n", esc(t.s("favchart")), forest(rows, 0, 1, true, t.s("favchart"), t))
	h.p("<table class=\"data\"><tr><th>%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th></tr>\n",
		esc(t.s("question")), esc(t.s("n")), esc(t.s("favorable")), esc(t.s("unfavorable")), esc(t.s("mean")), esc(t.s("missing")))
	for _, q := range scale {
		cls := ""
		if q.Reliability == labelTooFew {
			cls = ` class="few"`
		}
		h.p("<tr%s><td>%s%s</td><td class=\"r\">%d</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s</td></tr>\n",
			cls, esc(q.Label), h.tag(q.Reliability), q.N, esc(t.interval(q.Favorable, true)), esc(t.interval(q.Unfavorable, true)),
			esc(t.interval(q.Mean, false)), esc(h.missing(q)))
	}
	h.p("</table>\n")
}

// missing writes a question's missing kinds and skips: "nevím 12, vynecháno 3".
func (h *htmlWriter) missing(q *Question) string {
	var parts []string
	for _, k := range []string{"dont_know", "refused", "not_applicable"} {
		if n := q.Missing[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", h.t.s(k), n))
		}
	}
	if q.Skipped > 0 {
		parts = append(parts, fmt.Sprintf("%s %d", h.t.s("skipped"), q.Skipped))
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, ", ")
}

func (h *htmlWriter) question(q *Question) {
	t := h.t
	h.p("<div class=\"card\"><h3>%s%s</h3>\n", esc(q.Label), h.tag(q.Reliability))
	h.p("<p class=\"figs\">n = %d; %s: %s", q.N, esc(t.s("missing")), esc(h.missing(q)))
	if q.Scale {
		h.p("<br>%s: <b>%s</b> · %s: %s · %s: %s", esc(cmp.Or(q.FavLabel, t.s("favorable"))), esc(t.interval(q.Favorable, true)),
			esc(t.s("unfavorable")), esc(t.interval(q.Unfavorable, true)), esc(t.s("mean")), esc(t.interval(q.Mean, false)))
	}
	h.p("</p>\n")
	switch {
	case q.Scale && q.N > 0:
		h.p("%s\n", stacked(q, t))
		var parts []string
		for _, o := range q.Options {
			parts = append(parts, fmt.Sprintf("%s: %d (%s)", o.Label, o.Count, t.pct(o.Percent/100)))
		}
		h.p("<p class=\"figs few\">%s</p>\n", esc(strings.Join(parts, " · ")))
	case len(q.Options) > 0 && q.N > 0:
		h.p("%s\n", bars(q, t))
	case q.Numbers != nil:
		n := q.Numbers
		h.p("<table class=\"data\"><tr><th class=\"r\">n</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th></tr>",
			esc(t.s("mean")), esc(t.s("median")), esc(t.s("quartiles")), esc(t.s("range")))
		h.p("<tr><td class=\"r\">%d</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s – %s</td><td class=\"r\">%s – %s</td></tr></table>\n",
			n.N, t.num(n.Mean, 2), t.num(n.Median, 1), t.num(n.Q1, 1), t.num(n.Q3, 1), t.num(n.Min, 0), t.num(n.Max, 0))
	case q.When != nil:
		w := q.When
		h.p("<table class=\"data\"><tr><th class=\"r\">n</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th></tr>",
			esc(t.s("earliest")), esc(t.s("median")), esc(t.s("latest")))
		h.p("<tr><td class=\"r\">%d</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s</td></tr></table>\n", w.N, esc(w.First), esc(w.Median), esc(w.Last))
	case len(q.Texts) > 0:
		h.p("<p class=\"figs\">%s</p><ul class=\"texts\">", esc(t.s("texts")))
		shown := min(len(q.Texts), 60)
		for _, tc := range q.Texts[:shown] {
			if tc.Count > 1 {
				h.p("<li>%s <span class=\"few\">(%d×)</span></li>", esc(tc.Text), tc.Count)
			} else {
				h.p("<li>%s</li>", esc(tc.Text))
			}
		}
		h.p("</ul>")
		if rest := q.TextsTotal - shown; rest > 0 {
			h.p("<p class=\"few\">%s</p>", esc(t.n("more", rest)))
		}
	}
	h.p("</div>\n")
}

func (h *htmlWriter) breakdown(r *Report, b *Breakdown) {
	t := h.t
	h.p("<h2>%s</h2>\n", esc(t.breakdownTitle(r, b)))
	var counts []string
	for _, g := range b.Groups {
		counts = append(counts, fmt.Sprintf("%s %d", h.t.groupLabel(g), g.Sessions))
	}
	h.p("<p class=\"figs\">%s: %s</p>\n", esc(t.s("interviews")), esc(strings.Join(counts, " · ")))
	// the figures of every scale question per group, in one table
	// Beyond four groups (nine weeks) a cell holds the share, its
	// interval and n on lines of their own, in smaller type, so that
	// nothing runs into the next column.
	many := len(b.Groups) > 4
	tableClass := "data breakdown"
	if many {
		tableClass += " many"
	}
	h.p("<table class=\"%s\"><tr><th class=\"q\">%s</th>", tableClass, esc(t.s("question")))
	for _, g := range b.Groups {
		h.p("<th class=\"r\">%s%s</th>", esc(h.t.groupLabel(g)), h.tag(g.Reliability))
	}
	h.p("</tr>\n")
	for qi, q := range r.Overall.Questions {
		if !q.Scale {
			continue
		}
		h.p("<tr><td>%s</td>", esc(q.Label))
		for _, g := range b.Groups {
			gq := g.Questions[qi]
			cls := ""
			if gq.Reliability == labelTooFew {
				cls = " few"
			}
			fav, ci := "–", ""
			if gq.Favorable != nil {
				fav = t.pct(gq.Favorable.Est)
				ci = t.num(100*gq.Favorable.Lo, 1) + "–" + t.num(100*gq.Favorable.Hi, 1)
			}
			if many {
				h.p("<td class=\"r%s\"><b>%s</b><br><span class=\"few\">%s</span><br><span class=\"few\">n=%d</span></td>", cls, esc(fav), esc(ci), gq.N)
				continue
			}
			h.p("<td class=\"r%s\"><b>%s</b> <span class=\"few\">%s</span><br><span class=\"few\">%s %s · n=%d</span></td>", cls, esc(fav), esc(ci),
				esc(t.s("mean")), esc(t.num(est(gq.Mean), 2)), gq.N)
		}
		h.p("</tr>\n")
	}
	h.p("</table>\n<p class=\"figs\">%s</p>\n", esc(t.s("favchart")))
	for qi, q := range r.Overall.Questions {
		if !q.Scale {
			continue
		}
		var fav []forestRow
		for _, g := range b.Groups {
			gq := g.Questions[qi]
			fav = append(fav, forestRow{h.t.groupLabel(g), gq.N, gq.Favorable, gq.Reliability})
		}
		h.p("<div class=\"card\"><h3>%s</h3>%s</div>\n", esc(q.Label), forest(fav, 0, 1, true, q.Label, t))
	}
}

func (h *htmlWriter) comparison(c *Comparison) {
	t := h.t
	h.p("<h2>%s</h2>\n", esc(t.f("compare", c.Date)))
	h.p("<p class=\"figs\">%s: %d · %s: %d. %s</p>\n", esc(t.s("before")), c.Before, esc(t.s("after")), c.After, esc(t.s("test")))
	for _, ch := range c.Changes {
		cls := ""
		switch ch.Kind {
		case "rose":
			cls = "up"
		case "fell":
			cls = "down"
		}
		p := "–"
		if !math.IsNaN(ch.PHolm) {
			p = t.num(ch.PHolm, 3)
		}
		h.p("<div class=\"card change\"><h3>%s%s</h3><p class=\"figs\">", esc(ch.Label), h.tag(ch.Reliability))
		h.p("%s: %s → %s · %s %s · %s %s<br>", esc(cmp.Or(ch.FavLabel, t.s("favorable"))), esc(t.interval(ch.FavBefore, true)), esc(t.interval(ch.FavAfter, true)),
			esc(strings.ToLower(t.s("difference"))), esc(t.diff(ch.FavDiff, true)), esc(t.s("pholm")), p)
		if ch.MeanDiff != nil {
			h.p("%s: %s → %s · %s %s<br>", esc(t.s("mean")), esc(t.interval(ch.MeanBefore, false)), esc(t.interval(ch.MeanAfter, false)),
				esc(strings.ToLower(t.s("difference"))), esc(t.diff(ch.MeanDiff, false)))
		}
		h.p("<span class=\"few\">n %s %d · n %s %d</span></p>", esc(t.s("before")), ch.NBefore, esc(t.s("after")), ch.NAfter)
		verdict := t.verdict(ch)
		if mv := t.meanVerdict(ch); mv != "" {
			verdict += "; " + mv
		}
		h.p("<p class=\"verdict %s\">%s</p></div>\n", cls, esc(verdict))
	}
}

func (h *htmlWriter) fieldwork(f *Fieldwork) {
	t := h.t
	h.p("<h2>%s</h2>\n", esc(t.s("fieldwork")))
	h.p("<p class=\"figs\">%s</p>\n", esc(t.f("shortrule", f.rule(t))))
	h.p("<table class=\"data\"><tr><th>%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th></tr>\n",
		esc(t.s("interviewer")), esc(t.s("interviews")), esc(t.s("days")), esc(t.s("perday")), esc(t.s("maxday")), esc(t.s("duration")), esc(t.s("short")), esc(t.s("dk")))
	for _, iv := range f.Interviewers {
		short := fmt.Sprint(iv.Short)
		if iv.Short > 0 {
			short = `<span class="flag">` + short + `</span>`
		}
		h.p("<tr><td>%s</td><td class=\"r\">%d</td><td class=\"r\">%d</td><td class=\"r\">%s</td><td class=\"r\">%d</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s</td></tr>\n",
			esc(iv.Code), iv.Interviews, iv.Days, t.num(iv.PerDay, 1), iv.MaxPerDay, esc(duration(iv.MedianDuration, t)), short, t.pct(iv.DontKnowShare))
	}
	h.p("</table>\n<p class=\"figs\">%s</p>\n", esc(t.n("dkrule", f.DontKnowQuestions)))
	h.p("<div class=\"card\"><h3>%s</h3>%s</div>\n", esc(t.s("perdaychart")), dayBars(f.Days, t.s("perdaychart")))
}

// funnels draws the first scale question's funnel and says, for every
// scale question, which groups stand out.
func (h *htmlWriter) funnels(r *Report) {
	if len(r.Funnels) == 0 {
		return
	}
	t := h.t
	first := r.Funnels[0]
	h.p("<h2>%s</h2>\n<p class=\"figs\">%s</p>\n", esc(t.f("funnel", r.By.Label)), esc(t.s("funnelhow")))
	h.p("<div class=\"card\"><h3>%s</h3>%s</div>\n<ul>", esc(first.Label), funnelChart(first, t))
	for _, f := range r.Funnels {
		h.p("<li><b>%s</b>: %s</li>\n", esc(f.Label), esc(t.funnelWords(f)))
	}
	h.p("</ul>\n")
}

// effects tables each measure's effect: per question the verdict, the
// shares before and after at the affected workplaces and elsewhere, and
// each workplace's own change.
func (h *htmlWriter) effects(es []*Effect) {
	if len(es) == 0 {
		return
	}
	t := h.t
	h.p("<h2>%s</h2>\n<p class=\"figs\">%s</p>\n", esc(t.s("effects")), esc(t.s("effecthow")))
	for _, e := range es {
		h.p("<div class=\"card change\"><h3>%s</h3>", esc(t.effectHead(e)))
		if e.Description != "" {
			h.p("<p class=\"figs\">%s</p>", esc(e.Description))
		}
		if e.WindowDays == 0 {
			h.p("<p class=\"few\">%s</p></div>\n", esc(t.s("e_nowindow")))
			continue
		}
		h.p("<table class=\"data\">")
		for _, eq := range e.Questions {
			cls := map[string]string{"better": "up", "worse": "down", "few": "few", "unconfirmed": "few"}[eq.Kind]
			v := t.effectVerdict(eq, e.Unaffected)
			if mv := t.effectMean(eq); mv != "" {
				v += "; " + mv
			}
			h.p("<tr><td>%s</td><td class=\"%s\">%s<br><span class=\"figs\">%s</span><br><span class=\"figs\">%s</span></td></tr>\n",
				esc(eq.Label), cls, esc(v), esc(t.effectSides(eq)), esc(t.effectPlaces(eq)))
		}
		h.p("</table></div>\n")
	}
}

// trendTable gives a trend's figures: per line and period the favorable
// share and the mean grade, each ± the larger half of its 95% interval
// (a Wilson interval is not symmetric).
func (h *htmlWriter) trendTable(tr *Trends, q *TrendQuestion) {
	t := h.t
	h.p("<table class=\"data breakdown many\"><tr><th class=\"q\"></th>")
	for _, p := range tr.Periods {
		if slices.Contains(tr.Partial, p) {
			p += "*"
		}
		h.p("<th class=\"r\">%s</th>", esc(p))
	}
	h.p("</tr>\n")
	pm := func(iv *Interval, scale float64, digits int) string {
		if iv == nil {
			return "–"
		}
		s := t.num(scale*iv.Est, digits)
		if !math.IsNaN(iv.Lo) {
			s += "<br><span class=\"few\">±" + esc(t.num(scale*max(iv.Hi-iv.Est, iv.Est-iv.Lo), digits)) + "</span>"
		}
		return s
	}
	for _, l := range append([]*TrendLine{q.Overall}, q.Groups...) {
		name := l.Label
		if l == q.Overall {
			name = t.s("allsessions")
		}
		for k, what := range []string{t.s("favorable") + " %", t.s("mean")} {
			h.p("<tr><td>%s <span class=\"few\">%s</span></td>", esc(name), esc(what))
			for _, p := range tr.Periods {
				cell := "·"
				for _, pt := range l.Points {
					if pt.Period != p {
						continue
					}
					if k == 0 {
						cell = pm(pt.Favorable, 100, 1)
					} else {
						cell = pm(pt.Mean, 1, 2)
					}
				}
				h.p("<td class=\"r\">%s</td>", cell)
			}
			h.p("</tr>\n")
		}
	}
	h.p("</table>\n")
}

// weighted tables the figures weighted to the visits.
func (h *htmlWriter) weighted(w *Weighted) {
	if w == nil {
		return
	}
	t := h.t
	h.p("<h2>%s</h2>\n<p class=\"figs\">%s</p>\n", esc(t.s("weighted")), esc(t.weightedHow(w)))
	h.p("<table class=\"data\"><tr><th></th><th class=\"r\">n</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th class=\"r\">Kish deff</th></tr>\n", esc(t.s("w_head")), esc(t.s("mean")), esc(t.s("w_unweighted")))
	for _, q := range w.Questions {
		h.p("<tr><td>%s</td><td class=\"r\">%d</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s</td></tr>\n",
			esc(q.Label), q.N, esc(t.interval(q.Favorable, true)), esc(t.interval(q.Mean, false)), esc(t.interval(q.Unweighted, true)), esc(t.num(q.KishDeff, 2)))
	}
	h.p("</table>\n")
	for _, n := range t.weightedNotes(w) {
		h.p("<p class=\"flag\">%s</p>\n", esc(n))
	}
}

// design lists the design effect of each scale question.
func (h *htmlWriter) design(d *Design) {
	if d == nil || len(d.Questions) == 0 {
		return
	}
	t := h.t
	h.p("<h2>%s</h2>\n<p class=\"figs\">%s</p>\n", esc(t.s("design")), esc(t.designHow(d)))
	h.p("<table class=\"data\"><tr><th></th><th class=\"r\">n</th><th class=\"r\">ICC</th><th class=\"r\">deff</th><th class=\"r\">%s</th></tr>\n", esc(t.s("effn")))
	for _, q := range d.Questions {
		h.p("<tr><td>%s</td><td class=\"r\">%d</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%d</td></tr>\n", esc(q.Label), q.N, esc(t.num(q.ICC, 3)), esc(t.num(q.Deff, 2)), q.EffectiveN)
	}
	h.p("</table>\n")
}

// drivers draws importance against performance and lists the aspects.
func (h *htmlWriter) drivers(d *Drivers) {
	if d == nil {
		return
	}
	t := h.t
	h.p("<h2>%s</h2>\n<p class=\"figs\">%s</p>\n", esc(t.s("drivers")), esc(t.s("drivershow")))
	h.p("<div class=\"card\">%s</div>\n", quadrant(d, t))
	h.p("<table class=\"data\"><tr><th></th><th class=\"r\">n</th><th class=\"r\">%s</th><th class=\"r\">%s</th><th></th></tr>\n", esc(t.s("importance")), esc(t.s("performance")))
	for _, a := range d.Aspects {
		mark := h.tag(a.Reliability)
		if a.Priority {
			mark = `<span class="flag">` + esc(t.s("priority")) + `</span>`
		}
		h.p("<tr><td>%s</td><td class=\"r\">%d</td><td class=\"r\">ρ %s</td><td class=\"r\">%s</td><td>%s</td></tr>\n",
			esc(a.Label), a.N, esc(t.interval(a.Importance, false)), esc(t.interval(a.Performance, true)), mark)
	}
	h.p("</table>\n")
	if len(d.Priorities) == 0 {
		h.p("<p class=\"figs\">%s</p>\n", esc(t.s("nopriority")))
	}
}

// shortAppendix lists the too-short interviews, so that a coordinator can
// look each one up (anketa review finds them by ID).
func (h *htmlWriter) shortAppendix(r *Report) {
	f := r.Fieldwork
	if len(f.Short) == 0 {
		return
	}
	t := h.t
	h.p("<h2 id=\"short\">%s (%d)</h2>\n<p class=\"figs\">%s</p>\n", esc(t.s("shortlist")), len(f.Short), esc(t.f("shortrule", f.rule(t))))
	h.p("<table class=\"data\"><tr><th>ID</th><th>%s</th><th>%s</th><th class=\"r\">%s</th></tr>\n", esc(t.s("interviewer")), esc(t.s("started")), esc(t.s("duration")))
	for _, s := range f.Short[:min(len(f.Short), shortAppendixShown)] {
		h.p("<tr><td><code>%s</code></td><td>%s</td><td>%s</td><td class=\"r\">%s</td></tr>\n", esc(s.ID), esc(s.Interviewer), esc(s.Started.Format("2006-01-02 15:04")), esc(duration(s.Seconds, t)))
	}
	h.p("</table>\n")
	if rest := len(f.Short) - shortAppendixShown; rest > 0 {
		h.p("<p class=\"few\">%s</p>\n", esc(t.n("shortmore", rest)))
	}
}

// shortShown and shortAppendixShown are the too-short interviews the
// terminal and the HTML list; the JSON holds them all.
const (
	shortShown         = 20
	shortAppendixShown = 1000
)

// rule says in words which interviews count as too short.
func (f *Fieldwork) rule(t tr) string {
	if f.Questions == 0 {
		return t.f("shortgiven", t.num(f.ShortSeconds, 0))
	}
	return t.f("shortauto", t.num(f.ShortSeconds, 0), SecondsPerQuestion, f.Questions)
}

func duration(s float64, t tr) string {
	if s == 0 {
		return "–"
	}
	m := int(s) / 60
	return fmt.Sprintf("%d:%02d %s", m, int(s)%60, t.s("min"))
}
