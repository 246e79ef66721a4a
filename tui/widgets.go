package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"anketa/questionnaire"
)

// answer is what a widget hands back: item's new value, and whether the
// interview should move on. item < 0 means "move on" without a value.
type answer struct {
	item    int
	value   questionnaire.Value
	advance bool
}

// widget is the input of one screen.
type widget interface {
	update(msg tea.Msg) (tea.Cmd, *answer)
	view(width int) string
	// textual reports whether arrows and backspace edit text.
	textual() bool
	// empty reports whether nothing has been typed or chosen.
	empty() bool
}

// newWidget builds the input for step item of the interview, prefilled
// with value.
func (iv *interview) newWidget(item int, value questionnaire.Value) widget {
	it := iv.q.Items[item]
	switch {
	case it.IsGrid():
		return iv.newGrid(it)
	case it.Type == questionnaire.Note || it.ReadOnly:
		return &noteWidget{keys: iv.m.keys}
	}
	return iv.newForm(it, value)
}

// formWidget is a one-field huh form: a select, a multi-select or a text input.
type formWidget struct {
	iv    *interview
	it    *questionnaire.Item
	form  *huh.Form
	text  string
	code  string
	codes []string
	opts  []*questionnaire.Option
	// prefilled says the form opened holding an answer (stored, persisted
	// or default); huh always hovers some option, so the code alone
	// cannot tell.
	prefilled bool
	// drawn caches view's output for drawnWidth until the form changes.
	drawn      string
	drawnWidth int
}

func (iv *interview) newForm(it *questionnaire.Item, value questionnaire.Value) *formWidget {
	return iv.buildForm(iv.formSpec(it, value))
}

// formSpec is everything a question's form is built from. It is read
// from the flow state on the app's goroutine; buildForm then needs
// nothing else, so that the next question's form can be built while the
// interviewer reads the current one (see prebuild).
type formSpec struct {
	it            *questionnaire.Item
	value         questionnaire.Value
	label, hint   string
	opts          []*questionnaire.Option
	optLabels     []string
	width, height int
}

func (iv *interview) formSpec(it *questionnaire.Item, value questionnaire.Value) formSpec {
	sp := formSpec{it: it, value: value, label: iv.state.Label(it.Index, iv.lang), hint: iv.state.Hint(it.Index, iv.lang),
		width: max(20, iv.width-4), height: max(6, iv.m.height-8)}
	if it.Type.IsSelect() {
		sp.opts = iv.state.Options(it.Index)
		sp.optLabels = iv.optionLabels(it, sp.opts)
	}
	return sp
}

// same reports whether two specs build the same form.
func (sp *formSpec) same(o *formSpec) bool {
	return sp.it == o.it && sp.value.Equal(o.value) && sp.value.Kind == o.value.Kind && sp.label == o.label && sp.hint == o.hint &&
		sp.width == o.width && sp.height == o.height && slices.Equal(sp.opts, o.opts) && slices.Equal(sp.optLabels, o.optLabels)
}

// buildForm builds a question's one-field huh form from its spec alone.
func (iv *interview) buildForm(sp formSpec) *formWidget {
	it, value := sp.it, sp.value
	w := &formWidget{iv: iv, it: it, prefilled: !value.IsEmpty(), opts: sp.opts}
	options := make([]huh.Option[string], len(sp.opts))
	for i, o := range sp.opts {
		options[i] = huh.NewOption(sp.optLabels[i], o.Value)
	}
	var field huh.Field
	switch it.Type {
	case questionnaire.SelectOne:
		w.code = value.Text
		if value.Kind != questionnaire.KindCode && len(w.opts) > 0 {
			w.code = ""
		}
		sel := huh.NewSelect[string]()
		sel.WithTheme(formTheme()) // before Options, which renders once
		field = sel.Title(sp.label).Description(sp.hint).
			Options(options...).Value(&w.code).Height(len(w.opts) + 3)
	case questionnaire.SelectMultiple:
		w.codes = append([]string{}, value.Codes...)
		ms := huh.NewMultiSelect[string]()
		ms.WithTheme(formTheme())
		field = ms.Title(sp.label).Description(sp.hint).
			Options(options...).Value(&w.codes).Filterable(false).Height(len(w.opts) + 3)
	default:
		if !value.IsEmpty() && value.Kind != questionnaire.KindMissing {
			w.text = value.String()
			if it.Type == questionnaire.DateType {
				w.text = czechDate(value.Text)
			}
		}
		in := huh.NewInput()
		in.WithTheme(formTheme())
		in.Title(sp.label).Description(sp.hint).Value(&w.text).Validate(w.validate)
		// A text has no character limit in the input: one longer than the
		// questionnaire's is refused with its length (State.Check), never
		// cut without a word.
		if it.Type == questionnaire.DateType {
			in.Placeholder("D.M.RRRR")
		}
		field = in
	}
	// The theme goes on the field before the group renders it once for its
	// size; huh's default theme is slow to build.
	w.form = huh.NewForm(huh.NewGroup(field.WithTheme(formTheme()))).WithShowHelp(false).WithShowErrors(false).WithTheme(formTheme()).
		WithWidth(sp.width).WithHeight(sp.height).WithKeyMap(formKeys())
	return w
}

