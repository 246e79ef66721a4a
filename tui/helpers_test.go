package tui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"anketa/questionnaire"
	"anketa/storage"
)

// updating reports whether -update was given (the flag is defined by
// teatest's golden package, which the tests import through teatest).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// app is the interviewer app running in teatest's program, on a real
// store in a temporary folder.
type app struct {
	t     *testing.T
	tm    *teatest.TestModel
	store *storage.Store
	q     *questionnaire.Questionnaire
	now   func() time.Time
}

// probe asks the program, between two messages, for the current screen;
// a filter answers it on the program's own goroutine, so reading the
// model is safe.
type probe struct{ screen chan string }

func filter(m tea.Model, msg tea.Msg) tea.Msg {
	if p, ok := msg.(probe); ok {
		p.screen <- ansi.Strip(m.(*Model).render())
		return nil
	}
	return msg
}

type appOption func(*Options, *[]teatest.TestOption)

func withQuestionnaire(q *questionnaire.Questionnaire) appOption {
	return func(opt *Options, _ *[]teatest.TestOption) { opt.Questionnaire = q }
}

func practice() appOption { return func(opt *Options, _ *[]teatest.TestOption) { opt.Practice = true } }

func uiLang(l string) appOption {
	return func(opt *Options, _ *[]teatest.TestOption) { opt.UILang = l }
}

// openStore opens a store in a temporary folder with interviewer T07.
func openStore(t *testing.T) *storage.Store {
	t.Helper()
	s, err := storage.Open(filepath.Join(t.TempDir(), "anketa.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SetSetting("interviewer", "T07"); err != nil {
		t.Fatal(err)
	}
	return s
}

// startApp opens a store (with interviewer T07 unless login is wanted)
// and runs the app on it at 80×24 with a fixed colour profile.
func startApp(t *testing.T, login bool, opts ...appOption) *app {
	t.Helper()
	path := filepath.Join(t.TempDir(), "anketa.db")
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !login {
		if err := s.SetSetting("interviewer", "T07"); err != nil {
			t.Fatal(err)
		}
	}
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Questionnaire: q, Store: s, UILang: "cs", Now: func() time.Time { return time.Date(2026, 11, 24, 10, 0, 0, 0, time.Local) }}
	var topts []teatest.TestOption
	for _, o := range opts {
		o(&opt, &topts)
	}
	topts = append(topts, teatest.WithProgramOptions(tea.WithFilter(filter), tea.WithColorProfile(colorprofile.Ascii)))
	a := &app{t: t, store: s, q: opt.Questionnaire, now: opt.Now}
	a.tm = teatest.NewTestModel(t, New(opt), topts...)
	t.Cleanup(func() {
		a.tm.Quit()
		a.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		s.Close()
	})
	return a
}

// screen returns the screen as plain text.
func (a *app) screen() string {
	ch := make(chan string, 1)
	a.tm.Send(probe{ch})
	select {
	case s := <-ch:
		return s
	case <-time.After(5 * time.Second):
		a.t.Fatal("the app did not answer")
	}
	return ""
}

// waitFor waits until the screen shows want, and returns the screen.
func (a *app) waitFor(want string) string {
	a.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		if s = a.screen(); strings.Contains(s, want) {
			return s
		}
		time.Sleep(5 * time.Millisecond)
	}
	a.t.Fatalf("the screen never showed %q; it shows:\n%s", want, s)
	return ""
}

// key sends one key: "enter", "shift+tab", "f9", "ctrl+g", or a character.
func (a *app) key(names ...string) {
	for _, n := range names {
		a.tm.Send(keyMsg(n))
	}
}

// namedKeys are the keys tests press by name; any other name is typed.
var namedKeys = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter}, "tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"esc": {Code: tea.KeyEscape}, "backspace": {Code: tea.KeyBackspace}, "left": {Code: tea.KeyLeft},
	"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "end": {Code: tea.KeyEnd}, "home": {Code: tea.KeyHome}, "space": {Code: tea.KeySpace, Text: " "},
	"f2": {Code: tea.KeyF2}, "f9": {Code: tea.KeyF9}, "f10": {Code: tea.KeyF10},
	"ctrl+g": {Code: 'g', Mod: tea.ModCtrl}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl}, "ctrl+t": {Code: 't', Mod: tea.ModCtrl},
	"f8": {Code: tea.KeyF8},
}

func keyMsg(n string) tea.KeyPressMsg {
	if k, ok := namedKeys[n]; ok {
		return k
	}
	return tea.KeyPressMsg{Code: []rune(n)[0], Text: n}
}

// begin starts a new interview from the home screen, up to its first
// question.
func (a *app) begin() {
	a.t.Helper()
	a.waitFor("nový rozhovor")
	a.key("n")
	a.waitFor("Pracoviště")
}

// typeText types text a character at a time.
func (a *app) typeText(s string) { a.tm.Type(s) }

// golden compares the screen with testdata/NAME.golden.
func (a *app) golden(name string) {
	a.t.Helper()
	got := a.screen()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			a.t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		a.t.Fatalf("%v (run go test ./tui -update to create it)", err)
	}
	if got != string(want) {
		a.t.Errorf("screen %s differs from its golden file\n--- got:\n%s\n--- want:\n%s", name, got, want)
	}
}

// session returns the only session in the store, reloaded.
func (a *app) session() *storage.Session {
	a.t.Helper()
	all, err := a.store.List(0)
	if err != nil || len(all) == 0 {
		a.t.Fatalf("no session in the store (%v)", err)
	}
	return all[0]
}

func loadTypes(t *testing.T) *questionnaire.Questionnaire {
	q, err := questionnaire.ReadFile("testdata/types.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return q
}
