package tui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"anketa/questionnaire"
	"anketa/storage"
	"anketa/tui/engine"
)

// RunAccessible runs interviews as plain line-by-line prompts, for screen
// readers: the same engine, store and words as the full-screen app, with
// nothing drawn but lines of text. An answer is a number for a select
// (several numbers separated by spaces for a multiple choice) or text;
// "?" lists the commands.
func RunAccessible(opt Options, in io.Reader, out io.Writer) error {
	a := &accessible{m: New(opt), r: bufio.NewScanner(in), out: out}
	return a.run()
}

type accessible struct {
	m   *Model
	r   *bufio.Scanner
	out io.Writer
}

// errEOF is the input ending: the interview stays as it is, resumable.
var errEOF = errors.New("end of input")

func (a *accessible) say(format string, args ...any) { fmt.Fprintf(a.out, format+"\n", args...) }

func (a *accessible) ask(prompt string) (string, error) {
	fmt.Fprint(a.out, prompt)
	if !a.r.Scan() {
		fmt.Fprintln(a.out)
		return "", errEOF
	}
	return strings.TrimSpace(a.r.Text()), nil
}

func (a *accessible) run() error {
	m := a.m
	a.say("%s", m.ui.t("accessible_intro"))
	a.say("%s", m.ui.t("accessible_help"))
	if m.opt.Practice {
		a.say("%s", m.ui.t("practice_note"))
	}
	for m.interviewer == "" {
		line, err := a.ask(m.ui.t("login_title") + ": ")
		if err != nil {
			return nil
		}
		code, err := m.interviewerCode(line)
		if err != nil {
			a.say("%s", err)
			continue
		}
		if err := m.store.SetSetting("interviewer", code); err != nil {
			return err
		}
		m.interviewer = code
	}
	for {
		home := m.newHome()
		a.say("")
		a.say("%s, %s. %s. %s.", m.q.Title.In(m.uiLang, m.q.DefaultLanguage()), m.ui.t("version", m.q.Version),
			m.ui.t("interviewer", m.interviewer), m.ui.t("today", home.todayDone, home.todayOpen))
		if m.flash != "" {
			a.say("%s", m.flash)
			m.flash = ""
		}
		choice, err := a.ask(fmt.Sprintf(m.ui.t("accessible_home"), m.ui.t("act_new"), m.ui.t("act_resume", len(home.unfinished)), m.ui.t("act_lang"), m.ui.t("act_quit")))
		if err != nil || choice == "q" {
			return nil
		}
		var iv *engine.Interview
		switch {
		case choice == "n" || choice == "":
			iv, err = engine.Start(m.engineOptions(m.q, false))
		case choice == "r" && len(home.unfinished) > 0:
			iv, err = a.pickResume(home.unfinished)
		case choice == "l":
			l := "cs"
			if m.uiLang == "cs" {
				l = "en"
			}
			m.setUILang(l)
			if !m.opt.Practice {
				m.store.SetSetting("ui.lang", l)
			}
			continue
		case choice == "?":
			a.say("%s", m.ui.t("accessible_help"))
			continue
		default:
			continue
		}
		if errors.Is(err, errEOF) {
			return nil
		}
		if iv == nil {
			a.say("%s", m.ui.t("error", err))
			continue
		}
		if err != nil {
			a.say("%s", m.ui.t("move_failed", err))
		}
		m.iv = iv
		if err := a.interview(); errors.Is(err, errEOF) {
			return nil
		}
	}
}

func (a *accessible) pickResume(unfinished []*storage.Session) (*engine.Interview, error) {
	m := a.m
	a.say("%s:", m.ui.t("resume_title"))
	for i, sess := range unfinished {
		answered, visible, place := m.sessionSummary(sess)
		a.say("  %d. %s  %s  %s", i+1, sess.Started.Local().Format("2.1. 15:04"), m.ui.t("progress", answered, visible), place)
	}
	for {
		line, err := a.ask("> ")
		if err != nil {
			return nil, err
		}
		n := 1
		if line != "" {
			if n, err = strconv.Atoi(line); err != nil || n < 1 || n > len(unfinished) {
				continue
			}
		}
		sess := unfinished[n-1]
		q, err := m.questionnaireOf(sess)
		if err != nil {
			return nil, err
		}
		return engine.Resume(m.engineOptions(q, sess.Mode == storage.ModeSelf), sess)
	}
}

// interview asks the questions until the interview is finished, paused
// or abandoned.
func (a *accessible) interview() error {
	m := a.m
	iv := m.iv
	for !iv.Finished() {
		if iv.AtReview() {
			done, err := a.review()
			if err != nil || done {
				return err
			}
			continue
		}
		step := iv.Questionnaire().Items[iv.Step()]
		if step.IsGrid() {
			a.say("")
			a.say("%s", iv.State().Label(step.Index, iv.Lang()))
		}
		left, err := a.step(step, iv.Asks())
		if err != nil || left {
			return err
		}
	}
	return nil
}

