package expr

// Comparison is a comparison of a ${name} with a number or text literal,
// as in ${grade} >= 3, written with the reference on the left.
type Comparison struct {
	Ref *Ref
	Op  string // = != < <= > >=
	Lit Val
}

// Holds reports whether a value with the code code passes the comparison.
func (c Comparison) Holds(code string) bool {
	// A select_one answer is its code, a string, in expressions.
	n := &cmpNode{op: cmpOps[c.Op], l: &litNode{Str(code)}, r: &litNode{c.Lit}}
	return n.eval(nil).Truth()
}

// Comparisons returns the expression's comparisons of a reference with a
// literal, wherever they are in it.
func (e *Expr) Comparisons() []Comparison {
	var out []Comparison
	flip := map[cmpOp]string{opEq: "=", opNe: "!=", opLt: ">", opLe: ">=", opGt: "<", opGe: "<="}
	name := map[cmpOp]string{opEq: "=", opNe: "!=", opLt: "<", opLe: "<=", opGt: ">", opGe: ">="}
	var walk func(n node)
	walk = func(n node) {
		switch n := n.(type) {
		case *cmpNode:
			ref, refL := n.l.(*refNode)
			lit, litR := n.r.(*litNode)
			if refL && litR {
				out = append(out, Comparison{ref.r, name[n.op], lit.v})
			} else if ref, ok := n.r.(*refNode); ok {
				if lit, ok := n.l.(*litNode); ok {
					out = append(out, Comparison{ref.r, flip[n.op], lit.v})
				}
			}
			walk(n.l)
			walk(n.r)
		case *orNode:
			walk(n.l)
			walk(n.r)
		case *andNode:
			walk(n.l)
			walk(n.r)
		case *negNode:
			walk(n.x)
		case *arithNode:
			walk(n.l)
			walk(n.r)
		case *callNode:
			for _, a := range n.args {
				walk(a)
			}
		case *ifNode:
			walk(n.c)
			walk(n.a)
			walk(n.b)
		case *coalesceNode:
			walk(n.a)
			walk(n.b)
		}
	}
	walk(e.root)
	return out
}
