package engine

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"anketa/questionnaire"
	"anketa/storage"
)

const form = `
id: engine
version: "1"
title: Engine
languages: [cs, en]
choices:
  misto: [{value: "1", label: {cs: Vozidla, en: Vehicles}}, {value: "2", label: {cs: Živnosti, en: Trade}}]
  skola:
    - {value: "1", label: "1"}
    - {value: "2", label: "2"}
    - {value: "3", label: "3"}
    - {value: "9", label: {cs: nevím, en: don't know}, missing: dont_know}
questions:
  - {name: misto, type: select_one misto, label: {cs: Pracoviště, en: Workplace}, required: true, persist: true, answered_by: interviewer}
  - {name: celkove, type: select_one skola, label: {cs: Celkově, en: Overall}, required: true}
  - name: navstev
    type: integer
    label: {cs: Kolikrát, en: How many times}
    required: true
    constraint: ". >= 1 and . <= 30"
    constraint_message: {cs: Od 1 do 30., en: From 1 to 30.}
  - name: aspekty
    type: group
    appearance: grid
    label: {cs: Jak hodnotíte, en: How do you rate}
    questions:
      - {name: cekani, type: select_one skola, label: {cs: čekání, en: waiting}, required: true}
      - {name: ochota, type: select_one skola, label: {cs: ochotu, en: helpfulness}, required: true}
  - {name: proc, type: text, label: {cs: Proč?, en: Why?}, relevant: "${celkove} = '3'"}
  - {name: konec, type: note, label: {cs: Děkujeme, en: Thank you}}
`

func loadForm(t *testing.T) *questionnaire.Questionnaire {
	t.Helper()
	q, err := questionnaire.Parse("engine.yaml", []byte(form))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// failing is the real store, whose methods named in fail return an error
// instead of writing.
type failing struct {
	*storage.Store
	fail map[string]bool
}

var errDisk = errors.New("disk full")

func (f *failing) err(name string) error {
	if f.fail[name] {
		return fmt.Errorf("%s: %w", name, errDisk)
	}
	return nil
}

func (f *failing) StartSessionWith(q *questionnaire.Questionnaire, interviewer, lang string, mode storage.Mode, c *storage.Contact) (*storage.Session, error) {
	if err := f.err("StartSession"); err != nil {
		return nil, err
	}
	return f.Store.StartSessionWith(q, interviewer, lang, mode, c)
}

func (f *failing) SetAnswerAndShow(id storage.ID, name string, v questionnaire.Value, next string) error {
	if err := f.err("SetAnswerAndShow"); err != nil {
		return err
	}
	return f.Store.SetAnswerAndShow(id, name, v, next)
}

func (f *failing) Show(id storage.ID, name string, back bool) error {
	if err := f.err("Show"); err != nil {
		return err
	}
	return f.Store.Show(id, name, back)
}

func (f *failing) Complete(id storage.ID) error {
	if err := f.err("Complete"); err != nil {
		return err
	}
	return f.Store.Complete(id)
}

func (f *failing) Abandon(id storage.ID, reason string) error {
	if err := f.err("Abandon"); err != nil {
		return err
	}
	return f.Store.Abandon(id, reason)
}

func (f *failing) Pause(id storage.ID) error {
	if err := f.err("Pause"); err != nil {
		return err
	}
	return f.Store.Pause(id)
}

// run is one case's world: a real store in a temporary folder, the
// questionnaire, and the interview the acts work on.
type run struct {
	t     *testing.T
	store *failing
	q     *questionnaire.Questionnaire
	iv    *Interview
	mode  storage.Mode
}

func (r *run) item(name string) int {
	it := r.q.Item(name)
	if it == nil {
		r.t.Fatalf("no item %s", name)
	}
	return it.Index
}

// at is the name of the step on screen, or "review".
func (r *run) at() string {
	if r.iv.AtReview() {
		return "review"
	}
	return r.q.Items[r.iv.Step()].Name
}

// stored is the session as the store holds it: status, position and
// answers, as one line.
func (r *run) stored() string {
	sess, err := r.store.Load(r.iv.Session().ID)
	if err != nil {
		r.t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s @%s", sess.Status, sess.Position)
	for _, a := range sess.Answers {
		fmt.Fprintf(&b, " %s=%s", a.Name, a.Value)
	}
	if sess.Reason != "" {
		fmt.Fprintf(&b, " (%s)", sess.Reason)
	}
	return b.String()
}

func (r *run) events() string {
	evs, err := r.store.Events(r.iv.Session().ID)
	if err != nil {
		r.t.Fatal(err)
	}
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, e.Kind.String())
	}
	return strings.Join(kinds, " ")
}

