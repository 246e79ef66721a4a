package questionnaire

import (
	"fmt"
	"sort"
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
	case p.Line > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
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

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Cell != b.Cell {
			return cellLess(a.Cell, b.Cell)
		}
		return a.Col < b.Col
	})
}

// cellLess orders sheet!A10 after sheet!A9.
func cellLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
