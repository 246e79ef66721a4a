package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"anketa/storage"
)

// terminal is the real anketa binary in a real terminal: a tmux server
// of the test's own, driven with send-keys and read with capture-pane.
type terminal struct {
	t      *testing.T
	socket string
	bin    string
	store  string
}

var terminals int

func newTerminal(t *testing.T) *terminal {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is missing; .ci/run installs it")
		}
		t.Skip("SKIPPED: tmux is not installed; CI installs it and runs this test")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "anketa")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// A server of each test's own: one being killed after the test before
	// must not be the one this test finds.
	terminals++
	term := &terminal{t: t, socket: fmt.Sprintf("anketa-e2e-%d-%d", os.Getpid(), terminals), bin: bin, store: filepath.Join(dir, "anketa.db")}
	t.Cleanup(func() { exec.Command("tmux", "-L", term.socket, "kill-server").Run() })
	return term
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// start runs anketa in a fresh 80×24 window.
func (term *terminal) start() { term.run("cs_CZ.UTF-8", "--store "+term.store) }

// run runs anketa with args in a fresh 80×24 window, in language lang.
func (term *terminal) run(lang, args string) {
	cmd := fmt.Sprintf("LANG=%s TERM=xterm-256color %s %s; sleep 600", lang, term.bin, args)
	if out, err := exec.Command("tmux", "-L", term.socket, "has-session", "-t", "e2e").CombinedOutput(); err == nil {
		term.tmux("respawn-pane", "-k", "-t", "e2e", cmd)
	} else {
		_ = out
		term.tmux("new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", cmd)
	}
}

func (term *terminal) screen() string { return term.tmux("capture-pane", "-p", "-t", "e2e") }

