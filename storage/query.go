package storage

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"time"
	"unsafe"

	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// Load returns one session with its answers.
func (s *Store) Load(id ID) (*Session, error) {
	var sess *Session
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		sess, err = loadSession(tx, id)
		return err
	})
	return sess, err
}

// Events returns a session's paradata in order.
func (s *Store) Events(id ID) ([]Event, error) {
	var out []Event
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSessions).Get(id[:]) == nil {
			return ErrNotFound
		}
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.Seek(id[:]); k != nil && bytes.HasPrefix(k, id[:]); k, v = c.Next() {
			_, rec, err := eventRecord(s.format, v)
			if err != nil {
				return err
			}
			ev, err := decodeEvent(seqOf(k), rec)
			if err != nil {
				return err
			}
			out = append(out, ev)
		}
		return nil
	})
	return out, err
}

func seqOf(k []byte) uint32 {
	if len(k) != 20 {
		return 0
	}
	return uint32(k[16])<<24 | uint32(k[17])<<16 | uint32(k[18])<<8 | uint32(k[19])
}

// List returns the sessions with one of the given statuses (all when none
// is given), newest first, at most limit of them (all when limit <= 0).
func (s *Store) List(limit int, statuses ...Status) ([]*Session, error) {
	var out []*Session
	err := s.newestFirst(func(sess *Session) bool {
		if len(statuses) == 0 || slices.Contains(statuses, sess.Status) {
			out = append(out, sess)
		}
		return limit <= 0 || len(out) < limit
	})
	return out, err
}

// newestFirst calls fn for each session from the newest, decoded into a
// Session of its own, until fn returns false.
func (s *Store) newestFirst(fn func(*Session) bool) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketSessions).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			sess, err := decodeSession(k, string(v))
			if err != nil {
				return err
			}
			if !fn(sess) {
				return nil
			}
		}
		return nil
	})
}

// DayCount is the number of sessions started on one day, by status.
type DayCount struct {
	Day                              string // YYYY-MM-DD, in loc
	InProgress, Completed, Abandoned int
}

// CountByDay counts sessions by the local day they started on, in loc,
// oldest day first, and counts apart the records that do not decode.
func (s *Store) CountByDay(loc *time.Location) (days []DayCount, damaged int, err error) {
	byDay := map[string]*DayCount{}
	err = s.ScanEach(func(sess *Session) error {
		day := sess.Started.In(loc).Format(time.DateOnly)
		c := byDay[day]
		if c == nil {
			c = &DayCount{Day: day}
			byDay[day] = c
		}
		switch sess.Status {
		case InProgress:
			c.InProgress++
		case Completed:
			c.Completed++
		case Abandoned:
			c.Abandoned++
		}
		return nil
	}, func(error) { damaged++ })
	out := make([]DayCount, 0, len(byDay))
	for _, c := range byDay {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Day < out[j].Day })
	return out, damaged, err
}

// Scan calls fn for every session in ID order (which is creation order),
// inside one read transaction, so that it sees one consistent state.
//
// For speed nothing is copied: the *Session passed to fn is reused for
// the next session, and its strings point into the store's memory map,
// valid only until fn returns. fn must call Clone to keep a session, or
// strings.Clone to keep a string; export and report stream what they
// read and keep nothing.
func (s *Store) Scan(fn func(*Session) error) error {
	var first error
	err := s.ScanEach(fn, func(err error) {
		if first == nil {
			first = err
		}
	})
	if err == nil && first != nil {
		err = fmt.Errorf("%s: %w", s.path, first)
	}
	return err
}

// ScanEach is Scan that goes on past a record that does not decode,
// telling bad of it instead.
func (s *Store) ScanEach(fn func(*Session) error, bad func(error)) error {
	return s.view(func(tx *bolt.Tx) error {
		var sess Session
		var d decoder
		codes := make([]string, 0, 256)
		c := tx.Bucket(bucketSessions).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			codes = codes[:0]
			d = decoder{s: unsafe.String(unsafe.SliceData(v), len(v)), codes: &codes}
			if err := d.session(k, &sess); err != nil {
				bad(err)
				continue
			}
			if err := fn(&sess); err != nil {
				return err
			}
		}
		return nil
	})
}

// Persisted returns, for the persist: true questions of q, the answers
// given in the newest session of the same questionnaire id that answered
// any of them, to offer them again in the next interview.
func (s *Store) Persisted(q *questionnaire.Questionnaire) (questionnaire.Answers, error) {
	var names []string
	for _, it := range q.Items {
		if it.Persist {
			names = append(names, it.Name)
		}
	}
	out := questionnaire.Answers{}
	if len(names) == 0 {
		return out, nil
	}
	err := s.newestFirst(func(sess *Session) bool {
		if sess.QuestionnaireID != q.ID {
			return true
		}
		for _, n := range names {
			if a := sess.Answer(n); !a.IsEmpty() {
				out[n] = a
			}
		}
		// A session that stopped before the workplace (or is the one
		// being resumed) does not hide the one before it.
		return len(out) == 0
	})
	return out, err
}

// Count returns the number of sessions in the store, from bbolt's page
// statistics rather than by decoding them.
func (s *Store) Count() (int, error) {
	var n int
	err := s.view(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketSessions).Stats().KeyN
		return nil
	})
	return n, err
}
