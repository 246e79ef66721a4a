package questionnaire

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"anketa/questionnaire/expr"
)

func mustFail(t *testing.T, name, src, want string) {
	t.Helper()
	_, err := Parse(name+".yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: %v, want %q", name, err, want)
	}
}

// TestLimits: what is too big to load is refused with its line, and the
// limits are those FORMAT.md states.
func TestLimits(t *testing.T) {
	head := "id: t\nversion: \"1\"\ntitle: T\n"
	mustFail(t, "label", head+"questions:\n  - {name: a, type: text, label: \""+strings.Repeat("ž", MaxTextLength+1)+"\"}\n",
		"label is 4001 characters long, more than the 4000 a screen can show")
	mustFail(t, "expression", head+"questions:\n  - {name: a, type: integer, label: A}\n  - {name: b, type: calculate, calculation: \""+strings.Repeat("${a} + ", 2000)+"1\"}\n",
		"calculation is 14001 characters long, more than an expression may be (10000)")
	mustFail(t, "brackets", head+"questions: "+strings.Repeat("[", 100_000), ":4:76: brackets nest more than 64 deep")
	mustFail(t, "indent", head+"questions:\n"+strings.Repeat(" ", 600)+"- a\n", "indented more than 512 columns")
	mustFail(t, "text limit", head+"max_text_length: 0\nquestions:\n  - {name: a, type: text, label: A}\n", "max_text_length is the longest free-text answer")
	mustFail(t, "size", head+"# "+strings.Repeat("x", MaxSourceBytes)+"\nquestions: []\n", "more than a questionnaire may be (16 MB)")
	var many strings.Builder
	many.WriteString(head + "choices:\n  l:\n")
	for i := 0; i <= MaxOptions; i++ {
		fmt.Fprintf(&many, "    - {value: \"%d\", label: x}\n", i)
	}
	many.WriteString("questions:\n  - {name: a, type: select_one l, label: A}\n")
	mustFail(t, "options", many.String(), "more than 100000 options")
	// Aliases of aliases, each ten times the last: a few lines that would
	// expand to ten million values.
	bomb := head + "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
	for i := 1; i <= 7; i++ {
		bomb += fmt.Sprintf("x%d: &x%d [*x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d, *x%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	mustFail(t, "aliases", bomb+"questions: []\n", "expands to more than 2000000 values")

	q, err := Parse("ok.yaml", []byte(head+"max_text_length: 500\nquestions:\n  - {name: a, type: text, label: A}\n"))
	if err != nil || q.TextLimit() != 500 {
		t.Errorf("max_text_length 500: %v %v", q, err)
	}
	if q, _ := Parse("default.yaml", []byte(head+"questions:\n  - {name: a, type: text, label: A}\n")); q.TextLimit() != DefaultTextLimit {
		t.Errorf("the default text limit is %d", q.TextLimit())
	}
}

// TestDoublingCalculations: forty calculations, each the last joined to
// itself, would need a terabyte. check warns of them, and evaluating them
// keeps each value at expr.MaxString.
func TestDoublingCalculations(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: t\nversion: \"1\"\ntitle: T\nquestions:\n  - {name: c0, type: text, label: A}\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "  - {name: c%d, type: calculate, calculation: \"concat(${c%d}, ${c%d})\"}\n", i, i-1, i-1)
	}
	q, err := Parse("double.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	warned := 0
	for _, w := range q.Warnings {
		if strings.Contains(w.Msg, "can grow to") {
			warned++
		}
	}
	if warned == 0 {
		t.Errorf("no warning for calculations that double: %v", q.Warnings)
	}
	st := q.Evaluate(Answers{"c0": TextValue(strings.Repeat("ab", 500))}, time.Now())
	v := st.Calculated(q.Index("c40"))
	if len(v.S) != expr.MaxString {
		t.Errorf("c40 is %d bytes, want it cut at %d", len(v.S), expr.MaxString)
	}
}

// BenchmarkLoadChoices loads questionnaires of 10,000 and 100,000 options:
// the time per option must not grow with their number (it was quadratic:
// 100,000 options took 226 s).
//
//	go test -run - -bench LoadChoices ./questionnaire
func BenchmarkLoadChoices(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		var src strings.Builder
		src.WriteString("id: t\nversion: \"1\"\ntitle: T\nchoices:\n  l:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&src, "    - {value: \"%d\", label: \"Obec %d\"}\n", i, i)
		}
		src.WriteString("questions:\n  - {name: a, type: select_one l, label: A}\n")
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse("big.yaml", []byte(src.String())); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/option")
		})
	}
}