func (term *terminal) waitFor(want string) {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(term.screen(), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	term.t.Fatalf("the terminal never showed %q; it shows:\n%s", want, term.screen())
}

// keys types keys: tmux key names (Enter, Tab) or text.
func (term *terminal) keys(keys ...string) {
	for _, k := range keys {
		term.tmux("send-keys", "-t", "e2e", k)
	}
}

// answer sends one key and waits for the screen it leads to.
func (term *terminal) answer(key, next string) {
	term.t.Helper()
	term.keys(key)
	term.waitFor(next)
}

// pid finds the running anketa process: the one whose executable is the
// test's binary (the shell and tmux around it name it in their command
// lines too, and must not be the ones killed).
func (term *terminal) pid() int {
	term.t.Helper()
	for i := 0; i < 100; i++ {
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil {
				continue
			}
			if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == term.bin {
				return pid
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	term.t.Fatalf("anketa (%s) is not running", term.bin)
	return 0
}

// kill SIGKILLs the running anketa, as a crash or a pulled plug would
// end it, and waits until it is gone.
func (term *terminal) kill() {
	term.t.Helper()
	pid := term.pid()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		term.t.Fatal(err)
	}
	for i := 0; i < 250; i++ {
		if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err != nil || exe != term.bin {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	term.t.Fatalf("anketa %d survived SIGKILL", pid)
}

func TestEndToEndInATerminal(t *testing.T) {
	term := newTerminal(t)
	term.start()
	term.waitFor("Kód tazatele")
	term.keys("07", "Enter")
	term.waitFor("Tazatel: 07")

	// 1. A whole interview with digits, Enter and Tab only.
	term.answer("1", "Pracoviště") // 1 on the home screen: new interview
	term.answer("2", "S čím jste dnes")
	term.answer("1", "Kolikrát jste")
	term.keys("3")
	term.answer("Tab", "Jak celkově hodnotíte")
	term.answer("1", "dobu čekání")
	for _, d := range []string{"1", "2", "1", "9"} { // 9: nevím, by its code
		term.keys(d)
	}
	term.answer("1", "Jak složité")
	term.answer("2", "Děkujeme za váš čas")
	term.answer("Enter", "Kontrola odpovědí")
	term.answer("Enter", "uložen jako dokončený")

	// 2. The next client: killed in the middle.
	term.answer("Enter", "Pracoviště")
	term.waitFor("› ( ) 2  Odbor správních činností") // the workplace carried over, highlighted for Enter
	term.answer("Enter", "S čím jste dnes")
	term.answer("2", "Kolikrát jste")
	term.keys("1")
	term.answer("Enter", "Jak celkově hodnotíte")
	term.kill()

	// 3. Restart, resume where it stopped, finish.
	term.start()
	term.waitFor("pokračovat v přerušeném (1)")
	term.answer("2", "Přerušené rozhovory")
	term.answer("Enter", "Jak celkově hodnotíte")
	term.answer("2", "dobu čekání")
	for _, d := range []string{"2", "2", "2", "2"} {
		term.keys(d)
	}
	term.answer("2", "Jak složité")
	term.answer("1", "Děkujeme za váš čas")
	term.answer("Enter", "Kontrola odpovědí")
	term.answer("Enter", "uložen jako dokončený")
	term.keys("q")
	time.Sleep(200 * time.Millisecond)

	// 4. The store holds two completed sessions with those answers.
	s, err := storage.OpenReadOnly(term.store)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []string
	err = s.Scan(func(sess *storage.Session) error {
		var parts []string
		for _, a := range sess.Answers {
			parts = append(parts, a.Name+"="+a.Value.String())
		}
		got = append(got, sess.Status.String()+" "+sess.Interviewer+" "+strings.Join(parts, " "))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"completed 07 pracoviste=2 duvod=21 navstev=3 celkove=1 cekani=1 ochota=2 srozumitelnost=1 oteviraci_doba=9 prostredi=1 slozitost=2",
		"completed 07 pracoviste=2 duvod=22 navstev=1 celkove=2 cekani=2 ochota=2 srozumitelnost=2 oteviraci_doba=2 prostredi=2 slozitost=1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the store holds:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("store check after the kill: %v %v", problems, err)
	}
}

// TestPracticeWithXLSForm is the methodologist's first day: an ODK form
// as ODK users write it (metadata, label::English (en), a table-list
// grid), opened with --practice and walked through.
func TestPracticeWithXLSForm(t *testing.T) {
	term := newTerminal(t)
	form := filepath.Join(t.TempDir(), "form.xlsx")
	sheets := map[string][][]any{
		"survey": {
			{"type", "name", "label::English (en)", "label::Czech (cs)", "required", "relevant", "constraint", "appearance"},
			{"start", "start"}, {"end", "end"}, {"deviceid", "deviceid"},
			{"select_one office", "Office", "Which office?", "Které pracoviště?", "yes"},
			{"integer", "Visits", "How many visits?", "Kolikrát?", "yes", "", ". > 0"},
			{"begin_group", "rate", "Rate", "Ohodnoťte", "", "", "", "table-list"},
			{"select_one grade", "wait", "the waiting", "čekání", "yes"},
			{"select_one grade", "staff", "the staff", "ochota", "yes"},
			{"end_group"},
			{"text", "comment", "Anything else?", "Ještě něco?", "", "${Visits} > 1"},
			{"note", "bye", "Thank you", "Děkujeme"},
		},
		"choices": {
			{"list_name", "name", "label::English (en)", "label::Czech (cs)", "favorable", "missing"},
			{"office", "1", "Vehicles", "Vozidla"}, {"office", "2", "Trade", "Živnosti"},
			{"grade", "1", "1 excellent", "1 výborně", "yes"}, {"grade", "2", "2", "2", "yes"}, {"grade", "3", "3", "3"},
			{"grade", "4", "4", "4"}, {"grade", "5", "5 poor", "5 nedostatečně"}, {"grade", "9", "don't know", "nevím", "", "dont_know"},
		},
		"settings": {{"form_title", "form_id", "version", "default_language"}, {"Office visit", "office_visit", "3", "English (en)"}},
	}
	saveWorkbook(t, form, []string{"survey", "choices", "settings"}, sheets)

	term.run("en_US.UTF-8", "--practice --questionnaire "+form)
	term.waitFor("Interviewer code")
	term.keys("T07", "Enter")
	term.waitFor("Office visit  version 3")
	term.answer("1", "Which office?")
	term.answer("1", "How many visits?")
	term.keys("2")
	term.answer("Tab", "the waiting")
	term.keys("1")
	term.answer("2", "Anything else?")
	term.keys("fine")
	term.answer("Enter", "Thank you")
	term.answer("Enter", "Review the answers")
	for _, want := range []string{"PRACTICE", "Which office?", "Vehicles", "the staff", "fine"} {
		if !strings.Contains(term.screen(), want) {
			t.Errorf("the review screen lacks %q:\n%s", want, term.screen())
		}
	}
	term.answer("Enter", "The interview is complete (practice: not kept).")
}

// saveWorkbook writes the named sheets, in order, as a workbook at path.
func saveWorkbook(t *testing.T, path string, names []string, sheets map[string][][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for _, name := range names {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, row := range sheets[name] {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// interview answers the default questionnaire from its first question to
// the end with digits and Enter.
func (term *terminal) interview() {
	term.t.Helper()
	term.answer("1", "S čím jste dnes")
	term.answer("1", "Kolikrát jste")
	term.keys("2")
	term.answer("Enter", "Jak celkově hodnotíte")
	term.answer("1", "dobu čekání")
	for _, d := range []string{"1", "2", "1", "2"} {
		term.keys(d)
	}
	term.answer("1", "Jak složité")
	term.answer("2", "Děkujeme za váš čas")
	term.answer("Enter", "Kontrola odpovědí")
	term.answer("Enter", "uložen jako dokončený")
}

// TestHandInFromTheHomeScreen: interviews, a hand-in from the home
// screen's key into a folder, the count on the home screen, more
// interviews and a second hand-in; the export of the folder then holds
// exactly the sessions of the live store.
func TestHandInFromTheHomeScreen(t *testing.T) {
	term := newTerminal(t)
	stick := filepath.Join(t.TempDir(), "USB")
	os.Mkdir(stick, 0o755)
	term.start()
	term.waitFor("Kód tazatele")
	term.keys("07", "Enter")
	term.waitFor("Zatím nic neodevzdáno · neodevzdáno dokončených: 0")
	for i := 0; i < 2; i++ {
		term.answer("n", "Pracoviště")
		term.interview()
		term.answer("h", "neodevzdáno dokončených: "+strconv.Itoa(i+1))
	}
	term.answer("o", "Odevzdat data koordinátorovi")
	term.keys(stick, "Enter")
	term.waitFor("✓ Odevzdáno: anketa-")
	term.waitFor("od té doby dokončených: 0")
	term.answer("n", "Pracoviště")
	term.interview()
	term.answer("h", "od té doby dokončených: 1")
	term.answer("o", "Odevzdat data koordinátorovi")
	term.waitFor(stick) // the folder is remembered
	term.keys("Enter")
	term.waitFor("✓ Odevzdáno: anketa-")
	term.waitFor("od té doby dokončených: 0")
	term.keys("q")
	time.Sleep(200 * time.Millisecond)

	handins, _ := filepath.Glob(filepath.Join(stick, "*.db"))
	if len(handins) != 2 {
		t.Fatalf("the folder holds %v, want two hand-ins", handins)
	}
	out := filepath.Join(t.TempDir(), "out.csv")
	if code, _, e := runCLI(t, "export", "-o", out, "--no-sidecars", "--include-partial", stick); code != 0 {
		t.Fatalf("export of the folder: %s", e)
	}
	live := filepath.Join(t.TempDir(), "live.csv")
	if code, _, e := runCLI(t, "export", "-o", live, "--no-sidecars", "--include-partial", term.store); code != 0 {
		t.Fatalf("export of the live store: %s", e)
	}
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(live)
	if string(a) != string(b) || strings.Count(string(a), "\n") != 4 {
		t.Errorf("the hand-ins' export differs from the live store's:\n%s\n---\n%s", a, b)
	}
}

// TestSearchListInATerminal: the housing allowance questionnaire's
// contact office is one of 77, chosen in a real terminal by typing part
// of its name without accents; the store holds the one highlighted when
// Enter was pressed, and the next interview offers it again. An ODK
// workbook's "minimal autocomplete" gets the same list.
func TestSearchListInATerminal(t *testing.T) {
	term := newTerminal(t)
	term.run("cs_CZ.UTF-8", "--questionnaire prispevek --store "+term.store)
	term.waitFor("Kód tazatele")
	term.keys("07", "Enter")
	term.answer("1", "Hledat:")
	term.keys("zdar")
	term.waitFor("› ( ) Žďár nad Sázavou")
	term.waitFor("1 z 77")
	term.answer("Enter", "Předejte prosím počítač klientovi")
	term.kill()
	s, err := storage.OpenReadOnly(term.store)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = s.Scan(func(sess *storage.Session) error {
		got = append(got, sess.Answer("kontaktni_pracoviste").Text)
		return nil
	})
	s.Close()
	if err != nil || strings.Join(got, ",") != "55" {
		t.Fatalf("the store holds contact offices %v (%v), want 55 (Žďár nad Sázavou)", got, err)
	}
	term.run("cs_CZ.UTF-8", "--questionnaire prispevek --store "+term.store)
	term.waitFor("nový rozhovor")
	term.answer("n", "› ( ) Žďár nad Sázavou") // offered, highlighted for Enter

	form := filepath.Join(t.TempDir(), "offices.xlsx")
	sheets := map[string][][]any{
		"survey":  {{"type", "name", "label", "appearance"}, {"select_one office", "office", "Which office?", "minimal autocomplete"}, {"note", "bye", "Thank you"}},
		"choices": {{"list_name", "name", "label"}, {"office", "a", "Ústí nad Labem"}, {"office", "b", "Ústí nad Orlicí"}, {"office", "c", "Opava"}},
	}
	saveWorkbook(t, form, []string{"survey", "choices"}, sheets)
	term.run("en_US.UTF-8", "--practice --questionnaire "+form)
	term.waitFor("Interviewer code")
	term.keys("T07", "Enter")
	term.answer("1", "Search:")
	term.keys("usti orl")
	term.waitFor("› ( ) Ústí nad Orlicí")
	term.waitFor("1 of 3")
	term.answer("Enter", "Thank you")
}
