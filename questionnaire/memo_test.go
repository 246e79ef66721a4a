package questionnaire

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestMemoMatchesEvaluate loads random answers of random questionnaires
// through a Memo and checks relevance and values against a fresh
// evaluation every time, so a remembered result is never stale.
func TestMemoMatchesEvaluate(t *testing.T) {
	for seed := range 60 {
		r := rand.New(rand.NewPCG(uint64(seed), 99))
		q, err := Parse("memo.yaml", []byte(randomQuestionnaire(r, 5+r.IntN(20))))
		if err != nil {
			t.Fatal(err)
		}
		memo, s := q.NewMemo(), q.NewState()
		for n := 0; n < 200; n++ {
			a := Answers{}
			vals := make([]Value, len(q.Items))
			for _, it := range q.Items {
				if it.Type.Answerable() && r.IntN(3) > 0 {
					v := randomAnswer(r, it)
					if !v.IsEmpty() {
						a[it.Name] = v
						vals[it.Index] = v
					}
				}
			}
			memo.Load(s, vals, day)
			fresh := q.Evaluate(a, day)
			for i := range q.Items {
				if s.Relevant(i) != fresh.Relevant(i) || s.Answer(i).String() != fresh.Answer(i).String() {
					t.Fatalf("seed %d, interview %d: item %s: memo %v %q, fresh %v %q", seed, n, q.Items[i].Name,
						s.Relevant(i), s.Answer(i).String(), fresh.Relevant(i), fresh.Answer(i).String())
				}
			}
		}
	}
}

func ExampleMemo() {
	q, _ := Default()
	memo, s := q.NewMemo(), q.NewState()
	vals := make([]Value, len(q.Items))
	vals[q.Index("celkove")] = CodeValue("4")
	memo.Load(s, vals, day)
	fmt.Println(s.Relevant(q.Index("navrh")), s.Answer(q.Index("nespokojen")).String())
	// Output: true 1
}
