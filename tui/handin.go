package tui

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"anketa/storage"
)

// The hand-in screen: the interviewer names the stick or the shared
// folder, and the store's checked snapshot is written there, off the
// app's goroutine.

// handInDoneMsg is a finished hand-in.
type handInDoneMsg struct {
	h   *storage.HandIn
	err error
}

// handInScreen asks for the folder, then waits for the hand-in.
type handInScreen struct {
	m       *Model
	form    *huh.Form
	dir     string
	running bool
}

func (m *Model) newHandIn(inProgress int) *handInScreen {
	s := &handInScreen{m: m}
	s.dir, _ = m.store.Setting("handin.dir")
	desc := m.ui.t("handin_desc")
	if keys, _ := m.store.Recipients(); len(keys) > 0 && inProgress > 0 {
		desc += "\n" + m.ui.t("handin_open", inProgress)
	}
	s.form = oneField(huh.NewInput().Title(m.ui.t("handin_title")).Description(desc).Value(&s.dir).Placeholder("E:\\   /media/usb").
		Validate(s.valid), min(76, m.width-4))
	return s
}

func (s *handInScreen) valid(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New(s.m.ui.t("handin_empty"))
	}
	return nil
}

func (s *handInScreen) init() tea.Cmd { return s.form.Init() }

func (s *handInScreen) update(msg tea.Msg) tea.Cmd {
	m := s.m
	if s.running {
		return nil // the hand-in finishes by itself
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.Close) {
		return m.show(m.newHome())
	}
	cmd, done := formDone(&s.form, msg, func() error { return s.valid(s.dir) })
	if !done {
		return cmd
	}
	dir := strings.TrimSpace(s.dir)
	s.running = true
	store := m.store
	return func() tea.Msg {
		h, err := store.HandInTo(dir)
		if err == nil {
			store.SetSetting("handin.dir", dir)
		}
		return handInDoneMsg{h, err}
	}
}

func (s *handInScreen) view() frame {
	if s.running {
		return frame{body: s.m.ui.t("handin_running")}
	}
	return frame{body: s.form.View(), keys: helpOf(s.m.keys.Next, s.m.keys.Close)}
}

func (m *Model) handInDone(msg handInDoneMsg) {
	m.show(m.newHome())
	switch {
	case msg.h == nil:
		m.flash = m.ui.t("handin_failed", msg.err)
	case msg.err != nil: // handed in, but not noted
		m.notice = m.ui.t("handin_done", msg.h.File, msg.h.Sessions)
		m.flash = m.ui.t("error", msg.err)
	default:
		m.notice = m.ui.t("handin_done", msg.h.File, msg.h.Sessions)
	}
}

// handInLine is the home screen's line about hand-ins: when the last was
// made, and how many finished interviews are in none yet.
func (m *Model) handInLine() string {
	if m.lastHandIn == nil {
		return m.ui.t("handin_never", m.notHandedIn)
	}
	return m.ui.t("handin_last", m.lastHandIn.Time.In(time.Local).Format("2.1. 15:04"), m.notHandedIn)
}

// loadHandIns reads what the home screen shows of the hand-ins.
func (m *Model) loadHandIns() {
	m.lastHandIn, m.notHandedIn = nil, 0
	hs, err := m.store.HandIns()
	if err != nil {
		m.flash = m.ui.t("error", err)
	}
	since := time.Time{}
	if len(hs) > 0 {
		m.lastHandIn = &hs[len(hs)-1]
		since = m.lastHandIn.Time
	}
	if n, err := m.store.FinishedSince(since); err == nil {
		m.notHandedIn = n
	}
}
