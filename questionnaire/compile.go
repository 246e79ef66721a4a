package questionnaire

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"anketa/questionnaire/expr"
)

// compile checks what the loader could not check item by item (names,
// lists, expressions, dependencies) and prepares the flow engine's tables.
func compile(q *Questionnaire, errs *ErrorList) {
	c := compiler{q: q, errs: errs, spaced: map[string]bool{}}
	c.index(q.Questions)
	if errs.hasErrors() {
		return
	}
	q.read = make([]bool, len(q.Items))
	for _, it := range q.Items {
		c.checkItem(it)
	}
	for _, it := range q.Items {
		c.bindItem(it)
	}
	if errs.hasErrors() {
		return
	}
	c.order()
	for _, it := range q.Items {
		if it.Kept() {
			q.kept = append(q.kept, it)
		}
	}
	c.calcKinds()
	c.translations()
	q.stepIdx = make([]int, len(q.Items))
	for _, it := range q.Items {
		q.stepIdx[it.Index] = -1
		if isStep(it) {
			q.stepIdx[it.Index] = len(q.steps)
			q.steps = append(q.steps, it.Index)
		}
	}
	c.selfCompletion()
}

// selfCompletion works out whether the questionnaire can be handed to
// the client: the interviewer's questions come first, the client's part
// holds nothing from an earlier interview, and every list there can be
// answered with one digit. A questionnaire that declares self_completion
// or answered_by gets these as errors; any other keeps them for the app,
// which refuses --self with them.
func (c *compiler) selfCompletion() {
	q := c.q
	if q.Self.Timeout == 0 {
		q.Self.Timeout = DefaultSelfTimeout
	}
	var list ErrorList
	var first *Item // the client's first step
	for _, i := range q.steps {
		it := q.Items[i]
		if !q.ClientStep(i) {
			if first != nil {
				list.add(it.at("answered_by"), "%s is answered by the interviewer but comes after %s, the client's first question; the interviewer's questions come first, before the laptop is handed over", it.Name, first.Name)
			}
			continue
		}
		if first == nil {
			first = it
		}
		rows := []*Item{it}
		if it.IsGrid() {
			rows = it.Children
		}
		for _, x := range rows {
			if x.Persist {
				list.add(x.at("persist"), "%s is persisted, so a client answering alone would be shown the previous client's answer; add answered_by: interviewer, or drop persist", x.Name)
			}
			if x.List != nil && x.Type.IsSelect() {
				if n, most := len(x.List.Options), digitsFor(x.List.Options); n > most {
					list.add(x.at("type"), "%s offers %d options, but a client answering alone picks with one digit (at most %d); shorten list %s, or add answered_by: interviewer", x.Name, n, most, x.ListName)
				}
			}
		}
	}
	if first == nil && len(q.steps) > 0 {
		list.add(q.Items[q.steps[0]].Pos, "every question is answered by the interviewer, so a self-completed interview leaves the client nothing to answer")
	}
	q.selfProblems = list
	if q.Self.Declared {
		*c.errs = append(*c.errs, list...)
	}
}

// digitsFor is how many options one digit can pick: ten when every code
// is a single digit (the digit is the code), else nine by position.
func digitsFor(opts []*Option) int {
	if DigitsAreCodes(opts) {
		return 10
	}
	return 9
}

// DigitsAreCodes reports whether every option's code is a single digit,
// all different: then the digit typed is the code (9 answers a "nevím"
// coded 9), else the digit is the option's position.
func DigitsAreCodes(opts []*Option) bool {
	var seen [10]bool
	for _, o := range opts {
		if len(o.Value) != 1 || o.Value[0] < '0' || o.Value[0] > '9' || seen[o.Value[0]-'0'] {
			return false
		}
		seen[o.Value[0]-'0'] = true
	}
	return len(opts) > 0
}

func isStep(it *Item) bool {
	if it.Parent != nil && it.Parent.IsGrid() {
		return false
	}
	return it.IsGrid() || it.Type != Group && it.Type != Calculate
}

type compiler struct {
	q    *Questionnaire
	errs *ErrorList
	// spaced marks the lists already checked for values with spaces.
	spaced map[string]bool
}

