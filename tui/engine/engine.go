// Package engine is one interview with no user interface: its position,
// its history, its saving, the answers carried over from the previous
// interview, pausing, abandoning, the review and finishing. The
// full-screen app, the accessible line mode and the self-completion
// screens are front ends over it, so that what an act does (what is
// saved, where the interview goes next) is decided here once.
//
// It lives beside the front ends in tui, not in questionnaire: the flow
// engine (questionnaire.State) knows what is relevant and valid; this
// package adds what happens to the store as the interview moves.
//
// Every act returns the store's error. An answer that returns an error
// was not saved and nothing moved; a move that returns an error took
// place on the screen, but the store could not record the position.
package engine

import (
	"errors"
	"fmt"
	"time"

	"anketa/questionnaire"
	"anketa/storage"
)

// Store is what an interview needs of a store: *storage.Store has it.
type Store interface {
	StartSessionWith(q *questionnaire.Questionnaire, interviewer, language string, mode storage.Mode, contact *storage.Contact) (*storage.Session, error)
	Persisted(q *questionnaire.Questionnaire) (questionnaire.Answers, error)
	Resume(id storage.ID) error
	Show(id storage.ID, name string, back bool) error
	SetAnswerAndShow(id storage.ID, name string, v questionnaire.Value, next string) error
	SetLanguage(id storage.ID, lang string) error
	Pause(id storage.ID) error
	Abandon(id storage.ID, reason string) error
	Complete(id storage.ID) error
}

// Options start or resume an interview.
type Options struct {
	Store Store
	// Questionnaire is the version the interview runs: for a resumed one,
	// the version it was started with.
	Questionnaire *questionnaire.Questionnaire
	Interviewer   string
	Mode          storage.Mode
	// UILang is the interface's language, for the built-in messages
	// ("Enter a whole number."); the questionnaire's own texts follow the
	// interview's language.
	UILang string
	// Now is the clock for today(); nil means time.Now.
	Now func() time.Time
	// Contact, if given, is the approach the interview came from: it is
	// logged as interviewed with the session, in the same commit.
	Contact *storage.Contact
}

// After says where an answer leads.
type After uint8

const (
	// AfterNext: on to the next question.
	AfterNext After = iota
	// AfterReview: back to the review, from which the answer was changed.
	AfterReview
	// AfterMissing: on to the next question that keeps the interview
	// from being complete, after the interviewer was told it is not.
	AfterMissing
)

// Refused is an answer the questionnaire does not accept, with its
// message: the answer was not saved.
type Refused struct {
	Item    *questionnaire.Item
	Message string
}

func (r *Refused) Error() string { return r.Message }

// ErrNoReason is an abandon without a reason.
var ErrNoReason = errors.New("say why the interview ends")

// ErrFinished is an act on an interview that is already completed or
// abandoned.
var ErrFinished = errors.New("the interview is finished")

// Interview is one running interview.
type Interview struct {
	store     Store
	q         *questionnaire.Questionnaire
	sess      *storage.Session
	state     *questionnaire.State
	lang, ui  string
	persisted questionnaire.Answers
	// pos is the step on screen, or -1 for the review.
	pos   int
	after After
	// handedOver: the client has the laptop (self-completion).
	handedOver bool
	finished   bool

	// sets counts the answers set in state, so that Progress counts again
	// only after a change.
	sets    int
	counted struct{ sets, answered, visible int }
	// defaults are the dynamic defaults worked out so far, by item.
	defaults map[int]questionnaire.Value
}

// Start starts a new interview: its session is in the store, and the
// first question is on screen (or the review, for a questionnaire of
// calculations alone).
func Start(o Options) (*Interview, error) {
	q := o.Questionnaire
	persisted, err := o.Store.Persisted(q)
	if err != nil {
		return nil, err
	}
	sess, err := o.Store.StartSessionWith(q, o.Interviewer, q.DefaultLanguage(), o.Mode, o.Contact)
	if err != nil {
		return nil, err
	}
	iv := newInterview(o, sess, persisted)
	iv.state = q.Evaluate(questionnaire.Answers{}, iv.today(o))
	if err := iv.keep(); err != nil {
		return nil, err
	}
	return iv, iv.move(iv.state.Next(-1), false)
}

// keep saves the value of every relevant calculation that is worked out
// once (now(), uuid(), once()) and has none yet, so that the store holds
// what the interview computed and an export reads it back.
func (iv *Interview) keep() error {
	for _, it := range iv.q.Kept() {
		if !iv.state.Relevant(it.Index) || !iv.state.Stored(it.Index).IsEmpty() {
			continue
		}
		v := iv.state.Answer(it.Index)
		if v.IsEmpty() {
			continue
		}
		iv.state.Set(it.Index, v)
		iv.sets++
		if err := iv.store.SetAnswerAndShow(iv.sess.ID, it.Name, v, ""); err != nil {
			iv.state.Set(it.Index, questionnaire.Value{})
			return err
		}
	}
	return nil
}

