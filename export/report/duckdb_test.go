package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"anketa/export"
	"anketa/questionnaire"
)

// duckdb runs SQL in DuckDB through export/bench/duckdb.js and returns
// each statement's rows. It needs Node.js and @duckdb/node-api, which
// .ci/run installs; elsewhere the test is skipped, saying so.
func duckdb(t *testing.T, sql string) [][]map[string]any {
	t.Helper()
	node := need(t, "node", "nodejs")
	dir := os.Getenv("ANKETA_DUCKDB")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".cache", "anketa-duckdb")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@duckdb", "node-api")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("@duckdb/node-api is not in %s; .ci/run installs it", dir)
		}
		t.Skipf("SKIPPED: @duckdb/node-api is not installed in %s (npm install --prefix %s @duckdb/node-api); CI installs it", dir, dir)
	}
	cmd := exec.Command(node, "../bench/duckdb.js")
	cmd.Stdin = strings.NewReader(sql)
	cmd.Env = append(os.Environ(), "ANKETA_DUCKDB="+dir)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if x, ok := err.(*exec.ExitError); ok {
			msg = string(x.Stderr)
		}
		t.Fatalf("duckdb: %v\n%s", err, msg)
	}
	var res [][]map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var rows []map[string]any
		if err := json.Unmarshal([]byte(line), &rows); err != nil {
			t.Fatalf("duckdb printed %q: %v", line, err)
		}
		res = append(res, rows)
	}
	return res
}

// TestDuckDBReadsTheParquetExport exports the same stores to CSV and to
// Parquet, reads the Parquet files in DuckDB with hive partitioning, and
// checks every value against the CSV: the same sessions, the same
// answers, NULL where the CSV has a missing code with the kind in
// NAME__missing, lists for multiple choices, typed dates and times. The
// default questionnaire, and one with two versions, a multiple choice, a
// date and two missing options, are checked, and 20,000 sessions of one
// whose multiple choice has letter codes (a list of texts), so that a
// month holds several row groups.
//
// The files are also read by a second reader, Arrow's Rust one
// (parquet-wasm, export/bench/arrow.js), which must give every value
// DuckDB gives: anketa writes the files' pages itself.
func TestDuckDBReadsTheParquetExport(t *testing.T) {
	two := mustQ(t, "../testdata/missing2.yaml")
	src2 := strings.Replace(strings.Replace(string(two.Source), `version: "2026.10"`, `version: "2026.11"`, 1),
		`    - {value: "3", label: {cs: osobně, en: in person}}`, "    - {value: \"3\", label: {cs: osobně, en: in person}}\n    - {value: \"4\", label: {cs: pošta, en: post}}", 1)
	two2, err := questionnaire.Parse("missing2-v2.yaml", []byte(src2))
	if err != nil {
		t.Fatal(err)
	}
	cases := consumerCases(t)
	// The second version, used later, in a store of its own.
	extra, err := export.Generate(export.GenerateOptions{Questionnaire: two2, Sessions: 200, Stores: 1, Seed: 12, Dir: filepath.Join(cases[1].dir, "v2")})
	if err != nil {
		t.Fatal(err)
	}
	cases[1].stores = append(cases[1].stores, extra...)
	letters, err := questionnaire.Parse("letters.yaml", []byte(strings.NewReplacer(`{value: "1", label: {cs: web`, `{value: "w", label: {cs: web`,
		`{value: "2", label: {cs: telefon`, `{value: "t", label: {cs: telefon`, `{value: "3", label: {cs: osobně`, `{value: "o", label: {cs: osobně`).Replace(string(two.Source))))
	if err != nil {
		t.Fatal(err)
	}
	many := &consumerCase{name: "letters", dir: t.TempDir()}
	if many.stores, err = export.Generate(export.GenerateOptions{Questionnaire: letters, Sessions: 20_000, Stores: 2, Seed: 13, Dir: filepath.Join(many.dir, "stores")}); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, many)
	for _, c := range cases {
		csvPath := filepath.Join(c.dir, "all.csv")
		pq := filepath.Join(c.dir, "parquet")
		zone, _ := export.ParseZone("Europe/Prague")
		for _, opt := range []export.Options{
			{Paths: c.stores, Out: csvPath, Zone: zone, IncludePartial: true},
			{Paths: c.stores, Out: pq, Format: "parquet", Sidecars: true, Zone: zone, IncludePartial: true},
		} {
			if _, err := export.Run(opt); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		rows := readCSVRows(t, csvPath)
		res := duckdb(t, fmt.Sprintf("SELECT COLUMNS(*)::VARCHAR FROM read_parquet('%s/**/*.parquet', hive_partitioning = true) ORDER BY session_id", pq))
		got := res[0]
		if len(got) != len(rows)-1 || len(got) < 100 {
			t.Fatalf("%s: DuckDB reads %d rows, the CSV has %d", c.name, len(got), len(rows)-1)
		}
		header := rows[0]
		book := readText(t, pq+".codebook.md")
		missingCodes := map[string]string{"-99": "skipped", "-98": "dont_know", "-97": "refused", "-96": "not_applicable"}
		checked := 0
		for i, row := range rows[1:] {
			g := got[i]
			for j, name := range header {
				want, have := row[j], g[name]
				hs, _ := have.(string)
				isNull := have == nil
				switch {
				case name == "started_at" || name == "finished_at":
					if want == "" {
						if !isNull {
							t.Errorf("%s row %d %s: %v, want NULL", c.name, i, name, have)
						}
						continue
					}
					w, _ := time.Parse(time.RFC3339, want)
					h, err := time.Parse("2006-01-02 15:04:05.999-07", hs)
					if err != nil || !h.Truncate(time.Second).Equal(w) {
						t.Errorf("%s row %d %s: DuckDB %v, CSV %s", c.name, i, name, have, want)
					}
					if name == "started_at" && g["month"] != w.In(zone.Loc).Format("2006-01") {
						t.Errorf("%s row %d: partition month %v for a start at %s", c.name, i, g["month"], want)
					}
				case strings.HasSuffix(name, "__missing") || name == "month" || name == "questionnaire":
				default:
					ok, why := sameCell(want, hs, isNull, missingCodes, name, g, book)
					if !ok {
						t.Errorf("%s row %d %s: DuckDB %v (%s), CSV %q", c.name, i, name, have, why, want)
					}
					checked++
				}
			}
		}
		if g := got[0]; g["questionnaire"] == nil {
			t.Errorf("%s: no questionnaire partition column", c.name)
		}
		if c.name == "letters" {
			if _, ok := got[0]["kanaly__w"]; !ok {
				t.Errorf("%s: no 0/1 column for the letter code w", c.name)
			}
			groups := duckdb(t, fmt.Sprintf("SELECT max(row_group_id) AS last FROM parquet_metadata('%s/**/*.parquet')", pq))[0][0]["last"]
			if n, _ := strconv.Atoi(fmt.Sprint(groups)); n < 1 {
				t.Errorf("%s: no file has more than one row group (last %v)", c.name, groups)
			}
		}
		arrowAgrees(t, c.name, pq, got)
		t.Logf("%s: %d rows, %d cells compared", c.name, len(got), checked)
	}
}

