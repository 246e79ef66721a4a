package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anketa/questionnaire"
	"anketa/storage"
)

// TestSendAndCollectStatus: a hand-in made while the app holds the store,
// a second one, a copy of the first, and the coordinator's view of them:
// a session started after the last hand-in, and a hand-in that never
// arrived, are named.
func TestSendAndCollectStatus(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "laptop", "anketa.db")
	os.MkdirAll(filepath.Dir(path), 0o700)
	app, err := storage.Open(path) // the app is running
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	q, _ := questionnaire.Default()
	for i := 0; i < 3; i++ {
		sess, _ := app.NewSession(q, "T01", "cs")
		app.Complete(sess.ID)
	}
	stick := filepath.Join(dir, "stick")
	os.Mkdir(stick, 0o755)
	code, out, e := runCLI(t, "send", "--store", path, stick)
	if code != 0 || !strings.Contains(out, "handed in "+stick) || !strings.Contains(out, "3 sessions (3 finished, 0 in progress), numbers 1-3") {
		t.Fatalf("send while the app runs: exit %d\n%s%s", code, out, e)
	}
	first, _ := filepath.Glob(filepath.Join(stick, "*.db"))
	// A new interview, not handed in yet: the laptop's store shows it.
	started, _ := app.NewSession(q, "T01", "cs")
	code, out, _ = runCLI(t, "collect-status", stick, path)
	if code != 1 || !strings.Contains(out, "3 of 4 started are in hand-ins") || !strings.Contains(out, "GAP:           1 session started on the laptop is in no hand-in: 4") ||
		!strings.Contains(out, "session "+started.ID.String()+" (in the laptop's store only)") {
		t.Errorf("collect-status with a session not handed in: exit %d\n%s", code, out)
	}
	// The second hand-in, on another stick that is then forgotten; a
	// third, and a copy of the first.
	other := filepath.Join(dir, "forgotten")
	os.Mkdir(other, 0o755)
	if code, out, e := runCLI(t, "send", "--store", path, other); code != 0 {
		t.Fatalf("second send: %s%s", out, e)
	}
	app.Complete(started.ID)
	if code, out, e := runCLI(t, "send", "--store", path, stick); code != 0 {
		t.Fatalf("third send: %s%s", out, e)
	}
	data, _ := os.ReadFile(first[0])
	os.WriteFile(filepath.Join(stick, "copy-of-first.db"), data, 0o600)
	code, out, _ = runCLI(t, "collect-status", stick)
	if code != 1 || !strings.Contains(out, "last hand-in:  3") || !strings.Contains(out, "MISSING:       hand-in 2 of") ||
		!strings.Contains(out, "copy-of-first.db is a copy of hand-in 1") || !strings.Contains(out, "4 of 4 started are in hand-ins") || strings.Contains(out, "GAP") {
		t.Errorf("collect-status with a forgotten stick and a copy: exit %d\n%s", code, out)
	}
	// The export of the sticks has every session once.
	code, _, e = runCLI(t, "export", "-o", filepath.Join(dir, "out.csv"), "--include-partial", stick, other)
	rows, _ := os.ReadFile(filepath.Join(dir, "out.csv"))
	if code != 0 || strings.Count(string(rows), "\n") != 1+4 {
		t.Errorf("export of the hand-ins: exit %d, %d rows\n%s", code, strings.Count(string(rows), "\n")-1, e)
	}
	runSteps(t, []step{
		{[]string{"send", "--store", path, filepath.Join(dir, "nowhere")}, 1, "", "does not exist; plug in the stick"},
		{[]string{"send", "--store", path, filepath.Dir(path)}, 1, "", "the store's own folder"},
		{[]string{"send", "--store", path}, 2, "", "name the folder"},
		{[]string{"collect-status"}, 2, "", "name the folders"},
	})
}
