package expr

// ResultKind says what e computes whatever the answers: a Number, a
// Bool, a Date or a String, or ok false when that depends on the answers
// (if() whose branches differ, or a reference whose kind ref cannot
// tell). ref gives the kind of a referenced question or calculation.
// Export uses it to type a calculation's column.
func (e *Expr) ResultKind(ref func(r *Ref) (Kind, bool)) (Kind, bool) {
	return kindOf(e.root, ref)
}

// resultKinds are the kinds the functions return; those not listed
// return a String, or depend on their arguments (if, coalesce).
var resultKinds = map[string]Kind{
	"not": Bool, "selected": Bool, "true": Bool, "false": Bool, "boolean": Bool,
	"contains": Bool, "starts-with": Bool, "ends-with": Bool,
	"count-selected": Number, "string-length": Number, "floor": Number, "ceiling": Number,
	"abs": Number, "number": Number, "int": Number, "round": Number,
}

func kindOf(n node, ref func(r *Ref) (Kind, bool)) (Kind, bool) {
	switch n := n.(type) {
	case *litNode:
		return n.v.Kind, true
	case *refNode:
		return ref(n.r)
	case *orNode, *andNode, *cmpNode, *regexNode:
		return Bool, true
	case *negNode, *arithNode:
		return Number, true
	case todayNode:
		return Date, true
	case *ifNode:
		return sameKind(ref, n.a, n.b)
	case *coalesceNode:
		return sameKind(ref, n.a, n.b)
	case *callNode:
		if k, ok := resultKinds[n.name]; ok {
			return k, true
		}
		return String, true
	}
	return String, false // ., an attribute
}

// sameKind is the kind both branches share; the empty string, which is
// no value, takes the other branch's kind, as in if(${a} > 0, 1, "").
func sameKind(ref func(r *Ref) (Kind, bool), a, b node) (Kind, bool) {
	ka, oka := kindOf(a, ref)
	kb, okb := kindOf(b, ref)
	if isEmptyLit(a) {
		ka, oka = kb, okb
	}
	if isEmptyLit(b) {
		kb, okb = ka, oka
	}
	if !oka || !okb || ka != kb {
		return String, false
	}
	return ka, true
}

func isEmptyLit(n node) bool {
	l, ok := n.(*litNode)
	return ok && l.v.Kind == String && l.v.S == ""
}

// MaxString is the longest text an expression computes; concat() cuts
// its result there, so that no questionnaire can make evaluation run out
// of memory (forty calculations that each double the last would).
const MaxString = 1 << 20

// MaxLength is an upper bound on the length, in bytes, of e's value as
// text: ref gives the bound of a reference, dot that of ".". It saturates
// far beyond MaxString rather than overflow.
func (e *Expr) MaxLength(ref func(r *Ref) int, dot int) int {
	return maxLen(e.root, ref, dot)
}

const lenCap = 1 << 50

func maxLen(n node, ref func(r *Ref) int, dot int) int {
	switch n := n.(type) {
	case *litNode:
		if n.v.Kind == String {
			return len(n.v.S)
		}
		return 24
	case *refNode:
		return ref(n.r)
	case dotNode:
		return dot
	case *attrNode:
		return 256
	case *ifNode:
		return max(maxLen(n.a, ref, dot), maxLen(n.b, ref, dot))
	case *coalesceNode:
		return max(maxLen(n.a, ref, dot), maxLen(n.b, ref, dot))
	case *callNode:
		switch n.name {
		case "concat":
			total := 0
			for _, a := range n.args {
				total = min(lenCap, total+maxLen(a, ref, dot))
			}
			return total
		case "string", "substr":
			return maxLen(n.args[0], ref, dot)
		}
	}
	return 24 // numbers, booleans, dates
}