// arrowAgrees reads the Parquet files with Arrow's reader and checks that
// it gives every value DuckDB gave (duck: its rows as text, in session
// order).
func arrowAgrees(t *testing.T, name, dir string, duck []map[string]any) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.parquet"))
	node := need(t, "node", "nodejs")
	cmd := exec.Command(node, append([]string{"../bench/arrow.js"}, files...)...)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if x, ok := err.(*exec.ExitError); ok {
			msg = string(x.Stderr)
		}
		if strings.Contains(msg, "Cannot find module") && os.Getenv("CI") == "" {
			t.Logf("SKIPPED the second reader: parquet-wasm and apache-arrow are not installed (see export/bench/arrow.js); CI installs them")
			return
		}
		t.Fatalf("%s: arrow.js: %v\n%s", name, err, msg)
	}
	var rows []map[string]*string
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(rows, func(a, b map[string]*string) int { return strings.Compare(*a["session_id"], *b["session_id"]) })
	if len(rows) != len(duck) {
		t.Fatalf("%s: Arrow reads %d rows, DuckDB %d", name, len(rows), len(duck))
	}
	cells := 0
	for i, row := range rows {
		for col, a := range row {
			d, inDuck := duck[i][col]
			ds, _ := d.(string)
			switch {
			case !inDuck:
				t.Fatalf("%s: Arrow reads a column %s that DuckDB does not", name, col)
			case a == nil || d == nil:
				if a != nil || d != nil {
					t.Errorf("%s row %d %s: Arrow %v, DuckDB %v", name, i, col, deref(a), d)
				}
			case !sameText(*a, ds):
				t.Errorf("%s row %d %s: Arrow %q, DuckDB %q", name, i, col, *a, ds)
			}
			cells++
		}
	}
	if len(rows[0])+2 != len(duck[0]) { // DuckDB adds the two partition columns
		t.Errorf("%s: Arrow reads %d columns, DuckDB %d besides the partitions", name, len(rows[0]), len(duck[0])-2)
	}
	t.Logf("%s: Arrow agrees with DuckDB on %d cells", name, cells)
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// sameText says whether Arrow's text and DuckDB's stand for one value:
// the same text, the same number (1 and 1.0), or the same instant.
func sameText(a, d string) bool {
	if a == d {
		return true
	}
	if x, err1 := strconv.ParseFloat(a, 64); err1 == nil {
		y, err2 := strconv.ParseFloat(d, 64)
		return err2 == nil && x == y
	}
	ta, err1 := time.Parse(time.RFC3339Nano, a)
	td, err2 := time.Parse("2006-01-02 15:04:05.999-07", d)
	return err1 == nil && err2 == nil && ta.Equal(td)
}

