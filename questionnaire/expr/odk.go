package expr

import (
	"crypto/rand"
	"fmt"
	"math"
	"strings"
	"time"
)

// ChoiceNamer is an Env that can name a question's option: the label of
// code in the choice list of the question bound to slot, for
// jr:choice-name().
type ChoiceNamer interface {
	ChoiceName(slot int, code string) string
}

// volatile are the functions whose value is not given by the answers: a
// calculation using them is worked out once in the interview and kept.
var volatile = map[string]bool{"now": true, "uuid": true, "once": true}

// Volatile reports whether e calls now(), uuid() or once(): its value
// cannot be computed again from the answers, so the interview keeps it.
func (e *Expr) Volatile() bool { return e.volatile }

func init() {
	funcs["now"] = function{0, 0, func(int, []node) (node, error) { return nowNode{}, nil }}
	// once(x) is x the first time; the questionnaire keeps a volatile
	// calculation's value, which makes every later evaluation the first.
	funcs["once"] = function{1, 1, func(_ int, a []node) (node, error) { return a[0], nil }}
	funcs["uuid"] = simple(0, 1, func(a []Val) Val {
		if len(a) == 1 {
			return Str(randomText(int(a[0].Number())))
		}
		return Str(newUUID())
	})
	funcs["date-time"] = simple(1, 1, func(a []Val) Val {
		t, ok := instant(a[0])
		if !ok {
			return Str("")
		}
		return Str(formatInstant(t))
	})
	funcs["decimal-date-time"] = simple(1, 1, func(a []Val) Val {
		t, ok := instant(a[0])
		if !ok {
			return Num(math.NaN())
		}
		return Num(float64(t.UnixMilli()) / 86400000)
	})
	funcs["format-date"] = simple(2, 2, formatDate)
	funcs["format-date-time"] = simple(2, 2, formatDate)
	funcs["jr:choice-name"] = function{2, 2, buildChoiceName}
	resultKinds["decimal-date-time"] = Number
}

type nowNode struct{}

func (nowNode) eval(Env) Val { return Str(formatInstant(time.Now())) }

// formatInstant writes t as ODK writes a dateTime: ISO 8601 with
// milliseconds and the zone's offset.
func formatInstant(t time.Time) string { return t.Format("2006-01-02T15:04:05.000-07:00") }

// instant reads a value as a moment: a number of days since 1970-01-01
// (UTC), a date, or an ISO 8601 date and time.
func instant(v Val) (time.Time, bool) {
	switch v.Kind {
	case Number, Date:
		if math.IsNaN(v.N) || math.IsInf(v.N, 0) || math.Abs(v.N) > 1e7 {
			return time.Time{}, false
		}
		return time.UnixMilli(int64(math.Round(v.N * 86400000))).UTC(), true
	case Bool:
		return time.Time{}, false
	}
	return ParseInstant(v.S)
}

// ParseInstant reads an ISO 8601 date, or date and time with or without
// seconds, fraction and zone ("2026-12-02T08:40:10.123+01:00"); a time
// without a zone is UTC.
func ParseInstant(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var (
	dayNames   = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	monthNames = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// formatDate is format-date(value, format) and format-date-time with
// ODK's codes: %Y year, %y two-digit year, %m month 01-12, %n month 1-12,
// %b month's short name, %d day 01-31, %e day 1-31, %H hour 00-23, %h
// hour 0-23, %M minute, %S second, %3 milliseconds, %a weekday's short
// name. A value that is not a date gives the empty string.
func formatDate(a []Val) Val {
	t, ok := instant(a[0])
	if !ok {
		return Str("")
	}
	f := a[1].String()
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'Y':
			fmt.Fprintf(&b, "%04d", t.Year())
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'n':
			fmt.Fprintf(&b, "%d", int(t.Month()))
		case 'b':
			b.WriteString(monthNames[t.Month()-1])
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'e':
			fmt.Fprintf(&b, "%d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'h':
			fmt.Fprintf(&b, "%d", t.Hour())
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case '3':
			fmt.Fprintf(&b, "%03d", t.Nanosecond()/1e6)
		case 'a':
			b.WriteString(dayNames[t.Weekday()])
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return Str(b.String())
}

// jr:choice-name(value, '${question}') is the label of value among the
// options of question. The question may be written quoted, as ODK wants
// it, or as a plain reference.
func buildChoiceName(off int, a []node) (node, error) {
	var r *Ref
	switch n := a[1].(type) {
	case *refNode:
		r = n.r
	case *litNode:
		s := strings.TrimSpace(n.v.S)
		name, ok := strings.CutPrefix(s, "${")
		name, ok2 := strings.CutSuffix(name, "}")
		if n.v.Kind != String || !ok || !ok2 || !IsName(name) {
			return nil, &SyntaxError{Offset: off, Msg: "jr:choice-name() takes the question as its second argument: jr:choice-name(${q}, '${q}')"}
		}
		r = &Ref{Name: name, Offset: off, Slot: -1}
	default:
		return nil, &SyntaxError{Offset: off, Msg: "jr:choice-name() takes the question as its second argument: jr:choice-name(${q}, '${q}')"}
	}
	return &choiceNameNode{v: a[0], r: r}, nil
}

type choiceNameNode struct {
	v node
	r *Ref
}

func (n *choiceNameNode) eval(env Env) Val {
	c, ok := env.(ChoiceNamer)
	if !ok || n.r.Slot < 0 {
		return Str("")
	}
	return Str(c.ChoiceName(n.r.Slot, strings.TrimSpace(n.v.eval(env).String())))
}

func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func randomText(n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	n = max(0, min(n, 1000))
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return string(b)
}
