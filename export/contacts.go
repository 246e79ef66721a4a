package export

import (
	"bytes"
	"container/heap"
	"fmt"
	"strconv"
	"time"

	"anketa/questionnaire"
	"anketa/storage"
)

// The approach logs of the stores, merged: each approach once, in ID
// (time) order, as sessions are. An approach copied into two stores (a
// store handed in twice) is one approach; two copies that differ are a
// conflict, and the first store's is kept.

type contactSource struct {
	it   *storage.ContactIter
	name string
	dev  string
}

type contactHeap []*contactSource

func (h contactHeap) Len() int { return len(h) }
func (h contactHeap) Less(i, j int) bool {
	if c := bytes.Compare(h[i].it.Contact().ID[:], h[j].it.Contact().ID[:]); c != 0 {
		return c < 0
	}
	return h[i].name < h[j].name
}
func (h contactHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *contactHeap) Push(x any)   { *h = append(*h, x.(*contactSource)) }
func (h *contactHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// ContactTotals say what a merge of the approach logs read.
type ContactTotals struct {
	Contacts, Duplicates int
	Conflicts            []string
	Problems             []Problem
}

// eachContact calls fn with every approach of questionnaire qid in the
// stores, once, in time order, with the store it was read from (its
// device). The Contact is valid during the call only.
func eachContact(stores []*storage.Store, names []string, qid string, fn func(c *storage.Contact, device string)) (ContactTotals, error) {
	var tot ContactTotals
	var h contactHeap
	defer func() {
		for _, s := range h {
			s.it.Close()
		}
	}()
	for i, s := range stores {
		it, err := s.IterateContacts()
		if err != nil {
			return tot, err
		}
		src := &contactSource{it: it, name: names[i], dev: s.DeviceID()}
		if it.Next() {
			h = append(h, src)
		} else {
			tot.Problems = append(tot.Problems, contactProblems(src)...)
			it.Close()
		}
	}
	heap.Init(&h)
	var rawCopy []byte
	for len(h) > 0 {
		top := h[0]
		c := top.it.Contact()
		raw := top.it.Raw()
		var id storage.ID = c.ID
		if c.QuestionnaireID == qid {
			tot.Contacts++
			fn(c, top.dev)
		}
		// The other copies of the same approach, in the stores after it.
		advance := func(s *contactSource) {
			if s.it.Next() {
				heap.Fix(&h, 0)
			} else {
				tot.Problems = append(tot.Problems, contactProblems(s)...)
				s.it.Close()
				heap.Pop(&h)
			}
		}
		first := top.name
		rawCopy = append(rawCopy[:0], raw...)
		advance(top)
		for len(h) > 0 && h[0].it.Contact().ID == id {
			s := h[0]
			if s.it.Contact().QuestionnaireID == qid {
				tot.Duplicates++
				if !bytes.Equal(s.it.Raw(), rawCopy) {
					tot.Conflicts = append(tot.Conflicts, fmt.Sprintf("approach %s differs between %s and %s; kept the copy from %s", id, first, s.name, first))
				}
			}
			advance(s)
		}
	}
	return tot, nil
}

func contactProblems(s *contactSource) []Problem {
	var out []Problem
	for _, err := range s.it.Damaged() {
		out = append(out, Problem{s.name, err})
	}
	if err := s.it.Err(); err != nil {
		out = append(out, Problem{s.name, err})
	}
	return out
}

// contactPlace are the columns of the workplace: the persist questions
// of the newest version that has them.
func (sc *schema) placeColumns() []*column {
	var out []*column
	for _, c := range sc.cols {
		if c.item.Persist {
			out = append(out, c)
		}
	}
	return out
}

// contactColumns are the contacts file's columns.
func (ex *exporter) contactHeader() []cell {
	h := []cell{{s: "contact_id"}, {s: "questionnaire_id"}, {s: "questionnaire_version"}, {s: "device_id"}, {s: "interviewer"},
		{s: "time"}, {s: "day"}, {s: "outcome"}, {s: "outcome_label"}, {s: "session_id"}, {s: "session_status"},
		{s: "sampling_every"}, {s: "client_number"}}
	for _, c := range ex.sc.placeColumns() {
		h = append(h, cell{s: c.name})
	}
	return h
}

// OutcomeLabels are the approach outcomes' labels in the exports.
var OutcomeLabels = map[storage.Outcome]string{
	storage.Interviewed: "interviewed", storage.Refused: "refused", storage.NotEligible: "not eligible (staff, interviewed already, under age)",
	storage.NoContact: "could not approach (the client was gone)", storage.LanguageBarrier: "language barrier",
}

// writeContacts writes the merged approach log as CSV, one row per
// approach, with its interview's status where it has one.
func (ex *exporter) writeContacts(outs *outputs, stores []*storage.Store, names []string) error {
	f, err := outs.create(ex.opt.Contacts)
	if err != nil {
		return err
	}
	w := newCSV(f, ex.opt.Dialect)
	w.write(ex.contactHeader())
	places := ex.sc.placeColumns()
	row := make([]cell, 0, 13+len(places))
	tot, err := eachContact(stores, names, ex.sc.id, func(c *storage.Contact, device string) {
		version := ""
		if v := ex.sc.versions[c.QuestionnaireHash]; v != nil {
			version = v.q.Version
		}
		session, status := "", ""
		if c.Outcome == storage.Interviewed {
			session = c.Session.String()
			status = "not_found"
			if st, ok := ex.statuses[c.Session]; ok {
				status = st.String()
			}
		}
		every, count := "", ""
		if c.Every > 0 {
			every = strconv.Itoa(c.Every)
		}
		if c.Count > 0 {
			count = strconv.Itoa(c.Count)
		}
		row = append(row[:0], cell{s: c.ID.String()}, cell{s: c.QuestionnaireID, kind: freeTxt}, cell{s: version, kind: freeTxt}, cell{s: device},
			cell{s: c.Interviewer, kind: freeTxt}, cell{s: ex.times.text(c.Time)}, cell{s: c.Time.In(ex.opt.Zone.Loc).Format(time.DateOnly)},
			cell{s: strconv.Itoa(int(c.Outcome))}, cell{s: OutcomeLabels[c.Outcome]}, cell{s: session}, cell{s: status},
			cell{s: every}, cell{s: count})
		for _, pc := range places {
			row = append(row, cell{s: placeValue(c, pc.name), kind: freeTxt})
		}
		w.write(row)
	})
	if err != nil {
		return err
	}
	ex.sum.Contacts = tot.Contacts
	ex.sum.ContactDuplicates = tot.Duplicates
	ex.sum.Conflicts = append(ex.sum.Conflicts, tot.Conflicts...)
	ex.sum.Problems = append(ex.sum.Problems, tot.Problems...)
	return w.flush()
}

// placeValue is the approach's answer to the persist question name, as
// the sessions' file writes it.
func placeValue(c *storage.Contact, name string) string {
	for _, a := range c.Place {
		if a.Name == name {
			if a.Value.Kind == questionnaire.KindMissing {
				return a.Value.Missing.String()
			}
			return a.Value.String()
		}
	}
	return ""
}
