package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/google/uuid"

	"anketa/questionnaire"
	"anketa/storage"
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

// drain runs the commands a key produced, as the program would, feeding
// their messages back, so that a step is complete when measured. A
// command that does not answer within 20 ms is a timer (the cursor's
// blink) and is dropped.
func drain(m *Model, cmd tea.Cmd) {
	for depth := 0; cmd != nil && depth < 20; depth++ {
		msg := run(cmd)
		switch msg := msg.(type) {
		case tea.BatchMsg:
			var next []tea.Cmd
			for _, c := range msg {
				if c != nil {
					if mm := run(c); mm != nil {
						_, nc := m.Update(mm)
						next = append(next, nc)
					}
				}
			}
			cmd = tea.Batch(next...)
		case nil:
			return
		default:
			_, cmd = m.Update(msg)
		}
	}
}

func run(cmd tea.Cmd) tea.Msg {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		return msg
	case <-time.After(20 * time.Millisecond):
		return nil
	}
}

// BenchmarkKeystroke measures one keystroke on a 300-question
// questionnaire, from the key to the next frame (the ns/key-to-frame
// metric): Update and View for a digit that answers a grade (with its
// save, committed and synced) and moves to the next question. The commands
// Update returns run afterwards, as the Bubble Tea runtime runs them after
// the frame is drawn and while the interviewer reads the question aloud;
// among them is the building of the following question's form
// (interview.prebuild). BenchmarkKeystrokeCold counts everything,
// commands included, with no form built ahead.
func BenchmarkKeystroke(b *testing.B) { benchKeystroke(b, true) }

// BenchmarkKeystrokeCold is BenchmarkKeystroke with nothing prepared
// ahead and the commands timed too: the cost of a keystroke when the
// next form could not be built in advance (its label depends on the
// answer, say).
func BenchmarkKeystrokeCold(b *testing.B) { benchKeystroke(b, false) }

func benchKeystroke(b *testing.B, ahead bool) {
	prebuildAhead = ahead
	defer func() { prebuildAhead = true }()
	q := bigQuestionnaire(b, 300)
	m := benchModel(b, q, 0)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	drain(m, m.startInterview())
	digits := []string{"1", "2", "3", "4"}
	n := 0
	// The key-to-frame time is taken by hand: testing.B's StopTimer and
	// StartTimer read the memory statistics and would cost more than the
	// work between them. ns/op includes the untimed commands.
	var keyToFrame time.Duration
	for b.Loop() {
		if m.iv.state.Next(m.iv.pos) < 0 || m.iv.q.Items[m.iv.pos].Type != questionnaire.SelectOne {
			drain(m, m.startInterview())
		}
		start := time.Now()
		_, cmd := m.Update(keyMsg(digits[n%4]))
		if ahead {
			_ = m.View()
			keyToFrame += time.Since(start)
			drain(m, cmd) // after the frame, while the question is read out
			_ = m.View()
		} else {
			drain(m, cmd)
			_ = m.View()
			keyToFrame += time.Since(start)
		}
		n++
	}
	b.ReportMetric(float64(keyToFrame.Nanoseconds())/float64(b.N), "ns/key-to-frame")
}

// BenchmarkKeystrokeNoSave is the same keystroke on the jump list, where
// nothing is saved: the cost of Update and View alone.
func BenchmarkKeystrokeNoSave(b *testing.B) {
	q := bigQuestionnaire(b, 300)
	m := benchModel(b, q, 0)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	drain(m, m.startInterview())
	m.openReview(true)
	keys := []string{"down", "up"}
	n := 0
	for b.Loop() {
		_, cmd := m.Update(keyMsg(keys[n%2]))
		drain(m, cmd)
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
	drain(m, m.startInterview())
	drain(m, m.iv.goTo(q.Item("q49").Index, false))
	n := 0
	for b.Loop() {
		if n%100 == 99 { // keep the answer short, as a real one is
			b.StopTimer()
			drain(m, m.iv.goTo(q.Item("q49").Index, false))
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
