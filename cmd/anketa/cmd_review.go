package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/charmbracelet/x/term"

	"anketa/export"
	"anketa/export/report"
	"anketa/storage"
	"anketa/tui/review"
)

var reviewCmd = &command{
	name:    "review",
	summary: "the coordinator approves or rejects the interviews the checks flag",
	usage: `anketa review [--review FILE] [--identity KEY] [--reviewer NAME] [--short SECONDS] PATH...

A full-screen list of the interviews in the stores under PATH that the
checks flag: shorter than the report's threshold (or --short), the same
grade down a whole grid, overlapping in time another interview of the
same interviewer, on a day whose share of "don't know" stands out. Tab
lists every interview and / searches by session ID, interviewer or
workplace. Enter shows an interview's answers and paradata; a approves
it, r rejects it with a reason.

Decisions go to a review store, review.db in the first PATH folder (or
--review FILE; several coordinators can keep review-NAME.db each), saved
and synced as they are made. The stores are only read. anketa export and
anketa report read the review stores among their inputs and leave
rejected interviews out (--include-rejected keeps them, with a review
column); the latest decision on an interview wins.`,
	setup: func(fs *flag.FlagSet) runFunc {
		f := &reviewFlags{}
		fs.StringVar(&f.review, "review", "", "the review store `FILE` (default: review.db in the first PATH folder)")
		fs.StringVar(&f.identity, "identity", "", "open sealed interviews with the coordinator's key `FILE`")
		fs.StringVar(&f.reviewer, "reviewer", review.Reviewer(), "the `NAME` decisions are signed with")
		fs.StringVar(&f.uiLang, "ui-lang", "", "the interface's language, cs or en (default: from LANG)")
		fs.Float64Var(&f.short, "short", 0, "flag interviews shorter than `SECONDS` (default: 3 s per question asked of everyone)")
		return func(rest []string, stdout, stderr io.Writer) error { return runReview(f, rest, stderr) }
	},
}

type reviewFlags struct {
	review, identity, reviewer, uiLang string
	short                              float64
}

func runReview(f *reviewFlags, paths []string, stderr io.Writer) error {
	if len(paths) == 0 {
		return usagef("name the stores to review: anketa review stores/")
	}
	if f.uiLang != "" && f.uiLang != "cs" && f.uiLang != "en" {
		return usagef("--ui-lang is cs or en, not %q", f.uiLang)
	}
	if !(term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())) {
		return fmt.Errorf("anketa review needs a terminal; run it in one")
	}
	ids, err := loadIdentities(f.identity)
	if err != nil {
		return err
	}
	var meter *export.Meter
	if isTerminal(stderr) {
		meter = export.NewMeter(stderr, "anketa review: reading", 0)
	}
	opt := report.FlagOptions{Paths: paths, Identities: ids, ShortSeconds: f.short}
	if meter != nil {
		opt.Progress = meter
	}
	rv, err := report.Flags(opt)
	if meter != nil {
		meter.Done()
	}
	if err != nil {
		return err
	}
	path := f.review
	if path == "" {
		dir := paths[0]
		if info, err := os.Stat(dir); err == nil && !info.IsDir() {
			dir = filepath.Dir(dir)
		}
		path = filepath.Join(dir, "review.db")
	}
	store, err := storage.OpenReview(path, rv.QuestionnaireID)
	if err != nil {
		return err
	}
	defer store.Close()
	return review.Run(review.Options{Paths: paths, Identities: ids, Review: rv, Store: store, Reviewer: f.reviewer, UILang: f.uiLang})
}