// step asks the questions of one step (a grid's rows one by one) and
// moves on; left says the interview was paused or abandoned.
func (a *accessible) step(step *questionnaire.Item, asks []*questionnaire.Item) (left bool, err error) {
	iv := a.m.iv
	if len(asks) == 0 { // a note or a read-only question
		a.say("")
		a.say("%s", iv.State().Label(step.Index, iv.Lang()))
		if h := iv.State().Hint(step.Index, iv.Lang()); h != "" {
			a.say("(%s)", h)
		}
		if step.ReadOnly {
			a.say("%s", iv.State().Display(step.Index, iv.Lang()))
		}
		line, err := a.ask("Enter: ")
		if err != nil {
			return false, err
		}
		if cmd, handled, err := a.command(line); handled || err != nil {
			return cmd, err
		}
		a.report(iv.Next())
		return false, nil
	}
	for i, x := range asks {
		for {
			line, v, err := a.question(x)
			if err != nil {
				return false, err
			}
			if line != "" {
				if cmd, handled, err := a.command(line); handled || err != nil {
					return cmd, err
				}
			}
			var e error
			if len(asks) > 1 && i < len(asks)-1 {
				e = iv.Set(x.Index, v)
			} else {
				e = iv.Submit(x.Index, v)
			}
			if a.report(e) {
				break
			}
			var refused *engine.Refused
			if !errors.As(e, &refused) && iv.Step() != step.Index {
				return false, nil // moved, though not recorded
			}
		}
		if iv.Step() != step.Index {
			return false, nil
		}
	}
	return false, nil
}

// report says what went wrong with an act; true when nothing did.
func (a *accessible) report(err error) bool {
	var refused *engine.Refused
	switch {
	case err == nil:
		return true
	case errors.As(err, &refused):
		a.say("%s", refused.Message)
	default:
		a.say("%s", a.m.ui.t("save_failed", err))
	}
	return false
}

// command carries out a command typed instead of an answer; handled says
// it was one, left that the interview was paused or abandoned.
func (a *accessible) command(line string) (left, handled bool, err error) {
	m, iv := a.m, a.m.iv
	switch line {
	case "<":
		moved, err := iv.Back()
		if !moved && err == nil {
			return false, true, nil
		}
		if err != nil {
			a.say("%s", m.ui.t("move_failed", err))
		}
		return false, true, nil
	case "?":
		a.say("%s", m.ui.t("accessible_help"))
		return false, true, nil
	case "!j":
		if _, err := iv.SwitchLanguage(); err != nil {
			a.say("%s", m.ui.t("save_failed", err))
		}
		a.say("%s", m.ui.t("language", iv.Lang()))
		return false, true, nil
	case "!p":
		if err := iv.Pause(); err != nil {
			a.say("%s", m.ui.t("save_failed", err))
			return false, true, nil
		}
		a.say("%s", m.ui.t("paused"))
		return true, true, nil
	case "!u", "!k":
		a.say("%s", m.ui.t("reason_title"))
		for i, r := range reasons {
			a.say("  %d. %s", i+1, m.ui.reasonLabel(r))
		}
		for {
			choice, err := a.ask(m.ui.t("accessible_reasons"))
			if err != nil {
				return false, true, err
			}
			if choice == "" {
				return false, true, nil // not abandoned after all
			}
			n, convErr := strconv.Atoi(choice)
			if convErr != nil || n < 1 || n > len(reasons) {
				continue
			}
			reason := reasons[n-1]
			if reason == storage.ReasonOther {
				text, err := a.ask(m.ui.t("reason_other_desc") + " ")
				if err != nil {
					return false, true, err
				}
				if text == "" {
					a.say("%s", m.ui.t("reason_other_empty"))
					continue
				}
				reason = storage.OtherReason(text)
			}
			if err := iv.Abandon(reason); err != nil {
				a.say("%s", m.ui.t("save_failed", err))
				return false, true, nil
			}
			a.say("%s", m.ui.t("abandoned", m.ui.reasonLabel(reason)))
			return true, true, nil
		}
	}
	return false, false, nil
}

