package xlsform

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"anketa/questionnaire"
)

// The cases below follow what pyxform, the reference XLSForm converter,
// accepts and refuses (its tests in XLSForm/pyxform tests/*.py describe
// workbooks as markdown tables; the areas are named by each case). Each
// case is a workbook built by excelize and imported as a methodologist
// would, with check, or with --lenient.

type conformance struct {
	name    string
	sheets  []sheetRows
	lenient bool
	// refused: the import fails, and every string in want is in one of
	// its error lines (a cell and a message).
	refused bool
	want    []string
	// check, for an accepted workbook, looks at what was loaded.
	check func(t *testing.T, res *Result)
}

func runConformance(t *testing.T, cases []conformance) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Import("form.xlsx", book(t, tc.sheets...), Options{Lenient: tc.lenient})
			if tc.refused {
				if err == nil {
					t.Fatalf("the workbook loaded; want it refused with %q\n%s", tc.want, res.YAML)
				}
				for _, w := range tc.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error does not say %q:\n%v", w, err)
					}
				}
				if strings.Contains(err.Error(), "add name:") || strings.Contains(err.Error(), "add label:") {
					t.Errorf("a workbook's error gives YAML advice:\n%v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			all := string(res.YAML)
			for _, n := range res.Notes {
				all += "\n" + n.Cell + ": " + n.Msg
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("the import does not hold %q:\n%s", w, all)
				}
			}
			if tc.check != nil {
				tc.check(t, res)
			}
		})
	}
}

var yesNoChoices = choices(r("list_name", "name", "label"), r("yn", "1", "yes"), r("yn", "0", "no"))

// answersAt evaluates q with the given answers on 2026-12-02.
func answersAt(q *questionnaire.Questionnaire, a questionnaire.Answers) *questionnaire.State {
	return q.Evaluate(a, time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
}

func TestConformanceExpressions(t *testing.T) {
	// pyxform test_expression.py, test_relevant.py: and, or, div and mod
	// are operators before a parenthesis.
	runConformance(t, []conformance{
		{name: "and before a parenthesis", sheets: []sheetRows{survey(
			r("type", "name", "label", "relevant"),
			r("integer", "a", "A"), r("integer", "b", "B"),
			r("note", "n", "N", "${a} = 1 and (${b} = 2)"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			st := answersAt(q, questionnaire.Answers{"a": questionnaire.IntValue(1), "b": questionnaire.IntValue(2)})
			if !st.Relevant(q.Index("n")) {
				t.Error("a = 1 and (b = 2) is not true for a=1, b=2")
			}
		}},
		{name: "or before a parenthesis", sheets: []sheetRows{survey(
			r("type", "name", "label", "relevant"),
			r("integer", "a", "A"), r("integer", "b", "B"),
			r("note", "n", "N", "${a} = 1 or (${b} = 2)"),
		)}},
		{name: "mod before a parenthesis", sheets: []sheetRows{survey(
			r("type", "name", "label", "constraint"),
			r("integer", "a", "A", ". mod(2) = 0"),
		)}},
		{name: "a path is not a division", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label", "relevant"),
			r("integer", "a", "A"),
			r("note", "n", "N", "../inputs/a = 1"),
		)}, want: []string{"survey!D3", "paths are not supported; use ${name}"}},
		{name: "an absolute path is not a division", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label", "relevant"),
			r("integer", "a", "A"),
			r("note", "n", "N", "/data/a = 1"),
		)}, want: []string{"survey!D3", "paths are not supported; use ${name}"}},
	})
}

