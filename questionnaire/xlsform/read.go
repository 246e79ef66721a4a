package xlsform

import (
	"bytes"
	"fmt"
	"iter"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheet is one sheet of a workbook as text: rows of cells, trailing empty
// cells dropped.
type sheet struct {
	name string // as written in the workbook
	rows [][]string
}

// cell names the cell at 0-based row r and column c: "survey!D14".
func (s *sheet) cell(r, c int) string {
	name, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		name = fmt.Sprintf("R%dC%d", r+1, c+1)
	}
	return s.name + "!" + name
}

// get returns the text at row r, column c, trimmed, or "".
func (s *sheet) get(r, c int) string {
	if c < 0 || r >= len(s.rows) || c >= len(s.rows[r]) {
		return ""
	}
	return strings.TrimSpace(s.rows[r][c])
}

// filled yields the row's non-empty cells of the given columns, with
// their text and place.
func (s *sheet) filled(r int, cols []column) iter.Seq2[column, cellv] {
	return func(yield func(column, cellv) bool) {
		for _, col := range cols {
			if v := s.get(r, col.idx); v != "" {
				if !yield(col, cellv{v, s.cell(r, col.idx)}) {
					return
				}
			}
		}
	}
}

// workbook holds the sheets an XLSForm is made of, found by name without
// regard to case; nil when absent.
type workbook struct {
	survey, choices, settings *sheet
	names                     []string // every sheet's name, for messages
	external                  *sheet   // external_choices, which anketa cannot use
}

// Limits on what a workbook may unpack to; an XLSForm is far smaller.
const (
	unzipLimit    = 256 << 20
	unzipXMLLimit = 64 << 20
)

// readWorkbook opens the .xlsx in data. Its errors say what the file is
// instead and what to do.
func readWorkbook(data []byte) (wb *workbook, err error) {
	// excelize is not ours; whatever a damaged file makes it do must come
	// back as an error, not end the program.
	defer func() {
		if r := recover(); r != nil {
			wb, err = nil, fmt.Errorf("the workbook is damaged and cannot be read (%v); open it in Excel or LibreOffice and save it again as .xlsx", r)
		}
	}()
	switch {
	case len(data) == 0:
		return nil, fmt.Errorf("the file is empty; an XLSForm is an .xlsx workbook")
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0")):
		return nil, fmt.Errorf("this is an Excel 97-2003 workbook (.xls) or an encrypted one; open it in Excel or LibreOffice and save it as .xlsx without a password")
	case !bytes.HasPrefix(data, []byte("PK")):
		return nil, fmt.Errorf("this is not an Excel workbook; an XLSForm is an .xlsx file with survey, choices and settings sheets")
	case bytes.Contains(data[:min(len(data), 200)], []byte("application/vnd.oasis.opendocument")):
		return nil, fmt.Errorf("this is an OpenDocument spreadsheet (.ods); save it as .xlsx")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: unzipXMLLimit})
	if err != nil {
		return nil, fmt.Errorf("cannot read the workbook (%v); open it in Excel or LibreOffice and save it again as .xlsx", err)
	}
	defer f.Close()
	wb = &workbook{names: f.GetSheetList()}
	for _, name := range wb.names {
		var dst **sheet
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "survey":
			dst = &wb.survey
		case "choices":
			dst = &wb.choices
		case "settings":
			dst = &wb.settings
		case "external_choices":
			dst = &wb.external
		default:
			continue
		}
		if *dst != nil {
			return nil, fmt.Errorf("the workbook has two sheets called %s (%s and %s); keep one", strings.ToLower(name), (*dst).name, name)
		}
		rows, err := readRows(f, name)
		if err != nil {
			return nil, err
		}
		*dst = &sheet{name: name, rows: rows}
	}
	return wb, nil
}

// maxRows is the most rows a sheet may hold, empty rows between filled
// ones included: a questionnaire's limits (questionnaire.MaxItems,
// MaxOptions) are far below it.
const maxRows = 200_000

