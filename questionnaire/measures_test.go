package questionnaire

import (
	"strings"
	"testing"
	"time"
)

const goodMeasures = `# the office's measures
measures:
  - id: druha-prepazka
    date: 2026-10-15
    workplaces: ["1"]
    questions: [cekani, ochota]
    description: Druhá přepážka v poledne
  - id: formulare
    date: 2026-11-02
    workplaces: all
    questions: celkove
`

func TestParseMeasures(t *testing.T) {
	q, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ms, err := ParseMeasures("measures.yaml", []byte(goodMeasures), q)
	if err != nil {
		t.Fatal(err)
	}
	if ms.Workplace != "pracoviste" || len(ms.List) != 2 {
		t.Fatalf("%+v", ms)
	}
	m := ms.List[0]
	if m.ID != "druha-prepazka" || !m.Date.Equal(time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)) || len(m.Questions) != 2 || m.Description != "Druhá přepážka v poledne" {
		t.Errorf("first: %+v", m)
	}
	if !m.Affects("1") || m.Affects("2") || !ms.List[1].Affects("3") {
		t.Error("workplaces: the first affects 1 only, the second all")
	}
	if m.DatePos.Line != 4 {
		t.Errorf("the date's line %d, want 4", m.DatePos.Line)
	}
	first, last := time.Date(2026, 9, 21, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	if err := ms.CheckDates(first, last); err != nil {
		t.Errorf("dates within the data: %v", err)
	}
	if err := ms.CheckDates(first, time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)); err == nil ||
		!strings.Contains(err.Error(), "measures.yaml:9:11: measure formulare took effect on 2026-11-02, outside the data (2026-09-21 to 2026-10-31)") {
		t.Errorf("a date after the data: %v", err)
	}
	if ms, err := ParseMeasures("m.yaml", []byte("measures:\n"), q); err != nil || len(ms.List) != 0 {
		t.Errorf("an empty register: %v %+v", err, ms)
	}
}

func TestParseMeasuresBad(t *testing.T) {
	q, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ src, want string }{
		{"", "m.yaml:1:1: the file is empty"},
		{"measures: [", "m.yaml:1:"},
		{"- a\n", "m.yaml:1:1: a measures register is a mapping with the key measures:"},
		{"measure:\n  - id: a\n", `m.yaml:1:1: unknown key "measure"`},
		{"measures: 3\n", "m.yaml:1:11: measures: is a list"},
		{"measures:\n  - id: a\n", "m.yaml:2:5: the measure has no date:; add one"},
		{"measures:\n  - date: 2026-10-15\n", "m.yaml:2:5: the measure has no id:; add one"},
		{"measures:\n  - {id: a, date: 15.10.2026}\n", `m.yaml:2:19: date "15.10.2026" is not a day written as YYYY-MM-DD`},
		{"measures:\n  - {id: a, date: 2026-02-30}\n", `date "2026-02-30" is not a day`},
		{"measures:\n  - {id: a, date: 2026-10-15, workplaces: [\"9\"]}\n", `m.yaml:2:44: workplace "9" is not a code of pracoviste; use one of 1, 2, 3, or all`},
		{"measures:\n  - {id: a, date: 2026-10-15, questions: [cekanii]}\n", `m.yaml:2:43: "cekanii" is not a question of spokojenost_magistrat`},
		{"measures:\n  - {id: a, date: 2026-10-15, when: now}\n", `m.yaml:2:31: unknown key "when"; a measure has id, date, workplaces, questions, description`},
		{"measures:\n  - {id: a, date: 2026-10-15}\n  - {id: a, date: 2026-10-16}\n", `m.yaml:3:6: id "a" is used twice (first at line 2)`},
		{"measures:\n  - just text\n", "m.yaml:2:5: a measure is a mapping"},
		{"measures:\n  - {id: a, date: 2026-10-15, questions: [[x]]}\n", "questions: lists single values"},
		{"\xff\xfe", "not UTF-8"},
	} {
		_, err := ParseMeasures("m.yaml", []byte(c.src), q)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v\nwant %q", c.src, err, c.want)
		}
		if _, ok := err.(ErrorList); err != nil && !ok {
			t.Errorf("%q: error of type %T, want ErrorList", c.src, err)
		}
	}
	// A questionnaire without a workplace question cannot name workplaces.
	plain, err := Parse("p.yaml", []byte("id: p\nversion: \"1\"\ntitle: P\nquestions:\n  - {name: a, type: integer, label: A}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseMeasures("m.yaml", []byte("measures:\n  - {id: a, date: 2026-10-15, workplaces: [\"1\"]}\n"), plain); err == nil || !strings.Contains(err.Error(), "has no workplace question") {
		t.Errorf("no workplace question: %v", err)
	}
}

// FuzzParseMeasures: any text is a register or an ErrorList, never a
// panic or a hang.
func FuzzParseMeasures(f *testing.F) {
	f.Add([]byte(goodMeasures))
	f.Add([]byte("measures:\n  - {id: a, date: 2026-10-15, workplaces: [\"9\"], questions: [x]}\n"))
	f.Add([]byte("measures: &a [*a]\n"))
	q, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		ms, err := ParseMeasures("fuzz.yaml", src, q)
		if err != nil {
			if _, ok := err.(ErrorList); !ok {
				t.Fatalf("error of type %T, want ErrorList: %v", err, err)
			}
			return
		}
		ms.CheckDates(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))
	})
}
