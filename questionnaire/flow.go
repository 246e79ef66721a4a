package questionnaire

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"anketa/questionnaire/expr"
)

// State is the flow engine's view of one interview at one moment: which
// items are relevant and what every item's value is, given the answers so
// far. Evaluate makes a new State after every change of answer; a State
// is cheap to make and is not safe for concurrent use.
//
// The rules:
//   - An item is relevant when its group is relevant and its own relevant
//     expression, if any, is true.
//   - An answer to an item that is not relevant is ignored, not deleted: it
//     reads as empty in expressions, it is not required, it is not exported,
//     and it comes back if the item becomes relevant again.
//   - A calculation is evaluated only while relevant; otherwise it is empty.
//   - A default is offered to the interviewer as the initial answer; it
//     counts only once accepted and saved as an answer.
type State struct {
	q        *Questionnaire
	answers  Answers // the caller's map, kept up to date by Set; may be nil
	ans      []Value // the answers by item index
	today    expr.Val
	relevant []bool
	vals     []expr.Val

	dirty []bool // items Set must evaluate again
	// computed holds the answers of questions set by their calculation,
	// for StoredRef.
	computed []Value

	dot     expr.Val
	opt     *Option // the option a choice filter is testing
	optList *ChoiceList

	// States made one after the other for goroutines on different cores
	// (an export's workers) would otherwise share a cache line that both
	// write at every interview.
	_ [128]byte
}

// Evaluate computes the state of an interview with the given answers on
// the given day. The State keeps answers and changes it in Set.
func (q *Questionnaire) Evaluate(answers Answers, today time.Time) *State {
	if answers == nil {
		answers = Answers{}
	}
	s := q.NewState()
	s.answers = answers
	for i, it := range q.Items {
		s.ans[i] = answers[it.Name]
	}
	s.evaluate(today)
	return s
}

// NewState makes an empty state to fill with Load, for code that
// evaluates many interviews one after another (export) and should not
// allocate for each.
func (q *Questionnaire) NewState() *State {
	return &State{
		q:        q,
		ans:      make([]Value, len(q.Items)),
		relevant: make([]bool, len(q.Items)),
		vals:     make([]expr.Val, len(q.Items)),
		dirty:    make([]bool, len(q.Items)),
	}
}

// Load makes s the state of an interview whose answers are given by item
// index (len(answers) == len(Items)); s keeps the slice.
func (s *State) Load(answers []Value, today time.Time) {
	s.ans, s.answers = answers, nil
	s.evaluate(today)
}

// Index returns the index of the named item in Items, or -1.
func (q *Questionnaire) Index(name string) int {
	if it := q.byName[name]; it != nil {
		return it.Index
	}
	return -1
}

func (s *State) evaluate(today time.Time) {
	s.today = expr.Day(today)
	for _, i := range s.q.order {
		s.relevant[i], s.vals[i] = s.compute(i)
	}
}

// compute evaluates item i's relevance and value from the items before it
// in dependency order.
func (s *State) compute(i int) (bool, expr.Val) {
	it := s.q.Items[i]
	rel := it.Parent == nil || s.relevant[it.Parent.Index]
	if rel && it.Relevant.expr != nil {
		if it.Relevant.expr.UsesDot() {
			s.dot = s.ans[i].val()
		}
		rel = it.Relevant.expr.True(s)
	}
	if !rel {
		return false, expr.Val{}
	}
	switch {
	case it.Computed():
		if it.Kept() && !s.ans[i].IsEmpty() {
			return true, s.ans[i].val() // worked out once, in the interview
		}
		if it.Calculation.expr == nil {
			return true, expr.Str(it.Default) // a calculate's fixed start value
		}
		s.dot = expr.Val{}
		return true, it.Calculation.expr.Eval(s)
	case it.Type.Answerable() && s.q.read[i]:
		return true, s.ans[i].val()
	}
	return true, expr.Val{}
}

// Set records the answer to item i (the empty Value removes it) and
// brings the state up to date. Only the items that read i, directly or
// through others, are evaluated again, in dependency order, and the
// spreading stops where nothing changed; so a step costs what it touches,
// not the size of the questionnaire.
func (s *State) Set(i int, v Value) {
	it := s.q.Items[i]
	s.ans[i] = v
	if s.answers != nil {
		if v.IsEmpty() {
			delete(s.answers, it.Name)
		} else {
			s.answers[it.Name] = v
		}
	}
	s.dirty[i] = true
	order := s.q.order
	for k := s.q.orderPos[i]; k < len(order); k++ {
		j := order[k]
		if !s.dirty[j] {
			continue
		}
		s.dirty[j] = false
		rel, val := s.compute(j)
		if rel == s.relevant[j] && sameVal(val, s.vals[j]) {
			continue
		}
		s.relevant[j], s.vals[j] = rel, val
		for _, u := range s.q.users[j] {
			s.dirty[u] = true
		}
	}
}

