package export

import (
	"bufio"
	"fmt"
	"path/filepath"
	"strings"

	"anketa/questionnaire"
	"anketa/storage"
)

func (ex *exporter) codebook(w *bufio.Writer, vars []variable) {
	sc := ex.sc
	lang := ex.lang()
	var versions []string
	for _, v := range sc.order {
		versions = append(versions, v.q.Version)
	}
	fmt.Fprintf(w, "# Codebook: %s\n\n", sc.order[0].q.Title.In(lang, lang))
	fmt.Fprintf(w, "- questionnaire: `%s`, versions %s (newest first)\n", sc.id, strings.Join(versions, ", "))
	fmt.Fprintf(w, "- rows: %d sessions from %d %s", ex.sum.Sessions, ex.sum.Stores, map[bool]string{true: "store", false: "stores"}[ex.sum.Stores == 1])
	if ex.opt.IncludePartial {
		fmt.Fprintf(w, " (all statuses)\n")
	} else {
		fmt.Fprintf(w, " (completed only)\n")
	}
	var pqTypes map[string]string // the Parquet columns' types, in a Parquet export
	if ex.opt.Format == "parquet" {
		pqTypes = map[string]string{}
		for _, c := range ex.parquetColumns() {
			pqTypes[c.name] = pqTypeName(c)
		}
		ex.parquetCodebookHead(w)
	} else {
		ex.csvCodebookHead(w)
	}

	fmt.Fprintf(w, "## Meta columns\n\n| column | type | meaning |\n|---|---|---|\n")
	meaning := map[string]string{
		"session_id": "the session's unique, time-ordered ID (UUIDv7)", "questionnaire_id": "the questionnaire",
		"questionnaire_version": "the version the session used (text: 2026.10 is not 2026.1)", "device_id": "the store (laptop) it came from",
		"interviewer": "the interviewer's code", "status": "completed, in_progress or abandoned",
		"language": "the interview's language", "started_at": "start", "finished_at": "completion or abandonment",
		"duration_s": "finished_at - started_at, seconds", "question": "the question's name", "value": "the answer, as in the wide file",
		"review":         "the coordinators' review (anketa review): approved, rejected (kept here because of --include-rejected), or empty when not reviewed",
		"mode":           "interviewer, or self: the client answered alone on the laptop (self-completion) after the interviewer's questions",
		"abandon_reason": "for an abandoned session: client_left, refused (to go on), interrupted (by the office), timeout (a client's part got no key for the questionnaire's timeout), or other: and the interviewer's words; stores from before the list hold the words alone; empty for a sealed session exported without its key",
	}
	for _, v := range vars {
		if v.col == nil {
			typ := v.kind.describe()
			if pqTypes != nil {
				typ = "`" + pqTypes[v.name] + "`"
			}
			fmt.Fprintf(w, "| `%s` | %s | %s |\n", v.name, typ, meaning[v.name])
		}
	}
	if ex.opt.Contacts != "" {
		ex.contactsCodebook(w)
	}
	if ex.opt.Format == "long" {
		return
	}
	fmt.Fprintf(w, "\n## Questions\n")
	for _, v := range vars {
		if v.col == nil || v.dummy != "" {
			continue
		}
		ex.codebookColumn(w, v, pqTypes)
	}
}

// csvCodebookHead says how the CSV is written and read, and its codes
// for missing answers.
func (ex *exporter) csvCodebookHead(w *bufio.Writer) {
	fmt.Fprintf(w, "- file: `%s`, %s\n", filepath.Base(ex.opt.Out), map[Dialect]string{RFC4180: "comma-separated, UTF-8, decimal point", ExcelCS: "semicolon-separated, UTF-8 with BOM, decimal comma"}[ex.opt.Dialect])
	if ex.opt.Dialect == ExcelCS {
		fmt.Fprintf(w, "- times: local time in %s, written `2026-09-21 16:33:03`, which Excel reads as a date and time\n", ex.opt.Zone.Name)
	} else {
		fmt.Fprintf(w, "- times: UTC, ISO 8601 (`2026-09-21T16:33:03Z`); the report and the R script show them in %s\n", ex.opt.Zone.Name)
	}
	fmt.Fprintf(w, "- read with: `%s` (SPSS, PSPP), `%s` (Stata 16+), `%s` (R); each types every column and declares the missing codes below missing\n\n",
		sidecarName(ex.opt.Out, ".sps"), sidecarName(ex.opt.Out, ".do"), sidecarName(ex.opt.Out, ".R"))

	c := ex.opt.Codes
	fmt.Fprintf(w, "## Missing values\n\n| cell | meaning |\n|---|---|\n| empty | not asked: the question was not relevant (or a calculation with no value) |\n")
	for _, m := range ex.exportCodes() {
		fmt.Fprintf(w, "| `%s` | %s |\n", m.code, m.label)
	}
	fmt.Fprintf(w, "| `%s` | a multiple choice answered with no option (an answer, not a missing one); its 0/1 columns are all 0 |\n", c.None)
	fmt.Fprintf(w, "\nOptions marked missing in a list (such as *don't know*) keep their own code; they are listed under each question. ")
	fmt.Fprintf(w, "SPSS, Stata and R read every code above, and those options, as missing: SPSS declares them MISSING VALUES, Stata decodes them to extended missing values (`.a` skipped, `.b` don't know, `.c` refused, `.d` not applicable, `.e` onward the list's own options), R makes them `NA` and keeps the kind in a column `NAME__missing`. Text columns keep the codes as text in SPSS and Stata.\n\n")
}

