package storage

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"anketa/questionnaire"
)

// handInStore makes a store with n sessions, finished but for every
// fifth, as the app makes them.
func handInStore(t *testing.T, n int) (*Store, string) {
	t.Helper()
	s, path := openTemp(t)
	q := defaultQ(t)
	for i := 0; i < n; i++ {
		sess, err := s.NewSession(q, "T01", "cs")
		must(t, err)
		must(t, s.SetAnswer(sess.ID, "navstev", questionnaire.IntValue(int64(i))))
		must(t, s.SetAnswer(sess.ID, "navrh", questionnaire.TextValue(strings.Repeat("návrh ", 100))))
		if i%5 != 4 {
			must(t, s.Complete(sess.ID))
		}
	}
	return s, path
}

// completeLooking lists the files in dir a coordinator would take for a
// hand-in: every .db.
func completeLooking(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*.db"))
	return m
}

// TestHandIn: the snapshot holds every session, numbered, passes store
// check, and records itself; the store remembers it and counts what was
// finished since.
func TestHandIn(t *testing.T) {
	s, _ := handInStore(t, 12)
	stick := t.TempDir()
	h, err := s.HandInTo(stick)
	must(t, err)
	if h.Seq != 1 || h.Sessions != 12 || h.Finished != 10 || h.InProgress != 2 || h.Counter != 12 {
		t.Errorf("hand-in: %+v", h)
	}
	if !strings.HasPrefix(h.File, "anketa-") || !strings.HasSuffix(h.File, ".db") || !strings.Contains(h.File, s.DeviceID()[:8]) {
		t.Errorf("the snapshot's name: %s", h.File)
	}
	copy, err := OpenReadOnly(filepath.Join(stick, h.File))
	must(t, err)
	defer copy.Close()
	if problems, err := copy.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check of the snapshot: %v %v", problems, err)
	}
	rec, err := copy.HandInRecord()
	if err != nil || rec == nil || rec.Seq != 1 || rec.Counter != 12 {
		t.Errorf("the snapshot's own record: %+v %v", rec, err)
	}
	seen := map[uint64]bool{}
	counter, _ := copy.Numbers(func(_ ID, n uint64) { seen[n] = true })
	if counter != 12 || len(seen) != 12 || !seen[1] || !seen[12] {
		t.Errorf("numbers in the snapshot: counter %d, %v", counter, seen)
	}
	if n, _ := s.FinishedSince(h.Time); n != 0 {
		t.Errorf("%d finished since the hand-in, want 0", n)
	}
	// Two more, a second hand-in: it lists the first.
	q := defaultQ(t)
	for i := 0; i < 2; i++ {
		sess, _ := s.NewSession(q, "T01", "cs")
		s.Complete(sess.ID)
	}
	if n, _ := s.FinishedSince(h.Time); n != 2 {
		t.Errorf("%d finished since the hand-in, want 2", n)
	}
	h2, err := s.HandInTo(stick)
	must(t, err)
	if h2.Seq != 2 || len(h2.Previous) != 1 || h2.Previous[0].Seq != 1 || h2.File == h.File || h2.Counter != 14 {
		t.Errorf("the second hand-in: %+v", h2)
	}
	if hs, _ := s.HandIns(); len(hs) != 2 {
		t.Errorf("the store remembers %d hand-ins", len(hs))
	}
}

// TestHandInFolders: a folder that cannot take the snapshot is named
// with what to do, and nothing is written.
func TestHandInFolders(t *testing.T) {
	s, path := handInStore(t, 1)
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	for _, c := range []struct{ dir, want string }{
		{filepath.Join(t.TempDir(), "nowhere"), "it does not exist; plug in the stick, or create the folder"},
		{file, "it is a file, not a folder"},
		{filepath.Dir(path), "it is the store's own folder"},
	} {
		if _, err := s.HandInTo(c.dir); !errors.Is(err, ErrHandInFolder) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.dir) {
			t.Errorf("%s: %v", c.dir, err)
		}
	}
}

// TestHandInNames: the name says the computer, the device and the time,
// in characters every file system takes.
func TestHandInNames(t *testing.T) {
	at := time.Date(2026, 12, 2, 14, 5, 0, 0, time.UTC)
	for host, want := range map[string]string{
		"NB-MAGISTRAT-07":       "anketa-NB-MAGISTRAT-07-1c1ba283-20261202-1405.db",
		`pult:3\<A>|"?*`:        "anketa-pult_3__A-1c1ba283-20261202-1405.db",
		"":                      "anketa-laptop-1c1ba283-20261202-1405.db",
		"CON":                   "anketa-pc-CON-1c1ba283-20261202-1405.db",
		"přepážka 3":            "anketa-p_ep__ka_3-1c1ba283-20261202-1405.db",
		strings.Repeat("x", 99): "anketa-" + strings.Repeat("x", 32) + "-1c1ba283-20261202-1405.db",
	} {
		if got := HandInName(host, "1c1ba283-c542-4fdf-8901-7719a30254f4", at); got != want {
			t.Errorf("%q: %s, want %s", host, got, want)
		}
	}
}

