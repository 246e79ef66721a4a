package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"anketa/storage"
)

var storeCmd = &command{
	name:    "store",
	summary: "inspect, check and back up a store",
	usage: `anketa store info [FILE]
anketa store sessions [FILE]
anketa store check [FILE]
anketa store backup FILE OUT

info shows a store's format, device ID, questionnaire versions and
sessions by status and day. sessions lists every session with its
answers. check runs bbolt's consistency check and anketa's own (every
session's questionnaire is present, every record decodes) and exits 1 on
any problem. backup writes a consistent copy to OUT, which must not exist.

All of them open the store read-only and work while the interviewer app
has it open. Without FILE they use the app's store: --store, else
ANKETA_STORE, else the default in your data folder.`,
	setup: func(fs *flag.FlagSet) runFunc {
		store := fs.String("store", "", "the store `FILE` when none is named")
		return func(rest []string, stdout, stderr io.Writer) error { return runStore(*store, rest, stdout, stderr) }
	},
}

func runStore(storeFlag string, rest []string, stdout, stderr io.Writer) error {
	if len(rest) == 0 {
		return usagef("say info, sessions, check or backup")
	}
	sub, files := rest[0], rest[1:]
	want := 1
	if sub == "backup" {
		want = 2
	}
	if len(files) > want || sub == "backup" && len(files) != 2 {
		return usagef("%s takes %s", sub, map[bool]string{true: "FILE OUT", false: "at most one FILE"}[sub == "backup"])
	}
	path := ""
	var err error
	if len(files) > 0 {
		path = files[0]
	} else if storeFlag != "" {
		path = storeFlag
	} else if path, err = storage.DefaultPath(); err != nil {
		return err
	}
	switch sub {
	case "info", "sessions", "check", "backup":
	default:
		return usagef("unknown subcommand %q; say info, sessions, check or backup", sub)
	}
	if _, err := os.Stat(path); os.IsNotExist(err) && len(files) == 0 {
		// The app's own store, not made yet: nothing is wrong.
		fmt.Fprintf(stdout, "no interview has been made on this computer yet; the store will be %s once the app starts\n", path)
		if sub == "info" || sub == "sessions" {
			return nil
		}
		return errSilent
	}
	s, err := storage.OpenReadOnly(path)
	if err != nil {
		return err
	}
	defer s.Close()
	switch sub {
	case "info":
		return storeInfo(s, stdout)
	case "sessions":
		return storeSessions(s, stdout)
	case "check":
		problems, err := s.Check()
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintf(stderr, "%s: %s\n", path, clean(p))
			}
			fmt.Fprintf(stderr, "%s: %d %s; keep the file, make a backup, and report it\n", path, len(problems), plural(len(problems), "problem", "problems"))
			return errSilent
		}
		fmt.Fprintf(stdout, "%s: ok\n", path)
		return nil
	}
	if err := s.Backup(files[1]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: backed up to %s\n", path, files[1])
	return nil
}

func storeInfo(s *storage.Store, w io.Writer) error {
	qs, err := s.Questionnaires()
	if err != nil {
		return err
	}
	days, damaged, err := s.CountByDay(time.Local)
	if err != nil {
		return err
	}
	size := int64(0)
	if info, err := os.Stat(s.Path()); err == nil {
		size = info.Size()
	}
	fmt.Fprintf(w, "store:    %s (%s)\n", s.Path(), humanBytes(size))
	fmt.Fprintf(w, "format:   %d\n", s.Format())
	fmt.Fprintf(w, "device:   %s\n", s.DeviceID())
	recipients, err := s.Recipients()
	if err != nil {
		return err
	}
	if len(recipients) == 0 {
		fmt.Fprintf(w, "sealing:  off (finished sessions stay readable on this laptop)\n")
	} else {
		fmt.Fprintf(w, "sealing:  finished sessions are sealed to %s\n", strings.Join(recipients, ", "))
	}
	if pending, _ := s.ScrubPending(); pending {
		fmt.Fprintf(w, "          NOT YET COMPACTED: sessions sealed since may still be readable in the file's freed pages;\n          free some disk space and start the app on this store, which compacts it\n")
	}
	fmt.Fprintf(w, "questionnaires:\n")
	if len(qs) == 0 {
		fmt.Fprintf(w, "  none yet\n")
	}
	for _, q := range qs {
		fmt.Fprintf(w, "  %s %s  (%s…, first used %s)\n", q.ID, q.Version, q.Hash[:12], q.Added.Local().Format("2006-01-02 15:04"))
	}
	var total storage.DayCount
	for _, d := range days {
		total.Completed += d.Completed
		total.InProgress += d.InProgress
		total.Abandoned += d.Abandoned
	}
	fmt.Fprintf(w, "sessions: %d completed, %d in progress, %d abandoned\n", total.Completed, total.InProgress, total.Abandoned)
	if damaged > 0 {
		fmt.Fprintf(w, "damaged:  %d %s that cannot be read; run anketa store check %s\n", damaged, plural(damaged, "session", "sessions"), s.Path())
	}
	for _, d := range s.Damage() {
		fmt.Fprintf(w, "damaged:  %s; run anketa store check %s\n", d, s.Path())
	}
	if len(days) > 0 {
		fmt.Fprintf(w, "  %-10s  %9s  %11s  %9s\n", "day", "completed", "in progress", "abandoned")
		for _, d := range days {
			fmt.Fprintf(w, "  %-10s  %9d  %11d  %9d\n", d.Day, d.Completed, d.InProgress, d.Abandoned)
		}
	}
	return nil
}

func storeSessions(s *storage.Store, w io.Writer) error {
	return s.ScanEach(func(sess *storage.Session) error {
		var parts []string
		if sess.Mode == storage.ModeSelf {
			parts = append(parts, "mode=self")
		}
		if sess.Reason != "" {
			parts = append(parts, "abandon_reason="+quoteIfNeeded(sess.Reason))
		}
		for _, a := range sess.Answers {
			parts = append(parts, a.Name+"="+quoteIfNeeded(a.Value.String()))
		}
		if sess.Sealed {
			parts = append(parts, "(sealed: the rest only with the coordinator's key)")
		}
		fmt.Fprintf(w, "%s  %-11s  %s  %-6s  %s %s  %s\n", sess.ID, sess.Status,
			sess.Started.Local().Format("2006-01-02 15:04"), sess.Interviewer, sess.QuestionnaireID,
			sess.Language, clean(strings.Join(parts, " ")))
		return nil
	}, func(err error) {
		fmt.Fprintf(w, "%s: damaged: %s; run anketa store check %s\n", s.Path(), clean(err.Error()), s.Path())
	})
}

func quoteIfNeeded(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\n\"=") {
		return fmt.Sprintf("%q", s)
	}
	return s
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
