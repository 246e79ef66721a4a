package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"anketa/export"
	"anketa/questionnaire"
	"anketa/storage"
)

// consumerCase is a questionnaire with generated stores and sessions
// written as the app writes them, exported for the statistics packages.
type consumerCase struct {
	name   string
	dir    string
	stores []string
	means  map[string]float64 // the report's JSON: mean of every question that has one
}

func newConsumerCase(t *testing.T, name string, q *questionnaire.Questionnaire, extra func(s *storage.Store)) *consumerCase {
	t.Helper()
	dir := t.TempDir()
	stores, err := export.Generate(export.GenerateOptions{Questionnaire: q, Sessions: 600, Stores: 2, Seed: 11, Dir: filepath.Join(dir, "stores")})
	if err != nil {
		t.Fatal(err)
	}
	if extra != nil {
		p := filepath.Join(dir, "stores", "app.db")
		s, err := storage.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		extra(s)
		s.Close()
		stores = append(stores, p)
	}
	c := &consumerCase{name: name, dir: dir, stores: stores, means: map[string]float64{}}
	r, err := Build(Options{Paths: stores})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Overall struct {
			Questions []struct {
				Name string `json:"name"`
				Mean *struct {
					Est float64 `json:"estimate"`
				} `json:"mean"`
				Numbers *struct {
					Mean float64 `json:"mean"`
				} `json:"numbers"`
			} `json:"questions"`
		} `json:"overall"`
	}
	if err := json.Unmarshal(b.Bytes(), &parsed); err != nil {
		t.Fatal(err)
	}
	for _, q := range parsed.Overall.Questions {
		switch {
		case q.Mean != nil:
			c.means[q.Name] = q.Mean.Est
		case q.Numbers != nil:
			c.means[q.Name] = q.Numbers.Mean
		}
	}
	if len(c.means) < 2 {
		t.Fatalf("%s: the report has means for only %v", name, c.means)
	}
	return c
}

// export writes the CSV and its sidecars into the case's folder.
func (c *consumerCase) export(t *testing.T, name string, d export.Dialect) string {
	t.Helper()
	out := filepath.Join(c.dir, name+".csv")
	zone, _ := export.ParseZone("Europe/Prague")
	if _, err := export.Run(export.Options{Paths: c.stores, Out: out, Sidecars: true, Dialect: d, Zone: zone}); err != nil {
		t.Fatal(err)
	}
	return out
}

func consumerCases(t *testing.T) []*consumerCase {
	def, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	two, err := questionnaire.ReadFile("../testdata/missing2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return []*consumerCase{
		newConsumerCase(t, "default", def, nil),
		newConsumerCase(t, "two-missing", two, func(s *storage.Store) {
			// Answers the generator does not give: the missing kinds
			// without a code, an empty multiple choice, both list options
			// marked missing.
			for i, answers := range [][]any{
				{"misto", questionnaire.CodeValue("a"), "celkove", questionnaire.CodeValue("8"), "jednani", questionnaire.MissingValue(questionnaire.DontKnow),
					"kanaly", questionnaire.CodesValue(), "vek", questionnaire.MissingValue(questionnaire.Refused), "km", questionnaire.MissingValue(questionnaire.NotApplicable),
					"podano", questionnaire.MissingValue(questionnaire.DontKnow), "poznamka", questionnaire.TextValue("=SUM(A1); řádek, \"uvozovky\"")},
				{"misto", questionnaire.CodeValue("b"), "celkove", questionnaire.CodeValue("9"), "jednani", questionnaire.CodeValue("9"),
					"kanaly", questionnaire.MissingValue(questionnaire.Refused), "vek", questionnaire.IntValue(70), "km", questionnaire.DecimalValue(2.5),
					"podano", questionnaire.DateValue(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)),
					"prisel", questionnaire.TextValue("2026-03-01T08:40:00"), "odchod", questionnaire.TextValue("09:15:30")},
				{"misto", questionnaire.CodeValue("b"), "celkove", questionnaire.CodeValue("2"), "jednani", questionnaire.CodeValue("8")},
			} {
				mode := storage.ModeInterviewer
				if i == 1 {
					mode = storage.ModeSelf // answered by the client alone
				}
				sess, err := s.StartSession(mustQ(t, "../testdata/missing2.yaml"), fmt.Sprintf("X%d", i), "cs", mode)
				if err != nil {
					t.Fatal(err)
				}
				for k := 0; k < len(answers); k += 2 {
					if err := s.SetAnswer(sess.ID, answers[k].(string), answers[k+1].(questionnaire.Value)); err != nil {
						t.Fatal(err)
					}
				}
				if err := s.Complete(sess.ID); err != nil {
					t.Fatal(err)
				}
			}
			// An abandoned one, whose reason has the interviewer's words.
			sess, err := s.StartSession(mustQ(t, "../testdata/missing2.yaml"), "X9", "cs", storage.ModeSelf)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetAnswer(sess.ID, "misto", questionnaire.CodeValue("a")); err != nil {
				t.Fatal(err)
			}
			if err := s.Abandon(sess.ID, storage.OtherReason(`spěchal, "nestihl" to`)); err != nil {
				t.Fatal(err)
			}
		}),
	}
}

