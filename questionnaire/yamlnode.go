package questionnaire

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// ynode is a YAML node with its position, the only shape of YAML the
// loader reads. Keeping goccy's AST behind this one file keeps the
// loader small and lets positions be exact.
type ynode struct {
	kind   ykind
	pos    Pos
	keys   []string
	keyPos []Pos
	vals   []*ynode
	items  []*ynode
	s      string // scalar text, as written for plain scalars
	quoted bool   // a quoted scalar: its text starts one column after pos
	plain  bool   // a plain (unquoted, not block) scalar
	// size counts the values in the node, an alias's anchor counted at
	// each use, as the loader walks them.
	size int
	// keyIdx finds a key of a large mapping.
	keyIdx map[string]int
}

type ykind uint8

const (
	yNull ykind = iota
	yScalar
	yMap
	ySeq
)

func (k ykind) String() string {
	return [...]string{"nothing", "a single value", "a mapping (key: value)", "a list"}[k]
}

// get returns the value of key in a mapping, or nil.
func (n *ynode) get(key string) *ynode {
	if i := n.keyIndex(key); i >= 0 {
		return n.vals[i]
	}
	return nil
}

// parseYAML parses src into a ynode tree. A syntax error comes back as an
// *Error with the position goccy reports.
func parseYAML(file string, src []byte, cellAt func(line int) string) (*ynode, *Error) {
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			p := ye.GetToken().Position
			return nil, &Error{Pos: cellPos(Pos{File: file, Line: p.Line, Col: p.Column}, cellAt), Msg: "not valid YAML: " + ye.GetMessage()}
		}
		return nil, &Error{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "not valid YAML: " + firstLine(err.Error())}
	}
	var body ast.Node
	for _, d := range f.Docs {
		if d.Body == nil {
			continue
		}
		if _, ok := d.Body.(*ast.CommentGroupNode); ok {
			continue
		}
		if body != nil {
			p := d.Body.GetToken().Position
			return nil, &Error{Pos: Pos{File: file, Line: p.Line, Col: p.Column}, Msg: "a questionnaire file holds one YAML document; remove the second ---"}
		}
		body = d.Body
	}
	if body == nil {
		return nil, &Error{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "the file is empty; start from `anketa questionnaire show` for an example"}
	}
	c := converter{file: file, anchors: map[string]*ynode{}, cellAt: cellAt}
	n := c.convert(body, 0)
	if c.err != nil {
		return nil, c.err
	}
	return n, nil
}

type converter struct {
	file    string
	cellAt  func(line int) string
	anchors map[string]*ynode
	err     *Error
}

func (c *converter) posOf(t *token.Token) Pos {
	if t == nil || t.Position == nil {
		return Pos{File: c.file, Line: 1, Col: 1}
	}
	return cellPos(Pos{File: c.file, Line: t.Position.Line, Col: t.Position.Column}, c.cellAt)
}

// cellPos adds the workbook cell a converted questionnaire's line came from.
func cellPos(p Pos, cellAt func(line int) string) Pos {
	if cellAt != nil {
		p.Cell = cellAt(p.Line)
	}
	return p
}

func (c *converter) fail(t *token.Token, format string, args ...any) *ynode {
	if c.err == nil {
		c.err = &Error{Pos: c.posOf(t), Msg: fmt.Sprintf(format, args...)}
	}
	return &ynode{kind: yNull, pos: c.posOf(t), size: 1}
}

