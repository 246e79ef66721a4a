package tui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/google/uuid"

	"anketa/questionnaire"
	"anketa/storage"
	"anketa/tui/engine"
)

// bigQuestionnaire has n questions: mostly grades with relevance, a few
// texts and numbers.
func bigQuestionnaire(tb testing.TB, n int) *questionnaire.Questionnaire {
	var b strings.Builder
	b.WriteString("id: big\nversion: \"1\"\ntitle: Big\nchoices:\n  skola:\n")
	for v := 1; v <= 5; v++ {
		fmt.Fprintf(&b, "    - {value: \"%d\", label: \"%d\"}\n", v, v)
	}
	b.WriteString("    - {value: \"9\", label: nevím, missing: dont_know}\nquestions:\n")
	for i := 0; i < n; i++ {
		switch {
		case i%50 == 49:
			fmt.Fprintf(&b, "  - {name: q%d, type: text, label: \"Otázka %d\"}\n", i, i)
		case i%25 == 24:
			fmt.Fprintf(&b, "  - {name: q%d, type: integer, label: \"Otázka %d\", constraint: \". >= 0\"}\n", i, i)
		case i == 0:
			fmt.Fprintf(&b, "  - {name: q%d, type: select_one skola, label: \"Otázka %d\", required: true}\n", i, i)
		default:
			fmt.Fprintf(&b, "  - {name: q%d, type: select_one skola, label: \"Otázka %d\", relevant: \"${q%d} != '5'\"}\n", i, i, i-1)
		}
	}
	q, err := questionnaire.Parse("big.yaml", []byte(b.String()))
	if err != nil {
		tb.Fatal(err)
	}
	return q
}

func benchModel(b *testing.B, q *questionnaire.Questionnaire, sessions int) *Model {
	path := filepath.Join(b.TempDir(), "anketa.db")
	s, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	s.SetSetting("interviewer", "T07")
	if sessions > 0 {
		batch := make([]*storage.Session, 0, sessions)
		start := time.Now().Add(-time.Duration(sessions) * time.Minute)
		for i := 0; i < sessions; i++ {
			u, _ := uuid.NewV7()
			sess := &storage.Session{ID: storage.ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash,
				Status: storage.Completed, Started: start.Add(time.Duration(i) * time.Minute), Interviewer: "T07", Language: "cs"}
			if i%100 == 0 {
				sess.Status = storage.InProgress
			}
			for k := 0; k < 25; k++ {
				sess.Answers = append(sess.Answers, storage.Answer{Name: fmt.Sprintf("q%d", k), Value: questionnaire.CodeValue(fmt.Sprint(1 + (i+k)%4))})
			}
			batch = append(batch, sess)
		}
		if err := s.WriteSessions(q, batch); err != nil {
			b.Fatal(err)
		}
	}
	return New(Options{Questionnaire: q, Store: s, UILang: "cs"})
}

// timedStore is the real store, with the time its commits of answers
// take added up: the app's own share of a keystroke is the rest.
type timedStore struct {
	*storage.Store
	commit time.Duration
}

func (t *timedStore) SetAnswerAndShow(id storage.ID, name string, v questionnaire.Value, next string) error {
	start := time.Now()
	err := t.Store.SetAnswerAndShow(id, name, v, next)
	t.commit += time.Since(start)
	return err
}

