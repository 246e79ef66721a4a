package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"anketa/questionnaire"
	"anketa/storage"
	"anketa/tui/engine"
)

// Minimum terminal size; below it the app says so instead of drawing,
// and no key but Ctrl+C does anything.
const minWidth, minHeight = 60, 18

// Options configure the app.
type Options struct {
	// Questionnaire is used for new interviews.
	Questionnaire *questionnaire.Questionnaire
	// Store is the open store; the app does not close it.
	Store *storage.Store
	// Practice marks every screen: the store is a throwaway one.
	Practice bool
	// UILang is the interface's language, cs or en; "" takes the one
	// chosen last on this computer, else LANG's.
	UILang string
	// Self makes new interviews self-completed (the client answers
	// alone after the interviewer's questions), as the questionnaire's
	// self_completion default does.
	Self bool
	// Kiosk returns after each client's interview to a welcome screen
	// for the next client, who starts it with Enter. It implies Self.
	Kiosk bool
	// Now is the clock for dates in the interview; nil means time.Now.
	Now func() time.Time

	// through replaces the store the interviews are saved through, for
	// tests and benchmarks that fail or time it.
	through engine.Store
	// idleNow is the clock of the client's idle timeout; nil: time.Now.
	idleNow func() time.Time
}

// Model is the whole app: the words, styles, keys and size every screen
// shares, and the screen on show. Each screen is a small model of its own
// (home, login, resume list, a question, review, the dialogs, the
// client's screens) that handles its keys and draws its body.
type Model struct {
	opt      Options
	q        *questionnaire.Questionnaire
	store    *storage.Store
	through  engine.Store
	versions map[string]*questionnaire.Questionnaire
	ui       catalog
	uiLang   string
	styles   styles
	keys     keyMap
	now      func() time.Time
	idleNow  func() time.Time
	width    int
	height   int

	interviewer string
	flash       string // an error to show under the screen
	notice      string // good news for the home screen
	helpCache   map[string]string

	screen screen
	// gen numbers the screens' timers, so that a late one is told apart.
	gen int
	// iv is the interview running, shared by its screens.
	iv   *engine.Interview
	idle idleTimer

	lastHandIn  *storage.HandIn
	notHandedIn int
}

// screen is one screen of the app.
type screen interface {
	update(msg tea.Msg) tea.Cmd
	view() frame
}

// initer is a screen with a command to run when it opens (a form's cursor).
type initer interface{ init() tea.Cmd }

// frame is what a screen draws: its body, the status line under the
// header, and the keys the footer lists. A client's screen draws itself
// whole, with no interviewer's header or footer.
type frame struct {
	body, status string
	keys         [][2]string
	client       bool
}

// New makes the app's model.
func New(opt Options) *Model {
	m := &Model{
		opt: opt, q: opt.Questionnaire, store: opt.Store, through: opt.through, now: opt.Now, idleNow: opt.idleNow,
		versions: map[string]*questionnaire.Questionnaire{},
		styles:   newStyles(), width: 80, height: 24,
	}
	if m.through == nil {
		m.through = opt.Store
	}
	if m.now == nil {
		m.now = time.Now
	}
	if m.idleNow == nil {
		m.idleNow = time.Now
	}
	if opt.Kiosk {
		m.opt.Self = true
	}
	lang := opt.UILang
	if lang == "" {
		lang, _ = m.store.Setting("ui.lang")
	}
	m.setUILang(UILanguage(lang))
	m.interviewer, _ = m.store.Setting("interviewer")
	if m.interviewer == "" {
		m.screen = m.newLogin()
	} else {
		m.screen = m.newHome()
	}
	return m
}

func (m *Model) setUILang(l string) {
	m.uiLang = l
	m.ui = catalogs[l]
	m.keys = newKeyMap(m.ui)
	m.helpCache = nil
	if m.iv != nil {
		m.iv.SetUILang(l)
	}
}

// Init starts the first screen.
func (m *Model) Init() tea.Cmd {
	if s, ok := m.screen.(initer); ok {
		return s.init()
	}
	return nil
}

// show puts s on screen and runs what it needs to start.
func (m *Model) show(s screen) tea.Cmd {
	m.screen = s
	if i, ok := s.(initer); ok {
		return i.init()
	}
	return nil
}

// selfDefault says whether a new interview is self-completed unless the
// interviewer picks the other kind: --self, or the questionnaire's
// default, and only for a questionnaire that can be.
func (m *Model) selfDefault() bool {
	return m.selfPossible() && (m.opt.Self || m.q.Self.Default)
}

