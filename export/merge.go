package export

import (
	"bytes"
	"container/heap"

	"anketa/storage"
)

// source is one store being read, with its current session.
type source struct {
	store *storage.Store
	name  string
	it    *storage.Iterator
	fixed map[*version][]byte // see fixedFields
}

// merger walks the sessions of many stores in ID order, giving each ID
// once. When a session is in several stores, the copy updated latest
// wins; copies that differ are conflicts, reported by the caller.
type merger struct {
	h sourceHeap
	// Conflict is called when copies of one session differ: the kept
	// copy's store, and the others'.
	conflict func(id storage.ID, kept string, others []string)
}

type sourceHeap []*source

func (h sourceHeap) Len() int { return len(h) }
func (h sourceHeap) Less(i, j int) bool {
	a, b := h[i].it.Header(), h[j].it.Header()
	if c := bytes.Compare(a.ID[:], b.ID[:]); c != 0 {
		return c < 0
	}
	// The same session: the copy updated latest first; between equal
	// times, the larger record, so the choice never depends on input order.
	if !a.Updated.Equal(b.Updated) {
		return a.Updated.After(b.Updated)
	}
	if c := bytes.Compare(h[i].it.Raw(), h[j].it.Raw()); c != 0 {
		return c > 0
	}
	return h[i].name < h[j].name
}
func (h sourceHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *sourceHeap) Push(x any)   { *h = append(*h, x.(*source)) }
func (h *sourceHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func newMerger(sources []*source) *merger {
	m := &merger{}
	for _, s := range sources {
		if s.it.Next() {
			m.h = append(m.h, s)
		}
	}
	heap.Init(&m.h)
	return m
}

// next returns the next session's header (valid until the following
// call) and the source positioned on it; nil at the end. Other copies of
// the same session are skipped.
func (m *merger) next(pending *source) (*storage.Header, *source) {
	if pending != nil {
		m.advance(pending)
	}
	if len(m.h) == 0 {
		return nil, nil
	}
	top := m.h[0]
	id := top.it.Header().ID
	raw := top.it.Raw()
	// Drop the other copies of the same ID now, noting any that differ.
	var others []string
	for {
		dup := m.second(id)
		if dup < 0 {
			break
		}
		s := m.h[dup]
		if !bytes.Equal(s.it.Raw(), raw) {
			others = append(others, s.name)
		}
		heap.Remove(&m.h, dup)
		m.advanceRemoved(s)
	}
	if len(others) > 0 && m.conflict != nil {
		m.conflict(id, top.name, others)
	}
	return top.it.Header(), top
}

// second finds another source positioned on id, or -1.
func (m *merger) second(id storage.ID) int {
	for i := 1; i < len(m.h); i++ {
		if m.h[i].it.Header().ID == id {
			return i
		}
	}
	return -1
}

func (m *merger) advance(s *source) {
	if s.it.Next() {
		heap.Fix(&m.h, indexOfSource(m.h, s))
	} else {
		heap.Remove(&m.h, indexOfSource(m.h, s))
	}
}

func (m *merger) advanceRemoved(s *source) {
	if s.it.Next() {
		heap.Push(&m.h, s)
	}
}

func indexOfSource(h sourceHeap, s *source) int {
	for i, x := range h {
		if x == s {
			return i
		}
	}
	return -1
}
