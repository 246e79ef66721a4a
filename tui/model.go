package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"anketa/questionnaire"
	"anketa/storage"
)

// Minimum terminal size; below it the app says so instead of drawing.
const minWidth, minHeight = 60, 18

// Options configure the app.
type Options struct {
	// Questionnaire is used for new interviews.
	Questionnaire *questionnaire.Questionnaire
	// Store is the open store; the app does not close it.
	Store *storage.Store
	// Practice marks every screen: the store is a throwaway one.
	Practice bool
	// UILang is the interface's language, cs or en.
	UILang string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

type screen int

const (
	screenLogin screen = iota
	screenHome
	screenResume
	screenInterview
	screenReview
	screenPause
	screenReason
	screenDone
	screenHandIn
	screenHandInRunning
)

// Model is the whole app.
type Model struct {
	// helpCache holds rendered footers by their keys and width.
	helpCache   map[string]string
	opt         Options
	q           *questionnaire.Questionnaire
	store       *storage.Store
	versions    map[string]*questionnaire.Questionnaire
	ui          catalog
	uiLang      string
	styles      styles
	keys        keyMap
	now         func() time.Time
	width       int
	height      int
	screen      screen
	interviewer string
	flash       string // an error to show on the home screen

	login      *huh.Form
	loginValue string

	todayDone, todayOpen int
	unfinished           []*storage.Session
	resumeRows           []string // one line per unfinished session, made when the list opens
	cursor               int

	iv          *interview
	jump        bool // the review screen is the jump list
	reason      *huh.Form
	reasonValue string

	handInForm  *huh.Form
	handInDir   string
	lastHandIn  *storage.HandIn
	notHandedIn int
	notice      string // good news to show on the home screen
}

// New makes the app's model.
func New(opt Options) *Model {
	m := &Model{
		opt: opt, q: opt.Questionnaire, store: opt.Store, now: opt.Now,
		versions: map[string]*questionnaire.Questionnaire{},
		styles:   newStyles(), width: 80, height: 24,
	}
	if m.now == nil {
		m.now = time.Now
	}
	m.setUILang(UILanguage(opt.UILang))
	m.interviewer, _ = m.store.Setting("interviewer")
	if m.interviewer == "" {
		m.openLogin()
	} else {
		m.openHome()
	}
	return m
}

func (m *Model) setUILang(l string) {
	m.uiLang = l
	m.ui = catalogs[l]
	m.keys = newKeyMap(m.ui)
}

// Init starts the first screen.
func (m *Model) Init() tea.Cmd {
	if m.screen == screenLogin {
		return m.login.Init()
	}
	return nil
}

func (m *Model) fail(err error) tea.Cmd {
	m.flash = m.ui.t("error", err)
	m.openHome()
	return nil
}

func (m *Model) openLogin() {
	m.screen = screenLogin
	m.loginValue = m.interviewer
	m.login = huh.NewForm(huh.NewGroup(huh.NewInput().WithTheme(formTheme()).(*huh.Input).Title(m.ui.t("login_title")).
		Description(m.ui.t("login_desc")).Value(&m.loginValue).CharLimit(32).
		Validate(func(s string) error {
			if strings.TrimSpace(s) == "" {
				return fmt.Errorf("%s", m.ui.t("login_empty"))
			}
			return nil
		}))).WithShowHelp(false).WithTheme(formTheme()).WithWidth(50).WithKeyMap(formKeys())
}

func (m *Model) openHome() {
	m.screen = screenHome
	m.iv = nil
	today := m.now().Format(time.DateOnly)
	m.todayDone, m.todayOpen = 0, 0
	days, damaged, err := m.store.CountByDay(time.Local)
	if err != nil {
		m.flash = m.ui.t("error", err)
	} else if damaged > 0 {
		m.flash = m.ui.t("error", fmt.Errorf("%s: %d damaged sessions; run anketa store check %s", m.store.Path(), damaged, m.store.Path()))
	}
	for _, d := range days {
		if d.Day == today {
			m.todayDone, m.todayOpen = d.Completed, d.InProgress
		}
	}
	m.unfinished, err = m.store.List(0, storage.InProgress)
	if err != nil {
		m.flash = m.ui.t("error", err)
	}
	if !m.opt.Practice {
		m.loadHandIns()
	}
}

func (m *Model) openPause() { m.screen, m.cursor = screenPause, 0 }

func (m *Model) openReason() tea.Cmd {
	m.screen = screenReason
	m.reasonValue = ""
	m.reason = huh.NewForm(huh.NewGroup(huh.NewInput().WithTheme(formTheme()).(*huh.Input).Title(m.ui.t("reason_title")).
		Description(m.ui.t("reason_desc")).Value(&m.reasonValue).CharLimit(200))).
		WithShowHelp(false).WithTheme(formTheme()).WithWidth(min(70, m.width-4)).WithKeyMap(formKeys())
	return m.reason.Init()
}

func (m *Model) openReview(jump bool) tea.Cmd {
	m.screen, m.jump = screenReview, jump
	m.cursor = len(m.reviewEntries()) // the finish line: Enter finishes
	if jump {
		for i, e := range m.reviewEntries() {
			if e.step == m.iv.pos {
				m.cursor = i
				break
			}
		}
	}
	return nil
}

// Update handles a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		if m.iv != nil {
			m.iv.width = msg.Width
			if f, ok := m.iv.w.(*formWidget); ok {
				f.form.WithWidth(max(20, msg.Width-4))
			}
		}
		// The forms size their fields from it too; fall through to them.
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case prebuiltMsg:
		if m.iv != nil && msg.p.gen == m.iv.gen {
			m.iv.next = msg.p
		}
		return m, nil
	case handInDoneMsg:
		m.handInDone(msg)
		return m, nil
	}
	// Everything else (huh's own messages, the size) goes to the form on screen.
	switch m.screen {
	case screenLogin:
		return m, m.updateLogin(msg)
	case screenReason:
		return m, m.updateReason(msg)
	case screenHandIn:
		return m, m.updateHandIn(msg)
	case screenInterview:
		if m.iv != nil {
			cmd, a := m.iv.w.update(msg)
			if a != nil {
				return m, tea.Batch(cmd, m.iv.submit(a))
			}
			return m, cmd
		}
	}
	return m, nil
}

