package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"anketa/questionnaire"
	"anketa/storage"
)

// interview is one running interview: the session in the store, the flow
// engine's state, the position and the current screen's widget.
type interview struct {
	m     *Model
	q     *questionnaire.Questionnaire
	sess  *storage.Session
	state *questionnaire.State
	pos   int
	lang  string
	w     widget
	width int
	// persisted are the previous interview's answers to persist: true
	// questions, offered as the initial answer.
	persisted questionnaire.Answers
	// err is a message about the current screen; saveErr says an answer
	// could not be saved; saved marks the last answer as on disk.
	err, saveErr string
	saved        bool
	// fromReview makes the next answer return to the review screen.
	fromReview bool
	touched    bool // the interviewer moved in a list
	// next is the form of the question expected next, built while the
	// interviewer reads the current one; gen tells a late one from the
	// current screen's.
	next *prebuilt
	gen  int
	// sets counts the answers set in state; counted is progress's last
	// count, for that state and count.
	sets    int
	counted struct {
		state             *questionnaire.State
		sets              int
		answered, visible int
	}
}

// prebuilt is a form built ahead, with the spec it was built from and the
// command its Init returned.
type prebuilt struct {
	gen  int
	spec formSpec
	w    *formWidget
	init tea.Cmd
}

// prebuildAhead switches prebuild on; a benchmark switches it off to
// measure the cost without it.
var prebuildAhead = true

// prebuiltMsg delivers a form built ahead.
type prebuiltMsg struct{ p *prebuilt }

// prebuild builds, off the app's goroutine, the form of the question that
// comes next if the current answer changes nothing, with its first frame
// drawn. Reading a question aloud takes seconds; building its successor
// takes a millisecond or two, which then is not spent between the
// interviewer's keystroke and the next screen. The answer may change what
// comes next, or its label or options: build uses the form only when its
// spec is the same as the one it would build.
func (iv *interview) prebuild() tea.Cmd {
	if iv.fromReview || !prebuildAhead {
		return nil
	}
	next := iv.state.Next(iv.pos)
	if next < 0 {
		return nil
	}
	it := iv.q.Items[next]
	if it.IsGrid() || it.Type == questionnaire.Note || it.ReadOnly || !it.Type.Answerable() {
		return nil
	}
	sp := iv.formSpec(it, iv.initial(next))
	gen, width := iv.gen, iv.m.width-2 // the body's width, as render draws it
	return func() tea.Msg {
		w := iv.buildForm(sp)
		init := w.init()
		w.view(width)
		return prebuiltMsg{&prebuilt{gen: gen, spec: sp, w: w, init: init}}
	}
}

func (m *Model) startInterview() tea.Cmd {
	q := m.q
	persisted, err := m.store.Persisted(q)
	if err != nil {
		return m.fail(err)
	}
	sess, err := m.store.NewSession(q, m.interviewer, q.DefaultLanguage())
	if err != nil {
		return m.fail(err)
	}
	iv := &interview{m: m, q: q, sess: sess, lang: q.DefaultLanguage(), persisted: persisted, width: m.width}
	iv.state = q.Evaluate(questionnaire.Answers{}, m.now())
	m.iv = iv
	m.screen = screenInterview
	first := iv.state.Next(-1)
	if first < 0 {
		return m.openReview(false)
	}
	return iv.goTo(first, false)
}

