package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"anketa/questionnaire"
	"anketa/storage"
	"anketa/tui/engine"
)

// loginScreen asks for the interviewer's code.
type loginScreen struct {
	m     *Model
	form  *huh.Form
	value string
}

func (m *Model) newLogin() *loginScreen {
	s := &loginScreen{m: m, value: m.interviewer}
	desc := m.ui.t("login_desc")
	if m.opt.Practice {
		desc = m.ui.t("login_desc_practice")
	}
	s.form = oneField(huh.NewInput().Title(m.ui.t("login_title")).Description(desc).Value(&s.value).CharLimit(32).
		Validate(func(v string) error {
			_, err := m.interviewerCode(v)
			return err
		}), 50)
	return s
}

// interviewerCode reads a code as typed: trimmed and upper-cased, one
// word.
func (m *Model) interviewerCode(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch {
	case s == "":
		return "", errors.New(m.ui.t("login_empty"))
	case strings.ContainsAny(s, " \t"):
		return "", errors.New(m.ui.t("login_space"))
	}
	return s, nil
}

func (s *loginScreen) init() tea.Cmd { return s.form.Init() }

func (s *loginScreen) update(msg tea.Msg) tea.Cmd {
	m := s.m
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case k.String() == "ctrl+c", key.Matches(k, m.keys.Close) && m.interviewer == "":
			return tea.Quit
		case key.Matches(k, m.keys.Close):
			return m.show(m.newHome())
		}
	}
	cmd, done := formDone(&s.form, msg, func() error { _, err := m.interviewerCode(s.value); return err })
	if !done {
		return cmd
	}
	code, _ := m.interviewerCode(s.value)
	if err := m.store.SetSetting("interviewer", code); err != nil {
		m.flash = m.ui.t("error", err)
	} else {
		m.interviewer = code
	}
	return m.show(m.newHome())
}

func (s *loginScreen) view() frame {
	keys := helpOf(s.m.keys.Next, s.m.keys.Close)
	if s.m.interviewer == "" {
		keys[1][1] = s.m.ui.t("k_quit") // the first run has nowhere to go back to
	}
	return frame{body: s.form.View(), keys: keys}
}

// homeScreen is where interviews start.
type homeScreen struct {
	m                    *Model
	todayDone, todayOpen int
	unfinished           []*storage.Session
	field                fieldwork
}

func (m *Model) newHome() *homeScreen {
	m.iv = nil
	m.idle.stop()
	s := &homeScreen{m: m}
	today := m.now().Format(time.DateOnly)
	days, damaged, err := m.store.CountByDay(time.Local)
	if err != nil {
		m.flash = m.ui.t("error", err)
	} else if damaged > 0 {
		m.flash = m.ui.t("error", fmt.Errorf("%s: %d damaged sessions; run anketa store check %s", m.store.Path(), damaged, m.store.Path()))
	}
	for _, d := range days {
		if d.Day == today {
			s.todayDone, s.todayOpen = d.Completed, d.InProgress
		}
	}
	if s.unfinished, err = m.store.List(0, storage.InProgress); err != nil {
		m.flash = m.ui.t("error", err)
	}
	if !m.opt.Practice {
		m.loadHandIns()
	}
	s.field = m.loadFieldwork()
	return s
}

func (s *homeScreen) update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	m := s.m
	m.flash, m.notice = "", ""
	switch keys := m.keys; {
	case key.Matches(k, keys.HandIn) && !m.opt.Practice:
		return m.show(m.newHandIn(len(s.unfinished)))
	case s.field.pending > 0 && (key.Matches(k, keys.Count) || k.String() == "enter"):
		return m.countClient(s.field) // the approach left without an outcome first
	case key.Matches(k, keys.Count) && s.field.every > 0:
		return m.countClient(s.field)
	case key.Matches(k, keys.Refusal) && s.field.every == 0:
		return m.logRefusal(0)
	case key.Matches(k, keys.Sampling):
		return m.show(m.newSampling())
	case key.Matches(k, keys.New):
		return m.startInterview(m.selfDefault())
	case key.Matches(k, keys.Other) && m.selfPossible():
		return m.startInterview(!m.selfDefault())
	case key.Matches(k, keys.Resume) && len(s.unfinished) > 0:
		return m.show(m.newResume(s.unfinished))
	case key.Matches(k, keys.Interviewer):
		return m.show(m.newLogin())
	case key.Matches(k, keys.UILang):
		l := "cs"
		if m.uiLang == "cs" {
			l = "en"
		}
		m.setUILang(l)
		if !m.opt.Practice {
			if err := m.store.SetSetting("ui.lang", l); err != nil {
				m.flash = m.ui.t("error", err)
			}
		}
	case key.Matches(k, keys.Quit), key.Matches(k, keys.Close):
		return tea.Quit
	}
	return nil
}

