package xlsform

import (
	"slices"
	"strings"
	"testing"
	"time"

	"anketa/questionnaire"
)

// odkForm is a form as ODK and KoboToolbox users write it: translated
// headers in both spellings, "select one from", or_other, metadata, a
// table-list grid with its header row, a choice filter on an extra column,
// names with capitals and dots.
func odkForm(t testing.TB) []byte {
	return book(t,
		survey(
			r("Type", "Name", "label::Czech (cs)", "label:English", "hint::Czech (cs)", "hint::English (en)", "Required", "required_message::Czech (cs)",
				"relevant", "constraint", "constraint_message::Czech (cs)", "calculation", "default", "choice_filter", "appearance", "read_only", "guidance_hint"),
			r("start", "start"),
			r("end", "end"),
			r("today", "today"),
			r("deviceid", "deviceid"),
			r("username", "username"),
			r("select one from Region", "Region", "Kraj", "Region", "Vyplní tazatel", "Filled in by the interviewer", "yes", "Vyberte kraj"),
			r("select_one Office", "Office.Name", "Úřad", "Office", "", "", "TRUE()", "", "", "", "", "", "", "region = ${Region}"),
			r("integer", "Age", "Věk", "Age", "", "", "true", "", "", ". >= 15 and . < 120", "Věk od 15 do 119", "", "", "", "", "", "ask politely"),
			r("decimal", "wait_h", "Čekání v hodinách", "Waiting, hours", "", "", "no", "", "${Age} >= 18", ". >= 0"),
			r("date", "visit", "Datum návštěvy", "Date of visit", "", "", "", "", "", ". <= ${today}", "", "", "", "", "", ""),
			r("text", "comment", "Poznámka", "Comment", "", "", "", "", "", "string-length(.) <= 200", "", "", "", "", "multiline"),
			r("note", "thanks", "Děkujeme", "Thank you", "", "", "", "", "", "", "", "", "", "", "", "yes"),
			r("calculate", "adult", "", "", "", "", "", "", "", "", "", "if(${Age} >= 18, 1, 0)"),
			r("select_multiple channels or_other", "channels", "Jak jste se o nás dozvěděl?", "How did you hear of us?"),
			r("begin group", "grades", "Známky", "Grades", "", "", "", "", "${adult} = 1", "", "", "", "", "", "table-list"),
			r("select_one grade", "hdr", "Známka", "Grade", "", "", "", "", "", "", "", "", "", "", "label"),
			r("select_one grade", "g_wait", "čekání", "waiting", "", "", "yes", "", "", "", "", "", "", "", "list-nolabel"),
			r("select_one grade", "g_staff", "ochota", "staff", "", "", "yes", "", "", "", "", "", "", "", "list-nolabel"),
			r("end group"),
			r("begin_group", "more"),
			r("select_one yes_no", "again", "Přišel byste znovu?", "Would you come again?", "", "", "", "", "", "", "", "", "1"),
			r("end_group"),
		),
		choices(
			r("list name", "name", "label::Czech (cs)", "label:English", "region", "missing", "favorable"),
			r("Region", "pl", "Plzeňský", "Pilsen", "", "", ""),
			r("Region", "pr", "Praha", "Prague", "", "", ""),
			r("Office", "o1", "Magistrát Plzeň", "Pilsen city hall", "pl"),
			r("Office", "o2", "Magistrát Praha", "Prague city hall", "pr"),
			r("channels", "web", "Web", "Web"),
			r("channels", "friend", "Známý", "A friend"),
			r("grade", "1", "1", "1", "", "", "yes"),
			r("grade", "2", "2", "2", "", "", "yes"),
			r("grade", "3", "3", "3"),
			r("grade", "9", "nevím", "don't know", "", "dont_know"),
			r("yes_no", "1", "ano", "yes"),
			r("yes_no", "0", "ne", "no"),
		),
		settings(
			r("form_title", "form_id", "version", "default_language", "instance_name"),
			r("Spokojenost", "spokojenost_odk", "2026112401", "Czech (cs)", "concat(${Region}, '-', ${Age})"),
		),
	)
}

