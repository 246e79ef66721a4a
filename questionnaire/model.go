package questionnaire

import (
	"maps"
	"slices"
	"time"

	"anketa/questionnaire/expr"
)

// Type is the type of an item.
type Type uint8

const (
	SelectOne Type = iota + 1
	SelectMultiple
	Integer
	Decimal
	TextType
	DateType
	Note
	Calculate
	Group
	DateTimeType // a date and a time of day
	TimeType     // a time of day
)

var typeNames = map[Type]string{
	SelectOne: "select_one", SelectMultiple: "select_multiple", Integer: "integer",
	Decimal: "decimal", TextType: "text", DateType: "date", Note: "note",
	Calculate: "calculate", Group: "group", DateTimeType: "datetime", TimeType: "time",
}

func (t Type) String() string { return typeNames[t] }

// Input is the widget a type's answer is entered with.
type Input uint8

const (
	NoInput      Input = iota // nothing is entered: a note, a calculation, a group
	ChoiceInput               // one option of a list
	ChoicesInput              // any options of a list
	NumberInput               // a number, typed
	DateInput                 // a date, typed
	TextInput                 // free text
)

// Columns says how a type's value is exported.
type Columns uint8

const (
	NoColumns       Columns = iota // nothing to export
	OneColumn                      // the value in one column
	ColumnPerOption                // the codes in one column, and a 0/1 column per option
)

// TypeInfo is what a type means, in one place: the flow engine, the
// interview's widgets and the exports read it from here.
type TypeInfo struct {
	// HasValue: a session holds a value for it (a question or a
	// calculation).
	HasValue bool
	// Answerable: the interviewer (or the client) enters the value.
	Answerable bool
	// Kind is the kind of value an answer has (Empty when none).
	Kind    Kind
	Input   Input
	Columns Columns
}

var typeInfo = map[Type]TypeInfo{
	SelectOne:      {HasValue: true, Answerable: true, Kind: KindCode, Input: ChoiceInput, Columns: OneColumn},
	SelectMultiple: {HasValue: true, Answerable: true, Kind: KindCodes, Input: ChoicesInput, Columns: ColumnPerOption},
	Integer:        {HasValue: true, Answerable: true, Kind: KindInteger, Input: NumberInput, Columns: OneColumn},
	Decimal:        {HasValue: true, Answerable: true, Kind: KindDecimal, Input: NumberInput, Columns: OneColumn},
	TextType:       {HasValue: true, Answerable: true, Kind: KindText, Input: TextInput, Columns: OneColumn},
	DateType:       {HasValue: true, Answerable: true, Kind: KindDate, Input: DateInput, Columns: OneColumn},
	// A date and time, or a time, is kept as text in ISO 8601 form
	// (2026-12-02T08:40:00, 08:40:00) and typed in as the interviewer
	// writes it.
	DateTimeType: {HasValue: true, Answerable: true, Kind: KindText, Input: TextInput, Columns: OneColumn},
	TimeType:     {HasValue: true, Answerable: true, Kind: KindText, Input: TextInput, Columns: OneColumn},
	Note:         {},
	Calculate:    {HasValue: true, Columns: OneColumn},
	Group:        {},
}

// Info returns what type t means.
func (t Type) Info() TypeInfo { return typeInfo[t] }

// IsSelect reports whether t takes its answers from a choice list.
func (t Type) IsSelect() bool {
	in := typeInfo[t].Input
	return in == ChoiceInput || in == ChoicesInput
}

// Answerable reports whether the interviewer enters a value for items of type t.
func (t Type) Answerable() bool { return typeInfo[t].Answerable }

// HasValue reports whether a session holds a value for items of type t.
func (t Type) HasValue() bool { return typeInfo[t].HasValue }

// Text is a label or hint: one text per language code. A text given as a
// plain string has the single key "".
type Text map[string]string

// In returns the text in lang, else in the fallback language, else the
// plain text, else any translation (the first in language order).
func (t Text) In(lang, fallback string) string {
	if s, ok := t[lang]; ok {
		return s
	}
	if s, ok := t[fallback]; ok {
		return s
	}
	if s, ok := t[""]; ok {
		return s
	}
	if len(t) > 0 {
		return t[slices.Min(slices.Collect(maps.Keys(t)))]
	}
	return ""
}

// MissingKind says which kind of missing answer an option stands for.
type MissingKind uint8

const (
	NotMissing MissingKind = iota
	DontKnow
	Refused
	NotApplicable
)

var missingNames = []string{"", "dont_know", "refused", "not_applicable"}

func (m MissingKind) String() string { return missingNames[m] }

