package xlsform

import (
	"strings"

	"anketa/questionnaire/expr"
)

// mapName turns an XLSForm name into an anketa name: lowercased, every
// character other than a-z, 0-9 and _ replaced by _, and a leading digit
// preceded by _. "Q1.Age" becomes "q1_age".
func mapName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out != "" && out[0] >= '0' && out[0] <= '9' {
		out = "_" + out
	}
	return out
}

// scanRefs calls fn for each ${name} in src outside quoted strings, with
// the byte offsets of the whole reference.
func scanRefs(src string, fn func(name string, start, end int)) {
	for r := range expr.References(src, true) {
		if !r.Closed {
			return
		}
		fn(r.Name, r.Start, r.End)
	}
}

// refs returns the names src refers to with ${name}.
func refs(src string) []string {
	var out []string
	scanRefs(src, func(name string, _, _ int) { out = append(out, name) })
	return out
}

// rewrite returns src with each ${name} replaced by what repl returns for
// it (the whole replacement, such as "${q1_age}" or "today()").
func rewrite(src string, repl func(name string) string) string {
	return expr.Replace(src, true, repl)
}

// isIdentChar reports whether c can be part of an XPath name or function
// name as XLSForms write them (jr:choice-name, count-selected).
func isIdentChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == ':' || c == '.'
}

// scanIdents calls fn for each bare name in src outside quotes and ${...},
// with whether a "(" follows it (a function call), walking an XPath
// expression as XLSForms write it.
func scanIdents(src string, ident func(name string, start, end int, call bool)) {
	var quote byte
	for i := 0; i < len(src); i++ {
		ch := src[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '$' && i+1 < len(src) && src[i+1] == '{':
			j := strings.IndexByte(src[i:], '}') // a reference, not a name
			if j < 0 {
				return
			}
			i += j
		case isIdentChar(ch) && ch != '-' && ch != ':' && ch != '.' && !(ch >= '0' && ch <= '9'):
			j := i
			for j < len(src) && isIdentChar(src[j]) {
				j++
			}
			k := j
			for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
				k++
			}
			ident(src[i:j], i, j, k < len(src) && src[k] == '(')
			i = j - 1
		case ch >= '0' && ch <= '9' || ch == '.':
			// a number such as 1.5e3 is not a name
			for i+1 < len(src) && isIdentChar(src[i+1]) {
				i++
			}
		}
	}
}

// unknownFunctions returns the functions src calls that anketa does not know.
func unknownFunctions(src string) []string {
	known := expr.Functions()
	var out []string
	scanIdents(src, func(name string, _, _ int, call bool) {
		switch name {
		case "and", "or", "div", "mod":
			return // operators before a parenthesis: a and (b or c)
		}
		if call {
			for _, k := range known {
				if k == name {
					return
				}
			}
			out = append(out, name)
		}
	})
	return out
}
