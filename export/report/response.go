package report

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"anketa/questionnaire"
	"anketa/storage"
)

// Response rates from the approach log, after the American Association
// for Public Opinion Research's Standard Definitions: Final Dispositions
// of Case Codes and Outcome Rates for Surveys, 10th edition (AAPOR,
// 2023), adapted to a counter:
//
//	I   complete interviews: interviewed, the session completed
//	P   partial interviews: interviewed, the session abandoned (a
//	    break-off) or not finished
//	R   refusals
//	NC  non-contacts: the client could not be approached (gone)
//	O   other: a language barrier
//	U   unknown eligibility: none at a counter, where every client
//	    approached is seen
//	    (not eligible: staff, interviewed already, under age: left out
//	    of every denominator)
//
//	RR1  = I / ((I+P) + (R+NC+O) + U)
//	RR2  = (I+P) / ((I+P) + (R+NC+O) + U)
//	REF1 = R / ((I+P) + (R+NC+O) + U)
//	CON1 = ((I+P) + R + O) / ((I+P) + R + O + NC + U)

// AAPOREdition names the definitions the rates follow.
const AAPOREdition = "AAPOR Standard Definitions, 10th edition (2023)"

// ResponseWarn is the RR1 below which a workplace is warned of.
const ResponseWarn = 0.5

// Rate is a share; NaN (no denominator) is written as null.
type Rate float64

func (r Rate) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(r)) || math.IsInf(float64(r), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(r))
}

// Dispositions are the approaches of a group, by AAPOR's codes.
type Dispositions struct {
	Approaches  int `json:"approaches"`
	I           int `json:"complete"`
	P           int `json:"partial"`
	R           int `json:"refused"`
	NC          int `json:"non_contact"`
	O           int `json:"other"`
	NotEligible int `json:"not_eligible"`
	U           int `json:"unknown_eligibility"`
}

// Rates are RR1, RR2, REF1 and CON1 of the dispositions.
func (d Dispositions) Rates() (rr1, rr2, ref1, con1 float64) {
	eligible := float64((d.I + d.P) + (d.R + d.NC + d.O) + d.U)
	contacted := float64((d.I + d.P) + d.R + d.O)
	rr1 = float64(d.I) / eligible
	rr2 = float64(d.I+d.P) / eligible
	ref1 = float64(d.R) / eligible
	con1 = contacted / (contacted + float64(d.NC+d.U))
	return
}

// ResponseGroup is the response of a workplace (or a workplace's day, or
// everyone).
type ResponseGroup struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Dispositions
	RR1  Rate `json:"rr1"`
	RR2  Rate `json:"rr2"`
	REF1 Rate `json:"ref1"`
	CON1 Rate `json:"con1"`
	// Every is the sampling interval the approaches were made at (the
	// commonest, if it changed); 0 without sampling.
	Every int `json:"sampling_every"`
	// Sampled are the approaches made at the count's every K-th client;
	// EstimatedVisitors is K × those: the clients who passed the counter.
	Sampled           int              `json:"sampled"`
	EstimatedVisitors int              `json:"estimated_visitors"`
	Days              []*ResponseGroup `json:"days,omitempty"`
}

// Response is the report's section on who was asked.
type Response struct {
	Standard   string           `json:"standard"`
	Overall    *ResponseGroup   `json:"overall"`
	Workplaces []*ResponseGroup `json:"workplaces"`
	// Warnings name the workplaces whose RR1 is below ResponseWarn.
	Warnings []string `json:"warnings,omitempty"`
}

// responseAcc gathers the approach log.
type responseAcc struct {
	partial idSet // interviews not completed
	places  map[string]*placeAcc
	all     groupAcc
	day     dayCache
	// interviewed are the approaches that led to an interview, counted
	// as complete while the sessions are still being walked; settle
	// moves those whose interview was not completed to P. They are kept
	// in chunks, 20 bytes each, so that a million of them never copy.
	interviewed [][]interviewedAt
	days        []dayRef // by interviewedAt.day
}

// interviewedAt is an interviewed approach's session and the day's
// tally it was counted in (an index into days).
type interviewedAt struct {
	session storage.ID
	day     int32
}

// dayRef is one workplace's day: the tallies an approach counts in.
type dayRef struct {
	place *placeAcc
	g     *groupAcc
}

const interviewedChunk = 1 << 16

type placeAcc struct {
	label string
	all   groupAcc
	days  map[string]*groupAcc
}

type groupAcc struct {
	ref     int32 // a day's place in responseAcc.days
	d       Dispositions
	every   []everyCount // the sampling intervals seen: a few at most
	sampled int
	visits  int
}

func newResponseAcc(zone *time.Location) *responseAcc {
	return &responseAcc{places: map[string]*placeAcc{}, day: dayCache{loc: zone}}
}

// status notes an interview that was not completed: a partial one.
func (a *responseAcc) status(h *storage.Header) {
	if h.Status != storage.Completed {
		a.partial.add(h.ID)
	}
}

