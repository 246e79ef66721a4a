package export

import (
	"bytes"
	"container/heap"
	"sort"

	"anketa/storage"
)

// source is one store being read, with its current session.
type source struct {
	store *storage.Store
	name  string
	it    *storage.Iterator
	fixed map[*version][]byte // see fixedFields
	used  bool                // some of its sessions were exported
}

// merger walks the sessions of many stores in ID order, giving each ID
// once. When a session is in several stores, the copy updated latest
// wins; the caller is told of the other copies, and which differ.
type merger struct {
	h sourceHeap
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
// the same session are skipped: copies says how many, differ names the
// stores whose copies are not the same as the one kept, sorted.
func (m *merger) next(pending *source) (head *storage.Header, src *source, copies int, differ []string) {
	if pending != nil {
		m.advanceTop() // pending is the root: nothing moved since it was returned
	}
	if len(m.h) == 0 {
		return nil, nil, 0, nil
	}
	top := m.h[0]
	id := top.it.Header().ID
	raw := top.it.Raw()
	// Other copies of the same session sit right under the root: in a
	// heap an entry equal to the root has only equal entries above it.
	var dups []*source
	var walk func(i int)
	walk = func(i int) {
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < len(m.h) && m.h[c].it.Header().ID == id {
				dups = append(dups, m.h[c])
				walk(c)
			}
		}
	}
	walk(0)
	if len(dups) == 0 {
		return top.it.Header(), top, 0, nil
	}
	var others []string
	for _, s := range dups {
		if !bytes.Equal(s.it.Raw(), raw) {
			others = append(others, s.name)
		}
	}
	for _, s := range dups {
		heap.Remove(&m.h, indexOfSource(m.h, s))
		m.advanceRemoved(s)
	}
	sort.Strings(others)
	return top.it.Header(), top, len(dups), others
}

// advanceTop moves the root's store to its next session.
func (m *merger) advanceTop() {
	if m.h[0].it.Next() {
		heap.Fix(&m.h, 0)
	} else {
		heap.Pop(&m.h)
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