func (c *compiler) index(items []*Item) {
	for _, it := range items {
		if it.Name != "" {
			if prev, dup := c.q.byName[it.Name]; dup {
				c.errs.add(it.at("name"), "name %s is used twice (first at %s); names must be unique across the questionnaire", it.Name, prev.Pos.place())
			} else {
				c.q.byName[it.Name] = it
			}
		}
		it.Index = len(c.q.Items)
		c.q.Items = append(c.q.Items, it)
		c.index(it.Children)
	}
}

func (c *compiler) checkItem(it *Item) {
	q := c.q
	if it.Type == 0 {
		return // reported by the loader
	}
	if it.Type == SelectMultiple && q.lists[it.ListName] != nil && !c.spaced[it.ListName] {
		// select_multiple answers are codes separated by spaces
		c.spaced[it.ListName] = true
		for _, o := range q.lists[it.ListName].Options {
			if strings.ContainsAny(o.Value, " \t\n") {
				c.errs.add(o.Pos, "option value %q of list %s contains a space, and %s is a select_multiple, whose answers are separated by spaces; write the value without spaces (new_york)", o.Value, it.ListName, it.Name)
			}
		}
	}
	if it.Type.IsSelect() {
		it.List = q.lists[it.ListName]
		if it.List == nil {
			names := make([]string, len(q.Lists))
			for i, l := range q.Lists {
				names[i] = l.Name
			}
			msg := fmt.Sprintf("%s uses choice list %s, which is not defined under choices", it.Name, it.ListName)
			if s := expr.Suggest(it.ListName, names); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			c.errs.add(it.at("type"), "%s", msg)
		}
	}
	if len(it.Label) == 0 && it.Type != Calculate && !(it.Type == Group && !it.IsGrid()) {
		c.errs.add(it.Pos, "%s has no label; add label: ...", it.Name)
	}
	switch it.Type {
	case Group:
		if len(it.Children) == 0 {
			c.errs.add(it.Pos, "group %s has no questions; add questions: with a list of items", it.Name)
		}
		c.notFor(it, "a group", "required", "constraint", "calculation", "default", "choice_filter", "persist")
		if it.Appearance == "grid" {
			c.checkGrid(it)
		} else if it.Appearance != "" && it.Appearance != "field-list" {
			c.errs.warn(it.at("appearance"), "appearance %s means nothing to a group; use grid", it.Appearance)
		}
	case Calculate:
		// A default is the value while there is no calculation, as in
		// ODK; required means nothing to a value nobody enters.
		if !it.Calculation.Set() && it.Default == "" {
			c.errs.add(it.Pos, "calculate item %s has no calculation; add calculation: ... (or a default: its fixed value)", it.Name)
		}
		c.notFor(it, "a calculate item", "constraint", "choice_filter", "persist", "read_only")
	case Note:
		// A required note blocks the interview while it is relevant, as
		// ODK's blocking notes do.
		c.notFor(it, "a note", "constraint", "calculation", "default", "choice_filter", "persist")
	default:
		if it.Calculation.Set() {
			// The calculation sets the answer, which the interviewer sees
			// but does not enter.
			it.ReadOnly = true
			c.notFor(it, "a question with a calculation", "default", "persist")
		}
		if it.Range != nil && it.Type != Integer && it.Type != Decimal {
			c.errs.add(it.at("range"), "range works only on integer and decimal questions")
		}
		if it.ChoiceFilter.Set() && !it.Type.IsSelect() {
			c.errs.add(it.at("choice_filter"), "choice_filter works only on select_one and select_multiple")
		}
		if it.Appearance == "grid" {
			c.errs.add(it.at("appearance"), "appearance grid belongs on a group of select_one questions")
		}
	}
	if it.Default != "" && it.Type.Answerable() && (it.List != nil || !it.Type.IsSelect()) {
		v, msg := ParseInput(it, it.Default)
		e, perr := expr.Parse(it.Default)
		literal := msg == "" && !strings.Contains(it.Default, "${") && !strings.Contains(it.Default, "(")
		if !literal && perr == nil && isExpressionDefault(e) {
			it.DefaultExpr, it.Default = Expression{Src: it.Default}, ""
			return
		}
		if strings.Contains(it.Default, "${") {
			// meant as an expression, and not one: never shown as text
			why := "it reads no question"
			if se, ok := perr.(*expr.SyntaxError); ok {
				why = se.Msg
			}
			c.errs.add(it.at("default"), "default %q is not an expression anketa can work out (%s); write a value, or an expression such as ${name}", it.Default, why)
			return
		}
		if msg != "" {
			c.errs.add(it.at("default"), "default %q: %s; a default is a value of the question's type, or an expression such as ${name} or today()", it.Default, msg)
		} else if it.Type.IsSelect() && !optionsExist(it, v) {
			c.errs.add(it.at("default"), "default %q is not a value of choice list %s", it.Default, it.ListName)
		}
		it.DefaultValue = v
	}
}

