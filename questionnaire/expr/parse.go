package expr

import (
	"fmt"
	"slices"
	"strconv"
)

// SyntaxError is a problem in an expression's text, at a byte offset.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// Ref is one reference in an expression: ${name}, or a bare attribute
// name inside a choice filter. The questionnaire binds it to a slot.
type Ref struct {
	Name   string
	Offset int
	Bare   bool
	Slot   int
}

// Expr is a parsed expression.
type Expr struct {
	src  string
	root node
	refs []*Ref
	dot  bool
	// volatile: it calls now(), uuid() or once().
	volatile bool
}

// Source returns the text the expression was parsed from.
func (e *Expr) Source() string { return e.src }

// Refs returns the expression's references in the order they appear. The
// caller binds each by setting its Slot before the first Eval.
func (e *Expr) Refs() []*Ref { return e.refs }

// IsLiteral reports whether the expression is one number or string.
func (e *Expr) IsLiteral() bool {
	_, ok := e.root.(*litNode)
	return ok
}

// OnlyRegex reports whether the expression is one regex() test, a
// constraint on the answer's form rather than its range.
func (e *Expr) OnlyRegex() bool {
	_, ok := e.root.(*regexNode)
	return ok
}

// UsesDot reports whether the expression mentions ".".
func (e *Expr) UsesDot() bool { return e.dot }

// Parse parses src. A syntax error, an unknown function or a call with
// the wrong number of arguments is a *SyntaxError.
func Parse(src string) (*Expr, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, e: &Expr{src: src}}
	if toks[0].kind == tEOF {
		return nil, &SyntaxError{Offset: 0, Msg: "expression is empty"}
	}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, &SyntaxError{Offset: t.off, Msg: fmt.Sprintf("unexpected %s after the end of the expression", describe(t))}
	}
	p.e.root = root
	return p.e, nil
}

type parser struct {
	toks  []token
	pos   int
	e     *Expr
	depth int
}

// maxDepth bounds nesting so that a hostile questionnaire cannot exhaust
// the stack.
const maxDepth = 200

func (p *parser) peek() token { return p.toks[p.pos] }
func (p *parser) next() token { t := p.toks[p.pos]; p.pos++; return t }

// isWord reports whether the next token is the operator word w (and, or,
// div, mod). Where an operator is expected, a word followed by "(" is the
// operator before a parenthesis, as in ${a} = 1 and (${b} = 2) or
// ${a} mod(2): XPath has no functions of those names.
func (p *parser) isWord(w string) bool {
	t := p.peek()
	return t.kind == tIdent && t.text == w
}

func (p *parser) isOp(ops ...string) bool {
	t := p.peek()
	if t.kind != tOp {
		return false
	}
	for _, o := range ops {
		if t.text == o {
			return true
		}
	}
	return false
}

func (p *parser) parseOr() (node, error) {
	l, err := p.parseAnd()
	for err == nil && p.isWord("or") {
		p.next()
		var r node
		if r, err = p.parseAnd(); err == nil {
			l = &orNode{l, r}
		}
	}
	return l, err
}

func (p *parser) parseAnd() (node, error) {
	l, err := p.parseEq()
	for err == nil && p.isWord("and") {
		p.next()
		var r node
		if r, err = p.parseEq(); err == nil {
			l = &andNode{l, r}
		}
	}
	return l, err
}

func (p *parser) parseEq() (node, error) {
	l, err := p.parseRel()
	for err == nil && p.isOp("=", "!=") {
		op := p.next().text
		var r node
		if r, err = p.parseRel(); err == nil {
			l = &cmpNode{op: cmpOps[op], l: l, r: r}
		}
	}
	return l, err
}

func (p *parser) parseRel() (node, error) {
	l, err := p.parseAdd()
	for err == nil && p.isOp("<", "<=", ">", ">=") {
		op := p.next().text
		var r node
		if r, err = p.parseAdd(); err == nil {
			l = &cmpNode{op: cmpOps[op], l: l, r: r}
		}
	}
	return l, err
}

