package storage

import (
	"bytes"
	"fmt"
	"runtime/debug"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// Iterator walks a read-only store's sessions in ID order inside one read
// transaction, one at a time, so that export can merge many stores side
// by side. Next reads only each record's header; the record itself (Raw)
// stays in the store's memory map, valid until the Iterator is closed, for
// DecodeSession to read where it is needed. Every few thousand sessions
// the Iterator lets the kernel drop the pages already read from the
// process's memory.
type Iterator struct {
	s       *Store
	tx      *bolt.Tx
	c       *bolt.Cursor
	k, v    []byte
	release int // drop the pages read every this many sessions
	head    Header
	err     error
	bad     []error
	n       int
	// prev is the previous key, page the page the last record lay on;
	// base and pageSize place a record in the file.
	prev           []byte
	page           uintptr
	base, pageSize uintptr
}

// Iterate starts an Iterator. Only a store opened with OpenReadOnly can
// iterate; call Close when done.
func (s *Store) Iterate() (*Iterator, error) {
	if s.db == nil {
		return nil, fmt.Errorf("%s: iterate needs a store opened read-only", s.path)
	}
	tx, err := s.db.Begin(false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.path, err)
	}
	it := &Iterator{s: s, tx: tx, release: 2048, page: ^uintptr(0)}
	if info := s.db.Info(); info != nil {
		it.base, it.pageSize = info.Data, uintptr(info.PageSize)
	}
	it.c = tx.Bucket(bucketSessions).Cursor()
	return it, nil
}

// sound checks what a damaged index page can do that no checksum shows:
// a record on a page the file has freed (an old copy of a session), or
// keys out of order (a branch that points to the wrong page).
func (it *Iterator) sound() error {
	if it.prev != nil && bytes.Compare(it.k, it.prev) <= 0 {
		return fmt.Errorf("%s: %w: its sessions are out of order after %x (a damaged page); the rest of the store was not read, run anketa store check", it.s.path, ErrNotStore, it.prev)
	}
	it.prev = it.k
	if it.pageSize == 0 || len(it.v) == 0 {
		return nil
	}
	page := (uintptr(unsafe.Pointer(unsafe.SliceData(it.v))) - it.base) / it.pageSize
	if page == it.page {
		return nil
	}
	it.page = page
	if info, err := it.tx.Page(int(page)); err == nil && info != nil && info.Type == "free" {
		return fmt.Errorf("%s: %w: session %x lies on page %d, which the file has freed (a damaged page points to an old copy); the rest of the store was not read, run anketa store check", it.s.path, ErrNotStore, it.k, page)
	}
	return nil
}

// Next moves to the next session and reads its header; false means the
// end or an error (Err).
func (it *Iterator) Next() (ok bool) {
	if it.err != nil || it.c == nil {
		return false
	}
	// A damaged page can point outside the file's mapping: that fault
	// must become an error here, not end the program.
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			it.err = fmt.Errorf("%s: %w: the file is damaged (%v); run anketa store check", it.s.path, ErrNotStore, r)
			ok = false
		}
	}()
	for {
		if it.n > 0 && it.n%it.release == 0 {
			it.s.release() // keep memory flat on large stores
		}
		if it.n == 0 {
			it.k, it.v = it.c.First()
		} else {
			it.k, it.v = it.c.Next()
		}
		it.n++
		if it.k == nil {
			return false
		}
		if err := it.sound(); err != nil {
			it.err = err
			return false
		}
		d := decoder{s: unsafe.String(unsafe.SliceData(it.v), len(it.v))}
		if err := d.header(it.k, &it.head); err != nil {
			// One damaged record: named, and the store's others still read.
			if len(it.bad) < maxBad {
				it.bad = append(it.bad, err)
			}
			continue
		}
		return true
	}
}

// maxBad bounds the damaged records an Iterator keeps, for a file that is
// damaged throughout.
const maxBad = 1000

// Damaged are the records Next passed over because their headers do not
// decode.
func (it *Iterator) Damaged() []error { return it.bad }

// ReleaseEvery sets how many sessions the Iterator reads between
// releases of the pages read (2048 by default). Releasing less often is
// faster, as pages still in use are not faulted in again, and costs
// memory: about 300 bytes a session, per store being read at once.
func (it *Iterator) ReleaseEvery(n int) {
	if n > 0 {
		it.release = n
	}
}

// Header is the current session's header.
func (it *Iterator) Header() *Header { return &it.head }

// Key is the current session's key (its ID's bytes).
func (it *Iterator) Key() []byte { return it.k }

// Raw is the current session's record as stored, to compare two copies.
func (it *Iterator) Raw() []byte { return it.v }

// Err is the error that stopped Next, if any.
func (it *Iterator) Err() error { return it.err }

// Close ends the read transaction.
func (it *Iterator) Close() error {
	if it.tx == nil {
		return nil
	}
	err := it.tx.Rollback()
	it.tx, it.c = nil, nil
	return err
}

// EachEvent calls fn for every event of every session, in session and
// sequence order, inside one read transaction.
func (s *Store) EachEvent(fn func(id ID, ev Event) error) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) != 20 {
				return fmt.Errorf("%s: event key of %d bytes: %w", s.path, len(k), errCorrupt)
			}
			_, rec, err := eventRecord(s.format, v)
			if err != nil {
				return fmt.Errorf("%s: session %x: %w", s.path, k[:16], err)
			}
			ev, err := decodeEvent(seqOf(k), rec)
			if err != nil {
				return fmt.Errorf("%s: session %x: %w", s.path, k[:16], err)
			}
			var id ID
			copy(id[:], k[:16])
			if err := fn(id, ev); err != nil {
				return err
			}
		}
		return nil
	})
}