// parquetCodebookHead says how the Parquet folder is laid out and read,
// and how a missing answer shows in it.
func (ex *exporter) parquetCodebookHead(w *bufio.Writer) {
	base := filepath.Base(ex.opt.Out)
	fmt.Fprintf(w, "- files: the folder `%s`, Parquet (Snappy), in folders named as Hive names partitions, `questionnaire=%s/month=YYYY-MM/part-NNNN.parquet`, by the month the session started in %s, at most %d rows a file; every file holds this codebook's labels and codes as JSON in its key-value metadata `anketa.codebook`\n",
		base, hivePart(ex.sc.id), ex.opt.Zone.Name, parquetRowsPerFile)
	fmt.Fprintf(w, "- times: `TIMESTAMP` in milliseconds, UTC; dates `DATE`\n")
	fmt.Fprintf(w, "- read with: DuckDB `SELECT * FROM read_parquet('%s/**/*.parquet', hive_partitioning = true)`, Spark `spark.read.parquet(\"%s\")`, or Arrow's datasets; the partition columns `questionnaire` and `month` come from the folders\n\n", base, base)
	fmt.Fprintf(w, "## Missing values\n\nA missing answer is NULL in its column, and the column `NAME__missing` beside it (there where the question can be missing) says why:\n\n| `NAME__missing` | meaning |\n|---|---|\n")
	fmt.Fprintf(w, "| NULL | not missing: the column holds the answer (or a calculation has no value) |\n")
	fmt.Fprintf(w, "| `not_asked` | not asked: the question was not relevant |\n")
	for _, m := range ex.exportCodes() {
		fmt.Fprintf(w, "| `%s` | %s |\n", m.kind, m.label)
	}
	fmt.Fprintf(w, "\nAn option marked missing in a list (such as *don't know*) is NULL too, with its kind in `NAME__missing`; its code is listed under the question. A multiple choice answered with no option is an empty list, not NULL, and its 0/1 columns are all 0.\n\n")
}