func sameVal(a, b expr.Val) bool {
	return a.Kind == b.Kind && a.S == b.S && a.B == b.B && (a.N == b.N || a.N != a.N && b.N != b.N)
}

// Value, Dot, Attr and Today make State an expr.Env.
func (s *State) Value(slot int) expr.Val { return s.vals[slot] }
func (s *State) Dot() expr.Val           { return s.dot }
func (s *State) Today() expr.Val         { return s.today }
func (s *State) Attr(slot int) expr.Val {
	if s.opt == nil {
		return expr.Val{}
	}
	if slot == 0 {
		return expr.Str(s.opt.Value)
	}
	l := s.optList
	if slot-1 >= len(l.AttrNames) {
		return expr.Val{}
	}
	return expr.Str(s.opt.Attrs[l.AttrNames[slot-1]])
}

// Questionnaire returns the questionnaire the state belongs to.
func (s *State) Questionnaire() *Questionnaire { return s.q }

// Relevant reports whether item i is relevant.
func (s *State) Relevant(i int) bool { return s.relevant[i] }

// Answer returns the stored answer to item i if the item is relevant, and
// the empty Value otherwise. For a calculation it is the calculated value
// as text.
func (s *State) Answer(i int) Value {
	it := s.q.Items[i]
	if !s.relevant[i] {
		return Value{}
	}
	if it.Computed() {
		v := s.vals[i]
		if v.Kind == expr.String && v.S == "" {
			return Value{}
		}
		if it.AnsweredByCalculation() {
			if a, msg := ParseInput(it, v.String()); msg == "" {
				return a
			}
		}
		return TextValue(v.String())
	}
	return s.ans[i]
}

// Default is the answer item i's input opens with when it has none: its
// default value, or its default expression worked out now (ODK's dynamic
// default); the empty Value when there is none or the expression gives
// nothing the question can take.
func (s *State) Default(i int) Value {
	it := s.q.Items[i]
	if it.DefaultExpr.expr == nil {
		return it.DefaultValue
	}
	s.dot = expr.Val{}
	x := it.DefaultExpr.expr.Eval(s)
	if x.Kind == expr.Number && x.N != x.N {
		return Value{}
	}
	v, msg := ParseInput(it, x.String())
	if msg != "" || it.Type.IsSelect() && it.List != nil && !optionsExist(it, v) {
		return Value{}
	}
	return v
}

// ChoiceName is the label of code in the choice list of the item at slot,
// in the questionnaire's default language: jr:choice-name().
func (s *State) ChoiceName(slot int, code string) string {
	it := s.q.Items[slot]
	if it.List == nil {
		return ""
	}
	if o := it.List.Option(code); o != nil {
		return o.Label.In(s.q.DefaultLanguage(), "")
	}
	return ""
}

// StoredRef returns the answer stored for item i without copying it; do
// not modify it. Export reads millions of answers this way.
//
// For a question whose calculation sets its answer, it is the calculated
// answer (Answer), which is what the interview showed.
func (s *State) StoredRef(i int) *Value {
	if it := s.q.Items[i]; it.AnsweredByCalculation() {
		if s.computed == nil {
			s.computed = make([]Value, len(s.ans))
		}
		s.computed[i] = s.Answer(i)
		return &s.computed[i]
	}
	return &s.ans[i]
}

// Calculated returns calculation i's value as the expression language
// has it; the empty string when not relevant.
func (s *State) Calculated(i int) expr.Val { return s.vals[i] }

// Stored returns the answer stored for item i, relevant or not.
func (s *State) Stored(i int) Value { return s.ans[i] }

// Visible returns the relevant steps in order: the items the interviewer
// is shown one screen each.
func (s *State) Visible() []int {
	var out []int
	for _, i := range s.q.steps {
		if s.relevant[i] {
			out = append(out, i)
		}
	}
	return out
}

// Next returns the first relevant step after item i, or -1 when there is
// none. Next(-1) is the first relevant step. An item inside a grid counts
// as its grid.
func (s *State) Next(i int) int {
	k := 0
	if i >= 0 {
		k = s.stepOf(i) + 1
	}
	for ; k < len(s.q.steps); k++ {
		if j := s.q.steps[k]; s.relevant[j] {
			return j
		}
	}
	return -1
}

