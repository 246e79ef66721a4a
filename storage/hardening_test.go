package storage

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anketa/questionnaire"
)

// TestSecondWindowThroughALink: the lock is on the file, not the name: a
// second window through a symbolic link gets ErrLocked, and a store with
// a second name (a hard link) is not opened at all.
func TestSecondWindowThroughALink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "anketa.db")
	s, err := Open(real)
	must(t, err)
	defer s.Close()
	link := filepath.Join(dir, "link.db")
	must(t, os.Symlink(real, link))
	if _, err := Open(link); !errors.Is(err, ErrLocked) {
		t.Errorf("a second window through a symbolic link: %v, want ErrLocked", err)
	}
	s.Close()
	hard := filepath.Join(dir, "hard.db")
	must(t, os.Link(real, hard))
	for _, p := range []string{real, hard} {
		if _, err := Open(p); err == nil || !strings.Contains(err.Error(), "hard links") {
			t.Errorf("a store with two names, opened as %s: %v", filepath.Base(p), err)
		}
	}
}

// TestSealingThroughALink: a store opened through a symbolic link is
// compacted where it really is: the link stays a link, and the real file
// holds no sealed session's plaintext.
func TestSealingThroughALink(t *testing.T) {
	coordinator := newIdentity(t)
	q := sealedForm(t, coordinator.Recipient().String())
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "data"), 0o700)
	real := filepath.Join(dir, "data", "anketa.db")
	link := filepath.Join(dir, "link.db")
	must(t, os.Symlink(real, link)) // to a store not made yet
	s, err := Open(link)
	must(t, err)
	sess, err := s.NewSession(q, "T01", "cs")
	must(t, err)
	must(t, s.SetAnswer(sess.ID, "navrh", questionnaire.TextValue("TAJNE-"+sess.ID.String())))
	must(t, s.Complete(sess.ID))
	s.Close()
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi, err)
	}
	if fileHas(t, real, "TAJNE-"+sess.ID.String()) {
		t.Error("the real file keeps the sealed session's plaintext")
	}
	if pending, _ := mustOpenRO(t, real).ScrubPending(); pending {
		t.Error("the real file still has its scrub mark")
	}
}

func mustOpenRO(t *testing.T, path string) *Store {
	t.Helper()
	s, err := OpenReadOnly(path)
	must(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// TestDamagedWhileOpen: the file is damaged under the app's feet. The
// write that meets the damage fails naming store check, releases the
// file (a reader can open it at once), and every later write fails at
// once with ErrDamaged instead of writing into the damage.
func TestDamagedWhileOpen(t *testing.T) {
	s, path := openTemp(t)
	q := defaultQ(t)
	sess, err := s.NewSession(q, "T01", "cs")
	must(t, err)
	must(t, s.SetAnswer(sess.ID, "navstev", questionnaire.IntValue(2)))
	raw, err := os.ReadFile(path)
	must(t, err)
	clear(raw[2*4096:]) // every page but the meta pages
	must(t, os.WriteFile(path, raw, 0o600))
	err = s.SetAnswer(sess.ID, "navstev", questionnaire.IntValue(3))
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "anketa store check "+path) {
		t.Fatalf("a write into a damaged file: %v", err)
	}
	ro, err := OpenReadOnly(path) // the writer let go of the file
	if err != nil && strings.Contains(err.Error(), "did not finish") {
		t.Fatalf("the failed write still holds the file: %v", err)
	}
	if ro != nil {
		ro.Close()
	}
	if err := s.SetAnswer(sess.ID, "navstev", questionnaire.IntValue(4)); !errors.Is(err, ErrDamaged) {
		t.Errorf("the next write: %v, want ErrDamaged", err)
	}
	s.Close()
	if _, err := Open(path); !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotStore) {
		t.Errorf("opening the damaged store again: %v", err)
	}
}
