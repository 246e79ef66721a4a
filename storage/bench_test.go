package storage

import (
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// BenchmarkSetAnswer saves answers one by one, each committed and synced,
// on the disk that holds the temporary folder, and reports the median and
// 99th percentile per answer.
func BenchmarkSetAnswer(b *testing.B) {
	s, _ := openTemp(b)
	q := defaultQ(b)
	sess, err := s.NewSession(q, "T01", "cs")
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		name, v := newAnswer(i)
		start := time.Now()
		if err := s.SetAnswer(sess.ID, name, v); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// newAnswer is the i-th answer of a benchmark's interview: 25 questions
// in turn, each given a value other than the one it holds, so that every
// save writes its answered or changed event as an interviewer's does.
func newAnswer(i int) (string, questionnaire.Value) {
	return fmt.Sprintf("q%d", i%25), questionnaire.CodeValue(fmt.Sprint(1 + (i/25)%5))
}

// BenchmarkLogContact logs one approach (a refusal at the counter),
// committed and synced, as the home screen's x does; its p50 is to stay
// under BenchmarkSetAnswer's. BenchmarkCountClient is the k key's count.
//
//	go test -run - -bench 'SetAnswer|LogContact|CountClient' -benchtime 2000x ./storage
func BenchmarkLogContact(b *testing.B) {
	s, _ := openTemp(b)
	q := defaultQ(b)
	place := []Answer{{Name: "pracoviste", Value: questionnaire.CodeValue("2")}}
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		if err := s.LogContact(q, &Contact{Interviewer: "T01", Outcome: Refused, Every: 3, Count: 3, Place: place}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	reportLatency(b, lat)
}

// BenchmarkApproachAgainstAnswer logs an approach and saves an answer
// in turn on one store, so that both meet the same disk at the same time:
// the fair comparison on a noisy machine. The store is a laptop's after
// a few weeks (2,000 sessions with their paradata, 3,000 approaches), so
// that both write into trees of their real depth (in an empty store the
// sessions fit in one page and the events in a few, and an answer writes
// fewer pages than it will on a laptop). It reports
// both medians and their ratio (approach/answer, to stay under 1).
func BenchmarkApproachAgainstAnswer(b *testing.B) {
	s, _ := openTemp(b)
	q := defaultQ(b)
	var past []*Session
	var log []*Contact
	t0 := time.Now().Add(-30 * 24 * time.Hour)
	for i := range 3000 {
		t := t0.Add(time.Duration(i) * 10 * time.Minute)
		c := &Contact{ID: ID(uuid.Must(uuid.NewV7())), Time: t, Interviewer: "T01", Outcome: Refused}
		if i%3 != 0 {
			sess := &Session{ID: ID(uuid.Must(uuid.NewV7())), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: Completed, Started: t, Interviewer: "T01", Language: "cs"}
			for k := range 11 {
				sess.Answers = append(sess.Answers, Answer{Name: fmt.Sprintf("q%d", k), Value: questionnaire.CodeValue("2")})
			}
			past = append(past, sess)
			c.Outcome, c.Session = Interviewed, sess.ID
		}
		log = append(log, c)
	}
	if err := s.WriteSessions(q, past); err != nil {
		b.Fatal(err)
	}
	// Each past interview has the paradata the app writes for it: started,
	// every question shown and answered, completed.
	if err := s.update(func(tx *bolt.Tx) error {
		for _, sess := range past {
			at := sess.Started
			evs := []Event{{Time: at, Kind: EventStarted}}
			for _, a := range sess.Answers {
				at = at.Add(20 * time.Second)
				evs = append(evs, Event{Time: at, Kind: EventShown, Item: a.Name}, Event{Time: at.Add(5 * time.Second), Kind: EventAnswered, Item: a.Name, New: a.Value})
			}
			evs = append(evs, Event{Time: at.Add(10 * time.Second), Kind: EventCompleted})
			for _, ev := range evs {
				if err := appendEvent(tx, sess, ev); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	if err := s.WriteContacts(q, log, nil); err != nil {
		b.Fatal(err)
	}
	sess, err := s.NewSession(q, "T01", "cs")
	if err != nil {
		b.Fatal(err)
	}
	place := []Answer{{Name: "pracoviste", Value: questionnaire.CodeValue("2")}}
	var contact, answer []time.Duration
	i := 0
	for b.Loop() {
		logIt := func() {
			start := time.Now()
			if err := s.LogContact(q, &Contact{Interviewer: "T01", Outcome: Refused, Place: place}); err != nil {
				b.Fatal(err)
			}
			contact = append(contact, time.Since(start))
		}
		save := func() {
			name, v := newAnswer(i)
			start := time.Now()
			if err := s.SetAnswer(sess.ID, name, v); err != nil {
				b.Fatal(err)
			}
			answer = append(answer, time.Since(start))
		}
		if i%2 == 0 {
			logIt()
			save()
		} else {
			save()
			logIt()
		}
		i++
	}
	slices.Sort(contact)
	slices.Sort(answer)
	c, a := contact[len(contact)/2], answer[len(answer)/2]
	b.ReportMetric(float64(c.Microseconds())/1000, "approach-p50-ms")
	b.ReportMetric(float64(a.Microseconds())/1000, "answer-p50-ms")
	b.ReportMetric(float64(c)/float64(a), "ratio")
}

func BenchmarkCountClient(b *testing.B) {
	s, _ := openTemp(b)
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := s.CountClient("2026-12-02"); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	reportLatency(b, lat)
}

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

var (
	scanOnce  sync.Once
	scanPath  string
	scanCount = 100_000
)

// scanStore writes, once per test process, a store of 100k sessions of
// 25 answers each: codes mostly, as a satisfaction survey has, with a few
// numbers, a date, a multiple choice and a free text.
func scanStore(b *testing.B) string {
	scanOnce.Do(func() {
		dir, err := tempDirOutsideTest()
		if err != nil {
			b.Fatal(err)
		}
		scanPath = filepath.Join(dir, "scan.db")
		s, err := Open(scanPath)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		q := defaultQ(b)
		start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		batch := make([]*Session, 0, 10_000)
		for i := 0; i < scanCount; i++ {
			u, _ := uuid.NewV7()
			sess := &Session{
				ID: ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: Completed,
				Started: start.Add(time.Duration(i) * time.Minute), Interviewer: "T01", Language: "cs",
			}
			sess.Updated = sess.Started.Add(3 * time.Minute)
			sess.Finished = sess.Updated
			for k := 0; k < 25; k++ {
				var v questionnaire.Value
				switch k {
				case 20:
					v = questionnaire.IntValue(int64(i % 7))
				case 21:
					v = questionnaire.DecimalValue(float64(i%100) / 4)
				case 22:
					v = questionnaire.DateValue(sess.Started)
				case 23:
					v = questionnaire.CodesValue("1", "3")
				case 24:
					v = questionnaire.TextValue("delší otevírací doba ve čtvrtek")
				default:
					v = questionnaire.CodeValue(fmt.Sprint(1 + (i+k)%5))
				}
				sess.Answers = append(sess.Answers, Answer{fmt.Sprintf("q%02d", k), v})
			}
			batch = append(batch, sess)
			if len(batch) == cap(batch) {
				if err := s.WriteSessions(q, batch); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
		}
	})
	return scanPath
}

// BenchmarkScan reads and decodes every session of a 100k-session store
// in one read transaction, and reports sessions per second.
func BenchmarkScan(b *testing.B) {
	path := scanStore(b)
	s, err := OpenReadOnly(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	answers := 0
	for b.Loop() {
		n := 0
		if err := s.Scan(func(sess *Session) error {
			n++
			answers += len(sess.Answers)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if n != scanCount {
			b.Fatalf("scanned %d sessions, want %d", n, scanCount)
		}
	}
	b.ReportMetric(float64(scanCount)*float64(b.N)/b.Elapsed().Seconds(), "sessions/s")
}
