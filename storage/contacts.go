package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"
	"unsafe"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// The approach log: every client the interviewer approached (or was told
// to approach, at an intercept sample's every K-th), with its outcome. It
// holds no personal data of the client: the time, the workplace (the
// persisted answers), the interviewer, the outcome and, for an interview,
// its session.

var (
	bucketContacts = []byte("contacts")
	bucketCounts   = []byte("counts")
)

// Outcome is what came of an approach, after AAPOR's dispositions adapted
// to a counter.
type Outcome uint8

const (
	// Interviewed: the client agreed; Contact.Session is the interview.
	// Whether it was completed or broken off is its session's status.
	Interviewed Outcome = iota + 1
	// Refused: the client said no.
	Refused
	// NotEligible: staff, already interviewed today, under the age the
	// questionnaire asks for. Left out of every rate's denominator.
	NotEligible
	// NoContact: the client was gone before they could be approached.
	NoContact
	// LanguageBarrier: no common language.
	LanguageBarrier
)

var outcomeNames = []string{"", "interviewed", "refused", "not_eligible", "no_contact", "language_barrier"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return fmt.Sprintf("outcome(%d)", o)
}

// Outcomes lists every outcome, in code order.
var Outcomes = []Outcome{Interviewed, Refused, NotEligible, NoContact, LanguageBarrier}

// Contact is one approach.
type Contact struct {
	ID                ID
	QuestionnaireID   string
	QuestionnaireHash string
	Time              time.Time
	Interviewer       string
	Outcome           Outcome
	// Session is the interview, for Interviewed.
	Session ID
	// Every is the sampling interval in force (approach every K-th
	// client), 0 without sampling; Count is the client's number in the
	// day's count, 0 when the approach was not a counted one.
	Every, Count int
	// Place is the workplace: the answers to the questionnaire's persist
	// questions in force at the approach.
	Place []Answer
}

const contactVersion = 1

func (c *Contact) encode() []byte {
	e := encoder{b: make([]byte, 0, 96)}
	e.byte1(contactVersion)
	e.str(c.QuestionnaireID)
	e.str(c.QuestionnaireHash)
	e.time(c.Time)
	e.str(c.Interviewer)
	e.byte1(byte(c.Outcome))
	e.b = append(e.b, c.Session[:]...)
	e.uvarint(uint64(c.Every))
	e.uvarint(uint64(c.Count))
	e.uvarint(uint64(len(c.Place)))
	for _, a := range c.Place {
		e.str(a.Name)
		e.value(a.Value)
	}
	return binary.BigEndian.AppendUint32(e.b, recordCRC(c.ID[:], e.b))
}

// DecodeContact reads the record rec stored under key into c; its
// strings point into rec. A record that fails its checksum is
// ErrTampered, one that cannot be read errCorrupt.
func DecodeContact(key, rec []byte, c *Contact) (err error) {
	defer guardFault(&err, key)
	place := c.Place[:0]
	*c = Contact{Place: place}
	if len(key) != len(c.ID) {
		return fmt.Errorf("contact key of %d bytes: %w", len(key), errCorrupt)
	}
	copy(c.ID[:], key)
	s := unsafe.String(unsafe.SliceData(rec), len(rec))
	if len(s) < 1+recordCRCSize || s[0] != contactVersion {
		return fmt.Errorf("contact %s: record version: %w", c.ID, errCorrupt)
	}
	if !checksumOK(key, s) {
		return fmt.Errorf("contact %s: its record does not match its checksum: the store is damaged or was changed: %w", c.ID, ErrTampered)
	}
	d := decoder{s: s[1 : len(s)-recordCRCSize]}
	c.QuestionnaireID = d.str()
	c.QuestionnaireHash = d.str()
	c.Time = d.time()
	c.Interviewer = d.str()
	c.Outcome = Outcome(d.byte1())
	d.bytesInto(c.Session[:])
	c.Every = int(d.uvarint())
	c.Count = int(d.uvarint())
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.fail()
		n = 0
	}
	for range n {
		c.Place = append(c.Place, Answer{})
		a := &c.Place[len(c.Place)-1]
		a.Name = d.str()
		d.valueInto(&a.Value)
	}
	if d.err == nil && (c.Outcome < Interviewed || c.Outcome > LanguageBarrier) {
		d.err = fmt.Errorf("outcome %d: %w", c.Outcome, errCorrupt)
	}
	if d.err == nil && d.s != "" {
		d.err = fmt.Errorf("%d bytes left: %w", len(d.s), errCorrupt)
	}
	if d.err != nil {
		return fmt.Errorf("contact %s: %w", c.ID, d.err)
	}
	return nil
}

