package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"anketa/export"
)

var exportCmd = &command{
	name:    "export",
	summary: "merge stores into CSV with a codebook and SPSS/Stata labels",
	usage: `anketa export -o OUT.csv [flags] PATH...
anketa export --format parquet -o DIR [--force] [flags] PATH...

Merges the stores (files, or folders searched for them) into one CSV:
one row per session, in session ID order, the same bytes whatever the
order of the PATHs. A session found in several stores gives one row; if
its copies differ, the one updated last is kept and the conflict is
listed. Completed sessions only, unless --include-partial.

Beside OUT it writes OUT.codebook.md, and for SPSS (OUT.sps), Stata
(OUT.do) and R (OUT.R) the syntax that reads the CSV with every column
typed and labelled and every missing code declared missing, unless
--no-sidecars. -o - writes the CSV to standard output.

--format parquet writes a folder for DuckDB and Spark instead:
DIR/questionnaire=ID/month=YYYY-MM/part-NNNN.parquet, typed columns,
NULL for a missing answer with its kind in NAME__missing, labels in the
files' metadata and DIR.codebook.md beside it. A folder that exists and
is not empty is refused, unless --force (which replaces only an earlier
export); a run that fails leaves nothing behind.

Cells: empty = not asked; -99 skipped, -98 don't know, -97 refused,
-96 not applicable, and -95 a multiple choice answered with no option
(change them with --code-*). Times are UTC (2026-09-21T16:33:03Z); the
excel-cs dialect writes them in local time (2026-09-21 16:33:03), which
Excel reads as dates, in the zone --tz names (default: the computer's).
A damaged or foreign file is skipped and named; the exit code is then 1,
unless --skip-bad.

Sealed sessions (a store with recipients) are opened with --identity
coordinator.key; without it, or with another key, they are listed and
nothing is written. A session whose paradata chain is broken, or whose
seal does not open, is named as damaged.`,
	setup: setupExport,
}

type exportFlags struct {
	out, format, dialect, qid, paradata string
	identity, tz                        string
	partial, allowType, noSidecars      bool
	skipBad, force, contacts, rejected  bool
	codes                               export.Codes
}

func setupExport(fs *flag.FlagSet) runFunc {
	f := &exportFlags{codes: export.DefaultCodes}
	fs.StringVar(&f.out, "o", "", "the CSV `FILE` to write (- for standard output)")
	fs.StringVar(&f.format, "format", "wide", "wide (a row per session), long (a row per session and question) or parquet (a folder for DuckDB and Spark)")
	fs.BoolVar(&f.force, "force", false, "let --format parquet replace a folder that is not empty")
	fs.StringVar(&f.dialect, "dialect", "rfc4180", "rfc4180 (comma; R, Python, DuckDB) or excel-cs (semicolon, decimal comma, BOM; Czech Excel)")
	fs.BoolVar(&f.partial, "include-partial", false, "also export sessions in progress and abandoned")
	fs.StringVar(&f.qid, "questionnaire-id", "", "export this questionnaire `ID` (default: the first PATH's)")
	fs.BoolVar(&f.allowType, "allow-type-change", false, "allow a question whose type changed between versions")
	fs.BoolVar(&f.noSidecars, "no-sidecars", false, "do not write the codebook and the SPSS and Stata files")
	fs.StringVar(&f.paradata, "paradata", "", "also write the event log: to this CSV `FILE`, or with --format parquet to this folder, a Parquet table")
	fs.BoolVar(&f.rejected, "include-rejected", false, "keep the sessions a review rejected (anketa review), with a review column")
	fs.BoolVar(&f.contacts, "contacts", false, "also write the approach log (every client approached, with its outcome): NAME.contacts.csv beside -o, or the Parquet table DIR.contacts")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "exit 0 even when some inputs were damaged and skipped")
	fs.StringVar(&f.identity, "identity", "", "open sealed sessions with the coordinator's key `FILE` (anketa keygen)")
	fs.StringVar(&f.codes.Skipped, "code-skipped", f.codes.Skipped, "the `CODE` for a relevant question left unanswered")
	fs.StringVar(&f.codes.DontKnow, "code-dont-know", f.codes.DontKnow, "the `CODE` for don't know without a code of its own")
	fs.StringVar(&f.codes.Refused, "code-refused", f.codes.Refused, "the `CODE` for refused")
	fs.StringVar(&f.codes.NotApplicable, "code-not-applicable", f.codes.NotApplicable, "the `CODE` for not applicable")
	fs.StringVar(&f.codes.None, "code-none", f.codes.None, "the `CODE` for a multiple choice answered with no option")
	fs.StringVar(&f.tz, "tz", "", "the time `ZONE` of local times, such as Europe/Prague (default: the computer's)")
	return func(paths []string, stdout, stderr io.Writer) error { return runExport(f, paths, stdout, stderr) }
}

