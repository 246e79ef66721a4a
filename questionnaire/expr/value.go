package expr

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind is the type of a Val.
type Kind uint8

const (
	String Kind = iota
	Number
	Bool
	Date
)

// Val is a value during evaluation. The zero Val is the empty string,
// which is what an unanswered question evaluates to.
type Val struct {
	Kind Kind
	S    string // String
	// N is a Number, a Date as days since 1970-01-01, or a String's value
	// as a number, converted once when the Val is made (Str) because
	// comparisons convert the same answer again and again.
	N float64
	B bool // Bool
}

// Str makes a string value.
func Str(s string) Val { return Val{Kind: String, S: s, N: parseNumber(s)} }

// Num makes a number value.
func Num(n float64) Val { return Val{Kind: Number, N: n} }

// Boolean makes a boolean value.
func Boolean(b bool) Val { return Val{Kind: Bool, B: b} }

// Day makes a date value from a calendar date; the time of day is ignored.
func Day(t time.Time) Val {
	if t.Location() == time.UTC { // as stored: the day is the Unix day
		sec := t.Unix()
		day := sec / 86400
		if sec%86400 < 0 {
			day--
		}
		return Val{Kind: Date, N: float64(day)}
	}
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Val{Kind: Date, N: float64(u.Unix() / 86400)}
}

// ParseDay reads a YYYY-MM-DD date.
func ParseDay(s string) (Val, bool) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Val{}, false
	}
	return Day(t), true
}

// Number converts v to a number.
func (v Val) Number() float64 {
	switch v.Kind {
	case Number, Date:
		return v.N
	case Bool:
		if v.B {
			return 1
		}
		return 0
	}
	if v.S == "" {
		return math.NaN() // the zero Val
	}
	return v.N
}

func parseNumber(s string) float64 {
	// Most values are short codes such as "3": read them directly.
	if n := len(s); n > 0 && n < 10 {
		v := 0
		for i := 0; i < n; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				goto general
			}
			v = v*10 + int(c-'0')
		}
		return float64(v)
	}
general:
	s = strings.TrimSpace(s)
	if s == "" {
		return math.NaN()
	}
	// XPath numbers are plain decimals: no exponent, no hex, no "Inf".
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || (c == '-' && i == 0)) {
			return math.NaN()
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return n
}

// Truth converts v to a boolean.
func (v Val) Truth() bool {
	switch v.Kind {
	case Bool:
		return v.B
	case Number:
		return v.N != 0 && !math.IsNaN(v.N)
	case Date:
		return true
	}
	return v.S != ""
}

// String converts v to a string.
func (v Val) String() string {
	switch v.Kind {
	case Number:
		return FormatNumber(v.N)
	case Bool:
		if v.B {
			return "true"
		}
		return "false"
	case Date:
		return time.Unix(int64(v.N)*86400, 0).UTC().Format(time.DateOnly)
	}
	return v.S
}

// FormatNumber writes n the way XPath does: no exponent, no trailing ".0".
func FormatNumber(n float64) string {
	switch {
	case math.IsNaN(n):
		return "NaN"
	case math.IsInf(n, 1):
		return "Infinity"
	case math.IsInf(n, -1):
		return "-Infinity"
	}
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return strconv.FormatInt(int64(n), 10)
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}

// day returns v as a count of days, if v is a date or a string holding one.
func (v Val) day() (float64, bool) {
	switch v.Kind {
	case Date:
		return v.N, true
	case String:
		if d, ok := ParseDay(v.S); ok {
			return d.N, true
		}
	}
	return 0, false
}

func equal(a, b Val) bool {
	switch {
	case a.Kind == Bool || b.Kind == Bool:
		return a.Truth() == b.Truth()
	case a.Kind == Number || b.Kind == Number:
		return a.Number() == b.Number()
	case a.Kind == Date || b.Kind == Date:
		da, oka := a.day()
		db, okb := b.day()
		if oka && okb {
			return da == db
		}
	}
	return a.String() == b.String()
}

// order compares a and b for < <= > >=; ok is false when either is NaN.
func order(a, b Val) (cmp int, ok bool) {
	var x, y float64
	if a.Kind == Date || b.Kind == Date {
		da, oka := a.day()
		db, okb := b.day()
		if oka && okb {
			x, y = da, db
		} else {
			x, y = a.Number(), b.Number()
		}
	} else {
		x, y = a.Number(), b.Number()
	}
	if math.IsNaN(x) || math.IsNaN(y) {
		return 0, false
	}
	switch {
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}
