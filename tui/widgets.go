package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"anketa/questionnaire"
	"anketa/questionnaire/expr"
)

// act is what a widget's answer asks of the interview.
type act uint8

const (
	actSubmit act = iota // save the value and move on
	actSet               // save the value and stay (a grid's row)
	actNext              // move on with what is saved (a note, a grid)
)

// answer is what a widget hands back.
type answer struct {
	item  int
	value questionnaire.Value
	act   act
}

// widget is the input of one step. It handles its own keys; the question
// screen has handled the interview's (back, pause) before.
type widget interface {
	init() tea.Cmd
	update(msg tea.Msg) (tea.Cmd, *answer)
	view(width int) string
	// keys are the widget's own keys for the footer.
	keys() [][2]string
	// textual reports whether arrows and backspace edit text; empty
	// whether nothing is typed (backspace then goes back).
	textual() bool
	empty() bool
	// current is what the widget holds now.
	current() questionnaire.Value
	// refused is told that the answer was not taken (item is the question
	// at fault, nil when the store failed), so that it shows it again.
	refused(item *questionnaire.Item, v questionnaire.Value) tea.Cmd
}

// newWidget builds step's input, holding value, for the interviewer or,
// in large type, for the client.
func (m *Model) newWidget(step int, value questionnaire.Value, client bool) widget {
	iv := m.iv
	it := iv.Questionnaire().Items[step]
	switch in := it.Type.Info().Input; {
	case it.IsGrid():
		return m.newGrid(it, client)
	case in == questionnaire.NoInput || it.ReadOnly:
		return &noteWidget{m: m, it: it, client: client}
	case in == questionnaire.ChoiceInput && wantsSearch(it, len(iv.State().Options(it.Index))):
		return m.newSearch(it, value, client)
	case in == questionnaire.ChoiceInput || in == questionnaire.ChoicesInput:
		return m.newChoice(it, value, client)
	}
	return m.newInput(it, value, client)
}

// heading is a question's label and hint, wrapped; larger for the client.
func (m *Model) heading(it *questionnaire.Item, width int, client bool) string {
	st, iv := m.styles, m.iv
	label := iv.State().Label(it.Index, iv.Lang())
	hint := iv.State().Hint(it.Index, iv.Lang())
	if client {
		out := st.clientLabel.Render(wrapWords(label, width)) + "\n"
		if hint != "" {
			out += "\n" + st.hint.Render(wrapWords(hint, width)) + "\n"
		}
		return out
	}
	out := st.label.Render(wrapWords(label, width)) + "\n"
	if hint != "" {
		out += st.hint.Render(wrapWords(hint, width)) + "\n"
	}
	return out
}

// choiceWidget is a select_one or select_multiple: our own list, since
// huh's always hovers an option. Nothing is highlighted until the
// interviewer moves, unless an answer is given or offered; Enter takes
// the highlighted option. A digit picks (or ticks) the option it stands
// beside; F8–F10 pick a missing answer.
type choiceWidget struct {
	m      *Model
	it     *questionnaire.Item
	multi  bool
	client bool
	opts   []*questionnaire.Option
	digits []string
	// cursor is the highlighted option, or -1; stored is the answer the
	// store holds (select_one), ticked the options ticked (select_multiple).
	cursor int
	stored string
	ticked map[string]bool
}

func (m *Model) newChoice(it *questionnaire.Item, value questionnaire.Value, client bool) *choiceWidget {
	iv := m.iv
	w := &choiceWidget{m: m, it: it, multi: it.Type == questionnaire.SelectMultiple, client: client, cursor: -1, ticked: map[string]bool{}}
	w.opts = iv.State().Options(it.Index)
	w.digits = digitKeys(it.List, w.opts)
	if stored := iv.State().Answer(it.Index); stored.Kind == questionnaire.KindCode {
		w.stored = stored.Text
	}
	switch value.Kind {
	case questionnaire.KindCode:
		for i, o := range w.opts {
			if o.Value == value.Text {
				w.cursor = i
			}
		}
	case questionnaire.KindCodes:
		for _, c := range value.Codes {
			w.ticked[c] = true
		}
		if len(w.opts) > 0 {
			w.cursor = 0
		}
	}
	return w
}

func (w *choiceWidget) init() tea.Cmd                                            { return nil }
func (w *choiceWidget) textual() bool                                            { return false }
func (w *choiceWidget) empty() bool                                              { return true }
func (w *choiceWidget) refused(*questionnaire.Item, questionnaire.Value) tea.Cmd { return nil }

func (w *choiceWidget) current() questionnaire.Value {
	if w.multi {
		var codes []string
		for _, o := range w.opts { // in list order, whatever the order ticked in
			if w.ticked[o.Value] {
				codes = append(codes, o.Value)
			}
		}
		return questionnaire.CodesValue(codes...)
	}
	if w.cursor < 0 {
		return questionnaire.Value{}
	}
	return questionnaire.CodeValue(w.opts[w.cursor].Value)
}

