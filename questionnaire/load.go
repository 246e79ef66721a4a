package questionnaire

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"filippo.io/age"

	"anketa/questionnaire/expr"
)

// ReadFile loads and validates the questionnaire in path. The error is an
// ErrorList when the file could be read but has problems.
func ReadFile(path string) (*Questionnaire, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s: no such file; check the path", path)
		}
		return nil, fmt.Errorf("%s: cannot read: %w", path, err)
	}
	ext := strings.ToLower(filepath.Ext(path))
	if base := filepath.Base(path); strings.HasPrefix(base, ".~lock.") && strings.HasSuffix(base, "#") {
		ext = strings.ToLower(filepath.Ext(strings.TrimSuffix(base, "#"))) // LibreOffice's lock file
	}
	if conv, ok := formats[ext]; ok {
		return conv(path, src)
	}
	switch ext {
	case ".xlsx", ".xlsm", ".xls", ".ods":
		return nil, fmt.Errorf("%s: this program was built without XLSForm support; save the questionnaire as YAML", path)
	}
	return Parse(path, src)
}

// formats holds the converters of other questionnaire formats by file
// extension; package xlsform registers itself here.
var formats = map[string]func(path string, src []byte) (*Questionnaire, error){}

// RegisterFormat makes ReadFile load files ending in ext (".xlsx") with
// conv. Call it from an init function.
func RegisterFormat(ext string, conv func(path string, src []byte) (*Questionnaire, error)) {
	formats[ext] = conv
}

// Parse loads and validates a YAML questionnaire. file names it in errors.
// On failure the error is an ErrorList holding every problem, warnings
// included, sorted by position.
func Parse(file string, src []byte) (*Questionnaire, error) {
	return parse(file, src, nil)
}

// ParseConverted loads YAML that was converted from another format, such
// as an XLSForm workbook: cellAt names the cell each line of src came from
// ("survey!B5"), so that every problem points into the original file.
func ParseConverted(file string, src []byte, cellAt func(line int) string) (*Questionnaire, error) {
	return parse(file, src, cellAt)
}

func parse(file string, src []byte, cellAt func(line int) string) (*Questionnaire, error) {
	var errs ErrorList
	if !utf8.Valid(src) {
		errs.add(Pos{File: file, Line: 1, Col: 1}, "the file is not UTF-8 text; save it as UTF-8")
		return nil, errs
	}
	if strings.TrimSpace(string(src)) == "" {
		errs.add(Pos{File: file}, "the file is empty; start from `anketa questionnaire show` for an example")
		return nil, errs
	}
	if len(src) > MaxSourceBytes {
		errs.add(Pos{File: file, Line: 1, Col: 1}, "the file is %d MB, more than a questionnaire may be (%d MB); keep long lists of options in a file of their own", len(src)>>20, MaxSourceBytes>>20)
		return nil, errs
	}
	if e := scanNesting(file, src); e != nil {
		e.Pos = cellPos(e.Pos, cellAt)
		return nil, ErrorList{e}
	}
	root, yerr := parseYAML(file, src, cellAt)
	if yerr != nil {
		return nil, ErrorList{yerr}
	}
	sum := sha256.Sum256(src)
	q := &Questionnaire{
		Source: src,
		Hash:   hex.EncodeToString(sum[:]),
		File:   file,
		byName: map[string]*Item{},
		lists:  map[string]*ChoiceList{},
	}
	l := loader{q: q, file: file, errs: &errs}
	l.top(root)
	if !errs.hasErrors() {
		compile(q, &errs)
	}
	errs.Sort()
	if errs.hasErrors() {
		return nil, errs
	}
	q.Warnings = errs
	return q, nil
}

func (l ErrorList) hasErrors() bool {
	for _, e := range l {
		if !e.Warning {
			return true
		}
	}
	return false
}

type loader struct {
	q    *Questionnaire
	file string
	errs *ErrorList
	// nItems and options count what was read, against the limits.
	nItems, options int
	// dupChoices: allow_choice_duplicates is set.
	dupChoices bool
}

var (
	topKeys    = []string{"id", "version", "title", "languages", "recipients", "max_text_length", "self_completion", "sampling", "allow_choice_duplicates", "choices", "questions"}
	selfKeys   = []string{"default", "timeout"}
	itemKeys   = []string{"name", "type", "label", "hint", "required", "required_message", "relevant", "constraint", "constraint_message", "calculation", "default", "choice_filter", "read_only", "appearance", "persist", "answered_by", "range", "questions"}
	optionKeys = []string{"value", "label", "missing", "favorable"}
)

