package tui

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"anketa/questionnaire"
)

// LongList is the number of options above which a select_one is chosen by
// typing to filter, whatever its appearance: digits cannot reach them.
const LongList = 30

// searchRows is how many matching options the list shows at once.
const searchRows = 10

// wantsSearch reports whether a select_one is chosen by typing to filter:
// appearance autocomplete or search (ODK's words, "minimal autocomplete"
// included), or a long list.
func wantsSearch(it *questionnaire.Item, opts int) bool {
	if it.Type != questionnaire.SelectOne {
		return false
	}
	for _, w := range strings.Fields(it.Appearance) {
		if w == "autocomplete" || w == "search" || strings.HasPrefix(w, "search(") {
			return true
		}
	}
	return opts > LongList
}

// searchWidget is a select_one of a long list, such as the Labour
// Office's contact workplaces: the interviewer types part of a name (no
// matter the case or the accents: "plzen" finds Plzeň-město), the list
// narrows to the options whose label or group contains it, ↑↓ move, and
// Enter takes the highlighted option, which is always the first match
// after typing. F8–F10 pick a missing answer.
type searchWidget struct {
	m      *Model
	it     *questionnaire.Item
	client bool
	opts   []*questionnaire.Option
	folded []string // each option's label, attributes and code, folded for matching
	labels []string // each option's label alone, folded
	filter string
	// matches are the options the filter lets through, by position in
	// opts; cursor is the highlighted one among them, or -1; top is the
	// first match shown.
	matches []int
	cursor  int
	top     int
	stored  string
}

func (m *Model) newSearch(it *questionnaire.Item, value questionnaire.Value, client bool) *searchWidget {
	iv := m.iv
	w := &searchWidget{m: m, it: it, client: client, cursor: -1}
	w.opts = iv.State().Options(it.Index)
	if stored := iv.State().Answer(it.Index); stored.Kind == questionnaire.KindCode {
		w.stored = stored.Text
	}
	w.folded, w.labels = m.foldOptions(w.opts)
	w.refilter()
	if value.Kind == questionnaire.KindCode {
		for k, i := range w.matches {
			if w.opts[i].Value == value.Text {
				w.cursor = k
				w.top = max(0, k-searchRows/2)
			}
		}
	}
	return w
}

// sortedAttrs are an option's attribute values (its region), in the
// order of the list's attribute names.
func sortedAttrs(o *questionnaire.Option) []string {
	if len(o.Attrs) == 0 {
		return nil
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(o.Attrs)) {
		out = append(out, o.Attrs[k])
	}
	return out
}

// fold lowers the case and drops the accents, so that the interviewer
// may type "cesky" for "Český" or "usti" for "Ústí".
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

func (w *searchWidget) optionLabel(o *questionnaire.Option) string {
	iv := w.m.iv
	return o.Label.In(iv.Lang(), iv.Questionnaire().DefaultLanguage())
}

// refilter finds the matches of the filter (see match). After typing,
// the first match is highlighted, so that Enter takes what the screen
// shows.
func (w *searchWidget) refilter() {
	w.matches = match(w.folded, w.labels, w.filter, w.matches[:0])
	w.cursor, w.top = -1, 0
	if w.filter != "" && len(w.matches) > 0 {
		w.cursor = 0
	}
}

// match appends to out the options whose folded text (label, attributes
// and code) holds every word of filter: those whose label starts with it
// first, then those whose label holds it, then those found by their
// region or code, each in the list's order.
func match(folded, labels []string, filter string, out []int) []int {
	words := strings.Fields(fold(filter))
	var ranked [3][]int
	for i, f := range folded {
		ok, inLabel := true, true
		for _, x := range words {
			ok = ok && strings.Contains(f, x)
			inLabel = inLabel && strings.Contains(labels[i], x)
		}
		switch {
		case !ok:
		case inLabel && len(words) > 0 && strings.HasPrefix(labels[i], words[0]):
			ranked[0] = append(ranked[0], i)
		case inLabel:
			ranked[1] = append(ranked[1], i)
		default:
			ranked[2] = append(ranked[2], i)
		}
	}
	return append(append(append(out, ranked[0]...), ranked[1]...), ranked[2]...)
}

// searchOptions are the positions of the options that typed words find,
// by the full screen's rules.
func (m *Model) searchOptions(opts []*questionnaire.Option, typed string) []int {
	folded, labels := m.foldOptions(opts)
	return match(folded, labels, typed, nil)
}

