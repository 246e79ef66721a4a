package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// step is one command line and what it must do: its exit code, and text
// its standard output and error must contain.
type step struct {
	args     []string
	code     int
	out, err string
}

// runSteps runs each step in order and reports every one that differs.
func runSteps(t *testing.T, steps []step) {
	t.Helper()
	for _, s := range steps {
		code, out, errOut := runCLI(t, s.args...)
		if code != s.code || !strings.Contains(out, s.out) || !strings.Contains(errOut, s.err) {
			t.Errorf("anketa %s: exit %d\nstdout: %.400s\nstderr: %s\nwant exit %d, stdout with %q, stderr with %q",
				strings.Join(s.args, " "), code, out, errOut, s.code, s.out, s.err)
		}
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	empty := filepath.Join(dir, "empty.yaml")
	notYAML := filepath.Join(dir, "notyaml.yaml")
	os.WriteFile(good, []byte("id: t\nversion: \"1\"\ntitle: T\nquestions:\n  - {name: a, type: text, label: A}\n"), 0o644)
	os.WriteFile(bad, []byte("id: t\nversion: \"1\"\ntitle: T\nquestions:\n  - name: a\n    type: text\n    label: A\n    relevant: ${b} = 1\n"), 0o644)
	os.WriteFile(empty, nil, 0o644)
	os.WriteFile(notYAML, []byte("{{{ not: [yaml"), 0o644)
	persisted := filepath.Join(dir, "persisted.yaml")
	os.WriteFile(persisted, []byte("id: t\nversion: \"1\"\ntitle: T\nquestions:\n  - {name: a, type: text, label: A, persist: true}\n"), 0o644)

	runSteps(t, []step{
		{[]string{"--help"}, 0, "Commands:", ""},
		{[]string{"help", "check"}, 0, "anketa check [--embedded] [--lenient] [--measures MEASURES.yaml] FILE...", ""},
		{[]string{"help", "nope"}, 2, "", "unknown command"},
		{[]string{"--version"}, 0, "anketa ", ""},
		{[]string{"--store", filepath.Join(dir, "s.db")}, 1, "", "needs a terminal"},
		{[]string{"--ui-lang", "de"}, 2, "", "--ui-lang is cs or en"},
		{[]string{"--questionnaire", bad, "--store", filepath.Join(dir, "s.db"), "--accessible"}, 1, "", "the questionnaire has problems"},
		{[]string{"chek"}, 2, "", "Did you mean anketa check?"},
		{[]string{"check"}, 2, "", "name at least one questionnaire file"},
		{[]string{"check", "--bogus", good}, 2, "", "flag provided but not defined: -bogus"},
		{[]string{"check", good}, 0, "good.yaml: ok: t 1: 1 question, 0 groups, no declared languages, 0 choice lists", ""},
		{[]string{"check", good, "--embedded"}, 0, "embedded:prispevek: ok", ""},
		{[]string{"check", bad}, 1, "", "bad.yaml:8:15: relevant: unknown question ${b}"},
		{[]string{"check", good, bad}, 1, "good.yaml: ok", "bad.yaml: 1 error"},
		{[]string{"check", filepath.Join(dir, "missing.yaml")}, 1, "", "missing.yaml: no such file"},
		{[]string{"check", empty}, 1, "", "empty.yaml: the file is empty"},
		{[]string{"check", notYAML}, 1, "", "notyaml.yaml:1:"},
		{[]string{"questionnaire", "list"}, 0, "spokojenost", ""},
		{[]string{"questionnaire", "show", "prispevek"}, 0, "id: prispevek_na_bydleni", ""},
		{[]string{"questionnaire", "show", "nic"}, 2, "", "no embedded questionnaire \"nic\""},
		{[]string{"questionnaire"}, 2, "", "say list or show NAME"},
		{[]string{"check", "../../questionnaire/testdata/broken/41_self_parts.yaml"}, 1, "", "41_self_parts.yaml:29:14: pracoviste is persisted, so a client answering alone"},
		{[]string{"--questionnaire", "nic", "--store", filepath.Join(dir, "s.db")}, 1, "", "nic: no such file, and no built-in questionnaire of that name (built in: spokojenost, prispevek)"},
		{[]string{"--questionnaire", "prispevek", "--store", filepath.Join(dir, "s.db")}, 1, "", "needs a terminal"},
		{[]string{"--self", "--accessible", "--store", filepath.Join(dir, "s.db")}, 2, "", "do not go with --accessible"},
		{[]string{"--self", "--questionnaire", persisted, "--store", filepath.Join(dir, "s.db")}, 1, "", "persisted.yaml cannot be handed to the client to answer alone"},
	})
}

func TestShowWritesACheckableFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "moje.yaml")
	if code, _, e := runCLI(t, "questionnaire", "show", "spokojenost", "-o", out); code != 0 {
		t.Fatalf("show: exit %d: %s", code, e)
	}
	if code, o, e := runCLI(t, "check", out); code != 0 || !strings.Contains(o, "ok: spokojenost_magistrat") {
		t.Fatalf("check of the written file: exit %d\n%s%s", code, o, e)
	}
	os.WriteFile(out, []byte("the methodologist's own edits"), 0o644)
	if code, _, e := runCLI(t, "questionnaire", "show", "spokojenost", "-o", out); code != 1 || !strings.Contains(e, "already exists") || !strings.Contains(e, "--force") {
		t.Errorf("show over an existing file: exit %d: %s", code, e)
	}
	if b, _ := os.ReadFile(out); string(b) != "the methodologist's own edits" {
		t.Errorf("a refused show changed the file: %q", b)
	}
	if code, _, e := runCLI(t, "questionnaire", "show", "--force", "-o", out, "spokojenost"); code != 0 {
		t.Errorf("show --force: exit %d: %s", code, e)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "id: spokojenost_magistrat") {
		t.Errorf("show --force did not write the questionnaire: %.60q", b)
	}
}

// TestStoreInfoBeforeTheFirstInterview: on a computer where the app has
// never run, store info says so and where the store will be.
func TestStoreInfoBeforeTheFirstInterview(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nowhere", "anketa.db")
	t.Setenv("ANKETA_STORE", path)
	code, out, e := runCLI(t, "store", "info")
	if code != 0 || !strings.Contains(out, "no interview has been made on this computer yet") || !strings.Contains(out, path) {
		t.Errorf("store info with no store: exit %d\n%s%s", code, out, e)
	}
	if code, _, e := runCLI(t, "store", "info", path); code != 1 || !strings.Contains(e, "no such file") {
		t.Errorf("store info naming a missing file: exit %d %s", code, e)
	}
}
