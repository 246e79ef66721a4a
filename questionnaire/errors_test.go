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

// An order comparison that a missing option's code also passes
// (${znamka} >= 3 with 9 = don't know) is a warning, unless the
// expression leaves the code out.
func TestWarningMissingCodeInBound(t *testing.T) {
	src := `
id: dk
version: "1"
title: DK
choices:
  skola:
    - {value: "1", label: výborně, favorable: true}
    - {value: "2", label: chvalitebně, favorable: true}
    - {value: "3", label: dobře}
    - {value: "4", label: dostatečně}
    - {value: "5", label: nedostatečně}
    - {value: "9", label: nevím, missing: dont_know}
questions:
  - {name: znamka, type: select_one skola, label: Známka}
  - {name: a, type: text, label: A, relevant: "${znamka} >= 3"}
  - {name: b, type: text, label: B, relevant: "${znamka} >= 3 and ${znamka} <= 5"}
  - {name: c, type: text, label: C, relevant: "${znamka} >= 3 and ${znamka} != '9'"}
  - {name: d, type: text, label: D, relevant: "${znamka} <= 2"}
  - {name: e, type: calculate, calculation: "if(4 <= ${znamka}, 1, 0)"}
`
	q, err := Parse("dk.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range q.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		"dk.yaml:15:48: warning: relevant: ${znamka} >= 3 also holds for 9 (nevím), a missing answer; add a bound that leaves it out, such as and ${znamka} <= 5",
		"dk.yaml:19:54: warning: calculation: ${znamka} >= 4 also holds for 9 (nevím), a missing answer; add a bound that leaves it out, such as and ${znamka} <= 5",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
