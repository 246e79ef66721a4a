package export

import (
	"os"
	"path/filepath"
	"testing"

	"anketa/questionnaire"
	"anketa/storage"
)

// An ODK form's constructs in the export: a select its calculation answers
// is exported with its code (the answer the interview showed), and a
// calculation worked out once in the interview (once(now())) is exported
// as the store keeps it, not worked out again, so that two exports of the
// same store are the same.
func TestComputedAndKeptValues(t *testing.T) {
	q, err := questionnaire.Parse("odk.yaml", []byte(`
id: odk
version: "1"
title: ODK
choices:
  yn: [{value: "1", label: ano}, {value: "0", label: ne}]
questions:
  - {name: zacatek, type: calculate, calculation: "once(now())"}
  - {name: vek, type: integer, label: Věk}
  - {name: dospely, type: select_one yn, label: Dospělý?, calculation: "if(${vek} >= 18, 1, 0)"}
  - {name: prisel, type: datetime, label: Kdy?}
`))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, dir: t.TempDir()}
	const kept = "2026-12-02T08:40:10.123+01:00"
	path := f.store("a.db", func(s *storage.Store) {
		session(t, s, q, true, "zacatek", questionnaire.TextValue(kept), "vek", questionnaire.IntValue(30), "prisel", questionnaire.TextValue("2026-12-02T08:40:00"))
		session(t, s, q, true, "zacatek", questionnaire.TextValue(kept), "vek", questionnaire.IntValue(12))
	})
	var outs [][]byte
	for _, name := range []string{"one.csv", "two.csv"} {
		out := filepath.Join(f.dir, name)
		_, rows := run(t, Options{Paths: []string{path}, Out: out})
		got, _ := byID(rows)
		var adults []string
		for _, r := range got {
			if r["zacatek"] != kept {
				t.Errorf("zacatek = %q, want the kept %q", r["zacatek"], kept)
			}
			adults = append(adults, r["vek"]+":"+r["dospely"])
		}
		for _, want := range []string{"30:1", "12:0"} {
			found := false
			for _, a := range adults {
				found = found || a == want
			}
			if !found {
				t.Errorf("age:adult pairs %v lack %s", adults, want)
			}
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	if string(outs[0]) != string(outs[1]) {
		t.Error("two exports of the same store differ")
	}
}

// A form_id may hold a colon and spaces, as pyxform allows: the export
// keeps it as the questionnaire's id, quoted in the CSV and its syntax
// files, and escaped in a Parquet partition's folder name.
func TestIDWithColonAndSpace(t *testing.T) {
	q, err := questionnaire.Parse("msna.yaml", []byte(`
id: "msna 2024: v2"
version: "1"
title: MSNA
questions:
  - {name: vek, type: integer, label: Věk}
`))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, dir: t.TempDir()}
	path := f.store("a.db", func(s *storage.Store) { session(t, s, q, true, "vek", questionnaire.IntValue(30)) })
	out := filepath.Join(f.dir, "msna.csv")
	_, rows := run(t, Options{Paths: []string{path}, Out: out, Sidecars: true})
	got, _ := byID(rows)
	for _, r := range got {
		if r["questionnaire_id"] != "msna 2024: v2" {
			t.Errorf("questionnaire_id %q", r["questionnaire_id"])
		}
	}
	pq := filepath.Join(f.dir, "pq")
	if _, err := Run(Options{Paths: []string{path}, Out: pq, Format: "parquet"}); err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(pq, "questionnaire=msna%202024%3A%20v2", "month=*", "*.parquet"))
	if len(parts) != 1 {
		entries, _ := os.ReadDir(pq)
		t.Errorf("parquet partitions %v; the folder holds %v", parts, entries)
	}
}
