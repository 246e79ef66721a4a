package review

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"anketa/export"
	"anketa/export/report"
	"anketa/questionnaire"
	"anketa/storage"
)

func press(m *Model, keys ...string) {
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "tab":
			msg = tea.KeyPressMsg{Code: tea.KeyTab}
		case "down":
			msg = tea.KeyPressMsg{Code: tea.KeyDown}
		default:
			msg = tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
		}
		m.Update(msg)
	}
}

// TestReviewScreens: the flagged are listed; Tab lists all; a search by
// interviewer narrows the list and Esc clears it; a approves, and the
// decision is in the review store.
func TestReviewScreens(t *testing.T) {
	q, _ := questionnaire.Default()
	dir := t.TempDir()
	if _, err := export.Generate(export.GenerateOptions{Questionnaire: q, Sessions: 200, Stores: 1, Seed: 3, Dir: dir}); err != nil {
		t.Fatal(err)
	}
	rv, err := report.Flags(report.FlagOptions{Paths: []string{dir}})
	if err != nil || rv.Flagged == 0 {
		t.Fatalf("flags: %v, %d flagged", err, rv.Flagged)
	}
	store, err := storage.OpenReview(filepath.Join(dir, "review.db"), rv.QuestionnaireID)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	m := New(Options{Paths: []string{dir}, Review: rv, Store: store, Reviewer: "K1", UILang: "en"})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if len(m.rows) != rv.Flagged {
		t.Fatalf("%d rows listed, %d flagged", len(m.rows), rv.Flagged)
	}
	press(m, "tab")
	if len(m.rows) != len(rv.Sessions) {
		t.Errorf("tab lists %d of %d", len(m.rows), len(rv.Sessions))
	}
	who := rv.Sessions[0].Interviewer
	press(m, "/")
	m.Update(tea.PasteMsg{Content: who})
	press(m, "enter")
	for _, r := range m.rows {
		if r.Interviewer != who {
			t.Fatalf("the search for %s lists %s", who, r.Interviewer)
		}
	}
	if scr := ansi.Strip(m.render()); !strings.Contains(scr, "searching: "+who) {
		t.Errorf("the search is not shown:\n%s", scr)
	}
	first := m.current()
	press(m, "a")
	if first.Decision == nil || first.Decision.Verdict != storage.Approved || !strings.Contains(m.notice, "approved") {
		t.Fatalf("approve: %+v %q", first.Decision, m.notice)
	}
	press(m, "esc")
	if len(m.rows) != len(rv.Sessions) {
		t.Errorf("esc did not clear the search: %d rows", len(m.rows))
	}
	var got []storage.Decision
	store.Decisions(func(d storage.Decision) { got = append(got, d) }, nil)
	if len(got) != 1 || got[0].Session != first.ID || got[0].Reviewer != "K1" {
		t.Errorf("decisions in the store: %+v", got)
	}
}
