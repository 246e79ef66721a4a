package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"anketa/storage"
	"anketa/tui/engine"
)

// questionScreen is one step of the interview: a question, a grid or a
// note, with its widget. For the client (after the hand-over) it is drawn
// in large type, and only digits, Enter and Backspace (and typing, in a
// text) work; the interviewer's chord locks it for them.
type questionScreen struct {
	m      *Model
	iv     *engine.Interview
	w      widget
	client bool
	// err is about the answer on screen; saveErr says the store failed;
	// saved marks the last answer as on disk.
	err, saveErr string
	saved        bool
}

func (m *Model) newQuestion() *questionScreen {
	s := &questionScreen{m: m, iv: m.iv, client: m.iv.HandedOver()}
	s.w = m.newWidget(s.iv.Step(), s.iv.Initial(s.iv.Step()), s.client)
	return s
}

func (s *questionScreen) init() tea.Cmd { return s.w.init() }

func (s *questionScreen) update(msg tea.Msg) tea.Cmd {
	k, isKey := msg.(tea.KeyPressMsg)
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		if in, ok := s.w.(*inputWidget); ok {
			in.form = in.form.WithWidth(max(20, size.Width-4)).WithHeight(max(6, size.Height-8))
		}
	}
	if !isKey {
		cmd, a := s.w.update(msg) // huh's own messages, a paste
		return tea.Batch(cmd, s.apply(a))
	}
	if s.client {
		return s.clientKey(k)
	}
	m, keys := s.m, s.m.keys
	s.saved = false
	switch {
	case key.Matches(k, keys.Pause):
		return m.show(m.newPause(s))
	case key.Matches(k, keys.Jump):
		return m.show(m.newReview(true))
	case key.Matches(k, keys.Lang):
		return s.switchLanguage()
	case key.Matches(k, keys.Back),
		key.Matches(k, keys.BackLeft) && (!s.w.textual() || s.w.empty()),
		key.Matches(k, keys.BackSpace) && s.w.empty():
		return s.back()
	}
	cmd, a := s.w.update(k)
	return tea.Batch(cmd, s.apply(a))
}

// clientKey passes the client's keys on: digits, Enter, Backspace, and
// typing in a text. Everything else does nothing.
func (s *questionScreen) clientKey(k tea.KeyPressMsg) tea.Cmd {
	m := s.m
	s.saved = false
	switch ks := k.String(); {
	case key.Matches(k, m.keys.Unlock):
		return m.show(m.newLock(lockMenu, ""))
	case ks == "backspace" && s.w.empty():
		return s.back()
	case ks == "enter", ks == "backspace", len(ks) == 1 && ks[0] >= '0' && ks[0] <= '9':
	case s.w.textual() && k.Text != "":
	default:
		return nil
	}
	cmd, a := s.w.update(k)
	return tea.Batch(cmd, s.apply(a))
}

// apply hands a widget's answer to the engine and shows where it leads.
func (s *questionScreen) apply(a *answer) tea.Cmd {
	if a == nil {
		return nil
	}
	m, iv := s.m, s.iv
	s.err, s.saveErr = "", ""
	before := iv.Step()
	var err error
	switch a.act {
	case actSet:
		err = iv.Set(a.item, a.value)
	case actSubmit:
		err = iv.Submit(a.item, a.value)
	case actNext:
		err = iv.Next()
	}
	var refused *engine.Refused
	switch {
	case errors.As(err, &refused):
		s.err = refused.Message
		if len(iv.Asks()) > 1 {
			s.err = iv.State().Label(refused.Item.Index, iv.Lang()) + ": " + s.err
		}
		if a.value.IsEmpty() && a.act == actSubmit && refused.Item.Type.IsSelect() && !s.client {
			s.err += " " + m.ui.t("pick_first")
		}
		return s.w.refused(refused.Item, a.value)
	case err != nil && iv.Step() == before:
		s.saveErr = m.ui.t("save_failed", err)
		return s.w.refused(nil, a.value)
	}
	s.saved = a.act != actNext
	if iv.Step() == before && !iv.AtReview() {
		return nil // a grid's row: the grid stays
	}
	cmd := m.showStep()
	if err != nil { // moved, but the position was not recorded
		if q, ok := m.screen.(*questionScreen); ok {
			q.saveErr = m.ui.t("move_failed", err)
		} else {
			m.flash = m.ui.t("move_failed", err)
		}
	}
	if q, ok := m.screen.(*questionScreen); ok {
		q.saved = s.saved
	}
	return cmd
}

