package xlsform

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"anketa/questionnaire"
)

// TestLibreOfficeRoundTrip has a real spreadsheet program open the
// workbook we write and save it again, as a methodologist editing it
// would, and imports what it saved: the questionnaire is unchanged.
func TestLibreOfficeRoundTrip(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice is missing; .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("SKIPPED: soffice is not installed; CI installs it and runs this test")
	}
	orig, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var xlsx bytes.Buffer
	if err := Write(orig, &xlsx); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "form.xlsx")
	if err := os.WriteFile(src, xlsx.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "saved")
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	saved := filepath.Join(out, "form.xlsx")
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatalf("LibreOffice wrote nothing: %v", err)
	}
	if bytes.Equal(data, xlsx.Bytes()) {
		t.Fatal("LibreOffice returned our bytes unchanged; the test would prove nothing")
	}
	res, err := Import(saved, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := describe(res.Questionnaire), describe(orig); got != want {
		t.Errorf("after LibreOffice saved it:\n--- got\n%s\n--- want\n%s", got, want)
	}
}