func TestConformanceDefaults(t *testing.T) {
	// pyxform test_dynamic_default.py, test_last_saved.py
	runConformance(t, []conformance{
		{name: "last-saved is persist", sheets: []sheetRows{survey(
			r("type", "name", "label", "default"),
			r("text", "office", "Office", "${last-saved#office}"),
		)}, want: []string{"persist: true", "last-saved"}, check: func(t *testing.T, res *Result) {
			it := res.Questionnaire.Item("office")
			if !it.Persist || it.Default != "" || it.DefaultExpr.Set() {
				t.Errorf("persist %v, default %q %q", it.Persist, it.Default, it.DefaultExpr.Src)
			}
		}},
		{name: "last-saved of another question", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label", "default"),
			r("text", "office", "Office"),
			r("text", "desk", "Desk", "${last-saved#office}"),
		)}, want: []string{"survey!D3", "persist"}},
		{name: "a reference is a dynamic default", sheets: []sheetRows{survey(
			r("type", "name", "label", "default"),
			r("text", "q1", "Q1"),
			r("text", "q2", "Q2", "${q1}"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			it := q.Item("q2")
			if it.Default != "" || it.DefaultExpr.Src != "${q1}" {
				t.Fatalf("default %q, expression %q; want the expression ${q1}", it.Default, it.DefaultExpr.Src)
			}
			st := answersAt(q, questionnaire.Answers{"q1": questionnaire.TextValue("Praha")})
			if v := st.Default(q.Index("q2")); v.Text != "Praha" {
				t.Errorf("the default is %+v, want Praha", v)
			}
		}},
		{name: "today() as a date's default", sheets: []sheetRows{survey(
			r("type", "name", "label", "default"),
			r("date", "d", "D", "today()"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			if v := answersAt(q, nil).Default(q.Index("d")); v.Text != "2026-12-02" {
				t.Errorf("the default is %+v, want 2026-12-02", v)
			}
		}},
		{name: "a default that is neither", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label", "default"),
			r("integer", "n", "N", "abc"),
		)}, want: []string{"survey!D2", "default"}},
		{name: "a broken reference is not shown as text", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label", "default"),
			r("text", "q1", "Q1"), r("text", "q2", "Q2", "${q1"),
		)}, want: []string{"survey!D3", "not an expression"}},
		{name: "a literal text default stays text", sheets: []sheetRows{survey(
			r("type", "name", "label", "default"),
			r("text", "t", "T", "Praha (centrum)"),
		)}, check: func(t *testing.T, res *Result) {
			if it := res.Questionnaire.Item("t"); it.Default != "Praha (centrum)" || it.DefaultExpr.Set() {
				t.Errorf("default %q, expression %q", it.Default, it.DefaultExpr.Src)
			}
		}},
	})
}

