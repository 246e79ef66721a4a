package xlsform

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anketa/questionnaire"
)

// Each embedded questionnaire, written out as XLSForm and imported back,
// is the same questionnaire; and the YAML the import writes loads to it
// too.
func TestEmbeddedRoundTrip(t *testing.T) {
	for _, e := range questionnaire.EmbeddedList {
		t.Run(e.Name, func(t *testing.T) {
			orig, err := questionnaire.LoadEmbedded(e.Name)
			if err != nil {
				t.Fatal(err)
			}
			var xlsx bytes.Buffer
			if err := Write(orig, &xlsx); err != nil {
				t.Fatal(err)
			}
			res, err := Import(e.Name+".xlsx", xlsx.Bytes(), Options{})
			if err != nil {
				t.Fatalf("import of the written workbook: %v", err)
			}
			if got, want := describe(res.Questionnaire), describe(orig); got != want {
				t.Errorf("imported questionnaire differs from the embedded one\n--- got\n%s\n--- want\n%s\n--- yaml\n%s", got, want, res.YAML)
			}
			fromYAML, err := questionnaire.Parse(e.Name+".yaml", res.YAML)
			if err != nil {
				t.Fatalf("the imported YAML does not load: %v\n%s", err, res.YAML)
			}
			if got, want := describe(fromYAML), describe(orig); got != want {
				t.Errorf("YAML differs\n--- got\n%s\n--- want\n%s", got, want)
			}
			// Writing the import out again gives the same workbook content.
			var again bytes.Buffer
			if err := Write(res.Questionnaire, &again); err != nil {
				t.Fatal(err)
			}
			res2, err := Import(e.Name+".xlsx", again.Bytes(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(res2.YAML, res.YAML) {
				t.Errorf("a second round trip changed the YAML\n--- first\n%s\n--- second\n%s", res.YAML, res2.YAML)
			}
		})
	}
}

// ReadFile on an .xlsx goes through the importer, so every command that
// takes a questionnaire file takes a workbook.
func TestReadFileXLSX(t *testing.T) {
	orig, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	var xlsx bytes.Buffer
	if err := Write(orig, &xlsx); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "form.xlsx")
	if err := os.WriteFile(path, xlsx.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	q, err := questionnaire.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if q.File != path || describe(q) != describe(orig) {
		t.Errorf("ReadFile(%s): file %s, questionnaire\n%s", path, q.File, describe(q))
	}
}

// A questionnaire that seals its sessions keeps its recipients through a
// workbook: anketa's own settings column.
func TestRecipientsRoundTrip(t *testing.T) {
	const key = "age169y0fgc6zx4xdjvgwe40ywux9v4dc9l3uxajk55jvh0laqclv5sq0uuldd"
	q, err := questionnaire.Parse("s.yaml", []byte("id: s\nversion: \"1\"\ntitle: S\nrecipients: ["+key+"]\nquestions:\n  - {name: a, type: text, label: A}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var xlsx bytes.Buffer
	if err := Write(q, &xlsx); err != nil {
		t.Fatal(err)
	}
	res, err := Import("s.xlsx", xlsx.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Questionnaire.Recipients; len(got) != 1 || got[0] != key {
		t.Errorf("recipients %v", got)
	}
}

// An .xls or .ods file is read for what it is, and the error says how to
// save it, rather than that XLSForm is not supported.
func TestReadFileOtherSpreadsheets(t *testing.T) {
	dir := t.TempDir()
	xls := filepath.Join(dir, "old.xls")
	os.WriteFile(xls, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), 0o644)
	if _, err := questionnaire.ReadFile(xls); err == nil || !strings.Contains(err.Error(), "old.xls: this is an Excel 97-2003 workbook (.xls)") {
		t.Errorf(".xls: %v", err)
	}
	ods := filepath.Join(dir, "form.ods")
	os.WriteFile(ods, []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet"), 0o644)
	if _, err := questionnaire.ReadFile(ods); err == nil || !strings.Contains(err.Error(), "form.ods: this is an OpenDocument spreadsheet (.ods); save it as .xlsx") {
		t.Errorf(".ods: %v", err)
	}
}

// The constructs ODK forms bring survive a round trip through a workbook:
// ranges, dates with times, times, dynamic defaults, blocking notes,
// calculated selects, choice duplicates.
func TestODKConstructsRoundTrip(t *testing.T) {
	orig, err := questionnaire.Parse("odk.yaml", []byte(`
id: "odk: 2026"
version: "1"
title: ODK
allow_choice_duplicates: true
choices:
  yn: [{value: "1", label: ano}, {value: "0", label: ne}]
  okres:
    - {value: king, label: King, stat: wa}
    - {value: king, label: King, stat: tx}
questions:
  - {name: zacatek, type: calculate, calculation: "once(now())"}
  - {name: stat, type: text, label: Stát}
  - {name: okres, type: select_one okres, label: Okres, choice_filter: "stat = ${stat}"}
  - {name: vek, type: integer, label: Věk, range: {start: 18, end: 99, step: 1}}
  - {name: podil, type: decimal, label: Podíl, range: {start: 0, end: 1, step: 0.25}}
  - {name: cela, type: decimal, label: Celá, range: {start: 0, end: 10, step: 1}}
  - {name: stop, type: note, label: Stop, required: true, relevant: "${vek} < 18"}
  - {name: dospely, type: select_one yn, label: Dospělý?, calculation: "if(${vek} >= 18, 1, 0)"}
  - {name: kdy, type: datetime, label: Kdy?}
  - {name: odchod, type: time, label: Odchod}
  - {name: osloveni, type: text, label: Oslovení, default: "concat('pan ', ${stat})"}
  - {name: den, type: date, label: Den, default: "today()"}
`))
	if err != nil {
		t.Fatal(err)
	}
	var xlsx bytes.Buffer
	if err := Write(orig, &xlsx); err != nil {
		t.Fatal(err)
	}
	res, err := Import("odk.xlsx", xlsx.Bytes(), Options{})
	if err != nil {
		t.Fatalf("import of the written workbook: %v", err)
	}
	odk := func(q *questionnaire.Questionnaire) string {
		s := describe(q)
		for _, it := range q.Items {
			s += fmt.Sprintf("%s range=%v defexpr=%q ", it.Name, it.Range, it.DefaultExpr.Src)
		}
		return s + fmt.Sprintf("dups=%v offered=%d", q.AllowChoiceDuplicates, len(q.List("okres").Offered()))
	}
	if got, want := odk(res.Questionnaire), odk(orig); got != want {
		t.Errorf("imported questionnaire differs\n--- got\n%s\n--- want\n%s\n--- yaml\n%s", got, want, res.YAML)
	}
}
