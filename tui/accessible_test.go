package tui

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"anketa/questionnaire"
	"anketa/storage"
)

// TestAccessible answers the default questionnaire line by line, as a
// screen reader user would, going back once and giving a wrong number
// first, and checks the store.
func TestAccessible(t *testing.T) {
	s, err := storage.Open(filepath.Join(t.TempDir(), "anketa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	q, _ := questionnaire.Default()
	input := strings.Join([]string{
		"T07",                   // interviewer
		"n",                     // new interview
		"1",                     // pracoviste
		"<",                     // back
		"",                      // Enter keeps the workplace
		"2",                     // duvod: Řidičský průkaz
		"99",                    // navstev: out of range
		"2",                     // navstev
		"5",                     // celkove
		"1", "1", "2", "2", "6", // the grid, 6 = don't know
		"3",      // slozitost
		"fronty", // navrh
		"",       // the note
		"q",
	}, "\n") + "\n"
	var out bytes.Buffer
	if err := RunAccessible(Options{Questionnaire: q, Store: s, UILang: "cs"}, strings.NewReader(input), &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"přístupný režim", "Pracoviště", "  1. Odbor registru vozidel a řidičů", "Zadejte počet od 1 do 30.", "uložen jako dokončený"} {
		if !strings.Contains(text, want) {
			t.Errorf("the transcript lacks %q:\n%s", want, text)
		}
	}
	all, _ := s.List(0)
	if len(all) != 1 || all[0].Status != storage.Completed {
		t.Fatalf("sessions: %+v\n%s", all, text)
	}
	got := all[0]
	want := map[string]string{"pracoviste": "1", "duvod": "12", "navstev": "2", "celkove": "5", "cekani": "1",
		"ochota": "1", "srozumitelnost": "2", "oteviraci_doba": "2", "prostredi": "9", "slozitost": "3", "navrh": "fronty"}
	for name, v := range want {
		if g := got.Answer(name).String(); g != v {
			t.Errorf("%s = %q, want %q", name, g, v)
		}
	}
}
