package expr

import (
	"math"
	"strings"
	"testing"
	"time"
)

// testEnv binds ${name} to the values in vals, in order of first use.
type testEnv struct {
	vals  map[string]Val
	names []string
	dot   Val
	attrs map[string]Val
}

func (e *testEnv) Value(slot int) Val { return e.vals[e.names[slot]] }
func (e *testEnv) Attr(slot int) Val  { return e.attrs[e.names[slot]] }
func (e *testEnv) Dot() Val           { return e.dot }
func (e *testEnv) Today() Val         { return Day(time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)) }

func eval(t *testing.T, src string, env *testEnv) Val {
	t.Helper()
	e, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	for _, r := range e.Refs() {
		r.Slot = len(env.names)
		env.names = append(env.names, r.Name)
	}
	return e.Eval(env)
}

func newEnv() *testEnv {
	d, _ := ParseDay("2026-11-01")
	return &testEnv{
		vals: map[string]Val{
			"grade":   Str("2"), // a select_one answer is its code
			"age":     Num(42),
			"name":    Str("Jana"),
			"multi":   Str("a c"),
			"visited": d,
			"dec":     Num(2.5),
			"empty":   Str(""), // unanswered
		},
		dot:   Num(7),
		attrs: map[string]Val{"region": Str("north")},
	}
}

