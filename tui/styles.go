package tui

import (
	"image/color"
	"sync"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// styles are every style the app draws with. Colours are downsampled by
// Bubble Tea to what the terminal supports, and dropped under NO_COLOR.
type styles struct {
	header, title, practice, muted, label, hint, errText, saved, selected, cursor, footer, key, box, bar, barEmpty lipgloss.Style
	// The client's screens: the question, an option, the chosen option.
	clientLabel, clientOption, clientChosen lipgloss.Style
}

var (
	accent = lipgloss.Color("#3B82F6")
	green  = lipgloss.Color("#16A34A")
	red    = lipgloss.Color("#DC2626")
	amber  = lipgloss.Color("#D97706")
	gray   = lipgloss.Color("#6B7280")
)

func newStyles() styles {
	return styles{
		header:   lipgloss.NewStyle().Bold(true),
		title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		practice: lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFFFF")).Background(amber).Padding(0, 1),
		muted:    lipgloss.NewStyle().Foreground(gray),
		label:    lipgloss.NewStyle().Bold(true),
		hint:     lipgloss.NewStyle().Foreground(gray).Italic(true),
		errText:  lipgloss.NewStyle().Foreground(red).Bold(true),
		saved:    lipgloss.NewStyle().Foreground(green),
		selected: lipgloss.NewStyle().Foreground(accent).Bold(true),
		cursor:   lipgloss.NewStyle().Foreground(accent).Bold(true),
		footer:   lipgloss.NewStyle().Foreground(gray),
		key:      lipgloss.NewStyle().Bold(true),
		box:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 2),
		bar:      lipgloss.NewStyle().Foreground(accent),
		barEmpty: lipgloss.NewStyle().Foreground(gray),

		clientLabel:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		clientOption: lipgloss.NewStyle().Bold(true),
		clientChosen: lipgloss.NewStyle().Bold(true).Reverse(true),
	}
}

// formTheme is huh's base theme with our accent, so that the question
// forms look like the rest of the app. huh asks for the theme for every
// option it draws, so it is built once per background and shared.
func formTheme() huh.Theme { return cachedTheme }

var cachedTheme = func() huh.Theme {
	var light, dark *huh.Styles
	var once sync.Once
	return huh.ThemeFunc(func(isDark bool) *huh.Styles {
		once.Do(func() { light, dark = buildTheme(false), buildTheme(true) })
		if isDark {
			return dark
		}
		return light
	})
}()

func buildTheme(isDark bool) *huh.Styles {
	t := huh.ThemeBase(isDark)
	var a color.Color = accent
	t.Focused.Title = t.Focused.Title.Foreground(a).Bold(true)
	t.Focused.SelectSelector = t.Focused.SelectSelector.Foreground(a)
	t.Focused.MultiSelectSelector = t.Focused.MultiSelectSelector.Foreground(a)
	t.Focused.SelectedOption = t.Focused.SelectedOption.Foreground(a)
	t.Focused.SelectedPrefix = t.Focused.SelectedPrefix.Foreground(a)
	t.Focused.ErrorMessage = t.Focused.ErrorMessage.Foreground(red)
	t.Focused.ErrorIndicator = t.Focused.ErrorIndicator.Foreground(red)
	t.Focused.Base = t.Focused.Base.BorderForeground(a)
	return t
}
