// Package review is anketa review: the coordinator's screen over the
// merged stores. It lists the interviews the checks flag (too short, one
// grade down a whole grid, overlapping in time, a day of unusual
// "don't know"), and any the coordinator searches for; shows one
// interview's answers and paradata; and records the coordinator's
// approval or rejection, with a reason, in a review store beside the
// stores, saved and synced like an answer. The stores are only read.
//
// It reads the stores through export (export/report), which the
// interviewer app does not link: the arrows point one way.
package review

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"filippo.io/age"
	"github.com/charmbracelet/x/ansi"

	"anketa/export/report"
	"anketa/storage"
)

// Options configure the review.
type Options struct {
	Paths      []string
	Identities []age.Identity
	// Review are the sessions and their flags (report.Flags).
	Review *report.Review
	// Store is the review store the decisions go to, open for writing.
	Store    *storage.Review
	Reviewer string
	UILang   string
	Zone     *time.Location
}

// Run runs the review until the coordinator quits.
func Run(opt Options) error {
	_, err := tea.NewProgram(New(opt)).Run()
	return err
}

type screen int

const (
	screenList screen = iota
	screenDetail
	screenReason
	screenSearch
)

// Model is the review's screen.
type Model struct {
	opt           Options
	w             words
	width, height int
	screen        screen
	all           bool // every session, not only the flagged
	query         string
	rows          []*report.Reviewed // as listed now
	cursor        int
	detail        *report.Detail
	detailErr     string
	scroll        int
	form          *huh.Form
	input         string
	flash, notice string
}

// New makes the review's model.
func New(opt Options) *Model {
	if opt.Zone == nil {
		opt.Zone = time.Local
	}
	m := &Model{opt: opt, w: catalog(opt.UILang), width: 100, height: 30}
	m.all = opt.Review.Flagged == 0
	m.filter()
	return m
}

// filter lists the sessions as chosen: the flagged (or all), those
// matching the search (a session ID's start, an interviewer, a place).
func (m *Model) filter() {
	m.rows = m.rows[:0]
	q := strings.ToLower(strings.TrimSpace(m.query))
	for _, r := range m.opt.Review.Sessions {
		if q == "" && !m.all && len(r.Flags) == 0 {
			continue
		}
		if q != "" && !strings.HasPrefix(r.ID.String(), q) && strings.ToLower(r.Interviewer) != q && !strings.Contains(strings.ToLower(r.Place), q) {
			continue
		}
		m.rows = append(m.rows, r)
	}
	m.cursor = min(m.cursor, max(0, len(m.rows)-1))
}

// Init starts nothing.
func (m *Model) Init() tea.Cmd { return nil }

var (
	keyUp     = key.NewBinding(key.WithKeys("up", "k"))
	keyDown   = key.NewBinding(key.WithKeys("down", "j"))
	keyOpen   = key.NewBinding(key.WithKeys("enter"))
	keyBack   = key.NewBinding(key.WithKeys("esc"))
	keyOK     = key.NewBinding(key.WithKeys("a"))
	keyReject = key.NewBinding(key.WithKeys("r"))
	keySearch = key.NewBinding(key.WithKeys("/"))
	keyAll    = key.NewBinding(key.WithKeys("tab"))
	keyQuit   = key.NewBinding(key.WithKeys("q", "ctrl+c"))
)

// Update handles a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, nil
	case tea.KeyPressMsg:
		m.flash, m.notice = "", ""
		switch m.screen {
		case screenList:
			return m, m.listKey(msg)
		case screenDetail:
			return m, m.detailKey(msg)
		}
	}
	if m.form != nil {
		return m, m.formUpdate(msg)
	}
	return m, nil
}

func (m *Model) current() *report.Reviewed {
	if m.cursor < len(m.rows) {
		return m.rows[m.cursor]
	}
	return nil
}

func (m *Model) listKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, keyQuit):
		return tea.Quit
	case key.Matches(k, keyUp):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(k, keyDown):
		m.cursor = min(len(m.rows)-1, m.cursor+1)
	case key.Matches(k, keyAll):
		m.all = !m.all
		m.filter()
	case key.Matches(k, keySearch):
		return m.ask(screenSearch, m.w.searchTitle, m.w.searchDesc)
	case key.Matches(k, keyBack) && m.query != "":
		m.query = ""
		m.filter()
	case m.current() == nil:
	case key.Matches(k, keyOpen):
		m.open()
	case key.Matches(k, keyOK):
		m.decide(storage.Approved, "")
	case key.Matches(k, keyReject):
		return m.ask(screenReason, m.w.reasonTitle, m.w.reasonDesc)
	}
	return nil
}