// readRows reads a sheet row by row, so that a workbook of a million rows
// is refused before it is held in memory. Empty rows at the end, which
// spreadsheets keep for formatting, are dropped as they come.
func readRows(f *excelize.File, name string) ([][]string, error) {
	it, err := f.Rows(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read sheet %s: %v", name, err)
	}
	defer it.Close()
	var rows [][]string
	empty := 0 // empty rows read since the last filled one
	for it.Next() {
		cols, err := it.Columns()
		if err != nil {
			return nil, fmt.Errorf("cannot read sheet %s: %v", name, err)
		}
		if !hasText(cols) {
			empty++
			continue
		}
		if len(rows)+empty+1 > maxRows {
			return nil, fmt.Errorf("sheet %s has more than %d rows; a questionnaire has far fewer (delete the rows below it, or split it)", name, maxRows)
		}
		for ; empty > 0; empty-- {
			rows = append(rows, nil)
		}
		rows = append(rows, cols)
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("cannot read sheet %s: %v", name, err)
	}
	return rows, nil
}

func hasText(cols []string) bool {
	for _, c := range cols {
		if strings.TrimSpace(c) != "" {
			return true
		}
	}
	return false
}

// header is a sheet's first row, read: for each column its meaning.
type column struct {
	key  string // the column's base name, canonical: "label", "list_name"
	lang string // the language of a translated column, as written: "Czech (cs)"
	idx  int    // 0-based column
	raw  string // the header as written
}

// headerRow returns the index of a sheet's header row: its first row with
// any text.
func headerRow(s *sheet) int {
	for r := range s.rows {
		for c := range s.rows[r] {
			if s.get(r, c) != "" {
				return r
			}
		}
	}
	return -1
}

// aliases maps the spellings ODK and pyxform accept to one name.
var aliases = map[string]string{
	"list name": "list_name", "listname": "list_name",
	"value":            "name",
	"required message": "required_message", "jr:requiredmsg": "required_message", "bind::jr:requiredmsg": "required_message",
	"constraint message": "constraint_message", "jr:constraintmsg": "constraint_message", "bind::jr:constraintmsg": "constraint_message",
	"choice filter": "choice_filter", "relevance": "relevant", "calculate": "calculation",
	"read only": "read_only", "readonly": "read_only", "bind::readonly": "read_only",
	"bind::relevant": "relevant", "bind::constraint": "constraint", "bind::calculate": "calculation",
	"bind::required": "required", "body::appearance": "appearance",
	"form title": "form_title", "form id": "form_id", "default language": "default_language",
	"caption": "label",
}

// translatable are the columns that may carry ::LANG.
var translatable = map[string]bool{"label": true, "hint": true, "required_message": true, "constraint_message": true, "form_title": true, "guidance_hint": true}

// parseHeader reads one header cell.
func parseHeader(raw string, idx int) column {
	h := strings.Join(strings.Fields(strings.ToLower(raw)), " ")
	col := column{idx: idx, raw: strings.TrimSpace(raw)}
	if a, ok := aliases[h]; ok {
		h = a
	}
	// label::Czech (cs), label:English, jr:constraintMsg::cs
	for t := range translatable {
		for _, sep := range []string{"::", ":"} {
			for _, base := range []string{t, strings.ReplaceAll(t, "_", " ")} {
				if rest, ok := strings.CutPrefix(h, base+sep); ok && rest != "" {
					col.key = t
					col.lang = langOf(col.raw)
					return col
				}
			}
		}
	}
	for _, p := range []string{"jr:constraintmsg::", "jr:requiredmsg::"} {
		if rest, ok := strings.CutPrefix(h, p); ok {
			if rest != "" {
				col.key = map[string]string{"jr:constraintmsg::": "constraint_message", "jr:requiredmsg::": "required_message"}[p]
				col.lang = langOf(col.raw)
				return col
			}
		}
	}
	col.key = h
	return col
}

// langOf returns the language part of a translated header as written:
// what follows its first "::", or else its first ":".
func langOf(raw string) string {
	if i := strings.Index(raw, "::"); i >= 0 {
		return strings.TrimSpace(raw[i+2:])
	}
	if i := strings.Index(raw, ":"); i >= 0 {
		return strings.TrimSpace(raw[i+1:])
	}
	return ""
}

// columns reads a sheet's header row.
func columns(s *sheet, hr int) []column {
	var cols []column
	for c, raw := range s.rows[hr] {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		cols = append(cols, parseHeader(raw, c))
	}
	return cols
}