// TestHandInPulledStick: a stick that fills up, a folder made read-only
// and a process killed in the middle of the copy each leave no file that
// looks complete, and the next hand-in succeeds.
func TestHandInPulledStick(t *testing.T) {
	t.Run("full", func(t *testing.T) {
		stick := t.TempDir()
		if err := syscall.Mount("tmpfs", stick, "tmpfs", 0, "size=256k"); err != nil {
			skipUnlessCI(t, err)
		}
		defer syscall.Unmount(stick, syscall.MNT_DETACH)
		s, path := handInStore(t, 200)
		if info, _ := os.Stat(path); info.Size() < 1<<20 {
			t.Fatalf("the store (%d bytes) must not fit on the stick", info.Size())
		}
		_, err := s.HandInTo(stick)
		if !errors.Is(err, ErrHandInFolder) || !strings.Contains(err.Error(), "the stick or disk is full") {
			t.Errorf("a full stick: %v", err)
		}
		if m := completeLooking(t, stick); len(m) > 0 {
			t.Errorf("a full stick left %v", m)
		}
		syscall.Unmount(stick, syscall.MNT_DETACH)
		if _, err := s.HandInTo(stick); err != nil {
			t.Errorf("the next hand-in, with room: %v", err)
		}
	})
	t.Run("read-only", func(t *testing.T) {
		stick := t.TempDir()
		if err := syscall.Mount("tmpfs", stick, "tmpfs", 0, "size=8m"); err != nil {
			skipUnlessCI(t, err)
		}
		defer syscall.Unmount(stick, syscall.MNT_DETACH)
		must(t, syscall.Mount("", stick, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""))
		s, _ := handInStore(t, 3)
		if _, err := s.HandInTo(stick); !errors.Is(err, ErrHandInFolder) || !strings.Contains(err.Error(), "the folder is read-only") {
			t.Errorf("a read-only folder: %v", err)
		}
		must(t, syscall.Mount("", stick, "", syscall.MS_REMOUNT, ""))
		if m := completeLooking(t, stick); len(m) > 0 {
			t.Errorf("a read-only folder has %v", m)
		}
		if _, err := s.HandInTo(stick); err != nil {
			t.Errorf("the next hand-in: %v", err)
		}
	})
	t.Run("killed", func(t *testing.T) {
		if dir := os.Getenv("ANKETA_HANDIN_CHILD"); dir != "" {
			s, err := Open(os.Getenv("ANKETA_HANDIN_STORE"))
			if err != nil {
				os.Exit(3)
			}
			os.Stdout.WriteString("ready\n")
			for {
				s.HandInTo(dir)
			}
		}
		s, path := handInStore(t, 300)
		s.Close()
		stick := t.TempDir()
		for round := 0; round < 20; round++ {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHandInPulledStick$/^killed$")
			cmd.Env = append(os.Environ(), "ANKETA_HANDIN_CHILD="+stick, "ANKETA_HANDIN_STORE="+path)
			out, _ := cmd.StdoutPipe()
			must(t, cmd.Start())
			buf := make([]byte, 6)
			out.Read(buf)
			time.Sleep(time.Duration(round*3) * time.Millisecond)
			cmd.Process.Kill()
			cmd.Wait()
		}
		// Every file that looks complete is whole.
		for _, f := range completeLooking(t, stick) {
			c, err := OpenReadOnly(f)
			if err != nil {
				t.Fatalf("%s looks complete but does not open: %v", f, err)
			}
			if problems, err := c.Check(); err != nil || len(problems) > 0 {
				t.Fatalf("%s looks complete but is not: %v %v", f, problems, err)
			}
			if n, _ := c.Count(); n != 300 {
				t.Fatalf("%s holds %d sessions, not 300", f, n)
			}
			c.Close()
		}
		s, err := Open(path)
		must(t, err)
		defer s.Close()
		before := len(completeLooking(t, stick))
		if _, err := s.HandInTo(stick); err != nil {
			t.Fatalf("the hand-in after the kills: %v", err)
		}
		if partial, _ := filepath.Glob(filepath.Join(stick, ".*.partial")); len(partial) > 0 {
			t.Errorf("the next hand-in left %v behind", partial)
		}
		t.Logf("20 kills: %d hand-ins completed before their kill, all whole", before)
	})
}

func skipUnlessCI(t *testing.T, err error) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI runs as root and must be able to mount a tmpfs: %v", err)
	}
	t.Skipf("SKIPPED: cannot mount a tmpfs here (%v); run as root, as CI does", err)
}
