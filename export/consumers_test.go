package export

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"anketa/questionnaire"
	"anketa/storage"
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

// TestLibreOfficeReadsExcelCS opens the excel-cs CSV in headless
// LibreOffice as a Czech spreadsheet would (semicolons, UTF-8, Czech
// locale, numbers and dates recognised), saves it as a flat ODS, and
// checks that every cell, diacritics included, shows what we wrote, in
// the same columns; that the times are date cells holding our local time;
// and that numbers are numbers.
func TestLibreOfficeReadsExcelCS(t *testing.T) {
	soffice := need(t, "soffice")
	dir, stores := generated(t, 300)
	src := filepath.Join(dir, "excel.csv")
	zone, _ := ParseZone("Europe/Prague")
	if _, err := Run(Options{Paths: stores, Out: src, Dialect: ExcelCS, Zone: zone}); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "lo")
	// CSV filter: separator 59 (;), quote 34, UTF-8 (76), from line 1,
	// default column formats, Czech (1029), quoted fields not forced to
	// text, special numbers (dates) detected.
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--infilter=CSV:59,34,76,1,,1029,false,true", "--convert-to", "fods", "--outdir", outDir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	ours := readCSV(t, src, ';')
	theirs := readFODS(t, filepath.Join(outDir, "excel.fods"))
	if len(ours) != len(theirs) {
		t.Fatalf("LibreOffice read %d rows, we wrote %d", len(theirs), len(ours))
	}
	diacritics, dates := false, 0
	for i := range ours {
		if len(ours[i]) < len(theirs[i]) {
			t.Fatalf("row %d: LibreOffice read %d columns, we wrote %d", i, len(theirs[i]), len(ours[i]))
		}
		for j := range ours[i] {
			var c fodsCell
			if j < len(theirs[i]) {
				c = theirs[i][j]
			}
			if ours[i][j] != c.text {
				t.Errorf("row %d column %s: LibreOffice shows %q, we wrote %q", i, ours[0][j], c.text, ours[i][j])
			}
			if strings.ContainsAny(ours[i][j], "ěščřžýáíéůú") {
				diacritics = true
			}
			if i == 0 || ours[i][j] == "" {
				continue
			}
			switch ours[0][j] {
			case "started_at", "finished_at":
				if c.kind != "date" || c.value != strings.Replace(ours[i][j], " ", "T", 1) {
					t.Errorf("row %d %s: LibreOffice has a %s cell %q, want the date and time %s", i, ours[0][j], c.kind, c.value, ours[i][j])
				}
				dates++
			case "duration_s", "celkove", "navstev":
				if c.kind != "float" {
					t.Errorf("row %d %s: %q is a %s cell, not a number", i, ours[0][j], ours[i][j], c.kind)
				}
			}
		}
	}
	if !diacritics || dates < 500 {
		t.Errorf("the test data hold too little to check: diacritics %v, %d dates", diacritics, dates)
	}
}

type fodsCell struct{ kind, value, text string }

// readFODS reads the first sheet of a flat ODS file: each cell's value
// type, its value (a date's date-value) and its shown text.
func readFODS(t *testing.T, path string) [][]fodsCell {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	var rows [][]fodsCell
	var cur *fodsCell
	var repeat int
	var inP bool
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "table-row":
				rows = append(rows, nil)
			case "table-cell":
				cur, repeat = &fodsCell{}, 1
				text.Reset()
				for _, a := range e.Attr {
					switch a.Name.Local {
					case "value-type":
						if a.Name.Space != "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" {
							cur.kind = a.Value
						}
					case "date-value":
						cur.value = a.Value
					case "value":
						cur.value = a.Value
					case "number-columns-repeated":
						repeat, _ = strconv.Atoi(a.Value)
					}
				}
			case "p":
				if text.Len() > 0 {
					text.WriteByte('\n')
				}
				inP = true
			}
		case xml.CharData:
			if inP {
				text.Write(e)
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "p":
				inP = false
			case "table-cell":
				cur.text = text.String()
				for k := 0; k < repeat && k < 1000; k++ {
					rows[len(rows)-1] = append(rows[len(rows)-1], *cur)
				}
			}
		}
	}
	// Trailing empty cells are a spreadsheet's, not ours.
	for i, r := range rows {
		for len(r) > 0 && r[len(r)-1] == (fodsCell{}) {
			r = r[:len(r)-1]
		}
		rows[i] = r
	}
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	return rows
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

// TestLabelsCannotBreakTheSyntax: labels with line breaks, quotes and
// Stata's macro characters are written so that pspp reads the syntax
// without an error and no label line becomes a Stata command. A
// calculation that divides by zero is written as no value, not +Inf.
func TestLabelsCannotBreakTheSyntax(t *testing.T) {
	pspp := need(t, "pspp")
	f := &fixture{t, t.TempDir()}
	src := `id: injekce
version: "1"
title: "Test"
choices:
  l:
    - {value: "1", label: "ano\nshell touch pwned"}
    - {value: "2", label: "it's \"quoted\" and ` + "`x'" + ` and $HOME"}
questions:
  - name: a
    type: select_one l
    label: "First line\nshell touch pwned\r\nEXECUTE."
  - {name: b, type: integer, label: "` + "`\\\"'" + ` end"}
  - {name: c, type: calculate, calculation: "${b} div 0"}
`
	q, err := questionnaire.Parse("injekce.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := f.store("a.db", func(s *storage.Store) {
		session(t, s, q, true, "a", questionnaire.CodeValue("1"), "b", questionnaire.IntValue(3))
	})
	out := filepath.Join(f.dir, "out.csv")
	_, rows := run(t, Options{Paths: []string{p}, Out: out, Sidecars: true})
	if rows[1][len(rows[1])-1] != "" {
		t.Errorf("3 div 0 written as %q", rows[1][len(rows[1])-1])
	}
	do, _ := os.ReadFile(filepath.Join(f.dir, "out.do"))
	for _, line := range strings.Split(string(do), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "shell") || strings.HasPrefix(strings.TrimSpace(line), "EXECUTE") {
			t.Errorf("a label became a line of the do-file: %q", line)
		}
	}
	if !strings.Contains(string(do), "\\`x' and \\$HOME") {
		t.Errorf("macro characters are not escaped:\n%s", do)
	}
	cmd := exec.Command(pspp, "-O", "format=txt", "-o", "result.txt", "out.sps")
	cmd.Dir = f.dir
	if o, err := cmd.CombinedOutput(); err != nil || strings.Contains(strings.ToLower(string(o)), "error") || strings.Contains(strings.ToLower(string(o)), "warning") {
		t.Errorf("pspp: %v\n%s", err, o)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "pwned")); err == nil {
		t.Error("a label ran a command")
	}
}
