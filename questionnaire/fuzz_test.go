package questionnaire

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary text to the YAML loader. It must never panic
// or hang: every input loads, or fails with an ErrorList of positioned
// errors. A questionnaire that loads must also survive an evaluation.
// Inputs it found interesting are kept in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, e := range EmbeddedList {
		src, _ := EmbeddedSource(e.Name)
		f.Add(src)
	}
	broken, _ := filepath.Glob("testdata/broken/*.yaml")
	for _, b := range broken {
		src, _ := os.ReadFile(b)
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		q, err := Parse("fuzz.yaml", src)
		if err != nil {
			if _, ok := err.(ErrorList); !ok {
				t.Fatalf("error of type %T, want ErrorList: %v", err, err)
			}
			return
		}
		s := q.Evaluate(Answers{}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		for i := s.Next(-1); i >= 0; i = s.Next(i) {
			s.Label(i, q.DefaultLanguage())
			s.Check(i, Value{}, "")
			s.Options(i)
		}
		s.Complete()
	})
}