// Prev returns the last relevant step before item i, or -1 when there is
// none. Prev(-1) is the last relevant step.
func (s *State) Prev(i int) int {
	k := len(s.q.steps) - 1
	if i >= 0 {
		k = s.stepOf(i) - 1
	}
	for ; k >= 0; k-- {
		if j := s.q.steps[k]; s.relevant[j] {
			return j
		}
	}
	return -1
}

func (s *State) stepOf(i int) int {
	it := s.q.Items[i]
	if it.Parent != nil && it.Parent.IsGrid() {
		it = it.Parent
	}
	if k := s.q.stepIdx[it.Index]; k >= 0 {
		return k
	}
	// A group or calculation: the step before the next step after it.
	for k, j := range s.q.steps {
		if j > i {
			return k - 1
		}
	}
	return len(s.q.steps) - 1
}

// Options returns the options of a select item that pass its choice filter.
func (s *State) Options(i int) []*Option {
	it := s.q.Items[i]
	if it.List == nil {
		return nil
	}
	if it.ChoiceFilter.expr == nil {
		return it.List.Offered()
	}
	var out []*Option
	s.optList = it.List
	for _, o := range it.List.Offered() {
		s.opt = o
		if it.ChoiceFilter.expr.True(s) {
			out = append(out, o)
		}
	}
	s.opt = nil
	return out
}

// Required reports whether item i must be answered, were it given value v.
func (s *State) Required(i int, v Value) bool {
	it := s.q.Items[i]
	if it.ReadOnly || !it.Type.Answerable() && it.Type != Note {
		return false // a required note blocks: it can never be answered
	}
	if it.RequiredIf.expr != nil {
		s.dot = v.val()
		return it.RequiredIf.expr.True(s)
	}
	return it.Required
}

// Check says what is wrong with giving item i the value v, in language
// lang, or returns "" when v is acceptable: of the item's type, among its
// options, present if required, and within its constraint. An empty v
// means "no answer".
func (s *State) Check(i int, v Value, lang string) string { return s.CheckIn(i, v, lang, lang) }

// CheckIn is Check with the questionnaire's own messages (its
// constraint_message, required_message) in lang, the interview's
// language, and the built-in ones ("Enter a whole number.") in ui, the
// interface's language.
func (s *State) CheckIn(i int, v Value, lang, ui string) string {
	it := s.q.Items[i]
	if lang == "" {
		lang = s.q.DefaultLanguage()
	}
	if ui == "" {
		ui = lang
	}
	ui = s.q.messageLang(ui)
	message := func(t Text, key string) string {
		if len(t) > 0 {
			return t.In(lang, s.q.DefaultLanguage())
		}
		return builtin(ui, key)
	}
	if v.IsEmpty() {
		if s.Required(i, v) {
			if it.Type == Note {
				return message(it.RequiredMessage, msgBlocked)
			}
			return message(it.RequiredMessage, msgRequired)
		}
		return ""
	}
	if v.Kind == KindMissing {
		return ""
	}
	if m := s.checkKind(i, v); m != "" {
		return builtin(ui, m)
	}
	if v.Kind == KindText {
		if n := utf8.RuneCountInString(v.Text); n > s.q.TextLimit() {
			return fmt.Sprintf(builtin(ui, msgTooLong), s.q.TextLimit(), n)
		}
	}
	if it.Type.IsSelect() && s.isMissingCode(it, v) {
		return ""
	}
	if r := it.Range; r != nil {
		x := v.val().Number()
		k := (x - r.Start) / r.Step
		if x < r.Start || x > r.End || math.Abs(k-math.Round(k)) > 1e-9 {
			return fmt.Sprintf(builtin(ui, msgRange), expr.FormatNumber(r.Start), expr.FormatNumber(r.End), expr.FormatNumber(r.Step))
		}
	}
	if it.Constraint.expr != nil {
		s.dot = v.val()
		if !it.Constraint.expr.True(s) {
			if it.Constraint.expr.OnlyRegex() {
				return message(it.ConstraintMessage, msgPattern)
			}
			return message(it.ConstraintMessage, msgConstraint)
		}
	}
	return ""
}

// Checks returns what step i must pass before the interview goes on: the
// questions it asks, and the step itself when it is a required note that
// is relevant (a blocking note).
func (s *State) Checks(i int) []*Item {
	it := s.q.Items[i]
	if it.Type == Note && s.relevant[i] && (it.Required || it.RequiredIf.Set()) {
		return []*Item{it}
	}
	return s.Asks(i)
}

// Asks returns the questions step i asks that take an answer now: the
// step itself, or a grid's relevant rows; none for a note, a read-only
// question or a step that is not relevant.
func (s *State) Asks(i int) []*Item {
	it := s.q.Items[i]
	items := []*Item{it}
	if it.IsGrid() {
		items = it.Children
	}
	var out []*Item
	for _, x := range items {
		if x.Type.Answerable() && !x.ReadOnly && s.relevant[x.Index] {
			out = append(out, x)
		}
	}
	return out
}

