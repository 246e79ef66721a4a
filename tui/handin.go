package tui

import (
	"errors"
	"strings"
	"time"

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

func (m *Model) openHandIn() tea.Cmd {
	m.screen = screenHandIn
	m.handInDir, _ = m.store.Setting("handin.dir")
	desc := m.ui.t("handin_desc")
	if sealing, inProgress := m.handInWarning(); sealing && inProgress > 0 {
		desc += "\n" + m.ui.t("handin_open", inProgress)
	}
	m.handInForm = huh.NewForm(huh.NewGroup(huh.NewInput().WithTheme(formTheme()).(*huh.Input).Title(m.ui.t("handin_title")).
		Description(desc).Value(&m.handInDir).Placeholder("E:\\   /media/usb").
		Validate(func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New(m.ui.t("handin_empty"))
			}
			return nil
		}))).
		WithShowHelp(false).WithTheme(formTheme()).WithWidth(min(76, m.width-4)).WithKeyMap(formKeys())
	return m.handInForm.Init()
}

// handInWarning says whether the store seals and how many interviews are
// in progress: those go into the hand-in readable.
func (m *Model) handInWarning() (sealing bool, inProgress int) {
	keys, _ := m.store.Recipients()
	return len(keys) > 0, len(m.unfinished)
}

func (m *Model) updateHandIn(msg tea.Msg) tea.Cmd {
	f, cmd := m.handInForm.Update(msg)
	m.handInForm = f.(*huh.Form)
	if m.handInForm.State != huh.StateCompleted {
		return cmd
	}
	dir := strings.TrimSpace(m.handInDir)
	m.screen = screenHandInRunning
	store := m.store
	return func() tea.Msg {
		h, err := store.HandInTo(dir)
		if err == nil {
			store.SetSetting("handin.dir", dir)
		}
		return handInDoneMsg{h, err}
	}
}

func (m *Model) handInDone(msg handInDoneMsg) {
	m.openHome()
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
