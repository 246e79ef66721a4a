package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"

	"anketa/questionnaire"
	"anketa/storage"
	"anketa/tui"
)

const appUsage = `anketa [--questionnaire FILE|NAME] [--store FILE] [--practice] [--ui-lang cs|en] [--self] [--kiosk] [--accessible] [--recipient KEY]

The interviewer app. Without flags it runs the built-in questionnaire
(anketa questionnaire list names them; --questionnaire takes a name or a
file) on the store in your data folder, which ANKETA_STORE or --store can
change. --practice runs the same app on a throwaway store, to try a
questionnaire. --self hands each new interview to the client after the
interviewer's questions, to answer alone; --kiosk also returns after each
client to a welcome screen for the next one. --accessible asks line by
line, for screen readers. --recipient age1... records the coordinator's
public key in the store: from then on every finished interview is sealed
to it.

The window must be at least 60×18.`

func setupApp(fs *flag.FlagSet) runFunc {
	o := &appOptions{}
	fs.StringVar(&o.questionnaire, "questionnaire", "", "the questionnaire `FILE` (YAML, or an XLSForm .xlsx), or embedded:NAME")
	fs.StringVar(&o.store, "store", "", "the store `FILE` (default: ANKETA_STORE, else your data folder)")
	fs.BoolVar(&o.practice, "practice", false, "use a throwaway store: nothing is kept")
	fs.StringVar(&o.uiLang, "ui-lang", "", "the interface's language, cs or en (default: from LANG)")
	fs.BoolVar(&o.accessible, "accessible", false, "plain line-by-line prompts, for screen readers")
	fs.BoolVar(&o.self, "self", false, "self-completion: after the interviewer's questions the client answers alone")
	fs.BoolVar(&o.kiosk, "kiosk", false, "self-completion at a kiosk: after each client, a welcome screen for the next")
	fs.Func("recipient", "seal finished interviews to this age public `KEY` (anketa keygen prints one); may be repeated", func(k string) error {
		if _, err := storage.ParseRecipients([]string{k}); err != nil {
			return err
		}
		o.recipients = append(o.recipients, k)
		return nil
	})
	return func(rest []string, stdout, stderr io.Writer) error { return runApp(o, rest, stdout) }
}

type appOptions struct {
	questionnaire, store, uiLang string
	practice, accessible         bool
	self, kiosk                  bool
	recipients                   []string
}

func runApp(o *appOptions, rest []string, stdout io.Writer) error {
	if len(rest) > 0 {
		return usagef("unknown command %q; see anketa --help", rest[0])
	}
	if o.uiLang != "" && o.uiLang != "cs" && o.uiLang != "en" {
		return usagef("--ui-lang is cs or en, not %q", o.uiLang)
	}
	q, err := loadQuestionnaire(o.questionnaire)
	if err != nil {
		return err
	}
	if o.self || o.kiosk {
		if o.accessible {
			return usagef("--self and --kiosk hand the screen to the client; they do not go with --accessible")
		}
		if problems := q.SelfProblems(); len(problems) > 0 {
			return fmt.Errorf("%s cannot be handed to the client to answer alone; fix it first (anketa check shows it once the questionnaire has self_completion):\n%v", q.File, problems)
		}
	}
	if !o.accessible && !(term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())) {
		return fmt.Errorf("the interviewer app needs a terminal; run it in one, or use --accessible for line-by-line prompts")
	}
	path := o.store
	if o.practice {
		dir, err := os.MkdirTemp("", "anketa-practice-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = dir + string(os.PathSeparator) + "practice.db"
	} else if path == "" {
		if path, err = storage.DefaultPath(); err != nil {
			return err
		}
	}
	if err := storage.EnsureDir(path); err != nil {
		return fmt.Errorf("%s: cannot create its folder: %w", path, err)
	}
	s, err := storage.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	if len(o.recipients) > 0 {
		if err := s.AddRecipients(o.recipients...); err != nil {
			return err
		}
	}
	opt := tui.Options{Questionnaire: q, Store: s, Practice: o.practice, UILang: o.uiLang, Self: o.self, Kiosk: o.kiosk}
	if o.accessible {
		return tui.RunAccessible(opt, os.Stdin, stdout)
	}
	return tui.Run(opt)
}

// loadQuestionnaire reads a questionnaire file, or a built-in one by the
// name anketa questionnaire list prints (also written embedded:NAME).
func loadQuestionnaire(name string) (*questionnaire.Questionnaire, error) {
	switch {
	case name == "":
		return questionnaire.Default()
	case strings.HasPrefix(name, "embedded:"):
		return questionnaire.LoadEmbedded(strings.TrimPrefix(name, "embedded:"))
	}
	if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) {
		for _, e := range questionnaire.EmbeddedList {
			if e.Name == name {
				return questionnaire.LoadEmbedded(name)
			}
		}
		names := make([]string, len(questionnaire.EmbeddedList))
		for i, e := range questionnaire.EmbeddedList {
			names[i] = e.Name
		}
		return nil, fmt.Errorf("%s: no such file, and no built-in questionnaire of that name (built in: %s)", name, strings.Join(names, ", "))
	}
	q, err := questionnaire.ReadFile(name)
	var list questionnaire.ErrorList
	if errors.As(err, &list) {
		return nil, fmt.Errorf("the questionnaire has problems; fix them first (anketa check %s):\n%v", name, list)
	}
	return q, err
}
