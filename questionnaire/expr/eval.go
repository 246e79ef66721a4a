package expr

import "math"

// Env supplies the values an expression reads.
type Env interface {
	// Value is the value of the question or calculation bound to slot.
	Value(slot int) Val
	// Dot is the value of ".".
	Dot() Val
	// Attr is the value of the option attribute bound to slot, in a choice filter.
	Attr(slot int) Val
	// Today is the interview's date.
	Today() Val
}

// Eval evaluates e in env.
func (e *Expr) Eval(env Env) Val { return e.root.eval(env) }

// True evaluates e in env as a boolean.
func (e *Expr) True(env Env) bool { return e.root.eval(env).Truth() }

type node interface {
	eval(Env) Val
}

type litNode struct{ v Val }

func (n *litNode) eval(Env) Val { return n.v }

type refNode struct{ r *Ref }

func (n *refNode) eval(env Env) Val { return env.Value(n.r.Slot) }

type attrNode struct{ r *Ref }

func (n *attrNode) eval(env Env) Val { return env.Attr(n.r.Slot) }

type dotNode struct{}

func (dotNode) eval(env Env) Val { return env.Dot() }

type orNode struct{ l, r node }

func (n *orNode) eval(env Env) Val { return Boolean(n.l.eval(env).Truth() || n.r.eval(env).Truth()) }

type andNode struct{ l, r node }

func (n *andNode) eval(env Env) Val { return Boolean(n.l.eval(env).Truth() && n.r.eval(env).Truth()) }

type negNode struct{ x node }

func (n *negNode) eval(env Env) Val { return Num(-n.x.eval(env).Number()) }

type cmpOp uint8

const (
	opEq cmpOp = iota
	opNe
	opLt
	opLe
	opGt
	opGe
)

var cmpOps = map[string]cmpOp{"=": opEq, "!=": opNe, "<": opLt, "<=": opLe, ">": opGt, ">=": opGe}

type cmpNode struct {
	op   cmpOp
	l, r node
}

func (n *cmpNode) eval(env Env) Val {
	a, b := n.l.eval(env), n.r.eval(env)
	switch n.op {
	case opEq:
		return Boolean(equal(a, b))
	case opNe:
		return Boolean(!equal(a, b))
	}
	c, ok := order(a, b)
	if !ok {
		return Boolean(false)
	}
	switch n.op {
	case opLt:
		return Boolean(c < 0)
	case opLe:
		return Boolean(c <= 0)
	case opGt:
		return Boolean(c > 0)
	}
	return Boolean(c >= 0)
}

type arithNode struct {
	op   byte // + - * d(iv) m(od)
	l, r node
}

func (n *arithNode) eval(env Env) Val {
	x, y := n.l.eval(env).Number(), n.r.eval(env).Number()
	switch n.op {
	case '+':
		return Num(x + y)
	case '-':
		return Num(x - y)
	case '*':
		return Num(x * y)
	case 'd':
		return Num(x / y)
	}
	return Num(math.Mod(x, y))
}