// actions are the home screen's keys: what the box says of each, and the
// footer's short word.
func (s *homeScreen) actions() (box, footer [][2]string) {
	m := s.m
	add := func(b key.Binding, long, short string) {
		box = append(box, [2]string{b.Help().Key, long})
		if short != "" { // the footer keeps to the main keys; the box lists them all
			footer = append(footer, [2]string{b.Help().Key, short})
		}
	}
	if m.selfDefault() {
		add(m.keys.New, m.ui.t("act_new_self"), m.ui.t("h_self"))
		add(m.keys.Other, m.ui.t("act_new_with"), m.ui.t("h_with"))
	} else {
		add(m.keys.New, m.ui.t("act_new"), m.ui.t("h_new"))
		if m.selfPossible() {
			add(m.keys.Other, m.ui.t("act_new_self"), m.ui.t("h_self"))
		}
	}
	switch f := s.field; {
	case f.pending > 0:
		add(m.keys.Count, m.ui.t("act_pending", f.pending), m.ui.t("h_count"))
	case f.every > 0:
		add(m.keys.Count, m.ui.t("act_count"), m.ui.t("h_count"))
	default:
		add(m.keys.Refusal, m.ui.t("act_refusal"), m.ui.t("h_refusal"))
	}
	if len(s.unfinished) > 0 {
		add(m.keys.Resume, m.ui.t("act_resume", len(s.unfinished)), m.ui.t("h_resume"))
	}
	add(m.keys.Sampling, m.ui.t("act_sampling"), "")
	add(m.keys.Interviewer, m.ui.t("act_interviewer"), "")
	add(m.keys.UILang, m.ui.t("act_lang"), "")
	if !m.opt.Practice {
		add(m.keys.HandIn, m.ui.t("act_handin"), m.ui.t("h_handin"))
	}
	add(m.keys.Quit, m.ui.t("act_quit"), m.ui.t("act_quit"))
	return box, footer
}

func (s *homeScreen) view() frame {
	m := s.m
	st := m.styles
	var b strings.Builder
	b.WriteString(st.title.Render(m.q.Title.In(m.uiLang, m.q.DefaultLanguage())) + "  " +
		st.muted.Render(m.ui.t("version", m.q.Version)) + "\n")
	// The interviewer is in the header; below 22 lines the box drops its
	// frame and blank line, so that every key stays on screen.
	w := m.width - 9 // the box's border and padding, and the margin
	b.WriteString(truncate(m.ui.t("today", s.todayDone, s.todayOpen), w) + "\n")
	for _, part := range strings.Split(s.field.line(m.ui), "\n") {
		b.WriteString(wrapWords(part, w) + "\n")
	}
	if !m.opt.Practice {
		b.WriteString(truncate(m.handInLine(), w) + "\n")
	}
	if m.height >= 22 {
		b.WriteString("\n")
	}
	box, footer := s.actions()
	for _, a := range box {
		b.WriteString("  " + st.key.Render(a[0]) + "  " + a[1] + "\n")
	}
	if m.opt.Practice {
		b.WriteString("\n" + st.hint.Render(m.ui.t("practice_note")) + "\n")
	}
	body := strings.TrimRight(b.String(), "\n")
	if m.height >= 22 {
		body = st.box.Render(body)
	}
	return frame{body: body, keys: footer}
}

// resumeScreen lists the paused interviews.
type resumeScreen struct {
	m          *Model
	unfinished []*storage.Session
	rows       []string
	cursor     int
}

func (m *Model) newResume(unfinished []*storage.Session) *resumeScreen {
	s := &resumeScreen{m: m, unfinished: unfinished}
	for i, sess := range unfinished {
		answered, visible, place := m.sessionSummary(sess)
		mode := ""
		if sess.Mode == storage.ModeSelf {
			mode = "(" + m.ui.t("h_self") + ")  "
		}
		s.rows = append(s.rows, fmt.Sprintf("%d  %s  %s  %s%s", i+1,
			sess.Started.Local().Format("2.1. 15:04"), m.ui.t("progress", answered, visible), mode, place))
	}
	return s
}