// ParseMissingKind reads dont_know, refused or not_applicable.
func ParseMissingKind(s string) (MissingKind, bool) {
	for i, n := range missingNames {
		if i > 0 && n == s {
			return MissingKind(i), true
		}
	}
	return NotMissing, false
}

// Option is one entry of a choice list.
type Option struct {
	Value     string
	Label     Text
	Missing   MissingKind
	Favorable bool
	// Attrs are extra attributes a choice_filter can test, such as region.
	Attrs map[string]string
	Pos   Pos
}

// ChoiceList is a named list of options.
type ChoiceList struct {
	Name    string
	Options []*Option
	Pos     Pos
	// AttrNames are the extra attribute names used by any option, sorted.
	AttrNames []string
	// offered are the options a question shows before its choice filter:
	// Options, and with allow_choice_duplicates the later options whose
	// value an earlier one has (Options holds each value once, for
	// labels and exports).
	offered []*Option
}

// Offered returns the options a question of the list shows, before any
// choice filter: each value once, or with allow_choice_duplicates every
// option as written.
func (l *ChoiceList) Offered() []*Option {
	if l.offered == nil {
		return l.Options
	}
	return l.offered
}

// Option returns the option with the given value, or nil.
func (l *ChoiceList) Option(value string) *Option {
	for _, o := range l.Options {
		if o.Value == value {
			return o
		}
	}
	return nil
}

// Expression is an expression's source and its compiled form.
type Expression struct {
	Src  string
	expr *expr.Expr
}

// Set reports whether the expression was given.
func (e Expression) Set() bool { return e.Src != "" }

// Item is a question, a note, a calculation or a group.
type Item struct {
	Name       string
	Type       Type
	List       *ChoiceList // for select_one and select_multiple
	ListName   string
	Label      Text
	Hint       Text
	Appearance string
	ReadOnly   bool
	Persist    bool
	// ByInterviewer marks a question the interviewer answers before
	// handing the laptop to the client in a self-completed interview
	// (answered_by: interviewer); a group's setting holds for its items.
	ByInterviewer bool

	// Required is true, false, or an expression in RequiredIf.
	Required        bool
	RequiredIf      Expression
	RequiredMessage Text

	Relevant          Expression
	Constraint        Expression
	ConstraintMessage Text
	Calculation       Expression
	ChoiceFilter      Expression
	// Default is the initial answer, written as in the questionnaire.
	Default      string
	DefaultValue Value
	// DefaultExpr is a default that is an expression (${q1}, today()),
	// worked out when the question is first shown, as ODK's dynamic
	// defaults are; Default is then "".
	DefaultExpr Expression
	// Range bounds an integer or decimal answer entered by digits or
	// arrows (range: {start, end, step}); nil when none.
	Range *Range

	// Children are the items of a group, in order.
	Children []*Item
	// Parent is the enclosing group, or nil at the top level.
	Parent *Item
	// Index is the item's position in Questionnaire.Items.
	Index int
	// Pos is where the item starts; KeyPos where each of its keys' values is.
	Pos    Pos
	KeyPos map[string]Pos

	// calcKind is what a calculation computes, when calcKnown.
	calcKind  expr.Kind
	calcKnown bool
}

// Range is a range question's bounds and step.
type Range struct {
	Start, End, Step float64
}

// Computed reports whether the item's value is its calculation: a
// calculate item, or a question its calculation answers.
func (it *Item) Computed() bool { return it.Type == Calculate || it.AnsweredByCalculation() }

// AnsweredByCalculation reports whether the item is a question whose
// calculation sets its answer (shown, not asked).
func (it *Item) AnsweredByCalculation() bool {
	return it.Type != Calculate && it.Calculation.expr != nil
}

// Kept reports whether the item is a calculation the interview works out
// once and keeps (it calls now(), uuid() or once()), so that an export
// reads the kept value instead of computing it again.
func (it *Item) Kept() bool { return it.Calculation.expr != nil && it.Calculation.expr.Volatile() }

// CalcKind says what a calculation computes whatever the answers (a
// number, a boolean, a date or text); ok is false when it depends on the
// answers, and such a column is text.
func (it *Item) CalcKind() (k expr.Kind, ok bool) { return it.calcKind, it.calcKnown }

// IsGrid reports whether the item is a group shown as one grid of grades.
func (it *Item) IsGrid() bool { return it.Type == Group && it.Appearance == "grid" }

// at returns the position of key's value, or of the item itself.
func (it *Item) at(key string) Pos {
	if p, ok := it.KeyPos[key]; ok {
		return p
	}
	return it.Pos
}

