package storage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// sealedForm is a questionnaire that seals its sessions to recipient.
func sealedForm(t *testing.T, recipient string) *questionnaire.Questionnaire {
	t.Helper()
	q, err := questionnaire.Parse("sealed.yaml", []byte(`
id: zapecetene
version: "1"
title: Sealed
recipients: [`+recipient+`]
choices:
  misto: [{value: "1", label: Vehicles}, {value: "2", label: Trade}]
questions:
  - {name: misto, type: select_one misto, label: Workplace, persist: true}
  - {name: navrh, type: text, label: Suggestion}
`))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func newIdentity(t *testing.T) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func fileHas(t *testing.T, path, s string) bool {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(raw, []byte(s))
}

func TestSealingLeavesNoPlaintext(t *testing.T) {
	coordinator := newIdentity(t)
	q := sealedForm(t, coordinator.Recipient().String())
	path := filepath.Join(t.TempDir(), "anketa.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const secret = "kolega Novák z okénka 3 byl hrubý"
	sess, err := s.NewSession(q, "T07", "cs")
	if err != nil {
		t.Fatal(err)
	}
	s.SetAnswer(sess.ID, "misto", questionnaire.CodeValue("2"))
	if err := s.SetAnswer(sess.ID, "navrh", questionnaire.TextValue(secret)); err != nil {
		t.Fatal(err)
	}
	// While the interview goes on, the answer is on disk in the clear: it
	// can be resumed.
	if !fileHas(t, path, secret) {
		t.Fatal("the answer of a session in progress should be in the file; the search below would prove nothing")
	}
	if err := s.Complete(sess.ID); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + ".compact"} {
		if _, err := os.Stat(f); err == nil && fileHas(t, f, secret) {
			t.Errorf("%s still holds the free-text answer after sealing", filepath.Base(f))
		}
	}
	if fileHas(t, path, "T07") {
		t.Error("the interviewer's code is still readable")
	}
	// The laptop sees only the ID, status, times and the workplace.
	got, err := s.Load(sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Sealed || got.Status != Completed || got.Interviewer != "" || len(got.Answers) != 1 || got.Answer("misto").Text != "2" || got.Finished.IsZero() {
		t.Errorf("sealed session as the laptop sees it: %+v", got)
	}
	if ev, err := s.Events(sess.ID); err != nil || len(ev) != 0 {
		t.Errorf("events left in the clear: %v %v", ev, err)
	}
	// The next interview is still prefilled with the workplace.
	if p, err := s.Persisted(q); err != nil || p["misto"].Text != "2" {
		t.Errorf("persisted after sealing: %v %v", p, err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
	// The coordinator's identity opens it, answers and paradata.
	events, err := Unseal(got, []age.Identity{coordinator})
	if err != nil {
		t.Fatal(err)
	}
	if got.Answer("navrh").Text != secret || got.Interviewer != "T07" || got.Sealed {
		t.Errorf("unsealed: %+v", got)
	}
	if len(events) != 4 || events[0].Kind != EventStarted || events[3].Kind != EventCompleted {
		t.Errorf("unsealed events: %+v", events)
	}
	// Another key does not.
	other := got
	other, _ = s.Load(sess.ID)
	if _, err := Unseal(other, []age.Identity{newIdentity(t)}); !errors.Is(err, ErrNoIdentity) {
		t.Errorf("a wrong identity: %v", err)
	}
	if _, err := Unseal(other, nil); !errors.Is(err, ErrNoIdentity) {
		t.Errorf("no identity: %v", err)
	}
}

func TestAbandonSealsTheReason(t *testing.T) {
	coordinator := newIdentity(t)
	path := filepath.Join(t.TempDir(), "anketa.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	q := sealedForm(t, coordinator.Recipient().String())
	sess, _ := s.NewSession(q, "T07", "cs")
	if err := s.Abandon(sess.ID, "klientka Dvořáková odešla"); err != nil {
		t.Fatal(err)
	}
	if fileHas(t, path, "Dvořáková") {
		t.Error("the abandon reason is readable after sealing")
	}
	got, _ := s.Load(sess.ID)
	if _, err := Unseal(got, []age.Identity{coordinator}); err != nil || got.Reason != "klientka Dvořáková odešla" || got.Status != Abandoned {
		t.Errorf("%+v %v", got, err)
	}
}

// tamper changes one byte of the value under key in bucket, in the middle
// of it or at offset when it is not negative.
func tamper(t *testing.T, path string, bucket, key []byte, offset int) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		v := bytes.Clone(b.Get(key))
		if offset < 0 {
			offset = len(v) / 2
		}
		v[offset] ^= 0x01
		return b.Put(key, v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTamperingIsDetected(t *testing.T) {
	coordinator := newIdentity(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "anketa.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	q := sealedForm(t, coordinator.Recipient().String())
	sealed, _ := s.NewSession(q, "T07", "cs")
	s.SetAnswer(sealed.ID, "navrh", questionnaire.TextValue("delší otevírací doba"))
	s.Complete(sealed.ID)
	open, _ := s.NewSession(q, "T07", "cs")
	s.SetAnswer(open.ID, "navrh", questionnaire.TextValue("rozepsáno"))
	s.Close()

	// A byte of the sealed blob, and a byte of an event of the session in
	// progress.
	tamper(t, path, bucketSessions, sealed.ID[:], -1)
	tamper(t, path, bucketEvents, eventKey(open.ID, 1), -1)

	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	problems, err := r.Check()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{"session " + sealed.ID.String() + ": its sealed record does not match its checksum",
		"session " + open.ID.String() + ": the event chain breaks at event 1"} {
		if !strings.Contains(all, want) {
			t.Errorf("check should report %q; it says:\n%s", want, all)
		}
	}
	if len(problems) != 2 {
		t.Errorf("%d problems, want 2:\n%s", len(problems), all)
	}
}

// A change inside the ciphertext is caught when the session is opened,
// even if whoever made it also fixed the record's checksum.
func TestTamperedCiphertextFailsToOpen(t *testing.T) {
	coordinator := newIdentity(t)
	path := filepath.Join(t.TempDir(), "anketa.db")
	s, _ := Open(path)
	q := sealedForm(t, coordinator.Recipient().String())
	sess, _ := s.NewSession(q, "T07", "cs")
	s.Complete(sess.ID)
	got, _ := s.Load(sess.ID)
	s.Close()
	seal := []byte(got.seal)
	seal[len(seal)-20] ^= 1
	got.seal = string(seal)
	if _, err := Unseal(got, []age.Identity{coordinator}); !errors.Is(err, ErrTampered) {
		t.Errorf("a changed ciphertext: %v", err)
	}
}

// A store written before sealing existed (format 1: no chain) is brought
// to format 2 when the app opens it, and its events keep their contents.
func TestUpgradeFromFormat1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := questionnaire.Default()
	sess := &Session{ID: ID{1, 2, 3}, QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: InProgress, Interviewer: "T01", Language: "cs",
		Answers: []Answer{{"navstev", questionnaire.IntValue(3)}}, Events: 2}
	events := []Event{{Kind: EventStarted}, {Kind: EventAnswered, Item: "navstev", New: questionnaire.IntValue(3)}}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			tx.CreateBucket(b)
		}
		var e encoder
		e.uvarint(1)
		tx.Bucket(bucketMeta).Put([]byte("format"), e.b)
		tx.Bucket(bucketMeta).Put([]byte("device"), []byte("old"))
		putQuestionnaire(tx, q, sess.Started)
		// the format 1 record: version 1, no chain head
		rec := sess.encode()
		rec = append([]byte{recordVersion}, rec[1:len(rec)-chainHashSize-recordCRCSize]...)
		tx.Bucket(bucketSessions).Put(sess.ID[:], rec)
		for i, ev := range events {
			tx.Bucket(bucketEvents).Put(eventKey(sess.ID, uint32(i)), ev.encode())
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Format() != FormatVersion {
		t.Errorf("format %d after opening, want %d", s.Format(), FormatVersion)
	}
	got, err := s.Events(sess.ID)
	if err != nil || len(got) != 2 || got[1].Item != "navstev" || got[1].New.Int != 3 {
		t.Errorf("events after the upgrade: %+v %v", got, err)
	}
	if err := s.SetAnswer(sess.ID, "navstev", questionnaire.IntValue(4)); err != nil {
		t.Fatal(err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check after the upgrade: %v %v", problems, err)
	}
}

// BenchmarkFinish is the interviewer's last keystroke: completing a
// session of 12 answers, on a store that does not seal and on stores that
// seal, with 0 and 5,000 sessions already in them (the compaction that
// follows a seal copies the whole store).
//
//	go test -run - -bench Finish -benchtime 20x ./storage
func BenchmarkFinish(b *testing.B) {
	coordinator, _ := age.GenerateX25519Identity()
	plain, _ := questionnaire.Default()
	src, _ := questionnaire.EmbeddedSource("spokojenost")
	src = bytes.Replace(src, []byte("\nlanguages:"), []byte("\nrecipients: ["+coordinator.Recipient().String()+"]\nlanguages:"), 1)
	sealed, err := questionnaire.Parse("sealed.yaml", src)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		q      *questionnaire.Questionnaire
		before int
	}{{"plain", plain, 0}, {"sealed-empty", sealed, 0}, {"sealed-5000", sealed, 5000}} {
		b.Run(c.name, func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "anketa.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var old []*Session
			for range c.before {
				sess := benchSession(b, c.q)
				sess.Status, sess.Finished = Completed, sess.Updated
				old = append(old, sess)
			}
			if err := s.WriteSessions(c.q, old); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				b.StopTimer()
				sess, err := s.NewSession(c.q, "T01", "cs")
				if err != nil {
					b.Fatal(err)
				}
				for i, name := range []string{"pracoviste", "duvod", "navstev", "celkove", "cekani", "ochota", "srozumitelnost", "oteviraci_doba", "prostredi", "slozitost", "navrh", "duvod_jiny"} {
					s.SetAnswer(sess.ID, name, questionnaire.TextValue(fmt.Sprintf("odpověď %d", i)))
				}
				b.StartTimer()
				if err := s.Complete(sess.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchSession(b *testing.B, q *questionnaire.Questionnaire) *Session {
	u, _ := uuid.NewV7()
	now := time.Now().UTC().Truncate(time.Millisecond)
	return &Session{ID: ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: InProgress, Started: now, Updated: now,
		Interviewer: "T01", Language: "cs", Answers: []Answer{{"navrh", questionnaire.TextValue("delší otevírací doba ve čtvrtek")}, {"celkove", questionnaire.CodeValue("2")}}}
}
