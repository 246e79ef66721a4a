package xlsform

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"anketa/questionnaire"
	"anketa/questionnaire/expr"
)

// Write writes q as an XLSForm workbook, with survey, choices and settings
// sheets, for a methodologist to edit in Excel or LibreOffice and import
// again. Texts get a column per language (label::Czech (cs)); grids are
// table-list groups; anketa's own meanings travel in the columns persist
// (survey), missing and favorable (choices).
func Write(q *questionnaire.Questionnaire, out io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	langs := q.Languages
	texts := func(key string) []string {
		if len(langs) == 0 {
			return []string{key}
		}
		// the plain column holds a text given for every language
		hs := []string{key}
		for _, l := range langs {
			hs = append(hs, header(key, l))
		}
		return hs
	}
	textCells := func(t questionnaire.Text) []any {
		if len(langs) == 0 {
			return []any{t[""]}
		}
		vals := []any{t[""]}
		for _, l := range langs {
			vals = append(vals, t[l])
		}
		return vals
	}

	// survey
	var cols []string
	cols = append(cols, "type", "name")
	cols = append(cols, texts("label")...)
	cols = append(cols, texts("hint")...)
	cols = append(cols, "required")
	cols = append(cols, texts("required_message")...)
	cols = append(cols, "relevant", "constraint")
	cols = append(cols, texts("constraint_message")...)
	cols = append(cols, "calculation", "default", "choice_filter", "appearance", "read_only", "persist")
	ranges := slices.ContainsFunc(q.Items, func(it *questionnaire.Item) bool { return it.Range != nil })
	if ranges {
		cols = append(cols, "parameters")
	}
	var survey [][]any
	var walk func(items []*questionnaire.Item)
	walk = func(items []*questionnaire.Item) {
		for _, it := range items {
			typ := it.Type.String()
			if it.Type.IsSelect() {
				typ += " " + it.ListName
			}
			app := it.Appearance
			if it.Type == questionnaire.Group {
				typ = "begin_group"
				if it.IsGrid() {
					app = "table-list"
				}
			}
			required := ""
			switch {
			case it.Required:
				required = "yes"
			case it.RequiredIf.Set():
				required = it.RequiredIf.Src
			}
			r := []any{typ, it.Name}
			r = append(r, textCells(it.Label)...)
			r = append(r, textCells(it.Hint)...)
			r = append(r, required)
			r = append(r, textCells(it.RequiredMessage)...)
			r = append(r, it.Relevant.Src, it.Constraint.Src)
			r = append(r, textCells(it.ConstraintMessage)...)
			def := it.Default
			if it.DefaultExpr.Set() {
				def = it.DefaultExpr.Src
			}
			r = append(r, it.Calculation.Src, def, it.ChoiceFilter.Src, app, yes(it.ReadOnly && !it.Calculation.Set()), yes(it.Persist))
			if rg := it.Range; rg != nil {
				r[0] = "range"
				start := expr.FormatNumber(rg.Start)
				if it.Type == questionnaire.Decimal && !strings.Contains(start, ".") {
					start += ".0" // a decimal range, as the import tells it
				}
				r = append(r, fmt.Sprintf("start=%s end=%s step=%s", start, expr.FormatNumber(rg.End), expr.FormatNumber(rg.Step)))
			}
			survey = append(survey, r)
			if it.Type == questionnaire.Group {
				walk(it.Children)
				survey = append(survey, []any{"end_group", it.Name})
			}
		}
	}
	walk(q.Questions)
	if err := writeSheet(f, "survey", cols, survey, bold); err != nil {
		return err
	}

	// choices
	var attrs []string
	for _, l := range q.Lists {
		for _, a := range l.AttrNames {
			if !slices.Contains(attrs, a) {
				attrs = append(attrs, a)
			}
		}
	}
	slices.Sort(attrs)
	ccols := append([]string{"list_name", "name"}, texts("label")...)
	ccols = append(ccols, "missing", "favorable")
	ccols = append(ccols, attrs...)
	var choices [][]any
	for _, l := range q.Lists {
		for _, o := range l.Offered() {
			r := []any{l.Name, o.Value}
			r = append(r, textCells(o.Label)...)
			missing := ""
			if o.Missing != questionnaire.NotMissing {
				missing = o.Missing.String()
			}
			r = append(r, missing, yes(o.Favorable))
			for _, a := range attrs {
				r = append(r, o.Attrs[a])
			}
			choices = append(choices, r)
		}
	}
	if err := writeSheet(f, "choices", ccols, choices, bold); err != nil {
		return err
	}

	// settings
	scols := []string{"form_id", "version"}
	srow := []any{q.ID, q.Version}
	scols = append(scols, texts("form_title")...)
	srow = append(srow, textCells(q.Title)...)
	if q.AllowChoiceDuplicates {
		scols = append(scols, "allow_choice_duplicates")
		srow = append(srow, "yes")
	}
	if len(q.Recipients) > 0 {
		scols = append(scols, "recipients")
		srow = append(srow, strings.Join(q.Recipients, " "))
	}
	if len(langs) > 0 {
		dl := langs[0]
		if n, ok := codeNames[dl]; ok {
			dl = n + " (" + dl + ")"
		}
		scols = append(scols, "default_language")
		srow = append(srow, dl)
	}
	if err := writeSheet(f, "settings", scols, [][]any{srow}, bold); err != nil {
		return err
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(out)
	return err
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// writeSheet writes a sheet with a bold, frozen header row, leaving out
// the columns nothing fills (a plain text column when every text is
// translated, say).
func writeSheet(f *excelize.File, name string, cols []string, rows [][]any, bold int) error {
	used := make([]bool, len(cols))
	for i, c := range cols {
		used[i] = c == "type" || c == "name" || c == "list_name" || c == "form_id" || c == "version"
	}
	for _, r := range rows {
		for i, v := range r {
			if s, ok := v.(string); ok && s != "" && i < len(cols) {
				used[i] = true
			}
		}
	}
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	var head []any
	for i, c := range cols {
		if used[i] {
			head = append(head, c)
		}
	}
	if err := f.SetSheetRow(name, "A1", &head); err != nil {
		return err
	}
	for ri, r := range rows {
		var vals []any
		for i := range cols {
			if !used[i] {
				continue
			}
			if i < len(r) {
				vals = append(vals, r[i])
			} else {
				vals = append(vals, "")
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, ri+2)
		if err := f.SetSheetRow(name, cell, &vals); err != nil {
			return fmt.Errorf("%s row %d: %w", name, ri+2, err)
		}
	}
	if err := f.SetRowStyle(name, 1, 1, bold); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(max(len(head), 1))
	if err := f.SetColWidth(name, "A", last, 22); err != nil {
		return err
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}