func TestConformanceColumns(t *testing.T) {
	runConformance(t, []conformance{
		// pyxform test_bind_conversions: bind:x and bind::x are one column
		{name: "single-colon bind headers", sheets: []sheetRows{survey(
			r("type", "name", "label", "bind:relevant", "bind:constraint"),
			r("integer", "a", "A"),
			r("integer", "b", "B", "${a} > 1", ". < 10"),
		)}, check: func(t *testing.T, res *Result) {
			it := res.Questionnaire.Item("b")
			if it.Relevant.Src != "${a} > 1" || it.Constraint.Src != ". < 10" {
				t.Errorf("relevant %q constraint %q", it.Relevant.Src, it.Constraint.Src)
			}
		}},
		// pyxform test_translations.py: a language is named by any text
		{name: "language header with free text and a name in parentheses", sheets: []sheetRows{survey(
			r("type", "name", "label::Bahasa Indonesia (Indonesian)", "label::English (en)"),
			r("text", "a", "Nama", "Name"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			if len(q.Languages) != 2 || q.Item("a").Label.In(q.Languages[0], "") != "Nama" {
				t.Errorf("languages %v, label %v", q.Languages, q.Item("a").Label)
			}
		}},
		{name: "language header without a code", sheets: []sheetRows{survey(
			r("type", "name", "label::Bahasa Indonesia", "label::Tok Pisin"),
			r("text", "a", "Nama", "Nem"),
		)}, check: func(t *testing.T, res *Result) {
			if q := res.Questionnaire; len(q.Languages) != 2 {
				t.Errorf("languages %v", q.Languages)
			}
		}},
		// pyxform test_settings.py: a form_id is any text
		{name: "form_id with a colon and a space", sheets: []sheetRows{survey(
			r("type", "name", "label"), r("text", "a", "A"),
		), settings(r("form_id", "version"), r("msna 2024: v2", "3"))}, check: func(t *testing.T, res *Result) {
			if id := res.Questionnaire.ID; id != "msna 2024: v2" {
				t.Errorf("id %q", id)
			}
		}},
	})
}

func TestConformanceDateCells(t *testing.T) {
	// A form_id, version or default typed into Excel as a date is a date
	// cell: a number formatted as a date. pyxform reads its value, not its
	// display, and makes it an ISO date (with the time when it has one).
	data := datedBook(t)
	res, err := Import("form.xlsx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Questionnaire
	if q.ID != "2021-09-14 21:07:12" || q.Version != "2024-03-01" {
		t.Errorf("id %q version %q", q.ID, q.Version)
	}
	if d := q.Item("visit").Default; d != "2000-01-01" {
		t.Errorf("default %q, want 2000-01-01", d)
	}
}

func TestConformanceNames(t *testing.T) {
	runConformance(t, []conformance{
		// pyxform test_choices_sheet.py: the cascading example
		{name: "allow_choice_duplicates", sheets: []sheetRows{survey(
			r("type", "name", "label", "choice_filter"),
			r("select_one states", "state", "State"),
			r("select_one counties", "county", "County", "state=${state}"),
		), choices(
			r("list_name", "name", "label", "state"),
			r("states", "texas", "Texas"), r("states", "washington", "Washington"),
			r("counties", "king", "King", "texas"), r("counties", "king", "King", "washington"),
			r("counties", "cameron", "Cameron", "texas"),
		), settings(r("allow_choice_duplicates"), r("yes"))}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			st := answersAt(q, questionnaire.Answers{"state": questionnaire.CodeValue("washington")})
			opts := st.Options(q.Index("county"))
			if len(opts) != 1 || opts[0].Value != "king" {
				t.Errorf("washington's counties: %v", opts)
			}
		}},
		{name: "duplicate choices without the setting", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("select_one c", "c", "C"),
		), choices(r("list_name", "name", "label"), r("c", "king", "King"), r("c", "king", "King"))},
			want: []string{"choices!B3", "allow_choice_duplicates"}},
		// pyxform test_choices_sheet.py: spaces only matter to select_multiple
		{name: "spaces in select_one choice names", sheets: []sheetRows{survey(
			r("type", "name", "label"), r("select_one city", "c", "City"),
		), choices(r("list_name", "name", "label"), r("city", "New York", "New York"), r("city", "Praha", "Praha"))}},
		{name: "spaces in select_multiple choice names", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("select_multiple city", "c", "City"),
		), choices(r("list_name", "name", "label"), r("city", "New York", "New York"))},
			want: []string{"choices!B2", "select_multiple"}},
		// pyxform test_group.py: names are unique per group
		{name: "equal names in different groups", sheets: []sheetRows{survey(
			r("type", "name", "label"),
			r("begin group", "home", "Home"), r("integer", "rooms", "Rooms"), r("end group"),
			r("begin group", "work", "Work"), r("integer", "rooms", "Rooms"), r("end group"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			if q.Item("home_rooms") == nil || q.Item("work_rooms") == nil {
				t.Errorf("the two rooms are not qualified by their groups:\n%s", res.YAML)
			}
		}},
		{name: "an ambiguous reference", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label", "relevant"),
			r("begin group", "home", "Home"), r("integer", "rooms", "Rooms"), r("end group"),
			r("begin group", "work", "Work"), r("integer", "rooms", "Rooms"), r("end group"),
			r("note", "n", "N", "${rooms} > 1"),
		)}, want: []string{"survey!D8", "survey!B3", "survey!B6", "rooms"}},
		{name: "a name twice in one group", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"),
			r("integer", "a", "A"), r("integer", "a", "A again"),
		)}, want: []string{"survey!B3", "survey!B2"}},
		// pyxform test_survey.py: notes may be unnamed
		{name: "notes without a name", sheets: []sheetRows{survey(
			r("type", "name", "label"),
			r("note", "", "Welcome"), r("text", "a", "A"), r("note", "", "Thank you"),
		)}, check: func(t *testing.T, res *Result) {
			if n := len(res.Questionnaire.Items); n != 3 {
				t.Errorf("%d items, want 3", n)
			}
		}},
	})
}