// sameCell says whether the Parquet value stands for the CSV cell.
func sameCell(want, have string, isNull bool, codes map[string]string, name string, row map[string]any, book string) (bool, string) {
	kind, _ := row[name+"__missing"].(string)
	_, hasCompanion := row[name+"__missing"]
	switch {
	case want == "":
		return isNull && (kind == "not_asked" || !hasCompanion), "not asked"
	case codes[want] != "":
		if hasCompanion {
			return isNull && kind == codes[want], "missing " + codes[want]
		}
		return isNull, "a missing code of a 0/1 column"
	case want == "-95":
		return have == "[]", "no option chosen"
	case isNull:
		// A list's own missing option: NULL, its kind beside.
		return kind != "" && kind != "not_asked" && kind != "skipped" && strings.Contains(book, "`"+want+"`"), "a missing option"
	case strings.HasPrefix(have, "["):
		return have == "["+strings.Join(strings.Fields(want), ", ")+"]", "a list"
	case want == have, want == "1" && have == "true", want == "0" && have == "false":
		return true, ""
	case strings.HasPrefix(want, "'") && want[1:] == have:
		return true, "the CSV's formula guard"
	}
	a, err1 := strconv.ParseFloat(want, 64)
	b, err2 := strconv.ParseFloat(have, 64)
	return err1 == nil && err2 == nil && math.Abs(a-b) < 1e-9, "a number"
}

func readCSVRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestDuckDBKeyFigures runs the tested example queries of
// export/bench/key-figures.sql on the Parquet export and checks them
// against the report's JSON: the mean and the favourable share of the
// overall grade per workplace and per month.
func TestDuckDBKeyFigures(t *testing.T) {
	c := consumerCases(t)[0]
	pq := filepath.Join(c.dir, "parquet")
	zone, _ := export.ParseZone("Europe/Prague")
	if _, err := export.Run(export.Options{Paths: c.stores, Out: pq, Format: "parquet", Zone: zone}); err != nil {
		t.Fatal(err)
	}
	sql, err := os.ReadFile("../bench/key-figures.sql")
	if err != nil {
		t.Fatal(err)
	}
	res := duckdb(t, strings.ReplaceAll(string(sql), "data/parquet", pq))
	for _, b := range []struct {
		result int
		key    string
		opt    Options
	}{
		{1, "pracoviste", Options{By: "pracoviste"}},
		{2, "month", Options{Period: "month"}},
	} {
		b.opt.Paths, b.opt.Zone = c.stores, zone
		r, err := Build(b.opt)
		if err != nil {
			t.Fatal(err)
		}
		br := r.By
		if b.key == "month" {
			br = r.Period
		}
		want := map[string][2]float64{}
		suppressed := map[string]bool{}
		for _, g := range br.Groups {
			q := questionOf(g, "celkove")
			if q.Favorable == nil { // suppressed: fewer than 10 answers
				if q.N >= Suppress || q.Reliability != labelSuppressed {
					t.Errorf("%s %s: no share of %d answers (%s)", b.key, g.Key, q.N, q.Reliability)
				}
				suppressed[g.Key] = true
				continue
			}
			want[g.Key] = [2]float64{q.Mean.Est, q.Favorable.Est}
		}
		var keys []string
		for _, row := range res[b.result] {
			k := fmt.Sprint(row[b.key])
			keys = append(keys, k)
			if suppressed[k] {
				continue
			}
			w, ok := want[k]
			mean, _ := row["mean"].(float64)
			fav, _ := row["favorable"].(float64)
			if !ok || math.Abs(mean-w[0]) > 1e-9 || math.Abs(fav-w[1]) > 1e-9 {
				t.Errorf("%s %s: DuckDB mean %v favorable %v, the report %v", b.key, k, mean, fav, w)
			}
		}
		if len(keys) != len(want)+len(suppressed) || len(want) < 2 {
			t.Errorf("%s: DuckDB has groups %v, the report %v", b.key, keys, slices.Sorted(mapKeys(want)))
		}
	}
	if len(res[4]) == 0 || res[4][0]["why"] != "dont_know" {
		t.Errorf("the missing kinds: %v", res[4])
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