func runExport(f *exportFlags, paths []string, stdout, stderr io.Writer) error {
	if f.out == "" {
		return usagef("name the output with -o OUT.csv (or -o - for standard output)")
	}
	if len(paths) == 0 {
		return usagef("name at least one store or folder of stores")
	}
	dialect, err := export.ParseDialect(f.dialect)
	if err != nil {
		return usagef("%v", err)
	}
	switch f.format {
	case "wide", "long":
	case "parquet":
		if f.out == "-" {
			return usagef("--format parquet writes a folder; name it with -o DIR")
		}
		if f.dialect != "rfc4180" {
			return usagef("--dialect is for CSV; Parquet has no dialects")
		}
		parquetGC()
	default:
		return usagef("--format is wide, long or parquet, not %q", f.format)
	}
	seen := map[string]bool{}
	for _, c := range []string{f.codes.Skipped, f.codes.DontKnow, f.codes.Refused, f.codes.NotApplicable, f.codes.None} {
		if _, err := strconv.Atoi(c); err != nil {
			return usagef("missing codes must be whole numbers, so that SPSS and Stata can declare them; %q is not", c)
		}
		if seen[c] {
			return usagef("the code %s is given to two kinds of answer; each --code-* needs its own", c)
		}
		seen[c] = true
	}
	zone, err := export.ParseZone(f.tz)
	if err != nil {
		return usagef("--tz: %v", err)
	}
	contacts := ""
	switch {
	case !f.contacts:
	case f.out == "-":
		return usagef("--contacts writes NAME.contacts.csv beside the export; name it with -o FILE")
	case f.format == "parquet":
		contacts = filepath.Clean(f.out) + ".contacts" // a Parquet table beside the folder
	default:
		contacts = strings.TrimSuffix(f.out, filepath.Ext(f.out)) + ".contacts.csv"
	}
	opt := export.Options{
		Contacts: contacts, IncludeRejected: f.rejected,
		Paths: paths, Out: f.out, Format: f.format, Dialect: dialect, IncludePartial: f.partial,
		QuestionnaireID: f.qid, AllowTypeChange: f.allowType, Codes: f.codes, Sidecars: !f.noSidecars,
		Paradata: f.paradata, SkipBad: f.skipBad, Stdout: stdout, Zone: zone, Force: f.force,
	}
	ids, err := loadIdentities(f.identity)
	if err != nil {
		return err
	}
	opt.Identities = ids
	var meter *export.Meter
	if isTerminal(stderr) && isTerminal(stdout) {
		meter = export.NewMeter(stderr, "anketa export: reading", 0)
		opt.Progress = meter
	}
	sum, err := export.Run(opt)
	if meter != nil {
		meter.Done()
	}
	if errors.Is(err, export.ErrSealed) {
		printSealed(stderr, "export", sum.Sealed)
		return errSilent
	}
	printSummary(sum, f, stderr)
	if errors.Is(err, export.ErrBadInputs) {
		fmt.Fprintln(stderr, "anketa export: the files above were skipped; the others were exported. Use --skip-bad to accept that.")
		return errSilent
	}
	return err
}

