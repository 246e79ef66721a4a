package storage

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// editRecord changes a session's stored record in place, as someone with
// the file and a hex editor would, without going through the store.
func editRecord(t *testing.T, path string, id ID, edit func(rec []byte) []byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions)
		return b.Put(id[:], edit(bytes.Clone(b.Get(id[:]))))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestChangedAnswerIsFound: one digit of an answer changed in a completed
// record that is not sealed is found by Check, by Load and by the record
// check export runs, naming the session.
func TestChangedAnswerIsFound(t *testing.T) {
	s, path := openTemp(t)
	q := defaultQ(t)
	sess, err := s.NewSession(q, "T01", "cs")
	must(t, err)
	must(t, s.SetAnswer(sess.ID, "navrh", questionnaire.TextValue("fronta 12 minut")))
	must(t, s.Complete(sess.ID))
	s.Close()
	editRecord(t, path, sess.ID, func(rec []byte) []byte {
		return bytes.Replace(rec, []byte("fronta 12"), []byte("fronta 19"), 1)
	})
	s, err = Open(path)
	must(t, err)
	defer s.Close()
	problems, err := s.Check()
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], sess.ID.String()) || !strings.Contains(problems[0], "checksum") {
		t.Errorf("check: %v %v", problems, err)
	}
	if _, err := s.Load(sess.ID); !errors.Is(err, ErrTampered) {
		t.Errorf("load: %v", err)
	}
	var rec []byte
	s.view(func(tx *bolt.Tx) error { rec = bytes.Clone(tx.Bucket(bucketSessions).Get(sess.ID[:])); return nil })
	if err := CheckRecord(sess.ID[:], rec); err == nil || !strings.Contains(err.Error(), sess.ID.String()) {
		t.Errorf("CheckRecord: %v", err)
	}
}

// TestUpgradeFromFormat2 gives a format 2 store's records their checksums
// when the app opens it; a changed byte is then found.
func TestUpgradeFromFormat2(t *testing.T) {
	s, path := openTemp(t)
	q := defaultQ(t)
	sess, err := s.NewSession(q, "T01", "cs")
	must(t, err)
	must(t, s.SetAnswer(sess.ID, "navstev", questionnaire.IntValue(3)))
	s.Close()
	// Make it format 2: version 2 records, format 2 in meta.
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSessions)
		rec := bytes.Clone(b.Get(sess.ID[:]))
		rec = append([]byte{recordChained}, rec[1:len(rec)-recordCRCSize]...)
		var e encoder
		e.uvarint(2)
		tx.Bucket(bucketMeta).Put([]byte("format"), e.b)
		return b.Put(sess.ID[:], rec)
	}))
	db.Close()
	ro, err := OpenReadOnly(path)
	must(t, err)
	if ro.Format() != 2 {
		t.Fatalf("format %d, want 2", ro.Format())
	}
	if got, err := ro.Load(sess.ID); err != nil || got.Answer("navstev").Int != 3 {
		t.Fatalf("a format 2 record read: %v %v", got, err)
	}
	ro.Close()
	s, err = Open(filepath.Clean(path))
	must(t, err)
	if s.Format() != FormatVersion {
		t.Errorf("format %d after the app opened it", s.Format())
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check after the upgrade: %v %v", problems, err)
	}
	s.Close()
	editRecord(t, path, sess.ID, func(rec []byte) []byte { rec[len(rec)-40] ^= 1; return rec })
	ro, err = OpenReadOnly(path)
	must(t, err)
	defer ro.Close()
	if _, err := ro.Load(sess.ID); !errors.Is(err, ErrTampered) {
		t.Errorf("a changed byte after the upgrade: %v", err)
	}
}
