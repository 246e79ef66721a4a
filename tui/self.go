package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"anketa/questionnaire"
	"anketa/storage"
)

// Self-completion: after the interviewer's questions the laptop goes to
// the client, who answers alone in large type with digits, Enter and
// Backspace. The client cannot reach the home screen, the jump list or
// the pause dialog; the interviewer's chord (Ctrl+T) and code do. A
// client's part that waits too long for a key ends as abandoned with the
// reason "timeout".

// handOverScreen asks the interviewer to hand the laptop over, and the
// client to start.
type handOverScreen struct{ m *Model }

func (m *Model) newHandOver() *handOverScreen {
	m.idle.start(m)
	return &handOverScreen{m: m}
}

func (s *handOverScreen) init() tea.Cmd { return s.m.idle.tick() }

func (s *handOverScreen) update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	m := s.m
	switch {
	case key.Matches(k, m.keys.Unlock):
		return m.show(m.newLock(lockMenu, ""))
	case k.String() == "enter":
		m.iv.HandOver()
		return m.show(m.newQuestion())
	}
	return nil
}

func (s *handOverScreen) view() frame {
	m := s.m
	st := m.styles
	width := m.width - 4
	body := st.clientLabel.Render(wrapWords(m.ui.t("handover_title"), width)) + "\n\n" +
		wrapWords(m.ui.t("handover_client"), width) + "\n\n" +
		st.hint.Render(wrapWords(m.ui.t("handover_keys"), width)) + "\n\n" +
		st.clientChosen.Render(m.ui.t("handover_start"))
	return frame{body: body, client: true}
}

// finishClient ends the client's part: the interview is completed if it
// is complete, else the client is taken to the question missing an
// answer. Then comes the thank-you, locked for the interviewer (or, at a
// kiosk, the welcome screen for the next client a moment later).
func (m *Model) finishClient() tea.Cmd {
	iv := m.iv
	p, err := iv.Finish()
	switch {
	case err != nil:
		cmd := m.show(m.newQuestionOr())
		m.flash = m.ui.t("save_failed", err)
		return cmd
	case p != nil:
		cmd := m.show(m.newQuestion())
		if q, ok := m.screen.(*questionScreen); ok {
			q.err = p.Message
		}
		return cmd
	}
	m.idle.stop()
	return m.show(m.newLock(lockThanks, ""))
}

// newQuestionOr is the question on screen, or the last step's when the
// interview is at its end, for an error to be shown on.
func (m *Model) newQuestionOr() screen {
	if m.iv.AtReview() {
		if prev, _ := m.iv.Back(); !prev {
			return m.newLock(lockMenu, "")
		}
	}
	return m.newQuestion()
}

// The lock screen's occasions.
const (
	lockMenu    = iota // the interviewer's chord during the client's part
	lockThanks         // the client finished
	lockTimeout        // the client's part waited too long
	lockWelcome        // a kiosk waits for the next client
)

// lockScreen is what the client sees when not answering: a thank-you, a
// timeout, a kiosk's welcome. Only the interviewer's chord and code go
// further; three wrong codes lock it for 30 seconds, with no hint.
type lockScreen struct {
	m        *Model
	occasion int
	message  string
	asking   bool
	form     *huh.Form
	code     string
	wrong    int
	until    time.Time
	err      string
	// gen tells this screen's timers from an earlier one's.
	gen int
}

// lockout is how long the unlock is refused after three wrong codes.
const lockout = 30 * time.Second

// kioskPause is how long a kiosk shows the thank-you before the welcome
// (a variable for the tests).
var kioskPause = 5 * time.Second

func (m *Model) newLock(occasion int, message string) *lockScreen {
	m.gen++
	s := &lockScreen{m: m, occasion: occasion, message: message, gen: m.gen}
	if occasion == lockMenu {
		s.ask() // the interviewer pressed the chord: ask for the code at once
	}
	return s
}

type lockTickMsg struct{ gen int }

func (s *lockScreen) init() tea.Cmd {
	cmd := tea.Tick(time.Second, func(time.Time) tea.Msg { return lockTickMsg{s.gen} })
	if s.occasion == lockThanks && s.m.opt.Kiosk {
		gen := s.gen
		return tea.Batch(cmd, tea.Tick(kioskPause, func(time.Time) tea.Msg { return kioskMsg{gen} }))
	}
	if s.form != nil {
		return tea.Batch(cmd, s.form.Init())
	}
	return cmd
}

type kioskMsg struct{ gen int }

func (s *lockScreen) ask() {
	s.asking, s.code = true, ""
	s.form = oneField(huh.NewInput().Title(s.m.ui.t("unlock_title")).Value(&s.code).EchoMode(huh.EchoModePassword).CharLimit(32), 40)
}

func (s *lockScreen) update(msg tea.Msg) tea.Cmd {
	m := s.m
	switch msg := msg.(type) {
	case lockTickMsg:
		if msg.gen != s.gen || m.screen != s {
			return nil
		}
		return tea.Tick(time.Second, func(time.Time) tea.Msg { return lockTickMsg{s.gen} })
	case kioskMsg:
		if msg.gen == s.gen && m.screen == s && !s.asking {
			return m.show(m.newLock(lockWelcome, ""))
		}
		return nil
	case tea.KeyPressMsg:
		if m.idleNow().Before(s.until) {
			return nil // locked out: nothing works until the time is up
		}
		switch {
		case key.Matches(msg, m.keys.Unlock):
			s.ask()
			s.err = ""
			return s.form.Init()
		case s.asking && msg.String() == "esc" && s.occasion == lockMenu:
			return m.showStep() // back to the client's question
		case s.asking && msg.String() == "esc":
			s.asking, s.form = false, nil
			return nil
		case !s.asking && s.occasion == lockWelcome && s.message == "" && msg.String() == "enter":
			return m.startKiosk()
		}
	}
	if !s.asking {
		return nil
	}
	cmd, done := formDone(&s.form, msg, nil)
	if !done {
		return cmd
	}
	if code, err := m.interviewerCode(s.code); err != nil || code != m.interviewer {
		s.wrong++
		s.err = m.ui.t("unlock_wrong")
		if s.wrong >= 3 {
			s.wrong = 0
			s.until = m.idleNow().Add(lockout)
		}
		s.ask()
		return s.form.Init()
	}
	return s.unlocked()
}

