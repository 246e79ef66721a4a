package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Styles colour the terminal summary: each wraps a piece of text in its
// colour. tui.ReportStyles gives the app's; a nil one leaves text plain.
type Styles struct {
	Title, Head, Muted, Fav, Unfav, Bar, Flag func(string) string
}

func (st *Styles) plainIfNil() {
	for _, f := range []*func(string) string{&st.Title, &st.Head, &st.Muted, &st.Fav, &st.Unfav, &st.Bar, &st.Flag} {
		if *f == nil {
			*f = func(s string) string { return s }
		}
	}
}

// verdict colours a verdict's words by its kind: a change for the
// better (a share that rose, a measure that worked) as favourable, for
// the worse as unfavourable, and no verdict (too few answers, not
// confirmed) muted.
func (st *Styles) verdict(kind, words string) string {
	switch kind {
	case "rose", "better":
		return st.Fav(words)
	case "fell", "worse":
		return st.Unfav(words)
	case "few", "unconfirmed":
		return st.Muted(words)
	}
	return words
}

// WriteText writes the report's summary for a terminal width wide: the
// scale questions with bars and intervals, the breakdowns, the
// comparison and the fieldwork, coloured with st.
func (r *Report) WriteText(w io.Writer, width int, st Styles) error {
	st.plainIfNil()
	width = max(60, min(width, 120))
	t := newTr(r.Language)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", st.Title(r.Title+" · "+t.s("report")))
	var vs []string
	for _, v := range r.Versions {
		vs = append(vs, fmt.Sprintf("%s (%d)", v.Version, v.Sessions))
	}
	counted := t.s("completed")
	if strings.HasPrefix(r.Counted, "all") {
		counted = t.s("all")
	}
	fmt.Fprintf(&b, "%s\n", st.Muted(fmt.Sprintf("%d %s; %s. %s: %s", r.Sessions, t.s("sessions"), counted, t.s("versions"), strings.Join(vs, ", "))))
	if n := r.NotCounted["rejected"]; n > 0 {
		fmt.Fprintf(&b, "%s\n", st.Muted(fmt.Sprintf("%s: %s %d", t.s("notcounted"), t.s("rejected"), n)))
	}
	if !r.First.IsZero() {
		fmt.Fprintf(&b, "%s\n", st.Muted(t.s("period")+": "+r.First.Format("2006-01-02")+" – "+r.Last.Format("2006-01-02")+"; "+t.s("zone")+" "+r.TimeZone))
	}
	if len(r.Summary) > 0 {
		fmt.Fprintf(&b, "\n%s\n", st.Head(t.s("summarytitle")))
		for _, sentence := range r.Summary {
			fmt.Fprintf(&b, "%s\n", wrapText(sentence, width))
		}
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "%s\n", st.Flag("! "+p))
	}
	if r.Response != nil {
		for _, w := range r.Response.Warnings {
			fmt.Fprintf(&b, "%s\n", st.Flag("! "+w))
		}
	}

	labelW := min(40, width-46)
	fmt.Fprintf(&b, "\n%s\n", st.Head(t.s("summary")))
	scale := false
	for _, q := range r.Overall.Questions {
		if !q.Scale {
			continue
		}
		scale = true
		fmt.Fprintf(&b, "%s %6d  %s  %s %s\n", pad(q.Label, labelW), q.N, shareBar(&st, q.Favorable, 20),
			t.interval(q.Favorable, true), st.Muted(t.s("mean")+" "+t.interval(q.Mean, false)+" "+t.reliability(q.Reliability)))
	}
	if !scale {
		fmt.Fprintf(&b, "%s\n", st.Muted("–"))
	}
	if w := r.Weighted; w != nil {
		fmt.Fprintf(&b, "\n%s\n%s\n", st.Head(t.s("weighted")), st.Muted(t.weightedHow(w)))
		fmt.Fprintf(&b, "%s %6s  %-22s %-22s %s\n", pad("", labelW), "n", t.s("w_head"), t.s("w_unweighted"), "Kish deff")
		for _, q := range w.Questions {
			fmt.Fprintf(&b, "%s %6d  %-22s %-22s %s\n", pad(q.Label, labelW), q.N, t.interval(q.Favorable, true), t.interval(q.Unweighted, true), t.num(q.KishDeff, 2))
		}
		for _, n := range t.weightedNotes(w) {
			fmt.Fprintf(&b, "%s\n", st.Flag("! "+n))
		}
	}
	if d := r.Design; d != nil && len(d.Questions) > 0 {
		fmt.Fprintf(&b, "\n%s\n%s\n", st.Head(t.s("design")), st.Muted(t.designHow(d)))
		fmt.Fprintf(&b, "%s %6s %7s %7s %9s\n", pad("", labelW), "n", "ICC", "deff", t.s("effn"))
		for _, q := range d.Questions {
			fmt.Fprintf(&b, "%s %6d %7s %7s %9d\n", pad(q.Label, labelW), q.N, t.num(q.ICC, 3), t.num(q.Deff, 2), q.EffectiveN)
		}
	}
	if d := r.Drivers; d != nil {
		fmt.Fprintf(&b, "\n%s\n%s\n", st.Head(t.s("drivers")), st.Muted(t.s("drivershow")))
		fmt.Fprintf(&b, "%s %6s  %-22s %s\n", pad("", labelW), "n", t.s("importance"), t.s("performance"))
		for _, a := range d.Aspects {
			mark := st.Muted(t.reliability(a.Reliability))
			if a.Priority {
				mark = st.Flag(t.s("priority"))
			}
			fmt.Fprintf(&b, "%s %6d  %-22s %-8s %s\n", pad(a.Label, labelW), a.N, "ρ "+t.interval(a.Importance, false), t.share(a.Performance), mark)
		}
		if len(d.Priorities) == 0 {
			fmt.Fprintf(&b, "%s\n", st.Muted(t.s("nopriority")))
		}
	}
	for _, q := range r.Overall.Questions {
		switch {
		case len(q.Options) > 0 && q.N > 0:
			fmt.Fprintf(&b, "\n%s %s\n", st.Head(trunc(q.Label, width-12)), st.Muted(fmt.Sprintf("n=%d", q.N)))
			for _, o := range q.Options {
				fmt.Fprintf(&b, "  %s %s %s\n", pad(o.Label, labelW-2), st.Bar(strings.Repeat("█", int(math.Round(o.Percent/100*30)))), t.pct(o.Percent/100))
			}
		case q.Numbers != nil:
			n := q.Numbers
			fmt.Fprintf(&b, "\n%s %s\n  %s %s · %s %s · %s %s–%s\n", st.Head(trunc(q.Label, width-12)), st.Muted(fmt.Sprintf("n=%d", n.N)),
				t.s("mean"), t.num(n.Mean, 2), t.s("median"), t.num(n.Median, 1), t.s("quartiles"), t.num(n.Q1, 1), t.num(n.Q3, 1))
		case q.When != nil:
			w := q.When
			fmt.Fprintf(&b, "\n%s %s\n  %s %s · %s %s · %s %s\n", st.Head(trunc(q.Label, width-12)), st.Muted(fmt.Sprintf("n=%d", w.N)),
				t.s("earliest"), w.First, t.s("median"), w.Median, t.s("latest"), w.Last)
		case len(q.Texts) > 0:
			fmt.Fprintf(&b, "\n%s %s\n", st.Head(trunc(q.Label, width-12)), st.Muted(fmt.Sprintf("n=%d", q.N)))
			for _, tc := range q.Texts[:min(len(q.Texts), 8)] {
				fmt.Fprintf(&b, "  %5d× %s\n", tc.Count, trunc(tc.Text, width-10))
			}
			if rest := q.TextsTotal - min(len(q.Texts), 8); rest > 0 {
				fmt.Fprintf(&b, "  %s\n", st.Muted(t.n("more", rest)))
			}
		}
	}
	for _, bd := range []*Breakdown{r.By, r.Period} {
		if bd == nil {
			continue
		}
		fmt.Fprintf(&b, "\n%s\n", st.Head(t.breakdownTitle(r, bd)))
		for qi, q := range r.Overall.Questions {
			if !q.Scale {
				continue
			}
			fmt.Fprintf(&b, "%s\n", trunc(q.Label, width))
			for _, g := range bd.Groups {
				gq := g.Questions[qi]
				fmt.Fprintf(&b, "  %s %6d  %s  %s %s\n", pad(t.groupLabel(g), labelW-2), gq.N, shareBar(&st, gq.Favorable, 20), t.interval(gq.Favorable, true),
					st.Muted(t.reliability(gq.Reliability)))
			}
		}
	}
	if c := r.Control; c != nil {
		fmt.Fprintf(&b, "\n%s\n%s\n", st.Head(t.f("control", trunc(c.Label, 50), t.s(c.Period))), st.Muted(t.s("controlhow")))
		for _, p := range c.Points {
			mark := ""
			if p.Partial {
				mark = "*"
			}
			flag := ""
			if p.Share > p.High || p.Share < p.Low {
				flag = st.Flag("!")
			}
			if p.Measure != "" {
				flag += " " + st.Muted(t.f("from_measure", p.Measure))
			}
			fmt.Fprintf(&b, "  %-10s %6d  %8s  %s %s–%s %s\n", p.Period+mark, p.N, t.pct(p.Share), t.s("limits"), t.num(100*p.Low, 1), t.num(100*p.High, 1), flag)
		}
		if len(c.Signals) == 0 {
			fmt.Fprintf(&b, "  %s\n", st.Muted(t.s("nosignal")))
		}
		for _, sg := range c.Signals {
			fmt.Fprintf(&b, "  %s\n", st.Flag(t.signalWords(sg)))
		}
	}
	if len(r.Measures) > 0 {
		fmt.Fprintf(&b, "\n%s\n", st.Head(t.s("measures")))
		for _, m := range r.Measures {
			fmt.Fprintf(&b, "  %s  %s  %s · %s\n", m.Date, m.ID, t.workplaces(m), strings.Join(m.Questions, ", "))
			if m.Description != "" {
				fmt.Fprintf(&b, "    %s\n", st.Muted(m.Description))
			}
		}
	}
	if r.Trends != nil {
		b.WriteString(trendText(r.Trends, t, &st, width))
	}
	if len(r.Effects) > 0 {
		fmt.Fprintf(&b, "\n%s\n%s\n", st.Head(t.s("effects")), st.Muted(t.s("effecthow")))
		for _, e := range r.Effects {
			fmt.Fprintf(&b, "  %s\n", t.effectHead(e))
			if e.Description != "" {
				fmt.Fprintf(&b, "    %s\n", st.Muted(e.Description))
			}
			if e.WindowDays == 0 {
				fmt.Fprintf(&b, "    %s\n", st.Muted(t.s("e_nowindow")))
				continue
			}
			for i, eq := range e.Questions {
				v := st.verdict(eq.Kind, t.effectVerdict(eq, e.Unaffected))
				if mv := t.effectMean(eq); mv != "" {
					v += "; " + mv
				}
				fmt.Fprintf(&b, "    %s: %s\n      %s\n", trunc(eq.Label, labelW), v, st.Muted(t.effectSides(eq)))
				if i == 0 && len(eq.Workplaces) > 1 {
					fmt.Fprintf(&b, "      %s\n", st.Muted(t.effectPlaces(eq)))
				}
			}
		}
	}
	if len(r.Funnels) > 0 {
		fmt.Fprintf(&b, "\n%s\n%s\n", st.Head(t.f("funnel", r.By.Label)), st.Muted(t.s("funnelhow")))
		for _, f := range r.Funnels {
			fmt.Fprintf(&b, "  %s %s\n", pad(f.Label, labelW-2), t.funnelWords(f))
		}
	}
	if c := r.Comparison; c != nil {
		fmt.Fprintf(&b, "\n%s\n%s\n", st.Head(t.f("compare", c.Date)), st.Muted(fmt.Sprintf("%s %d · %s %d", t.s("before"), c.Before, t.s("after"), c.After)))
		for _, ch := range c.Changes {
			v := st.verdict(ch.Kind, t.verdict(ch))
			p := ""
			if !math.IsNaN(ch.PHolm) {
				p = " p(Holm)=" + t.num(ch.PHolm, 3)
			}
			if mv := t.meanVerdict(ch); mv != "" {
				v += "; " + mv
			}
			if r := t.reliability(ch.Reliability); r != "" && ch.Kind != "few" {
				v += " " + st.Muted(r)
			}
			fmt.Fprintf(&b, "  %s %s → %s  %s%s  %s\n", pad(ch.Label, labelW-2), t.share(ch.FavBefore), t.share(ch.FavAfter), t.diff(ch.FavDiff, true), p, v)
		}
	}
	f := r.Fieldwork
	fmt.Fprintf(&b, "\n%s\n%s\n", st.Head(t.s("fieldwork")), st.Muted(t.f("shortrule", f.rule(t))))
	fmt.Fprintf(&b, "  %-12s %10s %6s %8s %12s %10s %8s\n", t.s("interviewer"), t.s("interviews"), t.s("days"), t.s("perday"), t.s("duration"), t.s("short"), t.s("dk"))
	for _, iv := range f.Interviewers {
		short := fmt.Sprintf("%10d", iv.Short)
		if iv.Short > 0 {
			short = st.Flag(short)
		}
		fmt.Fprintf(&b, "  %-12s %10d %6d %8s %12s %s %8s\n", trunc(iv.Code, 12), iv.Interviews, iv.Days, t.num(iv.PerDay, 1), duration(iv.MedianDuration, t), short, t.pct(iv.DontKnowShare))
	}
	fmt.Fprintf(&b, "%s\n", st.Muted(t.n("dkrule", f.DontKnowQuestions)))
	if len(f.Short) > 0 {
		fmt.Fprintf(&b, "\n%s %s\n", st.Head(t.s("shortlist")), st.Muted(fmt.Sprintf("n=%d", len(f.Short))))
		for _, s := range f.Short[:min(len(f.Short), shortShown)] {
			fmt.Fprintf(&b, "  %s  %-12s %s  %s\n", s.ID, trunc(s.Interviewer, 12), s.Started.Format("2006-01-02 15:04"), duration(s.Seconds, t))
		}
		if rest := len(f.Short) - shortShown; rest > 0 {
			fmt.Fprintf(&b, "  %s\n", st.Muted(t.n("shortmore", rest)))
		}
	}
	if r.Response != nil {
		t.responseText(&b, r.Response, &st)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func est(iv *Interval) float64 {
	if iv == nil {
		return math.NaN()
	}
	return iv.Est
}

// shareBar draws a share as a bar of width cells, the interval's reach in
// a lighter shade.
func shareBar(st *Styles, iv *Interval, width int) string {
	if iv == nil {
		return strings.Repeat(" ", width)
	}
	full := int(math.Round(iv.Est * float64(width)))
	hi := int(math.Round(iv.Hi * float64(width)))
	return st.Fav(strings.Repeat("█", full)) + st.Muted(strings.Repeat("▒", max(0, hi-full))+strings.Repeat("░", max(0, width-max(hi, full))))
}

func trunc(s string, w int) string { return ansi.Truncate(s, w, "…") }

func pad(s string, w int) string {
	s = trunc(s, w)
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// WriteJSON writes the report's figures as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// wrapText breaks a sentence into lines of at most width characters at
// spaces, each after the first indented by two.
func wrapText(s string, width int) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		n := len([]rune(word))
		switch {
		case i == 0:
		case line+1+n > width:
			b.WriteString("\n  ")
			line = 2
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += n
	}
	return b.String()
}