func (w *choiceWidget) pick(i int) *answer {
	o := w.opts[i]
	if w.multi {
		if o.Missing != questionnaire.NotMissing {
			return &answer{item: w.it.Index, value: questionnaire.CodesValue(o.Value)}
		}
		w.ticked[o.Value] = !w.ticked[o.Value]
		for _, x := range w.opts { // a real answer clears a missing one
			if x.Missing != questionnaire.NotMissing {
				delete(w.ticked, x.Value)
			}
		}
		w.cursor = i
		return nil
	}
	w.cursor = i
	return &answer{item: w.it.Index, value: questionnaire.CodeValue(o.Value)}
}

func (w *choiceWidget) update(msg tea.Msg) (tea.Cmd, *answer) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(w.opts) == 0 && k.String() != "enter" {
		return nil, nil
	}
	keys := w.m.keys
	if s := k.String(); len(s) == 1 && s[0] >= '0' && s[0] <= '9' {
		for i, d := range w.digits {
			if d == s {
				return nil, w.pick(i)
			}
		}
		return nil, nil
	}
	if !w.client {
		for i, o := range w.opts {
			if b, ok := keys.missingBinding(o.Missing); ok && key.Matches(k, b) {
				return nil, w.pick(i)
			}
		}
		switch {
		case key.Matches(k, keys.Up):
			if w.cursor <= 0 {
				w.cursor = len(w.opts) - 1
			} else {
				w.cursor--
			}
			return nil, nil
		case key.Matches(k, keys.Down):
			w.cursor = (w.cursor + 1) % len(w.opts)
			return nil, nil
		case w.multi && key.Matches(k, keys.Toggle):
			if w.cursor >= 0 {
				w.pick(w.cursor)
			}
			return nil, nil
		}
	}
	if key.Matches(k, keys.Next) {
		return nil, &answer{item: w.it.Index, value: w.current()}
	}
	return nil, nil
}

// keys: the digits; the missing answers' keys stand beside their options.
func (w *choiceWidget) keys() [][2]string {
	desc := w.m.keys.Pick.Help().Desc
	if w.multi {
		desc = w.m.keys.Toggle.Help().Desc
	}
	return [][2]string{{keySpan(w.digits), desc}}
}

// label is an option's label with its key in front, unless the label
// starts with it already (the school scale's "1 – výborně").
func (w *choiceWidget) label(i int) string {
	iv := w.m.iv
	l := w.opts[i].Label.In(iv.Lang(), iv.Questionnaire().DefaultLanguage())
	d := w.digits[i]
	if d == "" {
		return "   " + l
	}
	if strings.HasPrefix(l, d+" ") || strings.HasPrefix(l, d+".") {
		return l
	}
	return d + "  " + l
}

func (w *choiceWidget) view(width int) string {
	if w.client {
		return w.clientView(width)
	}
	var b strings.Builder
	b.WriteString(w.m.heading(w.it, width, false) + "\n")
	for i, o := range w.opts {
		mark := "( ) "
		switch {
		case w.multi && w.ticked[o.Value]:
			mark = "[x] "
		case w.multi:
			mark = "[ ] "
		case o.Value == w.stored:
			mark = "(●) "
		}
		w.m.optionRow(&b, mark+w.label(i), o.Missing, i == w.cursor, width)
	}
	return strings.TrimRight(b.String(), "\n")
}

// optionRow writes one option of a list: its line, the key of a missing
// option, cut to the width, and › where the cursor is, the option Enter
// takes. The choice list and the search list draw their rows so.
func (m *Model) optionRow(b *strings.Builder, line string, missing questionnaire.MissingKind, current bool, width int) {
	if bnd, ok := m.keys.missingBinding(missing); ok {
		line += "  [" + bnd.Help().Key + "]"
	}
	line = truncate(line, width-2)
	if current {
		b.WriteString(m.styles.cursor.Render("› "+line) + "\n")
	} else {
		b.WriteString("  " + line + "\n")
	}
}

