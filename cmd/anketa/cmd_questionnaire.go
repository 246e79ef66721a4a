package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"anketa/questionnaire"
)

var questionnaireCmd = &command{
	name:    "questionnaire",
	summary: "list or write out the built-in questionnaires",
	usage: `anketa questionnaire list
anketa questionnaire show [-o FILE] NAME

list names the questionnaires built into anketa. show writes one out as
YAML, to start a questionnaire of your own from; without -o it goes to
standard output.`,
	setup: func(fs *flag.FlagSet) runFunc {
		out := fs.String("o", "", "write to `FILE` instead of standard output")
		return func(rest []string, stdout, stderr io.Writer) error {
			return runQuestionnaire(*out, rest, stdout, stderr)
		}
	},
}

func runQuestionnaire(out string, rest []string, stdout, stderr io.Writer) error {
	if len(rest) == 0 {
		return usagef("say list or show NAME")
	}
	switch rest[0] {
	case "list":
		for _, e := range questionnaire.EmbeddedList {
			fmt.Fprintf(stdout, "%-12s %s\n", e.Name, e.Summary)
		}
		return nil
	case "show":
		if len(rest) != 2 {
			return usagef("show takes one NAME; see anketa questionnaire list")
		}
		src, err := questionnaire.EmbeddedSource(rest[1])
		if err != nil {
			return usagef("%v", err)
		}
		if out == "" {
			_, err = stdout.Write(src)
			return err
		}
		if _, err := os.Stat(out); err == nil {
			return fmt.Errorf("%s already exists; choose another name or delete it first", out)
		}
		if err := os.WriteFile(out, src, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s; check it with anketa check %s\n", out, out)
		return nil
	}
	return usagef("unknown subcommand %q; say list or show NAME", rest[0])
}