// Resume continues an unfinished session where it was left (the step last
// shown, if it is still relevant, else the first one missing an answer),
// offering the previous interview's persisted answers as Start does.
func Resume(o Options, sess *storage.Session) (*Interview, error) {
	if sess.Status != storage.InProgress {
		return nil, fmt.Errorf("session %s is %s: %w", sess.ID, sess.Status, ErrFinished)
	}
	q := o.Questionnaire
	persisted, err := o.Store.Persisted(q)
	if err != nil {
		return nil, err
	}
	if err := o.Store.Resume(sess.ID); err != nil {
		return nil, err
	}
	iv := newInterview(o, sess, persisted)
	if sess.Language != "" {
		iv.lang = sess.Language
	}
	iv.state = q.Evaluate(sess.AnswerMap(), iv.today(o))
	if err := iv.keep(); err != nil {
		return nil, err
	}
	pos := -1
	if it := q.Item(sess.Position); it != nil && iv.state.Relevant(it.Index) && q.IsStep(it.Index) {
		pos = it.Index
	}
	if pos < 0 {
		pos = iv.firstMissing()
	}
	iv.pos = pos // where it was: no new position to record
	return iv, nil
}

func newInterview(o Options, sess *storage.Session, persisted questionnaire.Answers) *Interview {
	return &Interview{store: o.Store, q: o.Questionnaire, sess: sess, lang: o.Questionnaire.DefaultLanguage(),
		ui: o.UILang, persisted: persisted, pos: -1, defaults: map[int]questionnaire.Value{}}
}

func (iv *Interview) today(o Options) time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Session is the interview's session, as started or resumed.
func (iv *Interview) Session() *storage.Session { return iv.sess }

// Questionnaire is the version the interview runs.
func (iv *Interview) Questionnaire() *questionnaire.Questionnaire { return iv.q }

// State is the flow engine's state: relevance, options, labels.
func (iv *Interview) State() *questionnaire.State { return iv.state }

// Lang is the interview's language.
func (iv *Interview) Lang() string { return iv.lang }

// SetUILang changes the language of the built-in messages.
func (iv *Interview) SetUILang(ui string) { iv.ui = ui }

// Mode says whether the client answers alone.
func (iv *Interview) Mode() storage.Mode { return iv.sess.Mode }

// Step is the step on screen (an item index), or -1 for the review.
func (iv *Interview) Step() int { return iv.pos }

// AtReview reports whether the review is on screen.
func (iv *Interview) AtReview() bool { return iv.pos < 0 }

// Finished reports whether the interview was completed or abandoned.
func (iv *Interview) Finished() bool { return iv.finished }

// Asks returns the questions the current step asks.
func (iv *Interview) Asks() []*questionnaire.Item {
	if iv.pos < 0 {
		return nil
	}
	return iv.state.Asks(iv.pos)
}

// Initial is the answer a question's input opens with: the one given,
// else the previous interview's for a persisted question, else the
// questionnaire's default. Only the given one counts as answered.
func (iv *Interview) Initial(item int) questionnaire.Value {
	it := iv.q.Items[item]
	if v := iv.state.Answer(item); !v.IsEmpty() {
		return v
	}
	if it.Persist {
		if v, ok := iv.persisted[it.Name]; ok {
			return v
		}
	}
	if !it.DefaultExpr.Set() {
		return it.DefaultValue
	}
	// a dynamic default is worked out once, when the question is first
	// shown, as in ODK
	if v, ok := iv.defaults[item]; ok {
		return v
	}
	v := iv.state.Default(item)
	iv.defaults[item] = v
	return v
}

// Check says what is wrong with answering item with v ("" when nothing).
func (iv *Interview) Check(item int, v questionnaire.Value) string {
	return iv.state.CheckIn(item, v, iv.lang, iv.ui)
}

// Set saves an answer to one of the current step's questions and stays
// (a grid's row). A refused answer is a *Refused.
func (iv *Interview) Set(item int, v questionnaire.Value) error {
	_, err := iv.save(item, v, nil)
	return err
}