func (m *Model) selfPossible() bool { return len(m.q.SelfProblems()) == 0 }

// Update handles a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.helpCache = nil
	case tea.KeyPressMsg:
		if m.tooSmall() {
			return m, m.tooSmallKey(msg)
		}
		if m.idle.on {
			m.idle.last = m.idleNow()
		}
	case idleMsg:
		return m, m.idleTick(msg)
	case handInDoneMsg:
		m.handInDone(msg)
		return m, nil
	}
	return m, m.screen.update(msg)
}

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// tooSmallKey: on the too-small screen only Ctrl+C works, and not for a
// client: it pauses the interview in progress and quits. Nothing the
// interviewer cannot see is answered.
func (m *Model) tooSmallKey(k tea.KeyPressMsg) tea.Cmd {
	if k.String() != "ctrl+c" || m.clientHasIt() {
		return nil
	}
	if m.iv != nil && !m.iv.Finished() {
		if err := m.iv.Pause(); err != nil {
			m.flash = m.ui.t("save_failed", err)
			return nil
		}
	}
	return tea.Quit
}

// clientHasIt reports whether the client holds the laptop: a
// self-completed interview after the hand-over, or a locked screen.
func (m *Model) clientHasIt() bool {
	switch m.screen.(type) {
	case *lockScreen, *handOverScreen:
		return true
	case *questionScreen:
		return m.iv != nil && m.iv.HandedOver()
	}
	return false
}

// View draws the screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "anketa"
	return v
}

func (m *Model) render() string {
	if m.tooSmall() {
		if m.clientHasIt() {
			return m.ui.t("too_small_client")
		}
		return m.ui.t("too_small", m.width, m.height, minWidth, minHeight) + "\n\n" + m.ui.t("too_small_keys")
	}
	f := m.screen.view()
	if f.client {
		return m.renderClient(f)
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
	top := header
	if f.status != "" {
		top += "\n" + f.status
	}
	top += "\n" + st.muted.Render(strings.Repeat("─", width))
	footer := st.muted.Render(strings.Repeat("─", width)) + "\n" + m.helpLine(f.keys, width)
	if m.flash != "" {
		footer = st.errText.Render(wrapWords(m.flash, width)) + "\n" + footer
	}
	if _, home := m.screen.(*homeScreen); m.notice != "" && home {
		footer = st.saved.Render(wrapWords(m.notice, width)) + "\n" + footer
	}
	room := m.height - lipgloss.Height(top) - lipgloss.Height(footer)
	return indent(top + "\n" + fitHeight(f.body, room) + "\n" + footer)
}

// renderClient draws a client's screen: the body alone, with a margin,
// and the client's keys at the bottom.
func (m *Model) renderClient(f frame) string {
	width := m.width - 4
	footer := ""
	if len(f.keys) > 0 {
		parts := make([]string, len(f.keys))
		for i, k := range f.keys {
			parts[i] = k[1]
		}
		footer = m.styles.muted.Render(wrapWords(strings.Join(parts, " · "), width))
	}
	if m.flash != "" {
		footer = m.styles.errText.Render(wrapWords(m.flash, width)) + "\n" + footer
	}
	room := m.height - 2 - lipgloss.Height(footer)
	body := "\n" + fitHeight(f.body, room)
	out := strings.Split(body+"\n"+footer, "\n")
	for i := range out {
		out[i] = "  " + out[i]
	}
	return strings.Join(out, "\n")
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
// fit the width (the screens keep theirs within 80 columns).
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
	s := h.ShortHelpView(bindings)
	m.helpCache[k] = s
	return s
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

// list draws lines with the cursor's marked, for the menus.
func (m *Model) list(lines []string, cursor int) string {
	var b strings.Builder
	for i, l := range lines {
		if i == cursor {
			b.WriteString(m.styles.cursor.Render("› "+l) + "\n")
		} else {
			b.WriteString("  " + l + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// moveCursor moves a menu's cursor for the arrow keys; false for another key.
func (m *Model) moveCursor(k tea.KeyPressMsg, cursor *int, n int) bool {
	switch {
	case key.Matches(k, m.keys.Up):
		*cursor = max(0, *cursor-1)
	case key.Matches(k, m.keys.Down):
		*cursor = min(n-1, *cursor+1)
	case key.Matches(k, m.keys.Top):
		*cursor = 0
	case key.Matches(k, m.keys.Bottom):
		*cursor = n - 1
	default:
		return false
	}
	return true
}
