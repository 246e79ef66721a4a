package questionnaire

import (
	"math"
	"strconv"
	"strings"
	"time"

	"anketa/questionnaire/expr"
)

// Kind is the type of an answer's Value.
type Kind uint8

const (
	Empty Kind = iota // no answer
	KindText
	KindInteger
	KindDecimal
	KindDate
	KindCode  // one option of a select_one
	KindCodes // options of a select_multiple, in list order
	KindMissing
)

var kindNames = []string{"empty", "text", "integer", "decimal", "date", "code", "codes", "missing"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is an answer. The zero Value is no answer.
type Value struct {
	Kind    Kind
	Text    string  // KindText, KindCode, and KindDate as YYYY-MM-DD
	Int     int64   // KindInteger
	Dec     float64 // KindDecimal
	Codes   []string
	Missing MissingKind // KindMissing: an answer such as don't know, with no code
}

// TextValue is a free-text answer.
func TextValue(s string) Value { return Value{Kind: KindText, Text: s} }

// IntValue is an integer answer.
func IntValue(n int64) Value { return Value{Kind: KindInteger, Int: n} }

// DecimalValue is a decimal answer.
func DecimalValue(f float64) Value { return Value{Kind: KindDecimal, Dec: f} }

// DateValue is a date answer; the time of day is dropped.
func DateValue(t time.Time) Value { return Value{Kind: KindDate, Text: t.Format(time.DateOnly)} }

// CodeValue is a select_one answer.
func CodeValue(code string) Value { return Value{Kind: KindCode, Text: code} }

// CodesValue is a select_multiple answer. No codes is an empty selection,
// which is an answer ("none of these"), not the absence of one.
func CodesValue(codes ...string) Value {
	return Value{Kind: KindCodes, Codes: append([]string{}, codes...)}
}

// MissingValue is an answer of a missing kind without a code.
func MissingValue(m MissingKind) Value { return Value{Kind: KindMissing, Missing: m} }

// IsEmpty reports whether v is no answer.
func (v Value) IsEmpty() bool { return v.Kind == Empty }

// Equal reports whether v and w are the same answer.
func (v Value) Equal(w Value) bool {
	if v.Kind != w.Kind || v.Text != w.Text || v.Int != w.Int || v.Missing != w.Missing ||
		len(v.Codes) != len(w.Codes) {
		return false
	}
	// Compare decimals bit for bit, so that a stored NaN equals itself.
	if v.Kind == KindDecimal && math.Float64bits(v.Dec) != math.Float64bits(w.Dec) {
		return false
	}
	for i := range v.Codes {
		if v.Codes[i] != w.Codes[i] {
			return false
		}
	}
	return true
}

// String writes v as it is exported: codes as codes, numbers without
// exponent, several codes separated by spaces, a missing kind by its name.
func (v Value) String() string {
	switch v.Kind {
	case KindText, KindCode, KindDate:
		return v.Text
	case KindInteger:
		return strconv.FormatInt(v.Int, 10)
	case KindDecimal:
		return strconv.FormatFloat(v.Dec, 'f', -1, 64)
	case KindCodes:
		return strings.Join(v.Codes, " ")
	case KindMissing:
		return v.Missing.String()
	}
	return ""
}

// val is v as the expression language sees it. A missing kind without a
// code reads as unanswered.
func (v Value) val() expr.Val {
	switch v.Kind {
	case KindInteger:
		return expr.Num(float64(v.Int))
	case KindDecimal:
		return expr.Num(v.Dec)
	case KindDate:
		if d, ok := expr.ParseDay(v.Text); ok {
			return d
		}
	case KindText, KindCode:
		return expr.Str(v.Text)
	case KindCodes:
		return expr.Str(strings.Join(v.Codes, " "))
	}
	return expr.Val{}
}

// Answers are an interview's answers by question name.
type Answers map[string]Value
