package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"anketa/questionnaire"
	"anketa/questionnaire/xlsform"
)

var checkCmd = &command{
	name:    "check",
	summary: "validate questionnaire files",
	usage: `anketa check [--embedded] [--lenient] [--measures MEASURES.yaml] FILE...

Validates each questionnaire file and prints, for a good one, a one-line
summary, and for a bad one every problem as FILE:LINE:COL: message, or
for an XLSForm workbook (.xlsx) FILE:SHEET!CELL: message.
Warnings are printed too but do not fail the check. Exits 1 if any file
has an error.

With --lenient a workbook's rows that anketa deliberately does not ask
(repeats, media, locations, ...), and the rows that read them, are
dropped and listed by cell, as anketa import --lenient drops them.

With --measures the measures register is checked against each
questionnaire: every workplace a code of its workplace question (the
select_one with persist: true), every question one of its own, ids
unique, dates real days. Whether each date falls within the data is
checked by anketa report --measures, which reads the data.`,
	setup: func(fs *flag.FlagSet) runFunc {
		emb := fs.Bool("embedded", false, "also check the questionnaires built into anketa")
		lenient := fs.Bool("lenient", false, "for a workbook, drop the rows anketa cannot ask, listing each, instead of failing")
		measures := fs.String("measures", "", "also check this measures register against each questionnaire")
		return func(files []string, stdout, stderr io.Writer) error {
			return runCheck(*emb, *lenient, *measures, files, stdout, stderr)
		}
	},
}

func runCheck(emb, lenient bool, measures string, files []string, stdout, stderr io.Writer) error {
	if len(files) == 0 && !emb {
		return usagef("name at least one questionnaire file (or --embedded)")
	}
	var register []byte
	if measures != "" {
		var err error
		if register, err = os.ReadFile(measures); err != nil {
			return fmt.Errorf("cannot read the measures register: %w", err)
		}
	}
	failed := false
	report := func(q *questionnaire.Questionnaire, name string, err error) {
		if err != nil {
			failed = true
			printLoadError(stderr, name, err)
			return
		}
		if len(q.Warnings) > 0 {
			fmt.Fprintln(stderr, q.Warnings.Error())
		}
		fmt.Fprintf(stdout, "%s: ok: %s\n", name, summary(q))
		if register == nil {
			return
		}
		ms, err := questionnaire.ParseMeasures(measures, register, q)
		if err != nil {
			failed = true
			fmt.Fprintln(stderr, err)
			return
		}
		fmt.Fprintf(stdout, "%s: ok: %d measures, checked against %s\n", measures, len(ms.List), name)
	}
	if emb {
		for _, e := range questionnaire.EmbeddedList {
			q, err := questionnaire.LoadEmbedded(e.Name)
			report(q, "embedded:"+e.Name, err)
		}
	}
	for _, f := range files {
		if lenient && isWorkbook(f) {
			res, err := xlsform.ReadFile(f, xlsform.Options{Lenient: true})
			if err != nil {
				report(nil, f, err)
				continue
			}
			for _, n := range res.Notes {
				fmt.Fprintf(stderr, "%s:%s: %s\n", f, n.Cell, n.Msg)
			}
			report(res.Questionnaire, f, nil)
			continue
		}
		q, err := questionnaire.ReadFile(f)
		report(q, f, err)
	}
	if failed {
		return errSilent
	}
	return nil
}

func summary(q *questionnaire.Questionnaire) string {
	nq, ng, nl := q.Count()
	langs := "no declared languages"
	if len(q.Languages) > 0 {
		langs = fmt.Sprintf("%d %s (%s)", len(q.Languages), plural(len(q.Languages), "language", "languages"), strings.Join(q.Languages, ", "))
	}
	return fmt.Sprintf("%s %s: %d %s, %d %s, %s, %d choice %s",
		q.ID, q.Version, nq, plural(nq, "question", "questions"), ng, plural(ng, "group", "groups"),
		langs, nl, plural(nl, "list", "lists"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
