package xlsform

import (
	"bytes"
	"fmt"
	"iter"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"anketa/questionnaire"
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
	unzipLimit    = 64 << 20
	unzipXMLLimit = 4 << 20
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
		if dst != &wb.choices {
			datesByValue(f, name, rows)
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
		// A cell's value, not its display: 1.5 shown as 1.50 is 1.5, and a
		// date is a number until datesByValue reads it.
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
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

// datesByValue rewrites the cells typed in as dates (a number with a
// date format, such as a form_id or version someone entered as a date) as
// pyxform reads them: an ISO date, with the time of day when it has one
// ("2021-09-14 21:07:12"), or a time alone.
//
// Styles are read from the whole sheet, which excelize then holds in
// memory; a sheet larger than any questionnaire's is left as it is (the
// questionnaire's own limits refuse it).
func datesByValue(f *excelize.File, name string, rows [][]string) {
	cells, size := 0, 0
	for _, row := range rows {
		cells += len(row)
		for _, v := range row {
			size += len(v)
		}
	}
	// 100,000 cells: 10,000 questions of 10 columns; excelize takes about
	// 600 bytes of memory a cell to hold the sheet
	if len(rows) > questionnaire.MaxItems+1 || cells > 100_000 || size > 8<<20 {
		return
	}
	isDate := map[int]bool{}
	for r, row := range rows {
		for c, v := range row {
			serial, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || serial < 0 || serial > 2958465 { // 9999-12-31
				continue
			}
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				continue
			}
			id, err := f.GetCellStyle(name, cell)
			if err != nil || id == 0 {
				continue
			}
			date, seen := isDate[id]
			if !seen {
				if st, err := f.GetStyle(id); err == nil {
					date = dateFormat(st)
				}
				isDate[id] = date
			}
			if !date {
				continue
			}
			t, err := excelize.ExcelDateToTime(serial, false)
			if err != nil {
				continue
			}
			t = t.Round(time.Second)
			switch {
			case serial < 1:
				row[c] = t.Format(time.TimeOnly)
			case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0:
				row[c] = t.Format(time.DateOnly)
			default:
				row[c] = t.Format(time.DateTime)
			}
		}
	}
}

// dateFormat reports whether a cell style shows a number as a date or time.
func dateFormat(st *excelize.Style) bool {
	if st.CustomNumFmt != nil {
		f := strings.ToLower(*st.CustomNumFmt)
		f = quotedOrBracketed.ReplaceAllString(f, "")
		return strings.ContainsAny(f, "ydh")
	}
	n := st.NumFmt
	return n >= 14 && n <= 22 || n >= 27 && n <= 36 || n >= 45 && n <= 47 || n >= 50 && n <= 58
}

var quotedOrBracketed = regexp.MustCompile(`"[^"]*"|\[[^\]]*\]|\\.`)

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
	// bind:relevant and bind::relevant, body:appearance: pyxform reads the
	// column without its prefix, whether written with one colon or two.
	for _, p := range []string{"bind::", "bind:", "body::", "body:"} {
		if rest, ok := strings.CutPrefix(h, p); ok && rest != "" {
			h = rest
			if a, ok := aliases[h]; ok {
				h = a
			}
			break
		}
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