// clientView draws the options for the client: a grade as large digits
// with their labels under them, any other list one option a line with
// space between.
func (w *choiceWidget) clientView(width int) string {
	st := w.m.styles
	iv := w.m.iv
	var b strings.Builder
	b.WriteString(w.m.heading(w.it, width, true) + "\n")
	var scale, rest []int
	for i, o := range w.opts {
		if o.Missing == questionnaire.NotMissing && w.digits[i] != "" {
			scale = append(scale, i)
		} else {
			rest = append(rest, i)
		}
	}
	if cell := min(13, width/max(1, len(scale))); !w.multi && questionnaire.DigitsAreCodes(w.it.List.Options) && len(scale) <= 7 && cell >= 8 {
		b.WriteString(w.bigScale(scale, cell) + "\n")
	} else {
		rest = append(scale, rest...)
	}
	for _, i := range rest {
		o := w.opts[i]
		mark := ""
		if w.multi {
			mark = "[ ] "
			if w.ticked[o.Value] {
				mark = "[x] "
			}
		}
		line := mark + w.label(i)
		if i == w.cursor {
			line = st.clientChosen.Render("› " + line)
		} else {
			line = st.clientOption.Render("  " + line)
		}
		b.WriteString("\n" + truncate(line, width) + "\n")
	}
	_ = iv
	return strings.TrimRight(b.String(), "\n")
}

// bigScale draws the options as large digits side by side, each with its
// label under it; the chosen one stands out.
func (w *choiceWidget) bigScale(idx []int, cell int) string {
	st := w.m.styles
	iv := w.m.iv
	rows := make([]string, bigHeight+2)
	for _, i := range idx {
		o := w.opts[i]
		glyph := bigDigit(w.digits[i][0])
		style := st.clientOption
		if i == w.cursor {
			style = st.clientChosen
		}
		for r := 0; r < bigHeight; r++ {
			rows[r] += style.Render(padCenter(glyph[r], cell))
		}
		mark := ""
		if i == w.cursor {
			mark = "▲" // the answer given, also without colours
		}
		rows[bigHeight] += padCenter(mark, cell)
		label := o.Label.In(iv.Lang(), iv.Questionnaire().DefaultLanguage())
		label = strings.TrimSpace(strings.TrimLeft(strings.TrimPrefix(label, w.digits[i]), " –-."))
		rows[bigHeight+1] += style.Render(padCenter(truncate(label, cell-1), cell))
	}
	return strings.Join(rows, "\n")
}

// inputWidget is a one-field huh form for a number, a date or a text.
type inputWidget struct {
	m      *Model
	it     *questionnaire.Item
	client bool
	form   *huh.Form
	text   string
}

func (m *Model) newInput(it *questionnaire.Item, value questionnaire.Value, client bool) *inputWidget {
	w := &inputWidget{m: m, it: it, client: client}
	if !value.IsEmpty() && value.Kind != questionnaire.KindMissing {
		w.text = value.String()
		switch it.Type {
		case questionnaire.DateType:
			w.text = czechDate(value.Text)
		case questionnaire.DateTimeType:
			// 2026-12-02T08:40:00 is typed again as 2.12.2026 8:40
			day, clock, _ := strings.Cut(value.Text, "T")
			w.text = czechDate(day) + " " + shortClock(clock)
		case questionnaire.TimeType:
			w.text = shortClock(value.Text)
		}
	}
	w.build()
	return w
}

// build makes the form holding w.text: again after a refused answer,
// since a completed huh form cannot be reopened.
func (w *inputWidget) build() {
	in := huh.NewInput().Value(&w.text)
	if !w.client {
		iv := w.m.iv
		in.Title(iv.State().Label(w.it.Index, iv.Lang())).Description(iv.State().Hint(w.it.Index, iv.Lang()))
	}
	// No character limit: a text longer than the questionnaire's is
	// refused with its length (State.Check), never cut without a word.
	switch {
	case w.it.Type == questionnaire.DateType:
		in.Placeholder(w.m.ui.t("ph_date"))
	case w.it.Type == questionnaire.DateTimeType:
		in.Placeholder(w.m.ui.t("ph_datetime"))
	case w.it.Type == questionnaire.TimeType:
		in.Placeholder(w.m.ui.t("ph_time"))
	case w.it.Range != nil:
		r := w.it.Range
		in.Placeholder(fmt.Sprintf("%s–%s, ↑↓ %s", expr.FormatNumber(r.Start), expr.FormatNumber(r.End), expr.FormatNumber(r.Step)))
	}
	w.form = oneField(in, max(20, w.m.width-4)).WithHeight(max(6, w.m.height-8))
}

func (w *inputWidget) init() tea.Cmd { return w.form.Init() }
func (w *inputWidget) textual() bool { return true }
func (w *inputWidget) empty() bool   { return w.text == "" }
func (w *inputWidget) keys() [][2]string {
	return nil
}

func (w *inputWidget) current() questionnaire.Value {
	v, bad := questionnaire.ParseInput(w.it, w.text)
	if bad != "" {
		return questionnaire.TextValue(w.text) // the engine says what kind is expected
	}
	return v
}

func (w *inputWidget) refused(*questionnaire.Item, questionnaire.Value) tea.Cmd {
	w.build()
	return w.form.Init()
}