func TestConformanceBinds(t *testing.T) {
	// pyxform test_bind_conversions.py, test_notes.py, test_calculate.py
	runConformance(t, []conformance{
		{name: "a required note blocks", sheets: []sheetRows{survey(
			r("type", "name", "label", "required", "relevant"),
			r("integer", "age", "Age"),
			r("note", "stop", "Only adults may go on.", "yes", "${age} < 18"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			st := answersAt(q, questionnaire.Answers{"age": questionnaire.IntValue(15)})
			if st.Complete() || st.Check(q.Index("stop"), questionnaire.Value{}, "") == "" {
				t.Error("a relevant required note does not block")
			}
			st = answersAt(q, questionnaire.Answers{"age": questionnaire.IntValue(30)})
			if !st.Complete() {
				t.Errorf("a note that is not relevant blocks: %v", st.Problems(""))
			}
		}},
		{name: "required on a calculate", sheets: []sheetRows{survey(
			r("type", "name", "label", "required", "calculation"),
			r("calculate", "c", "", "yes", "1 + 1"),
		)}},
		{name: "a calculation on a select_one sets its value", sheets: []sheetRows{survey(
			r("type", "name", "label", "calculation"),
			r("integer", "age", "Age"),
			r("select_one yn", "adult", "Adult?", "if(${age} >= 18, 1, 0)"),
		), yesNoChoices}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			st := answersAt(q, questionnaire.Answers{"age": questionnaire.IntValue(30)})
			if v := st.Answer(q.Index("adult")); v.Kind != questionnaire.KindCode || v.Text != "1" {
				t.Errorf("adult is %+v, want the code 1", v)
			}
		}},
		{name: "a calculation on a note", sheets: []sheetRows{survey(
			r("type", "name", "label", "calculation"),
			r("integer", "age", "Age"),
			r("note", "shown", "Age in a year: ${shown}", "${age} + 1"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			st := answersAt(q, questionnaire.Answers{"age": questionnaire.IntValue(30)})
			if v := st.Answer(q.Index("shown")); v.Text != "31" {
				t.Errorf("shown is %+v, want 31", v)
			}
		}},
		{name: "a default on a calculate is its start value", sheets: []sheetRows{survey(
			r("type", "name", "label", "default"),
			r("calculate", "c", "", "5"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			if v := answersAt(q, nil).Answer(q.Index("c")); v.Text != "5" {
				t.Errorf("c is %+v, want 5", v)
			}
		}},
		{name: "read_only on a group", sheets: []sheetRows{survey(
			r("type", "name", "label", "read_only", "default"),
			r("begin group", "g", "G", "yes"), r("text", "a", "A", "", "x"), r("end group"),
		)}, check: func(t *testing.T, res *Result) {
			if !res.Questionnaire.Item("a").ReadOnly {
				t.Error("a question of a read-only group is not read-only")
			}
		}},
	})
}

func TestConformanceSpellings(t *testing.T) {
	// pyxform's aliases.py and question_type_dictionary.py
	runConformance(t, []conformance{
		{name: "select one LIST and select all that apply from LIST", sheets: []sheetRows{survey(
			r("type", "name", "label"),
			r("select one yn", "a", "A"),
			r("select all that apply from yn", "b", "B"),
			r("select_one yn or specify other", "c", "C"),
		), yesNoChoices}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			if q.Item("a").Type != questionnaire.SelectOne || q.Item("b").Type != questionnaire.SelectMultiple || q.Item("c_other") == nil {
				t.Errorf("types: %v %v, c_other %v", q.Item("a").Type, q.Item("b").Type, q.Item("c_other"))
			}
		}},
		{name: "phone number", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("phone number", "p", "P"), r("phonenumber", "p2", "P2"),
		)}, want: []string{"survey!A2", "survey!A3", "phone number is the device's phone number", "phonenumber is the device's phone number"}},
		{name: "imei and uri:deviceid", sheets: []sheetRows{survey(
			r("type", "name", "label"), r("imei", "i"), r("uri:deviceid", "u"), r("text", "a", "A"),
		)}, want: []string{"device_id"}, check: func(t *testing.T, res *Result) {
			if n := len(res.Questionnaire.Items); n != 1 {
				t.Errorf("%d items, want only a", n)
			}
		}},
		{name: "photo", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("photo", "p", "P"),
		)}, want: []string{"survey!A2", "photo is an image question: media are not supported"}},
		{name: "gps", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("gps", "p", "P"),
		)}, want: []string{"survey!A2", "gps is a location (geopoint): locations are not supported"}},
		{name: "select_one_external", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("select_one_external ward", "w", "W"),
		)}, want: []string{"survey!A2", "select_one_external", "external_choices"}},
		{name: "begin loop over", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("begin loop over yn", "l", "L"), r("text", "a", "A"), r("end loop"),
		), yesNoChoices}, want: []string{"survey!A2", "loop", "repeats are not supported"}},
		{name: "unsupported constructs load with lenient", lenient: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("photo", "p", "P"), r("gps", "g", "G"), r("phonenumber", "n", "N"),
			r("begin loop over yn", "l", "L"), r("text", "a", "A"), r("end loop"), r("text", "kept", "K"),
		), yesNoChoices}, want: []string{"dropped", "photo"}, check: func(t *testing.T, res *Result) {
			if q := res.Questionnaire; len(q.Items) != 1 || q.Item("kept") == nil {
				t.Errorf("items %d", len(q.Items))
			}
		}},
	})
}

