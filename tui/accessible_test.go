package tui

import (
	"bytes"
	"strings"
	"testing"

	"anketa/questionnaire"
	"anketa/storage"
)

// TestAccessible answers the default questionnaire line by line, as a
// screen reader user would: going back, a wrong number, "nevím" by its
// code 9, the language switched and back, an answer changed from the
// review; then a second interview that is offered the workplace and is
// abandoned with a reason from the list.
func TestAccessible(t *testing.T) {
	s := openStore(t)
	s.SetSetting("interviewer", "")
	q, _ := questionnaire.Default()
	input := strings.Join([]string{
		"t07",                   // interviewer, upper-cased
		"n",                     // new interview
		"1",                     // pracoviste
		"<",                     // back
		"",                      // Enter keeps the workplace
		"2",                     // duvod: Řidičský průkaz
		"99",                    // navstev: out of range
		"2",                     // navstev
		"!j",                    // English
		"5",                     // celkove
		"!j",                    // Czech again
		"1", "1", "2", "2", "9", // the grid, 9 = nevím
		"3",      // slozitost
		"fronty", // navrh
		"",       // the note
		"?",      // help on the review
		"3",      // change the visits from the review
		"4",      // to 4
		"",       // finish
		"n",      // the next client
		"",       // the workplace offered: kept
		"!u",     // abandon
		"7",      // not a reason
		"2",      // the client refused to go on
		"q",
	}, "\n") + "\n"
	var out bytes.Buffer
	if err := RunAccessible(Options{Questionnaire: q, Store: s, UILang: "cs"}, strings.NewReader(input), &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"přístupný režim", "Příkazy: < zpět", "Pracoviště", "  1. Odbor registru vozidel a řidičů",
		"Zadejte počet od 1 do 30.", "Overall, how do you rate", "  1 – výborně\n", "  9. nevím",
		"Kontrola odpovědí:", "uložen jako dokončený", "[nabízeno: Odbor registru vozidel a řidičů]", "Proč rozhovor končí?",
		"ukončen jako nedokončený (klient odmítl pokračovat)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "1. 1 – výborně") {
		t.Errorf("an option is numbered twice:\n%s", text)
	}
	all, _ := s.List(0)
	if len(all) != 2 {
		t.Fatalf("sessions: %d\n%s", len(all), text)
	}
	done, left := all[1], all[0] // newest first
	if done.Status != storage.Completed || left.Status != storage.Abandoned || left.Reason != storage.ReasonRefused {
		t.Errorf("statuses %s, %s (%q)", done.Status, left.Status, left.Reason)
	}
	if got := left.Answer("pracoviste").Text; got != "1" {
		t.Errorf("the second interview's workplace %q, want the one offered (1)", got)
	}
	want := map[string]string{"pracoviste": "1", "duvod": "12", "navstev": "4", "celkove": "5", "cekani": "1",
		"ochota": "1", "srozumitelnost": "2", "oteviraci_doba": "2", "prostredi": "9", "slozitost": "3", "navrh": "fronty"}
	for name, v := range want {
		if g := done.Answer(name).String(); g != v {
			t.Errorf("%s = %q, want %q", name, g, v)
		}
	}
	if code, _ := s.Setting("interviewer"); code != "T07" {
		t.Errorf("interviewer %q", code)
	}
}

// TestAccessibleSearch: in the accessible mode the 77 contact offices are
// not read out; words search them by the full screen's rules, and the
// number of one found answers.
func TestAccessibleSearch(t *testing.T) {
	s := openStore(t)
	q, err := questionnaire.LoadEmbedded("prispevek")
	if err != nil {
		t.Fatal(err)
	}
	input := strings.Join([]string{
		"n",        // new interview
		"kraj",     // every office but Prague (Hlavní město Praha): the first 20 read out
		"usti",     // two found: Ústí nad Labem, Ústí nad Orlicí
		"xyz",      // none
		"usti orl", // one
		"71",       // any number of the list answers, found or not: Zlín
		"q",        // not an option of the next question; then the input ends
	}, "\n") + "\n"
	var out bytes.Buffer
	if err := RunAccessible(Options{Questionnaire: q, Store: s, UILang: "cs"}, strings.NewReader(input), &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"(77 možností: napište část názvu a hledejte", "Nalezeno 76", "… a dalších 56; napište víc z názvu.", "Nalezeno 2", "  37. Ústí nad Labem", "  50. Ústí nad Orlicí", "Nalezeno 1", "Nic neodpovídá; napište jinou část názvu"} {
		if !strings.Contains(text, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "  1. Praha") {
		t.Errorf("the whole list was read out:\n%s", text)
	}
	all, err := s.List(0)
	if err != nil || len(all) != 1 {
		t.Fatalf("sessions %v %v", all, err)
	}
	if got := all[0].Answer("kontaktni_pracoviste").Text; got != "71" {
		t.Errorf("stored %q, want 71 (Zlín, the number typed)", got)
	}
}
