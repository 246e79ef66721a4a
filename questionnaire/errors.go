package questionnaire

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Pos is a place in a questionnaire file: a line and column in YAML, or a
// sheet cell such as survey!D14 in a workbook.
type Pos struct {
	File string
	Line int
	Col  int
	Cell string
}

func (p Pos) String() string {
	switch {
	case p.Cell != "":
		return p.File + ":" + p.Cell
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// place names p within its file: "line 12", or the cell "survey!B5".
func (p Pos) place() string {
	if p.Cell != "" {
		return p.Cell
	}
	return fmt.Sprintf("line %d", p.Line)
}

// Error is one problem found in a questionnaire.
type Error struct {
	Pos     Pos
	Msg     string
	Warning bool
}

func (e *Error) Error() string {
	if e.Warning {
		return e.Pos.String() + ": warning: " + e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// ErrorList is every problem found in a questionnaire, sorted by position.
type ErrorList []*Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

func (l *ErrorList) add(p Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

func (l *ErrorList) warn(p Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: p, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// Sort orders the problems by file, then place: line and column in a
// YAML file, sheet, row and column in a workbook.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Cell != "" && b.Cell != "" && a.Cell != b.Cell {
			return CompareCells(a.Cell, b.Cell) < 0
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// CompareCells orders workbook cells such as survey!B10: by sheet (an
// XLSForm's survey, choices and settings first, in that order), then row,
// then column, so that survey!A10 comes after survey!B9.
func CompareCells(a, b string) int {
	sa, ra, ca := splitCell(a)
	sb, rb, cb := splitCell(b)
	if sa != sb {
		if d := sheetRank(sa) - sheetRank(sb); d != 0 {
			return d
		}
		return strings.Compare(sa, sb)
	}
	if ra != rb {
		return ra - rb
	}
	if len(ca) != len(cb) {
		return len(ca) - len(cb)
	}
	return strings.Compare(ca, cb)
}

func splitCell(cell string) (sheet string, row int, col string) {
	i := strings.LastIndexByte(cell, '!')
	if i < 0 {
		return cell, 0, ""
	}
	sheet, ref := strings.ToLower(cell[:i]), cell[i+1:]
	j := strings.IndexAny(ref, "0123456789")
	if j < 0 {
		return sheet, 0, ref
	}
	row, _ = strconv.Atoi(ref[j:])
	return sheet, row, ref[:j]
}

func sheetRank(s string) int {
	switch s {
	case "survey":
		return 1
	case "choices":
		return 2
	case "settings":
		return 3
	}
	return 4
}
