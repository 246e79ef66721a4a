package questionnaire

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"anketa/questionnaire/expr"
)

// randomQuestionnaire writes a questionnaire of n items whose relevance,
// requirements and calculations read random earlier items, with groups
// and grids nested in it.
func randomQuestionnaire(r *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteString("id: rnd\nversion: \"1\"\ntitle: Random\nchoices:\n  l:\n")
	for v := 1; v <= 4; v++ {
		fmt.Fprintf(&b, "    - {value: \"%d\", label: o%d}\n", v, v)
	}
	b.WriteString("    - {value: \"9\", label: dk, missing: dont_know}\nquestions:\n")
	var earlier []string // names with values, and their types
	var types []string
	cond := func() string {
		if len(earlier) == 0 {
			return ""
		}
		k := r.IntN(len(earlier))
		ref := "${" + earlier[k] + "}"
		switch types[k] {
		case "select_multiple l":
			return fmt.Sprintf("selected(%s, '%d')", ref, 1+r.IntN(4))
		case "integer":
			return fmt.Sprintf("%s > %d", ref, r.IntN(10))
		case "text":
			return fmt.Sprintf("string-length(%s) mod 2 = %d", ref, r.IntN(2))
		case "calculate":
			return fmt.Sprintf("%s != %d", ref, r.IntN(3))
		}
		ops := []string{"=", "!=", "<=", ">"}
		return fmt.Sprintf("%s %s %d", ref, ops[r.IntN(len(ops))], 1+r.IntN(4))
	}
	maybe := func(p float64, f func() string) string {
		if r.Float64() < p {
			return f()
		}
		return ""
	}
	var items func(indent string, count, depth int)
	id := 0
	items = func(indent string, count, depth int) {
		for c := 0; c < count; c++ {
			id++
			name := fmt.Sprintf("q%d", id)
			rel := maybe(0.5, cond)
			fmt.Fprintf(&b, "%s- name: %s\n", indent, name)
			if rel != "" {
				fmt.Fprintf(&b, "%s  relevant: \"%s\"\n", indent, rel)
			}
			switch k := r.IntN(10); {
			case k == 0 && depth < 2:
				fmt.Fprintf(&b, "%s  type: group\n%s  label: G\n%s  questions:\n", indent, indent, indent)
				items(indent+"    ", 1+r.IntN(4), depth+1)
			case k == 1 && depth < 2:
				fmt.Fprintf(&b, "%s  type: group\n%s  appearance: grid\n%s  label: Grid\n%s  questions:\n", indent, indent, indent, indent)
				for g := 0; g < 1+r.IntN(4); g++ {
					id++
					row := fmt.Sprintf("q%d", id)
					fmt.Fprintf(&b, "%s    - {name: %s, type: select_one l, label: R, required: %v}\n", indent, row, r.IntN(2) == 0)
					earlier, types = append(earlier, row), append(types, "select_one l")
				}
			case k == 2:
				fmt.Fprintf(&b, "%s  type: calculate\n%s  calculation: \"if(%s, 1, 2)\"\n", indent, indent, orTrue(cond()))
				earlier, types = append(earlier, name), append(types, "calculate")
			case k == 3:
				fmt.Fprintf(&b, "%s  type: note\n%s  label: N\n", indent, indent)
			default:
				t := []string{"select_one l", "select_multiple l", "integer", "text"}[r.IntN(4)]
				fmt.Fprintf(&b, "%s  type: %s\n%s  label: Q\n", indent, t, indent)
				switch r.IntN(3) {
				case 0:
					fmt.Fprintf(&b, "%s  required: true\n", indent)
				case 1:
					if c := cond(); c != "" {
						fmt.Fprintf(&b, "%s  required: \"%s\"\n", indent, c)
					}
				}
				earlier, types = append(earlier, name), append(types, t)
			}
		}
	}
	items("  ", n, 0)
	return b.String()
}

func orTrue(c string) string {
	if c == "" {
		return "1 = 1"
	}
	return c
}

// randomAnswer gives item it a valid-looking answer, or none.
func randomAnswer(r *rand.Rand, it *Item) Value {
	if r.IntN(6) == 0 {
		return Value{}
	}
	switch it.Type {
	case SelectOne:
		return CodeValue(it.List.Options[r.IntN(len(it.List.Options))].Value)
	case SelectMultiple:
		var codes []string
		for _, o := range it.List.Options[:4] {
			if r.IntN(2) == 0 {
				codes = append(codes, o.Value)
			}
		}
		return CodesValue(codes...)
	case Integer:
		return IntValue(int64(r.IntN(12)))
	case TextType:
		return TextValue(strings.Repeat("x", r.IntN(4)))
	}
	return Value{}
}

// oracle computes relevance the slow, obvious way: evaluate every item in
// document order again and again until nothing changes. It shares only
// the compiled expressions with the engine, not its ordering.
type oracle struct {
	q    *Questionnaire
	a    Answers
	vals []expr.Val
	rel  []bool
}

func (o *oracle) Value(slot int) expr.Val { return o.vals[slot] }
func (o *oracle) Dot() expr.Val           { return expr.Val{} }
func (o *oracle) Attr(int) expr.Val       { return expr.Val{} }
func (o *oracle) Today() expr.Val         { return expr.Day(day) }

