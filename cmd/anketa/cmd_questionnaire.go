package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"anketa/questionnaire"
	"anketa/questionnaire/xlsform"
)

var questionnaireCmd = &command{
	name:    "questionnaire",
	summary: "list the built-in questionnaires, write one out as YAML or XLSForm",
	usage: `anketa questionnaire list
anketa questionnaire show [-o FILE [--force]] NAME
anketa questionnaire export-xlsform [-o FILE.xlsx [--force]] NAME|FILE

list names the questionnaires built into anketa. show writes one out as
YAML, to start a questionnaire of your own from; without -o it goes to
standard output.

export-xlsform writes a built-in questionnaire (NAME) or a questionnaire
file as an XLSForm workbook, to edit in Excel or LibreOffice and load
again (anketa import, or use the .xlsx directly). Without -o it is
written to ID.xlsx in the current directory. An existing file is never
written over, unless --force.`,
	setup: func(fs *flag.FlagSet) runFunc {
		out := fs.String("o", "", "write to `FILE` instead of standard output")
		force := fs.Bool("force", false, "write over FILE if it exists")
		return func(rest []string, stdout, stderr io.Writer) error {
			return runQuestionnaire(*out, *force, rest, stdout, stderr)
		}
	},
}

func runQuestionnaire(out string, force bool, rest []string, stdout, stderr io.Writer) error {
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
		if _, err := os.Stat(out); err == nil && !force {
			return fmt.Errorf("%s already exists; choose another name, or write over it with --force", out)
		}
		if err := writeFileAtomic(out, src); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s; check it with anketa check %s\n", out, out)
		return nil
	case "export-xlsform":
		if len(rest) != 2 {
			return usagef("export-xlsform takes one NAME or FILE; see anketa questionnaire list")
		}
		return exportXLSForm(out, force, rest[1], stderr)
	}
	return usagef("unknown subcommand %q; say list, show NAME or export-xlsform NAME", rest[0])
}

func exportXLSForm(out string, force bool, name string, stderr io.Writer) error {
	var q *questionnaire.Questionnaire
	var err error
	if _, statErr := os.Stat(name); statErr == nil {
		q, err = questionnaire.ReadFile(name)
	} else {
		q, err = questionnaire.LoadEmbedded(name)
	}
	if err != nil {
		printLoadError(stderr, name, err)
		return errSilent
	}
	if out == "" {
		out = fileSafe(q.ID) + ".xlsx"
	}
	if _, err := os.Stat(out); err == nil && !force {
		return fmt.Errorf("%s already exists; choose another name with -o, or write over it with --force", out)
	}
	var b bytes.Buffer
	if err := xlsform.Write(q, &b); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := writeFileAtomic(out, b.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s: %s\ncheck it with anketa check %s\n", out, summary(q), out)
	return nil
}

// fileSafe makes a questionnaire id ("msna 2024: v2") a file name that
// every file system holds: the characters Windows refuses become _.
func fileSafe(id string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\\|?*`, r) || r < ' ' {
			return '_'
		}
		return r
	}, id)
}
