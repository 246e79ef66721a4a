package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The methodologist's round trip on the command line: a built-in
// questionnaire out to Excel, checked as a workbook, imported to YAML,
// checked again; the summaries agree.
func TestXLSFormCommands(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "form.xlsx")
	yaml := filepath.Join(dir, "form.yaml")
	runSteps(t, []step{
		{[]string{"questionnaire", "export-xlsform", "-o", xlsx, "spokojenost"}, 0, "", "wrote " + xlsx},
		{[]string{"questionnaire", "export-xlsform", "-o", xlsx, "spokojenost"}, 1, "", "already exists"},
		{[]string{"questionnaire", "export-xlsform", "nic"}, 1, "", "no embedded questionnaire \"nic\""},
		{[]string{"check", xlsx}, 0, "ok: spokojenost_magistrat 2026.1: 12 questions, 1 group, 2 languages (cs, en), 4 choice lists", ""},
		{[]string{"import", "-o", yaml, xlsx}, 0, "", "wrote " + yaml},
		{[]string{"import", "-o", yaml, xlsx}, 1, "", "add --force"},
		{[]string{"import", "--force", "-o", yaml, xlsx}, 0, "", "wrote " + yaml},
		{[]string{"check", yaml}, 0, "ok: spokojenost_magistrat 2026.1: 12 questions, 1 group, 2 languages (cs, en), 4 choice lists", ""},
		{[]string{"import", xlsx}, 0, "id: spokojenost_magistrat", ""},
		{[]string{"import"}, 2, "", "name one workbook"},
		{[]string{"import", yaml}, 1, "", "form.yaml: this is not an Excel workbook"},
		{[]string{"questionnaire", "export-xlsform", "-o", filepath.Join(dir, "again.xlsx"), yaml}, 0, "", "wrote"},
	})
}

// A workbook with what anketa cannot ask fails with one line per cell and
// a hint; --lenient imports the rest and lists each drop.
func TestImportLenientCommand(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "odk.xlsx")
	f := excelize.NewFile()
	rows := [][]any{{"type", "name", "label", "calculation"}, {"text", "a", "A"}, {"geopoint", "where", "Where?"},
		{"calculate", "p", "", "pulldata('a', 'b', 'c', ${a})"}, {"integer", "b", "B"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	f.SetSheetName("Sheet1", "survey")
	if err := f.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	code, _, e := runCLI(t, "check", xlsx)
	for _, want := range []string{xlsx + ":survey!A3: geopoint is a location (geopoint): locations are not supported", xlsx + ":survey!D4: unknown function pulldata()", "2 errors", "anketa import --lenient"} {
		if code != 1 || !strings.Contains(e, want) {
			t.Errorf("check: exit %d, stderr lacks %q:\n%s", code, want, e)
		}
	}
	yaml := filepath.Join(dir, "odk.yaml")
	code, _, e = runCLI(t, "import", "--lenient", "-o", yaml, xlsx)
	if code != 0 || !strings.Contains(e, "survey!A3: dropped geopoint where") || !strings.Contains(e, "survey!D4: dropped calculate p") {
		t.Fatalf("import --lenient: exit %d\n%s", code, e)
	}
	src, _ := os.ReadFile(yaml)
	if code, o, e := runCLI(t, "check", yaml); code != 0 || !strings.Contains(o, "2 questions") {
		t.Errorf("the lenient import does not check: exit %d %s %s\n%s", code, o, e, src)
	}
	// check --lenient says the same of the workbook itself
	code, o, e := runCLI(t, "check", "--lenient", xlsx)
	if code != 0 || !strings.Contains(o, "ok: odk 1: 2 questions") || !strings.Contains(e, "survey!A3: dropped geopoint where") || !strings.Contains(e, "survey!D4: dropped calculate p") {
		t.Errorf("check --lenient: exit %d\n%s\n%s", code, o, e)
	}
}
