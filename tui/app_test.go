package tui

import (
	tea "charm.land/bubbletea/v2"

	"strings"
	"testing"

	"anketa/questionnaire"
	"anketa/storage"
)

func TestFirstRunAsksForTheInterviewer(t *testing.T) {
	a := startApp(t, true)
	a.waitFor("Kód tazatele")
	a.golden("login")
	a.key("enter") // empty: refused
	a.waitFor("Zadejte kód tazatele.")
	a.typeText("T07")
	a.key("enter")
	a.waitFor("Tazatel: T07")
	if code, _ := a.store.Setting("interviewer"); code != "T07" {
		t.Errorf("interviewer in the store = %q, want T07", code)
	}
}

func TestHomeScreen(t *testing.T) {
	a := startApp(t, false)
	a.waitFor("nový rozhovor")
	a.golden("home")
	a.key("l")
	a.waitFor("new interview")
}

// TestWholeInterview completes the default questionnaire with digits,
// Enter and text, then checks the store holds exactly those answers.
func TestWholeInterview(t *testing.T) {
	a := startApp(t, false)
	a.waitFor("nový rozhovor")
	a.key("n")
	a.waitFor("Pracoviště")
	a.golden("select_one")
	a.key("2")
	a.waitFor("S čím jste dnes")
	a.key("1")
	a.waitFor("Kolikrát jste")
	a.typeText("3")
	a.key("tab") // Tab moves on as Enter does
	a.waitFor("Jak celkově hodnotíte")
	a.key("4")
	a.waitFor("dobu čekání")
	a.golden("grid_empty")
	a.key("1", "2", "3", "f9")
	a.waitFor("(●)  ( )  ( )  ( )  ( )  ( )") // the first row took 1
	a.golden("grid_partly")
	a.key("1")
	a.waitFor("Jak složité")
	a.key("2")
	a.waitFor("Hodnotil/a jste „4 – dostatečně“")
	a.typeText("delší otevírací doba")
	a.key("enter")
	a.waitFor("Děkujeme za váš čas")
	a.golden("note")
	a.key("enter")
	a.waitFor("Kontrola odpovědí")
	a.golden("review")
	a.key("enter")
	a.waitFor("uložen jako dokončený")

	sess := a.session()
	if sess.Status != storage.Completed {
		t.Fatalf("status %s, want completed", sess.Status)
	}
	want := map[string]string{
		"pracoviste": "2", "duvod": "21", "navstev": "3", "celkove": "4", "cekani": "1", "ochota": "2",
		"srozumitelnost": "3", "oteviraci_doba": "9", "prostredi": "1", "slozitost": "2", "navrh": "delší otevírací doba",
	}
	if len(sess.Answers) != len(want) {
		t.Errorf("%d answers stored, want %d: %v", len(sess.Answers), len(want), sess.Answers)
	}
	for name, v := range want {
		if got := sess.Answer(name).String(); got != v {
			t.Errorf("%s = %q, want %q", name, got, v)
		}
	}
	if got := sess.Answer("navstev").Kind; got != questionnaire.KindInteger {
		t.Errorf("navstev stored as %v, want integer", got)
	}
	// The next client: the workplace is offered from the previous interview.
	a.key("enter")
	a.waitFor("Pracoviště")
	scr := a.waitFor("> 2  Odbor správních činností")
	if !strings.Contains(scr, "0/10") {
		t.Errorf("a persisted answer must not count until confirmed:\n%s", scr)
	}
	a.key("enter")
	a.waitFor("S čím jste dnes")
	if got := a.session().Answer("pracoviste").Text; got != "2" {
		t.Errorf("Enter on the persisted workplace stored %q", got)
	}
}