func (m *Model) handleKey(k tea.KeyPressMsg) tea.Cmd {
	keys := m.keys
	switch m.screen {
	case screenLogin:
		switch {
		case k.String() == "ctrl+c", key.Matches(k, keys.Close) && m.interviewer == "":
			return tea.Quit
		case key.Matches(k, keys.Close):
			m.openHome()
			return nil
		}
		return m.updateLogin(k)
	case screenHome:
		return m.homeKey(k)
	case screenResume:
		return m.resumeKey(k)
	case screenInterview:
		return m.iv.handleKey(k)
	case screenReview:
		return m.reviewKey(k)
	case screenPause:
		return m.pauseKey(k)
	case screenReason:
		if key.Matches(k, keys.Close) {
			m.openPause()
			return nil
		}
		return m.updateReason(k)
	case screenHandIn:
		if key.Matches(k, keys.Close) {
			m.openHome()
			return nil
		}
		return m.updateHandIn(k)
	case screenHandInRunning:
		return nil // the hand-in finishes by itself
	case screenDone:
		switch {
		case key.Matches(k, keys.Next), key.Matches(k, keys.New):
			return m.startInterview()
		case key.Matches(k, keys.Home):
			m.openHome()
		case key.Matches(k, keys.Quit):
			return tea.Quit
		}
	}
	return nil
}

func (m *Model) updateLogin(msg tea.Msg) tea.Cmd {
	f, cmd := m.login.Update(msg)
	m.login = f.(*huh.Form)
	if m.login.State == huh.StateCompleted {
		code := strings.TrimSpace(m.loginValue)
		if err := m.store.SetSetting("interviewer", code); err != nil {
			m.flash = m.ui.t("error", err)
		} else {
			m.interviewer = code
		}
		m.openHome()
		return nil
	}
	return cmd
}