func (p *parser) parseAdd() (node, error) {
	l, err := p.parseMul()
	for err == nil && p.isOp("+", "-") {
		op := p.next().text
		var r node
		if r, err = p.parseMul(); err == nil {
			l = &arithNode{op: op[0], l: l, r: r}
		}
	}
	return l, err
}

func (p *parser) parseMul() (node, error) {
	l, err := p.parseUnary()
	for err == nil && (p.isOp("*") || p.isWord("div") || p.isWord("mod")) {
		op := p.next().text
		var r node
		if r, err = p.parseUnary(); err == nil {
			l = &arithNode{op: op[0], l: l, r: r} // '*', 'd', 'm'
		}
	}
	return l, err
}

func (p *parser) parseUnary() (node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, &SyntaxError{Offset: p.peek().off, Msg: "expression is nested too deeply"}
	}
	if p.isOp("-") {
		p.next()
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &negNode{x}, nil
	}
	return p.parsePrimary()
}

func (p *parser) parsePrimary() (node, error) {
	t := p.next()
	switch t.kind {
	case tNum:
		n, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, &SyntaxError{Offset: t.off, Msg: fmt.Sprintf("bad number %q", t.text)}
		}
		return &litNode{Num(n)}, nil
	case tStr:
		return &litNode{Str(t.text)}, nil
	case tRef:
		r := &Ref{Name: t.text, Offset: t.off, Slot: -1}
		p.e.refs = append(p.e.refs, r)
		return &refNode{r}, nil
	case tDot:
		p.e.dot = true
		return dotNode{}, nil
	case tLParen:
		x, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, &SyntaxError{Offset: c.off, Msg: fmt.Sprintf("expected ) but found %s", describe(c))}
		}
		return x, nil
	case tIdent:
		if p.peek().kind == tLParen {
			return p.parseCall(t)
		}
		switch t.text {
		case "and", "or", "div", "mod":
			return nil, &SyntaxError{Offset: t.off, Msg: fmt.Sprintf("%s needs a value before it", t.text)}
		case "true", "false":
			return nil, &SyntaxError{Offset: t.off, Msg: fmt.Sprintf("write %s() or a comparison; a bare %s is an attribute name", t.text, t.text)}
		}
		r := &Ref{Name: t.text, Offset: t.off, Bare: true, Slot: -1}
		p.e.refs = append(p.e.refs, r)
		return &attrNode{r}, nil
	case tEOF:
		return nil, &SyntaxError{Offset: t.off, Msg: "expression ends too early: a value is missing"}
	}
	return nil, &SyntaxError{Offset: t.off, Msg: fmt.Sprintf("unexpected %s", describe(t))}
}

func (p *parser) parseCall(name token) (node, error) {
	p.next() // (
	fn, ok := funcs[name.text]
	if !ok {
		return nil, &SyntaxError{Offset: name.off, Msg: unknownFunc(name.text)}
	}
	var args []node
	if p.peek().kind != tRParen {
		for {
			a, err := p.parseOr()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			if p.peek().kind != tComma {
				break
			}
			p.next()
		}
	}
	if c := p.next(); c.kind != tRParen {
		return nil, &SyntaxError{Offset: c.off, Msg: fmt.Sprintf("expected , or ) in %s(...) but found %s", name.text, describe(c))}
	}
	if len(args) < fn.min || fn.max >= 0 && len(args) > fn.max {
		return nil, &SyntaxError{Offset: name.off, Msg: fmt.Sprintf("%s() takes %s, not %d", name.text, fn.arity(), len(args))}
	}
	n, err := fn.build(name.off, args)
	switch c := n.(type) {
	case *callNode:
		c.name = name.text
	case *choiceNameNode:
		if !slices.Contains(p.e.refs, c.r) {
			p.e.refs = append(p.e.refs, c.r) // written quoted: '${q}'
		}
	}
	if volatile[name.text] {
		p.e.volatile = true
	}
	return n, err
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tStr:
		return fmt.Sprintf("string '%s'", t.text)
	case tRef:
		return "${" + t.text + "}"
	}
	return fmt.Sprintf("%q", t.text)
}
