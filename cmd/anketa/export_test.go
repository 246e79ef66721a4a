package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func tokyo(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestExportAndGenerateCommands(t *testing.T) {
	dir := t.TempDir()
	stores := filepath.Join(dir, "stores")
	code, out, errOut := runCLI(t, "generate", "--sessions", "300", "--stores", "3", "--seed", "5", "--out", stores)
	if code != 0 || !strings.Contains(out, "wrote 300 sessions of spokojenost_magistrat 2026.1 into 3 stores") {
		t.Fatalf("generate: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, "generate", "--sessions", "10", "--out", stores); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("generate into a used folder: exit %d %s", code, errOut)
	}
	if locks, _ := filepath.Glob(filepath.Join(stores, "*.lock")); len(locks) > 0 {
		t.Errorf("generate left lock files: %v", locks)
	}
	csvPath := filepath.Join(dir, "out.csv")
	code, _, errOut = runCLI(t, "export", "-o", csvPath, stores)
	if code != 0 || !strings.Contains(errOut, "sessions of spokojenost_magistrat from 3 stores") || !strings.Contains(errOut, "--include-partial adds them") || !strings.Contains(errOut, "found in more than one store, kept once") {
		t.Fatalf("export: exit %d\n%s", code, errOut)
	}
	for _, ext := range []string{".csv", ".codebook.md", ".sps", ".do", ".R"} {
		if _, err := os.Stat(filepath.Join(dir, "out"+ext)); err != nil {
			t.Errorf("export did not write out%s", ext)
		}
	}
	code, stdout, _ := runCLI(t, "export", "-o", "-", "--format", "long", "--include-partial", stores)
	if code != 0 || !strings.HasPrefix(stdout, "session_id,questionnaire_id,") || !strings.Contains(stdout, ",in_progress,") {
		t.Errorf("export to stdout: exit %d\n%.300s", code, stdout)
	}
	// A damaged store among the good ones: exported, named, exit 1.
	os.WriteFile(filepath.Join(stores, "broken.db"), []byte(strings.Repeat("x", 10000)), 0o600)
	code, _, errOut = runCLI(t, "export", "-o", csvPath, stores)
	if code != 1 || !strings.Contains(errOut, "skipped "+filepath.Join(stores, "broken.db")+": not an anketa store") || !strings.Contains(errOut, "--skip-bad") {
		t.Errorf("export with a damaged store: exit %d\n%s", code, errOut)
	}
	if code, _, errOut = runCLI(t, "export", "-o", csvPath, "--skip-bad", stores); code != 0 {
		t.Errorf("export --skip-bad: exit %d\n%s", code, errOut)
	}
	for _, bad := range [][]string{
		{"export", stores},
		{"export", "-o", csvPath},
		{"export", "-o", csvPath, "--dialect", "excel", stores},
		{"export", "-o", csvPath, "--code-skipped", ".a", stores},
		{"export", "-o", csvPath, "--code-none", "-99", stores},
		{"export", "-o", csvPath, "--tz", "Europe/Plzen", stores},
		{"report", "--tz", "Mars/Olympus", stores},
		{"generate", "--out", dir},
	} {
		if code, _, _ := runCLI(t, bad...); code != 2 {
			t.Errorf("anketa %s: exit %d, want 2", strings.Join(bad, " "), code)
		}
	}
	if _, _, errOut = runCLI(t, "export", "-o", csvPath, "--tz", "Europe/Plzen", stores); !strings.Contains(errOut, `unknown time zone "Europe/Plzen"`) {
		t.Errorf("a wrong zone is not named: %s", errOut)
	}
	// excel-cs writes local times in the zone asked for; the codebook names it.
	excel := filepath.Join(dir, "excel.csv")
	if code, _, errOut = runCLI(t, "export", "-o", excel, "--dialect", "excel-cs", "--tz", "Asia/Tokyo", "--skip-bad", stores); code != 0 {
		t.Fatalf("export --tz: exit %d %s", code, errOut)
	}
	rfc, _ := os.ReadFile(csvPath)
	cs, _ := os.ReadFile(excel)
	utc := strings.Split(strings.Split(string(rfc), "\n")[1], ",")[7]
	local := strings.Split(strings.Split(string(cs), "\r\n")[1], ";")[7]
	if tm, err := time.Parse(time.RFC3339, utc); err != nil || tm.In(tokyo(t)).Format("2006-01-02 15:04:05") != local {
		t.Errorf("the first session started at %s UTC, excel-cs in Tokyo says %s", utc, local)
	}
	if book, _ := os.ReadFile(filepath.Join(dir, "excel.codebook.md")); !strings.Contains(string(book), "local time in Asia/Tokyo") {
		t.Error("the codebook does not name the zone")
	}
	if code, _, errOut = runCLI(t, "export", "-o", filepath.Join(dir, "nowhere", "out.csv"), stores); code != 1 || !strings.Contains(errOut, "does not exist") {
		t.Errorf("export into a missing folder: exit %d %s", code, errOut)
	}
}

// TestNoOutputOverAStore: export and report refuse to write over a store.
func TestNoOutputOverAStore(t *testing.T) {
	dir := t.TempDir()
	stores := filepath.Join(dir, "stores")
	if code, _, e := runCLI(t, "generate", "--sessions", "20", "--out", stores); code != 0 {
		t.Fatal(e)
	}
	victim := filepath.Join(stores, "laptop-01.db")
	before, _ := os.ReadFile(victim)
	runSteps(t, []step{
		{[]string{"export", "-o", victim, "--no-sidecars", victim}, 1, "", "it is one of the inputs"},
		{[]string{"export", "-o", filepath.Join(dir, "x.sps"), stores}, 1, "", "would be written twice"},
		{[]string{"report", "-o", filepath.Join(stores, "laptop-01.json"), victim}, 0, "", ""},
	})
	os.Rename(victim, filepath.Join(dir, "moved.db"))
	victim = filepath.Join(dir, "moved.db")
	runSteps(t, []step{
		{[]string{"report", "-o", victim + ".html", victim}, 0, "", ""},
	})
	// a store under a report's name
	os.Rename(victim, filepath.Join(dir, "zprava.html"))
	runSteps(t, []step{
		{[]string{"report", "-o", filepath.Join(dir, "zprava.html"), stores}, 1, "", "it is an anketa store"},
	})
	if after, _ := os.ReadFile(filepath.Join(dir, "zprava.html")); string(after) != string(before) {
		t.Error("the store was changed")
	}
}

// TestExportParquetCommand: the Parquet export as a coordinator runs it,
// and its wrong uses.
func TestExportParquetCommand(t *testing.T) {
	dir := t.TempDir()
	stores := filepath.Join(dir, "stores")
	if code, _, e := runCLI(t, "generate", "--sessions", "200", "--stores", "2", "--out", stores); code != 0 {
		t.Fatal(e)
	}
	pq := filepath.Join(dir, "parquet")
	code, _, e := runCLI(t, "export", "--format", "parquet", "-o", pq, stores)
	if code != 0 || !strings.Contains(e, "wrote "+pq+": ") || !strings.Contains(e, "Parquet file") {
		t.Fatalf("export --format parquet: exit %d\n%s", code, e)
	}
	if _, err := os.Stat(pq + ".codebook.md"); err != nil {
		t.Error("no codebook beside the folder")
	}
	runSteps(t, []step{
		{[]string{"export", "--format", "parquet", "-o", pq, stores}, 1, "", "the folder exists and is not empty; name a new folder, or replace it with --force"},
		{[]string{"export", "--format", "parquet", "--force", "-o", pq, stores}, 0, "", "wrote"},
		{[]string{"export", "--format", "parquet", "-o", "-", stores}, 2, "", "writes a folder"},
		{[]string{"export", "--format", "parquet", "--dialect", "excel-cs", "-o", pq, stores}, 2, "", "--dialect is for CSV"},
		{[]string{"export", "--format", "feather", "-o", pq, stores}, 2, "", "--format is wide, long or parquet"},
	})
}
