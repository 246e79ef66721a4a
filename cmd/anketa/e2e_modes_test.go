package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"anketa/storage"
)

// stored lists the store's sessions as lines: status, mode, reason and
// answers, oldest first. The app must have quit or been killed.
func stored(t *testing.T, path string) []string {
	t.Helper()
	s, err := storage.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out []string
	err = s.Scan(func(sess *storage.Session) error {
		line := sess.Status.String() + " " + sess.Mode.String()
		if sess.Reason != "" {
			line += " (" + sess.Reason + ")"
		}
		for _, a := range sess.Answers {
			line += " " + a.Name + "=" + a.Value.String()
		}
		out = append(out, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// quit ends the app with q from the home screen.
func (term *terminal) quit() {
	term.keys("q")
	time.Sleep(300 * time.Millisecond)
}

func assertStored(t *testing.T, path string, want ...string) {
	t.Helper()
	got := stored(t, path)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the store holds:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestAccessibleInATerminal completes the default questionnaire in the
// accessible line mode, in a real terminal.
func TestAccessibleInATerminal(t *testing.T) {
	term := newTerminal(t)
	term.run("cs_CZ.UTF-8", "--accessible --store "+term.store)
	term.waitFor("přístupný režim")
	term.keys("07", "Enter")
	term.waitFor("n = nový rozhovor")
	for _, step := range [][2]string{
		{"n", "  1. Odbor registru vozidel a řidičů"},
		{"2", "S čím jste dnes"},
		{"1", "Kolikrát jste"},
		{"3", "Jak celkově hodnotíte"},
		{"9", "dobu čekání"}, // nevím, by its code
		{"1", "ochotu"}, {"2", "srozumitelnost"}, {"3", "otevírací dobu"}, {"4", "prostředí"},
		{"5", "Jak složité"},
		{"2", "Děkujeme za váš čas"},
		{"", "Kontrola odpovědí:"},
		{"", "uložen jako dokončený"},
	} {
		term.keys(step[0], "Enter")
		term.waitFor(step[1])
	}
	term.keys("q", "Enter")
	time.Sleep(300 * time.Millisecond)
	assertStored(t, term.store,
		"completed interviewer pracoviste=2 duvod=21 navstev=3 celkove=9 cekani=1 ochota=2 srozumitelnost=3 oteviraci_doba=4 prostredi=5 slozitost=2")
}

// TestSelfCompletionInATerminal: --self; the interviewer answers the
// workplace and hands over; the client answers alone; the app is killed
// in the middle, restarted and resumed, the client finishes, and the
// interviewer unlocks the thank-you with the chord and their code.
func TestSelfCompletionInATerminal(t *testing.T) {
	term := newTerminal(t)
	term.run("cs_CZ.UTF-8", "--self --store "+term.store)
	term.waitFor("Kód tazatele")
	term.keys("07", "Enter")
	term.answer("n", "Pracoviště")
	term.answer("1", "Předejte prosím počítač klientovi.")
	term.answer("Enter", "S čím jste dnes")
	term.keys("Escape", "C-g", "F9") // not the client's keys: nothing happens
	term.answer("2", "Kolikrát jste")
	term.keys("4")
	term.answer("Enter", "Jak celkově hodnotíte")
	if !strings.Contains(term.screen(), "█████") {
		t.Errorf("the grades are not drawn large:\n%s", term.screen())
	}
	term.kill()

	term.run("cs_CZ.UTF-8", "--store "+term.store)
	term.answer("r", "Přerušené rozhovory")
	term.waitFor("(klient sám)  Odbor registru vozidel")
	term.answer("Enter", "Předejte prosím počítač klientovi.") // handed over again after the restart
	term.answer("Enter", "Jak celkově hodnotíte")
	term.answer("4", "dobu čekání")
	for _, d := range []string{"9", "1", "2", "3"} { // 9: nevím
		term.keys(d)
	}
	term.answer("4", "Jak složité")
	term.answer("2", "Co bychom měli zlepšit")
	term.keys("BSpace") // back, from an empty text
	term.answer("2", "Co bychom měli zlepšit")
	term.keys("rychleji")
	term.answer("Enter", "Děkujeme za váš čas")
	term.answer("Enter", "Děkujeme za vaše odpovědi!")
	term.keys("q", "Escape", "h")
	term.answer("C-t", "Kód tazatele")
	term.keys("07", "Enter")
	term.waitFor("neodevzdáno dokončených: 1")
	term.quit()
	assertStored(t, term.store,
		"completed self pracoviste=1 duvod=12 navstev=4 celkove=4 cekani=9 ochota=1 srozumitelnost=2 oteviraci_doba=3 prostredi=4 slozitost=2 navrh=rychleji")
}

// TestTooSmallWindowInATerminal: a digit typed while the window is too
// small answers nothing.
func TestTooSmallWindowInATerminal(t *testing.T) {
	term := newTerminal(t)
	term.start()
	term.waitFor("Kód tazatele")
	term.keys("07", "Enter")
	term.answer("n", "Pracoviště")
	term.tmux("resize-window", "-t", "e2e", "-x", "50", "-y", "12")
	term.waitFor("příliš malé")
	term.keys("2", "Enter", "3")
	time.Sleep(300 * time.Millisecond)
	term.tmux("resize-window", "-t", "e2e", "-x", "80", "-y", "24")
	term.waitFor("Pracoviště")
	if scr := term.screen(); strings.Contains(scr, "›") || strings.Contains(scr, "●") || !strings.Contains(scr, "0/10") {
		t.Errorf("keys on the too-small screen changed the question:\n%s", scr)
	}
	term.tmux("resize-window", "-t", "e2e", "-x", "50", "-y", "12")
	term.waitFor("příliš malé")
	term.keys("C-c") // pauses the interview and quits
	time.Sleep(300 * time.Millisecond)
	assertStored(t, term.store, "in_progress interviewer")
}

// TestSelfTimeoutInATerminal: a client's part that gets no key for the
// questionnaire's timeout (5 s here) ends as abandoned, reason timeout.
func TestSelfTimeoutInATerminal(t *testing.T) {
	term := newTerminal(t)
	q := filepath.Join(t.TempDir(), "kiosek.yaml")
	err := os.WriteFile(q, []byte(`id: kiosek
version: "1"
title: Kiosek
self_completion: {default: true, timeout: 5}
choices:
  skola: [{value: "1", label: "1"}, {value: "2", label: "2"}, {value: "3", label: "3"}]
questions:
  - {name: misto, type: text, label: Pracoviště, answered_by: interviewer, required: true}
  - {name: znamka, type: select_one skola, label: Známka, required: true}
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	term.run("cs_CZ.UTF-8", "--questionnaire "+q+" --store "+term.store)
	term.waitFor("Kód tazatele")
	term.keys("07", "Enter")
	term.answer("n", "Pracoviště")
	term.keys("Plzeň")
	term.answer("Enter", "Předejte prosím počítač klientovi.")
	term.answer("Enter", "Známka")
	start := time.Now()
	deadline := start.Add(15 * time.Second)
	for !strings.Contains(term.screen(), "dlouho nepřišla žádná klávesa") {
		if time.Now().After(deadline) {
			t.Fatalf("no timeout after 15 s:\n%s", term.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if waited := time.Since(start); waited < 4*time.Second {
		t.Errorf("the interview ended after %v, before its 5 s", waited)
	}
	term.kill()
	assertStored(t, term.store, "abandoned self (timeout) misto=Plzeň")
}

// TestInterceptSamplingInATerminal: the day's sample of every 2nd client
// set on the home screen; clients counted with k; the prompt on the 2nd
// logs a refusal; the app is killed on the 4th's prompt, restarted, asks
// for that approach first, and its interview is made; the approach log
// and the count are intact.
func TestInterceptSamplingInATerminal(t *testing.T) {
	term := newTerminal(t)
	term.start()
	term.waitFor("Kód tazatele")
	term.keys("07", "Enter")
	term.answer("v", "Výběr klientů pro dnešek")
	term.keys("2", "Enter")
	term.waitFor("Výběr: každý 2. klient, napočítáno 0")
	term.answer("k", "Napočítáno 1; oslovte až za 1.")
	term.answer("k", "Oslovte tohoto klienta (č. 2, každý 2.)")
	term.answer("2", "Zapsáno: odmítl/a.")
	term.answer("k", "Napočítáno 3")
	term.answer("k", "Oslovte tohoto klienta (č. 4, každý 2.)")
	term.kill()

	term.start()
	term.waitFor("k  zapsat oslovení klienta č. 4")
	term.answer("k", "Oslovte tohoto klienta (č. 4, každý 2.)")
	term.answer("1", "Pracoviště")
	term.interview()
	term.answer("h", "Dnes osloveno 2: rozhovor 1, odmítli 1, jiné 0")
	term.waitFor("napočítáno 4")
	term.quit()

	s, err := storage.OpenReadOnly(term.store)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var contacts []*storage.Contact
	s.EachContact(func(c *storage.Contact) error { contacts = append(contacts, c.Clone()); return nil }, func(err error) { t.Error(err) })
	var log []string
	for _, c := range contacts {
		linked := "-"
		if c.Outcome == storage.Interviewed {
			if sess, err := s.Load(c.Session); err == nil {
				linked = sess.Status.String()
			}
		}
		log = append(log, fmt.Sprintf("%s every=%d count=%d %s", c.Outcome, c.Every, c.Count, linked))
	}
	if want := "refused every=2 count=2 -\ninterviewed every=2 count=4 completed"; strings.Join(log, "\n") != want {
		t.Errorf("the approach log:\n%s\nwant:\n%s", strings.Join(log, "\n"), want)
	}
	total := 0
	s.ClientCounts(func(_ string, n int) { total += n })
	if total != 4 {
		t.Errorf("clients counted: %d, want 4", total)
	}
}

// TestReviewInATerminal: the coordinator rejects the first flagged
// interview in anketa review; export and report then leave it out, and
// say so; --include-rejected keeps it.
func TestReviewInATerminal(t *testing.T) {
	term := newTerminal(t)
	stores := filepath.Join(t.TempDir(), "stores")
	if code, _, e := runCLI(t, "generate", "--sessions", "300", "--stores", "2", "--out", stores); code != 0 {
		t.Fatal(e)
	}
	csvBefore := filepath.Join(t.TempDir(), "before.csv")
	if code, _, e := runCLI(t, "export", "--no-sidecars", "-o", csvBefore, stores); code != 0 {
		t.Fatal(e)
	}
	term.run("cs_CZ.UTF-8", "review "+stores)
	term.waitFor("označených kontrolami")
	term.waitFor("› ")
	first := term.screen()
	id := ""
	for _, l := range strings.Split(first, "\n") {
		if i := strings.Index(l, "› "); i >= 0 {
			id = strings.Fields(l[i+len("› "):])[0] // the first 13 characters of its ID
		}
	}
	term.answer("Enter", "Odpovědi")
	term.answer("r", "Proč rozhovor zamítáte?")
	term.keys("neproběhl", "Enter")
	term.waitFor("zamítnuto: neproběhl")
	term.answer("Escape", "[zamítnuto]")
	term.keys("q")
	time.Sleep(300 * time.Millisecond)

	out := filepath.Join(t.TempDir(), "after.csv")
	code, _, e := runCLI(t, "export", "--no-sidecars", "-o", out, stores)
	if code != 0 || !strings.Contains(e, "left out 1 session rejected in review") {
		t.Fatalf("export after the review: exit %d\n%s", code, e)
	}
	before, _ := os.ReadFile(csvBefore)
	after, _ := os.ReadFile(out)
	if strings.Count(string(after), "\n") != strings.Count(string(before), "\n")-1 || strings.Contains(string(after), id) || !strings.Contains(string(before), id) {
		t.Errorf("the rejected interview %s: %d rows before, %d after", id, strings.Count(string(before), "\n"), strings.Count(string(after), "\n"))
	}
	code, js, e := runCLI(t, "report", "--json", stores)
	if code != 0 || !strings.Contains(js, `"rejected": 1`) {
		t.Errorf("report after the review: exit %d\n%s", code, e)
	}
	if code, _, e := runCLI(t, "export", "--no-sidecars", "--include-rejected", "-o", out, stores); code != 0 || strings.Contains(e, "rejected in review") {
		t.Errorf("--include-rejected: exit %d\n%s", code, e)
	}
	if kept, _ := os.ReadFile(out); !strings.Contains(string(kept), ",rejected") {
		t.Error("--include-rejected wrote no review column")
	}
}
