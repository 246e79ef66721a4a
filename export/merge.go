package export

import (
	"bytes"
	"container/heap"
	"encoding/binary"
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
// once. When a session is in several stores, the sound copy updated
// latest wins; a copy that fails its checksum never does, and is named.
type merger struct {
	h sourceHeap
	// advance says the root's session was given out by itself, and its
	// store moves on at the next call: until then the copy's header is
	// the store's own, not copied.
	advance bool
}

type sourceHeap []*source

func (h sourceHeap) Len() int { return len(h) }
func (h sourceHeap) Less(i, j int) bool {
	a, b := h[i].it.Header(), h[j].it.Header()
	// IDs compare as two big-endian words: bytes.Compare's call costs
	// more than the comparison, on every step of the heap.
	if x, y := binary.BigEndian.Uint64(a.ID[:8]), binary.BigEndian.Uint64(b.ID[:8]); x != y {
		return x < y
	}
	if x, y := binary.BigEndian.Uint64(a.ID[8:]), binary.BigEndian.Uint64(b.ID[8:]); x != y {
		return x < y
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

// sessionCopy is one store's copy of a session. Its key and record stay
// valid in the store's memory map until the export ends; its header
// until the merger's next call.
type sessionCopy struct {
	head     *storage.Header
	key, raw []byte
	src      *source
}

// merged is one session as the merger gives it: the copy to use (none
// when every copy is damaged), how many other copies there were, the
// stores whose sound copies differ from it, and the damaged copies. A
// session found in one store only is not checked against its checksum
// here (unchecked): the worker that decodes it checks it, on the core
// that reads it next.
type merged struct {
	sessionCopy
	own       storage.Header // the header head points to, when copied
	ok        bool
	unchecked bool
	copies    int
	differ    []string
	damaged   []Problem
}

// check checks an unchecked copy against its checksum now; false means
// it is damaged, and named in damaged.
func (m *merged) check() bool {
	if !m.unchecked {
		return m.ok
	}
	m.unchecked = false
	if err := storage.CheckRecord(m.key, m.raw); err != nil {
		m.damaged = append(m.damaged, Problem{m.src.name, trimPath(err, m.src.name)})
		m.ok = false
	}
	return m.ok
}

// next returns the next session; false at the end. The copies of a
// session sit at the heap's root one after another, in the order of
// preference, so taking the root until its ID changes gathers them.
func (m *merger) next(out *merged) bool {
	if m.advance {
		m.advance = false
		m.advanceTop()
	}
	if len(m.h) == 0 {
		return false
	}
	out.ok, out.unchecked, out.copies = false, false, 0
	out.damaged, out.differ = out.damaged[:0], out.differ[:0]
	id := m.h[0].it.Header().ID
	if s := m.h[0]; len(m.h) == 1 || !m.secondHas(id) { // one copy: the worker checks it
		out.sessionCopy, out.ok, out.unchecked = sessionCopy{s.it.Header(), s.it.Key(), s.it.Raw(), s}, true, true
		m.advance = true
		return true
	}
	n := 0
	for len(m.h) > 0 && m.h[0].it.Header().ID == id {
		s := m.h[0]
		c := sessionCopy{s.it.Header(), s.it.Key(), s.it.Raw(), s}
		n++
		switch err := storage.CheckRecord(c.key, c.raw); {
		case err != nil:
			out.damaged = append(out.damaged, Problem{s.name, trimPath(err, s.name)})
		case !out.ok:
			out.own = *c.head // the store moves on below
			c.head = &out.own
			out.sessionCopy, out.ok = c, true
		case !bytes.Equal(c.raw, out.raw):
			out.differ = append(out.differ, s.name)
		}
		m.advanceTop()
	}
	out.copies = n - 1
	sort.Strings(out.differ)
	return true
}

// secondHas reports whether another store than the root's is at the
// session id: the root's children are the only candidates for second.
func (m *merger) secondHas(id storage.ID) bool {
	for _, k := range [2]int{1, 2} {
		if k < len(m.h) && m.h[k].it.Header().ID == id {
			return true
		}
	}
	return false
}

// advanceTop moves the root's store to its next session.
func (m *merger) advanceTop() {
	if m.h[0].it.Next() {
		heap.Fix(&m.h, 0)
	} else {
		heap.Pop(&m.h)
	}
}