func printSummary(sum *export.Summary, f *exportFlags, w io.Writer) {
	if sum == nil {
		return
	}
	for _, p := range sum.Problems {
		fmt.Fprintf(w, "skipped %s\n", clean(p.String()))
	}
	what := fmt.Sprintf("%d %s of %s from %s", sum.Sessions, plural(sum.Sessions, "session", "sessions"), sum.QuestionnaireID, storesRead(sum))
	if f.format == "parquet" && len(sum.Files) > 0 {
		fmt.Fprintf(w, "wrote %s: %s, in %d Parquet %s\n", f.out, what, len(sum.Files)-1, plural(len(sum.Files)-1, "file", "files"))
	} else if len(sum.Files) > 0 {
		fmt.Fprintf(w, "wrote %s: %s\n", strings.Join(sum.Files, ", "), what)
	} else if f.out == "-" && sum.Sessions > 0 {
		fmt.Fprintf(w, "wrote %s\n", what)
	}
	if f.contacts && len(sum.Files) > 0 {
		fmt.Fprintf(w, "approach log: %d %s", sum.Contacts, plural(sum.Contacts, "approach", "approaches"))
		if sum.ContactDuplicates > 0 {
			fmt.Fprintf(w, " (%d found in more than one store, kept once)", sum.ContactDuplicates)
		}
		fmt.Fprintln(w)
	}
	printCounts(sum, w)
}

// storesRead says how many stores gave the sessions, of how many read.
func storesRead(sum *export.Summary) string {
	if sum.StoresUsed == sum.Stores {
		return fmt.Sprintf("%d %s", sum.Stores, plural(sum.Stores, "store", "stores"))
	}
	return fmt.Sprintf("%d of %d stores", sum.StoresUsed, sum.Stores)
}