// Submit saves the answer to the current step's question and moves on:
// the answer and the new position are one commit. A refused answer is a
// *Refused; nothing is saved and nothing moves.
func (iv *Interview) Submit(item int, v questionnaire.Value) error {
	if err := iv.usable(); err != nil {
		return err
	}
	if iv.pos < 0 {
		return errors.New("no question is on screen")
	}
	if len(iv.state.Asks(iv.pos)) > 1 {
		// A grid: the row is saved, and Next checks the others.
		if err := iv.Set(item, v); err != nil {
			return err
		}
		return iv.Next()
	}
	next := -1
	shown, err := iv.save(item, v, func() string {
		if next = iv.nextStep(); next >= 0 {
			return iv.q.Items[next].Name
		}
		return ""
	})
	if err != nil {
		return err
	}
	if shown {
		iv.pos = next // the commit recorded it as shown
		return nil
	}
	return iv.moveTo(next, false)
}

// save checks v, sets it in the state, and commits it together with the
// step nextName names, if given, once the state holds v. shown says the
// commit recorded that step. The state is undone if the commit fails.
func (iv *Interview) save(item int, v questionnaire.Value, nextName func() string) (shown bool, err error) {
	if err := iv.usable(); err != nil {
		return false, err
	}
	if msg := iv.Check(item, v); msg != "" {
		return false, &Refused{iv.q.Items[item], msg}
	}
	old := iv.state.Stored(item)
	if v.Equal(old) && v.Kind == old.Kind {
		if nextName != nil {
			nextName()
		}
		return false, nil
	}
	iv.state.Set(item, v)
	iv.sets++
	name := ""
	if nextName != nil {
		name = nextName()
	}
	if err := iv.store.SetAnswerAndShow(iv.sess.ID, iv.q.Items[item].Name, v, name); err != nil {
		iv.state.Set(item, old)
		iv.sets++
		return false, err
	}
	if err := iv.keep(); err != nil {
		return false, err
	}
	return name != "", nil
}

// Next checks the current step's answers as they stand (a note or a grid
// has nothing to submit) and moves on. A question not answered as it must
// be is a *Refused naming it.
func (iv *Interview) Next() error {
	if err := iv.usable(); err != nil {
		return err
	}
	if iv.pos >= 0 {
		for _, x := range iv.state.Checks(iv.pos) {
			if msg := iv.Check(x.Index, iv.state.Answer(x.Index)); msg != "" {
				return &Refused{x, msg}
			}
		}
	}
	return iv.moveTo(iv.nextStep(), false)
}

// nextStep is where the interview goes after the current step: the next
// question, the review, or the next one missing an answer.
func (iv *Interview) nextStep() int {
	switch iv.after {
	case AfterReview:
		return -1
	case AfterMissing:
		return iv.firstProblem()
	}
	if iv.pos < 0 {
		return -1
	}
	return iv.state.Next(iv.pos)
}

// moveTo shows step pos (-1: the review) and records it; the review
// resets where answers lead.
func (iv *Interview) moveTo(pos int, back bool) error {
	if pos < 0 {
		iv.pos, iv.after = -1, AfterNext
		return nil
	}
	return iv.move(pos, back)
}

func (iv *Interview) move(pos int, back bool) error {
	iv.pos = pos
	if pos < 0 {
		return nil
	}
	return iv.store.Show(iv.sess.ID, iv.q.Items[pos].Name, back)
}

// Back goes to the step before, or from the review to the last one; false
// when there is none before (or, for the client, none of theirs).
func (iv *Interview) Back() (bool, error) {
	if err := iv.usable(); err != nil {
		return false, err
	}
	prev := iv.state.Prev(iv.pos)
	if prev < 0 || iv.handedOver && !iv.q.ClientStep(prev) {
		return false, nil
	}
	iv.after = AfterNext
	return true, iv.move(prev, true)
}

// GoTo shows step, and says where its answer leads: AfterReview when the
// interviewer changes an answer from the review, AfterNext from the jump
// list.
func (iv *Interview) GoTo(step int, after After) error {
	if err := iv.usable(); err != nil {
		return err
	}
	if !iv.q.IsStep(step) || !iv.state.Relevant(step) {
		return fmt.Errorf("%s is not a question of this interview now", iv.q.Items[step].Name)
	}
	iv.after = after
	return iv.move(step, false)
}

// Review returns the review's lines: every relevant question, a grid's
// rows one each, with the step that shows it.
func (iv *Interview) Review() []Entry {
	var out []Entry
	for _, i := range iv.state.Visible() {
		for _, x := range iv.state.Asks(i) {
			out = append(out, Entry{Item: x.Index, Step: i})
		}
	}
	return out
}

// Entry is one line of the review.
type Entry struct{ Item, Step int }

// Finish completes the interview if it is complete. If not, it returns
// the first problem and shows its question, and the answers from then on
// lead to the next question still missing one.
func (iv *Interview) Finish() (*questionnaire.Problem, error) {
	if err := iv.usable(); err != nil {
		return nil, err
	}
	if problems := iv.state.ProblemsIn(iv.lang, iv.ui); len(problems) > 0 {
		p := problems[0]
		iv.after = AfterMissing
		return &p, iv.move(iv.stepOf(p.Item), false)
	}
	if err := iv.store.Complete(iv.sess.ID); err != nil {
		return nil, err
	}
	iv.finished = true
	return nil, nil
}