// isExpressionDefault reports whether a default that parses as e is an
// expression to work out when the question is shown (${q1}, today(),
// ${a} + 1) rather than a value: neither one literal nor a bare word.
func isExpressionDefault(e *expr.Expr) bool {
	if e.IsLiteral() {
		return false
	}
	for _, r := range e.Refs() {
		if r.Bare {
			return false
		}
	}
	return true
}

func optionsExist(it *Item, v Value) bool {
	codes := v.Codes
	if v.Kind == KindCode {
		codes = []string{v.Text}
	}
	for _, c := range codes {
		if it.List.Option(c) == nil {
			return false
		}
	}
	return true
}

func (c *compiler) notFor(it *Item, what string, keys ...string) {
	for _, k := range keys {
		if p, ok := it.KeyPos[k]; ok {
			c.errs.add(p, "%s is not used on %s (%s)", k, what, it.Name)
		}
	}
}

func (c *compiler) checkGrid(g *Item) {
	var list string
	for _, ch := range g.Children {
		if ch.Type != SelectOne {
			c.errs.add(ch.at("type"), "%s is in grid %s, whose rows must all be select_one questions", ch.Name, g.Name)
			continue
		}
		if list == "" {
			list = ch.ListName
		} else if ch.ListName != list {
			c.errs.add(ch.at("type"), "%s uses list %s, but grid %s uses %s; every row of a grid uses the same list", ch.Name, ch.ListName, g.Name, list)
		}
	}
}

// exprPos is where offset off of an expression given under key lies.
func exprPos(it *Item, key, src string, off int) Pos {
	p := it.at(key)
	if off > len(src) {
		off = len(src)
	}
	if p.Line > 0 && !strings.Contains(src[:off], "\n") {
		p.Col += utf8.RuneCountInString(src[:off])
	}
	return p
}

func (c *compiler) bindItem(it *Item) {
	for _, e := range []struct {
		key string
		x   *Expression
	}{
		{"relevant", &it.Relevant}, {"constraint", &it.Constraint}, {"calculation", &it.Calculation},
		{"choice_filter", &it.ChoiceFilter}, {"required", &it.RequiredIf}, {"default", &it.DefaultExpr},
	} {
		if e.x.Set() {
			c.bindExpr(it, e.key, e.x)
		}
	}
	for _, k := range []string{"label", "hint", "required_message", "constraint_message"} {
		var t Text
		switch k {
		case "label":
			t = it.Label
		case "hint":
			t = it.Hint
		case "required_message":
			t = it.RequiredMessage
		default:
			t = it.ConstraintMessage
		}
		for _, lang := range slices.Sorted(maps.Keys(t)) {
			c.checkTextRefs(it, k, t[lang])
		}
	}
}

