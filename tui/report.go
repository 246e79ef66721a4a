package tui

import (
	"bytes"
	"io"

	"charm.land/lipgloss/v2"

	"anketa/export/report"
)

// ReportStyles are the colours of the report's terminal summary, in the
// app's palette.
func ReportStyles() report.Styles {
	render := func(s lipgloss.Style) func(string) string { return func(t string) string { return s.Render(t) } }
	return report.Styles{
		Title: render(lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#1d4e89"))),
		Head:  render(lipgloss.NewStyle().Bold(true)),
		Muted: render(lipgloss.NewStyle().Foreground(lipgloss.Color("#7b8794"))),
		Fav:   render(lipgloss.NewStyle().Foreground(lipgloss.Color("#1a7f4b"))),
		Unfav: render(lipgloss.NewStyle().Foreground(lipgloss.Color("#b2182b"))),
		Bar:   render(lipgloss.NewStyle().Foreground(lipgloss.Color("#1d4e89"))),
		Flag:  render(lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#b2182b"))),
	}
}

// WriteReport writes a report's terminal summary to w, in colour where w
// is a colour terminal and NO_COLOR is not set, in plain text elsewhere.
func WriteReport(w io.Writer, r *report.Report, width int) error {
	var b bytes.Buffer
	if err := r.WriteText(&b, width, ReportStyles()); err != nil {
		return err
	}
	_, err := lipgloss.Fprint(w, b.String())
	return err
}