// printCounts tells what an export or a report left out or merged, for
// the questionnaire it read; other questionnaires are named apart.
func printCounts(sum *export.Summary, w io.Writer) {
	if sum.Duplicates > 0 {
		fmt.Fprintf(w, "%d %s found in more than one store, kept once\n", sum.Duplicates, plural(sum.Duplicates, "session", "sessions"))
	}
	if n := sum.Skipped["rejected"]; n > 0 {
		fmt.Fprintf(w, "left out %d %s rejected in review; --include-rejected keeps them, with a review column\n", n, plural(n, "session", "sessions"))
	}
	if n := sum.Skipped["in_progress"] + sum.Skipped["abandoned"]; n > 0 {
		fmt.Fprintf(w, "left out %d in progress and %d abandoned sessions of %s; --include-partial adds them\n", sum.Skipped["in_progress"], sum.Skipped["abandoned"], sum.QuestionnaireID)
	}
	for _, o := range sum.OtherIDs {
		fmt.Fprintf(w, "left out sessions of another questionnaire: %s; choose with --questionnaire-id\n", o)
	}
	if len(sum.Conflicts) > 0 {
		fmt.Fprintf(w, "%d %s:\n", len(sum.Conflicts), plural(len(sum.Conflicts), "conflict", "conflicts"))
		for _, c := range sum.Conflicts {
			fmt.Fprintf(w, "  %s\n", c)
		}
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

var generateCmd = &command{
	name:    "generate",
	summary: "write synthetic stores for rehearsals, demos and benchmarks",
	usage: `anketa generate --sessions N [--stores K] [--questionnaire FILE] [--seed S]
                [--effect DATE:WORKPLACE:DELTA]... [--paradata=false] --out DIR

Writes K stores (laptop-01.db, ...) into DIR with N sessions in all,
answered plausibly along the questionnaire's flow: most completed, some
in progress or abandoned, a few copied into a second store on purpose.
The same seed gives the same sessions.

Each store is a laptop at one workplace (the first at the workplace
question's first option, the second at its second, and so on),
interviewing in office hours on working days from 21 September to 20
November 2026: Monday and Wednesday 8–17, Tuesday and Thursday 8–14,
Friday 8–13 (Prague time), no weekends or public holidays. The scale
questions follow one satisfaction per client, so that the aspects go
with the overall grade, with interviewer and day effects that cluster
the interviews as real fieldwork does. Free-text suggestions are given
only where the questionnaire asks for them, and every session has its
paradata (started, shown, answered, completed).

--effect shifts every scale question's grades by DELTA points from DATE
on, at one workplace (a code of the workplace question) or at all: the
demo of a measure that worked. On the school scale a negative DELTA is
better. For the first scale question, anketa prints what the shift
means for its favourable share and mean, the truth that anketa report
should find.`,
	setup: setupGenerate,
}

type generateFlags struct {
	sessions, stores   int
	questionnaire, out string
	seed               uint64
	effects            []string
	paradata           bool
}

func setupGenerate(fs *flag.FlagSet) runFunc {
	f := &generateFlags{}
	fs.IntVar(&f.sessions, "sessions", 0, "the number of sessions, in all stores together")
	fs.IntVar(&f.stores, "stores", 1, "the number of stores (laptops)")
	fs.StringVar(&f.questionnaire, "questionnaire", "", "the questionnaire `FILE` or embedded:NAME (default: the built-in one)")
	fs.Uint64Var(&f.seed, "seed", 1, "the random seed")
	fs.StringVar(&f.out, "out", "", "the `DIR` to write the stores into")
	fs.Func("effect", "shift grades by DELTA from DATE at WORKPLACE (a code, or all): `DATE:WORKPLACE:DELTA`, such as 2026-10-19:2:-0.4; may be repeated", func(s string) error {
		f.effects = append(f.effects, s)
		return nil
	})
	fs.BoolVar(&f.paradata, "paradata", true, "write each session's paradata events; --paradata=false for benchmarks of the sessions alone")
	return func(rest []string, stdout, stderr io.Writer) error { return runGenerate(f, rest, stdout, stderr) }
}

func runGenerate(f *generateFlags, rest []string, stdout, stderr io.Writer) error {
	switch {
	case len(rest) > 0:
		return usagef("unexpected %q", rest[0])
	case f.sessions <= 0:
		return usagef("say how many sessions with --sessions N")
	case f.stores <= 0:
		return usagef("--stores must be at least 1")
	case f.out == "":
		return usagef("name the folder with --out DIR")
	}
	var effects []export.Effect
	for _, s := range f.effects {
		e, err := export.ParseEffect(s)
		if err != nil {
			return usagef("%v", err)
		}
		effects = append(effects, e)
	}
	q, err := loadQuestionnaire(f.questionnaire)
	if err != nil {
		return err
	}
	opt := export.GenerateOptions{Questionnaire: q, Sessions: f.sessions, Stores: f.stores, Seed: f.seed, Dir: f.out, Effects: effects, Paradata: f.paradata}
	var meter *export.Meter
	if isTerminal(stderr) && isTerminal(stdout) {
		meter = export.NewMeter(stderr, "anketa generate", f.sessions)
		opt.Progress = meter
	}
	paths, err := export.Generate(opt)
	if meter != nil {
		meter.Done()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d sessions of %s %s into %d %s in %s\n", f.sessions, q.ID, q.Version, len(paths), plural(len(paths), "store", "stores"), f.out)
	for _, e := range effects {
		for _, x := range export.ExpectEffect(q, e) {
			fmt.Fprintf(stdout, "effect from %s at workplace %s on %s: favourable share %.1f%% → %.1f%% (%+.1f points), mean %.2f → %.2f (%+.2f), in expectation\n",
				e.From.Format(time.DateOnly), x.Workplace, x.Question, 100*x.FavBefore, 100*x.FavAfter, 100*x.FavDifference, x.MeanBefore, x.MeanAfter, x.MeanDifference)
		}
	}
	return nil
}

// parquetGC lets the heap grow to five times what is live before the
// collector runs, unless GOGC says otherwise. A Parquet export allocates
// little (about 90 MB for a million sessions) but keeps a row group of
// every partition live, and collecting at twice that heap ran the
// collector 13 times, 7% of the export's CPU time. The heap stays bounded
// by what is live, a row group per partition, not by the sessions read.
func parquetGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}
