package export

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"anketa/questionnaire"
	"anketa/storage"
)

// TestNoOutputOverAnInput: an export never writes over a store, an
// input (by its name, a symbolic or a hard link), or one of its own
// outputs; nothing is written and the store is intact.
func TestNoOutputOverAnInput(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	store := f.store("victim.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("1"))
	})
	other := f.store("other.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("2"))
	})
	before, _ := os.ReadFile(store)
	link := filepath.Join(f.dir, "link.db")
	os.Symlink(store, link)
	hard := filepath.Join(f.dir, "hard.csv")
	os.Link(store, hard)
	os.MkdirAll(filepath.Join(f.dir, "out"), 0o755)
	for _, c := range []struct {
		name string
		opt  Options
		want string
	}{
		{"the input itself", Options{Paths: []string{store}, Out: store}, "it is one of the inputs"},
		{"an input found in a folder", Options{Paths: []string{f.dir}, Out: store, Sidecars: false}, "it is one of the inputs"},
		{"a symbolic link to the input", Options{Paths: []string{store}, Out: link}, "it is one of the inputs"},
		{"a hard link to the input", Options{Paths: []string{store}, Out: hard}, "it is one of the inputs"},
		{"another store", Options{Paths: []string{store}, Out: other}, "it is an anketa store"},
		{"the paradata over the CSV", Options{Paths: []string{store}, Out: filepath.Join(f.dir, "out", "a.csv"), Paradata: filepath.Join(f.dir, "out", "a.csv")}, "would be written twice"},
		{"a CSV named as its own sidecar", Options{Paths: []string{store}, Out: filepath.Join(f.dir, "out", "x.sps"), Sidecars: true}, "would be written twice"},
	} {
		_, err := Run(c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if after, _ := os.ReadFile(store); string(after) != string(before) {
		t.Fatal("the store was changed")
	}
	if entries, _ := os.ReadDir(filepath.Join(f.dir, "out")); len(entries) > 0 {
		t.Errorf("a refused export left files: %v", entries)
	}
}

// TestSpecialFilesAreNotOpened: a pipe among the stores is named and
// skipped, never opened (opening one waits for a writer for ever).
func TestSpecialFilesAreNotOpened(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	f.store("good.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("1"))
	})
	fifo := filepath.Join(f.dir, "pipe.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.csv")
	done := make(chan struct{})
	var sum *Summary
	var err error
	go func() {
		sum, err = Run(Options{Paths: []string{f.dir}, Out: out})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the export hangs on a pipe")
	}
	if !errors.Is(err, ErrBadInputs) || sum.Sessions != 1 || len(sum.Problems) != 1 || !strings.Contains(sum.Problems[0].String(), "pipe.db: not a regular file") {
		t.Errorf("err %v, summary %+v", err, sum)
	}
	if _, err := Run(Options{Paths: []string{fifo}, Out: out}); err == nil || !strings.Contains(err.Error(), "no stores found") {
		t.Errorf("a pipe named as the only input: %v", err)
	}
}

// TestOutputModes: outputs honour the umask; with sealed sessions opened
// they are private to the coordinator.
func TestOutputModes(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	p := f.store("a.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("1"))
	})
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	out := filepath.Join(f.dir, "out.csv")
	if _, err := Run(Options{Paths: []string{p}, Out: out, Sidecars: true}); err != nil {
		t.Fatal(err)
	}
	for _, name := range append([]string{out}, sidecarPath(out, ".sps"), sidecarPath(out, ".R")) {
		if info, _ := os.Stat(name); info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v under umask 077", filepath.Base(name), info.Mode().Perm())
		}
	}
	syscall.Umask(0o022)
	if _, err := Run(Options{Paths: []string{p}, Out: out}); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(out); info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v under umask 022", info.Mode().Perm())
	}
	o := &outputs{private: true}
	file, err := o.create(filepath.Join(f.dir, "secret.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := file.Stat(); info.Mode().Perm() != 0o600 {
		t.Errorf("a file for decrypted answers: mode %v", info.Mode().Perm())
	}
	o.abort()
}

// TestMetaColumnsAreGuarded: a questionnaire version that looks like a
// formula is guarded like free text.
func TestMetaColumnsAreGuarded(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	src := strings.Replace(string(q2Source(t)), `version: "2"`, `version: "=2+2"`, 1)
	q, err := questionnaire.Parse("v.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := f.store("a.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("1"))
	})
	_, rows := run(t, Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out.csv")})
	if rows[1][2] != "'=2+2" {
		t.Errorf("questionnaire_version written as %q", rows[1][2])
	}
}
