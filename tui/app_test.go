package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"anketa/questionnaire"
	"anketa/storage"
	"anketa/tui/engine"
)

func TestFirstRunAsksForTheInterviewer(t *testing.T) {
	a := startApp(t, true)
	a.waitFor("Kód tazatele")
	a.golden("login")
	a.key("enter") // empty: refused
	a.waitFor("Zadejte kód tazatele.")
	a.typeText("t 07")
	a.key("enter")
	a.waitFor("jedno slovo bez mezer")
	for range 4 {
		a.key("backspace")
	}
	a.typeText(" t07 ")
	a.key("enter")
	a.waitFor("Tazatel: T07") // trimmed and upper-cased
	if code, _ := a.store.Setting("interviewer"); code != "T07" {
		t.Errorf("interviewer in the store = %q, want T07", code)
	}
}

// TestHomeScreen: the interface language chosen with l is remembered.
func TestHomeScreen(t *testing.T) {
	a := startApp(t, false)
	a.waitFor("nový rozhovor")
	a.golden("home")
	a.key("l")
	a.waitFor("new interview")
	if l, _ := a.store.Setting("ui.lang"); l != "en" {
		t.Errorf("the language chosen is not remembered: %q", l)
	}
	m := New(Options{Questionnaire: a.q, Store: a.store})
	if !strings.Contains(ansi.Strip(m.render()), "new interview") {
		t.Errorf("a new start forgot the language:\n%s", ansi.Strip(m.render()))
	}
}