func (s *State) checkKind(i int, v Value) string {
	it := s.q.Items[i]
	switch it.Type {
	case SelectOne:
		if v.Kind != KindCode || !offered(s.Options(i), v.Text) {
			return msgNotOption
		}
	case SelectMultiple:
		if v.Kind != KindCodes {
			return msgNotOption
		}
		opts := s.Options(i) // the choice filter runs once, not per code
		for k, c := range v.Codes {
			if !offered(opts, c) {
				return msgNotOption
			}
			if o := it.List.Option(c); o.Missing != NotMissing && len(v.Codes) > 1 {
				return msgMissingAlone
			}
			for _, d := range v.Codes[:k] {
				if d == c {
					return msgNotOption
				}
			}
		}
	case Integer:
		if v.Kind != KindInteger {
			return msgInteger
		}
	case Decimal:
		if v.Kind != KindDecimal && v.Kind != KindInteger {
			return msgDecimal
		}
	case DateType:
		if _, ok := expr.ParseDay(v.Text); v.Kind != KindDate || !ok {
			return msgDate
		}
	case TextType:
		if v.Kind != KindText {
			return msgText
		}
	case DateTimeType:
		if _, ok := parseDateTime(v.Text); v.Kind != KindText || !ok {
			return msgDateTime
		}
	case TimeType:
		if _, ok := parseTime(v.Text); v.Kind != KindText || !ok {
			return msgTime
		}
	default:
		return msgNoAnswer
	}
	return ""
}

func offered(opts []*Option, code string) bool {
	return slices.ContainsFunc(opts, func(o *Option) bool { return o.Value == code })
}

// isMissingCode reports whether v is an option that stands for a missing answer.
func (s *State) isMissingCode(it *Item, v Value) bool {
	if v.Kind == KindCode {
		o := it.List.Option(v.Text)
		return o != nil && o.Missing != NotMissing
	}
	return len(v.Codes) == 1 && it.List.Option(v.Codes[0]).Missing != NotMissing
}

// Problem is a reason an interview is not complete.
type Problem struct {
	Item    *Item
	Message string
}

// Problems lists, in order, every relevant question that is required but
// unanswered or whose answer is not valid, with messages in lang.
func (s *State) Problems(lang string) []Problem { return s.ProblemsIn(lang, lang) }

// ProblemsIn is Problems with the messages in the languages CheckIn takes.
func (s *State) ProblemsIn(lang, ui string) []Problem {
	var out []Problem
	for _, i := range s.Visible() {
		for _, it := range s.Checks(i) {
			if m := s.CheckIn(it.Index, s.ans[it.Index], lang, ui); m != "" {
				out = append(out, Problem{it, m})
			}
		}
	}
	return out
}

// Complete reports whether every relevant required question is answered
// and every relevant answer is valid.
func (s *State) Complete() bool { return len(s.Problems("")) == 0 }

// Label returns item i's label in lang with ${name} replaced by answers.
func (s *State) Label(i int, lang string) string {
	return s.Interpolate(s.q.Items[i].Label.In(lang, s.q.DefaultLanguage()), lang)
}

// Hint returns item i's hint in lang with ${name} replaced by answers.
func (s *State) Hint(i int, lang string) string {
	return s.Interpolate(s.q.Items[i].Hint.In(lang, s.q.DefaultLanguage()), lang)
}

// Interpolate replaces each ${name} in text with the answer to name as the
// interviewer would say it: an option by its label in lang.
func (s *State) Interpolate(text, lang string) string {
	return expr.Replace(text, false, func(name string) string {
		if it := s.q.byName[name]; it != nil {
			return s.Display(it.Index, lang)
		}
		return ""
	})
}

// Display writes item i's answer for the interviewer: option labels in
// lang, a missing kind in words, other values as they are.
func (s *State) Display(i int, lang string) string {
	it := s.q.Items[i]
	v := s.Answer(i)
	def := s.q.DefaultLanguage()
	switch v.Kind {
	case KindCode:
		if o := it.List.Option(v.Text); o != nil {
			return o.Label.In(lang, def)
		}
	case KindCodes:
		labels := make([]string, 0, len(v.Codes))
		for _, c := range v.Codes {
			if o := it.List.Option(c); o != nil {
				labels = append(labels, o.Label.In(lang, def))
			}
		}
		return strings.Join(labels, ", ")
	case KindMissing:
		return builtin(s.q.messageLang(lang), "missing."+v.Missing.String())
	}
	return v.String()
}
