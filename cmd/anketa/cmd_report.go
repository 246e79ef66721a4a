package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"anketa/export"
	"anketa/export/report"
)

var reportCmd = &command{
	name:    "report",
	summary: "results with confidence intervals, per workplace and period, as text, HTML or JSON",
	usage: `anketa report [flags] PATH...

Reads the stores (files, or folders searched for them) as export does,
merged the same way, and reports every question: for a scale (a list with
favorable options) n, the distribution, the mean with its 95% t-interval
and the favorable and unfavorable shares with 95% Wilson intervals; for
other choices the distribution; for numbers n, mean, median and quartiles;
free text as a list. Interviews by one interviewer on one day resemble
one another: the report estimates each scale question's intra-class
correlation and design effect and widens every interval by it
(--cluster interviewer-day, the default, or day, interviewer or none).
Groups with fewer than 30 effective answers are marked too few to
interpret, under 100 indicative; shares and means of fewer than 10
answers are not shown. Completed sessions only, unless --include-partial.

The summary goes to the terminal. -o FILE.html also writes the report as
one self-contained HTML page (charts inline, nothing fetched, A4 print);
-o FILE.json, or --json, writes the figures as JSON (--json alone: to
standard output, instead of the summary).

--by QUESTION repeats the figures per answer to a select_one (the
workplace); --by mode sets interviews with the interviewer against those
the client answered alone (self-completion); --period week|month|quarter per period of the start (with the trend of
every scale question, overall and per workplace), in the time
zone --tz names (default: the computer's; the report states it);
--compare DATE sets the sessions started before DATE against the rest,
per scale question: the differences with 95% intervals, the favorable
share tested by a z-test (Fisher's exact test where an expected count is
below 5) and the mean by Welch's t-test, all Holm-corrected together; a
change is stated only where the interval and the corrected p agree, and
not at all with fewer than 30 answers on a side. With --by, a funnel plot
sets the groups side by side. Where there is an overall grade and a grid
of aspects, the report says which aspect to improve first. It opens with
a few sentences written from these figures. The fieldwork section flags
interviews shorter than 3 s per question that every interview asks
(--short SECONDS to set it) and lists them.

--measures FILE reads the measures register (measures.yaml; see anketa
check --measures), checks it against the questionnaire and the data's
dates, lists the measures, and judges each one's effect: before against
after at the workplaces it affects over equal windows (--window, 8 weeks
each side by default, cut to what the data cover), less the change at
the other workplaces over the same days (difference-in-differences),
with 95% intervals, stated as better or worse.

--weights visits.csv weights the scale questions to the clients the
queue system counted, per workplace and period (a header
workplace,period,visits; periods as 2026-W43, 2026-10 or 2026-Q4):
post-stratified, with the Kish design effect of the weights, in a
section of its own that says it is weighted. A file that leaves out
workplaces or periods with interviews is refused unless
--weights-partial drop (leave their interviews out of the weighted
figures) or as-sampled (weigh each 1).`,
	setup: setupReport,
}

type reportFlags struct {
	out, by, period, compare, qid, lang string
	identity, tz, measures, cluster     string
	window, weights, weightsPartial     string
	json, partial, skipBad, rejected    bool
	short                               float64
}

func setupReport(fs *flag.FlagSet) runFunc {
	f := &reportFlags{}
	fs.StringVar(&f.out, "o", "", "also write the report to `FILE`: .html or .json")
	fs.BoolVar(&f.json, "json", false, "JSON: to standard output, or to -o FILE.json")
	fs.StringVar(&f.by, "by", "", "repeat the figures per answer to this select_one `QUESTION`, or by mode (interviewer or self)")
	fs.StringVar(&f.period, "period", "", "repeat the figures per `week`, month or quarter, and draw the trends")
	fs.StringVar(&f.compare, "compare", "", "compare the sessions started before `DATE` (YYYY-MM-DD) with the rest")
	fs.BoolVar(&f.partial, "include-partial", false, "also count sessions in progress and abandoned")
	fs.BoolVar(&f.rejected, "include-rejected", false, "also count the sessions a review rejected (anketa review)")
	fs.StringVar(&f.qid, "questionnaire-id", "", "report on this questionnaire `ID` (default: the first PATH's)")
	fs.StringVar(&f.lang, "lang", "", "the report's `LANGUAGE`, cs or en (default: the questionnaire's first)")
	fs.Float64Var(&f.short, "short", 0, "flag interviews shorter than `SECONDS` (default: 3 s per question every interview asks)")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "exit 0 even when some inputs were damaged and skipped")
	fs.StringVar(&f.identity, "identity", "", "open sealed sessions with the coordinator's key `FILE` (anketa keygen)")
	fs.StringVar(&f.measures, "measures", "", "the measures register `FILE` (measures.yaml) to check against the data and list")
	fs.StringVar(&f.weights, "weights", "", "weight the scale questions to the clients counted in `FILE` (visits.csv: workplace,period,visits)")
	fs.StringVar(&f.weightsPartial, "weights-partial", "", "interviews of a workplace and period the weights file does not count: `drop` them, or weigh them as-sampled")
	fs.StringVar(&f.window, "window", "8w", "judge each measure over this `LENGTH` before and after it: weeks (8w) or days (30d)")
	fs.StringVar(&f.cluster, "cluster", "interviewer-day", "which interviews resemble one another, for the design effect: `interviewer-day`, day, interviewer or none")
	fs.StringVar(&f.tz, "tz", "", "count days and periods in this time `ZONE`, such as Europe/Prague (default: the computer's)")
	return func(paths []string, stdout, stderr io.Writer) error { return runReport(f, paths, stdout, stderr) }
}

