package questionnaire

import "fmt"

// Limits on a questionnaire, checked when it loads so that no file can
// make the app, check or export run out of time or memory. FORMAT.md
// states them; real questionnaires stay far below.
const (
	// MaxSourceBytes is the largest questionnaire file, in bytes.
	MaxSourceBytes = 16 << 20
	// MaxNesting is how deep YAML may nest: brackets inside brackets, or
	// mappings and lists inside each other.
	MaxNesting = 64
	// MaxIndent is the deepest indentation of a line, in columns.
	MaxIndent = 512
	// MaxNodes is how many values the file may hold, counting every use
	// of an alias as a copy of its anchor.
	MaxNodes = 2_000_000
	// MaxItems is how many questions, notes, calculations and groups.
	MaxItems = 10_000
	// MaxOptions is how many options all choice lists hold together.
	MaxOptions = 100_000
	// MaxTextLength is the longest label, hint or message, in characters.
	MaxTextLength = 4_000
	// MaxExprLength is the longest expression, in characters.
	MaxExprLength = 10_000
	// DefaultTextLimit is the longest free-text answer, in characters,
	// unless the questionnaire's max_text_length says otherwise; it can
	// be at most MaxTextLimit.
	DefaultTextLimit = 2_000
	MaxTextLimit     = 100_000
	// MaxValueLength is the longest text an expression computes, in
	// characters; a longer result is cut, and check warns of
	// calculations that can grow beyond it.
	MaxValueLength = 1 << 20
)

// TextLimit is the longest free-text answer the questionnaire takes, in
// characters.
func (q *Questionnaire) TextLimit() int {
	if q.textLimit > 0 {
		return q.textLimit
	}
	return DefaultTextLimit
}

// scanNesting refuses, before the YAML parser sees it, a file nested
// deeper than the limits: deep nesting makes the parser use memory out of
// all proportion to the file. It follows brackets outside quotes and
// comments, and the indentation of lines.
func scanNesting(file string, src []byte) *Error {
	depth, line, col := 0, 1, 0
	var quote byte
	indent, atStart, comment := 0, true, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		col++
		if c == '\n' {
			line, col, atStart, comment, indent = line+1, 0, true, false, 0
			if quote == '\'' || quote == '"' {
				continue // quoted scalars may span lines
			}
			continue
		}
		if comment {
			continue
		}
		if atStart {
			if c == ' ' {
				indent++
				if indent > MaxIndent {
					return &Error{Pos: Pos{File: file, Line: line, Col: col}, Msg: fmt.Sprintf("the line is indented more than %d columns; a questionnaire nests far less", MaxIndent)}
				}
				continue
			}
			atStart = false
		}
		switch {
		case quote != 0:
			if c == quote {
				if quote == '\'' && i+1 < len(src) && src[i+1] == '\'' {
					i++ // '' inside single quotes
				} else {
					quote = 0
				}
			} else if c == '\\' && quote == '"' {
				i++
			}
		case c == '#' && (i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n'):
			comment = true
		case c == '\'' || c == '"':
			if i == 0 || isFlowStart(src[i-1]) {
				quote = c
			}
		case c == '[' || c == '{':
			depth++
			if depth > MaxNesting {
				return &Error{Pos: Pos{File: file, Line: line, Col: col}, Msg: fmt.Sprintf("brackets nest more than %d deep; a questionnaire nests far less", MaxNesting)}
			}
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}

// isFlowStart reports whether a quote after c starts a quoted scalar
// rather than sitting inside a plain one (it's).
func isFlowStart(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '[', '{', ',', ':', '-':
		return true
	}
	return false
}
