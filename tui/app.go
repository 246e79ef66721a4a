package tui

import (
	tea "charm.land/bubbletea/v2"
)

// Run runs the app until the interviewer quits.
func Run(opt Options) error {
	_, err := tea.NewProgram(New(opt)).Run()
	return err
}