func TestEveryQuestionType(t *testing.T) {
	a := startApp(t, false, withQuestionnaire(loadTypes(t)))
	a.waitFor("nový rozhovor")
	a.key("n")
	a.waitFor("Úvodní poznámka")
	a.key("enter")
	a.waitFor("Jste tu poprvé?")
	a.key("enter") // required, nothing chosen yet
	a.waitFor("Vyberte možnost číslicí")
	a.key("f10")
	a.waitFor("Jak jste nás kontaktoval/a?")
	a.key("space", "down", "down", "space")
	scr := a.waitFor("[•] web")
	for _, o := range []string{"telefon", "přepážka", "nevím  [F9]"} {
		if !strings.Contains(scr, o) {
			t.Errorf("option %q is not on screen:\n%s", o, scr)
		}
	}
	a.golden("select_multiple")
	a.key("enter")
	a.waitFor("Kolik je vám let?")
	a.golden("integer")
	a.typeText("42")
	a.key("enter")
	a.waitFor("Kolik km")
	a.typeText("12,5")
	a.golden("decimal")
	a.key("enter")
	a.waitFor("Kdy jste podal/a")
	a.golden("date")
	a.typeText("3.11.2026")
	a.key("enter")
	a.waitFor("Poznámka")
	a.golden("text")
	a.typeText("=SUM(A1)")
	a.key("enter")
	a.waitFor("Kontrola odpovědí")
	a.key("enter")
	a.waitFor("uložen jako dokončený")

	s := a.session()
	check := func(name string, want questionnaire.Value) {
		t.Helper()
		if got := s.Answer(name); !got.Equal(want) {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	check("poprve", questionnaire.CodeValue("9"))
	check("kanaly", questionnaire.CodesValue("1", "3"))
	check("vek", questionnaire.IntValue(42))
	check("vzdalenost", questionnaire.DecimalValue(12.5))
	check("datum", questionnaire.Value{Kind: questionnaire.KindDate, Text: "2026-11-03"})
	check("poznamka", questionnaire.TextValue("=SUM(A1)"))
}

func TestValidationErrorAndBackIsNeverBlocked(t *testing.T) {
	a := startApp(t, false)
	a.waitFor("nový rozhovor")
	a.key("n")
	a.waitFor("Pracoviště")
	a.key("1")
	a.waitFor("S čím jste dnes")
	a.key("2")
	a.waitFor("Kolikrát jste")
	a.typeText("40")
	a.key("enter")
	scr := a.waitFor("Zadejte počet od 1 do 30.")
	if !strings.Contains(scr, "> 40") {
		t.Errorf("the refused answer is not on screen beside its message:\n%s", scr)
	}
	a.golden("validation_error")
	if v := a.session().Answer("navstev"); !v.IsEmpty() {
		t.Errorf("a refused answer was stored: %v", v)
	}
	a.key("shift+tab")
	a.waitFor("S čím jste dnes")
	a.key("backspace") // on a list, backspace goes back too
	a.waitFor("Pracoviště")
	evs, _ := a.store.Events(a.session().ID)
	var backs int
	for _, e := range evs {
		if e.Kind == storage.EventBack {
			backs++
		}
	}
	if backs != 2 {
		t.Errorf("%d back events logged, want 2", backs)
	}
}

func TestPauseAndResume(t *testing.T) {
	a := startApp(t, false)
	a.waitFor("nový rozhovor")
	a.key("n")
	a.waitFor("Pracoviště")
	a.key("3")
	a.waitFor("S čím jste dnes")
	a.key("esc")
	a.waitFor("Přerušit rozhovor?")
	a.golden("pause")
	a.key("1")
	a.waitFor("pokračovat v rozpracovaném (1)")
	sess := a.session()
	if sess.Status != storage.InProgress || sess.Answer("pracoviste").Text != "3" {
		t.Fatalf("paused session: %s %v", sess.Status, sess.Answers)
	}
	a.key("r")
	a.waitFor("Rozpracované rozhovory")
	a.waitFor("Živnostenský úřad") // the workplace identifies it
	a.key("enter")
	a.waitFor("S čím jste dnes") // where it was left
	a.key("esc")
	a.waitFor("Přerušit rozhovor?")
	a.key("2")
	a.waitFor("Proč rozhovor končí?")
	a.typeText("klient odešel")
	a.key("enter")
	a.waitFor("nový rozhovor")
	if s := a.session(); s.Status != storage.Abandoned || s.Reason != "klient odešel" {
		t.Errorf("abandoned session: %s %q", s.Status, s.Reason)
	}
}

func TestJumpListAndLanguage(t *testing.T) {
	a := startApp(t, false)
	a.waitFor("nový rozhovor")
	a.key("n")
	a.waitFor("Pracoviště")
	a.key("1")
	a.waitFor("S čím jste dnes")
	a.key("f2")
	a.waitFor("What brought you to the office today?")
	a.waitFor("Driving licence")
	if s := a.session(); s.Language != "en" || s.Answer("pracoviste").Text != "1" {
		t.Errorf("after switching: language %s, answers %v", s.Language, s.Answers)
	}
	a.key("ctrl+g")
	a.waitFor("Přejít na otázku")
	a.key("up", "enter")
	a.waitFor("Workplace")
	a.key("esc")
	a.waitFor("Přerušit rozhovor?")
	a.key("esc")
	a.waitFor("Workplace")
}

func TestTooSmall(t *testing.T) {
	a := startApp(t, false, withSize(50, 12))
	a.waitFor("příliš malé")
	a.golden("too_small")
}

func TestPracticeIsMarked(t *testing.T) {
	a := startApp(t, false, practice())
	a.waitFor("CVIČNĚ")
	a.key("n")
	scr := a.waitFor("Pracoviště")
	if !strings.Contains(scr, "CVIČNĚ") {
		t.Errorf("the interview screen does not say practice:\n%s", scr)
	}
}

// TestLongPasteIsRefused: a paste longer than the questionnaire's text
// limit is refused with its length, never cut and saved.
func TestLongPasteIsRefused(t *testing.T) {
	a := startApp(t, false)
	a.waitFor("nový rozhovor")
	a.key("n")
	a.waitFor("Pracoviště")
	a.key("2")
	a.waitFor("S čím jste dnes")
	a.key("1")
	a.waitFor("Kolikrát jste")
	a.typeText("3")
	a.key("enter")
	a.waitFor("Jak celkově hodnotíte")
	a.key("4")
	a.waitFor("dobu čekání")
	a.key("1", "2", "3", "4", "5")
	a.waitFor("Jak složité")
	a.key("2")
	a.waitFor("Co bychom měli zlepšit")
	a.tm.Send(tea.PasteMsg{Content: strings.Repeat("a", 10_000)})
	a.key("enter")
	a.waitFor("Text smí mít nejvýše 2000 znaků; tento má 10000.")
	if got := a.session().Answer("navrh"); !got.IsEmpty() {
		t.Errorf("a refused paste was saved: %d characters", len(got.Text))
	}
}