func (s *resumeScreen) update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	m := s.m
	switch keys := m.keys; {
	case m.moveCursor(k, &s.cursor, len(s.unfinished)):
	case key.Matches(k, keys.Select):
		return m.resumeInterview(s.unfinished[s.cursor])
	case key.Matches(k, keys.Home), key.Matches(k, keys.Quit):
		return m.show(m.newHome())
	case key.Matches(k, keys.Pick):
		if n := int(k.String()[0] - '1'); n >= 0 && n < len(s.unfinished) {
			return m.resumeInterview(s.unfinished[n])
		}
	}
	return nil
}

func (s *resumeScreen) view() frame {
	m := s.m
	rows := make([]string, len(s.rows))
	for i, r := range s.rows {
		rows[i] = truncate(r, m.width-6)
	}
	body := m.styles.label.Render(m.ui.t("resume_title")) + "\n\n" + m.list(rows, s.cursor)
	keys := helpOf(m.keys.Up, m.keys.Select, m.keys.Home)
	if n := min(9, len(rows)); n > 1 {
		keys = append([][2]string{{fmt.Sprintf("1–%d", n), m.keys.Pick.Help().Desc}}, keys...)
	}
	return frame{body: body, keys: keys}
}

// sessionSummary gives how far an unfinished session got and where it
// happened (its first persist question, such as the workplace).
func (m *Model) sessionSummary(sess *storage.Session) (answered, visible int, place string) {
	q, err := m.questionnaireOf(sess)
	if err != nil {
		return 0, 0, m.ui.t("no_questionnaire", sess.QuestionnaireID)
	}
	st := q.Evaluate(sess.AnswerMap(), m.now())
	for _, i := range st.Visible() {
		for _, x := range st.Asks(i) {
			visible++
			if !st.Answer(x.Index).IsEmpty() {
				answered++
			}
		}
	}
	for _, it := range q.Items {
		if it.Persist {
			place = st.Display(it.Index, m.uiLang)
			break
		}
	}
	return answered, visible, place
}

// questionnaireOf returns the questionnaire version a session was started
// with: the app's own, or the one kept in the store.
func (m *Model) questionnaireOf(sess *storage.Session) (*questionnaire.Questionnaire, error) {
	if sess.QuestionnaireHash == m.q.Hash {
		return m.q, nil
	}
	if q, ok := m.versions[sess.QuestionnaireHash]; ok {
		return q, nil
	}
	q, err := m.store.Questionnaire(sess.QuestionnaireHash)
	if err != nil {
		return nil, err
	}
	m.versions[sess.QuestionnaireHash] = q
	return q, nil
}

func (m *Model) engineOptions(q *questionnaire.Questionnaire, self bool) engine.Options {
	mode := storage.ModeInterviewer
	if self {
		mode = storage.ModeSelf
	}
	return engine.Options{Store: m.through, Questionnaire: q, Interviewer: m.interviewer, Mode: mode, UILang: m.uiLang, Now: m.now}
}

// fail shows an error on the home screen.
func (m *Model) fail(err error) tea.Cmd {
	cmd := m.show(m.newHome())
	m.flash = m.ui.t("error", err)
	return cmd
}

// startInterview starts a new interview, self-completed or not, and logs
// its approach (not a counted one) in the same commit.
func (m *Model) startInterview(self bool) tea.Cmd {
	return m.startInterviewFrom(self, &storage.Contact{Interviewer: m.interviewer, Every: m.sampleEvery(), Place: m.place()})
}

// startInterviewFrom starts an interview that came of approach c (nil:
// none is logged).
func (m *Model) startInterviewFrom(self bool, c *storage.Contact) tea.Cmd {
	o := m.engineOptions(m.q, self)
	o.Contact = c
	iv, err := engine.Start(o)
	if iv == nil {
		return m.fail(err)
	}
	m.iv = iv
	cmd := m.showStep()
	if err != nil {
		m.flash = m.ui.t("move_failed", err)
	}
	return cmd
}

func (m *Model) resumeInterview(sess *storage.Session) tea.Cmd {
	q, err := m.questionnaireOf(sess)
	if err != nil {
		return m.fail(err)
	}
	iv, err := engine.Resume(m.engineOptions(q, sess.Mode == storage.ModeSelf), sess)
	if err != nil {
		return m.fail(err)
	}
	m.iv = iv
	return m.showStep()
}

// showStep shows what the interview is at: the hand-over to the client,
// a question (the client's, in large type, after it), the review, or for
// the client the end.
func (m *Model) showStep() tea.Cmd {
	iv := m.iv
	switch {
	case iv.NeedsHandOver():
		return m.show(m.newHandOver())
	case iv.AtReview() && iv.HandedOver():
		return m.finishClient()
	case iv.AtReview():
		return m.show(m.newReview(false))
	}
	return m.show(m.newQuestion())
}