func (m *Model) resumeInterview(sess *storage.Session) tea.Cmd {
	q, err := m.questionnaireOf(sess)
	if err != nil {
		return m.fail(err)
	}
	if err := m.store.Resume(sess.ID); err != nil {
		return m.fail(err)
	}
	iv := &interview{m: m, q: q, sess: sess, lang: sess.Language, width: m.width, persisted: questionnaire.Answers{}}
	if iv.lang == "" {
		iv.lang = q.DefaultLanguage()
	}
	iv.state = q.Evaluate(sess.AnswerMap(), m.now())
	m.iv = iv
	m.screen = screenInterview
	pos := -1
	if it := q.Item(sess.Position); it != nil && iv.state.Relevant(it.Index) && q.IsStep(it.Index) {
		pos = it.Index
	}
	if pos < 0 {
		pos = iv.firstUnanswered()
	}
	if pos < 0 {
		return m.openReview(false)
	}
	return iv.goTo(pos, false)
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

// firstUnanswered is the first visible step still missing an answer.
func (iv *interview) firstUnanswered() int {
	for _, i := range iv.state.Visible() {
		for _, x := range iv.questions(i) {
			if iv.state.Answer(x.Index).IsEmpty() {
				return i
			}
		}
	}
	return -1
}

// questions are the relevant questions step i asks: itself, or a grid's rows.
func (iv *interview) questions(i int) []*questionnaire.Item {
	it := iv.q.Items[i]
	items := []*questionnaire.Item{it}
	if it.IsGrid() {
		items = it.Children
	}
	out := items[:0:0]
	for _, x := range items {
		if x.Type.Answerable() && !x.ReadOnly && iv.state.Relevant(x.Index) {
			out = append(out, x)
		}
	}
	return out
}

// goTo shows step pos, records it as the position to resume from, and
// builds its widget prefilled with the stored (or persisted, or default)
// answer.
func (iv *interview) goTo(pos int, back bool) tea.Cmd {
	iv.pos, iv.err, iv.touched = pos, "", false
	it := iv.q.Items[pos]
	if err := iv.m.store.Show(iv.sess.ID, it.Name, back); err != nil {
		iv.saveErr = iv.m.ui.t("save_failed", err)
	}
	return iv.build(iv.initial(pos))
}

func (iv *interview) initial(pos int) questionnaire.Value {
	it := iv.q.Items[pos]
	if v := iv.state.Answer(pos); !v.IsEmpty() {
		return v
	}
	if it.Persist {
		if v, ok := iv.persisted[it.Name]; ok {
			return v
		}
	}
	return it.DefaultValue
}

func (iv *interview) build(v questionnaire.Value) tea.Cmd {
	iv.gen++
	it := iv.q.Items[iv.pos]
	if p := iv.next; p != nil && p.spec.it == it {
		iv.next = nil
		if sp := iv.formSpec(it, v); sp.same(&p.spec) {
			iv.w = p.w
			return tea.Batch(p.init, iv.prebuild())
		}
	}
	iv.next = nil
	iv.w = iv.newWidget(iv.pos, v)
	if f, ok := iv.w.(*formWidget); ok {
		return tea.Batch(f.init(), iv.prebuild())
	}
	return iv.prebuild()
}

// handleKey is the interview screen's keyboard: the interview's own keys
// come first, so that going back or pausing is never blocked by the form.
func (iv *interview) handleKey(k tea.KeyPressMsg) tea.Cmd {
	m := iv.m
	keys := m.keys
	iv.saved = false
	switch {
	case key.Matches(k, keys.Pause):
		m.openPause()
		return nil
	case key.Matches(k, keys.Jump):
		return m.openReview(true)
	case key.Matches(k, keys.Lang):
		return iv.switchLanguage()
	case key.Matches(k, keys.Back),
		key.Matches(k, keys.BackLeft) && (!iv.w.textual() || iv.w.empty()),
		key.Matches(k, keys.BackSpace) && iv.w.empty():
		return iv.back()
	}
	it := iv.q.Items[iv.pos]
	if f, ok := iv.w.(*formWidget); ok && it.Type.IsSelect() {
		if a := iv.selectKey(f, k); a != nil {
			return iv.submit(a)
		}
		switch {
		case key.Matches(k, keys.Up), key.Matches(k, keys.Down), key.Matches(k, keys.Toggle):
			iv.touched = true
		case key.Matches(k, keys.Next):
			if it.Type == questionnaire.SelectOne && !iv.touched && !f.prefilled {
				if iv.state.Required(it.Index, questionnaire.Value{}) {
					iv.err = m.ui.t("pick_first")
					return nil
				}
				return iv.submit(&answer{item: it.Index, advance: true})
			}
		}
	}
	cmd, a := iv.w.update(k)
	if a != nil {
		return tea.Batch(cmd, iv.submit(a))
	}
	return cmd
}

// selectKey turns a digit or a missing-answer key into an answer.
func (iv *interview) selectKey(f *formWidget, k tea.KeyPressMsg) *answer {
	it := iv.q.Items[iv.pos]
	var opt *questionnaire.Option
	if key.Matches(k, iv.m.keys.Pick) && it.Type == questionnaire.SelectOne {
		if n := int(k.String()[0] - '1'); n < len(f.opts) {
			opt = f.opts[n]
		}
	}
	for _, o := range f.opts {
		if b, ok := iv.m.keys.missingBinding(int(o.Missing)); ok && key.Matches(k, b) {
			opt = o
		}
	}
	if opt == nil {
		return nil
	}
	v := questionnaire.CodeValue(opt.Value)
	if it.Type == questionnaire.SelectMultiple {
		v = questionnaire.CodesValue(opt.Value)
	}
	return &answer{item: it.Index, value: v, advance: true}
}

// submit saves an answer and, if asked, moves on. The answer is committed
// and synced before anything moves; if saving fails the screen stays, with
// the answer still in it and the error shown.
func (iv *interview) submit(a *answer) tea.Cmd {
	m := iv.m
	iv.err, iv.saveErr = "", ""
	shown := -1 // the step the save also recorded as shown
	if a.item >= 0 {
		if msg := iv.state.Check(a.item, a.value, iv.lang); msg != "" {
			iv.err = msg
			return iv.rebuildWith(a)
		}
		old := iv.state.Stored(a.item)
		if !a.value.Equal(old) {
			// Work out the next screen with the new answer, so that the
			// answer and the move are one commit; undo it if saving fails.
			iv.state.Set(a.item, a.value)
			iv.sets++
			next := ""
			if a.advance && !iv.fromReview && !iv.q.Items[iv.pos].IsGrid() {
				if shown = iv.state.Next(iv.pos); shown >= 0 {
					next = iv.q.Items[shown].Name
				}
			}
			if err := m.store.SetAnswerAndShow(iv.sess.ID, iv.q.Items[a.item].Name, a.value, next); err != nil {
				iv.state.Set(a.item, old)
				iv.sets++
				iv.saveErr = m.ui.t("save_failed", err)
				return iv.rebuildWith(a)
			}
		}
		iv.saved = true
	}
	if !a.advance {
		return nil
	}
	if it := iv.q.Items[iv.pos]; it.IsGrid() {
		for _, row := range it.Children {
			if !iv.state.Relevant(row.Index) {
				continue
			}
			if msg := iv.state.Check(row.Index, iv.state.Answer(row.Index), iv.lang); msg != "" {
				iv.err = row.Label.In(iv.lang, iv.q.DefaultLanguage()) + ": " + msg
				if g, ok := iv.w.(*gridWidget); ok {
					for i, r := range g.rows {
						if r == row {
							g.cursor = i
						}
					}
				}
				return nil
			}
		}
	}
	if iv.fromReview {
		iv.fromReview = false
		return m.openReview(false)
	}
	next := iv.state.Next(iv.pos)
	if next < 0 {
		return m.openReview(false)
	}
	if next == shown {
		iv.pos, iv.err, iv.touched = next, "", false
		return iv.build(iv.initial(next))
	}
	return iv.goTo(next, false)
}

// rebuildWith shows the form again holding the refused answer, since a
// completed huh form cannot be reopened.
func (iv *interview) rebuildWith(a *answer) tea.Cmd {
	if _, ok := iv.w.(*formWidget); ok && a.item == iv.pos {
		return iv.build(a.value)
	}
	return nil
}

func (iv *interview) back() tea.Cmd {
	prev := iv.state.Prev(iv.pos)
	if prev < 0 {
		return nil
	}
	iv.fromReview = false
	return iv.goTo(prev, true)
}

func (iv *interview) switchLanguage() tea.Cmd {
	langs := iv.q.Languages
	if len(langs) < 2 {
		return nil
	}
	next := langs[0]
	for i, l := range langs {
		if l == iv.lang {
			next = langs[(i+1)%len(langs)]
		}
	}
	if err := iv.m.store.SetLanguage(iv.sess.ID, next); err != nil {
		iv.saveErr = iv.m.ui.t("save_failed", err)
		return nil
	}
	iv.lang = next
	return iv.build(iv.initial(iv.pos))
}

// progress counts the answered and the visible questions, grid rows included.
func (iv *interview) progress() (answered, visible int) {
	// Counted again only when an answer changed: it walks every question.
	if iv.counted.state == iv.state && iv.counted.sets == iv.sets {
		return iv.counted.answered, iv.counted.visible
	}
	defer func() {
		iv.counted.state, iv.counted.sets = iv.state, iv.sets
		iv.counted.answered, iv.counted.visible = answered, visible
	}()
	for _, i := range iv.state.Visible() {
		for _, x := range iv.questions(i) {
			visible++
			if !iv.state.Answer(x.Index).IsEmpty() {
				answered++
			}
		}
	}
	return answered, visible
}

func (iv *interview) view(width int) string {
	st := iv.m.styles
	var b strings.Builder
	it := iv.q.Items[iv.pos]
	switch w := iv.w.(type) {
	case *formWidget:
		b.WriteString(w.view(width))
	case *gridWidget:
		b.WriteString(w.view(width))
	default:
		b.WriteString(st.label.Render(wrapWords(iv.state.Label(iv.pos, iv.lang), width)) + "\n")
		if h := iv.state.Hint(iv.pos, iv.lang); h != "" {
			b.WriteString(st.hint.Render(wrapWords(h, width)) + "\n")
		}
		if it.ReadOnly {
			b.WriteString("\n" + iv.state.Display(iv.pos, iv.lang) + "\n")
		}
	}
	b.WriteString("\n")
	if iv.err != "" {
		b.WriteString(st.errText.Render(wrapWords(iv.err, width)) + "\n")
	}
	if iv.saveErr != "" {
		b.WriteString(st.errText.Render(wrapWords(iv.saveErr, width)) + "\n")
	}
	return b.String()
}

func (iv *interview) status() string {
	st := iv.m.styles
	answered, visible := iv.progress()
	bar := progressBar(st, answered, visible, 24)
	s := fmt.Sprintf("%s %s", bar, iv.m.ui.t("progress", answered, visible))
	if len(iv.q.Languages) > 1 {
		s += "   " + st.muted.Render(iv.m.ui.t("language", iv.lang))
	}
	if iv.saved {
		s += "   " + st.saved.Render(iv.m.ui.t("saved"))
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

// footerKeys are the keys that work on the current screen.
func (iv *interview) footerKeys() [][2]string {
	keys := iv.m.keys
	it := iv.q.Items[iv.pos]
	var out [][2]string
	switch {
	case it.IsGrid():
		out = helpOf(keys.Pick, keys.Up)
	case it.Type == questionnaire.SelectOne:
		out = helpOf(keys.Pick)
	case it.Type == questionnaire.SelectMultiple:
		out = helpOf(keys.Toggle)
	}
	out = append(out, helpOf(keys.Next, keys.Back)...)
	list := it.List
	if it.IsGrid() && len(it.Children) > 0 {
		list = it.Children[0].List
	}
	if list != nil {
		for _, o := range list.Options {
			if b, ok := keys.missingBinding(int(o.Missing)); ok {
				out = append(out, [2]string{b.Help().Key, o.Label.In(iv.lang, iv.q.DefaultLanguage())})
			}
		}
	}
	// The footer drops keys from the end when the window is narrow.
	out = append(out, helpOf(keys.Pause, keys.Jump)...)
	if len(iv.q.Languages) > 1 {
		out = append(out, helpOf(keys.Lang)...)
	}
	return out
}
