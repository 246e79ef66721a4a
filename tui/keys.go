package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"anketa/questionnaire"
)

// keyMap is every key the app answers to, in one place; the screens match
// against it and their footers are drawn from its help.
type keyMap struct {
	// Interview.
	Pick, Next, Back, BackLeft, BackSpace, Toggle, Jump, Lang, Pause key.Binding
	DontKnow, Refused, NotApplicable                                 key.Binding
	// Lists: options, grid rows, review, resume, dialogs.
	Up, Down, Top, Bottom, Select, Close key.Binding
	// Home and the end of an interview.
	New, Other, Resume, Interviewer, UILang, HandIn, Home, Quit key.Binding
	// Fieldwork on the home screen: a client counted, a refusal, the
	// day's sampling.
	Count, Refusal, Sampling key.Binding
	// The pause dialog.
	DoPause, DoAbandon, DoContinue key.Binding
	// Unlock is the interviewer's chord on the client's screens.
	Unlock key.Binding
}

func newKeyMap(c catalog) keyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return keyMap{
		Pick:          b([]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1–9", c.t("k_pick")),
		Next:          b([]string{"enter", "tab"}, "enter", c.t("k_next")),
		Back:          b([]string{"shift+tab"}, "⇧tab", c.t("k_back")),
		BackLeft:      b([]string{"left"}, "←", c.t("k_back")),
		BackSpace:     b([]string{"backspace"}, "⌫", c.t("k_back")),
		Toggle:        b([]string{"space", "x"}, "space", c.t("k_toggle")),
		Jump:          b([]string{"ctrl+g"}, "ctrl+g", c.t("k_jump")),
		Lang:          b([]string{"f2"}, "F2", c.t("k_lang")),
		Pause:         b([]string{"esc", "ctrl+c"}, "esc", c.t("k_pause")),
		DontKnow:      b([]string{"f9"}, "F9", ""),
		Refused:       b([]string{"f10"}, "F10", ""),
		NotApplicable: b([]string{"f8"}, "F8", ""),
		Up:            b([]string{"up", "k"}, "↑↓", c.t("k_move")),
		Down:          b([]string{"down", "j"}, "↓", c.t("k_move")),
		Top:           b([]string{"home", "g"}, "home", ""),
		Bottom:        b([]string{"end", "G"}, "end", ""),
		Select:        b([]string{"enter"}, "enter", c.t("k_select")),
		Close:         b([]string{"esc"}, "esc", c.t("k_back")),
		New:           b([]string{"n", "enter", "1"}, "n", c.t("act_new")),
		Other:         b([]string{"s"}, "s", c.t("act_new_self")),
		Resume:        b([]string{"r", "2"}, "r", c.t("k_resume")),
		Interviewer:   b([]string{"t", "3"}, "t", c.t("act_interviewer")),
		UILang:        b([]string{"l", "4"}, "l", c.t("act_lang")),
		HandIn:        b([]string{"o", "5"}, "o", c.t("act_handin")),
		Home:          b([]string{"h", "esc"}, "h", c.t("k_home")),
		Quit:          b([]string{"q", "ctrl+c"}, "q", c.t("k_quit")),
		DoPause:       b([]string{"1", "p"}, "1", c.t("pause_pause")),
		DoAbandon:     b([]string{"2", "u", "a"}, "2", c.t("pause_abandon")),
		DoContinue:    b([]string{"3", "c", "esc"}, "esc", c.t("pause_continue")),
		Unlock:        b([]string{"ctrl+t"}, "ctrl+t", c.t("k_unlock")),
		Count:         b([]string{"k"}, "k", c.t("h_count")),
		Refusal:       b([]string{"x"}, "x", c.t("h_refusal")),
		Sampling:      b([]string{"v"}, "v", c.t("act_sampling")),
	}
}

// missingBinding returns the key for an option of a missing kind.
func (k keyMap) missingBinding(m questionnaire.MissingKind) (key.Binding, bool) {
	switch m {
	case questionnaire.DontKnow:
		return k.DontKnow, true
	case questionnaire.Refused:
		return k.Refused, true
	case questionnaire.NotApplicable:
		return k.NotApplicable, true
	}
	return key.Binding{}, false
}

// helpOf turns bindings into footer entries.
func helpOf(bs ...key.Binding) [][2]string {
	out := make([][2]string, 0, len(bs))
	for _, b := range bs {
		h := b.Help()
		out = append(out, [2]string{h.Key, h.Desc})
	}
	return out
}

// digitKeys gives each option the digit that picks it. When every option
// of the question's list has a one-digit code (the school scale 1–5 with
// "nevím" coded 9), the digit is the code; otherwise it is the position
// among the options shown, 1 to 9, and the tenth on have none.
func digitKeys(list *questionnaire.ChoiceList, opts []*questionnaire.Option) []string {
	out := make([]string, len(opts))
	byCode := list != nil && questionnaire.DigitsAreCodes(list.Options)
	for i, o := range opts {
		switch {
		case byCode:
			out[i] = o.Value
		case i < 9:
			out[i] = string(rune('1' + i))
		}
	}
	return out
}

// keySpan writes the digits in keys as the footer shows them: runs
// joined by a dash, as in 1–5 9.
func keySpan(keys []string) string {
	var digits []int
	for _, k := range keys {
		if k != "" {
			digits = append(digits, int(k[0]-'0'))
		}
	}
	var parts []string
	for i := 0; i < len(digits); {
		j := i
		for j+1 < len(digits) && digits[j+1] == digits[j]+1 {
			j++
		}
		if j > i+1 {
			parts = append(parts, string(rune('0'+digits[i]))+"–"+string(rune('0'+digits[j])))
		} else {
			for k := i; k <= j; k++ {
				parts = append(parts, string(rune('0'+digits[k])))
			}
		}
		i = j + 1
	}
	return strings.Join(parts, " ")
}
