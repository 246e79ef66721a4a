package export

import (
	"fmt"
	"slices"
	"strconv"

	"anketa/questionnaire"
	"anketa/questionnaire/expr"
)

// varKind is what a CSV column holds, for the files that type it (the
// codebook, SPSS, Stata and R): one decision, made here, for all of them.
type varKind uint8

const (
	varText     varKind = iota
	varNumber           // integers, decimals, numeric codes, 0/1
	varDate             // a calendar date, YYYY-MM-DD
	varTime             // a moment: UTC ISO 8601, or local time in excel-cs
	varWallTime         // a date and time answer as entered: YYYY-MM-DDTHH:MM:SS, no zone
	varClock            // a time of day answer: HH:MM:SS
)

// missingCode is a value that stands for a missing answer in a column.
type missingCode struct {
	code  string
	label string
	kind  string // skipped, dont_know, refused, not_applicable
	// option says it is one of the list's own options (9 = nevím), not
	// one of the export's codes.
	option bool
	// spss is the code SPSS recodes the option to, where a column has
	// more missing codes than MISSING VALUES can declare; "" keeps it.
	spss string
}

// variable is one CSV column as the sidecars describe it.
type variable struct {
	name    string
	kind    varKind
	integer bool // whole numbers only
	width   int  // the longest text, in bytes, for SPSS's A format
	label   string
	// values are the value labels of the valid codes, in list order.
	values [][2]string
	// factor: the column holds a select_one's codes; ordered: a scale.
	factor, ordered bool
	missing         []missingCode
	// none is the code of a multiple choice answered with no option.
	none  string
	col   *column // nil for a meta column
	dummy string  // the option of a select_multiple's 0/1 column
}

// exportCodes are the export's own missing codes, by kind.
func (ex *exporter) exportCodes() []missingCode {
	c := ex.opt.Codes
	return []missingCode{
		{code: c.Skipped, label: "skipped", kind: "skipped"},
		{code: c.DontKnow, label: "don't know", kind: "dont_know"},
		{code: c.Refused, label: "refused", kind: "refused"},
		{code: c.NotApplicable, label: "not applicable", kind: "not_applicable"},
	}
}

// variables lists the CSV's columns, in order, with their types, labels
// and missing codes.
func (ex *exporter) variables() []variable {
	lang := ex.lang()
	idWidth, verWidth := 1, 1
	for _, v := range ex.sc.order {
		idWidth, verWidth = max(idWidth, len(v.q.ID)), max(verWidth, len(v.q.Version))
	}
	zone := "UTC"
	if ex.opt.Dialect == ExcelCS {
		zone = ex.opt.Zone.Name
	}
	out := []variable{
		{name: "session_id", width: 36, label: "session ID"},
		{name: "questionnaire_id", width: idWidth, label: "questionnaire"},
		{name: "questionnaire_version", width: verWidth, label: "questionnaire version"},
		{name: "device_id", width: 36, label: "device (store)"},
		{name: "interviewer", width: max(1, ex.interviewerWidth), label: "interviewer"},
		{name: "status", width: 11, label: "status"},
		{name: "language", width: max(1, ex.languageWidth), label: "interview language"},
		{name: "started_at", kind: varTime, label: "started, " + zone},
		{name: "finished_at", kind: varTime, label: "finished, " + zone},
		{name: "duration_s", kind: varNumber, integer: true, label: "duration, seconds"},
		{name: "mode", width: 11, label: "who answered: interviewer, or self (the client alone)"},
		{name: "abandon_reason", width: max(1, ex.reasonWidth), label: "why abandoned"},
	}
	if ex.reviewColumn() {
		out = append(out, variable{name: "review", width: 8, label: "review: approved, rejected, or not reviewed"})
	}
	if ex.opt.Format == "long" {
		return append(out, variable{name: "question", width: 64, label: "question"},
			variable{name: "value", width: max(1, ex.longWidth), label: "answer"})
	}
	codes := ex.exportCodes()
	for _, c := range ex.sc.cols {
		v := variable{name: c.name, label: truncRunes(c.label(lang), 250), col: c, width: max(1, c.maxLen)}
		asked := c.typ.Answerable()
		switch c.typ {
		case questionnaire.Integer:
			v.kind, v.integer = varNumber, true
		case questionnaire.Decimal:
			v.kind = varNumber
		case questionnaire.DateType:
			v.kind = varDate
		case questionnaire.DateTimeType:
			v.kind = varWallTime
		case questionnaire.TimeType:
			v.kind = varClock
		case questionnaire.SelectOne:
			v.factor = true
			v.ordered = slices.ContainsFunc(c.options, func(o *questionnaire.Option) bool { return o.Favorable })
			if c.numeric() {
				v.kind, v.integer = varNumber, true
			}
			for _, o := range c.options {
				if o.Missing == questionnaire.NotMissing {
					v.values = append(v.values, [2]string{o.Value, o.Label.In(lang, lang)})
				}
			}
		case questionnaire.SelectMultiple:
			v.none = ex.opt.Codes.None
		case questionnaire.Calculate:
			switch k, ok := c.item.CalcKind(); {
			case !ok:
			case k == expr.Number:
				v.kind = varNumber
			case k == expr.Bool:
				v.kind, v.integer = varNumber, true
				v.values = [][2]string{{"0", "false"}, {"1", "true"}}
			case k == expr.Date:
				v.kind = varDate
			}
		}
		if asked {
			v.missing = append(v.missing, codes...)
			for _, o := range c.options {
				if o.Missing != questionnaire.NotMissing {
					v.missing = append(v.missing, missingCode{code: o.Value, label: o.Label.In(lang, lang), kind: o.Missing.String(), option: true})
				}
			}
			if v.kind == varNumber {
				spssRecodes(v.missing)
			}
		}
		out = append(out, v)
		for _, d := range c.dummies {
			out = append(out, variable{name: c.name + "__" + d, kind: varNumber, integer: true, col: c, dummy: d,
				label:   truncRunes(c.label(lang)+": "+optionLabel(c, d, lang), 250),
				values:  [][2]string{{"0", "not chosen"}, {"1", "chosen"}},
				missing: codes})
		}
	}
	return out
}

