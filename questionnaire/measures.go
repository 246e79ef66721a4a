package questionnaire

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Measures is a measures register: the changes an office made to how it
// serves its clients (a second counter at noon, a new form), each with
// the date it took effect, the workplaces it affects and the questions it
// targets. The coordinator keeps it as measures.yaml beside the stores;
// the report sets the results against it.
//
//	measures:
//	  - id: druha-prepazka
//	    date: 2026-10-15
//	    workplaces: ["1"]        # codes of the workplace question; leave out for all
//	    questions: [cekani]
//	    description: Druhá přepážka v poledne
type Measures struct {
	File string
	// Workplace is the question whose codes name workplaces: the first
	// persisted select_one, "" when the questionnaire has none.
	Workplace string
	List      []*Measure
}

// Measure is one entry of the register.
type Measure struct {
	ID   string
	Date time.Time // the day it took effect, midnight UTC
	// Workplaces are codes of the workplace question; empty means all.
	Workplaces  []string
	Questions   []string
	Description string
	Pos         Pos // where the entry starts
	DatePos     Pos
}

// Affects reports whether the measure affects the workplace with code w.
func (m *Measure) Affects(w string) bool {
	return len(m.Workplaces) == 0 || slices.Contains(m.Workplaces, w)
}

// MaxMeasures bounds a register: more would be a mistake, not a plan.
const MaxMeasures = 1000

// ParseMeasures reads a measures register and checks it against q: every
// workplace a code of q's workplace question, every question one of q's,
// ids unique, dates real days. Each problem names the file, the line and
// the column, and says what to do.
func ParseMeasures(file string, src []byte, q *Questionnaire) (*Measures, error) {
	var errs ErrorList
	at := Pos{File: file, Line: 1, Col: 1}
	switch {
	case !utf8.Valid(src):
		errs.add(at, "the file is not UTF-8 text; save it as UTF-8")
		return nil, errs
	case strings.TrimSpace(string(src)) == "":
		errs.add(at, "the file is empty; a register starts with `measures:` and a list of measures, each with an id and a date")
		return nil, errs
	case len(src) > MaxSourceBytes:
		errs.add(at, "the file is %d MB, more than a measures register may be (%d MB)", len(src)>>20, MaxSourceBytes>>20)
		return nil, errs
	}
	if e := scanNesting(file, src); e != nil {
		return nil, ErrorList{e}
	}
	root, e := parseYAML(file, src, nil)
	if e != nil {
		return nil, ErrorList{e}
	}
	out := &Measures{File: file, Workplace: WorkplaceQuestion(q)}
	if root.kind != yMap {
		errs.add(root.pos, "a measures register is a mapping with the key measures:, not %s", root.kind)
		return nil, errs
	}
	for i, k := range root.keys {
		if k != "measures" {
			errs.add(root.keyPos[i], "unknown key %q; a register holds only measures:", k)
		}
	}
	list := root.get("measures")
	switch {
	case list == nil:
		errs.add(root.pos, "no measures: list; add measures: with one entry per measure")
		return nil, errs
	case list.kind == yNull:
		return out, errs.orNil() // an empty register: nothing done yet
	case list.kind != ySeq:
		errs.add(list.pos, "measures: is a list (each entry starts with -), not %s", list.kind)
		return nil, errs
	case len(list.items) > MaxMeasures:
		errs.add(list.pos, "%d measures, more than a register may hold (%d)", len(list.items), MaxMeasures)
		return nil, errs
	}
	seen := map[string]Pos{}
	for _, n := range list.items {
		m := out.measure(n, q, &errs)
		if m == nil {
			continue
		}
		if p, dup := seen[m.ID]; dup {
			errs.add(m.Pos, "id %q is used twice (first at line %d); give each measure an id of its own", m.ID, p.Line)
			continue
		}
		seen[m.ID] = m.Pos
		out.List = append(out.List, m)
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return out, nil
}

func (l ErrorList) orNil() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// WorkplaceQuestion is the first persisted select_one: the workplace an
// interviewer sets once a day.
func WorkplaceQuestion(q *Questionnaire) string {
	for _, it := range q.Items {
		if it.Persist && it.Type == SelectOne {
			return it.Name
		}
	}
	return ""
}

func (ms *Measures) measure(n *ynode, q *Questionnaire, errs *ErrorList) *Measure {
	if n.kind != yMap {
		errs.add(n.pos, "a measure is a mapping (id:, date:, workplaces:, questions:, description:), not %s", n.kind)
		return nil
	}
	m := &Measure{Pos: n.pos}
	known := []string{"id", "date", "workplaces", "questions", "description"}
	for i, k := range n.keys {
		if !slices.Contains(known, k) {
			errs.add(n.keyPos[i], "unknown key %q; a measure has %s", k, strings.Join(known, ", "))
		}
	}
	scalar := func(key string, required bool) (string, Pos, bool) {
		v := n.get(key)
		switch {
		case v == nil || v.kind == yNull:
			if required {
				errs.add(n.pos, "the measure has no %s:; add one", key)
			}
			return "", n.pos, false
		case v.kind != yScalar:
			errs.add(v.pos, "%s: is a single value, not %s", key, v.kind)
			return "", v.pos, false
		}
		return strings.TrimSpace(v.s), v.pos, true
	}
	id, idPos, ok := scalar("id", true)
	if ok && !validID(id) {
		errs.add(idPos, "id %q: at most 200 characters, with no control characters or slashes", id)
	}
	m.ID = id
	if d, p, ok := scalar("date", true); ok {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			errs.add(p, "date %q is not a day written as YYYY-MM-DD, such as 2026-10-15", d)
		}
		m.Date, m.DatePos = t, p
	}
	m.Description, _, _ = scalar("description", false)
	m.Workplaces = ms.codes(n.get("workplaces"), q, errs)
	m.Questions = questionList(n.get("questions"), q, errs)
	return m
}