// unlocked gives the laptop back to the interviewer: the pause dialog for
// a client's interview in progress, else the home screen.
func (s *lockScreen) unlocked() tea.Cmd {
	m := s.m
	m.idle.stop()
	if m.iv != nil && !m.iv.Finished() {
		p := m.newPause(m.newQuestionOr())
		p.title = m.ui.t("client_menu")
		return m.show(p)
	}
	return m.show(m.newHome())
}

// startKiosk starts the next client's interview from the welcome screen:
// the interviewer's questions are answered as in the previous interview,
// and the client starts at their first question. Until an interview has
// answered them, the welcome screen asks the client to call the staff.
func (m *Model) startKiosk() tea.Cmd {
	if ok, err := m.kioskReady(); !ok {
		msg := m.ui.t("welcome_needs")
		if err != nil {
			msg = m.ui.t("error", err)
		}
		return m.show(m.newLock(lockWelcome, msg))
	}
	cmd := m.startInterviewFrom(true, nil) // a kiosk approaches nobody
	if m.iv == nil {
		return cmd
	}
	if filled, err := m.iv.FillFromPrevious(); err != nil || !filled {
		m.flash = m.ui.t("save_failed", err)
		return cmd // the interviewer's question, for them to answer
	}
	m.iv.HandOver()
	m.idle.start(m)
	return tea.Batch(m.show(m.newQuestion()), m.idle.tick())
}

// kioskReady reports whether the interviewer's questions at the start can
// be answered from the previous interview: all of them persisted, each
// with an answer to carry over.
func (m *Model) kioskReady() (bool, error) {
	persisted, err := m.store.Persisted(m.q)
	if err != nil {
		return false, err
	}
	for _, i := range m.q.Steps() {
		if m.q.ClientStep(i) {
			break
		}
		it := m.q.Items[i]
		rows := []*questionnaire.Item{it}
		if it.IsGrid() {
			rows = it.Children
		}
		for _, x := range rows {
			if _, ok := persisted[x.Name]; x.Type.Answerable() && (!x.Persist || !ok) {
				return false, nil
			}
		}
	}
	return true, nil
}

func (s *lockScreen) view() frame {
	m := s.m
	st := m.styles
	width := m.width - 4
	var b strings.Builder
	switch s.occasion {
	case lockThanks:
		b.WriteString(st.clientLabel.Render(wrapWords(m.ui.t("thanks"), width)) + "\n\n")
		if !m.opt.Kiosk {
			b.WriteString(wrapWords(m.ui.t("thanks_back"), width) + "\n\n")
		}
	case lockTimeout:
		b.WriteString(st.clientLabel.Render(wrapWords(m.ui.t("timed_out"), width)) + "\n\n")
	case lockWelcome:
		b.WriteString(st.clientLabel.Render(m.ui.t("welcome")) + "\n\n" + wrapWords(m.ui.t("welcome_text"), width) + "\n\n")
		if s.message == "" {
			b.WriteString(st.clientChosen.Render(m.ui.t("welcome_start")) + "\n\n")
		}
	}
	if s.message != "" {
		b.WriteString(st.errText.Render(wrapWords(s.message, width)) + "\n\n")
	}
	switch {
	case m.idleNow().Before(s.until):
		left := int(s.until.Sub(m.idleNow()).Round(time.Second) / time.Second)
		b.WriteString(st.errText.Render(m.ui.t("unlock_wait", left)))
	case s.asking:
		b.WriteString(trimForm(s.form.View()))
		if s.err != "" {
			b.WriteString("\n" + st.errText.Render(s.err))
		}
	default:
		b.WriteString(st.muted.Render(wrapWords(m.ui.t("locked"), width)))
	}
	return frame{body: b.String(), client: true}
}

// idleTimer ends a client's part that waits too long for a key.
type idleTimer struct {
	on      bool
	last    time.Time
	timeout time.Duration
	gen     int
}

type idleMsg struct{ gen int }

func (t *idleTimer) next() int { t.gen++; return t.gen }

func (t *idleTimer) start(m *Model) {
	t.on, t.last, t.timeout = true, m.idleNow(), m.iv.Questionnaire().Self.Timeout
	t.next()
}

func (t *idleTimer) stop() { t.on = false; t.next() }

func (t *idleTimer) tick() tea.Cmd {
	if !t.on {
		return nil
	}
	gen := t.gen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return idleMsg{gen} })
}

// idleTick checks the client's idle time once a second: the interview
// ends as abandoned with the reason timeout when it is up.
func (m *Model) idleTick(msg idleMsg) tea.Cmd {
	t := &m.idle
	if !t.on || msg.gen != t.gen {
		return nil
	}
	if m.idleNow().Sub(t.last) < t.timeout {
		return t.tick()
	}
	t.stop()
	if m.iv == nil || m.iv.Finished() {
		return nil
	}
	if err := m.iv.Abandon(storage.ReasonTimeout); err != nil {
		m.flash = m.ui.t("save_failed", err)
		return nil
	}
	m.iv = nil
	if m.opt.Kiosk {
		return m.show(m.newLock(lockWelcome, ""))
	}
	return m.show(m.newLock(lockTimeout, ""))
}