func TestEval(t *testing.T) {
	tests := []struct {
		src  string
		want string // the result as a string
	}{
		// literals and references
		{"1", "1"}, {"2.50", "2.5"}, {"'text'", "text"}, {`"dq"`, "dq"}, {".5", "0.5"},
		{"${name}", "Jana"}, {".", "7"}, {"${visited}", "2026-11-01"},
		// equality: numbers win over strings, booleans over everything
		{"${grade} = 2", "true"}, {"${grade} = '2'", "true"}, {"${grade} != '2'", "false"},
		{"${grade} = '02'", "false"}, {"${grade} = 2.0", "true"},
		{"'a' = 'a'", "true"}, {"'a' != 'b'", "true"},
		{"(1 = 1) = 'x'", "true"}, {"(1 = 2) = ''", "true"},
		// relational compares numbers
		{"${age} > 18", "true"}, {"${age} >= 42", "true"}, {"${age} < 42", "false"},
		{"${age} <= 41", "false"}, {"'10' > '9'", "true"}, {"${grade} <= 2", "true"},
		// dates compare as dates, and are days in arithmetic
		{"${visited} < today()", "true"}, {"${visited} = '2026-11-01'", "true"},
		{"${visited} >= '2026-11-02'", "false"}, {"today() - ${visited}", "23"},
		{"today()", "2026-11-24"},
		// arithmetic
		{"1 + 2", "3"}, {"5 - 7", "-2"}, {"3 * 4", "12"}, {"7 div 2", "3.5"}, {"7 mod 3", "1"},
		{"-7 mod 3", "-1"}, {"-${age}", "-42"}, {"- - 3", "3"}, {"1 + 2 * 3", "7"},
		{"(1 + 2) * 3", "9"}, {"10 - 2 - 3", "5"}, {"1 div 0", "Infinity"}, {"${dec} * 2", "5"},
		// boolean operators and precedence: and binds tighter than or
		{"1 = 1 or 1 = 2 and 1 = 2", "true"}, {"(1 = 1 or 1 = 2) and 1 = 2", "false"},
		{"${name} and ${age}", "true"}, {"${empty} or 0", "false"},
		// unanswered: empty string, NaN in arithmetic, false in relations
		{"${empty}", ""}, {"${empty} = ''", "true"}, {"${empty} != ''", "false"},
		{"${empty} > 3", "false"}, {"${empty} < 3", "false"}, {"${empty} = 0", "false"},
		{"${empty} != 0", "true"}, {"${empty} + 1", "NaN"}, {"${empty} * 0", "NaN"},
		{"not(${empty})", "true"}, {"string-length(${empty})", "0"},
		{"count-selected(${empty})", "0"}, {"selected(${empty}, 'a')", "false"},
		{"number(${empty})", "NaN"}, {"coalesce(${empty}, 'x')", "x"},
		{"concat('[', ${empty}, ']')", "[]"}, {"if(${empty}, 'y', 'n')", "n"},
		// functions
		{"not(1 = 2)", "true"}, {"not('')", "true"}, {"not(0)", "true"},
		{"selected(${multi}, 'c')", "true"}, {"selected(${multi}, 'b')", "false"},
		{"selected(${multi}, ' a ')", "true"}, {"count-selected(${multi})", "2"},
		{"string-length('Plzeň')", "5"}, {"string-length(${age})", "2"},
		{"regex(${name}, '^J')", "true"}, {"regex(${name}, '^[0-9]+$')", "false"},
		{"regex('Jana', concat('^', 'J'))", "true"},
		{"if(${age} > 18, 'adult', 'child')", "adult"}, {"if(0, 1, 2)", "2"},
		{"coalesce(${name}, 'x')", "Jana"}, {"concat()", ""},
		{"concat(${name}, ' ', ${age}, ' ', 1 = 1)", "Jana 42 true"},
		{"number('3.25')", "3.25"}, {"number('3,25')", "NaN"}, {"number('1e3')", "NaN"},
		{"number(1 = 1)", "1"}, {"int(3.9)", "3"}, {"int(-3.9)", "-3"}, {"int('x')", "NaN"},
		{"round(2.5)", "3"}, {"round(-2.5)", "-2"}, {"round(3.14159, 2)", "3.14"},
		{"round(1234.5, -2)", "1200"},
		// the functions ODK forms use most, so that XLSForm workbooks load
		{"true()", "true"}, {"false()", "false"}, {"true() and ${nothing} = ''", "true"},
		{"boolean('')", "false"}, {"boolean('0')", "true"}, {"string(2.50)", "2.5"},
		{"contains(${name}, 'an')", "true"}, {"contains('', '')", "true"},
		{"starts-with(${name}, 'Ja')", "true"}, {"ends-with(${name}, 'Ja')", "false"},
		{"substr('Plzeň', 3)", "eň"}, {"substr('Plzeň', 1, 3)", "lz"}, {"substr('abc', 2, 1)", ""},
		{"substr('abc', -5, 99)", "abc"}, {"substr('abc', 'x')", "abc"},
		{"floor(-2.5)", "-3"}, {"ceiling(2.1)", "3"}, {"abs(-4)", "4"}, {"abs(${nothing})", "NaN"},
		// attributes in a choice filter
		{"region = 'north'", "true"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			if got := eval(t, tt.src, newEnv()).String(); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestNaNComparisons(t *testing.T) {
	nan := Num(math.NaN())
	for _, op := range []string{"<", "<=", ">", ">="} {
		c := &cmpNode{op: cmpOps[op], l: &litNode{nan}, r: &litNode{Num(1)}}
		if c.eval(nil).Truth() {
			t.Errorf("NaN %s 1 is true, want false", op)
		}
	}
	if (&cmpNode{op: opEq, l: &litNode{nan}, r: &litNode{nan}}).eval(nil).Truth() {
		t.Error("NaN = NaN is true, want false")
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		src    string
		offset int
		msg    string
	}{
		{"", 0, "expression is empty"},
		{"${a", 0, "reference is not closed"},
		{"1 + ${Bad}", 4, `"Bad" is not a valid name`},
		{"'abc", 0, "string is not closed"},
		{"1 +", 3, "ends too early"},
		{"(1 + 2", 6, "expected ) but found end"},
		{"1 == 2", 2, "use = to compare"},
		{"1 & 2", 2, "use and"},
		{"1 2", 2, `unexpected "2" after the end`},
		{"selected(${a})", 0, "selected() takes 2 arguments, not 1"},
		{"today(1)", 0, "today() takes 0 arguments, not 1"},
		{"round(1, 2, 3)", 0, "round() takes 1 or 2 arguments, not 3"},
		{"x + selectd(${a}, 'b')", 4, "unknown function selectd(); did you mean selected()?"},
		{"pulldata('a', 'b')", 0, "unknown function pulldata()"},
		{"regex(., '[')", 0, "regex(): bad pattern"},
		{"!${a}", 0, "use not(...)"},
		{"and 1", 0, "and needs a value before it"},
		{"true", 0, "write true()"},
		{"$a", 0, "$ must start a reference"},
		{"concat(1,", 9, "ends too early"},
		{strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300), 200, "nested too deeply"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.src)
		se, ok := err.(*SyntaxError)
		if !ok {
			t.Errorf("Parse(%q) = %v, want a *SyntaxError", tt.src, err)
			continue
		}
		if se.Offset != tt.offset || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) = offset %d %q, want offset %d containing %q", tt.src, se.Offset, se.Msg, tt.offset, tt.msg)
		}
	}
}

