package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anketa/questionnaire"
	"anketa/storage"
)

func TestStoreCommands(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "anketa.db")
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := questionnaire.Default()
	a, _ := s.NewSession(q, "T01", "cs")
	s.SetAnswer(a.ID, "pracoviste", questionnaire.CodeValue("2"))
	s.SetAnswer(a.ID, "navrh", questionnaire.TextValue("víc laviček"))
	s.Complete(a.ID)
	b, _ := s.NewSession(q, "T01", "en")
	s.SetAnswer(b.ID, "pracoviste", questionnaire.CodeValue("1"))
	c, _ := s.StartSession(q, "T01", "cs", storage.ModeSelf)
	s.Abandon(c.ID, storage.OtherReason("požár"))
	// The app keeps the store open while the coordinator runs these.
	defer s.Close()

	code, out, errOut := runCLI(t, "store", "info", path)
	if code != 0 || !strings.Contains(out, "spokojenost_magistrat 2026.1") ||
		!strings.Contains(out, "sessions: 1 completed, 1 in progress, 1 abandoned") ||
		!strings.Contains(out, "device:   "+s.DeviceID()) || !strings.Contains(out, fmt.Sprintf("format:   %d\n", storage.FormatVersion)) || !strings.Contains(out, "sealing:  off") {
		t.Errorf("store info: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "store", "sessions", path)
	if code != 0 || !strings.Contains(out, a.ID.String()+"  completed") || !strings.Contains(out, `navrh="víc laviček"`) ||
		!strings.Contains(out, b.ID.String()+"  in_progress") || !strings.Contains(out, `mode=self abandon_reason="other: požár"`) {
		t.Errorf("store sessions: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "store", "check", path)
	if code != 0 || !strings.Contains(out, "anketa.db: ok") {
		t.Errorf("store check: exit %d\n%s", code, out)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if code, out, errOut = runCLI(t, "store", "backup", path, copyPath); code != 0 {
		t.Fatalf("store backup: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ = runCLI(t, "store", "info", copyPath); code != 0 || !strings.Contains(out, "1 completed, 1 in progress") {
		t.Errorf("info of the backup: exit %d\n%s", code, out)
	}
	if code, _, errOut = runCLI(t, "store", "backup", path, copyPath); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("backup over an existing file: exit %d %s", code, errOut)
	}
	os.Setenv("ANKETA_STORE", path)
	defer os.Unsetenv("ANKETA_STORE")
	if code, out, _ = runCLI(t, "store", "info"); code != 0 || !strings.Contains(out, path) {
		t.Errorf("store info from ANKETA_STORE: exit %d\n%s", code, out)
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not a store ", 1000)), 0o600)
	if code, _, errOut = runCLI(t, "store", "check", junk); code != 1 || !strings.Contains(errOut, "junk.db: not an anketa store") {
		t.Errorf("check of a foreign file: exit %d %s", code, errOut)
	}
	if code, _, _ = runCLI(t, "store", "backup", path); code != 2 {
		t.Errorf("backup without OUT: exit %d, want 2", code)
	}
}

// TestStoreInfoNamesDamage: a session record changed in the file is
// counted by store info and listed by store sessions, both naming the
// file and store check.
func TestStoreInfoNamesDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := questionnaire.Default()
	sess, _ := s.NewSession(q, "T01", "cs")
	s.SetAnswer(sess.ID, "navrh", questionnaire.TextValue("JEDINECNY-TEXT"))
	s.Complete(sess.ID)
	s.Close()
	raw, _ := os.ReadFile(path)
	// The record is the last copy written; the events hold the text too.
	i := bytes.LastIndex(raw, []byte("JEDINECNY-TEXT"))
	raw[i] = 'X'
	os.WriteFile(path, raw, 0o600)
	code, out, _ := runCLI(t, "store", "info", path)
	if code != 0 || !strings.Contains(out, "damaged:  1 session that cannot be read; run anketa store check "+path) {
		t.Errorf("store info: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "store", "sessions", path)
	if !strings.Contains(out, path+": damaged: session "+sess.ID.String()) {
		t.Errorf("store sessions: exit %d\n%s", code, out)
	}
}