func mustQ(t *testing.T, path string) *questionnaire.Questionnaire {
	q, err := questionnaire.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestPSPPAndHavenGiveTheReportsMeans runs the export's SPSS syntax in
// pspp, saves a .sav, reads it with R's haven, and checks that the mean
// of every question the report gives a mean for is the report's: the
// missing options (8 and 9 as well as the export's -99 to -96) must all
// be declared missing for that. The known answer is the report's JSON,
// whose means are tested against R in stats_test.go; here pspp and haven
// are independent readers of the files.
func TestPSPPAndHavenGiveTheReportsMeans(t *testing.T) {
	pspp := need(t, "pspp", "pspp")
	rscript := need(t, "Rscript", "r-base-core")
	for _, c := range consumerCases(t) {
		for _, d := range []export.Dialect{export.RFC4180, export.ExcelCS} {
			name := fmt.Sprintf("out%d", d)
			c.export(t, name, d)
			script := filepath.Join(c.dir, "save.sps")
			os.WriteFile(script, []byte(fmt.Sprintf("INCLUDE FILE='%s.sps'.\nSAVE OUTFILE='%s.sav'.\n", name, name)), 0o644)
			cmd := exec.Command(pspp, "-O", "format=txt", "-o", "pspp.txt", "save.sps")
			cmd.Dir = c.dir
			out, err := cmd.CombinedOutput()
			log, _ := os.ReadFile(filepath.Join(c.dir, "pspp.txt"))
			if err != nil || bytes.Contains(bytes.ToLower(append(out, log...)), []byte("error")) || bytes.Contains(bytes.ToLower(append(out, log...)), []byte("warning")) {
				t.Fatalf("%s dialect %d: pspp: %v\n%s\n%s", c.name, d, err, out, log)
			}
			got := runR(t, rscript, c.dir, fmt.Sprintf(`
				d <- haven::read_sav(%q)
				for (n in commandArgs(TRUE)) cat(n, format(mean(as.numeric(d[[n]]), na.rm = TRUE), digits = 17), "\n")
				stopifnot(inherits(d$started_at, "POSIXct"), inherits(d$finished_at, "POSIXct"))
				if ("podano" %%in%% names(d)) stopifnot(inherits(d$podano, "Date"))
				if ("prisel" %%in%% names(d)) {
					# a date and time as entered, and a time of day
					stopifnot(inherits(d$prisel, "POSIXct"), any(format(d$prisel, "%%Y-%%m-%%d %%H:%%M", tz = "UTC") == "2026-03-01 08:40", na.rm = TRUE))
					stopifnot(inherits(d$odchod, "difftime"), any(as.numeric(d$odchod, units = "secs") == 9*3600 + 15*60 + 30, na.rm = TRUE))
				}
				stopifnot(is.character(d$questionnaire_version))
			`, name+".sav"), c.names())
			c.compare(t, fmt.Sprintf("pspp + haven, dialect %d", d), got)
		}
	}
}

// TestRScriptGivesTheReportsMeans sources the export's R script in base R,
// with warnings made errors, and checks the means of the codes, the
// classes it gives the columns and the kinds of missing it keeps.
func TestRScriptGivesTheReportsMeans(t *testing.T) {
	rscript := need(t, "Rscript", "r-base-core")
	for _, c := range consumerCases(t) {
		for _, d := range []export.Dialect{export.RFC4180, export.ExcelCS} {
			name := fmt.Sprintf("r%d", d)
			c.export(t, name, d)
			got := runR(t, rscript, c.dir, fmt.Sprintf(`
				options(warn = 2)
				source(%q)
				d <- anketa
				for (n in commandArgs(TRUE)) {
					x <- d[[n]]
					if (is.factor(x)) x <- anketa_codes(x)
					cat(n, format(mean(x, na.rm = TRUE), digits = 17), "\n")
				}
				stopifnot(is.character(d$questionnaire_version), inherits(d$started_at, "POSIXct"))
				stopifnot(is.ordered(d$celkove), is.factor(d$misto) || is.factor(d$pracoviste))
				if (!is.null(d$podano)) {
					stopifnot(inherits(d$podano, "Date"), inherits(d$pristi, "Date"), is.numeric(d$nespokojen), is.numeric(d$starsi))
					stopifnot(inherits(d$prisel, "POSIXct"), any(format(d$prisel, "%%Y-%%m-%%d %%H:%%M") == "2026-03-01 08:40", na.rm = TRUE))
					stopifnot(is.character(d$odchod), any(d$odchod == "09:15:30", na.rm = TRUE))
					m <- as.character(d$celkove__missing)
					stopifnot(sum(m == "dont_know", na.rm = TRUE) >= 1, sum(m == "refused", na.rm = TRUE) >= 1)
					stopifnot(any(as.character(d$jednani__missing) == "dont_know", na.rm = TRUE))
					stopifnot(any(as.character(d$vek__missing) == "refused", na.rm = TRUE))
					stopifnot(any(!is.na(d$kanaly) & d$kanaly == ""), any(as.character(d$kanaly__missing) == "refused", na.rm = TRUE))
					stopifnot(any(d$poznamka == "'=SUM(A1); řádek, \"uvozovky\"", na.rm = TRUE))
				}
			`, name+".R"), c.names())
			c.compare(t, fmt.Sprintf("R script, dialect %d", d), got)
		}
	}
}

func (c *consumerCase) names() []string {
	var names []string
	for n := range c.means {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func (c *consumerCase) compare(t *testing.T, who string, got map[string]float64) {
	t.Helper()
	for n, want := range c.means {
		g, ok := got[n]
		if !ok || math.Abs(g-want) > 1e-9 {
			t.Errorf("%s, %s: %s mean %v (found %v), the report says %v", c.name, who, n, g, ok, want)
		}
	}
}

func runR(t *testing.T, rscript, dir, code string, args []string) map[string]float64 {
	t.Helper()
	script := filepath.Join(dir, "check.R")
	os.WriteFile(script, []byte(code), 0o644)
	cmd := exec.Command(rscript, append([]string{"--vanilla", "check.R"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("Rscript: %v\n%s", err, out)
	}
	if bytes.Contains(out, []byte("Warning")) {
		t.Fatalf("R warned:\n%s", out)
	}
	got := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 2 {
			if x, err := strconv.ParseFloat(f[1], 64); err == nil {
				got[f[0]] = x
			}
		}
	}
	return got
}

// TestStataDoFileDeclaresEveryMissingCode reads the do-file as Stata
// would be told to (no Stata runs here): every column the codebook calls
// a number is imported numeric, every missing code of the codebook that a
// numeric column can hold is decoded to an extended missing value with a
// label, and every date and time column is converted and formatted.
func TestStataDoFileDeclaresEveryMissingCode(t *testing.T) {
	for _, c := range consumerCases(t) {
		out := c.export(t, "stata", export.RFC4180)
		do := readText(t, strings.TrimSuffix(out, ".csv")+".do")
		book := readText(t, strings.TrimSuffix(out, ".csv")+".codebook.md")
		header := strings.Split(strings.SplitN(readText(t, out), "\n", 2)[0], ",")

		imp := regexp.MustCompile(`(?m)^import delimited .* numericcols\(([\d ]+)\)`).FindStringSubmatch(do)
		if imp == nil {
			t.Fatalf("%s: no import line with numericcols:\n%s", c.name, do)
		}
		numeric := map[string]bool{}
		for _, k := range strings.Fields(imp[1]) {
			i, _ := strconv.Atoi(k)
			numeric[header[i-1]] = true
		}
		// The codebook's own words: each question's type, and its codes.
		exportCodes := regexp.MustCompile("(?m)^\\| `(-\\d+)` \\| (skipped|don't know|refused|not applicable) \\|").FindAllStringSubmatch(book, -1)
		if len(exportCodes) != 4 {
			t.Fatalf("%s: the codebook lists %d export codes", c.name, len(exportCodes))
		}
		sections := strings.Split(book, "\n### `")[1:]
		checked := 0
		for _, sec := range sections {
			name := sec[:strings.Index(sec, "`")]
			kind := regexp.MustCompile(`in SPSS(?:, Stata and R| and Stata): ([a-z ]+)`).FindStringSubmatch(sec)[1]
			switch {
			case strings.HasPrefix(kind, "number"):
				if !numeric[name] {
					t.Errorf("%s: %s is a number in the codebook but not among the do-file's numericcols", c.name, name)
				}
				if strings.Contains(sec, "- calculation:") {
					continue // a calculation has no missing codes
				}
				codes := []string{}
				for _, m := range exportCodes {
					codes = append(codes, m[1])
				}
				for _, m := range regexp.MustCompile("(?m)^\\| `([^`]+)` \\| .*\\*\\(missing: ").FindAllStringSubmatch(sec, -1) {
					codes = append(codes, m[1])
				}
				mv := regexp.MustCompile(`(?m)^mvdecode ` + regexp.QuoteMeta(name) + `, mv\((.*)\)$`).FindStringSubmatch(do)
				if mv == nil {
					t.Errorf("%s: no mvdecode for %s", c.name, name)
					continue
				}
				for _, code := range codes {
					m := regexp.MustCompile(`(?:^| )` + regexp.QuoteMeta(code) + `=(\.[a-z])`).FindStringSubmatch(mv[1])
					if m == nil {
						t.Errorf("%s: %s: code %s is not decoded to a missing value: %s", c.name, name, code, mv[1])
						continue
					}
					if !regexp.MustCompile(`(?m)^label define ` + regexp.QuoteMeta(name) + ` .*` + regexp.QuoteMeta(m[1]) + " `\"").MatchString(do) {
						t.Errorf("%s: %s: missing value %s has no label", c.name, name, m[1])
					}
					checked++
				}
			case kind == "date" || kind == "date and time":
				fn, format := `date\(`+name+`, "YMD"\)`, "%td"
				if kind != "date" {
					fn, format = `clock\(substr\(`+name, "%tc"
				}
				if !regexp.MustCompile(`generate double anketa_t = `+fn).MatchString(do) || !strings.Contains(do, "format anketa_t "+format+"\norder anketa_t, after("+name+")") {
					t.Errorf("%s: %s (%s) is not converted to a Stata %s", c.name, name, kind, format)
				}
			default:
				if numeric[name] {
					t.Errorf("%s: %s is text in the codebook but numeric in the do-file", c.name, name)
				}
			}
		}
		for _, meta := range []string{"started_at", "finished_at"} {
			if !strings.Contains(do, "generate double anketa_t = clock(substr("+meta+",1,10)") {
				t.Errorf("%s: %s is not converted to a Stata datetime", c.name, meta)
			}
		}
		if checked < 20 {
			t.Errorf("%s: only %d missing codes checked", c.name, checked)
		}
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
