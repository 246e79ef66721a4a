package tui

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"anketa/questionnaire"
)

// RunAccessible runs interviews as plain line-by-line prompts, for screen
// readers: the same flow engine and the same store as the full-screen app,
// with nothing drawn but lines of text. An answer is a number for a
// select (several numbers separated by spaces for a multiple choice) or
// text; "<" goes back, "!p" pauses, "!k" abandons.
func RunAccessible(opt Options, in io.Reader, out io.Writer) error {
	m := New(opt)
	r := bufio.NewScanner(in)
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	ask := func(prompt string) (string, bool) {
		fmt.Fprint(out, prompt)
		if !r.Scan() {
			return "", false
		}
		return strings.TrimSpace(r.Text()), true
	}
	say("%s", m.ui.t("accessible_intro"))
	if m.opt.Practice {
		say("%s", m.ui.t("practice_note"))
	}
	for m.interviewer == "" {
		code, ok := ask(m.ui.t("login_title") + ": ")
		if !ok {
			return nil
		}
		if code != "" {
			if err := m.store.SetSetting("interviewer", code); err != nil {
				return err
			}
			m.interviewer = code
		}
	}
	for {
		m.openHome()
		say("")
		say("%s, %s. %s. %s.", m.q.Title.In(m.uiLang, m.q.DefaultLanguage()), m.ui.t("version", m.q.Version),
			m.ui.t("interviewer", m.interviewer), m.ui.t("today", m.todayDone, m.todayOpen))
		choice, ok := ask(fmt.Sprintf("n = %s, r = %s, q = %s: ", m.ui.t("act_new"), m.ui.t("act_resume", len(m.unfinished)), m.ui.t("act_quit")))
		if !ok || choice == "q" {
			return nil
		}
		switch {
		case choice == "r" && len(m.unfinished) > 0:
			m.resumeInterview(m.unfinished[0])
		case choice == "n" || choice == "":
			m.startInterview()
		default:
			continue
		}
		if m.iv == nil {
			say("%s", m.flash)
			continue
		}
		if !accessibleInterview(m, ask, say) {
			return nil
		}
	}
}

// accessibleInterview asks the questions of m's interview until it is
// finished, paused or abandoned; false means the input ended.
func accessibleInterview(m *Model, ask func(string) (string, bool), say func(string, ...any)) bool {
	iv := m.iv
	for {
		if m.screen == screenReview {
			if problems := iv.state.Problems(iv.lang); len(problems) > 0 {
				p := problems[0]
				say("%s", m.ui.t("incomplete", p.Item.Label.In(iv.lang, iv.q.DefaultLanguage())+": "+p.Message))
				step := p.Item.Index
				if p.Item.Parent != nil && p.Item.Parent.IsGrid() {
					step = p.Item.Parent.Index
				}
				m.screen = screenInterview
				iv.goTo(step, false)
				continue
			}
			if err := m.store.Complete(iv.sess.ID); err != nil {
				say("%s", m.ui.t("save_failed", err))
				return true
			}
			say("%s", m.ui.t("done_title"))
			if m.store.Unscrubbed() != nil {
				say("%s", m.ui.t("not_scrubbed"))
			}
			return true
		}
		it := iv.q.Items[iv.pos]
		items := []*questionnaire.Item{it}
		if it.IsGrid() {
			say("%s", iv.state.Label(it.Index, iv.lang))
			items = nil
			for _, ch := range it.Children {
				if iv.state.Relevant(ch.Index) {
					items = append(items, ch)
				}
			}
		}
		moved := false
		for _, x := range items {
			line, ok := askItem(m, x, ask, say)
			if !ok {
				return false
			}
			switch line {
			case "<":
				iv.back()
				moved = true
			case "!p":
				m.store.Pause(iv.sess.ID)
				return true
			case "!k":
				reason, _ := ask(m.ui.t("reason_title") + " ")
				m.store.Abandon(iv.sess.ID, reason)
				return true
			}
			if moved {
				break
			}
		}
		if !moved {
			iv.submit(&answer{item: -1, advance: true})
			if iv.err != "" {
				say("%s", iv.err)
			}
		}
	}
}

// askItem asks one question until it gets a valid answer or a command.
func askItem(m *Model, it *questionnaire.Item, ask func(string) (string, bool), say func(string, ...any)) (string, bool) {
	iv := m.iv
	for {
		say("")
		say("%s", iv.state.Label(it.Index, iv.lang))
		if h := iv.state.Hint(it.Index, iv.lang); h != "" {
			say("(%s)", h)
		}
		if it.Type == questionnaire.Note || it.ReadOnly {
			line, ok := ask("Enter: ")
			return line, ok
		}
		opts := iv.state.Options(it.Index)
		for i, o := range opts {
			say("  %d. %s", i+1, o.Label.In(iv.lang, iv.q.DefaultLanguage()))
		}
		if cur := iv.state.Display(it.Index, iv.lang); cur != "" {
			say("[%s]", cur)
		}
		line, ok := ask("> ")
		if !ok || line == "<" || line == "!p" || line == "!k" {
			return line, ok
		}
		var v questionnaire.Value
		switch {
		case line == "" && !iv.state.Answer(it.Index).IsEmpty():
			v = iv.state.Answer(it.Index) // Enter keeps the answer
		case it.Type.IsSelect() && line != "":
			var codes []string
			for _, f := range strings.Fields(line) {
				n, err := strconv.Atoi(f)
				if err != nil || n < 1 || n > len(opts) {
					codes = nil
					break
				}
				codes = append(codes, opts[n-1].Value)
			}
			if codes == nil {
				say("%s", questionnaireMessage(iv, it))
				continue
			}
			v = questionnaire.CodeValue(codes[0])
			if it.Type == questionnaire.SelectMultiple {
				v = questionnaire.CodesValue(codes...)
			}
		default:
			var bad string
			if v, bad = questionnaire.ParseInput(it, line); bad != "" {
				v = questionnaire.TextValue(line)
			}
		}
		iv.submit(&answer{item: it.Index, value: v})
		if iv.err != "" || iv.saveErr != "" {
			say("%s%s", iv.err, iv.saveErr)
			continue
		}
		return "", true
	}
}

func questionnaireMessage(iv *interview, it *questionnaire.Item) string {
	return iv.state.Check(it.Index, questionnaire.TextValue("?"), iv.lang)
}