func (s *questionScreen) back() tea.Cmd {
	moved, err := s.iv.Back()
	if !moved {
		if err != nil {
			s.saveErr = s.m.ui.t("save_failed", err)
		}
		return nil
	}
	cmd := s.m.showStep()
	if q, ok := s.m.screen.(*questionScreen); ok && err != nil {
		q.saveErr = s.m.ui.t("move_failed", err)
	}
	return cmd
}

func (s *questionScreen) switchLanguage() tea.Cmd {
	switched, err := s.iv.SwitchLanguage()
	if err != nil {
		s.saveErr = s.m.ui.t("save_failed", err)
	}
	if !switched {
		return nil
	}
	v := s.iv.Initial(s.iv.Step())
	if s.w.textual() && !s.w.empty() {
		v = s.w.current() // what was typed stays
	}
	s.w = s.m.newWidget(s.iv.Step(), v, s.client)
	return s.w.init()
}

func (s *questionScreen) view() frame {
	m := s.m
	st := m.styles
	width := m.width - 2
	if s.client {
		width = m.width - 4
	}
	var b strings.Builder
	b.WriteString(s.w.view(width))
	b.WriteString("\n")
	if s.err != "" {
		b.WriteString("\n" + st.errText.Render(wrapWords(s.err, width)))
	}
	if s.saveErr != "" {
		b.WriteString("\n" + st.errText.Render(wrapWords(s.saveErr, width)))
	}
	if s.client {
		keys := [][2]string{{"", m.ui.t("client_keys")}}
		if s.w.textual() {
			keys[0][1] = m.ui.t("client_keys_text")
		}
		return frame{body: b.String(), keys: keys, client: true}
	}
	return frame{body: b.String(), status: m.status(s.saved), keys: s.footerKeys()}
}

// status is the line under the header during an interview: progress,
// language, and whether the last answer is on disk.
func (m *Model) status(saved bool) string {
	st := m.styles
	iv := m.iv
	answered, visible := iv.Progress()
	s := progressBar(st, answered, visible, 24) + " " + m.ui.t("progress", answered, visible)
	if len(iv.Questionnaire().Languages) > 1 {
		s += "   " + st.muted.Render(m.ui.t("language", iv.Lang()))
	}
	if saved {
		word := m.ui.t("saved")
		if m.opt.Practice {
			word = m.ui.t("saved_practice")
		}
		s += "   " + st.saved.Render(word)
	}
	return s
}

func progressBar(st styles, done, total, width int) string {
	filled := 0
	if total > 0 {
		filled = done * width / total
	}
	return st.bar.Render(strings.Repeat("█", filled)) + st.barEmpty.Render(strings.Repeat("░", width-filled))
}

// footerKeys are the keys that work on the question: the widget's first,
// then the interview's. They fit in 80 columns.
func (s *questionScreen) footerKeys() [][2]string {
	keys := s.m.keys
	out := s.w.keys()
	if _, grid := s.w.(*gridWidget); !grid { // a grid moves on after its last row
		out = append(out, helpOf(keys.Next)...)
	}
	out = append(out, helpOf(keys.Back, keys.Pause, keys.Jump)...)
	if len(s.iv.Questionnaire().Languages) > 1 {
		out = append(out, helpOf(keys.Lang)...)
	}
	return out
}

// reviewScreen lists the answers: the review before finishing, or the
// jump list (ctrl+g) to go to any question.
type reviewScreen struct {
	m      *Model
	iv     *engine.Interview
	jump   bool
	cursor int
}

func (m *Model) newReview(jump bool) *reviewScreen {
	s := &reviewScreen{m: m, iv: m.iv, jump: jump}
	entries := s.iv.Review()
	s.cursor = len(entries) // the finish line: Enter finishes
	if jump {
		s.cursor = 0
		for i, e := range entries {
			if e.Step == s.iv.Step() {
				s.cursor = i
				break
			}
		}
	}
	return s
}

func (s *reviewScreen) update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	m, iv := s.m, s.iv
	entries := iv.Review()
	n := len(entries) + 1 // and the finish line, on the review only
	if s.jump {
		n--
	}
	switch keys := m.keys; {
	case key.Matches(k, keys.Back):
		s.cursor = max(0, s.cursor-1)
	case k.String() == "tab":
		s.cursor = min(n-1, s.cursor+1)
	case m.moveCursor(k, &s.cursor, n):
	case s.jump && (key.Matches(k, keys.Close) || key.Matches(k, keys.Jump)):
		return m.show(m.newQuestion())
	case key.Matches(k, keys.Pause):
		return m.show(m.newPause(s))
	case key.Matches(k, keys.Select):
		if s.cursor < len(entries) {
			after := engine.AfterReview
			if s.jump {
				after = engine.AfterNext
			}
			err := iv.GoTo(entries[s.cursor].Step, after)
			cmd := m.showStep()
			if err != nil {
				m.flash = m.ui.t("move_failed", err)
			}
			return cmd
		}
		return m.finish()
	}
	return nil
}

