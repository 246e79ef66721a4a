package questionnaire

import (
	"encoding/binary"
	"math"
	"time"

	"anketa/questionnaire/expr"
)

// Memo evaluates many interviews of one questionnaire, remembering the
// result for each combination of the answers that expressions read
// (and of the day, if an expression asks for today()). Relevance and
// calculations depend on nothing else, and in survey data a few such
// combinations cover most interviews, so export evaluates each once.
// A Memo is not safe for concurrent use.
type Memo struct {
	q       *Questionnaire
	read    []int
	key     []byte
	entries map[string]*memoEntry
	_       [128]byte // as State's: one Memo a worker, each its own lines
}

type memoEntry struct {
	relevant []bool
	vals     []expr.Val
}

// maxMemo bounds the memory of a Memo; past it, interviews are evaluated
// without being remembered.
const maxMemo = 4096

// NewMemo makes a Memo for q.
func (q *Questionnaire) NewMemo() *Memo {
	m := &Memo{q: q, entries: map[string]*memoEntry{}}
	for i, r := range q.read {
		if r {
			m.read = append(m.read, i)
		}
	}
	return m
}

// Load makes s (from q.NewState) the state of the interview with the
// given answers, by item index, on the given day.
func (m *Memo) Load(s *State, answers []Value, today time.Time) {
	k := m.key[:0]
	if m.q.usesToday {
		k = binary.AppendVarint(k, today.Unix()/86400)
	}
	for _, i := range m.read {
		k = appendKey(k, &answers[i])
	}
	m.key = k
	s.ans, s.answers = answers, nil
	if e, ok := m.entries[string(k)]; ok {
		copy(s.relevant, e.relevant)
		copy(s.vals, e.vals)
		s.today = expr.Day(today)
		return
	}
	s.evaluate(today)
	if len(m.entries) < maxMemo {
		m.entries[string(k)] = &memoEntry{
			relevant: append([]bool(nil), s.relevant...),
			vals:     append([]expr.Val(nil), s.vals...),
		}
	}
}

// appendKey writes v so that different values never write the same bytes.
func appendKey(k []byte, v *Value) []byte {
	k = append(k, byte(v.Kind))
	switch v.Kind {
	case KindText, KindCode, KindDate:
		k = binary.AppendUvarint(k, uint64(len(v.Text)))
		k = append(k, v.Text...)
	case KindInteger:
		k = binary.AppendVarint(k, v.Int)
	case KindDecimal:
		k = binary.LittleEndian.AppendUint64(k, math.Float64bits(v.Dec))
	case KindCodes:
		k = binary.AppendUvarint(k, uint64(len(v.Codes)))
		for _, c := range v.Codes {
			k = binary.AppendUvarint(k, uint64(len(c)))
			k = append(k, c...)
		}
	case KindMissing:
		k = append(k, byte(v.Missing))
	}
	return k
}
