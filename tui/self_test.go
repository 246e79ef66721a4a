package tui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"anketa/storage"
)

// clock is a clock a test moves by hand, for the client's idle timeout
// and the unlock's lockout.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func withClock(c *clock) appOption {
	return func(opt *Options, _ *[]teatest.TestOption) { opt.idleNow = c.now }
}

func selfMode() appOption { return func(opt *Options, _ *[]teatest.TestOption) { opt.Self = true } }

// TestSelfCompletion: the interviewer answers the workplace and hands the
// laptop over; the client answers alone with digits, Enter and Backspace
// (the interviewer's keys do nothing for them), sees the grades as large
// digits, and ends at a locked thank-you that only the interviewer's code
// opens, three wrong codes locking it for 30 s.
func TestSelfCompletion(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
	a := startApp(t, false, selfMode(), withClock(c))
	a.waitFor("nový rozhovor – klient vyplní sám")
	a.key("n")
	a.waitFor("Pracoviště") // the interviewer's question, on the interviewer's screen
	a.key("2")
	a.waitFor("Předejte prosím počítač klientovi.")
	a.key("esc", "2", "ctrl+g") // nothing until the client starts
	a.waitFor("Stiskněte Enter pro začátek.")
	a.key("enter")
	scr := a.waitFor("S čím jste dnes")
	if strings.Contains(scr, "Tazatel") || strings.Contains(scr, "esc") {
		t.Errorf("the client's screen shows the interviewer's header or keys:\n%s", scr)
	}
	a.key("backspace") // the client cannot go back to the interviewer's question
	a.key("esc", "ctrl+g", "f9", "down", "f2", "ctrl+c", "tab")
	a.waitFor("S čím jste dnes")
	a.key("1")
	a.waitFor("Kolikrát jste")
	a.typeText("2")
	a.key("enter")
	scr = a.waitFor("Jak celkově hodnotíte")
	if !strings.Contains(scr, "█████") {
		t.Errorf("the grades are not drawn large:\n%s", scr)
	}
	a.golden("self_grade")
	a.key("backspace") // back one question
	a.waitFor("Kolikrát jste")
	a.key("enter")
	a.waitFor("Jak celkově hodnotíte")
	a.key("2")
	a.waitFor("dobu čekání")
	a.key("1", "2", "1", "2", "9")
	a.waitFor("Jak složité")
	a.key("1")
	a.waitFor("Děkujeme za váš čas")
	a.key("enter")
	a.waitFor("Děkujeme za vaše odpovědi!")
	a.golden("self_thanks")
	sess := a.session()
	if sess.Status != storage.Completed || sess.Mode != storage.ModeSelf {
		t.Fatalf("session %s, mode %s", sess.Status, sess.Mode)
	}
	want := "pracoviste=2 duvod=21 navstev=2 celkove=2 cekani=1 ochota=2 srozumitelnost=1 oteviraci_doba=2 prostredi=9 slozitost=1"
	var got []string
	for _, x := range sess.Answers {
		got = append(got, x.Name+"="+x.Value.String())
	}
	if strings.Join(got, " ") != want {
		t.Errorf("stored %s\nwant   %s", strings.Join(got, " "), want)
	}

	a.key("enter", "h", "esc", "q") // none of these leaves the lock
	a.waitFor("Děkujeme za vaše odpovědi!")
	for i := range 3 {
		a.key("ctrl+t")
		a.waitFor("Kód tazatele")
		a.typeText("T08")
		a.key("enter")
		want := "Nesprávný kód."
		if i == 2 {
			want = "Třikrát nesprávný kód: zkuste to znovu za 30 s."
		}
		if scr = a.waitFor(want); strings.Contains(scr, "T07") {
			t.Fatalf("the refusal hints at the right code:\n%s", scr)
		}
	}
	a.key("ctrl+t")
	a.typeText("T07")
	a.key("enter")
	a.waitFor("zkuste to znovu za 30 s") // still locked: the right code does nothing yet
	c.add(31 * time.Second)
	a.key("ctrl+t")
	a.waitFor("Kód tazatele")
	a.typeText("t07")
	a.key("enter")
	a.waitFor("neodevzdáno dokončených: 1") // unlocked: the home screen
}