func (l *loader) unknownKey(p Pos, key, where string, known []string) {
	msg := fmt.Sprintf("unknown key %s in %s", key, where)
	if s := expr.Suggest(key, known); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	} else {
		msg += "; known keys: " + strings.Join(known, ", ")
	}
	l.errs.add(p, "%s", msg)
}

func (l *loader) top(n *ynode) {
	if n.kind != yMap {
		l.errs.add(n.pos, "a questionnaire is a mapping with id, version, title, languages, choices and questions; this file holds %s", n.kind)
		return
	}
	for i, k := range n.keys {
		if !slices.Contains(topKeys, k) {
			l.unknownKey(n.keyPos[i], k, "the questionnaire", topKeys)
		}
	}
	q := l.q
	q.ID = l.requiredScalar(n, "id", n.pos)
	if q.ID != "" && !validID(q.ID) {
		l.errs.add(n.get("id").pos, "id %q may not hold control characters, / or \\, nor start or end with a space, and is at most 200 bytes", q.ID)
	}
	q.Version = l.requiredScalar(n, "version", n.pos)
	if lv := n.get("languages"); lv != nil {
		l.languages(lv)
	}
	if r := n.get("recipients"); r != nil {
		l.recipients(r)
	}
	if t := n.get("title"); t != nil {
		q.Title = l.text(t, "title")
	} else {
		l.errs.add(n.pos, "the questionnaire has no title; add title: ...")
	}
	if v := n.get("max_text_length"); v != nil {
		s, _ := l.scalar(v, "max_text_length")
		lim, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || lim < 1 || lim > MaxTextLimit {
			l.errs.add(v.pos, "max_text_length is the longest free-text answer in characters, a whole number from 1 to %d, not %q", MaxTextLimit, s)
		} else {
			q.textLimit = lim
		}
	}
	if sc := n.get("self_completion"); sc != nil {
		l.selfCompletion(sc)
	}
	if sm := n.get("sampling"); sm != nil {
		l.sampling(sm)
	}
	if v := n.get("allow_choice_duplicates"); v != nil {
		l.dupChoices = l.boolean(v, "allow_choice_duplicates")
		q.AllowChoiceDuplicates = l.dupChoices
	}
	if c := n.get("choices"); c != nil {
		l.choices(c)
	}
	qs := n.get("questions")
	if qs == nil {
		l.errs.add(n.pos, "the questionnaire has no questions; add questions: with a list of items")
		return
	}
	q.Questions = l.items(qs, nil)
	if len(q.Questions) == 0 && qs.kind == ySeq {
		l.errs.add(qs.pos, "questions is empty; add at least one item")
	}
}

// selfCompletion reads how interviews are handed to the client:
// self_completion: {default: true, timeout: 120}.
func (l *loader) selfCompletion(n *ynode) {
	sc := &l.q.Self
	sc.Declared, sc.Timeout = true, DefaultSelfTimeout
	if n.kind != yMap {
		l.errs.add(n.pos, "self_completion is a mapping such as {default: true, timeout: 120}, not %s", n.kind)
		return
	}
	for i, k := range n.keys {
		if !slices.Contains(selfKeys, k) {
			l.unknownKey(n.keyPos[i], k, "self_completion", selfKeys)
		}
	}
	if v := n.get("default"); v != nil {
		sc.Default = l.boolean(v, "self_completion default")
	}
	if v := n.get("timeout"); v != nil {
		s, _ := l.scalar(v, "timeout")
		secs, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || secs < MinSelfTimeout || secs > MaxSelfTimeout {
			l.errs.add(v.pos, "timeout is how many seconds a client's interview waits for a key before it ends as abandoned: a whole number from %d to %d, not %q", MinSelfTimeout, MaxSelfTimeout, s)
			return
		}
		sc.Timeout = time.Duration(secs) * time.Second
	}
}