// BenchmarkKeystroke measures the keystroke an interviewer makes most: a
// digit that answers a grade on a 300-question questionnaire, from the
// key to the next frame: Update (the answer committed and synced to the
// disk, with the move to the next question) and View. It reports the
// median and the 99th percentile of that time, and of the app's own share
// without the commit. A digit returns no command, except the cursor's
// blink when the next question is typed: no work is left for after the
// frame.
//
//	go test -run - -bench Keystroke -benchtime 2000x ./tui
func BenchmarkKeystroke(b *testing.B) {
	q := bigQuestionnaire(b, 300)
	m := benchModel(b, q, 0)
	ts := &timedStore{Store: m.store}
	m.through = ts
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	start := func() {
		if cmd := m.startInterview(false); cmd != nil {
			b.Fatal("a new interview on a grade returned a command")
		}
	}
	start()
	digits := []string{"1", "2", "3", "4"}
	var total, own []time.Duration
	n := 0
	for b.Loop() {
		if next := m.iv.State().Next(m.iv.Step()); m.iv.AtReview() || next < 0 || q.Items[m.iv.Step()].Type != questionnaire.SelectOne {
			start()
		}
		before := ts.commit
		t0 := time.Now()
		_, cmd := m.Update(keyMsg(digits[n%4]))
		_ = m.View()
		d := time.Since(t0)
		if cmd != nil {
			if q, ok := m.screen.(*questionScreen); !ok || !isInput(q.w) {
				b.Fatal("a digit on a grade returned a command other than the next input's cursor")
			}
		}
		total = append(total, d)
		own = append(own, d-(ts.commit-before))
		n++
	}
	b.ReportMetric(ms(percentile(total, 50)), "ms-p50")
	b.ReportMetric(ms(percentile(total, 99)), "ms-p99")
	b.ReportMetric(ms(percentile(own, 50)), "ms-app-p50")
	b.ReportMetric(ms(percentile(own, 99)), "ms-app-p99")
}

func isInput(w widget) bool { _, ok := w.(*inputWidget); return ok }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentile is the p-th percentile of ds (nearest rank).
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	k := (p*len(s) + 99) / 100
	return s[max(0, min(len(s)-1, k-1))]
}

func TestPercentile(t *testing.T) {
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[i] = time.Duration(100-i) * time.Millisecond
	}
	if p := percentile(ds, 50); p != 50*time.Millisecond {
		t.Errorf("median of 1..100 ms = %v", p)
	}
	if p := percentile(ds, 99); p != 99*time.Millisecond {
		t.Errorf("p99 of 1..100 ms = %v", p)
	}
}

// BenchmarkKeystrokeNoSave is a keystroke on the jump list, where
// nothing is saved: the cost of Update and View alone.
func BenchmarkKeystrokeNoSave(b *testing.B) {
	q := bigQuestionnaire(b, 300)
	m := benchModel(b, q, 0)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.startInterview(false)
	m.show(m.newReview(true))
	keys := []string{"down", "up"}
	n := 0
	for b.Loop() {
		m.Update(keyMsg(keys[n%2]))
		_ = m.View()
		n++
	}
}

// BenchmarkStartup measures start to first frame: the app's model made on
// a store of 10,000 sessions (today's counts and the unfinished list read
// from it) and its first View, with the 300-question questionnaire.
func BenchmarkStartup(b *testing.B) {
	q := bigQuestionnaire(b, 300)
	m := benchModel(b, q, 10_000)
	opt := m.opt
	for b.Loop() {
		mm := New(opt)
		mm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		_ = mm.View()
	}
}

// BenchmarkKeystrokeTyping types one character into a text answer: Update
// and View, the commonest keystroke that saves nothing.
func BenchmarkKeystrokeTyping(b *testing.B) {
	q := bigQuestionnaire(b, 300)
	m := benchModel(b, q, 0)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.startInterview(false)
	open := func() {
		if err := m.iv.GoTo(q.Item("q49").Index, engine.AfterNext); err != nil {
			b.Fatal(err)
		}
		m.showStep()
	}
	open()
	n := 0
	for b.Loop() {
		if n%100 == 99 { // keep the answer short, as a real one is
			b.StopTimer()
			open()
			b.StartTimer()
		}
		// The character goes in during Update; the command it returns
		// is only the cursor's blink timer.
		m.Update(keyMsg("a"))
		_ = m.View()
		n++
	}
}

// BenchmarkLongTexts draws long answers and labels as the review and the
// question screens do: truncated to a line, and wrapped. The time per
// byte must not grow with the length (it was quadratic: 150 ms for a
// 2,000-character answer, per frame).
//
//	go test -run - -bench LongTexts ./tui
func BenchmarkLongTexts(b *testing.B) {
	for _, n := range []int{2_000, 20_000, 200_000} {
		text := strings.Repeat("žluťoučký kůň ", n/14+1)[:n]
		b.Run(fmt.Sprintf("truncate-%d", n), func(b *testing.B) {
			for b.Loop() {
				truncate(text, 60)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/byte")
		})
		b.Run(fmt.Sprintf("wrap-%d", n), func(b *testing.B) {
			for b.Loop() {
				wrapWords(text, 76)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/byte")
		})
	}
}
