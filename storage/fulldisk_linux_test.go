package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"anketa/questionnaire"
)

// TestFullDisk fills a small tmpfs, which the test mounts when it runs as
// root (as CI does), until a save fails, and checks that the failure is a
// clear ErrDiskFull, that everything saved before is still readable, and
// that the interview continues once space is freed.
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=1m"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI runs as root and must be able to mount a tmpfs: %v", err)
		}
		t.Skipf("SKIPPED: cannot mount a tmpfs here (%v); run as root, as CI does", err)
	}
	defer syscall.Unmount(dir, syscall.MNT_DETACH)

	filler := filepath.Join(dir, "filler")
	if err := os.WriteFile(filler, make([]byte, 256<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "anketa.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sess, err := s.NewSession(defaultQ(t), "T01", "cs")
	if err != nil {
		t.Fatal(err)
	}
	saved := map[string]string{}
	var full error
	for i := 0; i < 10_000 && full == nil; i++ {
		name := fmt.Sprintf("t%d", i)
		text := fmt.Sprintf("%d %s", i, strings.Repeat("odpověď ", 300))
		if full = s.SetAnswer(sess.ID, name, questionnaire.TextValue(text)); full == nil {
			saved[name] = text
		}
	}
	if !errors.Is(full, ErrDiskFull) {
		t.Fatalf("writing onto a full disk: %v, want ErrDiskFull", full)
	}
	if msg := full.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "everything saved before is safe") {
		t.Errorf("message does not name the store and say what is safe: %s", msg)
	}
	t.Logf("%d answers saved before the disk was full: %v", len(saved), full)
	check := func(when string) {
		got, err := s.Load(sess.ID)
		if err != nil {
			t.Fatalf("%s: load: %v", when, err)
		}
		for name, text := range saved {
			if got.Answer(name).Text != text {
				t.Fatalf("%s: answer %s lost", when, name)
			}
		}
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Fatalf("%s: check: %v %v", when, problems, err)
		}
	}
	check("on a full disk")
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAnswer(sess.ID, "after", questionnaire.TextValue("místo se uvolnilo")); err != nil {
		t.Fatalf("after freeing space: %v", err)
	}
	saved["after"] = "místo se uvolnilo"
	if err := s.Complete(sess.ID); err != nil {
		t.Fatalf("completing after freeing space: %v", err)
	}
	check("after freeing space")
}

// TestFullDiskAtFinish: the interview is sealed, but the compaction that
// removes its plaintext from the file finds no room. The failure is said
// (Unscrubbed, and store check on the file), the plaintext is still
// there, and once space is freed the next write compacts.
func TestFullDiskAtFinish(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=4m"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI runs as root and must be able to mount a tmpfs: %v", err)
		}
		t.Skipf("SKIPPED: cannot mount a tmpfs here (%v); run as root, as CI does", err)
	}
	defer syscall.Unmount(dir, syscall.MNT_DETACH)
	defer func(old time.Duration) { ScrubRetry = old }(ScrubRetry)
	ScrubRetry = 0
	coordinator := newIdentity(t)
	q := sealedForm(t, coordinator.Recipient().String())
	path := filepath.Join(dir, "anketa.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Sessions in progress make the store large; they stay in the clear.
	for i := 0; i < 15; i++ {
		sess, err := s.NewSession(q, "T01", "cs")
		must(t, err)
		must(t, s.SetAnswer(sess.ID, "navrh", questionnaire.TextValue(fmt.Sprintf("%d %s", i, strings.Repeat("rozpracováno ", 1000)))))
	}
	sess, err := s.NewSession(q, "T01", "cs")
	must(t, err)
	must(t, s.SetAnswer(sess.ID, "navrh", questionnaire.TextValue("TAJNE-"+sess.ID.String())))
	// Leave less room than a copy of the store needs.
	var st syscall.Statfs_t
	syscall.Statfs(dir, &st)
	info, _ := os.Stat(path)
	free := int64(st.Bavail) * int64(st.Bsize)
	filler := filepath.Join(dir, "filler")
	if free < info.Size() {
		t.Fatalf("the tmpfs is too small for the test: %d bytes free, the store is %d", free, info.Size())
	}
	if err := os.WriteFile(filler, make([]byte, free-32<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Complete(sess.ID); err != nil {
		t.Fatalf("completing: %v (the session is sealed in the store's own pages; only the compaction needs room)", err)
	}
	err = s.Unscrubbed()
	if !errors.Is(err, ErrNotScrubbed) || !strings.Contains(err.Error(), "sealed, but not yet removed from the disk; free some disk space and restart anketa") {
		t.Fatalf("Unscrubbed after a failed compaction: %v", err)
	}
	if !fileHas(t, path, "TAJNE-"+sess.ID.String()) {
		t.Fatal("the test must leave the plaintext in the file to mean anything")
	}
	ro, err := OpenReadOnly(path)
	must(t, err)
	problems, _ := ro.Check()
	ro.Close()
	if len(problems) != 1 || !strings.Contains(problems[0], "not compacted") {
		t.Errorf("store check on the uncompacted store: %v", problems)
	}
	if pending, _ := s.ScrubPending(); !pending {
		t.Error("no scrub mark after the failed compaction")
	}
	// Space again: the next write compacts.
	os.Remove(filler)
	other, err := s.NewSession(q, "T01", "cs")
	must(t, err)
	must(t, s.SetAnswer(other.ID, "navrh", questionnaire.TextValue("další")))
	if err := s.Unscrubbed(); err != nil {
		t.Errorf("after freeing space and a write: %v", err)
	}
	if fileHas(t, path, "TAJNE-"+sess.ID.String()) {
		t.Error("the sealed session's plaintext is still in the file after the compaction")
	}
}