// formKeys is huh's keymap without its own quit and back keys: the
// interview handles those, so that going back is never blocked.
func formKeys() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Quit.SetEnabled(false)
	k.Input.Prev.SetEnabled(false)
	k.Select.Prev.SetEnabled(false)
	k.MultiSelect.Prev.SetEnabled(false)
	k.Select.Filter.SetEnabled(false)
	k.MultiSelect.Filter.SetEnabled(false)
	// A one-field form's field is the last, where huh accepts only Enter;
	// Tab moves on too, as interviewers expect.
	submit := key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", "submit"))
	k.Input.Submit, k.Select.Submit, k.MultiSelect.Submit = submit, submit, submit
	return k
}

// optionLabels labels each option of a select_one with the digit that
// picks it, unless the label already starts with it (the school scale's
// "1 – výborně"), and a missing option with its key.
func (iv *interview) optionLabels(it *questionnaire.Item, opts []*questionnaire.Option) []string {
	def := iv.q.DefaultLanguage()
	out := make([]string, len(opts))
	for i, o := range opts {
		label := o.Label.In(iv.lang, def)
		if b, ok := iv.m.keys.missingBinding(int(o.Missing)); ok {
			label += "  [" + b.Help().Key + "]"
		}
		n := fmt.Sprint(i + 1)
		if it.Type == questionnaire.SelectOne && i < 9 && !strings.HasPrefix(label, n+" ") && !strings.HasPrefix(label, n+".") {
			label = n + "  " + label
		}
		out[i] = label
	}
	return out
}

// validate runs the flow engine's check on what was typed, so that the
// message is the questionnaire's own, in the interview's language.
func (w *formWidget) validate(s string) error {
	v, bad := questionnaire.ParseInput(w.it, s)
	if bad != "" {
		v = questionnaire.TextValue(s) // the engine says what kind is expected
	}
	if msg := w.iv.state.Check(w.it.Index, v, w.iv.lang); msg != "" {
		return errors.New(msg)
	}
	return nil
}

func (w *formWidget) value() questionnaire.Value {
	switch w.it.Type {
	case questionnaire.SelectOne:
		if w.code == "" {
			return questionnaire.Value{}
		}
		return questionnaire.CodeValue(w.code)
	case questionnaire.SelectMultiple:
		// In list order, whatever the order they were ticked in.
		var codes []string
		for _, o := range w.opts {
			for _, c := range w.codes {
				if c == o.Value {
					codes = append(codes, c)
				}
			}
		}
		return questionnaire.CodesValue(codes...)
	}
	v, _ := questionnaire.ParseInput(w.it, w.text)
	return v
}

func (w *formWidget) update(msg tea.Msg) (tea.Cmd, *answer) {
	if w.form.State != huh.StateNormal {
		return nil, nil
	}
	m, cmd := w.form.Update(msg)
	w.form = m.(*huh.Form)
	w.drawn = "" // the form may look different now
	if w.form.State == huh.StateCompleted {
		return nil, &answer{item: w.it.Index, value: w.value(), advance: true}
	}
	return cmd, nil
}

// view draws the form without huh's padding, with a refused answer's
// message right under the input.
func (w *formWidget) view(width int) string {
	if w.drawn != "" && w.drawnWidth == width {
		return w.drawn
	}
	lines := strings.Split(w.form.View(), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	for len(lines) > 0 && strings.TrimSpace(ansiStrip(lines[len(lines)-1])) == "" {
		lines = lines[:len(lines)-1]
	}
	out := strings.Join(lines, "\n")
	for _, err := range w.form.Errors() {
		out += "\n" + w.iv.m.styles.errText.Render(wrapWords("✗ "+err.Error(), width))
	}
	w.drawn, w.drawnWidth = out, width
	return out
}
func (w *formWidget) textual() bool {
	return !w.it.Type.IsSelect()
}
func (w *formWidget) empty() bool {
	if w.it.Type.IsSelect() {
		return true // backspace on a list goes back
	}
	return w.text == ""
}

func (w *formWidget) init() tea.Cmd { return w.form.Init() }

// noteWidget shows a note; Enter moves on.
type noteWidget struct{ keys keyMap }

func (n noteWidget) update(msg tea.Msg) (tea.Cmd, *answer) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, n.keys.Next) {
		return nil, &answer{item: -1, advance: true}
	}
	return nil, nil
}
func (noteWidget) view(int) string { return "" }
func (noteWidget) textual() bool   { return false }
func (noteWidget) empty() bool     { return true }

// czechDate writes YYYY-MM-DD as D.M.YYYY, the way it is typed.
func czechDate(iso string) string {
	var y, m, d int
	if _, err := fmt.Sscanf(iso, "%d-%d-%d", &y, &m, &d); err != nil {
		return iso
	}
	return fmt.Sprintf("%d.%d.%d", d, m, y)
}

func ansiStrip(s string) string { return ansi.Strip(s) }