// sampling reads the intercept sample: sampling: {every: K}, approach
// every K-th client leaving the counter.
func (l *loader) sampling(n *ynode) {
	if n.kind != yMap {
		l.errs.add(n.pos, "sampling is a mapping such as {every: 3}, not %s", n.kind)
		return
	}
	for i, k := range n.keys {
		if k != "every" {
			l.unknownKey(n.keyPos[i], k, "sampling", []string{"every"})
		}
	}
	v := n.get("every")
	if v == nil {
		l.errs.add(n.pos, "sampling needs every: the interviewer approaches every K-th client, for example every: 3")
		return
	}
	s, _ := l.scalar(v, "every")
	k, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || k < 1 || k > MaxSampleEvery {
		l.errs.add(v.pos, "sampling every is a whole number from 1 (every client) to %d, not %q", MaxSampleEvery, s)
		return
	}
	l.q.SampleEvery = k
}

// validID reports whether s can be a questionnaire's id: any text an
// XLSForm's form_id holds ("msna 2024: v2"), without control characters,
// slashes or spaces at its ends, at most 200 bytes. Exports quote it where
// a format needs it, and file names made from it replace what a file
// system cannot hold.
func validID(s string) bool {
	if len(s) > 200 || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f || r == '/' || r == '\\' || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// scalar returns n's text, reporting an error if n is not a single value.
func (l *loader) scalar(n *ynode, what string) (string, bool) {
	if n.kind == yNull {
		return "", true
	}
	if n.kind != yScalar {
		l.errs.add(n.pos, "%s must be a single value, not %s", what, n.kind)
		return "", false
	}
	return n.s, true
}

func (l *loader) requiredScalar(m *ynode, key string, at Pos) string {
	n := m.get(key)
	if n == nil {
		l.errs.add(at, "%s is missing; add %s: ...", key, key)
		return ""
	}
	s, ok := l.scalar(n, key)
	if ok && strings.TrimSpace(s) == "" {
		l.errs.add(n.pos, "%s is empty", key)
	}
	return strings.TrimSpace(s)
}

// list yields the single values of a list-valued key with their places,
// reporting a value that is not a list (notList) or an empty list (empty).
func (l *loader) list(n *ynode, what, notList, empty string) iter.Seq2[string, Pos] {
	return func(yield func(string, Pos) bool) {
		if n.kind != ySeq {
			l.errs.add(n.pos, "%s", notList)
			return
		}
		if len(n.items) == 0 {
			l.errs.add(n.pos, "%s", empty)
		}
		for _, it := range n.items {
			if s, ok := l.scalar(it, what); ok && !yield(s, it.pos) {
				return
			}
		}
	}
}

func (l *loader) languages(n *ynode) {
	for s, p := range l.list(n, "a language", "languages must be a list of language codes such as [cs, en]",
		"languages is empty; list at least one, such as [cs]") {
		switch {
		case !validLang(s):
			l.errs.add(p, "language %q is not a language code; use codes such as cs, en, de, uk", s)
		case slices.Contains(l.q.Languages, s):
			l.errs.add(p, "language %s is listed twice", s)
		default:
			l.q.Languages = append(l.q.Languages, s)
		}
	}
}

// recipients reads the age public keys finished sessions are sealed to.
func (l *loader) recipients(n *ynode) {
	for s, p := range l.list(n, "a recipient", "recipients must be a list of age public keys (age1...), as anketa keygen prints them",
		"recipients is empty; list the coordinator's public key, or leave recipients out") {
		s = strings.TrimSpace(s)
		if _, err := age.ParseX25519Recipient(s); err != nil {
			l.errs.add(p, "recipient %q is not an age public key (age1...); anketa keygen prints one", s)
			continue
		}
		l.q.Recipients = append(l.q.Recipients, s)
	}
}

func validLang(s string) bool {
	if len(s) < 2 || len(s) > 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' && i > 0) {
			return false
		}
	}
	return true
}

