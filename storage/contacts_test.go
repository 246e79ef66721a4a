package storage

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// TestContacts: approaches and the client count are kept across a
// reopen; an interview's approach is written with its session and
// points to it; store check reads them all and names a broken one.
func TestContacts(t *testing.T) {
	s, path := openTemp(t)
	q := defaultQ(t)
	place := []Answer{{Name: "pracoviste", Value: questionnaire.CodeValue("2")}}
	for i := 1; i <= 3; i++ {
		n, err := s.CountClient("2026-12-02")
		if err != nil || n != i {
			t.Fatalf("count %d: %d %v", i, n, err)
		}
	}
	must(t, s.LogContact(q, &Contact{Interviewer: "T01", Outcome: Refused, Every: 3, Count: 3, Place: place}))
	sess, err := s.StartSessionWith(q, "T01", "cs", ModeInterviewer, &Contact{Interviewer: "T01", Every: 3, Count: 6, Place: place})
	must(t, err)
	must(t, s.LogContact(q, &Contact{Interviewer: "T01", Outcome: LanguageBarrier}))
	if err := s.LogContact(q, &Contact{Outcome: Interviewed}); err == nil {
		t.Error("an interview's approach logged without its session")
	}
	s.Close()

	s, err = Open(path)
	must(t, err)
	defer s.Close()
	if n, _ := s.ClientCount("2026-12-02"); n != 3 {
		t.Errorf("count after reopen: %d", n)
	}
	var got []string
	must(t, s.EachContact(func(c *Contact) error {
		got = append(got, fmt.Sprintf("%s %s every=%d count=%d place=%v session=%v", c.Outcome, c.Interviewer, c.Every, c.Count, c.Place, c.Session == sess.ID))
		return nil
	}, func(err error) { t.Error(err) }))
	want := []string{
		"refused T01 every=3 count=3 place=[{pracoviste 2}] session=false",
		"interviewed T01 every=3 count=6 place=[{pracoviste 2}] session=true",
		"language_barrier T01 every=0 count=0 place=[] session=false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("contacts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	since, err := s.ContactsSince(time.Now().Add(-time.Hour))
	if by := since.ByOutcome; err != nil || by[Refused] != 1 || by[Interviewed] != 1 || by[LanguageBarrier] != 1 || since.LastCount != 6 {
		t.Errorf("since an hour ago: %v %v", since, err)
	}
	if since, _ := s.ContactsSince(time.Now().Add(time.Hour)); len(since.ByOutcome) != 0 || since.LastCount != 0 {
		t.Errorf("since an hour from now: %v", since)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}

	// A changed byte in a record is found by its checksum.
	var key []byte
	must(t, s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketContacts)
		k, v := b.Cursor().First()
		key = append([]byte(nil), k...)
		rec := append([]byte(nil), v...)
		rec[len(rec)-6] ^= 1
		return b.Put(key, rec)
	}))
	problems, err := s.Check()
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "does not match its checksum") {
		t.Errorf("check after a changed byte: %v %v", problems, err)
	}
	var bad []error
	s.EachContact(func(*Contact) error { return nil }, func(err error) { bad = append(bad, err) })
	if len(bad) != 1 || !errors.Is(bad[0], ErrTampered) {
		t.Errorf("reading a changed contact: %v", bad)
	}
}
