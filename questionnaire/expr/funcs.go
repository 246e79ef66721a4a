package expr

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

type function struct {
	min, max int // max < 0: any number
	build    func(off int, args []node) (node, error)
}

func (f function) arity() string {
	switch {
	case f.max < 0:
		return fmt.Sprintf("at least %d arguments", f.min)
	case f.min == f.max && f.min == 1:
		return "1 argument"
	case f.min == f.max:
		return fmt.Sprintf("%d arguments", f.min)
	}
	return fmt.Sprintf("%d or %d arguments", f.min, f.max)
}

// callNode is a function whose arguments are all evaluated first.
type callNode struct {
	name string
	args []node
	fn   func(args []Val) Val
}

func (n *callNode) eval(env Env) Val {
	var buf [4]Val
	vals := buf[:0]
	for _, a := range n.args {
		vals = append(vals, a.eval(env))
	}
	return n.fn(vals)
}

func simple(min, max int, fn func(args []Val) Val) function {
	return function{min, max, func(_ int, args []node) (node, error) {
		return &callNode{args: args, fn: fn}, nil
	}}
}

var funcs map[string]function

func init() {
	funcs = map[string]function{
		"not": simple(1, 1, func(a []Val) Val { return Boolean(!a[0].Truth()) }),
		"selected": simple(2, 2, func(a []Val) Val {
			want := strings.TrimSpace(a[1].String())
			for _, c := range strings.Fields(a[0].String()) {
				if c == want {
					return Boolean(true)
				}
			}
			return Boolean(false)
		}),
		"count-selected": simple(1, 1, func(a []Val) Val { return Num(float64(len(strings.Fields(a[0].String())))) }),
		"string-length":  simple(1, 1, func(a []Val) Val { return Num(float64(utf8.RuneCountInString(a[0].String()))) }),
		"regex":          {2, 2, buildRegex},
		"if":             {3, 3, func(_ int, a []node) (node, error) { return &ifNode{a[0], a[1], a[2]}, nil }},
		"coalesce":       {2, 2, func(_ int, a []node) (node, error) { return &coalesceNode{a[0], a[1]}, nil }},
		"today":          {0, 0, func(int, []node) (node, error) { return todayNode{}, nil }},
		"concat": simple(0, -1, func(a []Val) Val {
			var b strings.Builder
			for _, v := range a {
				s := v.String()
				if b.Len()+len(s) > MaxString {
					s = s[:MaxString-b.Len()]
					for len(s) > 0 && !utf8.RuneStart(s[len(s)-1]) {
						s = s[:len(s)-1]
					}
					b.WriteString(s)
					break
				}
				b.WriteString(s)
			}
			return Str(b.String())
		}),
		"true":        simple(0, 0, func([]Val) Val { return Boolean(true) }),
		"false":       simple(0, 0, func([]Val) Val { return Boolean(false) }),
		"boolean":     simple(1, 1, func(a []Val) Val { return Boolean(a[0].Truth()) }),
		"string":      simple(1, 1, func(a []Val) Val { return Str(a[0].String()) }),
		"contains":    simple(2, 2, func(a []Val) Val { return Boolean(strings.Contains(a[0].String(), a[1].String())) }),
		"starts-with": simple(2, 2, func(a []Val) Val { return Boolean(strings.HasPrefix(a[0].String(), a[1].String())) }),
		"ends-with":   simple(2, 2, func(a []Val) Val { return Boolean(strings.HasSuffix(a[0].String(), a[1].String())) }),
		"substr":      simple(2, 3, substr),
		"floor":       simple(1, 1, func(a []Val) Val { return Num(math.Floor(a[0].Number())) }),
		"ceiling":     simple(1, 1, func(a []Val) Val { return Num(math.Ceil(a[0].Number())) }),
		"abs":         simple(1, 1, func(a []Val) Val { return Num(math.Abs(a[0].Number())) }),
		"number":      simple(1, 1, func(a []Val) Val { return Num(a[0].Number()) }),
		"int":         simple(1, 1, func(a []Val) Val { return Num(math.Trunc(a[0].Number())) }),
		"round": simple(1, 2, func(a []Val) Val {
			x, digits := a[0].Number(), 0.0
			if len(a) == 2 {
				digits = math.Trunc(a[1].Number())
			}
			p := math.Pow(10, digits)
			return Num(math.Floor(x*p+0.5) / p)
		}),
	}
}

// substr(s, start[, end]) is ODK's substring: characters from the 0-based
// start up to, not including, end; out-of-range bounds are clamped.
func substr(a []Val) Val {
	r := []rune(a[0].String())
	clamp := func(x float64) int {
		switch {
		case math.IsNaN(x) || x < 0:
			return 0
		case x > float64(len(r)):
			return len(r)
		}
		return int(x)
	}
	start, end := clamp(a[1].Number()), len(r)
	if len(a) == 3 {
		end = clamp(a[2].Number())
	}
	if end < start {
		return Str("")
	}
	return Str(string(r[start:end]))
}

// Functions lists the function names the language knows, sorted.
func Functions() []string {
	names := make([]string, 0, len(funcs))
	for n := range funcs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func unknownFunc(name string) string {
	msg := fmt.Sprintf("unknown function %s()", name)
	if s := Suggest(name, Functions()); s != "" {
		msg += fmt.Sprintf("; did you mean %s()?", s)
	}
	return msg
}

type ifNode struct{ c, a, b node }

func (n *ifNode) eval(env Env) Val {
	if n.c.eval(env).Truth() {
		return n.a.eval(env)
	}
	return n.b.eval(env)
}

type coalesceNode struct{ a, b node }

func (n *coalesceNode) eval(env Env) Val {
	if v := n.a.eval(env); v.String() != "" {
		return v
	}
	return n.b.eval(env)
}

type todayNode struct{}

func (todayNode) eval(env Env) Val { return env.Today() }

// regex(s, pattern) is true when pattern matches anywhere in s, as in ODK;
// anchor it with ^ and $ to match the whole answer. A literal pattern is
// compiled when the questionnaire loads, so a bad one is a load error.
func buildRegex(off int, a []node) (node, error) {
	if lit, ok := a[1].(*litNode); ok {
		re, err := regexp.Compile(lit.v.String())
		if err != nil {
			return nil, &SyntaxError{Offset: off, Msg: fmt.Sprintf("regex(): bad pattern: %v", err)}
		}
		return &regexNode{s: a[0], re: re}, nil
	}
	return &regexNode{s: a[0], pat: a[1]}, nil
}

type regexNode struct {
	s, pat node
	re     *regexp.Regexp
}

func (n *regexNode) eval(env Env) Val {
	re := n.re
	if re == nil {
		var err error
		if re, err = regexp.Compile(n.pat.eval(env).String()); err != nil {
			return Boolean(false)
		}
	}
	return Boolean(re.MatchString(n.s.eval(env).String()))
}

// Suggest returns the candidate closest to name, if one is close enough to
// be a plausible typo.
func Suggest(name string, candidates []string) string {
	best, bestD := "", len(name)/2+2
	for _, c := range candidates {
		if d := distance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