// finish completes the interview if it is complete, and otherwise shows
// the first problem's question; answers then lead on to the next one.
func (m *Model) finish() tea.Cmd {
	iv := m.iv
	p, err := iv.Finish()
	switch {
	case err != nil:
		m.flash = m.ui.t("save_failed", err)
		return nil
	case p != nil:
		cmd := m.showStep()
		if q, ok := m.screen.(*questionScreen); ok {
			q.err = m.ui.t("incomplete", p.Item.Label.In(iv.Lang(), iv.Questionnaire().DefaultLanguage())+": "+p.Message)
		}
		return cmd
	}
	m.flash = ""
	if m.store.Unscrubbed() != nil {
		m.flash = m.ui.t("not_scrubbed")
	}
	return m.show(&doneScreen{m: m})
}

func (s *reviewScreen) view() frame {
	m, iv := s.m, s.iv
	st := m.styles
	width := m.width - 2
	var b strings.Builder
	title, hint := m.ui.t("review_title"), m.ui.t("review_hint")
	if s.jump {
		title, hint = m.ui.t("jump_title"), m.ui.t("jump_hint")
	}
	b.WriteString(st.label.Render(title) + "  " + st.muted.Render(hint) + "\n\n")
	entries := iv.Review()
	total := len(entries)
	if !s.jump {
		total += 2 // a blank line and the finish line
	}
	// Only the lines that fit are drawn: a long questionnaire has hundreds.
	room := max(3, m.height-9)
	cur := s.cursor
	if !s.jump && cur == len(entries) {
		cur = total - 1
	}
	start := 0
	if cur >= room {
		start = cur - room + 1
	}
	end := min(total, start+room)
	labelW := min(40, width/2)
	state, lang := iv.State(), iv.Lang()
	lines := make([]string, 0, end-start)
	for i := start; i < end; i++ {
		if i >= len(entries) {
			if i == len(entries) {
				lines = append(lines, "")
				continue
			}
			f := m.ui.t("finish")
			if s.cursor == len(entries) {
				f = st.cursor.Render("› ") + st.saved.Bold(true).Render(f)
			} else {
				f = "  " + f
			}
			lines = append(lines, f)
			continue
		}
		e := entries[i]
		label := truncate(state.Label(e.Item, lang), labelW)
		ans := state.Display(e.Item, lang)
		if ans == "" {
			ans = st.muted.Render(m.ui.t("not_answered"))
		}
		line := padRight(label, labelW+2) + truncate(ans, max(10, width-labelW-6))
		if i == s.cursor {
			line = st.cursor.Render("› ") + st.label.Render(line)
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	b.WriteString(strings.Join(lines, "\n"))
	keys := helpOf(m.keys.Up, m.keys.Select)
	if s.jump {
		keys = append(keys, helpOf(m.keys.Close)...)
	} else {
		keys = append(keys, helpOf(m.keys.Pause)...)
	}
	return frame{body: b.String(), status: m.status(false), keys: keys}
}

// pauseScreen asks what to do with the interview: pause it to finish
// later, abandon it, or go on with it. from is the screen to go back to.
type pauseScreen struct {
	m      *Model
	from   screen
	cursor int
	title  string
}

func (m *Model) newPause(from screen) *pauseScreen {
	return &pauseScreen{m: m, from: from, title: m.ui.t("pause_title")}
}

func (s *pauseScreen) update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	m := s.m
	switch keys := m.keys; {
	case m.moveCursor(k, &s.cursor, 3):
		return nil
	case key.Matches(k, keys.DoPause):
		s.cursor = 0
	case key.Matches(k, keys.DoAbandon):
		s.cursor = 1
	case key.Matches(k, keys.DoContinue):
		s.cursor = 2
	case key.Matches(k, keys.Select):
	default:
		return nil
	}
	switch s.cursor {
	case 0:
		if err := m.iv.Pause(); err != nil {
			m.flash = m.ui.t("save_failed", err)
			return nil
		}
		cmd := m.show(m.newHome())
		m.notice = m.ui.t("paused")
		return cmd
	case 1:
		return m.show(m.newReason(s))
	}
	if m.iv.Mode() == storage.ModeSelf && (m.iv.HandedOver() || m.iv.NeedsHandOver()) {
		// Back to the client: their question, or the hand-over.
		cmd := m.showStep()
		if !m.idle.on { // the hand-over starts its own
			m.idle.start(m)
			return tea.Batch(cmd, m.idle.tick())
		}
		return cmd
	}
	return m.show(s.from)
}

func (s *pauseScreen) view() frame {
	m := s.m
	opts := []string{"1  " + m.ui.t("pause_pause"), "2  " + m.ui.t("pause_abandon"), "3  " + m.ui.t("pause_continue")}
	body := m.styles.box.Render(m.styles.label.Render(s.title) + "\n\n" + m.list(opts, s.cursor))
	return frame{body: body, keys: helpOf(m.keys.Up, m.keys.Select, m.keys.DoContinue)}
}

// reasonScreen asks why the interview is abandoned: a short list, and
// "another reason" with the interviewer's words.
type reasonScreen struct {
	m      *Model
	pause  *pauseScreen
	cursor int
	// other is the form for another reason's words, once chosen.
	other *huh.Form
	text  string
}

func (m *Model) newReason(p *pauseScreen) *reasonScreen { return &reasonScreen{m: m, pause: p} }

func (s *reasonScreen) update(msg tea.Msg) tea.Cmd {
	m := s.m
	k, isKey := msg.(tea.KeyPressMsg)
	if s.other != nil {
		if isKey && key.Matches(k, m.keys.Close) {
			s.other = nil
			return nil
		}
		cmd, done := formDone(&s.other, msg, func() error { return s.valid(s.text) })
		if done {
			return s.abandon(storage.OtherReason(strings.TrimSpace(s.text)))
		}
		return cmd
	}
	if !isKey {
		return nil
	}
	switch {
	case m.moveCursor(k, &s.cursor, len(reasons)):
		return nil
	case key.Matches(k, m.keys.Close):
		return m.show(s.pause)
	case key.Matches(k, m.keys.Pick):
		n := int(k.String()[0] - '1')
		if n < 0 || n >= len(reasons) {
			return nil
		}
		s.cursor = n
	case !key.Matches(k, m.keys.Select):
		return nil
	}
	if reasons[s.cursor] == storage.ReasonOther {
		s.text = ""
		s.other = oneField(huh.NewInput().Title(m.ui.t("reason_other_title")).Description(m.ui.t("reason_other_desc")).
			Value(&s.text).CharLimit(200).Validate(s.valid), min(70, m.width-4))
		return s.other.Init()
	}
	return s.abandon(reasons[s.cursor])
}

func (s *reasonScreen) valid(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New(s.m.ui.t("reason_other_empty"))
	}
	return nil
}