// TestWholeInterview completes the default questionnaire with digits,
// Enter and text, then checks the store holds exactly those answers.
func TestWholeInterview(t *testing.T) {
	a := startApp(t, false)
	a.begin()
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
	a.key("1", "2", "3", "9")                 // 9 is nevím's code
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
	if sess.Status != storage.Completed || sess.Mode != storage.ModeInterviewer {
		t.Fatalf("status %s mode %s, want completed by the interviewer", sess.Status, sess.Mode)
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
	// The next client: the workplace is offered from the previous
	// interview, highlighted for Enter but not yet marked as the answer.
	a.key("enter")
	a.waitFor("Pracoviště")
	scr := a.waitFor("› ( ) 2  Odbor správních činností")
	if !strings.Contains(scr, "0/10") {
		t.Errorf("a persisted answer must not count until confirmed:\n%s", scr)
	}
	a.key("enter")
	a.waitFor("S čím jste dnes")
	if got := a.session().Answer("pracoviste").Text; got != "2" {
		t.Errorf("Enter on the persisted workplace stored %q", got)
	}
}

// TestEnterTakesTheHighlightedOption: nothing is highlighted until the
// interviewer moves; Enter then takes what is highlighted, and on a
// required list with nothing highlighted it says what to do.
func TestEnterTakesTheHighlightedOption(t *testing.T) {
	a := startApp(t, false)
	a.waitFor("nový rozhovor")
	a.key("n")
	scr := a.waitFor("Pracoviště")
	if strings.Contains(scr, "›") {
		t.Fatalf("an option is highlighted before the interviewer moved:\n%s", scr)
	}
	a.key("enter")
	a.waitFor("Odpověď je povinná. Vyberte možnost číslicí")
	if v := a.session().Answer("pracoviste"); !v.IsEmpty() {
		t.Fatalf("Enter with nothing highlighted stored %v", v)
	}
	a.key("down", "down")
	a.waitFor("› ( ) 2  Odbor správních činností")
	a.key("enter")
	a.waitFor("S čím jste dnes")
	if got := a.session().Answer("pracoviste").Text; got != "2" {
		t.Errorf("Enter on the highlighted 2 stored %q", got)
	}
	a.key("shift+tab")
	scr = a.waitFor("› (●) 2  Odbor správních činností") // back: the answer is both marked and highlighted
	if !strings.Contains(scr, "1/10") {
		t.Errorf("progress after one answer:\n%s", scr)
	}
}

// TestDigitIsTheCode: on a list whose codes are all one digit the digit is
// the code (9 answers "nevím"); on another it is the position.
func TestDigitIsTheCode(t *testing.T) {
	a := startApp(t, false)
	a.begin()
	a.key("3")
	scr := a.waitFor("S čím jste dnes")
	if !strings.Contains(scr, "1  Ohlášení nebo změna živnosti") || !strings.Contains(scr, "3  Jiný důvod") {
		t.Errorf("the options' keys are not their positions:\n%s", scr)
	}
	a.key("3") // the third option shown: 99, another reason
	a.waitFor("Jaký jiný důvod?")
	if got := a.session().Answer("duvod").Text; got != "99" {
		t.Errorf("digit 3 on a list of codes 31, 32, 99 stored %q", got)
	}
	a.typeText("parkování")
	a.key("enter")
	a.waitFor("Kolikrát jste")
	a.typeText("1")
	a.key("enter")
	scr = a.waitFor("Jak celkově hodnotíte")
	if !strings.Contains(scr, "9  nevím  [F9]") {
		t.Errorf("nevím does not show its key 9:\n%s", scr)
	}
	a.key("9")
	a.waitFor("dobu čekání")
	if got := a.session().Answer("celkove").Text; got != "9" {
		t.Errorf("9 on the school scale stored %q, want nevím (9)", got)
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
	a.key("down", "space", "down", "down", "space")
	scr := a.waitFor("[x] 3  přepážka")
	for _, o := range []string{"[x] 1  web", "[ ] 2  telefon", "[ ] 8  nevím  [F9]"} {
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
	a.begin()
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

// TestMessagesInTheInterfaceLanguage: the built-in messages follow the
// interviewer's interface, the questionnaire's own the interview's
// language.
func TestMessagesInTheInterfaceLanguage(t *testing.T) {
	a := startApp(t, false, uiLang("en"))
	a.waitFor("new interview")
	a.key("n")
	a.waitFor("Pracoviště") // the interview is in Czech
	a.key("1")
	a.key("1")
	a.waitFor("Kolikrát jste")
	a.typeText("abc")
	a.key("enter")
	a.waitFor("Enter a whole number.")
	for range 3 {
		a.key("backspace")
	}
	a.typeText("99")
	a.key("enter")
	a.waitFor("Zadejte počet od 1 do 30.") // the questionnaire's constraint_message, in Czech
}

func TestPauseAndResume(t *testing.T) {
	a := startApp(t, false)
	a.begin()
	a.key("3")
	a.waitFor("S čím jste dnes")
	a.key("esc")
	a.waitFor("Přerušit, nebo ukončit rozhovor?")
	a.golden("pause")
	a.key("1")
	a.waitFor("pokračovat v přerušeném (1)")
	sess := a.session()
	if sess.Status != storage.InProgress || sess.Answer("pracoviste").Text != "3" {
		t.Fatalf("paused session: %s %v", sess.Status, sess.Answers)
	}
	a.key("r")
	a.waitFor("Přerušené rozhovory")
	a.waitFor("Živnostenský úřad") // the workplace identifies it
	a.key("enter")
	a.waitFor("S čím jste dnes") // where it was left
	a.key("esc")
	a.waitFor("Přerušit, nebo ukončit rozhovor?")
	a.key("2")
	a.waitFor("Proč rozhovor končí?")
	a.golden("reasons")
	a.key("enter") // the first reason is highlighted: the client left
	a.waitFor("ukončen jako nedokončený (klient odešel)")
	if s := a.session(); s.Status != storage.Abandoned || s.Reason != storage.ReasonClientLeft {
		t.Errorf("abandoned session: %s %q", s.Status, s.Reason)
	}
}

// TestAbandonForAnotherReason: the other reason takes words, and cannot
// be empty.
func TestAbandonForAnotherReason(t *testing.T) {
	a := startApp(t, false)
	a.begin()
	a.key("esc")
	a.waitFor("Přerušit, nebo ukončit")
	a.key("2")
	a.waitFor("Proč rozhovor končí?")
	a.key("4")
	a.waitFor("Jiný důvod")
	a.key("enter")
	a.waitFor("Napište důvod")
	if s := a.session(); s.Status != storage.InProgress {
		t.Fatalf("abandoned without a reason: %s", s.Status)
	}
	a.typeText("požární poplach")
	a.key("enter")
	a.waitFor("ukončen jako nedokončený (požární poplach)")
	if s := a.session(); s.Reason != "other: požární poplach" {
		t.Errorf("reason %q", s.Reason)
	}
}

// TestResumeOffersThePersistedWorkplace: an interview paused before the
// workplace offers the previous interview's, as a new one does.
func TestResumeOffersThePersistedWorkplace(t *testing.T) {
	a := startApp(t, false)
	a.begin()
	a.key("3")
	a.waitFor("S čím jste dnes")
	a.key("esc", "2")
	a.waitFor("Proč rozhovor končí?")
	a.key("2")
	a.waitFor("nový rozhovor")
	a.key("n")
	a.waitFor("› ( ) 3  Živnostenský úřad")
	a.key("esc", "1")
	a.waitFor("pokračovat v přerušeném (1)")
	a.key("r", "enter")
	a.waitFor("› ( ) 3  Živnostenský úřad")
	a.key("enter")
	a.waitFor("S čím jste dnes")
}

// TestNotCompleteLeadsToTheNextMissing: after "not complete", an answer
// leads to the next question still missing one, then to the review.
func TestNotCompleteLeadsToTheNextMissing(t *testing.T) {
	a := startApp(t, false)
	a.begin()
	a.key("1")
	a.waitFor("S čím jste dnes")
	a.key("ctrl+g")
	a.waitFor("Přejít na otázku")
	a.key("end", "enter") // the last question
	a.waitFor("Jak složité")
	a.key("1")
	a.waitFor("Děkujeme za váš čas")
	a.key("enter")
	a.waitFor("Kontrola odpovědí")
	a.key("enter")
	a.waitFor("Rozhovor ještě není úplný: S čím jste dnes")
	a.key("1")
	a.waitFor("Jak celkově hodnotíte") // navstev is optional: the next missing is celkove
	a.key("2")
	a.waitFor("dobu čekání")
	a.key("1", "1", "1", "1", "1")
	a.waitFor("Kontrola odpovědí") // none missing now
	a.key("enter")
	a.waitFor("uložen jako dokončený")
}

func TestJumpListAndLanguage(t *testing.T) {
	a := startApp(t, false)
	a.begin()
	a.key("1")
	a.waitFor("S čím jste dnes")
	a.key("f2")
	a.waitFor("What brought you to the office today?")
	a.waitFor("Driving licence")
	if s := a.session(); s.Language != "en" || s.Answer("pracoviste").Text != "1" {
		t.Errorf("after switching: language %s, answers %v", s.Language, s.Answers)
	}
	a.waitFor("přehled") // the interface stays Czech
	a.key("ctrl+g")
	a.waitFor("Přejít na otázku")
	a.key("up", "enter")
	a.waitFor("Workplace")
	a.key("esc")
	a.waitFor("Přerušit, nebo ukončit rozhovor?")
	a.key("esc")
	a.waitFor("Workplace")
}

// TestTooSmallIgnoresKeys: on the too-small screen a digit answers
// nothing, and Ctrl+C pauses the interview and quits.
func TestTooSmallIgnoresKeys(t *testing.T) {
	a := startApp(t, false)
	a.begin()
	a.tm.Send(tea.WindowSizeMsg{Width: 50, Height: 12})
	a.waitFor("příliš malé")
	a.golden("too_small")
	a.key("2", "enter", "esc", "f9", "ctrl+g")
	a.tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	scr := a.waitFor("Pracoviště")
	if v := a.session().Answer("pracoviste"); !v.IsEmpty() || strings.Contains(scr, "›") {
		t.Fatalf("a key on the too-small screen changed something: %v\n%s", v, scr)
	}
}

func TestPracticeSaysWhatItDoes(t *testing.T) {
	a := startApp(t, true, practice())
	a.waitFor("V cvičném režimu")
	a.typeText("T07")
	a.key("enter")
	a.waitFor("CVIČNĚ")
	a.waitFor("nic se neukládá natrvalo")
	a.key("n")
	scr := a.waitFor("Pracoviště")
	if !strings.Contains(scr, "CVIČNĚ") {
		t.Errorf("the interview screen does not say practice:\n%s", scr)
	}
	a.key("1")
	scr = a.waitFor("✓ přijato (cvičně)")
	if strings.Contains(scr, "uloženo") {
		t.Errorf("practice says saved:\n%s", scr)
	}
}

// TestFootersFitIn80Columns walks every kind of screen at 80 columns, in
// both interface languages: no footer drops a key.
func TestFootersFitIn80Columns(t *testing.T) {
	for _, ui := range []string{"cs", "en"} {
		t.Run(ui, func(t *testing.T) {
			m := New(Options{Questionnaire: loadTypes(t), Store: openStore(t), UILang: ui})
			m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			footer := func(where string) {
				t.Helper()
				lines := strings.Split(ansi.Strip(m.render()), "\n")
				last := lines[len(lines)-1]
				keys := m.screen.view().keys
				if k := keys[len(keys)-1]; !strings.HasSuffix(last, k[0]+" "+k[1]) || ansi.StringWidth(last) > 80 {
					t.Errorf("%s: the footer does not fit: %q", where, last)
				}
			}
			footer("home")
			for _, q := range []*questionnaire.Questionnaire{loadTypes(t), mustDefault(t)} {
				m.q = q
				m.startInterview(false)
				for _, i := range m.iv.State().Visible() {
					if err := m.iv.GoTo(i, engine.AfterNext); err != nil {
						t.Fatal(err)
					}
					m.showStep()
					footer(q.Items[i].Name)
				}
			}
			m.show(m.newReview(true))
			footer("jump list")
			m.show(m.newReview(false))
			footer("review")
			m.show(m.newPause(m.screen))
			footer("pause")
			m.show(m.newReason(m.screen.(*pauseScreen)))
			footer("reasons")
			m.show(&doneScreen{m: m})
			footer("done")
		})
	}
}

func mustDefault(t *testing.T) *questionnaire.Questionnaire {
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestLongPasteIsRefused: a paste longer than the questionnaire's text
// limit is refused with its length, never cut and saved.
func TestLongPasteIsRefused(t *testing.T) {
	a := startApp(t, false)
	a.begin()
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

// TestFastTypingLosesNothing: keys typed faster than the screens change
// (the code and n; a number, Enter and the next grade) all land where
// they were meant.
func TestFastTypingLosesNothing(t *testing.T) {
	a := startApp(t, true)
	a.waitFor("Kód tazatele")
	a.typeText("T07")
	a.key("enter", "n", "2", "1")
	a.typeText("3")
	a.key("enter", "4")
	a.waitFor("dobu čekání")
	s := a.session()
	for name, want := range map[string]string{"pracoviste": "2", "duvod": "21", "navstev": "3", "celkove": "4"} {
		if got := s.Answer(name).String(); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

// TestHomeFitsTheSmallestWindow: at 60×18, with sampling on, every key of
// the home screen is on it and no line is wider than the window.
func TestHomeFitsTheSmallestWindow(t *testing.T) {
	s := openStore(t)
	s.SetSetting("sampling.every", "3")
	m := New(Options{Questionnaire: mustDefault(t), Store: s, UILang: "cs"})
	s.SetSetting("sampling.day", m.day())
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 18})
	m.show(m.newHome())
	scr := ansi.Strip(m.render())
	for _, want := range []string{"n  nový rozhovor", "k  klient odchází", "v  výběr", "q  konec", "Výběr: každý 3. klient"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the home screen at 60×18 lacks %q:\n%s", want, scr)
		}
	}
	for _, l := range strings.Split(scr, "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Errorf("a line wider than 60: %q", l)
		}
	}
	if n := strings.Count(scr, "\n") + 1; n > 18 {
		t.Errorf("%d lines", n)
	}
}