// TestSelfTimeout: a client's part that gets no key for the
// questionnaire's timeout ends as abandoned with the reason timeout.
func TestSelfTimeout(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
	a := startApp(t, false, withClock(c))
	a.waitFor("nový rozhovor")
	a.key("s")
	a.waitFor("Pracoviště")
	a.key("1")
	a.waitFor("Předejte prosím počítač klientovi.")
	a.key("enter")
	a.waitFor("S čím jste dnes")
	c.add(119 * time.Second)
	time.Sleep(1200 * time.Millisecond) // a tick of the idle timer: not yet
	if s := a.session(); s.Status != storage.InProgress {
		t.Fatalf("ended before the timeout: %s", s.Status)
	}
	a.key("1") // a key starts the wait again
	a.waitFor("Kolikrát jste")
	c.add(119 * time.Second)
	time.Sleep(1200 * time.Millisecond)
	if s := a.session(); s.Status != storage.InProgress {
		t.Fatalf("ended although a key came: %s", s.Status)
	}
	c.add(2 * time.Second)
	a.waitFor("dlouho nepřišla žádná klávesa")
	if s := a.session(); s.Status != storage.Abandoned || s.Reason != storage.ReasonTimeout || s.Mode != storage.ModeSelf {
		t.Errorf("after the timeout: %s %q %s", s.Status, s.Reason, s.Mode)
	}
}

// TestKiosk: after a client's interview a kiosk returns by itself to the
// welcome screen; Enter starts the next client's interview with the
// workplace of the one before, straight at the client's first question.
func TestKiosk(t *testing.T) {
	kioskPause = 50 * time.Millisecond
	defer func() { kioskPause = 5 * time.Second }()
	a := startApp(t, false, func(opt *Options, _ *[]teatest.TestOption) { opt.Kiosk = true })
	a.waitFor("nový rozhovor – klient vyplní sám")
	a.key("n")
	a.waitFor("Pracoviště")
	a.key("3")
	a.waitFor("Předejte prosím počítač klientovi.")
	a.key("enter")
	a.waitFor("S čím jste dnes")
	a.key("1")
	a.waitFor("Kolikrát jste")
	a.key("enter")
	a.waitFor("Jak celkově hodnotíte")
	a.key("1")
	a.waitFor("dobu čekání")
	a.key("1", "1", "1", "1", "1")
	a.waitFor("Jak složité")
	a.key("1")
	a.waitFor("Děkujeme za váš čas")
	a.key("enter")
	a.waitFor("Ohodnoťte prosím, jak jsme vás obsloužili.") // by itself
	a.key("enter")
	a.waitFor("S čím jste dnes")
	all, _ := a.store.List(0)
	if len(all) != 2 || all[0].Answer("pracoviste").Text != "3" || all[0].Mode != storage.ModeSelf || all[1].Status != storage.Completed {
		t.Fatalf("sessions: %d, the new one's workplace %q", len(all), all[0].Answer("pracoviste").Text)
	}
}

// TestInterviewerTakesOver: during the client's part the interviewer's
// chord and code open the pause dialog; continuing gives the client their
// question back, and pausing keeps the interview for later.
func TestInterviewerTakesOver(t *testing.T) {
	a := startApp(t, false, selfMode())
	a.begin()
	a.key("1")
	a.waitFor("Předejte prosím počítač klientovi.")
	a.key("enter")
	a.waitFor("S čím jste dnes")
	a.key("ctrl+t")
	a.waitFor("Kód tazatele")
	a.key("esc") // pressed by mistake: back to the question
	a.waitFor("Číslice: volba")
	a.key("ctrl+t")
	a.typeText("T07")
	a.key("enter")
	a.waitFor("Tazatel: co s rozhovorem klienta?")
	a.waitFor("3  pokračovat")
	a.key("3")
	scr := a.waitFor("S čím jste dnes")
	if strings.Contains(scr, "Tazatel: T07") {
		t.Errorf("continuing gave the client the interviewer's screen:\n%s", scr)
	}
	a.key("ctrl+t")
	a.typeText("T07")
	a.key("enter")
	a.waitFor("1  přerušit – dokončit později")
	a.key("1")
	a.waitFor("pokračovat v přerušeném (1)")
	if s := a.session(); s.Status != storage.InProgress || s.Mode != storage.ModeSelf {
		t.Errorf("paused: %s %s", s.Status, s.Mode)
	}
}
