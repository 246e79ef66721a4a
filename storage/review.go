package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A review store holds a coordinator's decisions on sessions: approved,
// or rejected with a reason. It lives beside the stores it reviews
// (review.db, or review-NAME.db for each of several coordinators), and
// the stores themselves are never written by a review. Export and report
// read every review store found among their inputs and leave rejected
// sessions out; the latest decision on a session wins.
//
// Layout: bucket "review": "format" -> uvarint 1, "questionnaire" -> the
// questionnaire id reviewed; bucket "decisions": session ID -> byte 1 |
// byte verdict | str reason | str reviewer | varint time | 4 bytes
// CRC-32C of the key and all before it.

var (
	bucketReview    = []byte("review")
	bucketDecisions = []byte("decisions")
)

const reviewFormat = 1

// Verdict is a coordinator's decision on a session.
type Verdict uint8

const (
	Approved Verdict = iota + 1
	Rejected
)

func (v Verdict) String() string {
	switch v {
	case Approved:
		return "approved"
	case Rejected:
		return "rejected"
	}
	return fmt.Sprintf("verdict(%d)", v)
}

// Decision is one decision on one session.
type Decision struct {
	Session  ID
	Verdict  Verdict
	Reason   string
	Reviewer string
	Time     time.Time
}

// ErrOtherQuestionnaire is a review store of another questionnaire.
var ErrOtherQuestionnaire = errors.New("the review store is of another questionnaire")

// IsReviewName reports whether path is named as a review store is:
// review.db or review-NAME.db.
func IsReviewName(path string) bool {
	b := filepath.Base(path)
	return b == "review.db" || strings.HasPrefix(b, "review-") && strings.HasSuffix(b, ".db")
}

// Review is an open review store.
type Review struct {
	path string
	db   *bolt.DB
	qid  string
}

// OpenReview opens the review store at path for writing, making it for
// questionnaire qid if it does not exist. One coordinator at a time: a
// second window gets a clear error after a second. A review store of
// another questionnaire, or a damaged one, is refused with what to do.
func OpenReview(path, qid string) (*Review, error) {
	return openReview(path, qid, false)
}

// OpenReviewReadOnly opens a review store to read its decisions.
func OpenReviewReadOnly(path string) (*Review, error) {
	return openReview(path, "", true)
}

func openReview(path, qid string, readOnly bool) (r *Review, err error) {
	defer func() {
		if p := recover(); p != nil { // bbolt on a damaged file
			r, err = nil, fmt.Errorf("%s: the review store is damaged (%v); keep it aside and start a new one with --review", path, p)
		}
	}()
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: readOnly})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%s: another window is reviewing with this review store; close it, or name another with --review", path)
		}
		if errors.Is(err, bolt.ErrInvalid) || errors.Is(err, bolt.ErrChecksum) || errors.Is(err, bolt.ErrVersionMismatch) {
			return nil, fmt.Errorf("%s: the review store is damaged or not a review store (%v); keep it aside and start a new one with --review", path, err)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r = &Review{path: path, db: db}
	err = func() error {
		if readOnly {
			return db.View(r.readMeta)
		}
		return db.Update(func(tx *bolt.Tx) error {
			if tx.Bucket(bucketReview) == nil {
				if !isEmptyDB(tx) {
					return fmt.Errorf("%s: not a review store (it is a bbolt database of something else); name another with --review", path)
				}
				b, err := tx.CreateBucket(bucketReview)
				if err != nil {
					return err
				}
				if err := b.Put([]byte("format"), binary.AppendUvarint(nil, reviewFormat)); err != nil {
					return err
				}
				if err := b.Put([]byte("questionnaire"), []byte(qid)); err != nil {
					return err
				}
				if _, err := tx.CreateBucket(bucketDecisions); err != nil {
					return err
				}
			}
			return r.readMeta(tx)
		})
	}()
	if err == nil && qid != "" && r.qid != qid {
		err = fmt.Errorf("%s: %w: it reviews %s, these stores hold %s; name another with --review", path, ErrOtherQuestionnaire, r.qid, qid)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return r, nil
}

func (r *Review) readMeta(tx *bolt.Tx) error {
	b := tx.Bucket(bucketReview)
	if b == nil || tx.Bucket(bucketDecisions) == nil {
		return fmt.Errorf("%s: not a review store; name another with --review", r.path)
	}
	if f, _ := binary.Uvarint(b.Get([]byte("format"))); f > reviewFormat {
		return fmt.Errorf("%s: a review store of a newer anketa (format %d); update anketa", r.path, f)
	}
	r.qid = string(b.Get([]byte("questionnaire")))
	return nil
}

// Path is the review store's file.
func (r *Review) Path() string { return r.path }

// QuestionnaireID is the questionnaire the review store reviews.
func (r *Review) QuestionnaireID() string { return r.qid }

// Close closes the review store.
func (r *Review) Close() error { return r.db.Close() }

func (d *Decision) encode() []byte {
	e := encoder{}
	e.byte1(1)
	e.byte1(byte(d.Verdict))
	e.str(d.Reason)
	e.str(d.Reviewer)
	e.time(d.Time)
	return binary.BigEndian.AppendUint32(e.b, recordCRC(d.Session[:], e.b))
}

func decodeDecision(k, v []byte) (Decision, error) {
	var d Decision
	if len(k) != len(d.Session) {
		return d, fmt.Errorf("decision key of %d bytes: %w", len(k), errCorrupt)
	}
	copy(d.Session[:], k)
	s := string(v)
	if len(s) < 1+recordCRCSize || s[0] != 1 || !checksumOK(k, s) {
		return d, fmt.Errorf("the decision on session %s does not match its checksum: %w", d.Session, ErrTampered)
	}
	dec := decoder{s: s[1 : len(s)-recordCRCSize]}
	d.Verdict = Verdict(dec.byte1())
	d.Reason = dec.str()
	d.Reviewer = dec.str()
	d.Time = dec.time()
	if dec.err == nil && (d.Verdict < Approved || d.Verdict > Rejected || dec.s != "") {
		dec.err = errCorrupt
	}
	if dec.err != nil {
		return d, fmt.Errorf("the decision on session %s: %w", d.Session, dec.err)
	}
	return d, nil
}

// Decide records a decision, committed and synced; a rejection needs a
// reason. A later decision on the same session replaces the earlier.
func (r *Review) Decide(d Decision) error {
	if d.Verdict == Rejected && strings.TrimSpace(d.Reason) == "" {
		return errors.New("say why the interview is rejected")
	}
	if d.Time.IsZero() {
		d.Time = time.Now()
	}
	d.Time = d.Time.UTC().Truncate(time.Millisecond)
	return r.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDecisions).Put(d.Session[:], d.encode())
	})
}

// Decisions calls fn with every decision, in session ID order; bad is
// told of one that cannot be read.
func (r *Review) Decisions(fn func(Decision), bad func(error)) error {
	return r.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDecisions).ForEach(func(k, v []byte) error {
			d, err := decodeDecision(k, v)
			if err != nil {
				if bad != nil {
					bad(fmt.Errorf("%s: %w", r.path, err))
				}
				return nil
			}
			fn(d)
			return nil
		})
	})
}