// codes reads workplaces:, a list of codes of the workplace question or
// the word all.
func (ms *Measures) codes(v *ynode, q *Questionnaire, errs *ErrorList) []string {
	if v == nil || v.kind == yNull || v.kind == yScalar && strings.TrimSpace(v.s) == "all" {
		return nil
	}
	if ms.Workplace == "" {
		errs.add(v.pos, "the questionnaire has no workplace question (a select_one with persist: true), so a measure cannot name workplaces; leave workplaces: out")
		return nil
	}
	it := q.Item(ms.Workplace)
	var out []string
	for _, c := range list(v, "workplaces", errs) {
		if it.List != nil && it.List.Option(c.s) == nil {
			var codes []string
			for _, o := range it.List.Options {
				codes = append(codes, o.Value)
			}
			errs.add(c.pos, "workplace %q is not a code of %s; use one of %s, or all", c.s, ms.Workplace, strings.Join(codes, ", "))
			continue
		}
		out = append(out, c.s)
	}
	return out
}

// questionList reads questions:, names of q's questions.
func questionList(v *ynode, q *Questionnaire, errs *ErrorList) []string {
	if v == nil || v.kind == yNull {
		return nil
	}
	var out []string
	for _, c := range list(v, "questions", errs) {
		it := q.Item(c.s)
		if it == nil || !it.Type.Answerable() {
			errs.add(c.pos, "%q is not a question of %s; name a question by its name, such as %s", c.s, q.ID, firstScale(q))
			continue
		}
		out = append(out, c.s)
	}
	return out
}

// list is a list of single values, or one value standing for a list of
// one.
func list(v *ynode, key string, errs *ErrorList) []*ynode {
	switch v.kind {
	case yScalar:
		return []*ynode{v}
	case ySeq:
		var out []*ynode
		for _, c := range v.items {
			if c.kind != yScalar {
				errs.add(c.pos, "%s: lists single values, not %s", key, c.kind)
				continue
			}
			out = append(out, c)
		}
		return out
	}
	errs.add(v.pos, "%s: is a list such as [a, b], not %s", key, v.kind)
	return nil
}

func firstScale(q *Questionnaire) string {
	for _, it := range q.Items {
		if it.Type.Answerable() {
			return it.Name
		}
	}
	return "its first question"
}

// CheckDates refuses a measure dated outside the data, first to last
// (days in the report's time zone), naming its line: a typo in the year
// would otherwise split the data at a day that never was.
func (ms *Measures) CheckDates(first, last time.Time) error {
	var errs ErrorList
	from, to := first.Format(time.DateOnly), last.Format(time.DateOnly)
	for _, m := range ms.List {
		if d := m.Date.Format(time.DateOnly); d < from || d > to {
			errs.add(m.DatePos, "measure %s took effect on %s, outside the data (%s to %s); correct the date, or leave the measure out until its data are in", m.ID, d, from, to)
		}
	}
	return errs.orNil()
}