func (c *compiler) bindExpr(it *Item, key string, x *Expression) {
	e, err := expr.Parse(x.Src)
	if err != nil {
		se := err.(*expr.SyntaxError)
		c.errs.add(exprPos(it, key, x.Src, se.Offset), "%s: %s", key, se.Msg)
		return
	}
	for _, r := range e.Refs() {
		p := exprPos(it, key, x.Src, r.Offset)
		if r.Bare {
			c.bindAttr(it, key, r, p)
			continue
		}
		target := c.q.byName[r.Name]
		switch {
		case target == nil:
			c.errs.add(p, "%s: unknown question ${%s}%s", key, r.Name, c.didYouMean(r.Name))
			continue
		case target.Type == Group:
			c.errs.add(p, "%s: ${%s} is a group, which has no value", key, r.Name)
			continue
		case target.Type == Note:
			c.errs.add(p, "%s: ${%s} is a note, which has no value", key, r.Name)
			continue
		}
		r.Slot = target.Index
		c.q.read[target.Index] = true
	}
	if e.UsesDot() && key == "relevant" {
		c.q.read[it.Index] = true
	}
	c.checkMissingInBounds(it, key, x.Src, e)
	if strings.Contains(x.Src, "today(") {
		c.q.usesToday = true
	}
	x.expr = e
}

// checkMissingInBounds warns where an order comparison such as
// ${grade} >= 3 also holds for a missing option's code (9 = don't know),
// and nothing else in the expression leaves it out: the don't-knows would
// be counted as graded 3 to 5.
func (c *compiler) checkMissingInBounds(it *Item, key, src string, e *expr.Expr) {
	cmps := e.Comparisons()
	warned := map[string]bool{}
	for _, cmp := range cmps {
		target := c.q.byName[cmp.Ref.Name]
		if cmp.Op == "=" || cmp.Op == "!=" || target == nil || target.Type != SelectOne || target.List == nil || warned[cmp.Ref.Name] {
			continue
		}
		for _, o := range target.List.Options {
			if o.Missing == NotMissing || !cmp.Holds(o.Value) {
				continue
			}
			excluded := false
			for _, other := range cmps {
				if other.Ref.Name == cmp.Ref.Name && !other.Holds(o.Value) {
					excluded = true
				}
			}
			if excluded {
				continue
			}
			warned[cmp.Ref.Name] = true
			hint := ""
			if b := boundLeavingOut(target.List, cmp.Op); b != "" {
				hint = fmt.Sprintf(", such as and ${%s} %s", cmp.Ref.Name, b)
			}
			label := o.Label.In(c.q.DefaultLanguage(), "")
			c.errs.warn(exprPos(it, key, src, cmp.Ref.Offset), "%s: ${%s} %s %s also holds for %s (%s), a missing answer; add a bound that leaves it out%s",
				key, cmp.Ref.Name, cmp.Op, cmp.Lit.String(), o.Value, label, hint)
			break
		}
	}
}

// boundLeavingOut is the other end of a list's non-missing numeric codes,
// as a bound: "<= 5" for a comparison with > or >=, ">= 1" for < or <=.
func boundLeavingOut(l *ChoiceList, op string) string {
	lo, hi, any := 0.0, 0.0, false
	for _, o := range l.Options {
		if o.Missing != NotMissing {
			continue
		}
		x, err := strconv.ParseFloat(o.Value, 64)
		if err != nil {
			return ""
		}
		if !any || x < lo {
			lo = x
		}
		if !any || x > hi {
			hi = x
		}
		any = true
	}
	if !any {
		return ""
	}
	if op == ">" || op == ">=" {
		return "<= " + strconv.FormatFloat(hi, 'f', -1, 64)
	}
	return ">= " + strconv.FormatFloat(lo, 'f', -1, 64)
}

func (c *compiler) bindAttr(it *Item, key string, r *expr.Ref, p Pos) {
	if key != "choice_filter" {
		c.errs.add(p, "%s: bare name %s; write ${%s} to refer to a question", key, r.Name, r.Name)
		return
	}
	if r.Name == "name" || r.Name == "value" {
		r.Slot = 0
		return
	}
	if it.List != nil {
		for i, a := range it.List.AttrNames {
			if a == r.Name {
				r.Slot = i + 1
				return
			}
		}
	}
	msg := fmt.Sprintf("choice_filter: options of %s have no attribute %s", it.ListName, r.Name)
	if it.List != nil {
		if s := expr.Suggest(r.Name, append([]string{"value"}, it.List.AttrNames...)); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
		} else if _, isQ := c.q.byName[r.Name]; isQ {
			msg += fmt.Sprintf("; to use the answer to %s write ${%s}", r.Name, r.Name)
		}
	}
	c.errs.add(p, "%s", msg)
}

