package report

import (
	"strings"
)

// summarize writes the sentences the report opens with: what share is
// satisfied, which aspect is the priority, which workplace stands out,
// what changed, where few were asked, and what the data cannot tell.
// Each sentence is made from a figure computed above it, with that
// figure's own verdict, so that it cannot say what the figures do not.
func summarize(r *Report, t tr) []string {
	var out []string
	overall := r.overallQuestion()
	if overall != nil && overall.Favorable != nil {
		out = append(out, t.f("s_overall", r.Sessions, r.First.Format("2006-01-02"), r.Last.Format("2006-01-02"),
			t.pct(overall.Favorable.Est), t.num(100*overall.Favorable.Lo, 1), t.num(100*overall.Favorable.Hi, 1),
			t.quote(overall.Label), t.quote(overall.FavLabel)))
		if overall.Reliability != "" {
			out[len(out)-1] += " " + t.f("s_reliability", t.reliability(overall.Reliability))
		}
		// Weighted, in the same sentence: one figure, two ways of counting.
		if w := r.Weighted; w != nil {
			for _, q := range w.Questions {
				if q.Name == overall.Name && q.Favorable != nil {
					out[len(out)-1] += " " + t.f("s_weighted", w.File, t.pct(q.Favorable.Est), t.num(100*q.Favorable.Lo, 1), t.num(100*q.Favorable.Hi, 1))
				}
			}
		}
	}
	if d := r.Drivers; d != nil {
		switch {
		case len(d.Priorities) > 0:
			var names []string
			for _, name := range d.Priorities {
				for _, a := range d.Aspects {
					if a.Name == name {
						names = append(names, t.f("s_aspect", t.quote(a.Label), t.num(a.Importance.Est, 2), t.pct(a.Performance.Est)))
					}
				}
			}
			out = append(out, t.f("s_priority", strings.Join(names, "; ")))
		default:
			out = append(out, t.s("s_nopriority"))
		}
	}
	if len(r.Funnels) > 0 && r.By != nil {
		f := r.Funnels[0]
		var out2 []string
		for _, p := range f.Groups {
			if p.Outside != "" {
				out2 = append(out2, t.f("s_group", p.Label, t.s("f_"+p.Outside), t.pct(p.Share), p.N))
			}
		}
		if len(out2) > 0 {
			out = append(out, t.f("s_standout", t.quote(f.Label), strings.Join(out2, "; ")))
		} else {
			out = append(out, t.f("s_nostandout", r.By.Label, t.quote(f.Label)))
		}
	}
	if c := r.Comparison; c != nil {
		var moved []string
		few := 0
		for _, ch := range c.Changes {
			switch ch.Kind {
			case "rose", "fell":
				moved = append(moved, t.quote(ch.Label)+": "+t.verdict(ch))
			case "few":
				few++
			}
		}
		if len(moved) > maxMoved { // the section lists them all
			moved = append(moved[:maxMoved], t.n("s_more", len(moved)-maxMoved))
		}
		switch {
		case len(moved) > 0:
			out = append(out, t.f("s_changed", c.Date, strings.Join(moved, "; ")))
		case few == len(c.Changes):
			out = append(out, t.f("s_changefew", c.Date))
		default:
			out = append(out, t.f("s_nochange", c.Date))
		}
	}
	for i, e := range r.Effects {
		if i == 2 { // the first two; the section lists them all
			break
		}
		if eq := e.headline(r.Drivers.overallName(overall)); eq != nil && e.WindowDays > 0 {
			out = append(out, t.f("s_effect", e.Measure, e.Date, t.quote(eq.Label), t.effectVerdict(eq, e.Unaffected)))
		}
	}
	if c := r.Control; c != nil && len(c.Signals) > 0 {
		var sigs []string
		for _, s := range c.Signals {
			sigs = append(sigs, t.signalWords(s))
		}
		out = append(out, t.f("s_signals", t.quote(c.Label), strings.Join(sigs, "; ")))
	}
	if r.Response != nil && len(r.Response.Warnings) > 0 {
		out = append(out, t.n("s_response", len(r.Response.Warnings)))
	}
	if r.Response == nil {
		out = append(out, t.s("s_noapproach"))
	}
	var few []string
	for _, b := range []*Breakdown{r.By, r.Period} {
		if b == nil {
			continue
		}
		for _, g := range b.Groups {
			if g.Reliability == labelTooFew && g.Key != NoAnswer {
				few = append(few, g.Label)
			}
		}
	}
	if len(few) > 0 {
		out = append(out, t.f("s_few", strings.Join(few, ", ")))
	}
	if n := len(r.Fieldwork.Short); n > 0 {
		out = append(out, t.n("s_short", n))
	}
	out = append(out, t.s("s_cannot"))
	return out
}

// overallQuestion is the overall grade: the drivers' overall question, or
// the first scale question.
func (r *Report) overallQuestion() *Question {
	if r.Overall == nil {
		return nil
	}
	if r.Drivers != nil {
		if q := questionOf(r.Overall, r.Drivers.Overall); q != nil {
			return q
		}
	}
	for _, q := range r.Overall.Questions {
		if q.Scale {
			return q
		}
	}
	return nil
}

// maxMoved is how many changed questions the summary names.
const maxMoved = 3

// overallName is the overall question's name: the drivers', or ov's.
func (d *Drivers) overallName(ov *Question) string {
	if d != nil {
		return d.Overall
	}
	if ov != nil {
		return ov.Name
	}
	return ""
}
