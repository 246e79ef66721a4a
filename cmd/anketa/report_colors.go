package main

import (
	"bytes"
	"io"

	"charm.land/lipgloss/v2"

	"anketa/export/report"
)

// The report's terminal colours are wired here, not in the interviewer
// app's package, which links no report code.

// reportStyles are the colours of the report's terminal summary, in the
// app's palette.
func reportStyles() report.Styles {
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

// writeReport writes a report's terminal summary to w, in colour where w
// is a colour terminal and NO_COLOR is not set, in plain text elsewhere.
func writeReport(w io.Writer, r *report.Report, width int) error {
	var b bytes.Buffer
	if err := r.WriteText(&b, width, reportStyles()); err != nil {
		return err
	}
	_, err := lipgloss.Fprint(w, b.String())
	return err
}