func TestConformanceMessages(t *testing.T) {
	runConformance(t, []conformance{
		{name: "an empty group", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("begin group", "g", "G"), r("end group"), r("text", "a", "A"),
		)}, want: []string{"survey!A2", "group g has no rows between begin group and end group"}},
		{name: "everything dropped", lenient: true, refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("image", "p", "P"), r("geopoint", "g", "G"),
		)}, want: []string{"survey!A2", "survey!A3", "nothing is left"}},
		{name: "a question without a name", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("text", "", "A"),
		)}, want: []string{"survey!B2", "fill in the name column"}},
		{name: "a question without a label", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("text", "a", ""),
		)}, want: []string{"survey!", "fill in its label column"}},
		{name: "a choice without a label", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label"), r("select_one c", "c", "C"),
		), choices(r("list_name", "name", "label"), r("c", "1", ""))},
			want: []string{"choices!", "fill in its label"}},
	})
}

func TestRegexConstraintMessage(t *testing.T) {
	// A regex constraint without a message does not speak of a range.
	res, err := Import("form.xlsx", book(t, survey(
		r("type", "name", "label", "constraint"),
		r("text", "zip", "ZIP", "regex(., '^[0-9]{3} ?[0-9]{2}$')"),
		r("integer", "n", "N", ". < 5"),
	)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Questionnaire
	st := answersAt(q, nil)
	if m := st.Check(q.Index("zip"), questionnaire.TextValue("abc"), "en"); strings.Contains(m, "range") || m == "" {
		t.Errorf("regex message %q", m)
	}
	if m := st.Check(q.Index("n"), questionnaire.IntValue(7), "en"); !strings.Contains(m, "range") {
		t.Errorf("range message %q", m)
	}
}

// datedBook is a workbook whose form_id, version and a default were typed
// into Excel as dates: numbers with a date format, one of them a format
// excelize cannot display.
func datedBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "survey"))
	must(f.SetSheetRow("survey", "A1", &[]any{"type", "name", "label", "default"}))
	must(f.SetSheetRow("survey", "A2", &[]any{"date", "visit", "Visit"}))
	must(f.SetCellValue("survey", "D2", 36526.0))         // 2000-01-01
	short, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy, "01-01-00"
	must(err)
	must(f.SetCellStyle("survey", "D2", "D2", short))
	_, err = f.NewSheet("settings")
	must(err)
	must(f.SetSheetRow("settings", "A1", &[]any{"form_id", "version"}))
	must(f.SetCellValue("settings", "A2", 44453.88))
	custom := "[$-409]dddd, mmmm d, yyyy h:mm:ss AM/PM"
	long, err := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	must(err)
	must(f.SetCellStyle("settings", "A2", "A2", long))
	must(f.SetCellValue("settings", "B2", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)))
	var b bytes.Buffer
	_, err = f.WriteTo(&b)
	must(err)
	return b.Bytes()
}