// foldOptions folds each option's label with its attributes and code,
// and its label alone, for match.
func (m *Model) foldOptions(opts []*questionnaire.Option) (folded, labels []string) {
	iv := m.iv
	for _, o := range opts {
		label := o.Label.In(iv.Lang(), iv.Questionnaire().DefaultLanguage())
		text := label
		for _, a := range sortedAttrs(o) {
			text += " " + a
		}
		folded = append(folded, fold(text+" "+o.Value))
		labels = append(labels, fold(label))
	}
	return folded, labels
}

func (w *searchWidget) init() tea.Cmd                                            { return nil }
func (w *searchWidget) textual() bool                                            { return true }
func (w *searchWidget) empty() bool                                              { return w.filter == "" }
func (w *searchWidget) refused(*questionnaire.Item, questionnaire.Value) tea.Cmd { return nil }

func (w *searchWidget) current() questionnaire.Value {
	if w.cursor < 0 || w.cursor >= len(w.matches) {
		return questionnaire.Value{}
	}
	return questionnaire.CodeValue(w.opts[w.matches[w.cursor]].Value)
}

func (w *searchWidget) move(by int) {
	if len(w.matches) == 0 {
		return
	}
	switch {
	case w.cursor < 0 && by > 0:
		w.cursor = 0
	case w.cursor < 0:
		w.cursor = len(w.matches) - 1
	default:
		w.cursor = (w.cursor + by + len(w.matches)) % len(w.matches)
	}
	if w.cursor < w.top {
		w.top = w.cursor
	}
	if w.cursor >= w.top+searchRows {
		w.top = w.cursor - searchRows + 1
	}
}

func (w *searchWidget) update(msg tea.Msg) (tea.Cmd, *answer) {
	if p, ok := msg.(tea.PasteMsg); ok {
		w.filter += strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, p.Content)
		w.refilter()
		return nil, nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	keys := w.m.keys
	if !w.client {
		for _, o := range w.opts {
			if b, ok := keys.missingBinding(o.Missing); ok && key.Matches(k, b) {
				return nil, &answer{item: w.it.Index, value: questionnaire.CodeValue(o.Value)}
			}
		}
	}
	switch s := k.String(); {
	case s == "up":
		w.move(-1)
	case s == "down":
		w.move(1)
	case s == "pgup":
		w.move(-searchRows)
	case s == "pgdown":
		w.move(searchRows)
	case s == "backspace":
		if r := []rune(w.filter); len(r) > 0 {
			w.filter = string(r[:len(r)-1])
			w.refilter()
		}
	case s == "ctrl+u":
		w.filter = ""
		w.refilter()
	case key.Matches(k, keys.Next):
		return nil, &answer{item: w.it.Index, value: w.current()}
	case k.Text != "":
		w.filter += k.Text
		w.refilter()
	}
	return nil, nil
}

func (w *searchWidget) keys() [][2]string {
	return [][2]string{{"abc", w.m.ui.t("k_filter")}, {"↑↓", w.m.keys.Up.Help().Desc}}
}

func (w *searchWidget) view(width int) string {
	st := w.m.styles
	var b strings.Builder
	b.WriteString(w.m.heading(w.it, width, w.client) + "\n")
	b.WriteString(st.key.Render(w.m.ui.t("search_prompt")) + " " + w.filter + st.cursor.Render("▏") + "  " +
		st.muted.Render(w.m.ui.t("search_count", len(w.matches), len(w.opts))) + "\n\n")
	if len(w.matches) == 0 {
		b.WriteString(st.muted.Render(w.m.ui.t("search_none")))
		return b.String()
	}
	end := min(len(w.matches), w.top+searchRows)
	if w.top > 0 {
		b.WriteString(st.muted.Render(fmt.Sprintf("  ↑ %d", w.top)) + "\n")
	}
	for k := w.top; k < end; k++ {
		o := w.opts[w.matches[k]]
		mark := "( ) "
		if o.Value == w.stored {
			mark = "(●) "
		}
		line := mark + w.optionLabel(o)
		if attrs := sortedAttrs(o); len(attrs) > 0 {
			line += "  " + st.muted.Render(strings.Join(attrs, ", "))
		}
		w.m.optionRow(&b, line, o.Missing, k == w.cursor, width)
	}
	if rest := len(w.matches) - end; rest > 0 {
		b.WriteString(st.muted.Render(fmt.Sprintf("  ↓ %d", rest)) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
