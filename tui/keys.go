package tui

import "charm.land/bubbles/v2/key"

// keyMap is every key the app answers to, in one place.
type keyMap struct {
	Next, Back, Jump, Lang, Pause, Quit, DontKnow, Refused, NotApplicable  key.Binding
	Up, Down, Select, Home, New, Resume, Interviewer, UILang, Pick, Toggle key.Binding
}

func newKeyMap(c catalog) keyMap {
	return keyMap{
		Next:          key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", c.t("k_next"))),
		Back:          key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("⇧tab/←", c.t("k_back"))),
		Jump:          key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", c.t("k_jump"))),
		Lang:          key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", c.t("k_lang"))),
		Pause:         key.NewBinding(key.WithKeys("ctrl+c", "esc"), key.WithHelp("esc", c.t("k_pause"))),
		Quit:          key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", c.t("k_quit"))),
		DontKnow:      key.NewBinding(key.WithKeys("f9"), key.WithHelp("F9", "")),
		Refused:       key.NewBinding(key.WithKeys("f10"), key.WithHelp("F10", "")),
		NotApplicable: key.NewBinding(key.WithKeys("f8"), key.WithHelp("F8", "")),
		Up:            key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑↓", c.t("k_move"))),
		Down:          key.NewBinding(key.WithKeys("down", "j")),
		Select:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.t("k_select"))),
		Home:          key.NewBinding(key.WithKeys("h"), key.WithHelp("h", c.t("k_home"))),
		New:           key.NewBinding(key.WithKeys("n", "enter"), key.WithHelp("n", c.t("act_new"))),
		Resume:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "")),
		Interviewer:   key.NewBinding(key.WithKeys("t"), key.WithHelp("t", c.t("act_interviewer"))),
		UILang:        key.NewBinding(key.WithKeys("l"), key.WithHelp("l", c.t("act_lang"))),
		Pick:          key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1–9", c.t("k_pick"))),
		Toggle:        key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("space", c.t("k_toggle"))),
	}
}