func (s *reasonScreen) abandon(reason string) tea.Cmd {
	m := s.m
	if err := m.iv.Abandon(reason); err != nil {
		m.flash = m.ui.t("save_failed", err)
		return nil
	}
	cmd := m.show(m.newHome())
	m.notice = m.ui.t("abandoned", m.ui.reasonLabel(reason))
	if m.store.Unscrubbed() != nil {
		m.flash = m.ui.t("not_scrubbed")
	}
	return cmd
}

func (s *reasonScreen) view() frame {
	m := s.m
	if s.other != nil {
		return frame{body: s.other.View(), keys: helpOf(m.keys.Next, m.keys.Close)}
	}
	opts := make([]string, len(reasons))
	for i, r := range reasons {
		opts[i] = fmt.Sprintf("%d  %s", i+1, m.ui.reasonLabel(r))
	}
	body := m.styles.box.Render(m.styles.label.Render(m.ui.t("reason_title")) + "\n\n" + m.list(opts, s.cursor))
	keys := append([][2]string{{fmt.Sprintf("1–%d", len(reasons)), m.keys.Pick.Help().Desc}}, helpOf(m.keys.Up, m.keys.Select, m.keys.Close)...)
	return frame{body: body, keys: keys}
}

// doneScreen says the interview is saved.
type doneScreen struct{ m *Model }

func (s *doneScreen) update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	m := s.m
	switch {
	case key.Matches(k, m.keys.Next), key.Matches(k, m.keys.New):
		return m.startInterview(m.selfDefault())
	case key.Matches(k, m.keys.Home):
		return m.show(m.newHome())
	case key.Matches(k, m.keys.Quit):
		return tea.Quit
	}
	return nil
}

func (s *doneScreen) view() frame {
	m := s.m
	title := m.ui.t("done_title")
	if m.opt.Practice {
		title = m.ui.t("done_title_practice")
	}
	return frame{body: m.styles.saved.Render("✔ "+title) + "\n\n" + m.ui.t("done_hint"),
		keys: helpOf(m.keys.New, m.keys.Home, m.keys.Quit)}
}