func (m *Model) updateReason(msg tea.Msg) tea.Cmd {
	f, cmd := m.reason.Update(msg)
	m.reason = f.(*huh.Form)
	if m.reason.State == huh.StateCompleted {
		err := m.store.Abandon(m.iv.sess.ID, strings.TrimSpace(m.reasonValue))
		m.openHome()
		if err != nil {
			m.flash = m.ui.t("save_failed", err)
		} else if m.store.Unscrubbed() != nil {
			m.flash = m.ui.t("not_scrubbed")
		}
		return nil
	}
	return cmd
}

func (m *Model) homeKey(k tea.KeyPressMsg) tea.Cmd {
	m.flash, m.notice = "", ""
	switch keys := m.keys; {
	case key.Matches(k, keys.HandIn) && !m.opt.Practice:
		return m.openHandIn()
	case key.Matches(k, keys.New):
		return m.startInterview()
	case key.Matches(k, keys.Resume):
		if len(m.unfinished) > 0 {
			m.screen, m.cursor = screenResume, 0
			m.resumeRows = m.resumeRows[:0]
			for i, sess := range m.unfinished {
				answered, visible, place := m.sessionSummary(sess)
				m.resumeRows = append(m.resumeRows, fmt.Sprintf("%d  %s  %s  %s", i+1,
					sess.Started.Local().Format("2.1. 15:04"), m.ui.t("progress", answered, visible), place))
			}
		}
	case key.Matches(k, keys.Interviewer):
		m.openLogin()
		return m.login.Init()
	case key.Matches(k, keys.UILang):
		if m.uiLang == "cs" {
			m.setUILang("en")
		} else {
			m.setUILang("cs")
		}
	case key.Matches(k, keys.Quit), key.Matches(k, keys.Close):
		return tea.Quit
	}
	return nil
}

func (m *Model) resumeKey(k tea.KeyPressMsg) tea.Cmd {
	switch keys := m.keys; {
	case key.Matches(k, keys.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(k, keys.Down):
		m.cursor = min(len(m.unfinished)-1, m.cursor+1)
	case key.Matches(k, keys.Next):
		return m.resumeInterview(m.unfinished[m.cursor])
	case key.Matches(k, keys.Home), key.Matches(k, keys.Quit):
		m.openHome()
	case key.Matches(k, keys.Pick):
		if n := int(k.String()[0] - '1'); n < len(m.unfinished) {
			return m.resumeInterview(m.unfinished[n])
		}
	}
	return nil
}

func (m *Model) pauseKey(k tea.KeyPressMsg) tea.Cmd {
	switch keys := m.keys; {
	case key.Matches(k, keys.Up):
		m.cursor = max(0, m.cursor-1)
		return nil
	case key.Matches(k, keys.Down):
		m.cursor = min(2, m.cursor+1)
		return nil
	case key.Matches(k, keys.DoPause):
		m.cursor = 0
	case key.Matches(k, keys.DoAbandon):
		m.cursor = 1
	case key.Matches(k, keys.DoContinue):
		m.cursor = 2
	case key.Matches(k, keys.Select):
	default:
		return nil
	}
	switch m.cursor {
	case 0:
		if err := m.store.Pause(m.iv.sess.ID); err != nil {
			m.flash = m.ui.t("save_failed", err)
		}
		m.openHome()
	case 1:
		return m.openReason()
	default:
		m.screen = screenInterview
	}
	return nil
}

// reviewEntry is one line of the review: a question (a grid row counts as
// one) and the step that shows it.
type reviewEntry struct {
	item, step int
}

func (m *Model) reviewEntries() []reviewEntry {
	iv := m.iv
	var out []reviewEntry
	for _, i := range iv.state.Visible() {
		it := iv.q.Items[i]
		if it.IsGrid() {
			for _, ch := range it.Children {
				if iv.state.Relevant(ch.Index) {
					out = append(out, reviewEntry{ch.Index, i})
				}
			}
			continue
		}
		if it.Type.Answerable() {
			out = append(out, reviewEntry{i, i})
		}
	}
	return out
}

func (m *Model) reviewKey(k tea.KeyPressMsg) tea.Cmd {
	iv := m.iv
	entries := m.reviewEntries()
	last := len(entries) // the finish line, on the review only
	if m.jump {
		last--
	}
	switch keys := m.keys; {
	case key.Matches(k, keys.Up), key.Matches(k, keys.Back):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(k, keys.Down), k.String() == "tab":
		m.cursor = min(last, m.cursor+1)
	case key.Matches(k, keys.Top):
		m.cursor = 0
	case key.Matches(k, keys.Bottom):
		m.cursor = last
	case m.jump && (key.Matches(k, keys.Close) || key.Matches(k, keys.Jump)):
		m.screen = screenInterview
	case key.Matches(k, keys.Pause):
		m.openPause()
	case key.Matches(k, keys.Select):
		if m.cursor < len(entries) {
			m.screen = screenInterview
			iv.fromReview = !m.jump
			return iv.goTo(entries[m.cursor].step, false)
		}
		return m.finish()
	}
	return nil
}

// finish completes the interview if it is complete, and otherwise takes
// the interviewer to the first problem.
func (m *Model) finish() tea.Cmd {
	iv := m.iv
	if problems := iv.state.Problems(iv.lang); len(problems) > 0 {
		p := problems[0]
		step := p.Item.Index
		if p.Item.Parent != nil && p.Item.Parent.IsGrid() {
			step = p.Item.Parent.Index
		}
		m.screen = screenInterview
		iv.fromReview = true
		cmd := iv.goTo(step, false)
		iv.err = m.ui.t("incomplete", p.Item.Label.In(iv.lang, iv.q.DefaultLanguage())+": "+p.Message)
		return cmd
	}
	if err := m.store.Complete(iv.sess.ID); err != nil {
		m.screen = screenReview
		m.flash = m.ui.t("save_failed", err)
		return nil
	}
	m.screen = screenDone
	if m.store.Unscrubbed() != nil {
		m.flash = m.ui.t("not_scrubbed")
	}
	return nil
}

// View draws the screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "anketa"
	return v
}