// idSet is a set of session IDs that answers "no" for most IDs it does
// not hold without touching its map: a bit per hash of the ID's random
// bits, 128 KB, which stays in the cache where a map of tens of
// thousands of IDs does not.
type idSet struct {
	bits []uint64
	ids  map[storage.ID]struct{}
}

const idSetBits = 1 << 20

func idBit(id storage.ID) uint64 {
	// The last 8 bytes of a version 7 UUID are random but for the variant.
	return (binary.LittleEndian.Uint64(id[8:]) * 0x9e3779b97f4a7c15) >> (64 - 20)
}

func (s *idSet) add(id storage.ID) {
	if s.ids == nil {
		s.bits, s.ids = make([]uint64, idSetBits/64), map[storage.ID]struct{}{}
	}
	b := idBit(id)
	s.bits[b/64] |= 1 << (b % 64)
	s.ids[id] = struct{}{}
}

func (s *idSet) has(id storage.ID) bool {
	if s.ids == nil {
		return false
	}
	if b := idBit(id); s.bits[b/64]&(1<<(b%64)) == 0 {
		return false
	}
	_, ok := s.ids[id]
	return ok
}

func (g *groupAcc) add(c *storage.Contact, partial bool) {
	d := &g.d
	d.Approaches++
	switch c.Outcome {
	case storage.Interviewed:
		if partial {
			d.P++
		} else {
			d.I++
		}
	case storage.Refused:
		d.R++
	case storage.NoContact:
		d.NC++
	case storage.LanguageBarrier:
		d.O++
	case storage.NotEligible:
		d.NotEligible++
	}
	g.count(c.Every)
	if c.Count > 0 && c.Every > 0 {
		g.sampled++
		g.visits += c.Every
	}
}

func (a *responseAcc) contact(c *storage.Contact, q *questionnaire.Questionnaire, lang string) {
	p := a.place(c, q, lang)
	day, _ := a.day.of(c.Time)
	g := p.days[day]
	if g == nil {
		g = &groupAcc{ref: int32(len(a.days))}
		p.days[day] = g
		a.days = append(a.days, dayRef{p, g})
	}
	for _, acc := range []*groupAcc{&a.all, &p.all, g} {
		acc.add(c, false)
	}
	if c.Outcome == storage.Interviewed {
		if n := len(a.interviewed); n == 0 || len(a.interviewed[n-1]) == interviewedChunk {
			a.interviewed = append(a.interviewed, make([]interviewedAt, 0, interviewedChunk))
		}
		last := &a.interviewed[len(a.interviewed)-1]
		*last = append(*last, interviewedAt{c.Session, g.ref})
	}
}

// settle counts as partial (P) the interviewed approaches whose session
// the walk found not completed: the approaches are tallied alongside the
// sessions, before every session's status is known.
func (a *responseAcc) settle() {
	for _, chunk := range a.interviewed {
		for _, x := range chunk {
			if a.partial.has(x.session) {
				ref := a.days[x.day]
				for _, d := range []*Dispositions{&a.all.d, &ref.place.all.d, &ref.g.d} {
					d.I--
					d.P++
				}
			}
		}
	}
	a.interviewed = nil
}

// place is the approach's workplace's tally, made and labelled on first
// use.
func (a *responseAcc) place(c *storage.Contact, q *questionnaire.Questionnaire, lang string) *placeAcc {
	key := NoAnswer
	if len(c.Place) > 0 {
		key = c.Place[0].Value.String()
	}
	p := a.places[key]
	if p == nil {
		key, label := placeOf(c, q, lang)
		p = &placeAcc{label: label, days: map[string]*groupAcc{}}
		a.places[strings.Clone(key)] = p
	}
	return p
}

// placeOf is the approach's workplace: its first persisted answer, by
// code, labelled as the questionnaire labels it.
func placeOf(c *storage.Contact, q *questionnaire.Questionnaire, lang string) (key, label string) {
	if len(c.Place) == 0 {
		return NoAnswer, ""
	}
	a := c.Place[0]
	key = a.Value.String()
	label = key
	if it := q.Item(a.Name); it != nil && it.List != nil {
		if o := it.List.Option(key); o != nil {
			label = o.Label.In(lang, q.DefaultLanguage())
		}
	}
	return key, label
}

func (g *groupAcc) group(key, label string) *ResponseGroup {
	out := &ResponseGroup{Key: key, Label: label, Dispositions: g.d, Sampled: g.sampled, EstimatedVisitors: g.visits}
	rr1, rr2, ref1, con1 := g.d.Rates()
	out.RR1, out.RR2, out.REF1, out.CON1 = Rate(rr1), Rate(rr2), Rate(ref1), Rate(con1)
	most := -1
	for _, e := range g.every {
		if e.n > most || e.n == most && e.every > out.Every {
			out.Every, most = e.every, e.n
		}
	}
	return out
}

type everyCount struct{ every, n int }

// count adds an approach made with sampling interval every.
func (g *groupAcc) count(every int) {
	for i := range g.every {
		if g.every[i].every == every {
			g.every[i].n++
			return
		}
	}
	g.every = append(g.every, everyCount{every, 1})
}