// Questionnaire is a loaded, validated questionnaire. Do not modify it.
type Questionnaire struct {
	ID        string
	Version   string
	Title     Text
	Languages []string
	// Recipients are the age public keys that completed and abandoned
	// sessions are sealed to; none means they are not sealed.
	Recipients []string
	Lists      []*ChoiceList
	// Questions are the top-level items.
	Questions []*Item
	// Items are all items, groups and their children, in document order.
	Items []*Item
	// Source is the exact text the questionnaire was loaded from, and Hash
	// its SHA-256 in hex: the identity of this version in stores.
	Source []byte
	Hash   string
	File   string
	// Warnings are problems that do not stop the questionnaire from loading.
	Warnings ErrorList
	// textLimit is max_text_length, or 0 for DefaultTextLimit.
	textLimit int
	// Self is the self_completion setting.
	Self SelfCompletion
	// AllowChoiceDuplicates: a choice list may offer one value more than
	// once (allow_choice_duplicates), for choice filters.
	AllowChoiceDuplicates bool
	// SampleEvery is the intercept sample's interval: the interviewer
	// approaches every K-th client leaving the counter; 0 when the
	// questionnaire sets none.
	SampleEvery int
	// selfProblems say why the questionnaire cannot be self-completed.
	selfProblems ErrorList

	byName map[string]*Item
	lists  map[string]*ChoiceList
	// order lists item indexes so that every item comes after the items
	// its relevance and calculation read.
	order    []int
	orderPos []int   // item index -> position in order
	users    [][]int // item index -> items whose relevance or value reads it
	// read marks the items some expression reads (${name}); the others'
	// values need not be computed.
	read      []bool
	usesToday bool
	// kept are the items whose calculation is worked out once (Kept).
	kept []*Item
	// steps are the items shown as one screen each, in order: questions,
	// notes and grid groups, but not the children of a grid.
	steps   []int
	stepIdx []int // item index -> position in steps, or -1
}

// Kept returns the calculations that are worked out once and kept
// (Item.Kept), in order.
func (q *Questionnaire) Kept() []*Item { return q.kept }

// Item returns the item with the given name, or nil.
func (q *Questionnaire) Item(name string) *Item { return q.byName[name] }

// List returns the choice list with the given name, or nil.
func (q *Questionnaire) List(name string) *ChoiceList { return q.lists[name] }

// DefaultLanguage is the first declared language, or "" when none is declared.
func (q *Questionnaire) DefaultLanguage() string {
	if len(q.Languages) == 0 {
		return ""
	}
	return q.Languages[0]
}

// Steps returns the indexes of the items shown as a screen each, in order.
func (q *Questionnaire) Steps() []int { return q.steps }

// IsStep reports whether item i is shown as a screen of its own.
func (q *Questionnaire) IsStep(i int) bool { return i >= 0 && i < len(q.stepIdx) && q.stepIdx[i] >= 0 }

// Count returns the numbers of questions (answerable items, grid rows
// included), groups and choice lists.
func (q *Questionnaire) Count() (questions, groups, lists int) {
	for _, it := range q.Items {
		switch {
		case it.Type == Group:
			groups++
		case it.Type.Answerable():
			questions++
		}
	}
	return questions, groups, len(q.Lists)
}

// SelfCompletion is how a questionnaire is handed to the client.
type SelfCompletion struct {
	// Declared: the questionnaire has a self_completion setting, or some
	// item an answered_by.
	Declared bool
	// Default: every new interview is self-completed unless the
	// interviewer switches it off for one.
	Default bool
	// Timeout is how long a client's part may wait for a key before the
	// interview is ended as abandoned ("timeout").
	Timeout time.Duration
}

// DefaultSelfTimeout is the idle time after which a client's interview
// ends, unless the questionnaire sets timeout.
const DefaultSelfTimeout = 120 * time.Second

// MinSelfTimeout and MaxSelfTimeout bound the timeout setting, in seconds.
const MinSelfTimeout, MaxSelfTimeout = 5, 3600

// MaxSampleEvery is the widest sampling interval.
const MaxSampleEvery = 1000

// SelfProblems says why the questionnaire cannot be self-completed (a
// persisted question in the client's part, the interviewer's question
// after the hand-over), with lines; empty when it can.
func (q *Questionnaire) SelfProblems() ErrorList { return q.selfProblems }

// ClientStep reports whether step i is the client's in a self-completed
// interview: everything after the interviewer's questions.
func (q *Questionnaire) ClientStep(i int) bool {
	it := q.Items[i]
	if it.Parent != nil && it.Parent.IsGrid() {
		it = it.Parent
	}
	return !it.ByInterviewer
}