func (w *inputWidget) update(msg tea.Msg) (tea.Cmd, *answer) {
	if w.form.State != huh.StateNormal {
		return nil, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && w.it.Range != nil && (k.String() == "up" || k.String() == "down") {
		w.text = stepRange(w.it.Range, w.text, k.String() == "up")
		w.build()
		return w.form.Init(), nil
	}
	if cmd, done := formDone(&w.form, msg, nil); !done {
		return cmd, nil
	}
	return nil, &answer{item: w.it.Index, value: w.current()}
}

func (w *inputWidget) view(width int) string {
	out := trimForm(w.form.View())
	if w.client {
		return w.m.heading(w.it, width, true) + "\n" + out
	}
	return out
}

// stepRange is a range question's value one step up or down from text,
// kept within the range; an empty or unreadable text starts at the start.
func stepRange(r *questionnaire.Range, text string, up bool) string {
	x, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(text), ",", ".", 1), 64)
	switch {
	case err != nil || math.IsNaN(x):
		x = r.Start
	case up:
		x += r.Step
	default:
		x -= r.Step
	}
	// back onto the grid of steps, which repeated adding may leave
	k := math.Round((x - r.Start) / r.Step)
	x = min(r.End, max(r.Start, r.Start+k*r.Step))
	return expr.FormatNumber(math.Round(x*1e9) / 1e9)
}

// noteWidget shows a note or a read-only question; Enter moves on.
type noteWidget struct {
	m      *Model
	it     *questionnaire.Item
	client bool
}

func (n *noteWidget) init() tea.Cmd                { return nil }
func (n *noteWidget) textual() bool                { return false }
func (n *noteWidget) empty() bool                  { return true }
func (n *noteWidget) keys() [][2]string            { return nil }
func (n *noteWidget) current() questionnaire.Value { return questionnaire.Value{} }
func (n *noteWidget) refused(*questionnaire.Item, questionnaire.Value) tea.Cmd {
	return nil
}

func (n *noteWidget) update(msg tea.Msg) (tea.Cmd, *answer) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, n.m.keys.Next) {
		return nil, &answer{item: -1, act: actNext}
	}
	return nil, nil
}

func (n *noteWidget) view(width int) string {
	out := n.m.heading(n.it, width, n.client)
	if n.it.ReadOnly {
		out += "\n" + n.m.iv.State().Display(n.it.Index, n.m.iv.Lang())
	}
	return out
}

// oneField is a huh form of one field in the app's theme, without huh's
// own quit and back keys: the screens handle those, so that going back
// is never blocked.
func oneField(f huh.Field, width int) *huh.Form {
	// The theme goes on the field before the group renders it once for
	// its size; huh's default theme is slow to build.
	f = f.WithTheme(formTheme())
	return huh.NewForm(huh.NewGroup(f)).WithShowHelp(false).WithTheme(formTheme()).WithWidth(width).WithKeyMap(formKeys())
}

// formDone runs msg through a one-field form and reports whether it was
// submitted. Enter (or Tab) submits at once when valid (nil: always)
// accepts what is typed: huh completes a form through a command of its
// own, and a key typed before that command came back went to the
// completing form and was lost (the grade typed right after a number).
// What valid refuses goes to huh, which shows the message.
func formDone(form **huh.Form, msg tea.Msg, valid func() error) (tea.Cmd, bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "enter" || k.String() == "tab") && (valid == nil || valid() == nil) {
		return nil, true
	}
	f, cmd := (*form).Update(msg)
	*form = f.(*huh.Form)
	return cmd, (*form).State == huh.StateCompleted
}

func formKeys() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Quit.SetEnabled(false)
	k.Input.Prev.SetEnabled(false)
	// A one-field form's field is the last, where huh accepts only Enter;
	// Tab moves on too, as interviewers expect.
	k.Input.Submit = key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", "submit"))
	return k
}

// trimForm drops huh's padding: trailing spaces and empty lines.
func trimForm(s string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	for len(lines) > 0 && strings.TrimSpace(ansi.Strip(lines[len(lines)-1])) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// czechDate writes YYYY-MM-DD as D.M.YYYY, the way it is typed.
func czechDate(iso string) string {
	var y, m, d int
	if _, err := fmt.Sscanf(iso, "%d-%d-%d", &y, &m, &d); err != nil {
		return iso
	}
	return fmt.Sprintf("%d.%d.%d", d, m, y)
}

// shortClock writes 08:40:00 as it is typed, 8:40 (seconds only when
// there are some).
func shortClock(hms string) string {
	hms = strings.TrimSuffix(hms, ":00")
	return strings.TrimPrefix(hms, "0")
}

// padRight pads s with spaces to width cells.
func padRight(s string, width int) string {
	if w := lipgloss.Width(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// padCenter centres s in width cells.
func padCenter(s string, width int) string {
	w := lipgloss.Width(s)
	if w >= width {
		return s
	}
	left := (width - w) / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", width-w-left)
}