// response is the section, or nil when no approach was logged.
func (a *responseAcc) response(t tr) *Response {
	if a.all.d.Approaches == 0 {
		return nil
	}
	r := &Response{Standard: AAPOREdition, Overall: a.all.group("all", t.s("allsessions"))}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range a.places {
			if !yield(k) {
				return
			}
		}
	}) {
		p := a.places[k]
		label := p.label
		if k == NoAnswer {
			label = t.s("noanswer")
		}
		g := p.all.group(k, label)
		for _, day := range slices.Sorted(func(yield func(string) bool) {
			for d := range p.days {
				if !yield(d) {
					return
				}
			}
		}) {
			g.Days = append(g.Days, p.days[day].group(day, day))
		}
		r.Workplaces = append(r.Workplaces, g)
		if float64(g.RR1) < ResponseWarn {
			r.Warnings = append(r.Warnings, t.f("lowresponse", g.Label, t.pct(float64(g.RR1)), t.pct(ResponseWarn)))
		}
	}
	return r
}

// rateText writes a rate, or a dash for none.
func (t tr) rate(r Rate) string {
	if math.IsNaN(float64(r)) {
		return "–"
	}
	return t.pct(float64(r))
}

// responseText is the terminal's table of the response by workplace.
func (t tr) responseText(b *strings.Builder, r *Response, st *Styles) {
	fmt.Fprintf(b, "\n%s\n%s\n", st.Head(t.s("response")), st.Muted(t.s("responsedef")))
	fmt.Fprintf(b, "  %-22s %9s %6s %6s %6s %7s %7s %7s %7s %6s %9s\n", t.s("workplace"), t.s("approached"), "I", "P", "R", "RR1", "RR2", "REF1", "CON1", t.s("every"), t.s("visitors"))
	rows := append([]*ResponseGroup{}, r.Workplaces...)
	rows = append(rows, r.Overall)
	for _, g := range rows {
		rr1 := fmt.Sprintf("%7s", t.rate(g.RR1))
		if float64(g.RR1) < ResponseWarn {
			rr1 = st.Flag(rr1)
		}
		every, visitors := "–", "–"
		if g.Every > 0 {
			every = fmt.Sprint(g.Every)
		}
		if g.Sampled > 0 {
			visitors = fmt.Sprint(g.EstimatedVisitors)
		}
		fmt.Fprintf(b, "  %s %9d %6d %6d %6d %s %7s %7s %7s %6s %9s\n", pad(g.Label, 22), g.Approaches, g.I, g.P, g.R, rr1, t.rate(g.RR2), t.rate(g.REF1), t.rate(g.CON1), every, visitors)
	}
}

// response is the HTML section: the workplaces, then each one's days.
func (h *htmlWriter) response(r *Response) {
	t := h.t
	h.p("<h2>%s</h2>\n", esc(t.s("response")))
	h.p("<div class=\"howto\"><b>%s.</b> %s</div>\n", esc(t.s("responsehow")), esc(t.s("responsedef")))
	head := func(first string) {
		h.p("<table class=\"data rates\"><tr><th>%s</th><th class=\"r\">%s</th><th class=\"r\">I</th><th class=\"r\">P</th><th class=\"r\">R</th><th class=\"r\">NC</th><th class=\"r\">O</th><th class=\"r\">%s</th><th class=\"r\">RR1</th><th class=\"r\">RR2</th><th class=\"r\">REF1</th><th class=\"r\">CON1</th><th class=\"r\">%s</th><th class=\"r\">%s</th></tr>\n",
			esc(first), esc(t.s("approached")), esc(t.s("noteligible")), esc(t.s("every")), esc(t.s("visitors")))
	}
	row := func(g *ResponseGroup) {
		rr1 := esc(t.rate(g.RR1))
		if float64(g.RR1) < ResponseWarn {
			rr1 = `<span class="flag">` + rr1 + `</span>`
		}
		every, visitors := "–", "–"
		if g.Every > 0 {
			every = fmt.Sprint(g.Every)
		}
		if g.Sampled > 0 {
			visitors = fmt.Sprint(g.EstimatedVisitors)
		}
		h.p("<tr><td>%s</td><td class=\"r\">%d</td><td class=\"r\">%d</td><td class=\"r\">%d</td><td class=\"r\">%d</td><td class=\"r\">%d</td><td class=\"r\">%d</td><td class=\"r\">%d</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s</td><td class=\"r\">%s</td></tr>\n",
			esc(g.Label), g.Approaches, g.I, g.P, g.R, g.NC, g.O, g.NotEligible, rr1, esc(t.rate(g.RR2)), esc(t.rate(g.REF1)), esc(t.rate(g.CON1)), every, visitors)
	}
	head(t.s("workplace"))
	for _, g := range r.Workplaces {
		row(g)
	}
	row(r.Overall)
	h.p("</table>\n")
	for _, g := range r.Workplaces {
		h.p("<h3>%s</h3>\n", esc(g.Label))
		head(t.s("day"))
		for _, d := range g.Days {
			row(d)
		}
		h.p("</table>\n")
	}
}