func (r *run) start() {
	iv, err := Start(Options{Store: r.store, Questionnaire: r.q, Interviewer: "T07", Mode: r.mode, UILang: "cs"})
	if err != nil {
		r.t.Fatal(err)
	}
	r.iv = iv
}

// act is one step of a case: what is done, and what must hold after it.
type act struct {
	name string
	do   func(r *run) error
	// err is a part of the error's message, or "" for none.
	err string
	// at is the step on screen after it ("" not checked); stored is the
	// store's line for the session ("" not checked).
	at, stored string
	check      func(r *run) error
}

func submit(name string, v questionnaire.Value) func(*run) error {
	return func(r *run) error { return r.iv.Submit(r.item(name), v) }
}

func set(name string, v questionnaire.Value) func(*run) error {
	return func(r *run) error { return r.iv.Set(r.item(name), v) }
}

func next(r *run) error { return r.iv.Next() }

func back(r *run) error { _, err := r.iv.Back(); return err }

func goTo(name string, after After) func(*run) error {
	return func(r *run) error { return r.iv.GoTo(r.item(name), after) }
}

func failWith(method string) func(*run) error {
	return func(r *run) error { r.store.fail = map[string]bool{method: true}; return nil }
}

func heal(r *run) error { r.store.fail = nil; return nil }

var code = questionnaire.CodeValue

// answerAll answers every question of the form from the first.
var answerAll = []act{
	{name: "workplace", do: submit("misto", code("1")), at: "celkove"},
	{name: "overall", do: submit("celkove", code("2")), at: "navstev"},
	{name: "visits", do: submit("navstev", questionnaire.IntValue(2)), at: "aspekty"},
	{name: "row 1", do: set("cekani", code("1")), at: "aspekty"},
	{name: "row 2", do: set("ochota", code("9")), at: "aspekty"},
	{name: "grid done", do: next, at: "konec"},
	{name: "note", do: next, at: "review"},
}