// codebookColumn describes a question; pqTypes, in a Parquet export, are
// its columns' Parquet types.
func (ex *exporter) codebookColumn(w *bufio.Writer, v variable, pqTypes map[string]string) {
	c, lang := v.col, ex.lang()
	it := c.item
	fmt.Fprintf(w, "\n### `%s`\n\n", c.name)
	fmt.Fprintf(w, "- type: %s", c.typ)
	if it.ListName != "" {
		fmt.Fprintf(w, " (list `%s`)", it.ListName)
	}
	switch {
	case pqTypes != nil:
		fmt.Fprintf(w, "; in Parquet: `%s`", pqTypes[c.name])
	case v.ordered:
		fmt.Fprintf(w, "; in SPSS and Stata: %s (ordinal); in R: an ordered factor of its labels", v.kind.describe())
	case v.factor:
		fmt.Fprintf(w, "; in SPSS and Stata: %s; in R: a factor of its labels", v.kind.describe())
	default:
		fmt.Fprintf(w, "; in SPSS, Stata and R: %s", v.kind.describe())
	}
	fmt.Fprintf(w, "\n- versions: %s\n", strings.Join(c.versions, ", "))
	fmt.Fprintf(w, "- answered with a value: %d; not asked: %d\n", c.filled, c.notAsked)
	if it.Type == questionnaire.Calculate {
		fmt.Fprintf(w, "- calculation: `%s`\n", it.Calculation.Src)
	}
	if it.Relevant.Set() {
		fmt.Fprintf(w, "- asked when: `%s`\n", it.Relevant.Src)
	}
	for _, l := range textLangs(it.Label, ex.sc.order[0].q.Languages) {
		fmt.Fprintf(w, "- text (%s): %s\n", l[0], mdEscape(oneLine(l[1])))
	}
	if len(c.options) > 0 {
		fmt.Fprintf(w, "\n| code | label | count |\n|---|---|---|\n")
		for i, o := range c.options {
			label := o.Label.In(lang, lang)
			if o.Missing != questionnaire.NotMissing {
				label += " *(missing: " + o.Missing.String() + ")*"
			}
			fmt.Fprintf(w, "| `%s` | %s | %d |\n", o.Value, mdEscape(oneLine(label)), c.counts[i])
		}
		if len(c.dummies) > 0 {
			fmt.Fprintf(w, "\nAlso one column per option, `%s__CODE`: 1 chosen, 0 not chosen. Answered with no option: %d.\n", c.name, c.none)
		}
	}
	var recoded []string
	for _, m := range v.missing {
		if m.spss != "" {
			recoded = append(recoded, fmt.Sprintf("%s to %s", m.code, m.spss))
		}
	}
	if len(recoded) > 0 && pqTypes == nil {
		fmt.Fprintf(w, "\nIn SPSS these options are recoded, %s, and labelled with their texts: SPSS declares at most one range and one value missing.\n",
			strings.Join(recoded, ", "))
	}
	var miss []string
	for k, m := range ex.exportCodes() {
		if n := c.missing[k]; n > 0 {
			if pqTypes != nil {
				miss = append(miss, fmt.Sprintf("%s `%s`: %d", m.label, m.kind, n))
			} else {
				miss = append(miss, fmt.Sprintf("%s `%s`: %d", m.label, m.code, n))
			}
		}
	}
	if len(miss) > 0 {
		fmt.Fprintf(w, "\nMissing: %s\n", strings.Join(miss, "; "))
	}
}

func sidecarName(out, ext string) string { return filepath.Base(sidecarPath(out, ext)) }

func textLangs(t questionnaire.Text, langs []string) [][2]string {
	var out [][2]string
	if s, ok := t[""]; ok {
		return [][2]string{{"all", s}}
	}
	for _, l := range langs {
		if s, ok := t[l]; ok {
			out = append(out, [2]string{l, s})
		}
	}
	return out
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// contactsCodebook describes the approach log's file.
func (ex *exporter) contactsCodebook(w *bufio.Writer) {
	fmt.Fprintf(w, "\n## Approach log\n\n`%s`: one row per client approached (%d approaches; %d found in more than one store, kept once), in time order. ",
		filepath.Base(ex.opt.Contacts), ex.sum.Contacts, ex.sum.ContactDuplicates)
	fmt.Fprintf(w, "No personal data of the client is kept.\n\n| column | meaning |\n|---|---|\n")
	for _, c := range [][2]string{
		{"contact_id", "the approach's unique, time-ordered ID (UUIDv7)"},
		{"questionnaire_id, questionnaire_version", "the questionnaire in use"},
		{"device_id", "the store (laptop) it came from"},
		{"interviewer", "the interviewer's code"},
		{"time", "when, as the sessions' times are written"},
		{"day", "the day, in " + ex.opt.Zone.Name},
		{"outcome, outcome_label", "what came of it: the codes below"},
		{"session_id", "the interview, for outcome 1"},
		{"session_status", "the interview's status: completed, abandoned (a break-off), in_progress, or not_found when no store read holds it"},
		{"sampling_every", "the intercept sample's interval in force (every K-th client); empty without sampling"},
		{"client_number", "the client's number in the day's count at the counter; empty when not a counted approach"},
	} {
		fmt.Fprintf(w, "| `%s` | %s |\n", c[0], c[1])
	}
	for _, c := range ex.sc.placeColumns() {
		fmt.Fprintf(w, "| `%s` | the workplace: the answer to %s carried over from the interview before |\n", c.name, mdEscape(c.label(ex.lang())))
	}
	fmt.Fprintf(w, "\n| outcome | label |\n|---|---|\n")
	for _, o := range storage.Outcomes {
		fmt.Fprintf(w, "| %d | %s |\n", o, OutcomeLabels[o])
	}
}
