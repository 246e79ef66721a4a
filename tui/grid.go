package tui

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"anketa/questionnaire"
)

// gridWidget is a battery of grades on one screen: a digit grades the
// current row and moves to the next; after the last row the interview
// moves on. huh has no such field, so it is our own.
type gridWidget struct {
	m      *Model
	g      *questionnaire.Item
	client bool
	rows   []*questionnaire.Item
	opts   []*questionnaire.Option
	digits []string
	cursor int
}

func (m *Model) newGrid(g *questionnaire.Item, client bool) *gridWidget {
	st := m.iv.State()
	w := &gridWidget{m: m, g: g, client: client, rows: st.Asks(g.Index)}
	if len(w.rows) > 0 {
		w.opts = st.Options(w.rows[0].Index)
		w.digits = digitKeys(w.rows[0].List, w.opts)
	}
	// Start on the first row without an answer.
	for i, r := range w.rows {
		if st.Answer(r.Index).IsEmpty() {
			w.cursor = i
			break
		}
	}
	return w
}

func (w *gridWidget) init() tea.Cmd                { return nil }
func (w *gridWidget) textual() bool                { return false }
func (w *gridWidget) current() questionnaire.Value { return questionnaire.Value{} }

// empty: Backspace goes back a step from the first row, and for the
// client to the row before from the others.
func (w *gridWidget) empty() bool { return !w.client || w.cursor == 0 }

func (w *gridWidget) refused(item *questionnaire.Item, _ questionnaire.Value) tea.Cmd {
	for i, r := range w.rows {
		if r == item {
			w.cursor = i
		}
	}
	return nil
}

func (w *gridWidget) update(msg tea.Msg) (tea.Cmd, *answer) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(w.rows) == 0 {
		return nil, nil
	}
	pick := func(o *questionnaire.Option) *answer {
		row := w.rows[w.cursor]
		a := &answer{item: row.Index, value: questionnaire.CodeValue(o.Value), act: actSet}
		if w.cursor == len(w.rows)-1 {
			a.act = actSubmit // the last row: save it and move on
		} else {
			w.cursor++
		}
		return a
	}
	keys := w.m.keys
	if s := k.String(); len(s) == 1 && s[0] >= '0' && s[0] <= '9' {
		for i, d := range w.digits {
			if d == s {
				return nil, pick(w.opts[i])
			}
		}
		return nil, nil
	}
	switch {
	case w.client && k.String() == "backspace":
		w.cursor = max(0, w.cursor-1)
	case key.Matches(k, keys.Next):
		return nil, &answer{item: -1, act: actNext}
	case w.client:
	case key.Matches(k, keys.Up):
		w.cursor = max(0, w.cursor-1)
	case key.Matches(k, keys.Down):
		w.cursor = min(len(w.rows)-1, w.cursor+1)
	default:
		for _, o := range w.opts {
			if b, ok := keys.missingBinding(o.Missing); ok && key.Matches(k, b) {
				return nil, pick(o)
			}
		}
	}
	return nil, nil
}

func (w *gridWidget) keys() [][2]string {
	keys := w.m.keys
	out := [][2]string{{keySpan(w.digits), keys.Pick.Help().Desc}}
	return append(out, helpOf(keys.Up)...)
}

func (w *gridWidget) view(width int) string {
	st := w.m.styles
	iv := w.m.iv
	lang, def := iv.Lang(), iv.Questionnaire().DefaultLanguage()
	labelW := 0
	for _, r := range w.rows {
		labelW = max(labelW, lipgloss.Width(r.Label.In(lang, def)))
	}
	labelW = min(labelW, max(16, width-6*len(w.opts)-6))
	var b strings.Builder
	b.WriteString(w.m.heading(w.g, width, w.client) + "\n")
	b.WriteString(strings.Repeat(" ", labelW+4))
	for _, d := range w.digits {
		b.WriteString(padRight(d, 5))
	}
	b.WriteString("\n")
	for i, r := range w.rows {
		pointer := "  "
		if i == w.cursor {
			pointer = st.cursor.Render("› ")
		}
		label := truncate(r.Label.In(lang, def), labelW)
		line := pointer + padRight(label, labelW+2)
		v := iv.State().Answer(r.Index)
		for _, o := range w.opts {
			cell := "( )  "
			if v.Kind == questionnaire.KindCode && v.Text == o.Value {
				cell = st.selected.Render("(●)") + "  "
			}
			line += cell
		}
		if i == w.cursor {
			line = st.label.Render(line)
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
	var legend []string
	for i, o := range w.opts {
		d := w.digits[i]
		l := d + " " + strings.TrimSpace(strings.TrimLeft(strings.TrimPrefix(o.Label.In(lang, def), d), " –-."))
		if b, ok := w.m.keys.missingBinding(o.Missing); ok && !w.client {
			l += " (" + b.Help().Key + ")"
		}
		legend = append(legend, l)
	}
	b.WriteString(st.muted.Render(wrapWords(strings.Join(legend, " · "), width)))
	return b.String()
}

func truncate(s string, n int) string {
	// Only the start can show: a cell takes at least one byte, so a long
	// text is cut first, and a frame costs the same whatever its length.
	if limit := 16*n + 64; len(s) > limit {
		cut := s[:limit]
		for len(cut) > 0 && !utf8.RuneStart(s[len(cut)]) {
			cut = cut[:len(cut)-1]
		}
		if t := ansi.Truncate(cut, n, "…"); strings.HasSuffix(t, "…") {
			return t
		}
		return ansi.Truncate(cut, n-1, "") + "…"
	}
	return ansi.Truncate(s, n, "…")
}

// wrapWords breaks text into lines no wider than width, breaking a word
// longer than a line, in time linear in the text's length.
func wrapWords(text string, width int) string {
	if width <= 0 {
		return text
	}
	return ansi.Wrap(strings.Join(strings.Fields(text), " "), width, "")
}