func (m *Model) detailKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, keyQuit), key.Matches(k, keyBack):
		m.screen = screenList
	case key.Matches(k, keyUp):
		m.scroll = max(0, m.scroll-1)
	case key.Matches(k, keyDown):
		m.scroll++
	case key.Matches(k, keyOK):
		m.decide(storage.Approved, "")
	case key.Matches(k, keyReject):
		return m.ask(screenReason, m.w.reasonTitle, m.w.reasonDesc)
	}
	return nil
}

// open reads the session's answers and paradata from the stores.
func (m *Model) open() {
	r := m.current()
	m.screen, m.scroll, m.detail, m.detailErr = screenDetail, 0, nil, ""
	d, err := report.SessionDetail(m.opt.Paths, r.ID, m.opt.Identities)
	if err != nil {
		m.detailErr = err.Error()
		return
	}
	m.detail = d
}

// back is where the reason and search forms return to.
func (m *Model) back() screen {
	if m.detail != nil || m.detailErr != "" {
		return screenDetail
	}
	return screenList
}

func (m *Model) ask(s screen, title, desc string) tea.Cmd {
	if m.screen == screenList { // the form returns to the list
		m.detail, m.detailErr = nil, ""
	}
	m.input = ""
	if s == screenSearch {
		m.input = m.query
	}
	in := huh.NewInput().Title(title).Description(desc).Value(&m.input).CharLimit(200)
	if s == screenReason {
		in.Validate(func(v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New(m.w.reasonEmpty)
			}
			return nil
		})
	}
	m.form = huh.NewForm(huh.NewGroup(in)).WithShowHelp(false).WithWidth(min(76, m.width-4))
	m.screen = s
	return m.form.Init()
}

func (m *Model) formUpdate(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, keyBack) {
		m.form, m.screen = nil, m.back()
		return nil
	}
	submit := false
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "enter" && (m.screen == screenSearch || strings.TrimSpace(m.input) != "") {
		submit = true // at once: a key typed after it must not go to a completing form
	} else {
		f, cmd := m.form.Update(msg)
		m.form = f.(*huh.Form)
		if m.form.State != huh.StateCompleted {
			return cmd
		}
		submit = true
	}
	if !submit {
		return nil
	}
	s := m.screen
	m.form, m.screen = nil, m.back()
	switch s {
	case screenSearch:
		m.query = strings.TrimSpace(m.input)
		m.cursor = 0
		m.filter()
	case screenReason:
		m.decide(storage.Rejected, strings.TrimSpace(m.input))
	}
	return nil
}

// decide records the coordinator's decision on the current session.
func (m *Model) decide(v storage.Verdict, reason string) {
	r := m.current()
	if r == nil {
		return
	}
	d := storage.Decision{Session: r.ID, Verdict: v, Reason: reason, Reviewer: m.opt.Reviewer, Time: time.Now()}
	if err := m.opt.Store.Decide(d); err != nil {
		m.flash = fmt.Sprintf(m.w.saveFailed, err)
		return
	}
	r.Decision = &d
	m.notice = fmt.Sprintf(m.w.saved, m.w.verdict(v))
	if m.screen == screenList && m.cursor < len(m.rows)-1 {
		m.cursor++ // on to the next one to look at
	}
}

// View draws the screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "anketa review"
	return v
}

var (
	bold   = lipgloss.NewStyle().Bold(true)
	muted  = lipgloss.NewStyle().Foreground(lipgloss.Color("#6B7280"))
	flagSt = lipgloss.NewStyle().Foreground(lipgloss.Color("#DC2626")).Bold(true)
	okSt   = lipgloss.NewStyle().Foreground(lipgloss.Color("#16A34A"))
	cursor = lipgloss.NewStyle().Foreground(lipgloss.Color("#3B82F6")).Bold(true)
)

func (m *Model) render() string {
	if m.width < 60 || m.height < 12 {
		return fmt.Sprintf(m.w.tooSmall, m.width, m.height)
	}
	rv := m.opt.Review
	w := m.width - 2
	head := bold.Render("anketa review") + muted.Render(" · "+rv.QuestionnaireID+" · "+m.opt.Store.Path())
	decided := 0
	for _, r := range rv.Sessions {
		if r.Decision != nil {
			decided++
		}
	}
	status := fmt.Sprintf(m.w.status, len(rv.Sessions), rv.Flagged, decided)
	var body string
	var keys string
	switch m.screen {
	case screenDetail:
		body, keys = m.detailView(w), m.w.detailKeys
	case screenReason, screenSearch:
		body = m.form.View()
		keys = m.w.formKeys
	default:
		body, keys = m.listView(w), m.w.listKeys
	}
	foot := ""
	if m.flash != "" {
		foot = flagSt.Render(truncate(m.flash, w)) + "\n"
	} else if m.notice != "" {
		foot = okSt.Render(truncate(m.notice, w)) + "\n"
	}
	foot += muted.Render(truncate(keys, w))
	room := m.height - 3 - strings.Count(foot, "\n") - 1
	lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
	if len(lines) > room {
		lines = lines[:room]
	}
	for len(lines) < room {
		lines = append(lines, "")
	}
	return head + "\n" + muted.Render(truncate(status, w)) + "\n" + muted.Render(strings.Repeat("─", w)) + "\n" + strings.Join(lines, "\n") + "\n" + foot
}