func (m *Model) render() string {
	if m.width < minWidth || m.height < minHeight {
		return m.ui.t("too_small", m.width, m.height, minWidth, minHeight)
	}
	st := m.styles
	width := m.width - 2
	header := st.title.Render("anketa") + st.muted.Render(" · ") + st.header.Render(m.q.Title.In(m.uiLang, m.q.DefaultLanguage()))
	right := ""
	if m.opt.Practice {
		right = st.practice.Render(m.ui.t("practice")) + " "
	}
	if m.interviewer != "" {
		right += st.muted.Render(m.ui.t("interviewer", m.interviewer))
	}
	header = joinEnds(header, right, width)
	var body, status string
	var keys [][2]string
	switch m.screen {
	case screenLogin:
		body = m.login.View()
		keys = helpOf(m.keys.Next, m.keys.Close)
		if m.interviewer == "" {
			keys[1][1] = m.ui.t("k_quit") // the first run has nowhere to go back to
		}
	case screenHome:
		body, keys = m.homeView()
	case screenResume:
		body, keys = m.resumeView()
	case screenInterview:
		body = m.iv.view(width)
		status = m.iv.status()
		keys = m.iv.footerKeys()
	case screenReview:
		body, keys = m.reviewView(width)
		status = m.iv.status()
	case screenPause:
		body = m.pauseView()
		keys = helpOf(m.keys.Up, m.keys.Select, m.keys.DoContinue)
	case screenReason:
		body = m.reason.View()
		keys = helpOf(m.keys.Next, m.keys.Close)
	case screenDone:
		body = st.saved.Render("✔ "+m.ui.t("done_title")) + "\n\n" + m.ui.t("done_hint")
		keys = helpOf(m.keys.New, m.keys.Home, m.keys.Quit)
	case screenHandIn:
		body = m.handInForm.View()
		keys = helpOf(m.keys.Next, m.keys.Close)
	case screenHandInRunning:
		body = m.ui.t("handin_running")
	}
	top := header
	if status != "" {
		top += "\n" + status
	}
	top += "\n" + st.muted.Render(strings.Repeat("─", width))
	footer := st.muted.Render(strings.Repeat("─", width)) + "\n" + m.helpLine(keys, width)
	if m.flash != "" {
		footer = st.errText.Render(wrapWords(m.flash, width)) + "\n" + footer
	}
	if m.notice != "" && m.screen == screenHome {
		footer = st.saved.Render(wrapWords(m.notice, width)) + "\n" + footer
	}
	room := m.height - lipgloss.Height(top) - lipgloss.Height(footer)
	body = fitHeight(body, room)
	return indent(top + "\n" + body + "\n" + footer)
}

