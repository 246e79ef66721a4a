package tui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"anketa/questionnaire"
	"anketa/storage"
)

// The next question's form is built while the current one is read; it
// is used when it is what would be built after the answer, and not when
// the answer changes it (here a label that quotes the answer).
func TestFormsBuiltAheadAreUsedOnlyWhenTheyFit(t *testing.T) {
	q, err := questionnaire.Parse("ahead.yaml", []byte(`
id: ahead
version: "1"
title: Ahead
choices:
  l: [{value: "1", label: one}, {value: "2", label: two}]
questions:
  - {name: a, type: select_one l, label: First}
  - {name: b, type: select_one l, label: Second}
  - {name: c, type: text, label: "You said ${b}"}
`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(filepath.Join(t.TempDir(), "anketa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetSetting("interviewer", "T07")
	m := New(Options{Questionnaire: q, Store: s, UILang: "en"})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	drain(m, m.startInterview())

	if m.iv.next == nil || m.iv.next.spec.it.Name != "b" {
		t.Fatalf("on a, b's form should have been built ahead: %+v", m.iv.next)
	}
	ahead := m.iv.next.w
	_, cmd := m.Update(keyMsg("1"))
	if m.iv.w != ahead {
		t.Error("b's form, built ahead and still right, was built again")
	}
	drain(m, cmd)
	if m.iv.next == nil || m.iv.next.spec.it.Name != "c" {
		t.Fatalf("on b, c's form should have been built ahead: %+v", m.iv.next)
	}
	stale := m.iv.next.w
	_, cmd = m.Update(keyMsg("2"))
	drain(m, cmd)
	if m.iv.w == stale {
		t.Error("c's form built before b was answered was used; its label is out of date")
	}
	if screen := m.render(); !strings.Contains(screen, "You said two") {
		t.Errorf("the screen should quote the answer:\n%s", screen)
	}
}

// TestTruncateLongTexts: a long text is cut to the width with an
// ellipsis, whatever its length; a short one is left as it is.
func TestTruncateLongTexts(t *testing.T) {
	for _, n := range []int{5, 60} {
		for _, text := range []string{strings.Repeat("ž", 100_000), strings.Repeat("ab ", 50_000), strings.Repeat("界", 10_000)} {
			got := truncate(text, n)
			if w := lipgloss.Width(got); w > n || !strings.HasSuffix(got, "…") {
				t.Errorf("truncate(%d bytes, %d) = %q (width %d)", len(text), n, got[:min(len(got), 40)], w)
			}
		}
	}
	if got := truncate("krátké", 60); got != "krátké" {
		t.Errorf("a short text: %q", got)
	}
}
