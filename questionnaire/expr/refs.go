package expr

import (
	"iter"
	"strings"
)

// Reference is one ${name} in a text or an expression: the name between
// the braces, trimmed, and the byte offsets of the whole reference.
// Closed is false for a final "${" with no "}": End is then len(src).
type Reference struct {
	Name       string
	Start, End int
	Closed     bool
}

// References yields each ${name} in src in order. In a label or message
// (inExpr false) every "${" starts one; in an expression (inExpr true)
// one inside a quoted string is text and is skipped, as XPath has it.
// This is the one scanner of ${...} outside the expression lexer: labels
// are filled in, checked, rewritten and shown through it.
func References(src string, inExpr bool) iter.Seq[Reference] {
	return func(yield func(Reference) bool) {
		var quote byte
		for i := 0; i < len(src); i++ {
			c := src[i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case inExpr && (c == '\'' || c == '"'):
				quote = c
			case c == '$' && i+1 < len(src) && src[i+1] == '{':
				j := strings.IndexByte(src[i:], '}')
				if j < 0 {
					yield(Reference{Name: strings.TrimSpace(src[i+2:]), Start: i, End: len(src)})
					return
				}
				if !yield(Reference{Name: strings.TrimSpace(src[i+2 : i+j]), Start: i, End: i + j + 1, Closed: true}) {
					return
				}
				i += j
			}
		}
	}
}

// Replace returns src with each closed ${name} replaced by what repl
// returns for it; an unclosed one is left as it is.
func Replace(src string, inExpr bool, repl func(name string) string) string {
	if !strings.Contains(src, "${") {
		return src
	}
	var b strings.Builder
	last := 0
	for r := range References(src, inExpr) {
		if !r.Closed {
			break
		}
		b.WriteString(src[last:r.Start])
		b.WriteString(repl(r.Name))
		last = r.End
	}
	b.WriteString(src[last:])
	return b.String()
}
