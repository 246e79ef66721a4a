package export

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"anketa/questionnaire"
)

// need finds a tool the test runs, failing in CI (which installs it) and
// skipping, with a message, elsewhere.
func need(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing; .ci/run installs it", tool)
		}
		t.Skipf("SKIPPED: %s is not installed; CI installs it and runs this test", tool)
	}
	return p
}

func generated(t *testing.T, n int) (dir string, stores []string) {
	t.Helper()
	dir = t.TempDir()
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	stores, err = Generate(GenerateOptions{Questionnaire: q, Sessions: n, Stores: 3, Seed: 3, Dir: filepath.Join(dir, "stores")})
	if err != nil {
		t.Fatal(err)
	}
	return dir, stores
}

// TestPSPPReadsTheSyntax runs the generated .sps through pspp and checks
// that the data arrive with their variable labels, value labels and
// missing values.
func TestPSPPReadsTheSyntax(t *testing.T) {
	pspp := need(t, "pspp")
	dir, stores := generated(t, 400)
	for _, d := range []Dialect{RFC4180, ExcelCS} {
		out := filepath.Join(dir, "out.csv")
		if _, err := Run(Options{Paths: stores, Out: out, Sidecars: true, Dialect: d}); err != nil {
			t.Fatal(err)
		}
		script := filepath.Join(dir, "check.sps")
		os.WriteFile(script, []byte("INCLUDE FILE='out.sps'.\nFREQUENCIES /VARIABLES=celkove navstev.\nDISPLAY LABELS.\n"), 0o644)
		cmd := exec.Command(pspp, "-O", "format=txt", "-o", "result.txt", "check.sps")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pspp: %v\n%s", err, out)
		}
		res, _ := os.ReadFile(filepath.Join(dir, "result.txt"))
		text := string(res)
		for _, want := range []string{
			"Jak celkově hodnotíte dnešní vyřízení", // a variable label, with diacritics
			"1 – výborně",     // a value label
			"Missing nevím",   // the list's own don't know is missing
			"Missing skipped", // our skipped code is missing
			"Pracoviště",      // DISPLAY LABELS lists the workplace's label
		} {
			if !strings.Contains(text, want) {
				t.Errorf("dialect %d: pspp output lacks %q:\n%s", d, want, text)
			}
		}
		if strings.Contains(text, "error") || strings.Contains(text, "Error") {
			t.Errorf("dialect %d: pspp reported an error:\n%s", d, text)
		}
	}
}

// TestLibreOfficeReadsExcelCS converts the excel-cs CSV with headless
// LibreOffice and checks that every cell, diacritics included, comes out
// as we wrote it, in the same columns.
func TestLibreOfficeReadsExcelCS(t *testing.T) {
	soffice := need(t, "soffice")
	dir, stores := generated(t, 300)
	src := filepath.Join(dir, "excel.csv")
	if _, err := Run(Options{Paths: stores, Out: src, Dialect: ExcelCS}); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "lo")
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--infilter=CSV:59,34,76,1", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", outDir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	ours := readCSV(t, src, ';')
	theirs := readCSV(t, filepath.Join(outDir, "excel.csv"), ',')
	if len(ours) != len(theirs) {
		t.Fatalf("LibreOffice read %d rows, we wrote %d", len(theirs), len(ours))
	}
	diacritics := false
	for i := range ours {
		if len(ours[i]) != len(theirs[i]) {
			t.Fatalf("row %d: LibreOffice read %d columns, we wrote %d", i, len(theirs[i]), len(ours[i]))
		}
		for j := range ours[i] {
			if ours[i][j] != theirs[i][j] {
				t.Errorf("row %d column %s: LibreOffice read %q, we wrote %q", i, ours[0][j], theirs[i][j], ours[i][j])
			}
			if strings.ContainsAny(ours[i][j], "ěščřžýáíéůú") {
				diacritics = true
			}
		}
	}
	if !diacritics {
		t.Error("the test data hold no Czech diacritics to check")
	}
}

func readCSV(t *testing.T, path string, comma rune) [][]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff"))))
	r.Comma = comma
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}