func (c *compiler) didYouMean(name string) string {
	names := make([]string, 0, len(c.q.Items))
	for _, it := range c.q.Items {
		if it.Type != Group && it.Type != Note {
			names = append(names, it.Name)
		}
	}
	if s := expr.Suggest(name, names); s != "" {
		return fmt.Sprintf("; did you mean ${%s}?", s)
	}
	return ""
}

// checkTextRefs checks the ${name} references in a label or message.
func (c *compiler) checkTextRefs(it *Item, key, s string) {
	for r := range expr.References(s, false) {
		if !r.Closed {
			c.errs.add(exprPos(it, key, s, r.Start), "%s: ${ is not closed; add }", key)
			return
		}
		if t := c.q.byName[r.Name]; t == nil || t.Type == Group || t.Type == Note {
			c.errs.add(exprPos(it, key, s, r.Start), "%s: unknown question ${%s}%s", key, r.Name, c.didYouMean(r.Name))
		}
	}
}

// order sorts items so that each comes after what its value depends on:
// its group (whose relevance it inherits), and the items its relevance and
// calculation read. A cycle is an error; a relevance that reads a later
// question is a warning, since that question is still empty when this one
// is shown.
func (c *compiler) order() {
	q := c.q
	deps := make([][]int, len(q.Items))
	for _, it := range q.Items {
		if it.Parent != nil {
			deps[it.Index] = append(deps[it.Index], it.Parent.Index)
		}
		for _, x := range []Expression{it.Relevant, it.Calculation} {
			if x.expr == nil {
				continue
			}
			for _, r := range x.expr.Refs() {
				deps[it.Index] = append(deps[it.Index], r.Slot)
			}
		}
		if it.Relevant.expr != nil {
			for _, r := range it.Relevant.expr.Refs() {
				t := q.Items[r.Slot]
				if t.Index > it.Index && t.Type != Calculate && !isInside(t, it) {
					c.errs.warn(exprPos(it, "relevant", it.Relevant.Src, r.Offset),
						"relevant: ${%s} comes later in the questionnaire, so it is still unanswered when %s is shown", r.Name, it.Name)
				}
			}
		}
	}
	const (
		unseen = iota
		active
		done
	)
	state := make([]int, len(q.Items))
	var stack []int
	var visit func(i int) bool
	visit = func(i int) bool {
		switch state[i] {
		case done:
			return true
		case active:
			c.cycle(stack, i)
			return false
		}
		state[i] = active
		stack = append(stack, i)
		for _, d := range deps[i] {
			if !visit(d) {
				return false
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = done
		q.order = append(q.order, i)
		return true
	}
	for i := range q.Items {
		if !visit(i) {
			return
		}
	}
	q.orderPos = make([]int, len(q.Items))
	for k, i := range q.order {
		q.orderPos[i] = k
	}
	q.users = make([][]int, len(q.Items))
	for i, ds := range deps {
		for _, d := range ds {
			if !slices.Contains(q.users[d], i) {
				q.users[d] = append(q.users[d], i)
			}
		}
	}
}

// calcKinds works out, in dependency order, what each calculation
// computes whatever the answers, for the export to type its column.
func (c *compiler) calcKinds() {
	q := c.q
	if len(q.order) != len(q.Items) {
		return // a cycle, already reported
	}
	ref := func(r *expr.Ref) (expr.Kind, bool) {
		t := q.Items[r.Slot]
		switch t.Type {
		case Integer, Decimal:
			return expr.Number, true
		case DateType:
			return expr.Date, true
		case Calculate:
			return t.calcKind, t.calcKnown
		}
		return expr.String, true
	}
	// An upper bound of each item's value as text, for calculations that
	// can grow beyond what evaluation keeps.
	bound := make([]int, len(q.Items))
	for i, it := range q.Items {
		switch it.Type {
		case TextType:
			bound[i] = q.TextLimit() * utf8.UTFMax
		case SelectOne, SelectMultiple:
			if it.List != nil {
				for _, o := range it.List.Options {
					bound[i] += len(o.Value) + 1
				}
			}
		default:
			bound[i] = 24
		}
	}
	refLen := func(r *expr.Ref) int { return bound[r.Slot] }
	for _, i := range q.order {
		it := q.Items[i]
		if it.Type != Calculate || it.Calculation.expr == nil {
			continue
		}
		it.calcKind, it.calcKnown = it.Calculation.expr.ResultKind(ref)
		bound[i] = it.Calculation.expr.MaxLength(refLen, 0)
		if bound[i] > expr.MaxString {
			c.errs.warn(it.at("calculation"), "calculation: its value can grow to %s characters, beyond the %d anketa keeps, where it is cut; check that it does not join a value to itself again and again",
				humanCount(bound[i]), expr.MaxString)
		}
	}
}

// humanCount writes a large count briefly: 3 million, or more than a billion.
func humanCount(n int) string {
	switch {
	case n >= 1<<30:
		return "more than a billion"
	case n >= 1_000_000:
		return fmt.Sprintf("%d million", n/1_000_000)
	}
	return fmt.Sprint(n)
}

func isInside(it, group *Item) bool {
	for p := it.Parent; p != nil; p = p.Parent {
		if p == group {
			return true
		}
	}
	return false
}

func (c *compiler) cycle(stack []int, back int) {
	start := 0
	for k, i := range stack {
		if i == back {
			start = k
		}
	}
	var names []string
	for _, i := range stack[start:] {
		names = append(names, c.q.Items[i].Name)
	}
	names = append(names, c.q.Items[back].Name)
	first := c.q.Items[back]
	key := "calculation"
	if first.Type != Calculate {
		key = "relevant"
	}
	if len(names) == 2 {
		c.errs.add(first.at(key), "%s: %s refers to itself; use . for an item's own value", key, first.Name)
		return
	}
	c.errs.add(first.at(key), "%s: cycle: %s; each of these depends on the next, so none can be computed",
		key, strings.Join(names, " -> "))
}

// translations warns about texts missing in a declared language.
func (c *compiler) translations() {
	langs := c.q.Languages
	if len(langs) < 2 {
		return
	}
	check := func(t Text, p Pos, what string) {
		if len(t) == 0 || t[""] != "" {
			return
		}
		for _, l := range langs {
			if _, ok := t[l]; !ok {
				c.errs.warn(p, "%s has no %s text; %s is shown instead", what, l, langs[0])
			}
		}
	}
	for _, it := range c.q.Items {
		check(it.Label, it.at("label"), "label of "+it.Name)
		check(it.Hint, it.at("hint"), "hint of "+it.Name)
	}
	for _, l := range c.q.Lists {
		for _, o := range l.Options {
			check(o.Label, o.Pos, "option "+o.Value+" of "+l.Name)
		}
	}
}

// ParseInput reads what the interviewer typed for an item whose answer is
// typed (integer, decimal, text, date), or a code for a select. It accepts
// a decimal comma and the Czech date form D.M.YYYY. msg says what is
// wrong, in English, for load-time errors; the flow engine translates.
func ParseInput(it *Item, s string) (Value, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Value{}, ""
	}
	switch it.Type {
	case Integer:
		n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
		if err != nil {
			return Value{}, "not a whole number"
		}
		return IntValue(n), ""
	case Decimal:
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil || strings.ContainsAny(s, "eEnN") {
			return Value{}, "not a number"
		}
		return DecimalValue(f), ""
	case DateType:
		if t, ok := parseDate(s); ok {
			return DateValue(t), ""
		}
		return Value{}, "not a date (YYYY-MM-DD or D.M.YYYY)"
	case DateTimeType:
		if t, ok := parseDateTime(s); ok {
			return TextValue(formatDateTime(t)), ""
		}
		return Value{}, "not a date and time (YYYY-MM-DD HH:MM or D.M.YYYY H:MM)"
	case TimeType:
		if t, ok := parseTime(s); ok {
			return TextValue(formatClock(t)), ""
		}
		return Value{}, "not a time (H:MM)"
	case SelectOne:
		return CodeValue(s), ""
	case SelectMultiple:
		return CodesValue(strings.Fields(s)...), ""
	}
	return TextValue(s), ""
}
