package questionnaire

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var day = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func mustDefault(t testing.TB) *Questionnaire {
	t.Helper()
	q, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func names(q *Questionnaire, idx []int) string {
	var out []string
	for _, i := range idx {
		out = append(out, q.Items[i].Name)
	}
	return strings.Join(out, " ")
}

func TestVisibleAndNavigation(t *testing.T) {
	q := mustDefault(t)
	s := q.Evaluate(Answers{}, day)
	if got := names(q, s.Visible()); got != "pracoviste duvod navstev celkove aspekty slozitost dekujeme" {
		t.Errorf("visible with no answers = %s", got)
	}
	s = q.Evaluate(Answers{"duvod": CodeValue("99"), "celkove": CodeValue("4")}, day)
	if got := names(q, s.Visible()); got != "pracoviste duvod duvod_jiny navstev celkove aspekty slozitost navrh dekujeme" {
		t.Errorf("visible after 'other' and grade 4 = %s", got)
	}
	// Walk forward and back; a grid row counts as its grid.
	var fwd []int
	for i := s.Next(-1); i >= 0; i = s.Next(i) {
		fwd = append(fwd, i)
	}
	if !slices.Equal(fwd, s.Visible()) {
		t.Errorf("Next walk = %s", names(q, fwd))
	}
	var back []int
	for i := s.Prev(-1); i >= 0; i = s.Prev(i) {
		back = append(back, i)
	}
	slices.Reverse(back)
	if !slices.Equal(back, s.Visible()) {
		t.Errorf("Prev walk = %s", names(q, back))
	}
	ochota := q.Item("ochota").Index
	if got := q.Items[s.Next(ochota)].Name; got != "slozitost" {
		t.Errorf("Next(grid row) = %s, want slozitost", got)
	}
	if got := q.Items[s.Prev(ochota)].Name; got != "celkove" {
		t.Errorf("Prev(grid row) = %s, want celkove", got)
	}
	// From a calculation, Next is the step after it.
	if got := q.Items[s.Next(q.Item("nespokojen").Index)].Name; got != "navrh" {
		t.Errorf("Next(calculation) = %s, want navrh", got)
	}
}

func TestIrrelevantAnswersAreIgnoredNotDeleted(t *testing.T) {
	q := mustDefault(t)
	a := Answers{"celkove": CodeValue("5"), "navrh": TextValue("delší otevírací doba")}
	navrh := q.Item("navrh").Index
	if v := q.Evaluate(a, day).Answer(navrh); v.Text != "delší otevírací doba" {
		t.Fatalf("relevant answer = %v", v)
	}
	a["celkove"] = CodeValue("1")
	s := q.Evaluate(a, day)
	if s.Relevant(navrh) || !s.Answer(navrh).IsEmpty() {
		t.Errorf("navrh after grade 1: relevant %v, answer %v; want hidden and empty", s.Relevant(navrh), s.Answer(navrh))
	}
	if s.Stored(navrh).Text != "delší otevírací doba" {
		t.Error("the stored answer was dropped")
	}
	a["celkove"] = CodeValue("3")
	if v := q.Evaluate(a, day).Answer(navrh); v.Text != "delší otevírací doba" {
		t.Errorf("answer did not come back when navrh became relevant again: %v", v)
	}
}

func TestCalculation(t *testing.T) {
	q := mustDefault(t)
	calc := q.Item("nespokojen").Index
	for grade, want := range map[string]string{"1": "0", "4": "1", "5": "1", "9": "0"} {
		if got := q.Evaluate(Answers{"celkove": CodeValue(grade)}, day).Answer(calc).Text; got != want {
			t.Errorf("nespokojen with grade %s = %q, want %q", grade, got, want)
		}
	}
}

func TestChoiceFilter(t *testing.T) {
	q := mustDefault(t)
	duvod := q.Item("duvod").Index
	s := q.Evaluate(Answers{"pracoviste": CodeValue("2")}, day)
	var got []string
	for _, o := range s.Options(duvod) {
		got = append(got, o.Value)
	}
	if strings.Join(got, ",") != "21,22,99" {
		t.Errorf("options for workplace 2 = %v", got)
	}
	if m := s.Check(duvod, CodeValue("11"), "cs"); m != "Zvolte jednu z nabízených možností." {
		t.Errorf("an option filtered out was accepted: %q", m)
	}
	if m := s.Check(duvod, CodeValue("21"), "cs"); m != "" {
		t.Errorf("an offered option was refused: %q", m)
	}
}

func TestCheck(t *testing.T) {
	q := mustDefault(t)
	s := q.Evaluate(Answers{}, day)
	idx := func(n string) int { return q.Item(n).Index }
	tests := []struct {
		item string
		v    Value
		lang string
		want string
	}{
		{"celkove", Value{}, "cs", "Odpověď je povinná."},
		{"celkove", Value{}, "en", "An answer is required."},
		{"celkove", Value{}, "de", "An answer is required."},
		{"celkove", CodeValue("2"), "cs", ""},
		{"celkove", CodeValue("9"), "cs", ""}, // don't know is an answer
		{"celkove", CodeValue("7"), "en", "Choose one of the options offered."},
		{"celkove", TextValue("2"), "en", "Choose one of the options offered."},
		{"navstev", Value{}, "cs", ""}, // not required
		{"navstev", IntValue(3), "cs", ""},
		{"navstev", IntValue(0), "cs", "Zadejte počet od 1 do 30."},
		{"navstev", IntValue(31), "en", "Enter a number from 1 to 30."},
		{"navstev", TextValue("tři"), "cs", "Zadejte celé číslo."},
		{"navstev", MissingValue(DontKnow), "cs", ""},
		{"duvod_jiny", TextValue(strings.Repeat("x", 201)), "cs", "Nejvýše 200 znaků."},
	}
	for _, tt := range tests {
		if got := s.Check(idx(tt.item), tt.v, tt.lang); got != tt.want {
			t.Errorf("Check(%s, %v, %s) = %q, want %q", tt.item, tt.v, tt.lang, got, tt.want)
		}
	}
}

func TestSelectMultipleAndRequiredIf(t *testing.T) {
	src := `
id: t
version: "1"
title: T
choices:
  kanaly:
    - {value: "1", label: web}
    - {value: "2", label: telefon}
    - {value: "8", label: nevím, missing: dont_know}
questions:
  - name: kanaly
    type: select_multiple kanaly
    label: Kanály
    constraint: count-selected(.) <= 2
  - name: proc
    type: text
    label: Proč?
    required: selected(${kanaly}, '2')
  - name: datum
    type: date
    label: Kdy?
    constraint: . <= today()
`
	q, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := q.Evaluate(Answers{}, day)
	k, proc, datum := q.Item("kanaly").Index, q.Item("proc").Index, q.Item("datum").Index
	for _, c := range []struct {
		v    Value
		want string
	}{
		{CodesValue("1", "2"), ""},
		{CodesValue(), ""},
		{CodesValue("8"), ""},
		{CodesValue("1", "8"), "\"Don't know\" or \"refused\" cannot be combined with another answer."},
		{CodesValue("1", "1"), "Choose one of the options offered."},
		{CodesValue("3"), "Choose one of the options offered."},
	} {
		if got := s.Check(k, c.v, "en"); got != c.want {
			t.Errorf("Check(kanaly, %v) = %q, want %q", c.v, got, c.want)
		}
	}
	if s.Check(proc, Value{}, "en") != "" {
		t.Error("proc required before telefon was chosen")
	}
	s = q.Evaluate(Answers{"kanaly": CodesValue("2")}, day)
	if s.Check(proc, Value{}, "en") == "" || s.Complete() {
		t.Error("proc not required after telefon was chosen")
	}
	if got := s.Check(datum, DateValue(day.AddDate(0, 0, 1)), "en"); got == "" {
		t.Error("a date after today passed . <= today()")
	}
	if got := s.Check(datum, DateValue(day), "en"); got != "" {
		t.Errorf("today failed . <= today(): %q", got)
	}
}

func TestComplete(t *testing.T) {
	q := mustDefault(t)
	a := Answers{
		"pracoviste": CodeValue("1"), "duvod": CodeValue("12"), "celkove": CodeValue("2"),
		"cekani": CodeValue("3"), "ochota": CodeValue("1"), "srozumitelnost": CodeValue("2"),
		"oteviraci_doba": CodeValue("9"), "slozitost": CodeValue("2"),
	}
	s := q.Evaluate(a, day)
	if p := s.Problems("en"); len(p) != 1 || p[0].Item.Name != "prostredi" {
		t.Errorf("problems = %v, want prostredi only", p)
	}
	a["prostredi"] = CodeValue("1")
	if s = q.Evaluate(a, day); !s.Complete() {
		t.Errorf("not complete: %v", s.Problems("en"))
	}
	a["navstev"] = IntValue(99)
	if s = q.Evaluate(a, day); s.Complete() {
		t.Error("complete with an answer outside its constraint")
	}
}

func TestInterpolation(t *testing.T) {
	q := mustDefault(t)
	s := q.Evaluate(Answers{"celkove": CodeValue("4")}, day)
	navrh := q.Item("navrh").Index
	if got := s.Label(navrh, "cs"); got != "Hodnotil/a jste „4 – dostatečně“. Co bychom měli zlepšit?" {
		t.Errorf("cs label = %q", got)
	}
	if got := s.Label(navrh, "en"); got != "You rated “4 – sufficient”. What should we improve?" {
		t.Errorf("en label = %q", got)
	}
	if got := s.Label(navrh, "uk"); !strings.HasPrefix(got, "Hodnotil/a") {
		t.Errorf("a language the questionnaire lacks should fall back to the default: %q", got)
	}
}

func TestParseInput(t *testing.T) {
	src := `{id: t, version: "1", title: T, questions: [
  {name: i, type: integer, label: I}, {name: d, type: decimal, label: D},
  {name: t, type: date, label: T}, {name: x, type: text, label: X}]}`
	q, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		item, in, want string
		kind           Kind
	}{
		{"i", " 42 ", "42", KindInteger}, {"i", "+7", "7", KindInteger}, {"i", "4.2", "", Empty},
		{"d", "2,5", "2.5", KindDecimal}, {"d", "-0.25", "-0.25", KindDecimal}, {"d", "1e5", "", Empty},
		{"t", "24.11.2026", "2026-11-24", KindDate}, {"t", "1. 2. 2026", "2026-02-01", KindDate},
		{"t", "2026-02-30", "", Empty}, {"x", "  ahoj ", "ahoj", KindText}, {"x", "", "", Empty},
	} {
		v, _ := ParseInput(q.Item(c.item), c.in)
		if v.Kind != c.kind || v.String() != c.want {
			t.Errorf("ParseInput(%s, %q) = %v %q, want %v %q", c.item, c.in, v.Kind, v.String(), c.kind, c.want)
		}
	}
}
