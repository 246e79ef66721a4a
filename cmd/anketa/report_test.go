package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anketa/questionnaire"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	stores := filepath.Join(dir, "stores")
	if code, _, e := runCLI(t, "generate", "--sessions", "600", "--stores", "3", "--seed", "2", "--out", stores); code != 0 {
		t.Fatalf("generate: %s", e)
	}
	html := filepath.Join(dir, "r.html")
	js := filepath.Join(dir, "r.json")
	runSteps(t, []step{
		{[]string{"report"}, 2, "", "name at least one store"},
		{[]string{"report", "--period", "year", stores}, 2, "", "--period is week, month or quarter"},
		{[]string{"report", "--cluster", "team", stores}, 2, "", "--cluster is interviewer-day, day, interviewer or none"},
		{[]string{"report", "--window", "8", stores}, 2, "", "--window is a number of weeks or days, such as 8w or 30d"},
		{[]string{"report", "--weights-partial", "drop", stores}, 2, "", "give it with --weights FILE"},
		{[]string{"report", "--weights-partial", "guess", "--weights", "v.csv", stores}, 2, "", "--weights-partial is drop or as-sampled"},
		{[]string{"report", "--weights", filepath.Join(dir, "none.csv"), stores}, 1, "", "cannot read the weights file"},
		{[]string{"report", "--compare", "1.10.2026", stores}, 2, "", "--compare takes a date as YYYY-MM-DD"},
		{[]string{"report", "-o", filepath.Join(dir, "r.pdf"), stores}, 2, "", "-o names an .html or a .json file"},
		{[]string{"report", "--lang", "de", stores}, 2, "", "--lang is cs or en"},
		{[]string{"report", "--by", "navstev", stores}, 1, "", "--by navstev: not a select_one question"},
		{[]string{"report", filepath.Join(dir, "nothing")}, 1, "", "no stores found"},
		{[]string{"report", "--lang", "en", stores}, 0, "Overall, how do you rate", ""},
		{[]string{"report", "--by", "pracoviste", "--period", "week", "--compare", "2026-10-15", "-o", html, stores}, 0, "Před a po 2026-10-15", "wrote " + html},
		{[]string{"report", "--json", "-o", js, stores}, 0, "Kvalita terénní práce", "wrote " + js},
		{[]string{"report", "--json", stores}, 0, `"questionnaire": "spokojenost_magistrat"`, ""},
	})
	page, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(page), "<svg") || !strings.Contains(string(page), "Podle: Pracoviště") {
		t.Errorf("the HTML report: %v", err)
	}
	var figures struct {
		Sessions int `json:"sessions"`
		Overall  struct {
			Questions []struct {
				Name string `json:"name"`
				N    int    `json:"n"`
			} `json:"questions"`
		} `json:"overall"`
	}
	data, _ := os.ReadFile(js)
	if err := json.Unmarshal(data, &figures); err != nil || figures.Sessions == 0 || len(figures.Overall.Questions) == 0 {
		t.Errorf("the JSON report: %v %+v", err, figures)
	}
}

// TestMeasuresCommands: the measures register as a coordinator uses it:
// check names each fault by line and column, the report refuses a date
// outside the data and lists a register that fits.
func TestMeasuresCommands(t *testing.T) {
	dir := t.TempDir()
	stores := filepath.Join(dir, "stores")
	if code, _, e := runCLI(t, "generate", "--sessions", "300", "--stores", "1", "--seed", "3", "--out", stores); code != 0 {
		t.Fatalf("generate: %s", e)
	}
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("measures.yaml", "measures:\n  - id: druha-prepazka\n    date: 2026-10-15\n    workplaces: [\"1\"]\n    questions: [cekani]\n    description: Druhá přepážka v poledne\n")
	bad := write("bad.yaml", "measures:\n  - {id: a, date: 2026-10-15, workplaces: [\"7\"], questions: [cekan]}\n")
	early := write("early.yaml", "measures:\n  - id: a\n    date: 2020-01-01\n")
	yaml := write("q.yaml", mustEmbedded(t))
	runSteps(t, []step{
		{[]string{"check", "--measures", good, yaml}, 0, "measures.yaml: ok: 1 measures, checked against " + yaml, ""},
		{[]string{"check", "--measures", bad, yaml}, 1, "", "bad.yaml:2:44: workplace \"7\" is not a code of pracoviste"},
		{[]string{"check", "--measures", bad, yaml}, 1, "", "bad.yaml:2:62: \"cekan\" is not a question of spokojenost_magistrat"},
		{[]string{"check", "--measures", filepath.Join(dir, "none.yaml"), yaml}, 1, "", "cannot read the measures register"},
		{[]string{"report", "--measures", early, stores}, 1, "", "early.yaml:3:11: measure a took effect on 2020-01-01, outside the data"},
		{[]string{"report", "--measures", good, stores}, 0, "2026-10-15  druha-prepazka  Odbor registru vozidel a řidičů · cekani", ""},
	})
}

func mustEmbedded(t *testing.T) string {
	t.Helper()
	src, err := questionnaire.EmbeddedSource("spokojenost")
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// TestMethodLoop is the coordinator's loop as the README tells it:
// generate interviews with a measure that worked, write the measures
// register and the visits, report, and read the summary.
func TestMethodLoop(t *testing.T) {
	dir := t.TempDir()
	stores := filepath.Join(dir, "stores")
	code, out, e := runCLI(t, "generate", "--sessions", "6000", "--stores", "3", "--effect", "2026-10-19:2:-0.5", "--out", stores)
	if code != 0 || !strings.Contains(out, "effect from 2026-10-19 at workplace 2 on celkove: favourable share") {
		t.Fatalf("generate: exit %d\n%s%s", code, out, e)
	}
	measures := filepath.Join(dir, "measures.yaml")
	visits := filepath.Join(dir, "visits.csv")
	must(t, os.WriteFile(measures, []byte("measures:\n  - id: druha-prepazka\n    date: 2026-10-19\n    workplaces: [\"2\"]\n    questions: [celkove, cekani]\n    description: Druhá přepážka v poledne\n"), 0o644))
	must(t, os.WriteFile(visits, []byte("workplace,period,visits\n1,2026-09,900\n2,2026-09,300\n3,2026-09,500\n1,2026-10,2400\n2,2026-10,800\n3,2026-10,1500\n1,2026-11,1600\n2,2026-11,500\n3,2026-11,1000\n"), 0o644))
	html := filepath.Join(dir, "r.html")
	code, out, e = runCLI(t, "report", "--measures", measures, "--weights", visits, "--period", "week", "--by", "pracoviste", "-o", html, stores)
	if code != 0 {
		t.Fatalf("report: exit %d\n%s", code, e)
	}
	for _, want := range []string{"Po opatření druha-prepazka (2026-10-19) u otázky", "zlepšení: podíl odpovědí", "oproti ostatním pracovištím", "Převáženo na klienty, kteří přišli", "Shlukování rozhovorů", "Vývoj: podíl příznivých odpovědí po obdobích (týden)", "Účinek opatření"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	page, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(page), "Účinek opatření") || !strings.Contains(string(page), "druha-prepazka") {
		t.Errorf("the HTML report: %v", err)
	}
	bad := filepath.Join(dir, "bad.csv")
	must(t, os.WriteFile(bad, []byte("workplace,period,visits\n1,2026-10,-3\n"), 0o644))
	if code, _, e := runCLI(t, "report", "--weights", bad, stores); code != 1 || !strings.Contains(e, bad+":2: visits -3 is negative") {
		t.Errorf("a negative count: exit %d %s", code, e)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