func (c *converter) convert(n ast.Node, depth int) *ynode {
	if depth > 100 {
		return c.fail(n.GetToken(), "nested too deeply")
	}
	switch n := n.(type) {
	case *ast.MappingNode:
		m := &ynode{kind: yMap, pos: c.posOf(n.GetToken()), size: 1}
		if len(n.Values) > 0 {
			m.pos = c.posOf(n.Values[0].Key.GetToken())
		}
		for _, kv := range n.Values {
			c.addPair(m, kv, depth)
		}
		return c.sized(m, n)
	case *ast.MappingValueNode:
		m := &ynode{kind: yMap, pos: c.posOf(n.Key.GetToken()), size: 1}
		c.addPair(m, n, depth)
		return c.sized(m, n)
	case *ast.SequenceNode:
		s := &ynode{kind: ySeq, pos: c.posOf(n.GetToken()), size: 1}
		for _, v := range n.Values {
			item := c.convert(v, depth+1)
			s.items = append(s.items, item)
			s.size += item.size
		}
		return c.sized(s, n)
	case *ast.NullNode:
		return &ynode{kind: yNull, pos: c.posOf(n.GetToken()), size: 1}
	case *ast.StringNode:
		t := n.GetToken()
		quoted := t != nil && (t.Type == token.SingleQuoteType || t.Type == token.DoubleQuoteType)
		return &ynode{kind: yScalar, pos: c.posOf(t), s: n.Value, quoted: quoted, plain: !quoted, size: 1}
	case *ast.LiteralNode:
		p := c.posOf(n.GetToken())
		if n.Value != nil {
			p = c.posOf(n.Value.GetToken())
		}
		return &ynode{kind: yScalar, pos: p, s: n.Value.Value, size: 1}
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		t := n.GetToken()
		return &ynode{kind: yScalar, pos: c.posOf(t), s: t.Value, plain: true, size: 1}
	case *ast.AnchorNode:
		v := c.convert(n.Value, depth+1)
		c.anchors[n.Name.GetToken().Value] = v
		return v
	case *ast.AliasNode:
		name := n.Value.GetToken().Value
		if v, ok := c.anchors[name]; ok {
			return v
		}
		return c.fail(n.GetToken(), "alias *%s refers to no anchor &%s above it", name, name)
	case *ast.TagNode:
		return c.convert(n.Value, depth+1)
	case *ast.CommentGroupNode:
		return &ynode{kind: yNull, pos: c.posOf(n.GetToken()), size: 1}
	}
	return c.fail(n.GetToken(), "this YAML construct (%s) is not used in questionnaires", n.Type())
}

func (c *converter) addPair(m *ynode, kv *ast.MappingValueNode, depth int) {
	if _, ok := kv.Key.(*ast.MergeKeyNode); ok {
		c.fail(kv.Key.GetToken(), "merge keys (<<) are not supported; write the keys out")
		return
	}
	kt := kv.Key.GetToken()
	key := kt.Value
	if s, ok := kv.Key.(*ast.StringNode); ok {
		key = s.Value
	}
	kp := c.posOf(kt)
	if i := m.keyIndex(key); i >= 0 {
		c.fail(kt, "key %s appears twice in this mapping (first at %s); keep one", key, m.keyPos[i].place())
		return
	}
	if m.keyIdx == nil && len(m.keys) >= 8 {
		m.keyIdx = map[string]int{}
		for i, k := range m.keys {
			m.keyIdx[k] = i
		}
	}
	if m.keyIdx != nil {
		m.keyIdx[key] = len(m.keys)
	}
	m.keys = append(m.keys, key)
	m.keyPos = append(m.keyPos, kp)
	var v *ynode
	if kv.Value == nil {
		v = &ynode{kind: yNull, pos: kp, size: 1}
	} else {
		v = c.convert(kv.Value, depth+1)
		if v.kind == yNull {
			v.pos = kp
		}
	}
	m.vals = append(m.vals, v)
	m.size += v.size
}

// keyIndex is the position of key among m's keys, or -1.
func (m *ynode) keyIndex(key string) int {
	if m.keyIdx != nil {
		if i, ok := m.keyIdx[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range m.keys {
		if k == key {
			return i
		}
	}
	return -1
}

// sized refuses a node that holds more than MaxNodes values, as aliases
// of aliases can make a small file do.
func (c *converter) sized(y *ynode, n ast.Node) *ynode {
	if y.size > MaxNodes {
		return c.fail(n.GetToken(), "the file expands to more than %d values (aliases of aliases?); write it out plainly", MaxNodes)
	}
	return y
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
