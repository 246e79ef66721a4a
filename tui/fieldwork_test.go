package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"anketa/storage"
)

// TestInterceptSampling: the day's interval set on the home screen, the
// clients counted with k, the approach prompt on every 3rd, a refusal and
// an interview logged with their numbers; a prompt left without an
// outcome comes back after a restart; without sampling x logs a refusal.
func TestInterceptSampling(t *testing.T) {
	a := startApp(t, false)
	a.waitFor("x  zapsat odmítnutí")
	a.key("x")
	a.waitFor("Zapsáno: odmítl/a.")
	a.key("v")
	a.waitFor("Výběr klientů pro dnešek")
	a.typeText("0")
	a.key("backspace")
	a.typeText("x")
	a.key("enter")
	a.waitFor("Zadejte celé číslo od 0 do 1000.")
	a.key("backspace")
	a.typeText("3")
	a.key("enter")
	a.waitFor("Výběr: každý 3. klient, napočítáno 0")
	a.key("k")
	a.waitFor("Napočítáno 1; oslovte až za 2.")
	a.key("k", "k")
	a.waitFor("Oslovte tohoto klienta (č. 3, každý 3.)")
	a.key("esc", "q", "k") // an approach always gets an outcome
	a.waitFor("Co oslovení přineslo?")
	a.key("2")
	a.waitFor("Zapsáno: odmítl/a.")
	a.key("k", "k", "k")
	a.waitFor("Oslovte tohoto klienta (č. 6, každý 3.)")
	a.key("1")
	a.waitFor("Pracoviště")
	a.key("esc", "1") // paused at once
	a.waitFor("Výběr: každý 3. klient, napočítáno 6")
	a.key("k", "k", "k")
	a.waitFor("Oslovte tohoto klienta (č. 9, každý 3.)")

	// The app is closed on the prompt: a new start asks for it first.
	m := New(Options{Questionnaire: a.q, Store: a.store, UILang: "cs", Now: a.now})
	if scr := ansi.Strip(m.render()); !strings.Contains(scr, "k  zapsat oslovení klienta č. 9") {
		t.Fatalf("the approach left without an outcome is not offered:\n%s", scr)
	}
	var got []string
	a.store.EachContact(func(c *storage.Contact) error {
		got = append(got, fmt.Sprintf("%s every=%d count=%d linked=%v", c.Outcome, c.Every, c.Count, c.Session != storage.ID{}))
		return nil
	}, func(err error) { t.Error(err) })
	want := []string{"refused every=0 count=0 linked=false", "refused every=3 count=3 linked=false", "interviewed every=3 count=6 linked=true"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the approach log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n, _ := a.store.ClientCount(m.day()); n != 9 {
		t.Errorf("counted %d", n)
	}
}