// question asks one question: its label, hint, options numbered once, the
// answer offered; it returns a command typed, or the value.
func (a *accessible) question(it *questionnaire.Item) (string, questionnaire.Value, error) {
	m, iv := a.m, a.m.iv
	st := iv.State()
	def := iv.Questionnaire().DefaultLanguage()
	a.say("")
	a.say("%s", st.Label(it.Index, iv.Lang()))
	if h := st.Hint(it.Index, iv.Lang()); h != "" {
		a.say("(%s)", h)
	}
	opts := st.Options(it.Index)
	keys := accessibleKeys(it, opts)
	// A long list (the 77 contact offices) is not read out whole: the
	// client's or interviewer's words search it, as on the full screen.
	search := wantsSearch(it, len(opts))
	list := func(idx []int) {
		for _, i := range idx {
			l := opts[i].Label.In(iv.Lang(), def)
			if strings.HasPrefix(l, keys[i]+" ") || strings.HasPrefix(l, keys[i]+".") {
				a.say("  %s", l)
			} else {
				a.say("  %s. %s", keys[i], l)
			}
		}
	}
	if search {
		a.say(m.ui.t("accessible_search"), len(opts))
	} else {
		all := make([]int, len(opts))
		for i := range all {
			all[i] = i
		}
		list(all)
	}
	offered := iv.Initial(it.Index)
	if cur := st.Answer(it.Index); !cur.IsEmpty() {
		a.say(m.ui.t("accessible_current"), st.Display(it.Index, iv.Lang()))
	} else if !offered.IsEmpty() {
		a.say(m.ui.t("accessible_offered"), displayValue(it, offered, iv.Lang(), def))
	}
	for {
		line, err := a.ask("> ")
		if err != nil {
			return "", questionnaire.Value{}, err
		}
		switch {
		case line == "<" || line == "?" || strings.HasPrefix(line, "!"):
			return line, questionnaire.Value{}, nil
		case line == "":
			return "", offered, nil // Enter keeps what is offered (or gives nothing)
		case it.Type.IsSelect():
			var codes []string
			for _, f := range strings.Fields(line) {
				k := slicesIndex(keys, f)
				if k < 0 {
					codes = nil
					break
				}
				codes = append(codes, opts[k].Value)
			}
			if codes == nil && search {
				found := a.m.searchOptions(opts, line)
				if len(found) == 0 {
					a.say("%s", m.ui.t("accessible_none"))
				} else {
					a.say(m.ui.t("accessible_found"), len(found))
					list(found[:min(len(found), accessibleFound)])
					if rest := len(found) - accessibleFound; rest > 0 {
						a.say(m.ui.t("accessible_more"), rest)
					}
				}
				continue
			}
			if codes == nil {
				a.say("%s", iv.Check(it.Index, questionnaire.CodeValue("\x00")))
				continue
			}
			if it.Type == questionnaire.SelectMultiple {
				return "", questionnaire.CodesValue(codes...), nil
			}
			if len(codes) > 1 {
				a.say("%s", iv.Check(it.Index, questionnaire.CodeValue("\x00")))
				continue
			}
			return "", questionnaire.CodeValue(codes[0]), nil
		}
		v, bad := questionnaire.ParseInput(it, line)
		if bad != "" {
			v = questionnaire.TextValue(line) // the engine says what kind is expected
		}
		return "", v, nil
	}
}

// accessibleFound is how many options a search in the accessible mode
// reads out; more asks for more of the name.
const accessibleFound = 20

// accessibleKeys numbers the options as the full-screen app does: by code
// when every code is one digit, else by position (past 9 too, since a
// line is typed whole).
func accessibleKeys(it *questionnaire.Item, opts []*questionnaire.Option) []string {
	keys := digitKeys(it.List, opts)
	for i := range keys {
		if keys[i] == "" {
			keys[i] = strconv.Itoa(i + 1)
		}
	}
	return keys
}

func slicesIndex(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// displayValue says a value not yet answered (an offered one).
func displayValue(it *questionnaire.Item, v questionnaire.Value, lang, def string) string {
	if v.Kind == questionnaire.KindCode && it.List != nil {
		if o := it.List.Option(v.Text); o != nil {
			return o.Label.In(lang, def)
		}
	}
	return v.String()
}

// review lists the answers; a line's number changes one, Enter finishes.
func (a *accessible) review() (done bool, err error) {
	m, iv := a.m, a.m.iv
	st := iv.State()
	entries := iv.Review()
	a.say("")
	a.say("%s:", m.ui.t("review_title"))
	for i, e := range entries {
		ans := st.Display(e.Item, iv.Lang())
		if ans == "" {
			ans = m.ui.t("not_answered")
		}
		a.say("  %d. %s: %s", i+1, st.Label(e.Item, iv.Lang()), ans)
	}
	line, err := a.ask(m.ui.t("accessible_review"))
	if err != nil {
		return false, err
	}
	if line != "" {
		if left, handled, err := a.command(line); handled || err != nil {
			return left, err
		}
		if n, err := strconv.Atoi(line); err == nil && n >= 1 && n <= len(entries) {
			if err := iv.GoTo(entries[n-1].Step, engine.AfterReview); err != nil {
				a.say("%s", m.ui.t("move_failed", err))
			}
		}
		return false, nil
	}
	p, err := iv.Finish()
	switch {
	case err != nil:
		a.say("%s", m.ui.t("save_failed", err))
		return false, nil
	case p != nil:
		a.say("%s", m.ui.t("incomplete", p.Item.Label.In(iv.Lang(), iv.Questionnaire().DefaultLanguage())+": "+p.Message))
		return false, nil
	}
	title := m.ui.t("done_title")
	if m.opt.Practice {
		title = m.ui.t("done_title_practice")
	}
	a.say("%s", title)
	if m.store.Unscrubbed() != nil {
		a.say("%s", m.ui.t("not_scrubbed"))
	}
	return true, nil
}