// Clone is a copy of c that does not point into a store's memory.
func (c *Contact) Clone() *Contact {
	out := *c
	out.QuestionnaireID = strings.Clone(c.QuestionnaireID)
	out.QuestionnaireHash = strings.Clone(c.QuestionnaireHash)
	out.Interviewer = strings.Clone(c.Interviewer)
	out.Place = make([]Answer, len(c.Place))
	for i, a := range c.Place {
		v := a.Value
		v.Text = strings.Clone(v.Text)
		v.Codes = append([]string(nil), v.Codes...)
		out.Place[i] = Answer{strings.Clone(a.Name), v}
	}
	return &out
}

// newContact fills c's ID, time and questionnaire.
func (s *Store) newContact(q *questionnaire.Questionnaire, c *Contact) error {
	u, err := uuid.NewV7()
	if err != nil {
		return err
	}
	c.ID = ID(u)
	c.Time = s.now().UTC().Truncate(time.Millisecond)
	c.QuestionnaireID, c.QuestionnaireHash = q.ID, q.Hash
	return nil
}

func putContact(tx *bolt.Tx, c *Contact) error {
	b, err := tx.CreateBucketIfNotExists(bucketContacts)
	if err != nil {
		return err
	}
	b.FillPercent = 1 // IDs are time-ordered: each new one goes at the end
	return b.Put(c.ID[:], c.encode())
}

// LogContact records an approach that did not lead to an interview
// (refused, not eligible, not reached, no common language). Its ID and
// time are filled in; it returns once the record is committed and synced.
func (s *Store) LogContact(q *questionnaire.Questionnaire, c *Contact) error {
	if c.Outcome == Interviewed {
		return errors.New("an interview's approach is logged when its session starts (StartSessionWith)")
	}
	if c.Outcome < Interviewed || c.Outcome > LanguageBarrier {
		return fmt.Errorf("outcome %d is not one of the approach log's", c.Outcome)
	}
	if err := s.newContact(q, c); err != nil {
		return err
	}
	_, known := s.known.Load(q.Hash)
	err := s.update(func(tx *bolt.Tx) error {
		if !known { // once per questionnaire: it stays in the store
			if err := putQuestionnaire(tx, q, c.Time); err != nil {
				return err
			}
		}
		return putContact(tx, c)
	})
	if err == nil {
		s.known.Store(q.Hash, true)
	}
	return err
}

// CountClient adds one client to day's count (a day is YYYY-MM-DD in the
// laptop's time zone) and returns the new count; the count is committed
// and synced, as an answer is.
func (s *Store) CountClient(day string) (int, error) {
	var n uint64
	err := s.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketCounts)
		if err != nil {
			return err
		}
		n, _ = binary.Uvarint(b.Get([]byte(day)))
		n++
		return b.Put([]byte(day), binary.AppendUvarint(nil, n))
	})
	return int(n), err
}

// ClientCount is day's count of clients.
func (s *Store) ClientCount(day string) (int, error) {
	var n uint64
	err := s.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketCounts); b != nil {
			n, _ = binary.Uvarint(b.Get([]byte(day)))
		}
		return nil
	})
	return int(n), err
}

// ClientCounts calls fn for every day's count, in day order.
func (s *Store) ClientCounts(fn func(day string, n int)) error {
	return s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCounts)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			n, _ := binary.Uvarint(v)
			fn(string(k), int(n))
			return nil
		})
	})
}

// EachContact calls fn for every approach, in the order they were made,
// with a Contact it reuses (Clone keeps one); bad is told of a record
// that cannot be read, and the scan goes on. fn runs inside the store's
// read and must not call the store.
func (s *Store) EachContact(fn func(*Contact) error, bad func(error)) error {
	return s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketContacts)
		if b == nil {
			return nil
		}
		var c Contact
		return b.ForEach(func(k, v []byte) error {
			if err := DecodeContact(k, v, &c); err != nil {
				if bad != nil {
					bad(err)
				}
				return nil
			}
			return fn(&c)
		})
	})
}