// indent puts the one-column left margin before every line. (A lipgloss
// style would also measure every line of the screen to pad it to the
// widest, on each frame, for nothing the terminal shows.)
func indent(s string) string {
	var b strings.Builder
	b.Grow(len(s) + strings.Count(s, "\n") + 1)
	for line := range strings.SplitSeq(s, "\n") {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteByte(' ')
		b.WriteString(line)
	}
	return b.String()
}

// helpLine draws the footer with bubbles/help, which drops what does not
// fit the width.
func (m *Model) helpLine(keys [][2]string, width int) string {
	// The footer is the same on every question of a kind: render it once.
	var ck strings.Builder
	fmt.Fprint(&ck, width)
	for _, k := range keys {
		ck.WriteString("\x00" + k[0] + "\x01" + k[1])
	}
	k := ck.String()
	if s, ok := m.helpCache[k]; ok {
		return s
	}
	if m.helpCache == nil || len(m.helpCache) > 64 {
		m.helpCache = map[string]string{}
	}
	s := m.renderHelp(keys, width)
	m.helpCache[k] = s
	return s
}

func (m *Model) renderHelp(keys [][2]string, width int) string {
	bindings := make([]key.Binding, len(keys))
	for i, k := range keys {
		bindings[i] = key.NewBinding(key.WithKeys(k[0]), key.WithHelp(k[0], k[1]))
	}
	h := help.New()
	h.SetWidth(width)
	h.ShortSeparator = "  "
	h.Styles.ShortKey = m.styles.key
	h.Styles.ShortDesc = m.styles.footer
	h.Styles.ShortSeparator = m.styles.footer
	h.Styles.Ellipsis = m.styles.footer
	return h.ShortHelpView(bindings)
}