func TestConformanceNewTypes(t *testing.T) {
	// pyxform question_type_dictionary.py: types a laptop can ask.
	runConformance(t, []conformance{
		{name: "datetime and time", sheets: []sheetRows{survey(
			r("type", "name", "label"), r("datetime", "when", "When"), r("time", "at", "At"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			if q.Item("when").Type != questionnaire.DateTimeType || q.Item("at").Type != questionnaire.TimeType {
				t.Errorf("types %v %v", q.Item("when").Type, q.Item("at").Type)
			}
		}},
		{name: "hidden", sheets: []sheetRows{survey(
			r("type", "name", "label", "default"), r("hidden", "h", "", "abc"), r("text", "a", "A"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			if v := answersAt(q, nil).Answer(q.Index("h")); v.Text != "abc" || q.IsStep(q.Index("h")) {
				t.Errorf("hidden is %+v, a step %v", v, q.IsStep(q.Index("h")))
			}
		}},
		{name: "acknowledge and trigger", sheets: []sheetRows{survey(
			r("type", "name", "label"), r("acknowledge", "ok", "I agree"), r("trigger", "go", "Go on"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			for _, n := range []string{"ok", "go"} {
				it := q.Item(n)
				if it.Type != questionnaire.SelectOne || len(it.List.Options) != 1 || it.List.Options[0].Value != "OK" {
					t.Errorf("%s is %v", n, it.Type)
				}
			}
		}},
		{name: "range", sheets: []sheetRows{survey(
			r("type", "name", "label", "parameters"),
			r("range", "r", "R", "start=1 end=10 step=1"), r("range", "d", "D", "start=0 end=1 step=0.25"),
		)}, check: func(t *testing.T, res *Result) {
			q := res.Questionnaire
			ri, di := q.Item("r"), q.Item("d")
			if ri.Type != questionnaire.Integer || ri.Range == nil || ri.Range.End != 10 || di.Type != questionnaire.Decimal || di.Range.Step != 0.25 {
				t.Fatalf("range %v %+v, %v %+v", ri.Type, ri.Range, di.Type, di.Range)
			}
			st := answersAt(q, nil)
			if st.Check(q.Index("r"), questionnaire.IntValue(11), "en") == "" || st.Check(q.Index("d"), questionnaire.DecimalValue(0.3), "en") == "" {
				t.Error("a value outside the range or off its step is accepted")
			}
			if m := st.Check(q.Index("d"), questionnaire.DecimalValue(0.75), "en"); m != "" {
				t.Errorf("0.75 refused: %s", m)
			}
		}},
		{name: "bad range parameters", refused: true, sheets: []sheetRows{survey(
			r("type", "name", "label", "parameters"), r("range", "r", "R", "start=5 end=1"),
		)}, want: []string{"survey!D2", "start"}},
	})
}

func TestConformanceFunctions(t *testing.T) {
	// The functions ODK forms use that a laptop can compute.
	res, err := Import("form.xlsx", book(t,
		survey(
			r("type", "name", "label", "calculation"),
			r("select_one yn", "a", "A"),
			r("date", "d", "D"),
			r("calculate", "started", "", "once(now())"),
			r("calculate", "aname", "", "jr:choice-name(${a}, '${a}')"),
			r("calculate", "dfmt", "", "format-date(${d}, '%d.%m.%Y %a %b %e %n')"),
			r("calculate", "dtfmt", "", "format-date-time(date-time(19723.5), '%Y-%m-%d %H:%M:%S')"),
			r("calculate", "days", "", "decimal-date-time(${d})"),
			r("calculate", "id", "", "uuid()"),
		),
		yesNoChoices,
	), Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Questionnaire
	d, _ := time.Parse(time.DateOnly, "2026-12-04")
	st := answersAt(q, questionnaire.Answers{"a": questionnaire.CodeValue("1"), "d": questionnaire.DateValue(d)})
	want := map[string]string{
		"aname": "yes",
		"dfmt":  "04.12.2026 Fri Dec 4 12",
		"dtfmt": "2024-01-01 12:00:00",
		"days":  "20791",
	}
	for n, w := range want {
		if v := st.Answer(q.Index(n)).Text; v != w {
			t.Errorf("%s = %q, want %q", n, v, w)
		}
	}
	if v := st.Answer(q.Index("id")).Text; len(v) != 36 || strings.Count(v, "-") != 4 {
		t.Errorf("uuid() = %q", v)
	}
	if v := st.Answer(q.Index("started")).Text; !strings.HasPrefix(v, "20") || !strings.Contains(v, "T") {
		t.Errorf("now() = %q", v)
	}
}

// jr:choice-name() names its question in quotes, '${Q1}'; the name is
// mapped like any reference.
func TestChoiceNameOfAMappedName(t *testing.T) {
	res, err := Import("form.xlsx", book(t, survey(
		r("type", "name", "label", "calculation"),
		r("select_one yn", "Q1", "Q1"),
		r("calculate", "q1_label", "", "jr:choice-name(${Q1}, '${Q1}')"),
	), yesNoChoices), Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Questionnaire
	if v := answersAt(q, questionnaire.Answers{"q1": questionnaire.CodeValue("0")}).Answer(q.Index("q1_label")).Text; v != "no" {
		t.Errorf("jr:choice-name = %q, want no\n%s", v, res.YAML)
	}
}
