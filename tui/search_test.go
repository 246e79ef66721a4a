package tui

import (
	"strings"
	"testing"

	"anketa/questionnaire"
)

// TestSearchPicksTheContactOffice: the contact office of the housing
// allowance questionnaire is a list of 77 workplaces, chosen by typing:
// "plzen" (no accents, any case) narrows it to the Plzeň ones, then the
// rest of the Plzeň region, and highlights the first; ↓ moves; Enter
// stores the highlighted one.
func TestSearchPicksTheContactOffice(t *testing.T) {
	q, err := questionnaire.LoadEmbedded("prispevek")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(q.Item("kontaktni_pracoviste").List.Options); n != 77 {
		t.Fatalf("%d contact workplaces, want one for each of 76 districts and Prague", n)
	}
	a := startApp(t, false, withQuestionnaire(q))
	a.waitFor("nový rozhovor")
	a.key("n")
	scr := a.waitFor("Hledat:")
	if !strings.Contains(scr, "77 z 77") || strings.Contains(scr, "›") {
		t.Fatalf("before typing: every option, none highlighted:\n%s", scr)
	}
	a.key("enter")
	a.waitFor("Odpověď je povinná")
	if v := a.session().Answer("kontaktni_pracoviste"); !v.IsEmpty() {
		t.Fatalf("Enter with nothing highlighted stored %v", v)
	}
	// A region finds its workplaces; nothing found says what to do, and
	// Enter then takes nothing.
	a.typeText("vysocina")
	a.waitFor("5 z 77")
	a.typeText("xyz")
	a.waitFor("Nic neodpovídá")
	a.key("enter")
	if v := a.session().Answer("kontaktni_pracoviste"); !v.IsEmpty() {
		t.Fatalf("Enter on no match stored %v", v)
	}
	for range len("vysocinaxyz") {
		a.key("backspace")
	}
	a.waitFor("77 z 77")
	a.typeText("PLZEN")
	scr = a.waitFor("7 z 77")
	if !strings.Contains(scr, "› ( ) Plzeň-jih") || strings.Contains(scr, "Praha") || strings.Index(scr, "Plzeň-sever") > strings.Index(scr, "Domažlice") {
		t.Fatalf("after typing plzen:\n%s", scr)
	}
	a.key("down")
	a.waitFor("› ( ) Plzeň-město")
	a.key("enter")
	a.waitFor("Předejte prosím počítač klientovi")
	if got := a.session().Answer("kontaktni_pracoviste").Text; got != "24" {
		t.Errorf("stored %q, want 24 (Plzeň-město)", got)
	}
}

// TestFold: accents and case do not matter.
func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Ústí nad Labem": "usti nad labem", "ŽĎÁR": "zdar", "Plzeň-město": "plzen-mesto"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