// fitHeight pads or cuts s to exactly n lines, so the footer stays at the bottom.
func fitHeight(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if n < 1 {
		n = 1
	}
	if len(lines) > n {
		lines = append(lines[:n-1], "…")
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func joinEnds(left, right string, width int) string {
	gap := width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return left + " " + right
	}
	return left + strings.Repeat(" ", gap) + right
}

func (m *Model) homeView() (string, [][2]string) {
	st := m.styles
	var b strings.Builder
	b.WriteString(st.title.Render(m.q.Title.In(m.uiLang, m.q.DefaultLanguage())) + "  " +
		st.muted.Render(m.ui.t("version", m.q.Version)) + "\n")
	b.WriteString(m.ui.t("interviewer", m.interviewer) + "\n")
	b.WriteString(m.ui.t("today", m.todayDone, m.todayOpen) + "\n")
	if !m.opt.Practice {
		b.WriteString(m.handInLine() + "\n")
	}
	b.WriteString("\n")
	actions := helpOf(m.keys.New)
	if len(m.unfinished) > 0 {
		actions = append(actions, [2]string{m.keys.Resume.Help().Key, m.ui.t("act_resume", len(m.unfinished))})
	}
	actions = append(actions, helpOf(m.keys.Interviewer, m.keys.UILang)...)
	if !m.opt.Practice {
		actions = append(actions, helpOf(m.keys.HandIn)...)
	}
	actions = append(actions, helpOf(m.keys.Quit)...)
	for _, a := range actions {
		b.WriteString("  " + st.key.Render(a[0]) + "  " + a[1] + "\n")
	}
	if m.opt.Practice {
		b.WriteString("\n" + st.hint.Render(m.ui.t("practice_note")) + "\n")
	}
	return st.box.Render(strings.TrimRight(b.String(), "\n")), actions
}

func (m *Model) resumeView() (string, [][2]string) {
	st := m.styles
	var b strings.Builder
	b.WriteString(st.label.Render(m.ui.t("resume_title")) + "\n\n")
	for i, row := range m.resumeRows {
		if i == m.cursor {
			b.WriteString(st.cursor.Render("› "+row) + "\n")
		} else {
			b.WriteString("  " + row + "\n")
		}
	}
	return b.String(), helpOf(m.keys.Pick, m.keys.Up, m.keys.Select, m.keys.Home)
}

// sessionSummary gives how far an unfinished session got and where it
// happened (its first persist question, such as the workplace).
func (m *Model) sessionSummary(sess *storage.Session) (answered, visible int, place string) {
	q, err := m.questionnaireOf(sess)
	if err != nil {
		return 0, 0, m.ui.t("no_questionnaire", sess.QuestionnaireID)
	}
	iv := &interview{m: m, q: q, lang: m.uiLang}
	iv.state = q.Evaluate(sess.AnswerMap(), m.now())
	answered, visible = iv.progress()
	for _, it := range q.Items {
		if it.Persist {
			place = iv.state.Display(it.Index, m.uiLang)
			break
		}
	}
	return answered, visible, place
}

func (m *Model) reviewView(width int) (string, [][2]string) {
	st := m.styles
	iv := m.iv
	var b strings.Builder
	title, hint := m.ui.t("review_title"), m.ui.t("review_hint")
	if m.jump {
		title, hint = m.ui.t("jump_title"), m.ui.t("jump_hint")
	}
	b.WriteString(st.label.Render(title) + "  " + st.muted.Render(hint) + "\n\n")
	entries := m.reviewEntries()
	total := len(entries)
	if !m.jump {
		total += 2 // a blank line and the finish line
	}
	// Only the lines that fit are drawn: a long questionnaire has hundreds.
	room := max(3, m.height-9)
	cur := m.cursor
	if !m.jump && cur == len(entries) {
		cur = total - 1
	}
	start := 0
	if cur >= room {
		start = cur - room + 1
	}
	end := min(total, start+room)
	labelW := min(40, width/2)
	lines := make([]string, 0, end-start)
	for i := start; i < end; i++ {
		if i >= len(entries) {
			if i == len(entries) {
				lines = append(lines, "")
				continue
			}
			f := m.ui.t("finish")
			if m.cursor == len(entries) {
				f = st.cursor.Render("› ") + st.saved.Bold(true).Render(f)
			} else {
				f = "  " + f
			}
			lines = append(lines, f)
			continue
		}
		e := entries[i]
		label := truncate(iv.state.Label(e.item, iv.lang), labelW)
		ans := iv.state.Display(e.item, iv.lang)
		if ans == "" {
			ans = st.muted.Render(m.ui.t("not_answered"))
		}
		line := label + strings.Repeat(" ", labelW-lipgloss.Width(label)+2) + truncate(ans, max(10, width-labelW-6))
		if i == m.cursor {
			line = st.cursor.Render("› ") + lipgloss.NewStyle().Bold(true).Render(line)
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	b.WriteString(strings.Join(lines, "\n"))
	keys := helpOf(m.keys.Up, m.keys.Select)
	if m.jump {
		keys = append(keys, helpOf(m.keys.Close)...)
	} else {
		keys = append(keys, helpOf(m.keys.Pause)...)
	}
	return b.String(), keys
}

func (m *Model) pauseView() string {
	st := m.styles
	opts := []string{m.ui.t("pause_pause"), m.ui.t("pause_abandon"), m.ui.t("pause_continue")}
	var b strings.Builder
	b.WriteString(st.label.Render(m.ui.t("pause_title")) + "\n\n")
	for i, o := range opts {
		line := fmt.Sprintf("%d  %s", i+1, o)
		if i == m.cursor {
			b.WriteString(st.cursor.Render("› "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	return st.box.Render(strings.TrimRight(b.String(), "\n"))
}