func TestEngine(t *testing.T) {
	cases := []struct {
		name  string
		mode  storage.Mode
		setup func(r *run) // before Start
		acts  []act
	}{
		{name: "answer and move on: the answer and the position are one commit", acts: []act{
			{name: "start", at: "misto", stored: "in_progress @misto"},
			{name: "answer", do: submit("misto", code("2")), at: "celkove", stored: "in_progress @celkove misto=2"},
			{name: "events", check: func(r *run) error { return want(r.events(), "started shown answered shown") }},
		}},
		{name: "a refused answer is not saved and nothing moves", acts: []act{
			{do: submit("misto", code("1")), at: "celkove"},
			{do: submit("celkove", code("1")), at: "navstev"},
			{name: "out of range", do: submit("navstev", questionnaire.IntValue(40)), err: "Od 1 do 30.", at: "navstev", stored: "in_progress @navstev misto=1 celkove=1"},
			{name: "wrong kind", do: submit("navstev", questionnaire.TextValue("x")), err: "Zadejte celé číslo.", at: "navstev"},
			{name: "required", do: submit("navstev", questionnaire.Value{}), err: "Odpověď je povinná.", at: "navstev"},
			{name: "not an option", do: submit("celkove", code("7")), err: "Zvolte jednu z nabízených možností."},
		}},
		{name: "back goes to the step before and is logged", acts: []act{
			{do: submit("misto", code("1")), at: "celkove"},
			{name: "back", do: back, at: "misto", stored: "in_progress @misto misto=1"},
			{name: "no step before the first", do: func(r *run) error {
				if moved, err := r.iv.Back(); moved || err != nil {
					return fmt.Errorf("back from the first step: %v %v", moved, err)
				}
				return nil
			}, at: "misto"},
			{check: func(r *run) error { return want(r.events(), "started shown answered shown back") }},
		}},
		{name: "the jump list goes to a question, and answers lead on from there", acts: []act{
			{do: submit("misto", code("1")), at: "celkove"},
			{name: "jump", do: goTo("aspekty", AfterNext), at: "aspekty", stored: "in_progress @aspekty misto=1"},
			{do: set("cekani", code("2"))},
			{do: set("ochota", code("3"))},
			{do: next, at: "konec"},
			{name: "not relevant", do: goTo("proc", AfterNext), err: "not a question of this interview now", at: "konec"},
		}},
		{name: "a grid moves on only when every row is answered", acts: []act{
			{do: goTo("aspekty", AfterNext)},
			{do: set("cekani", code("1"))},
			{name: "one row missing", do: next, err: "Odpověď je povinná.", at: "aspekty", check: func(r *run) error {
				var ref *Refused
				if err := r.iv.Next(); !errors.As(err, &ref) || ref.Item.Name != "ochota" {
					return fmt.Errorf("the refusal names %v", err)
				}
				return nil
			}},
			{do: set("ochota", code("2"))},
			{do: next, at: "konec", stored: "in_progress @konec cekani=1 ochota=2"},
		}},
		{name: "an answer changed from the review leads back to the review", acts: append(append([]act{}, answerAll...),
			act{name: "change", do: goTo("celkove", AfterReview), at: "celkove"},
			act{name: "to 3", do: submit("celkove", code("3")), at: "review", stored: "in_progress @celkove misto=1 celkove=3 navstev=2 cekani=1 ochota=9"},
		)},
		{name: "after 'not complete' an answer leads on to the next missing one", acts: []act{
			{do: submit("misto", code("1")), at: "celkove"},
			{name: "jump to the end", do: goTo("konec", AfterNext), at: "konec"},
			{do: next, at: "review"},
			{name: "finish", do: func(r *run) error {
				p, err := r.iv.Finish()
				if err != nil || p == nil || p.Item.Name != "celkove" || r.iv.Finished() {
					return fmt.Errorf("finish: %v %+v", err, p)
				}
				return nil
			}, at: "celkove", stored: "in_progress @celkove misto=1"},
			{name: "answer it", do: submit("celkove", code("2")), at: "navstev"},
			{do: submit("navstev", questionnaire.IntValue(3)), at: "aspekty"},
			{do: set("cekani", code("1"))},
			{do: set("ochota", code("1"))},
			{name: "none missing: the review", do: next, at: "review"},
			{name: "finish", do: func(r *run) error {
				if p, err := r.iv.Finish(); p != nil || err != nil || !r.iv.Finished() {
					return fmt.Errorf("finish: %v %+v", err, p)
				}
				return nil
			}, stored: "completed @aspekty misto=1 celkove=2 navstev=3 cekani=1 ochota=1"},
			{name: "finished", do: submit("celkove", code("1")), err: "the interview is finished"},
		}},
		{name: "pause, then resume where it was left", acts: []act{
			{do: submit("misto", code("2"))},
			{do: submit("celkove", code("3")), at: "navstev"},
			{name: "pause", do: func(r *run) error { return r.iv.Pause() }, stored: "in_progress @navstev misto=2 celkove=3"},
			{name: "resume", do: resume, at: "navstev"},
			{do: submit("navstev", questionnaire.IntValue(1)), at: "aspekty"},
			{check: func(r *run) error {
				return want(r.events(), "started shown answered shown answered shown paused resumed answered shown")
			}},
		}},
		{name: "a resumed interview at a step no longer relevant goes to the first one missing", acts: []act{
			{do: submit("misto", code("1"))},
			{do: submit("celkove", code("3"))},
			{do: goTo("proc", AfterNext), at: "proc"},
			{do: goTo("celkove", AfterNext)},
			{do: submit("celkove", code("1"))},
			{do: goTo("proc", AfterNext), err: "not a question"},
			{name: "position proc, now irrelevant", do: func(r *run) error { return r.store.Show(r.iv.Session().ID, "proc", false) }},
			{do: resume, at: "navstev"},
		}},
		{name: "abandon needs a reason and ends the interview", acts: []act{
			{do: submit("misto", code("1"))},
			{name: "no reason", do: func(r *run) error { return r.iv.Abandon("") }, err: "say why"},
			{name: "other without words", do: func(r *run) error { return r.iv.Abandon(storage.OtherReason("")) }, err: "say why"},
			{name: "client left", do: func(r *run) error { return r.iv.Abandon(storage.ReasonClientLeft) }, stored: "abandoned @celkove misto=1 (client_left)"},
			{name: "then nothing", do: back, err: "finished"},
		}},
		{name: "the previous interview's workplace is offered, and counts only when confirmed", setup: func(r *run) {
			r.start()
			must(r.t, r.iv.Submit(r.item("misto"), code("2")))
			must(r.t, r.iv.Abandon(storage.ReasonRefused))
			// A later interview stopped before the workplace does not hide it.
			r.start()
			must(r.t, r.iv.Pause())
		}, acts: []act{
			{name: "offered", check: func(r *run) error {
				if v := r.iv.Initial(r.item("misto")); v.Text != "2" {
					return fmt.Errorf("initial workplace %v", v)
				}
				if a, _ := r.iv.Progress(); a != 0 {
					return fmt.Errorf("%d answered before confirming", a)
				}
				return nil
			}, stored: "in_progress @misto"},
			{name: "a resumed one is offered it too", do: func(r *run) error {
				all, err := r.store.List(0, storage.InProgress)
				if err != nil {
					return err
				}
				iv, err := Resume(Options{Store: r.store, Questionnaire: r.q, UILang: "cs"}, all[len(all)-1])
				if err != nil {
					return err
				}
				if v := iv.Initial(r.item("misto")); v.Text != "2" {
					return fmt.Errorf("resumed: initial workplace %v", v)
				}
				return nil
			}},
			{name: "confirmed", do: submit("misto", code("2")), check: func(r *run) error {
				if a, _ := r.iv.Progress(); a != 1 {
					return fmt.Errorf("%d answered after confirming", a)
				}
				return nil
			}},
		}},
		{name: "an answer the store cannot save is not kept, and nothing moves", acts: []act{
			{do: failWith("SetAnswerAndShow")},
			{name: "answer", do: submit("misto", code("1")), err: "disk full", at: "misto", stored: "in_progress @misto", check: func(r *run) error {
				if !r.iv.State().Answer(r.item("misto")).IsEmpty() {
					return errors.New("the state kept the unsaved answer")
				}
				return nil
			}},
			{do: heal},
			{name: "again", do: submit("misto", code("1")), at: "celkove", stored: "in_progress @celkove misto=1"},
		}},
		{name: "a move the store cannot record is said", acts: []act{
			{do: submit("misto", code("1"))},
			{do: failWith("Show")},
			{name: "back", do: back, err: "disk full", at: "misto", stored: "in_progress @celkove misto=1"},
			{do: failWith("Pause")},
			{name: "pause", do: func(r *run) error { return r.iv.Pause() }, err: "disk full"},
			{do: failWith("Abandon")},
			{name: "abandon", do: func(r *run) error { return r.iv.Abandon(storage.ReasonInterrupted) }, err: "disk full", stored: "in_progress @celkove misto=1"},
			{do: heal},
			{name: "still open", do: func(r *run) error { return r.iv.Abandon(storage.ReasonInterrupted) }, stored: "abandoned @celkove misto=1 (interrupted)"},
		}},
		{name: "a finish the store cannot record leaves the interview open", acts: append(append([]act{}, answerAll...),
			act{do: failWith("Complete")},
			act{name: "finish", do: finish, err: "disk full", check: func(r *run) error {
				if r.iv.Finished() {
					return errors.New("finished although not saved")
				}
				return nil
			}, stored: "in_progress @konec misto=1 celkove=2 navstev=2 cekani=1 ochota=9"},
			act{do: heal},
			act{name: "again", do: finish, stored: "completed @konec misto=1 celkove=2 navstev=2 cekani=1 ochota=9"},
		)},
		{name: "messages: the interface's words, the questionnaire's in the interview's language", acts: []act{
			{do: func(r *run) error { r.iv.SetUILang("en"); return nil }},
			{do: submit("misto", code("1"))},
			{do: submit("celkove", code("1"))},
			{name: "built-in in English", do: submit("navstev", questionnaire.TextValue("x")), err: "Enter a whole number."},
			{name: "the questionnaire's in Czech", do: submit("navstev", questionnaire.IntValue(99)), err: "Od 1 do 30."},
			{name: "switch", do: func(r *run) error { _, err := r.iv.SwitchLanguage(); return err }, check: func(r *run) error {
				if r.iv.Lang() != "en" {
					return fmt.Errorf("language %s", r.iv.Lang())
				}
				return nil
			}},
			{name: "now in English", do: submit("navstev", questionnaire.IntValue(99)), err: "From 1 to 30."},
		}},
		{name: "self-completion: the hand-over comes at the client's first question", mode: storage.ModeSelf, acts: []act{
			{check: func(r *run) error {
				if r.iv.NeedsHandOver() {
					return errors.New("hand-over before the interviewer's question")
				}
				return nil
			}},
			{do: submit("misto", code("1")), at: "celkove", check: func(r *run) error {
				if !r.iv.NeedsHandOver() {
					return errors.New("no hand-over at the client's first question")
				}
				r.iv.HandOver()
				return nil
			}},
			{name: "the client cannot go back to the interviewer's question", do: back, at: "celkove"},
			{do: submit("celkove", code("9")), at: "navstev", stored: "in_progress @navstev misto=1 celkove=9"},
			{check: func(r *run) error {
				sess, _ := r.store.Load(r.iv.Session().ID)
				return want(sess.Mode.String(), "self")
			}},
			{name: "timeout", do: func(r *run) error { return r.iv.Abandon(storage.ReasonTimeout) }, stored: "abandoned @navstev misto=1 celkove=9 (timeout)"},
		}},
		{name: "self-completion: a kiosk fills the workplace from the previous interview", mode: storage.ModeSelf, setup: func(r *run) {
			r.start()
			must(r.t, r.iv.Submit(r.item("misto"), code("2")))
			must(r.t, r.iv.Abandon(storage.ReasonTimeout))
		}, acts: []act{
			{name: "fill", do: func(r *run) error {
				ok, err := r.iv.FillFromPrevious()
				if !ok {
					return fmt.Errorf("not filled (%v)", err)
				}
				return err
			}, at: "celkove", stored: "in_progress @celkove misto=2"},
		}},
		{name: "self-completion: without a previous workplace the interviewer answers it", mode: storage.ModeSelf, acts: []act{
			{name: "fill", do: func(r *run) error {
				if ok, err := r.iv.FillFromPrevious(); ok || err != nil {
					return fmt.Errorf("filled: %v %v", ok, err)
				}
				return nil
			}, at: "misto", stored: "in_progress @misto"},
		}},
		{name: "a store that cannot start a session says so", setup: func(r *run) {
			r.store.fail = map[string]bool{"StartSession": true}
			if _, err := Start(Options{Store: r.store, Questionnaire: r.q}); !errors.Is(err, errDisk) {
				r.t.Errorf("start: %v", err)
			}
			r.store.fail = nil
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := storage.Open(filepath.Join(t.TempDir(), "anketa.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			r := &run{t: t, store: &failing{Store: s}, q: loadForm(t), mode: tc.mode}
			if tc.setup != nil {
				tc.setup(r)
			}
			r.start()
			r.acts(tc.acts)
		})
	}
}

// acts does each act in turn and checks what must hold after it.
func (r *run) acts(acts []act) {
	t := r.t
	t.Helper()
	for i, a := range acts {
		label := fmt.Sprintf("act %d %s", i+1, a.name)
		var err error
		if a.do != nil {
			err = a.do(r)
		}
		switch {
		case a.err == "" && err != nil:
			t.Fatalf("%s: %v", label, err)
		case a.err != "" && (err == nil || !strings.Contains(err.Error(), a.err)):
			t.Fatalf("%s: error %v, want %q", label, err, a.err)
		}
		if a.at != "" && r.at() != a.at {
			t.Fatalf("%s: at %s, want %s", label, r.at(), a.at)
		}
		if a.stored != "" {
			if got := r.stored(); got != a.stored {
				t.Fatalf("%s: the store holds\n  %s\nwant\n  %s", label, got, a.stored)
			}
		}
		if a.check != nil {
			if err := a.check(r); err != nil {
				t.Fatalf("%s: %v", label, err)
			}
		}
	}
}

func resume(r *run) error {
	sess, err := r.store.Load(r.iv.Session().ID)
	if err != nil {
		return err
	}
	iv, err := Resume(Options{Store: r.store, Questionnaire: r.q, UILang: "cs"}, sess)
	if err != nil {
		return err
	}
	r.iv = iv
	return nil
}

func finish(r *run) error {
	p, err := r.iv.Finish()
	if p != nil {
		return fmt.Errorf("not complete: %s", p.Message)
	}
	return err
}

func want(got, want string) error {
	if got != want {
		return fmt.Errorf("got  %s\nwant %s", got, want)
	}
	return nil
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
