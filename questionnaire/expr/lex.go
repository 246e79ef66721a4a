package expr

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tNum
	tStr
	tRef   // ${name}
	tDot   // .
	tIdent // a name: a function, a keyword operator, or a bare attribute
	tOp    // = != < <= > >= + - *
	tLParen
	tRParen
	tComma
)

type token struct {
	kind tokKind
	text string // the name inside ${}, the string without quotes, the operator
	off  int    // byte offset in the source
}

// lex splits src into tokens. It is a small loop rather than a state
// machine because XPath's tokens need at most one character of look-ahead.
func lex(src string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '$':
			if i+1 >= len(src) || src[i+1] != '{' {
				return nil, &SyntaxError{Offset: i, Msg: "$ must start a reference such as ${name}"}
			}
			end := strings.IndexByte(src[i:], '}')
			if end < 0 {
				return nil, &SyntaxError{Offset: i, Msg: "reference is not closed: add }"}
			}
			name := src[i+2 : i+end]
			if !IsName(name) {
				return nil, &SyntaxError{Offset: i, Msg: fmt.Sprintf("%q is not a valid name in ${...}: use lowercase letters, digits and _", name)}
			}
			toks = append(toks, token{tRef, name, i})
			i += end + 1
		case c == '\'' || c == '"':
			end := strings.IndexByte(src[i+1:], c)
			if end < 0 {
				return nil, &SyntaxError{Offset: i, Msg: fmt.Sprintf("string is not closed: add %c", c)}
			}
			toks = append(toks, token{tStr, src[i+1 : i+1+end], i})
			i += end + 2
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i
			dot := false
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' && !dot) {
				if src[j] == '.' {
					dot = true
				}
				j++
			}
			toks = append(toks, token{tNum, src[i:j], i})
			i = j
		case c == '.' && i+1 < len(src) && (src[i+1] == '.' || src[i+1] == '/'):
			return nil, pathError(i)
		case c == '.':
			toks = append(toks, token{tDot, ".", i})
			i++
		case c == '/' && isPath(src, i):
			return nil, pathError(i)
		case isNameStart(c):
			j := i + 1
			for j < len(src) && (isNameChar(src[j]) || (src[j] == '-' || src[j] == ':') && j+1 < len(src) && isNameStart(src[j+1])) {
				j++
			}
			toks = append(toks, token{tIdent, src[i:j], i})
			i = j
		case c == '!':
			if i+1 < len(src) && src[i+1] == '=' {
				toks = append(toks, token{tOp, "!=", i})
				i += 2
			} else {
				return nil, &SyntaxError{Offset: i, Msg: "! must be followed by =; for negation use not(...)"}
			}
		case c == '<' || c == '>':
			if i+1 < len(src) && src[i+1] == '=' {
				toks = append(toks, token{tOp, src[i : i+2], i})
				i += 2
			} else {
				toks = append(toks, token{tOp, src[i : i+1], i})
				i++
			}
		case c == '=' || c == '+' || c == '-' || c == '*':
			if c == '=' && i+1 < len(src) && src[i+1] == '=' {
				return nil, &SyntaxError{Offset: i, Msg: "use = to compare, not =="}
			}
			toks = append(toks, token{tOp, src[i : i+1], i})
			i++
		case c == '(':
			toks = append(toks, token{tLParen, "(", i})
			i++
		case c == ')':
			toks = append(toks, token{tRParen, ")", i})
			i++
		case c == ',':
			toks = append(toks, token{tComma, ",", i})
			i++
		default:
			r, _ := utf8.DecodeRuneInString(src[i:])
			hint := ""
			switch r {
			case '&':
				hint = "; use and"
			case '|':
				hint = "; use or"
			case '/':
				hint = "; use div"
			case '%':
				hint = "; use mod"
			}
			return nil, &SyntaxError{Offset: i, Msg: fmt.Sprintf("unexpected character %q%s", r, hint)}
		}
	}
	toks = append(toks, token{tEOF, "", len(src)})
	return toks, nil
}

// isPath reports whether the / at i starts or continues an XPath path
// (/data/x, ../x, a/b) rather than dividing: a path's / is followed by a
// name, and is at the start or follows a name or a dot.
func isPath(src string, i int) bool {
	if i+1 < len(src) && (isNameStart(src[i+1]) || src[i+1] == '.' || src[i+1] == '/') {
		return true
	}
	return strings.TrimSpace(src[:i]) == ""
}

func pathError(i int) error {
	return &SyntaxError{Offset: i, Msg: "paths are not supported; use ${name} to read a question"}
}

func isNameStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isNameChar(c byte) bool  { return isNameStart(c) || c >= '0' && c <= '9' }

// IsName reports whether s is a valid question name: [a-z_][a-z0-9_]*.
func IsName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
