package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The coordinator's round: a key, its public half in the questionnaire,
// stores that seal, and export, report and check with and without the key.
func TestSealedCommands(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "coordinator.key")
	code, pub, e := runCLI(t, "keygen", "-o", key)
	pub = strings.TrimSpace(pub)
	if code != 0 || !strings.HasPrefix(pub, "age1") || !strings.Contains(e, "keep it off the laptops") {
		t.Fatalf("keygen: exit %d %q %s", code, pub, e)
	}
	if info, err := os.Stat(key); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the key file should be readable by its owner only: %v %v", info.Mode(), err)
	}
	form := filepath.Join(dir, "form.yaml")
	runCLI(t, "questionnaire", "show", "spokojenost", "-o", form)
	src, _ := os.ReadFile(form)
	src = bytes.Replace(src, []byte("\nlanguages:"), []byte("\nrecipients: ["+pub+"]\nlanguages:"), 1)
	os.WriteFile(form, src, 0o644)
	stores := filepath.Join(dir, "stores")
	if code, _, e := runCLI(t, "generate", "--sessions", "300", "--stores", "2", "--questionnaire", form, "--out", stores); code != 0 {
		t.Fatalf("generate: %s", e)
	}
	other := filepath.Join(dir, "other.key")
	runCLI(t, "keygen", "-o", other)
	store := filepath.Join(stores, "laptop-01.db")
	if _, err := os.Stat(store); err != nil {
		matches, _ := filepath.Glob(filepath.Join(stores, "*.db"))
		store = matches[0]
	}
	csv := filepath.Join(dir, "out.csv")
	runSteps(t, []step{
		{[]string{"keygen", "-o", key}, 1, "", "a key is never overwritten"},
		{[]string{"keygen"}, 2, "", "name the key file with -o"},
		{[]string{"store", "info", store}, 0, "sealing:  finished sessions are sealed to " + pub, ""},
		{[]string{"store", "check", store}, 0, "", ""},
		{[]string{"export", "-o", csv, stores}, 1, "", "sealed sessions could not be opened, so nothing was written"},
		{[]string{"export", "-o", csv, "--identity", other, stores}, 1, "", "the identity given cannot open its sealed sessions"},
		{[]string{"export", "-o", csv, "--identity", filepath.Join(dir, "missing.key"), stores}, 1, "", "cannot read the key"},
		{[]string{"export", "-o", csv, "--identity", form, stores}, 1, "", "not an age identity file"},
		{[]string{"export", "-o", csv, "--identity", key, stores}, 0, "", "wrote " + csv},
		{[]string{"report", stores}, 1, "", "give the coordinator's key with --identity"},
		{[]string{"report", "--identity", key, stores}, 0, "Shrnutí: otázky se škálou", ""},
	})
	data, _ := os.ReadFile(csv)
	if !bytes.Contains(data, []byte("spokojenost_magistrat")) || bytes.Count(data, []byte("\n")) < 250 {
		t.Errorf("the export with the key:\n%.500s", data)
	}
}