func newOracle(q *Questionnaire, a Answers) *oracle {
	o := &oracle{q: q, a: a, vals: make([]expr.Val, len(q.Items)), rel: make([]bool, len(q.Items))}
	for changed, rounds := true, 0; changed; rounds++ {
		if rounds > len(q.Items)+1 {
			panic("oracle did not converge")
		}
		changed = false
		for _, it := range q.Items {
			rel := it.Parent == nil || o.rel[it.Parent.Index]
			if rel && it.Relevant.expr != nil {
				rel = it.Relevant.expr.True(o)
			}
			var v expr.Val
			if rel {
				if it.Type == Calculate {
					v = it.Calculation.expr.Eval(o)
				} else if it.Type.Answerable() {
					v = a[it.Name].val()
				}
			}
			if rel != o.rel[it.Index] || !sameVal(v, o.vals[it.Index]) {
				changed = true
			}
			o.rel[it.Index], o.vals[it.Index] = rel, v
		}
	}
	return o
}

// TestRandomWalks drives random questionnaires with random answers, going
// forward, back and changing answers at random, and checks that the
// engine never shows an item whose relevance is false and that "complete"
// means every visible required question is answered.
func TestRandomWalks(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 50
	}
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		src := randomQuestionnaire(r, 5+r.IntN(30))
		q, err := Parse(fmt.Sprintf("random-%d.yaml", seed), []byte(src))
		if err != nil {
			t.Fatalf("seed %d: generated questionnaire does not load: %v\n%s", seed, err, src)
		}
		a := Answers{}
		s := q.Evaluate(a, day)
		pos := s.Next(-1)
		for step := 0; step < 200 && pos >= 0; step++ {
			o := newOracle(q, a)
			it := q.Items[pos]
			if !o.rel[pos] {
				t.Fatalf("seed %d step %d: shown %s, whose relevance is false\n%s", seed, step, it.Name, src)
			}
			if it.Type == Calculate || it.Type == Group && !it.IsGrid() || it.Parent != nil && it.Parent.IsGrid() {
				t.Fatalf("seed %d: shown %s, which is not a screen of its own", seed, it.Name)
			}
			for i := range q.Items {
				if s.Relevant(i) != o.rel[i] {
					t.Fatalf("seed %d: engine and oracle disagree on %s", seed, q.Items[i].Name)
				}
			}
			if s.Complete() {
				for _, x := range q.Items {
					if o.rel[x.Index] && x.Type.Answerable() && s.Required(x.Index, a[x.Name]) && a[x.Name].IsEmpty() {
						t.Fatalf("seed %d: complete, but visible required %s is unanswered", seed, x.Name)
					}
				}
			}
			switch k := r.IntN(10); {
			case k < 6: // answer what is shown and go on
				targets := []*Item{it}
				if it.IsGrid() {
					targets = it.Children
				}
				for _, x := range targets {
					if x.Type.Answerable() {
						s.Set(x.Index, randomAnswer(r, x)) // Set updates a too
					}
				}
				pos = s.Next(pos)
			case k < 8:
				if p := s.Prev(pos); p >= 0 {
					pos = p
				}
			default: // change an earlier answer, as from the review screen
				x := q.Items[r.IntN(len(q.Items))]
				if x.Type.Answerable() {
					a[x.Name] = randomAnswer(r, x)
				}
				s = q.Evaluate(a, day)
				if !s.Relevant(pos) {
					pos = s.Next(pos)
				}
			}
		}
	}
}

// benchQuestionnaire has n questions, each relevant on an earlier answer.
func benchQuestionnaire(n int) string {
	var b strings.Builder
	b.WriteString("id: bench\nversion: \"1\"\ntitle: Bench\nchoices:\n  skola:\n")
	for v := 1; v <= 5; v++ {
		fmt.Fprintf(&b, "    - {value: \"%d\", label: \"%d\"}\n", v, v)
	}
	b.WriteString("questions:\n  - {name: q0, type: select_one skola, label: Q, required: true}\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - {name: q%d, type: select_one skola, label: Q, required: true, relevant: \"${q%d} <= 4 or ${q%d} = ''\"}\n", i, i-1, max(0, i-7))
	}
	return b.String()
}

func benchState(b *testing.B) (*Questionnaire, Answers) {
	q, err := Parse("bench.yaml", []byte(benchQuestionnaire(500)))
	if err != nil {
		b.Fatal(err)
	}
	a := Answers{}
	for i := 0; i < 250; i++ {
		a[fmt.Sprintf("q%d", i)] = CodeValue(fmt.Sprint(1 + i%5))
	}
	return q, a
}

// BenchmarkNext measures one interview step on a 500-question
// questionnaire with relevance on every question: record an answer
// halfway through (alternating, so that the next question's relevance
// flips every time), then find the next visible question.
func BenchmarkNext(b *testing.B) {
	q, a := benchState(b)
	s := q.Evaluate(a, time.Now())
	pos := q.Item("q249").Index
	grades := []Value{CodeValue("5"), CodeValue("1")}
	n := 0
	for b.Loop() {
		s.Set(pos, grades[n%2])
		n++
		if s.Next(pos) < 0 {
			b.Fatal("no next question")
		}
	}
}

// BenchmarkEvaluate measures evaluating the same questionnaire from
// scratch, as when an interview is resumed.
func BenchmarkEvaluate(b *testing.B) {
	q, a := benchState(b)
	now := time.Now()
	for b.Loop() {
		q.Evaluate(a, now)
	}
}