// text reads a label or hint: a string, or a mapping from language to string.
func (l *loader) text(n *ynode, what string) Text {
	switch n.kind {
	case yNull:
		return nil
	case yScalar:
		l.textLength(n, what, n.s)
		return Text{"": n.s}
	case yMap:
		t := Text{}
		for i, lang := range n.keys {
			v := n.vals[i]
			s, ok := l.scalar(v, what+" in "+lang)
			if !ok {
				continue
			}
			if !slices.Contains(l.q.Languages, lang) {
				msg := fmt.Sprintf("%s has text in %s, which is not among the questionnaire's languages", what, lang)
				if len(l.q.Languages) == 0 {
					msg += "; declare them, for example languages: [cs, en]"
				} else if sug := expr.Suggest(lang, l.q.Languages); sug != "" {
					msg += fmt.Sprintf("; did you mean %s?", sug)
				} else {
					msg += " (" + strings.Join(l.q.Languages, ", ") + ")"
				}
				l.errs.add(n.keyPos[i], "%s", msg)
				continue
			}
			l.textLength(v, what, s)
			t[lang] = s
		}
		return t
	}
	l.errs.add(n.pos, "%s must be a text or a mapping from language to text, not %s", what, n.kind)
	return nil
}

// textLength refuses a label, hint or message longer than MaxTextLength.
func (l *loader) textLength(n *ynode, what, s string) {
	if k := utf8.RuneCountInString(s); k > MaxTextLength {
		l.errs.add(n.pos, "%s is %d characters long, more than the %d a screen can show; shorten it", what, k, MaxTextLength)
	}
}

func (l *loader) choices(n *ynode) {
	if n.kind != yMap {
		l.errs.add(n.pos, "choices must be a mapping from list name to a list of options")
		return
	}
	for i, name := range n.keys {
		list := &ChoiceList{Name: name, Pos: n.keyPos[i]}
		if !expr.IsName(name) {
			l.errs.add(n.keyPos[i], "choice list name %q must match [a-z_][a-z0-9_]*", name)
		}
		v := n.vals[i]
		if v.kind != ySeq || len(v.items) == 0 {
			l.errs.add(v.pos, "choice list %s must be a list of options, each with value and label", name)
			continue
		}
		attrs := map[string]bool{}
		byValue := map[string]*Option{}
		for _, on := range v.items {
			l.options++
			if l.options == MaxOptions+1 {
				l.errs.add(on.pos, "the questionnaire has more than %d options in its lists; keep long lists of options in a file of their own", MaxOptions)
			}
			if l.options > MaxOptions {
				break
			}
			if o := l.option(on, name, attrs); o != nil {
				if prev := byValue[o.Value]; prev != nil {
					switch {
					case (prev.Missing == NotMissing) != (o.Missing == NotMissing):
						l.errs.add(o.Pos, "value %q of choice list %s is both a valid answer and a missing one (first at %s); give the missing option a code no valid answer uses", o.Value, name, prev.Pos.place())
					case l.dupChoices:
						// the same answer offered under different attributes,
						// told apart by a choice filter (a county of the
						// same name in two states)
						list.offered = append(list.offered, o)
					default:
						l.errs.add(o.Pos, "value %q appears twice in choice list %s (first at %s); give each option its own value, or set allow_choice_duplicates: yes when a choice filter tells them apart", o.Value, name, prev.Pos.place())
					}
					continue
				}
				list.Options = append(list.Options, o)
				list.offered = append(list.offered, o)
				byValue[o.Value] = o
			}
		}
		list.AttrNames = slices.Sorted(maps.Keys(attrs))
		l.q.Lists = append(l.q.Lists, list)
		l.q.lists[name] = list
	}
}

func (l *loader) option(n *ynode, list string, attrs map[string]bool) *Option {
	if n.kind != yMap {
		l.errs.add(n.pos, "an option of %s must be a mapping with value and label", list)
		return nil
	}
	o := &Option{Pos: n.pos}
	for i, k := range n.keys {
		v := n.vals[i]
		switch k {
		case "value":
			s, _ := l.scalar(v, "value")
			o.Value = strings.TrimSpace(s)
		case "label":
			o.Label = l.text(v, "label")
		case "missing":
			s, _ := l.scalar(v, "missing")
			m, ok := ParseMissingKind(s)
			if !ok {
				l.errs.add(v.pos, "missing must be dont_know, refused or not_applicable, not %q", s)
			}
			o.Missing = m
		case "favorable":
			o.Favorable = l.boolean(v, "favorable")
		default:
			if !expr.IsName(k) {
				l.unknownKey(n.keyPos[i], k, "an option", optionKeys)
				continue
			}
			s, ok := l.scalar(v, k)
			if ok {
				if o.Attrs == nil {
					o.Attrs = map[string]string{}
				}
				o.Attrs[k] = s
				attrs[k] = true
			}
		}
	}
	if n.get("value") == nil {
		l.errs.add(n.pos, "an option of %s has no value; add value: \"1\"", list)
		return nil
	}
	if o.Value == "" {
		l.errs.add(n.get("value").pos, "an option of %s has an empty value", list)
		return nil
	}
	if len(o.Label) == 0 {
		l.errs.add(n.pos, "option %s of %s has no label", o.Value, list)
	}
	if o.Missing != NotMissing && o.Favorable {
		l.errs.add(n.pos, "option %s of %s is both missing and favorable; a missing answer is not on the scale", o.Value, list)
	}
	return o
}