func TestImportODKForm(t *testing.T) {
	res, err := Import("odk.xlsx", odkForm(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Questionnaire
	if q.ID != "spokojenost_odk" || q.Version != "2026112401" || q.Title[""] != "Spokojenost" {
		t.Errorf("settings: id %q version %q title %v", q.ID, q.Version, q.Title)
	}
	if !slices.Equal(q.Languages, []string{"cs", "en"}) {
		t.Errorf("languages %v, want [cs en] (default_language first)", q.Languages)
	}
	// Names follow the documented rule and references follow the names.
	for _, n := range []string{"region", "office_name", "age", "wait_h", "visit", "comment", "thanks", "adult", "channels", "channels_other", "grades", "g_wait", "g_staff", "more", "again"} {
		if q.Item(n) == nil {
			t.Errorf("no item %s", n)
		}
	}
	for _, n := range []string{"start", "end", "today", "deviceid", "username", "hdr"} {
		if q.Item(n) != nil {
			t.Errorf("item %s should not be a question", n)
		}
	}
	types := map[string]questionnaire.Type{"region": questionnaire.SelectOne, "office_name": questionnaire.SelectOne, "age": questionnaire.Integer,
		"wait_h": questionnaire.Decimal, "visit": questionnaire.DateType, "comment": questionnaire.TextType, "thanks": questionnaire.Note,
		"adult": questionnaire.Calculate, "channels": questionnaire.SelectMultiple, "channels_other": questionnaire.TextType, "grades": questionnaire.Group}
	for n, want := range types {
		if it := q.Item(n); it != nil && it.Type != want {
			t.Errorf("%s is %s, want %s", n, it.Type, want)
		}
	}
	region := q.Item("region")
	if region.Label["cs"] != "Kraj" || region.Label["en"] != "Region" || region.Hint["en"] != "Filled in by the interviewer" || !region.Required || region.RequiredMessage["cs"] != "Vyberte kraj" {
		t.Errorf("region: %+v", region)
	}
	if got := q.Item("office_name").ChoiceFilter.Src; got != "region = ${region}" {
		t.Errorf("choice filter %q", got)
	}
	if !q.Item("office_name").Required || !q.Item("age").Required || q.Item("wait_h").Required {
		t.Error("required: TRUE() and true mean required, no does not")
	}
	if got := q.Item("wait_h").Relevant.Src; got != "${age} >= 18" {
		t.Errorf("relevant %q", got)
	}
	if got := q.Item("visit").Constraint.Src; got != ". <= today()" {
		t.Errorf("${today} should read as today(): %q", got)
	}
	if it := q.Item("age"); it.Constraint.Src != ". >= 15 and . < 120" || it.ConstraintMessage["cs"] != "Věk od 15 do 119" {
		t.Errorf("age constraint: %+v", it)
	}
	if got := q.Item("adult").Calculation.Src; got != "if(${age} >= 18, 1, 0)" {
		t.Errorf("calculation %q", got)
	}
	if q.Item("comment").Appearance != "multiline" || !q.Item("thanks").ReadOnly {
		t.Error("appearance and read_only are kept")
	}
	if it := q.Item("again"); it.Default != "1" || it.Parent != q.Item("more") {
		t.Errorf("default %q, parent %v", it.Default, it.Parent)
	}
	// or_other: the list gains "other", and a text question asks which.
	if q.Item("channels").List.Option("other") == nil {
		t.Error("or_other did not add the option other")
	}
	if got := q.Item("channels_other").Relevant.Src; got != "selected(${channels}, 'other')" {
		t.Errorf("channels_other relevant %q", got)
	}
	// The table-list of one list is a grid; its header row is left out.
	g := q.Item("grades")
	if !g.IsGrid() || len(g.Children) != 2 || g.Relevant.Src != "${adult} = 1" {
		t.Errorf("grades: grid %v, %d rows, relevant %q", g.IsGrid(), len(g.Children), g.Relevant.Src)
	}
	grade := q.List("grade")
	if o := grade.Option("1"); !o.Favorable || grade.Option("9").Missing != questionnaire.DontKnow || grade.Option("3").Favorable {
		t.Error("missing and favorable columns")
	}
	if o := q.List("office").Option("o1"); o.Attrs["region"] != "pl" {
		t.Errorf("attribute region: %v", o.Attrs)
	}

	// The filter works: with region pl only the Pilsen office is offered.
	s := q.Evaluate(questionnaire.Answers{"region": questionnaire.CodeValue("pl")}, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	opts := s.Options(q.Item("office_name").Index)
	if len(opts) != 1 || opts[0].Value != "o1" {
		t.Errorf("filtered offices: %v", opts)
	}

	notes := map[string]string{}
	for _, n := range res.Notes {
		notes[n.Cell] += n.Msg
	}
	for cell, want := range map[string]string{
		"survey!A2":   "started_at",
		"survey!A3":   "finished_at",
		"survey!A4":   "today()",
		"survey!A5":   "device_id",
		"survey!A6":   "interviewer",
		"survey!A17":  "header row",
		"survey!Q1":   "not shown",
		"settings!E1": "instance_name",
	} {
		if !strings.Contains(notes[cell], want) {
			t.Errorf("note at %s = %q, want it to mention %q", cell, notes[cell], want)
		}
	}

	// Round trip: the YAML loads to the same questionnaire.
	fromYAML, err := questionnaire.Parse("odk.yaml", res.YAML)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.YAML)
	}
	if got, want := describe(fromYAML), describe(q); got != want {
		t.Errorf("YAML loads differently\n--- yaml\n%s\n--- got\n%s\n--- want\n%s", res.YAML, got, want)
	}
}

// A problem inside the converted questionnaire is reported at its cell.
func TestImportErrorsAtCells(t *testing.T) {
	tests := []struct {
		name  string
		data  []byte
		wants []string
	}{
		{"not a workbook", []byte("type,name,label\ntext,a,A\n"), []string{"f.xlsx: this is not an Excel workbook"}},
		{"empty file", nil, []string{"f.xlsx: the file is empty"}},
		{"old xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), []string{"f.xlsx: this is an Excel 97-2003 workbook (.xls)"}},
		{"zip not workbook", []byte("PK\x03\x04garbage"), []string{"f.xlsx: cannot read the workbook"}},
		{"no survey sheet", book(t, choices(r("list_name", "name", "label"))), []string{"f.xlsx: the workbook has no survey sheet (its sheets: choices)"}},
		{"empty survey", book(t, survey()), []string{"f.xlsx:survey!A1: the survey sheet is empty"}},
		{"header only", book(t, survey(r("type", "name", "label"))), []string{"f.xlsx:survey!A1: the survey sheet has no questions; add a row per question below its header row"}},
		{"no type column", book(t, survey(r("name", "label"), r("a", "A"))), []string{"f.xlsx:survey!A1: the survey sheet has no type column"}},
		{"duplicate names", book(t, survey(r("type", "name", "label"), r("text", "a", "A"), r("integer", "a", "B"))),
			[]string{"f.xlsx:survey!B3: name a is used twice (first at survey!B2)"}},
		{"names that collide", book(t, survey(r("type", "name", "label"), r("text", "Q.1", "A"), r("integer", "q_1", "B"))),
			[]string{"f.xlsx:survey!B3: name q_1 becomes q_1 in anketa, as Q.1 at survey!B2 does; rename one of them"}},
		{"unknown list", book(t, survey(r("type", "name", "label"), r("select_one skala", "a", "A")), choices(r("list_name", "name", "label"), r("skola", "1", "1"))),
			[]string{"f.xlsx:survey!A2: a uses choice list skala, which is not defined under choices; did you mean skola?"}},
		{"no choices sheet", book(t, survey(r("type", "name", "label"), r("select_one skola", "a", "A"))),
			[]string{"f.xlsx: the workbook has no choices sheet, but the survey uses choice lists (skola)"}},
		{"unbalanced begin", book(t, survey(r("type", "name", "label"), r("begin_group", "g", "G"), r("text", "a", "A"))),
			[]string{"f.xlsx:survey!A2: group g begun here is never ended; add an end_group row"}},
		{"unbalanced end", book(t, survey(r("type", "name", "label"), r("text", "a", "A"), r("end group"))),
			[]string{"f.xlsx:survey!A3: end group has no matching begin_group above it"}},
		{"bad expression", book(t, survey(r("type", "name", "label", "relevant"), r("text", "a", "A"), r("text", "b", "B", "${a} = = 1"))),
			[]string{"f.xlsx:survey!D3: "}},
		{"unknown reference", book(t, survey(r("type", "name", "label", "relevant"), r("text", "Vek", "A"), r("text", "b", "B", "${vk} > 1"))),
			[]string{"f.xlsx:survey!D3: ", "vek"}},
		{"duplicate choice", book(t, survey(r("type", "name", "label"), r("select_one l", "a", "A")), choices(r("list_name", "name", "label"), r("l", "1", "x"), r("l", "1", "y"))),
			[]string{"f.xlsx:choices!B3: value \"1\" appears twice in choice list l (first at choices!B2)"}},
		{"choice without list", book(t, survey(r("type", "name", "label"), r("select_one l", "a", "A")), choices(r("list_name", "name", "label"), r("l", "1", "x"), r("", "2", "y"))),
			[]string{"f.xlsx:choices!A3: choice 2 has no list_name"}},
		{"bad language", book(t, survey(r("type", "name", "label::Ж"), r("text", "a", "A"))),
			[]string{"f.xlsx:survey!C1: cannot tell which language \"Ж\" is"}},
		{"bad missing", book(t, survey(r("type", "name", "label"), r("select_one l", "a", "A")), choices(r("list_name", "name", "label", "missing"), r("l", "1", "x", "maybe"))),
			[]string{"f.xlsx:choices!D2: missing must be dont_know, refused or not_applicable"}},
		{"no type", book(t, survey(r("type", "name", "label"), r("", "a", "A"))),
			[]string{"f.xlsx:survey!A2: row 2 has no type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import("f.xlsx", tt.data, Options{})
			msg := strings.Join(errorLines(t, err), "\n")
			for _, w := range tt.wants {
				if !strings.Contains(msg, w) {
					t.Errorf("error\n%s\nshould contain %q", msg, w)
				}
			}
		})
	}
}

// unsupported is a form with one of everything anketa cannot ask.
func unsupported(t testing.TB) []byte {
	return book(t,
		survey(
			r("type", "name", "label", "relevant", "calculation", "media::image"),
			r("text", "a", "A"),
			r("geopoint", "where", "Where?"),
			r("image", "photo", "Photo"),
			r("select_one_from_file offices.csv", "office", "Office"),
			r("calculate", "lookup", "", "", "pulldata('prices', 'p', 'id', ${a})"),
			r("begin_repeat", "people", "People"),
			r("text", "person", "Name"),
			r("end_repeat"),
			r("integer", "b", "B", "${lookup} > 1"),
			r("text", "c", "C", "", "", "logo.png"),
			r("note", "n", "${start}"),
			r("start", "start"),
			r("barcode", "code", "Code"),
			r("select_one l", "d", "D", "area(${a}, '${a}') != ''"),
			r("text", "e", "E"),
		),
		choices(r("list_name", "name", "label"), r("l", "1", "one")),
	)
}

func TestImportUnsupported(t *testing.T) {
	_, err := Import("form.xlsx", unsupported(t), Options{})
	got := errorLines(t, err)
	want := []string{
		"form.xlsx:survey!A3: geopoint is a location (geopoint): locations are not supported",
		"form.xlsx:survey!A4: image is an image question: media are not supported",
		"form.xlsx:survey!A5: select_one_from_file is a select with choices from a file: choices from files are not supported",
		"form.xlsx:survey!E6: unknown function pulldata()",
		"form.xlsx:survey!A7: repeats are not supported; anketa asks each question once per interview",
		"form.xlsx:survey!F11: column media::image: media are not supported; anketa shows text only",
		"form.xlsx:survey!C12: ${start} is the session's start",
		"form.xlsx:survey!A14: barcode is a barcode scan: barcode scans are not supported",
		"form.xlsx:survey!D15: unknown function area()",
	}
	if len(got) != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range min(len(got), len(want)) {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d\n got %s\nwant %s...", i, got[i], want[i])
		}
	}
}

// With Lenient the same form imports, and every dropped row is listed:
// the unsupported ones and those that read them.
func TestImportLenient(t *testing.T) {
	res, err := Import("form.xlsx", unsupported(t), Options{Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, it := range res.Questionnaire.Items {
		kept = append(kept, it.Name)
	}
	if !slices.Equal(kept, []string{"a", "c", "e"}) {
		t.Errorf("kept %v, want [a c e]", kept)
	}
	var notes []string
	for _, n := range res.Notes {
		notes = append(notes, n.Cell+": "+n.Msg)
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{
		"survey!A3: dropped geopoint where",
		"survey!A4: dropped image photo",
		"survey!A5: dropped select_one_from_file office",
		"survey!E6: dropped calculate lookup: unknown function pulldata()",
		"survey!A7: dropped repeat people",
		"survey!A8: dropped text person: it is inside repeat people",
		"survey!D10: dropped integer b: it reads ${lookup}, and calculate lookup is dropped",
		"survey!F11: ignored: column media::image",
		"survey!C12: dropped note n",
		"survey!A14: dropped barcode code",
		"survey!D15: dropped select_one d: unknown function area()",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("notes lack %q:\n%s", want, all)
		}
	}
}

// Headers and sheet names are matched without regard to case, with the
// spellings ODK accepts.
func TestImportSpellings(t *testing.T) {
	form := func(typ string) []byte {
		return book(t,
			sheetRows{"Survey", [][]string{
				r("TYPE", "NAME", "LABEL", "Constraint Message", "Required Message", "Read Only"),
				r(typ, "a", "A"),
				r("select_multiple yes_no", "b", "B", "", "Please", "no"),
				r("begin group", "g", "G"),
				r("integer", "c", "C", "Too big"),
				r("end group"),
			}},
			sheetRows{"CHOICES", [][]string{r("List Name", "Value", "Label"), r("yes_no", "1", "yes"), r("yes_no", "0", "no")}},
		)
	}
	if res, err := Import("f.xlsx", form("select one from yes no"), Options{}); err == nil {
		t.Fatalf("\"select one from yes no\" names list \"yes\" with a stray word; want an error\n%s", res.YAML)
	}
	res, err := Import("f.xlsx", form("select one from yes_no"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Questionnaire
	if q.Item("a").ListName != "yes_no" || q.Item("b").RequiredMessage[""] != "Please" || q.Item("c").ConstraintMessage[""] != "Too big" || q.Item("c").Parent != q.Item("g") {
		t.Errorf("spellings not read:\n%s", res.YAML)
	}
	if q.ID != "f" || q.Version != "1" {
		t.Errorf("without settings the id comes from the file name and the version is 1: %s %s", q.ID, q.Version)
	}
}
