package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		{[]string{"report", "--period", "year", stores}, 2, "", "--period is week or month"},
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
