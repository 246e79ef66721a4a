package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestODKConstructsInATerminal runs an ODK workbook with what ODK forms
// bring, in a real terminal: a note that blocks a minor, a range answered
// with the arrows, a date and time typed as the interviewer writes it, an
// acknowledgement, a start time worked out once. The store must hold what
// the screens showed.
func TestODKConstructsInATerminal(t *testing.T) {
	term := newTerminal(t)
	form := filepath.Join(t.TempDir(), "odk.xlsx")
	sheets := map[string][][]any{
		"survey": {
			{"type", "name", "label::English (en)", "required", "required_message::English (en)", "relevant", "parameters", "calculation"},
			{"calculate", "began", "", "", "", "", "", "once(format-date-time(now(), '%Y-%m-%d'))"},
			{"integer", "age", "How old are you?", "yes"},
			{"note", "minor", "Only adults may take part.", "yes", "Stop: the client is under 18.", "${age} < 18"},
			{"range", "rating", "Rate us from 1 to 5", "yes", "", "", "start=1 end=5 step=1"},
			{"datetime", "visit", "When did you come?", "yes"},
			{"acknowledge", "consent", "I agree to take part", "yes"},
			{"note", "bye", "Thank you"},
		},
		"settings": {{"form_title", "form_id", "version"}, {"ODK constructs", "odk constructs: 2026", "1"}},
	}
	saveWorkbook(t, form, []string{"survey", "settings"}, sheets)

	term.run("en_US.UTF-8", "--store "+term.store+" --questionnaire "+form)
	term.waitFor("Interviewer code")
	term.keys("T07", "Enter")
	term.answer("n", "How old are you?")
	term.keys("15")
	term.answer("Enter", "Only adults may take part.")
	term.answer("Enter", "Stop: the client is under 18.")
	term.waitFor("Only adults may take part.") // still there: the note blocks
	term.answer("S-Tab", "How old are you?")
	term.keys("BSpace", "BSpace", "30")
	term.answer("Enter", "Rate us from 1 to 5")
	term.keys("Up", "Up", "Up", "Down") // 1, 2, 3, then back to 2
	term.waitFor("2")
	term.answer("Enter", "When did you come?")
	term.keys("2.12.2026 8:40")
	term.answer("Enter", "I agree to take part")
	term.answer("1", "Thank you")
	term.answer("Enter", "Review the answers")
	term.answer("Enter", "complete")
	term.quit()

	got := stored(t, term.store)
	if len(got) != 1 {
		t.Fatalf("the store holds %d sessions: %v", len(got), got)
	}
	for _, want := range []string{"completed", "age=30", "rating=2", "visit=2026-12-02T08:40", "consent=OK", "began=20"} {
		if !strings.Contains(got[0], want) {
			t.Errorf("the store holds %s; it lacks %s", got[0], want)
		}
	}
}
