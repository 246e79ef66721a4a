package storage

import (
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

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
		start := time.Now()
		if err := s.SetAnswer(sess.ID, fmt.Sprintf("q%d", i%25), questionnaire.CodeValue(fmt.Sprint(1+i%5))); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkLogContact logs one approach (a refusal at the counter) and
// counts the client, as the home screen's keys do, each committed and
// synced; its p50 is to stay under BenchmarkSetAnswer's.
//
//	go test -run - -bench 'SetAnswer|LogContact' -benchtime 2000x ./storage
func BenchmarkLogContact(b *testing.B) {
	s, _ := openTemp(b)
	q := defaultQ(b)
	place := []Answer{{Name: "pracoviste", Value: questionnaire.CodeValue("2")}}
	var lat, count []time.Duration
	for b.Loop() {
		start := time.Now()
		if err := s.LogContact(q, &Contact{Interviewer: "T01", Outcome: Refused, Every: 3, Count: 3, Place: place}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		start = time.Now()
		if _, err := s.CountClient("2026-12-02"); err != nil {
			b.Fatal(err)
		}
		count = append(count, time.Since(start))
	}
	slices.Sort(lat)
	slices.Sort(count)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(count[len(count)/2].Microseconds())/1000, "count-p50-ms")
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