func runReport(f *reportFlags, paths []string, stdout, stderr io.Writer) error {
	if len(paths) == 0 {
		return usagef("name at least one store or folder of stores")
	}
	format := ""
	switch ext := strings.ToLower(filepath.Ext(f.out)); {
	case f.out == "":
	case ext == ".html" || ext == ".htm":
		format = "html"
	case ext == ".json":
		format = "json"
	default:
		return usagef("-o names an .html or a .json file, not %q", f.out)
	}
	if f.json && format == "html" {
		return usagef("--json writes JSON; name a .json file with -o, or leave -o out")
	}
	if f.period != "" && f.period != "week" && f.period != "month" && f.period != "quarter" {
		return usagef("--period is week, month or quarter, not %q", f.period)
	}
	if f.lang != "" && f.lang != "cs" && f.lang != "en" {
		return usagef("--lang is cs or en, not %q", f.lang)
	}
	if f.out != "" {
		if err := export.CheckOutputs([]string{f.out}, paths); err != nil {
			return err
		}
	}
	window, err := parseWindow(f.window)
	if err != nil {
		return usagef("%v", err)
	}
	partial, err := report.ParseWeightsPartial(f.weightsPartial)
	if err != nil {
		return usagef("%v", err)
	}
	if partial != "" && f.weights == "" {
		return usagef("--weights-partial says how to use a weights file; give it with --weights FILE")
	}
	cluster, err := report.ParseCluster(f.cluster)
	if err != nil {
		return usagef("%v", err)
	}
	zone, err := export.ParseZone(f.tz)
	if err != nil {
		return usagef("--tz: %v", err)
	}
	opt := report.Options{Paths: paths, IncludePartial: f.partial, IncludeRejected: f.rejected, QuestionnaireID: f.qid, By: f.by, Period: f.period,
		ShortSeconds: f.short, Lang: f.lang, SkipBad: f.skipBad, Zone: zone, Cluster: cluster, Window: window, WeightsPartial: partial}
	if f.compare != "" {
		d, err := time.ParseInLocation("2006-01-02", f.compare, zone.Loc)
		if err != nil {
			return usagef("--compare takes a date as YYYY-MM-DD, such as 2026-10-01, not %q", f.compare)
		}
		opt.Compare = d
	}
	ids, err := loadIdentities(f.identity)
	if err != nil {
		return err
	}
	opt.Identities = ids
	if f.measures != "" {
		if opt.Measures, err = os.ReadFile(f.measures); err != nil {
			return fmt.Errorf("cannot read the measures register: %w", err)
		}
		opt.MeasuresFile = f.measures
	}
	if f.weights != "" {
		if opt.Weights, err = os.ReadFile(f.weights); err != nil {
			return fmt.Errorf("cannot read the weights file: %w", err)
		}
		opt.WeightsFile = f.weights
	}
	var meter *export.Meter
	if isTerminal(stderr) {
		meter = export.NewMeter(stderr, "anketa report: reading", 0)
		opt.Progress = meter
	}
	r, err := report.Build(opt)
	if meter != nil {
		meter.Done()
	}
	var sealed *report.SealedError
	if errors.As(err, &sealed) {
		printSealed(stderr, "report", sealed.IDs)
		return errSilent
	}
	if r == nil {
		return err
	}
	bad := errors.Is(err, export.ErrBadInputs)
	if err != nil && !bad {
		return err
	}
	if f.json && f.out == "" {
		if err := r.WriteJSON(stdout); err != nil {
			return err
		}
	} else {
		width := 100
		if file, ok := stdout.(*os.File); ok && term.IsTerminal(file.Fd()) {
			if w, _, err := term.GetSize(file.Fd()); err == nil {
				width = w
			}
		}
		if err := writeReport(stdout, r, width); err != nil {
			return err
		}
	}
	if format != "" {
		var b bytes.Buffer
		if format == "html" {
			err = r.WriteHTML(&b)
		} else {
			err = r.WriteJSON(&b)
		}
		if err != nil {
			return err
		}
		perm := os.FileMode(0o666)
		if len(opt.Identities) > 0 {
			perm = 0o600 // it holds what the seals kept
		}
		if err := writeFileMode(f.out, b.Bytes(), perm); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s: %d sessions from %d %s\n", f.out, r.Sessions, r.Stores, plural(r.Stores, "store", "stores"))
	}
	if bad {
		for _, p := range r.Problems {
			fmt.Fprintf(stderr, "skipped %s\n", clean(p))
		}
		if !f.skipBad {
			fmt.Fprintln(stderr, "anketa report: the files above were skipped; the others were counted. Use --skip-bad to accept that.")
			return errSilent
		}
	}
	return nil
}

// parseWindow reads a measure's window: 8w (weeks) or 30d (days).
func parseWindow(s string) (time.Duration, error) {
	bad := fmt.Errorf("--window is a number of weeks or days, such as 8w or 30d, not %q", s)
	if len(s) < 2 {
		return 0, bad
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 1 || n > 520 {
		return 0, bad
	}
	day := 24 * time.Hour
	switch s[len(s)-1] {
	case 'w':
		return time.Duration(n) * 7 * day, nil
	case 'd':
		return time.Duration(n) * day, nil
	}
	return 0, bad
}
