package tui

import (
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"anketa/questionnaire"
)

// gridWidget is a battery of grades on one screen: a digit grades the
// current row and moves to the next; after the last row the interview
// moves on. huh has no such field, so it is our own.
type gridWidget struct {
	iv     *interview
	g      *questionnaire.Item
	rows   []*questionnaire.Item
	opts   []*questionnaire.Option
	cursor int
}

func (iv *interview) newGrid(g *questionnaire.Item) *gridWidget {
	w := &gridWidget{iv: iv, g: g}
	for _, ch := range g.Children {
		if iv.state.Relevant(ch.Index) {
			w.rows = append(w.rows, ch)
		}
	}
	if len(w.rows) > 0 {
		w.opts = iv.state.Options(w.rows[0].Index)
	}
	// Start on the first row without an answer.
	for i, r := range w.rows {
		if iv.state.Answer(r.Index).IsEmpty() {
			w.cursor = i
			break
		}
	}
	return w
}

func (w *gridWidget) update(msg tea.Msg) (tea.Cmd, *answer) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(w.rows) == 0 {
		return nil, nil
	}
	pick := func(o *questionnaire.Option) *answer {
		row := w.rows[w.cursor]
		last := w.cursor == len(w.rows)-1
		if !last {
			w.cursor++
		}
		return &answer{item: row.Index, value: questionnaire.CodeValue(o.Value), advance: last}
	}
	keys := w.iv.m.keys
	switch {
	case key.Matches(k, keys.Pick):
		if n := int(k.String()[0] - '1'); n < len(w.opts) {
			return nil, pick(w.opts[n])
		}
	case key.Matches(k, keys.Up):
		w.cursor = max(0, w.cursor-1)
	case key.Matches(k, keys.Down):
		w.cursor = min(len(w.rows)-1, w.cursor+1)
	case key.Matches(k, keys.Next):
		return nil, &answer{item: -1, advance: true}
	default:
		for _, o := range w.opts {
			if b, ok := keys.missingBinding(int(o.Missing)); ok && key.Matches(k, b) {
				return nil, pick(o)
			}
		}
	}
	return nil, nil
}

func (w *gridWidget) view(width int) string {
	st := w.iv.m.styles
	lang, def := w.iv.lang, w.iv.q.DefaultLanguage()
	labelW := 0
	for _, r := range w.rows {
		labelW = max(labelW, lipgloss.Width(r.Label.In(lang, def)))
	}
	labelW = min(labelW, max(16, width-6*len(w.opts)-6))
	var b strings.Builder
	b.WriteString(st.label.Render(w.iv.state.Label(w.g.Index, lang)) + "\n\n")
	b.WriteString(strings.Repeat(" ", labelW+4))
	for i := range w.opts {
		b.WriteString(fmt.Sprintf("%-5s", fmt.Sprint(i+1)))
	}
	b.WriteString("\n")
	for i, r := range w.rows {
		pointer := "  "
		if i == w.cursor {
			pointer = st.cursor.Render("› ")
		}
		label := truncate(r.Label.In(lang, def), labelW)
		line := pointer + label + strings.Repeat(" ", labelW-lipgloss.Width(label)+2)
		v := w.iv.state.Answer(r.Index)
		for _, o := range w.opts {
			cell := "( )  "
			if v.Kind == questionnaire.KindCode && v.Text == o.Value {
				cell = st.selected.Render("(●)") + "  "
			}
			line += cell
		}
		if i == w.cursor {
			line = lipgloss.NewStyle().Bold(true).Render(line)
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
	var legend []string
	for i, o := range w.opts {
		l := fmt.Sprintf("%d %s", i+1, strings.TrimSpace(strings.TrimPrefix(o.Label.In(lang, def), fmt.Sprint(i+1)+" –")))
		if b, ok := w.iv.m.keys.missingBinding(int(o.Missing)); ok {
			l += " (" + b.Help().Key + ")"
		}
		legend = append(legend, l)
	}
	b.WriteString(st.muted.Render(wrapWords(strings.Join(legend, " · "), width)))
	return b.String()
}

func (w *gridWidget) textual() bool { return false }
func (w *gridWidget) empty() bool   { return true }

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