// spssRecodes decides which of a column's list-missing codes SPSS must
// recode: MISSING VALUES takes one range and one value, and the export's
// codes take the range. With two or more list options marked missing,
// each is recoded to the export's code of its kind, or, where another
// option of the same kind took that, to a free code below the range.
func spssRecodes(ms []missingCode) {
	var opts []int
	low := 0
	for i, m := range ms {
		if m.option {
			opts = append(opts, i)
		} else if n, err := strconv.Atoi(m.code); err == nil && (low == 0 || n < low) {
			low = n
		}
	}
	if len(opts) < 2 {
		return
	}
	taken := map[string]bool{}
	for _, i := range opts {
		for _, m := range ms {
			if !m.option && m.kind == ms[i].kind && !taken[m.code] {
				ms[i].spss = m.code
				break
			}
		}
		if ms[i].spss == "" {
			low--
			ms[i].spss = strconv.Itoa(low)
		}
		taken[ms[i].spss] = true
	}
}

// missingRange is the lowest and highest numeric code SPSS declares
// missing in v, once recoded, leaving out a list option it keeps.
func (v *variable) missingRange() (lo, hi int) {
	first := true
	for _, m := range v.missing {
		code := m.code
		if m.option {
			if m.spss == "" {
				continue
			}
			code = m.spss
		}
		n, err := strconv.Atoi(code)
		if err != nil {
			continue
		}
		if first || n < lo {
			lo = n
		}
		if first || n > hi {
			hi = n
		}
		first = false
	}
	return lo, hi
}

// keptOption is the list option SPSS declares missing as it is, if any.
func (v *variable) keptOption() (missingCode, bool) {
	for _, m := range v.missing {
		if m.option && m.spss == "" {
			return m, true
		}
	}
	return missingCode{}, false
}

// checkCodes refuses missing codes that collide with a valid option's
// code, so that no file ever reads a real answer as missing.
func (ex *exporter) checkCodes() error {
	for _, v := range ex.variables() {
		if v.kind != varNumber || len(v.missing) == 0 {
			continue
		}
		lo, hi := v.missingRange()
		for _, val := range v.values {
			n, err := strconv.Atoi(val[0])
			if err == nil && n >= lo && n <= hi {
				return fmt.Errorf("question %s: option %s lies among the missing codes %d..%d; choose other codes with --code-*", v.name, val[0], lo, hi)
			}
		}
	}
	return nil
}

func optionLabel(c *column, code, lang string) string {
	for _, o := range c.options {
		if o.Value == code {
			return o.Label.In(lang, lang)
		}
	}
	return code
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