// Tally is what the approach log holds since a time: the approaches by
// outcome, and the highest client number an approach was made for.
type Tally struct {
	ByOutcome map[Outcome]int
	LastCount int
}

// ContactsSince tallies the approaches made since t.
func (s *Store) ContactsSince(t time.Time) (Tally, error) {
	out := Tally{ByOutcome: map[Outcome]int{}}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketContacts)
		if b == nil {
			return nil
		}
		// IDs are UUIDv7: their first 48 bits are the time in milliseconds.
		var from [16]byte
		ms := uint64(max(0, t.UnixMilli()))
		for i := 0; i < 6; i++ {
			from[i] = byte(ms >> (40 - 8*i))
		}
		var c Contact
		cur := b.Cursor()
		for k, v := cur.Seek(from[:]); k != nil; k, v = cur.Next() {
			if err := DecodeContact(k, v, &c); err == nil {
				out.ByOutcome[c.Outcome]++
				out.LastCount = max(out.LastCount, c.Count)
			}
		}
		return nil
	})
	return out, err
}

// ContactIter walks a read-only store's approach log in ID (time) order
// inside one read transaction, so that export can merge many stores side
// by side. The Contact it gives points into the store's memory map and
// is valid until the next call of Next.
type ContactIter struct {
	s    *Store
	tx   *bolt.Tx
	cur  *bolt.Cursor
	k, v []byte
	c    Contact
	bad  []error
	err  error
	prev []byte
	n    int
}

// IterateContacts starts a ContactIter; only a store opened with
// OpenReadOnly can; call Close when done.
func (s *Store) IterateContacts() (*ContactIter, error) {
	if s.db == nil {
		return nil, fmt.Errorf("%s: reading the approach log needs a store opened read-only", s.path)
	}
	tx, err := s.db.Begin(false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.path, err)
	}
	it := &ContactIter{s: s, tx: tx}
	if b := tx.Bucket(bucketContacts); b != nil {
		it.cur = b.Cursor()
	}
	return it, nil
}

// Next moves to the next approach that decodes; the ones that do not
// are passed over and kept for Damaged.
func (it *ContactIter) Next() (ok bool) {
	if it.cur == nil || it.err != nil {
		return false
	}
	defer func() {
		if r := recover(); r != nil { // a page pointing outside the file
			it.err = fmt.Errorf("%s: the approach log cannot be read (%v): %w; run anketa store check", it.s.path, r, errCorrupt)
			ok = false
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	for {
		if it.k == nil && it.prev == nil {
			it.k, it.v = it.cur.First()
		} else {
			it.k, it.v = it.cur.Next()
		}
		if it.k == nil {
			it.cur = nil
			return false
		}
		if it.prev != nil && bytes.Compare(it.k, it.prev) <= 0 {
			it.err = fmt.Errorf("%s: %w: its approach log is out of order after %x (a damaged page); run anketa store check", it.s.path, ErrNotStore, it.prev)
			return false
		}
		it.prev = it.k
		if it.n++; it.n%4096 == 0 {
			it.s.release() // keep memory flat on long logs, as sessions do
		}
		if err := DecodeContact(it.k, it.v, &it.c); err != nil {
			it.bad = append(it.bad, fmt.Errorf("%s: %w", it.s.path, err))
			continue
		}
		return true
	}
}

// Contact is the current approach.
func (it *ContactIter) Contact() *Contact { return &it.c }

// Raw is the current approach's record, to compare two copies.
func (it *ContactIter) Raw() []byte { return it.v }

// Damaged are the records Next passed over.
func (it *ContactIter) Damaged() []error { return it.bad }

// Err is what stopped Next, if anything.
func (it *ContactIter) Err() error { return it.err }

// Close ends the read transaction.
func (it *ContactIter) Close() error {
	if it.tx == nil {
		return nil
	}
	err := it.tx.Rollback()
	it.tx, it.cur = nil, nil
	return err
}