func (l *loader) boolean(n *ynode, what string) bool {
	s, _ := l.scalar(n, what)
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes":
		return true
	case "false", "no", "":
		return false
	}
	l.errs.add(n.pos, "%s must be true or false, not %q", what, s)
	return false
}

func (l *loader) items(n *ynode, parent *Item) []*Item {
	if n.kind != ySeq {
		l.errs.add(n.pos, "questions must be a list of items, each starting with - name: ...")
		return nil
	}
	var out []*Item
	for _, in := range n.items {
		l.nItems++
		if l.nItems == MaxItems+1 {
			l.errs.add(in.pos, "the questionnaire has more than %d items; split it", MaxItems)
		}
		if l.nItems > MaxItems {
			break
		}
		if it := l.item(in, parent); it != nil {
			out = append(out, it)
		}
	}
	return out
}

func (l *loader) item(n *ynode, parent *Item) *Item {
	if n.kind != yMap {
		l.errs.add(n.pos, "an item must be a mapping with name, type and label, not %s", n.kind)
		return nil
	}
	it := &Item{Pos: n.pos, Parent: parent, KeyPos: map[string]Pos{}}
	for i, k := range n.keys {
		if !slices.Contains(itemKeys, k) {
			l.unknownKey(n.keyPos[i], k, "an item", itemKeys)
			continue
		}
		p := n.vals[i].pos
		if n.vals[i].quoted {
			p.Col++ // expressions and texts start after the quote
		}
		it.KeyPos[k] = p
	}
	it.Name = l.requiredScalar(n, "name", n.pos)
	if it.Name != "" && !expr.IsName(it.Name) {
		l.errs.add(n.get("name").pos, "name %q must match [a-z_][a-z0-9_]*: lowercase letters, digits and _, not starting with a digit", it.Name)
	}
	l.itemType(it, n)
	it.Label = l.optText(n, "label")
	it.Hint = l.optText(n, "hint")
	it.RequiredMessage = l.optText(n, "required_message")
	it.ConstraintMessage = l.optText(n, "constraint_message")
	if v := n.get("required"); v != nil {
		s, _ := l.scalar(v, "required")
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "yes", "true()":
			it.Required = true
		case "false", "no", "false()", "":
		default:
			it.RequiredIf = Expression{Src: s}
		}
	}
	it.Relevant = l.exprKey(n, "relevant")
	it.Constraint = l.exprKey(n, "constraint")
	it.Calculation = l.exprKey(n, "calculation")
	it.ChoiceFilter = l.exprKey(n, "choice_filter")
	if v := n.get("default"); v != nil {
		it.Default, _ = l.scalar(v, "default")
	}
	if v := n.get("range"); v != nil {
		it.Range = l.rangeOf(v)
	}
	if v := n.get("appearance"); v != nil {
		s, _ := l.scalar(v, "appearance")
		it.Appearance = strings.TrimSpace(s)
	}
	if v := n.get("read_only"); v != nil {
		it.ReadOnly = l.boolean(v, "read_only")
	}
	if v := n.get("persist"); v != nil {
		it.Persist = l.boolean(v, "persist")
	}
	if v := n.get("answered_by"); v != nil {
		s, _ := l.scalar(v, "answered_by")
		switch strings.TrimSpace(s) {
		case "interviewer":
			it.ByInterviewer = true
			if parent != nil && parent.Appearance == "grid" && !parent.ByInterviewer {
				l.errs.add(v.pos, "%s is a row of grid %s, which is one screen: put answered_by on the grid", it.Name, parent.Name)
			}
		case "client":
			if parent != nil && parent.ByInterviewer {
				l.errs.add(v.pos, "%s is in group %s, which the interviewer answers; move it out of the group, or drop answered_by: interviewer from the group", it.Name, parent.Name)
			}
		default:
			l.errs.add(v.pos, "answered_by is interviewer or client, not %q", s)
		}
		l.q.Self.Declared = true
	}
	if parent != nil && parent.ByInterviewer {
		it.ByInterviewer = true
	}
	if parent != nil && parent.ReadOnly {
		it.ReadOnly = true // a read-only group's questions are shown, not asked
	}
	if qs := n.get("questions"); qs != nil {
		if it.Type != Group {
			l.errs.add(n.keyPos[slices.Index(n.keys, "questions")], "only a group has questions; set type: group")
		} else {
			it.Children = l.items(qs, it)
		}
	}
	return it
}

