package xlsform

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"anketa/questionnaire"
)

// book builds an .xlsx in memory: each sheet is a name and its rows,
// header first, written as Excel would keep typed text.
type sheetRows struct {
	name string
	rows [][]string
}

func book(t testing.TB, sheets ...sheetRows) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			vals := make([]any, len(row))
			for c, v := range row {
				vals[c] = v
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &vals); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func survey(rows ...[]string) sheetRows   { return sheetRows{"survey", rows} }
func choices(rows ...[]string) sheetRows  { return sheetRows{"choices", rows} }
func settings(rows ...[]string) sheetRows { return sheetRows{"settings", rows} }

func r(cells ...string) []string { return cells }

// describe writes out everything a questionnaire means, leaving out where
// it came from (positions, source text, hash), so that two questionnaires
// loaded from different files can be compared.
func describe(q *questionnaire.Questionnaire) string {
	var b strings.Builder
	fmt.Fprintf(&b, "id=%s version=%s title=%s languages=%v\n", q.ID, q.Version, textString(q.Title), q.Languages)
	for _, l := range q.Lists {
		fmt.Fprintf(&b, "list %s attrs=%v\n", l.Name, l.AttrNames)
		for _, o := range l.Options {
			fmt.Fprintf(&b, "  %s %s missing=%s favorable=%v attrs=%s\n", o.Value, textString(o.Label), o.Missing, o.Favorable, mapString(o.Attrs))
		}
	}
	var walk func(items []*questionnaire.Item, ind string)
	walk = func(items []*questionnaire.Item, ind string) {
		for _, it := range items {
			fmt.Fprintf(&b, "%s%s %s list=%s label=%s hint=%s app=%q ro=%v persist=%v req=%v reqif=%q reqmsg=%s rel=%q con=%q conmsg=%s calc=%q filter=%q default=%q\n",
				ind, it.Name, it.Type, it.ListName, textString(it.Label), textString(it.Hint), it.Appearance, it.ReadOnly, it.Persist,
				it.Required, it.RequiredIf.Src, textString(it.RequiredMessage), it.Relevant.Src, it.Constraint.Src,
				textString(it.ConstraintMessage), it.Calculation.Src, it.ChoiceFilter.Src, it.Default)
			walk(it.Children, ind+"  ")
		}
	}
	walk(q.Questions, "")
	return b.String()
}

func textString(t questionnaire.Text) string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s:%q", k, t[k]))
	}
	return "{" + strings.Join(parts, " ") + "}"
}

func mapString(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ",")
}

// errorLines returns the messages of an import's error, one per line.
func errorLines(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		t.Fatal("the import succeeded; want an error")
	}
	return strings.Split(err.Error(), "\n")
}