func (m *Model) listView(w int) string {
	if len(m.rows) == 0 {
		if m.query != "" {
			return fmt.Sprintf(m.w.noMatch, m.query)
		}
		return m.w.nothingFlagged
	}
	room := max(1, m.height-6)
	start := max(0, m.cursor-room+1)
	var b strings.Builder
	if m.query != "" {
		b.WriteString(muted.Render(fmt.Sprintf(m.w.searching, m.query)) + "\n")
	}
	for i := start; i < len(m.rows) && i < start+room; i++ {
		r := m.rows[i]
		var flags []string
		for _, f := range r.Flags {
			flags = append(flags, m.w.flag(f))
		}
		verdict := ""
		if r.Decision != nil {
			verdict = " [" + m.w.verdict(r.Decision.Verdict) + "]"
		}
		dur := "–"
		if r.Seconds > 0 {
			dur = fmt.Sprintf("%d:%02d", int(r.Seconds)/60, int(r.Seconds)%60)
		}
		line := fmt.Sprintf("%s  %-6s %s %6s  %-14s %s", r.ID.String()[:13], truncate(r.Interviewer, 6), r.Started.In(m.opt.Zone).Format("2006-01-02 15:04"), dur, truncate(r.Place, 14), verdict)
		line = truncate(line, w-2)
		if len(flags) > 0 {
			line += "  " + flagSt.Render(truncate(strings.Join(flags, "; "), max(0, w-2-ansi.StringWidth(line)-2)))
		}
		if i == m.cursor {
			b.WriteString(cursor.Render("› ") + line + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	return b.String()
}

func (m *Model) detailView(w int) string {
	r := m.current()
	var b strings.Builder
	b.WriteString(bold.Render(r.ID.String()) + "  " + r.Interviewer + "  " + r.Started.In(m.opt.Zone).Format("2006-01-02 15:04:05") + "  " + r.Status.String() + "\n")
	for _, f := range r.Flags {
		b.WriteString(flagSt.Render("! "+m.w.flag(f)) + "\n")
	}
	if r.Decision != nil {
		d := r.Decision
		line := m.w.verdict(d.Verdict)
		if d.Reason != "" {
			line += ": " + d.Reason
		}
		b.WriteString(okSt.Render(fmt.Sprintf(m.w.decidedBy, line, d.Reviewer)) + "\n")
	}
	if m.detailErr != "" {
		b.WriteString("\n" + flagSt.Render(m.detailErr) + "\n")
		return b.String()
	}
	var lines []string
	lines = append(lines, "", bold.Render(m.w.answers))
	labelW := min(40, w/2)
	for _, a := range m.detail.Answers {
		ans := a[1]
		if ans == "" {
			ans = "—"
		}
		lines = append(lines, "  "+pad(truncate(a[0], labelW), labelW)+"  "+truncate(ans, max(8, w-labelW-4)))
	}
	lines = append(lines, "", bold.Render(m.w.timeline))
	var prev time.Time
	for _, e := range m.detail.Events {
		gap := ""
		if !prev.IsZero() {
			gap = fmt.Sprintf("+%ds", int(e.Time.Sub(prev).Seconds()))
		}
		prev = e.Time
		what := e.Kind.String()
		if e.Item != "" {
			what += " " + e.Item
		}
		if !e.New.IsEmpty() {
			what += " = " + e.New.String()
		}
		if e.Text != "" {
			what += " (" + e.Text + ")"
		}
		lines = append(lines, fmt.Sprintf("  %s %6s  %s", e.Time.In(m.opt.Zone).Format("15:04:05"), gap, truncate(what, w-20)))
	}
	if len(m.detail.Events) == 0 {
		lines = append(lines, "  "+muted.Render(m.w.noEvents))
	}
	m.scroll = min(m.scroll, max(0, len(lines)-1))
	b.WriteString(strings.Join(lines[m.scroll:], "\n"))
	return b.String()
}

func truncate(s string, n int) string { return ansi.Truncate(s, max(0, n), "…") }

func pad(s string, n int) string {
	return s + strings.Repeat(" ", max(0, n-ansi.StringWidth(s)))
}

// Reviewer is the name decisions are signed with: the system's user.
func Reviewer() string {
	for _, v := range []string{"USER", "USERNAME", "LOGNAME"} {
		if s := os.Getenv(v); s != "" {
			return s
		}
	}
	return "coordinator"
}