func (iv *Interview) stepOf(it *questionnaire.Item) int {
	if it.Parent != nil && it.Parent.IsGrid() {
		return it.Parent.Index
	}
	return it.Index
}

// firstMissing is the first step with a question not answered (or not
// validly), where a resumed interview goes on; -1 (the review) for none.
func (iv *Interview) firstMissing() int {
	for _, i := range iv.state.Visible() {
		for _, x := range iv.state.Checks(i) {
			if iv.state.Answer(x.Index).IsEmpty() && x.Type.Answerable() || iv.Check(x.Index, iv.state.Answer(x.Index)) != "" {
				return i
			}
		}
	}
	return -1
}

// firstProblem is the first step that keeps the interview from being
// complete (a required question unanswered, an answer not valid), or -1.
func (iv *Interview) firstProblem() int {
	if problems := iv.state.ProblemsIn(iv.lang, iv.ui); len(problems) > 0 {
		return iv.stepOf(problems[0].Item)
	}
	return -1
}

// Pause records that the interview is interrupted; it can be resumed.
func (iv *Interview) Pause() error {
	if err := iv.usable(); err != nil {
		return err
	}
	return iv.store.Pause(iv.sess.ID)
}

// Abandon ends the interview, kept as abandoned, for reason: one of
// storage's reason codes, or storage.OtherReason with words.
func (iv *Interview) Abandon(reason string) error {
	if err := iv.usable(); err != nil {
		return err
	}
	if reason == "" || reason == storage.OtherReason("") {
		return ErrNoReason
	}
	if err := iv.store.Abandon(iv.sess.ID, reason); err != nil {
		return err
	}
	iv.finished = true
	return nil
}

// SwitchLanguage moves the interview to the questionnaire's next
// language; false when it has one only.
func (iv *Interview) SwitchLanguage() (bool, error) {
	if err := iv.usable(); err != nil {
		return false, err
	}
	langs := iv.q.Languages
	if len(langs) < 2 {
		return false, nil
	}
	next := langs[0]
	for i, l := range langs {
		if l == iv.lang {
			next = langs[(i+1)%len(langs)]
		}
	}
	if err := iv.store.SetLanguage(iv.sess.ID, next); err != nil {
		return false, err
	}
	iv.lang = next
	return true, nil
}

// Progress counts the answered and the asked questions, grid rows each.
func (iv *Interview) Progress() (answered, visible int) {
	if iv.counted.sets == iv.sets && iv.counted.visible > 0 {
		return iv.counted.answered, iv.counted.visible
	}
	for _, e := range iv.Review() {
		visible++
		if !iv.state.Answer(e.Item).IsEmpty() {
			answered++
		}
	}
	iv.counted.sets, iv.counted.answered, iv.counted.visible = iv.sets, answered, visible
	return answered, visible
}

// NeedsHandOver reports whether the laptop is to be handed to the client
// now: a self-completed interview whose step is the client's, not yet
// handed over (also after a resume).
func (iv *Interview) NeedsHandOver() bool {
	return iv.sess.Mode == storage.ModeSelf && !iv.handedOver && !iv.finished && iv.pos >= 0 && iv.q.ClientStep(iv.pos)
}

// HandOver records that the client has the laptop: from now on the
// interview does not go back to the interviewer's questions.
func (iv *Interview) HandOver() { iv.handedOver = true }

// HandedOver reports whether the client has the laptop.
func (iv *Interview) HandedOver() bool { return iv.handedOver }

// FillFromPrevious answers the interviewer's questions at the start of a
// self-completed interview with the previous interview's persisted
// answers (a kiosk's workplace), and moves on to the client's first
// question. False when some interviewer's question has no such answer:
// the interviewer must answer it.
func (iv *Interview) FillFromPrevious() (bool, error) {
	for iv.pos >= 0 && !iv.q.ClientStep(iv.pos) {
		asks := iv.state.Asks(iv.pos)
		for _, x := range asks {
			if _, ok := iv.persisted[x.Name]; !ok || !x.Persist {
				return false, nil
			}
		}
		for _, x := range asks {
			if err := iv.Set(x.Index, iv.persisted[x.Name]); err != nil {
				return false, err
			}
		}
		if err := iv.Next(); err != nil {
			return false, err
		}
	}
	return true, nil
}

func (iv *Interview) usable() error {
	if iv.finished {
		return fmt.Errorf("session %s: %w", iv.sess.ID, ErrFinished)
	}
	return nil
}
