package questionnaire

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestBrokenQuestionnaires pins the exact messages, with line and column,
// that a methodologist sees for each broken questionnaire in
// testdata/broken. Run with -update after changing a message on purpose,
// and read the diff.
func TestBrokenQuestionnaires(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil || len(files) < 15 {
		t.Fatalf("want at least 15 broken questionnaires, found %d (%v)", len(files), err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			q, err := ReadFile(f)
			var got string
			switch {
			case err != nil:
				got = err.Error() + "\n"
			case len(q.Warnings) > 0:
				got = q.Warnings.Error() + "\n"
			default:
				t.Fatalf("%s loaded without a problem", f)
			}
			golden := strings.TrimSuffix(f, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("messages differ\n got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(filepath.Join(dir, "nope.yaml")); err == nil || !strings.Contains(err.Error(), "nope.yaml: no such file") {
		t.Errorf("missing file: %v", err)
	}
	bin := filepath.Join(dir, "bin.yaml")
	os.WriteFile(bin, []byte{0xff, 0xfe, 0, 1, 2}, 0o644)
	if _, err := ReadFile(bin); err == nil || !strings.Contains(err.Error(), "bin.yaml:1:1: the file is not UTF-8") {
		t.Errorf("binary file: %v", err)
	}
	blank := filepath.Join(dir, "blank.yaml")
	os.WriteFile(blank, []byte("\n  \n# only a comment\n"), 0o644)
	if _, err := ReadFile(blank); err == nil || !strings.Contains(err.Error(), "the file is empty") {
		t.Errorf("blank file: %v", err)
	}
}

func TestEmbeddedLoad(t *testing.T) {
	for _, e := range EmbeddedList {
		q, err := LoadEmbedded(e.Name)
		if err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		if len(q.Warnings) > 0 {
			t.Errorf("%s: warnings:\n%v", e.Name, q.Warnings)
		}
	}
	if _, err := LoadEmbedded("nic"); err == nil || !strings.Contains(err.Error(), "spokojenost") {
		t.Errorf("unknown embedded name: %v", err)
	}
}
