package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"anketa/export"
	"anketa/storage"
)

var sendCmd = &command{
	name:    "send",
	summary: "hand in the laptop's store: a checked snapshot onto a stick or a shared folder",
	usage: `anketa send [--store FILE] DIR

Writes a snapshot of the store into DIR (a USB stick, a shared folder)
as anketa-COMPUTER-DEVICE-YYYYMMDD-HHMM.db, for the coordinator: it is
compacted, synced and checked as store check does before it gets its
name, so a stick pulled out, a full stick or a read-only folder leaves no
file that looks complete, and the next attempt starts afresh. It works
while the app has the store open. Each store remembers its hand-ins (in
STORE.handins), and the app's home screen shows the last one.

A store that seals hands in sealed interviews only; an interview still in
progress is handed in as it is, readable, and anketa says so.`,
	setup: func(fs *flag.FlagSet) runFunc {
		store := fs.String("store", "", "the store `FILE` (default: the app's: ANKETA_STORE, else the data folder's)")
		return func(rest []string, stdout, stderr io.Writer) error { return runSend(*store, rest, stdout, stderr) }
	},
}

func runSend(storeFlag string, rest []string, stdout, stderr io.Writer) error {
	if len(rest) != 1 {
		return usagef("name the folder to hand in to: anketa send E:\\ or anketa send /media/stick")
	}
	path := storeFlag
	if path == "" {
		var err error
		if path, err = storage.DefaultPath(); err != nil {
			return err
		}
	}
	// The app's own store when it is closed; read-only beside a running app.
	s, err := storage.Open(path)
	if errors.Is(err, storage.ErrLocked) {
		s, err = storage.OpenReadOnly(path)
	}
	if err != nil {
		return err
	}
	defer s.Close()
	h, err := s.HandInTo(rest[0])
	if h == nil {
		return err
	}
	fmt.Fprintf(stdout, "handed in %s: %d sessions (%d finished, %d in progress), numbers 1-%d\n",
		filepath.Join(rest[0], h.File), h.Sessions, h.Finished, h.InProgress, h.Counter)
	if h.Sealing && h.InProgress > 0 {
		fmt.Fprintf(stdout, "%d %s in progress %s readable in the file; finished ones are sealed. Finish %s and hand in again to seal %s too.\n",
			h.InProgress, plural(h.InProgress, "interview", "interviews"), plural(h.InProgress, "is", "are"),
			plural(h.InProgress, "it", "them"), plural(h.InProgress, "it", "them"))
	}
	return err // the snapshot is there even if the store could not note it
}

var collectStatusCmd = &command{
	name:    "collect-status",
	summary: "what the laptops have handed in, and what is missing",
	usage: `anketa collect-status [--days N] PATH...

Reads the hand-ins (anketa send) and stores under PATH and tells, per
laptop: the last hand-in received, the sessions it holds, the gaps in
the laptop's numbering (sessions it started that no hand-in holds; a
laptop's own store, given too, names them), hand-ins that a later one
lists but that never arrived (a forgotten stick), and laptops not heard
from for more than N days (default 7). A hand-in copied twice is
recognised and counted once.`,
	setup: func(fs *flag.FlagSet) runFunc {
		days := fs.Int("days", 7, "name the laptops with no hand-in for more than `N` days")
		return func(rest []string, stdout, stderr io.Writer) error {
			return runCollectStatus(*days, rest, stdout, stderr)
		}
	},
}

func runCollectStatus(days int, paths []string, stdout, stderr io.Writer) error {
	if len(paths) == 0 {
		return usagef("name the folders or files of the hand-ins")
	}
	if days < 0 {
		return usagef("--days is a number of days, 0 or more")
	}
	devices, problems, err := export.CollectStatus(paths, time.Now(), days)
	for _, p := range problems {
		fmt.Fprintf(stderr, "skipped %s\n", clean(p.String()))
	}
	if err != nil {
		return err
	}
	warn := false
	for _, d := range devices {
		name := d.Host
		if name == "" {
			name = "(no hand-in)"
		}
		fmt.Fprintf(stdout, "%s  device %s\n", name, d.Device)
		if d.Last != nil {
			fmt.Fprintf(stdout, "  last hand-in:  %d, %s (%s)\n", d.Last.Seq, d.Last.Time.Local().Format("2006-01-02 15:04"), d.Last.File)
		} else {
			fmt.Fprintf(stdout, "  last hand-in:  none; only stores: %s\n", strings.Join(d.Stores, ", "))
		}
		fmt.Fprintf(stdout, "  sessions:      %d of %d started are in hand-ins\n", d.Seen, d.Counter)
		for _, c := range d.Copies {
			fmt.Fprintf(stdout, "  copy:          %s, counted once\n", c)
		}
		for _, m := range d.Missing {
			warn = true
			fmt.Fprintf(stdout, "  MISSING:       hand-in %d of %s (%s) never arrived; find that stick\n", m.Seq, m.Time.Local().Format("2006-01-02 15:04"), m.File)
		}
		if len(d.Gaps) > 0 {
			warn = true
			fmt.Fprintf(stdout, "  GAP:           %d %s started on the laptop %s in no hand-in: %s\n", len(d.Gaps),
				plural(len(d.Gaps), "session", "sessions"), plural(len(d.Gaps), "is", "are"), numberList(d.Gaps))
			for _, id := range d.NotHandedIn {
				fmt.Fprintf(stdout, "                 session %s (in the laptop's store only)\n", id)
			}
		}
		if d.Silent {
			warn = true
			fmt.Fprintf(stdout, "  SILENT:        no hand-in for more than %d days\n", days)
		}
	}
	if warn || len(problems) > 0 {
		return errSilent
	}
	return nil
}

// numberList writes numbers briefly: 3-7, 9, 12.
func numberList(ns []uint64) string {
	var parts []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ns[i], ns[j]))
		} else {
			parts = append(parts, fmt.Sprint(ns[i]))
		}
		i = j + 1
		if len(parts) == 20 && i < len(ns) {
			parts = append(parts, fmt.Sprintf("and %d more", len(ns)-i))
			break
		}
	}
	return strings.Join(parts, ", ")
}