// rangeOf reads range: {start: 1, end: 10, step: 1}.
func (l *loader) rangeOf(n *ynode) *Range {
	if n.kind != yMap {
		l.errs.add(n.pos, "range is a mapping: range: {start: 1, end: 10, step: 1}")
		return nil
	}
	r := &Range{Step: 1}
	for i, k := range n.keys {
		var dst *float64
		switch k {
		case "start":
			dst = &r.Start
		case "end":
			dst = &r.End
		case "step":
			dst = &r.Step
		default:
			l.unknownKey(n.keyPos[i], k, "a range", []string{"start", "end", "step"})
			continue
		}
		s, _ := l.scalar(n.vals[i], k)
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			l.errs.add(n.vals[i].pos, "range %s must be a number, not %q", k, s)
			continue
		}
		*dst = f
	}
	if n.get("start") == nil || n.get("end") == nil {
		l.errs.add(n.pos, "range needs start and end: range: {start: 1, end: 10, step: 1}")
		return nil
	}
	switch {
	case r.Step <= 0:
		l.errs.add(n.pos, "range step must be more than 0, not %s", expr.FormatNumber(r.Step))
	case r.End < r.Start:
		l.errs.add(n.pos, "range start %s is after its end %s", expr.FormatNumber(r.Start), expr.FormatNumber(r.End))
	case (r.End-r.Start)/r.Step > 10000:
		l.errs.add(n.pos, "range from %s to %s by %s has more than 10000 steps; use a wider step", expr.FormatNumber(r.Start), expr.FormatNumber(r.End), expr.FormatNumber(r.Step))
	}
	return r
}

func (l *loader) optText(n *ynode, key string) Text {
	if v := n.get(key); v != nil {
		return l.text(v, key)
	}
	return nil
}

func (l *loader) exprKey(n *ynode, key string) Expression {
	v := n.get(key)
	if v == nil {
		return Expression{}
	}
	s, _ := l.scalar(v, key)
	if k := utf8.RuneCountInString(s); k > MaxExprLength {
		l.errs.add(v.pos, "%s is %d characters long, more than an expression may be (%d); split it into calculations", key, k, MaxExprLength)
		return Expression{}
	}
	return Expression{Src: s}
}

var typeByName = map[string]Type{}

func init() {
	for t, n := range typeNames {
		typeByName[n] = t
	}
}

func (l *loader) itemType(it *Item, n *ynode) {
	tn := n.get("type")
	if tn == nil {
		l.errs.add(n.pos, "item %s has no type; add type: (select_one LIST, integer, text, ...)", it.Name)
		return
	}
	s, ok := l.scalar(tn, "type")
	if !ok {
		return
	}
	f := strings.Fields(s)
	if len(f) == 0 {
		l.errs.add(tn.pos, "type is empty")
		return
	}
	t, known := typeByName[f[0]]
	if !known {
		msg := fmt.Sprintf("unknown type %s", f[0])
		if sug := expr.Suggest(f[0], slices.Sorted(maps.Keys(typeByName))); sug != "" {
			msg += fmt.Sprintf("; did you mean %s?", sug)
		} else {
			msg += "; use select_one, select_multiple, integer, decimal, text, date, note, calculate or group"
		}
		l.errs.add(tn.pos, "%s", msg)
		return
	}
	it.Type = t
	switch {
	case t.IsSelect() && len(f) != 2:
		l.errs.add(tn.pos, "%s needs the name of a choice list: %s LIST", f[0], f[0])
	case t.IsSelect():
		it.ListName = f[1]
	case len(f) != 1:
		l.errs.add(tn.pos, "type %s takes no list; write type: %s", f[0], f[0])
	}
}