func TestRefs(t *testing.T) {
	e, err := Parse("${a} + ${b} > . and region = 'x'")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range e.Refs() {
		s := r.Name
		if r.Bare {
			s = "bare:" + s
		}
		got = append(got, s)
	}
	if strings.Join(got, ",") != "a,b,bare:region" || !e.UsesDot() {
		t.Errorf("refs = %v, dot = %v", got, e.UsesDot())
	}
	if e.Refs()[1].Offset != 7 {
		t.Errorf("offset of ${b} = %d, want 7", e.Refs()[1].Offset)
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"vek", "pracoviste", "hodnoceni"}
	if s := Suggest("vekk", names); s != "vek" {
		t.Errorf("Suggest(vekk) = %q", s)
	}
	if s := Suggest("zzzzzz", names); s != "" {
		t.Errorf("Suggest(zzzzzz) = %q, want none", s)
	}
}

func BenchmarkEval(b *testing.B) {
	env := newEnv()
	e, _ := Parse("${age} > 18 and selected(${multi}, 'c') or ${grade} <= 2")
	for _, r := range e.Refs() {
		r.Slot = len(env.names)
		env.names = append(env.names, r.Name)
	}
	for b.Loop() {
		e.True(env)
	}
}

// Every XPath operator between two values, with and without a parenthesis
// right after the operator word, and every call shape: pyxform accepts
// them all, so a workbook's expressions must parse here too.
func TestOperatorShapes(t *testing.T) {
	env := newEnv()
	tests := []struct{ src, want string }{
		{"${age} = 42 and (${grade} = 2)", "true"}, {"${age} = 42 and(${grade} = 2)", "true"},
		{"(${age} = 1) or (${grade} = 2)", "true"}, {"${age} = 1 or(${grade} = 3)", "false"},
		{"${age} mod(5)", "2"}, {"${age} mod (5)", "2"}, {"${age} div(4)", "10.5"}, {"${age} div (2 + 2)", "10.5"},
		{"not(${age} = 1) and (1 = 1)", "true"}, {"1 and(0)", "false"},
		{"(1 + 2) * (3)", "9"}, {"${age}*(2)", "84"}, {"-(2)", "-2"}, {"${age} -(2)", "40"},
		{"${age} >(41)", "true"}, {"${age} <=(41)", "false"}, {"${age} !=(41)", "true"},
		{"if (${age} > 18, 'a', 'b')", "a"}, {"concat ('a', 'b')", "ab"}, {"concat()", ""},
		{"true() and false()", "false"}, {"count-selected(${multi}) = 2", "true"},
		{"selected(${multi}, 'a') or(selected(${multi}, 'b'))", "true"},
	}
	for _, tc := range tests {
		if got := eval(t, tc.src, env).String(); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.src, got, tc.want)
		}
	}
	for _, src := range []string{"and(1)", "or (1)", "1 and", "mod(2)", "1 div", "(1 and)"} {
		if _, err := Parse(src); err == nil {
			t.Errorf("Parse(%q) succeeded; an operator needs a value on each side", src)
		}
	}
}

// A path is told to use ${name}, not to divide.
func TestPathsAreNotDivision(t *testing.T) {
	for _, src := range []string{"../inputs/x = 1", "/data/x", "../x", "./x", "a/b", "${a} = /data/b"} {
		_, err := Parse(src)
		if err == nil || !strings.Contains(err.Error(), "paths are not supported; use ${name}") {
			t.Errorf("Parse(%q): %v", src, err)
		}
	}
	for _, src := range []string{"${age} / 2", "${age}/2", "${age}/${dec}"} {
		_, err := Parse(src)
		if err == nil || !strings.Contains(err.Error(), "use div") {
			t.Errorf("Parse(%q): %v; want use div", src, err)
		}
	}
}

// TestDayOfUTCTime checks the Unix-day shortcut Day takes for UTC times
// (as stored) against the calendar's date, which Day reads for any
// other zone: the same day either side of midnight, also before 1970.
func TestDayOfUTCTime(t *testing.T) {
	zero := time.FixedZone("UTC+0", 0) // not time.UTC: the calendar path
	for _, s := range []string{"1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "1960-02-29T12:00:00Z", "2026-10-25T01:30:00Z", "2026-12-31T23:59:59.999Z", "2027-01-01T00:00:00Z"} {
		u, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := Day(u), Day(u.In(zero)); got != want {
			t.Errorf("Day(%s) = %v, the calendar says %v", s, got.N, want.N)
		}
	}
	if got := Day(time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC)).N; got != -1 {
		t.Errorf("Day(1969-12-31) = %v, want -1", got)
	}
}
