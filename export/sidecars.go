package export

import (
	"bufio"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"anketa/questionnaire"
)

// writeSidecars writes OUT.codebook.md, OUT.sps and OUT.do beside OUT.
func (ex *exporter) writeSidecars(outs *outputs) error {
	base := strings.TrimSuffix(ex.opt.Out, filepath.Ext(ex.opt.Out))
	for _, s := range []struct {
		ext   string
		write func(w *bufio.Writer)
	}{
		{".codebook.md", ex.codebook},
		{".sps", ex.spss},
		{".do", ex.stata},
	} {
		f, err := outs.create(base + s.ext)
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		s.write(w)
		if err := w.Flush(); err != nil {
			return fmt.Errorf("cannot write %s: %w", base+s.ext, err)
		}
	}
	return nil
}

// varType is how a column is typed for SPSS and Stata.
func (c *column) numeric() bool {
	switch c.typ {
	case questionnaire.Integer, questionnaire.Decimal:
		return true
	case questionnaire.SelectOne:
		for _, o := range c.options {
			if _, err := strconv.Atoi(o.Value); err != nil {
				return false
			}
		}
		return true
	}
	return false
}

func (ex *exporter) lang() string { return ex.sc.order[0].q.DefaultLanguage() }

func (c *column) label(lang string) string {
	if c.item.Type == questionnaire.Calculate {
		return "calculated: " + c.item.Calculation.Src
	}
	return c.item.Label.In(lang, lang)
}

// missingLabels are the value labels of the missing codes.
func (ex *exporter) missingLabels() [][2]string {
	c := ex.opt.Codes
	return [][2]string{{c.Skipped, "skipped"}, {c.DontKnow, "don't know"}, {c.Refused, "refused"}, {c.NotApplicable, "not applicable"}}
}

// listMissing are the codes of options marked missing in c's list.
func (c *column) listMissing() []string {
	var out []string
	for _, o := range c.options {
		if o.Missing != questionnaire.NotMissing {
			out = append(out, o.Value)
		}
	}
	return out
}

func (ex *exporter) codebook(w *bufio.Writer) {
	sc := ex.sc
	var versions []string
	for _, v := range sc.order {
		versions = append(versions, v.q.Version)
	}
	fmt.Fprintf(w, "# Codebook: %s\n\n", sc.order[0].q.Title.In(ex.lang(), ex.lang()))
	fmt.Fprintf(w, "- questionnaire: `%s`, versions %s (newest first)\n", sc.id, strings.Join(versions, ", "))
	fmt.Fprintf(w, "- rows: %d sessions from %d stores", ex.sum.Sessions, ex.sum.Stores)
	if ex.opt.IncludePartial {
		fmt.Fprintf(w, " (all statuses)\n")
	} else {
		fmt.Fprintf(w, " (completed only)\n")
	}
	fmt.Fprintf(w, "- file: `%s`, %s\n\n", filepath.Base(ex.opt.Out), map[Dialect]string{RFC4180: "comma-separated, UTF-8, decimal point", ExcelCS: "semicolon-separated, UTF-8 with BOM, decimal comma"}[ex.opt.Dialect])
	fmt.Fprintf(w, "## Missing values\n\n| cell | meaning |\n|---|---|\n| empty | not asked: the question was not relevant |\n")
	for _, m := range ex.missingLabels() {
		fmt.Fprintf(w, "| `%s` | %s |\n", m[0], m[1])
	}
	fmt.Fprintf(w, "\nOptions marked missing in a list (such as *don't know*) keep their own code; they are listed under each question.\n\n")
	fmt.Fprintf(w, "## Meta columns\n\n| column | meaning |\n|---|---|\n")
	for _, m := range [][2]string{
		{"session_id", "the session's unique, time-ordered ID (UUIDv7)"}, {"questionnaire_id", "the questionnaire"},
		{"questionnaire_version", "the version the session used"}, {"device_id", "the store (laptop) it came from"},
		{"interviewer", "the interviewer's code"}, {"status", "completed, in_progress or abandoned"},
		{"language", "the interview's language"}, {"started_at", "start, UTC"}, {"finished_at", "completion or abandonment, UTC"},
		{"duration_s", "finished_at - started_at, seconds"},
	} {
		fmt.Fprintf(w, "| `%s` | %s |\n", m[0], m[1])
	}
	fmt.Fprintf(w, "\n## Questions\n")
	for _, c := range sc.cols {
		it := c.item
		fmt.Fprintf(w, "\n### `%s`\n\n", c.name)
		fmt.Fprintf(w, "- type: %s", c.typ)
		if it.ListName != "" {
			fmt.Fprintf(w, " (list `%s`)", it.ListName)
		}
		fmt.Fprintf(w, "\n- versions: %s\n- answered (any value but not asked): %d\n", strings.Join(c.versions, ", "), c.filled)
		if it.Type == questionnaire.Calculate {
			fmt.Fprintf(w, "- calculation: `%s`\n", it.Calculation.Src)
		}
		if it.Relevant.Set() {
			fmt.Fprintf(w, "- asked when: `%s`\n", it.Relevant.Src)
		}
		for _, l := range textLangs(it.Label, sc.order[0].q.Languages) {
			fmt.Fprintf(w, "- text (%s): %s\n", l[0], l[1])
		}
		if len(c.options) > 0 {
			fmt.Fprintf(w, "\n| code | label | count |\n|---|---|---|\n")
			for i, o := range c.options {
				label := o.Label.In(ex.lang(), ex.lang())
				if o.Missing != questionnaire.NotMissing {
					label += " *(missing: " + o.Missing.String() + ")*"
				}
				fmt.Fprintf(w, "| `%s` | %s | %d |\n", o.Value, mdEscape(label), c.counts[i])
			}
			if len(c.dummies) > 0 {
				fmt.Fprintf(w, "\nAlso one column per option, `%s__CODE`: 1 chosen, 0 not chosen.\n", c.name)
			}
		}
		var miss []string
		for k, m := range ex.missingLabels() {
			if n := c.missing[k]; n > 0 {
				miss = append(miss, fmt.Sprintf("%s `%s`: %d", m[1], m[0], n))
			}
		}
		if len(miss) > 0 {
			fmt.Fprintf(w, "\nMissing: %s\n", strings.Join(miss, "; "))
		}
	}
}

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

// spssQuote quotes s for SPSS syntax.
func spssQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (ex *exporter) spss(w *bufio.Writer) {
	delim, csvName := ",", filepath.Base(ex.opt.Out)
	fmt.Fprintf(w, "* SPSS syntax written by anketa: reads %s with labels and missing values.\n", csvName)
	fmt.Fprintf(w, "* Run it from the folder that holds the CSV.\n")
	if ex.opt.Dialect == ExcelCS {
		delim = ";"
		fmt.Fprintf(w, "SET DECIMAL=COMMA.\n")
	}
	fmt.Fprintf(w, "GET DATA /TYPE=TXT /FILE=%s /ENCODING='UTF-8'\n  /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2\n  /DELIMITERS=%s /QUALIFIER='\"'\n  /VARIABLES=\n", spssQuote(csvName), spssQuote(delim))
	for _, v := range ex.spssVars() {
		fmt.Fprintf(w, "    %s %s\n", v[0], v[1])
	}
	fmt.Fprintf(w, ".\n\nVARIABLE LABELS\n")
	var lines []string
	for _, c := range ex.sc.cols {
		lines = append(lines, fmt.Sprintf("  %s %s", c.name, spssQuote(truncRunes(c.label(ex.lang()), 250))))
		for _, d := range c.dummies {
			lines = append(lines, fmt.Sprintf("  %s__%s %s", c.name, d, spssQuote(truncRunes(c.label(ex.lang())+": "+optionLabel(c, d, ex.lang()), 250))))
		}
	}
	fmt.Fprintf(w, "%s.\n\n", strings.Join(lines, "\n"))
	for _, c := range ex.sc.cols {
		if !c.numeric() && c.typ != questionnaire.SelectMultiple {
			continue
		}
		fmt.Fprintf(w, "VALUE LABELS %s\n", c.name)
		if c.typ == questionnaire.SelectOne {
			for _, o := range c.options {
				fmt.Fprintf(w, "  %s %s\n", o.Value, spssQuote(o.Label.In(ex.lang(), ex.lang())))
			}
		}
		if c.numeric() {
			for _, m := range ex.missingLabels() {
				fmt.Fprintf(w, "  %s %s\n", m[0], spssQuote(m[1]))
			}
		}
		fmt.Fprintf(w, ".\n")
		for _, d := range c.dummies {
			fmt.Fprintf(w, "VALUE LABELS %s__%s 0 'not chosen' 1 'chosen'", c.name, d)
			for _, m := range ex.missingLabels() {
				fmt.Fprintf(w, " %s %s", m[0], spssQuote(m[1]))
			}
			fmt.Fprintf(w, ".\n")
		}
	}
	fmt.Fprintf(w, "\n")
	codes := ex.opt.Codes
	low := lowestCode(codes)
	for _, c := range ex.sc.cols {
		names := []string{c.name}
		for _, d := range c.dummies {
			names = append(names, c.name+"__"+d)
		}
		for i, n := range names {
			switch {
			case i == 0 && !c.numeric():
				fmt.Fprintf(w, "MISSING VALUES %s (%s, %s, %s).\n", n, spssQuote(codes.Skipped), spssQuote(codes.DontKnow), spssQuote(codes.Refused))
			case i == 0 && len(c.listMissing()) > 0:
				lm := c.listMissing()
				fmt.Fprintf(w, "MISSING VALUES %s (LOWEST THRU %s, %s).\n", n, low, lm[0])
				if len(lm) > 1 {
					fmt.Fprintf(w, "* %s: codes %s are missing too; SPSS takes one range and one value.\n", n, strings.Join(lm[1:], ", "))
				}
			default:
				fmt.Fprintf(w, "MISSING VALUES %s (LOWEST THRU %s).\n", n, low)
			}
		}
	}
	fmt.Fprintf(w, "EXECUTE.\n")
}

// lowestCode is the highest of the (negative) missing codes, the top of
// the range LOWEST THRU it that covers them all.
func lowestCode(c Codes) string {
	top := ""
	best := 0
	for _, s := range []string{c.Skipped, c.DontKnow, c.Refused, c.NotApplicable} {
		n, err := strconv.Atoi(s)
		if err == nil && (top == "" || n > best) {
			top, best = s, n
		}
	}
	return top
}

func optionLabel(c *column, code, lang string) string {
	for _, o := range c.options {
		if o.Value == code {
			return o.Label.In(lang, lang)
		}
	}
	return code
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// spssVars lists the CSV's columns with SPSS formats.
func (ex *exporter) spssVars() [][2]string {
	out := [][2]string{{"session_id", "A36"}, {"questionnaire_id", "A64"}, {"questionnaire_version", "A32"},
		{"device_id", "A36"}, {"interviewer", "A64"}, {"status", "A11"}, {"language", "A8"},
		{"started_at", "A20"}, {"finished_at", "A20"}, {"duration_s", "F10.0"}}
	if ex.opt.Format == "long" {
		return append(out, [2]string{"question", "A64"}, [2]string{"value", "A1000"})
	}
	for _, c := range ex.sc.cols {
		f := "A1000"
		switch {
		case c.typ == questionnaire.Integer:
			f = "F12.0"
		case c.typ == questionnaire.Decimal:
			f = "F16.4"
		case c.typ == questionnaire.SelectOne && c.numeric():
			f = "F8.0"
		case c.typ == questionnaire.SelectOne, c.typ == questionnaire.DateType:
			f = "A64"
		case c.typ == questionnaire.SelectMultiple:
			f = "A255"
		}
		out = append(out, [2]string{c.name, f})
		for _, d := range c.dummies {
			out = append(out, [2]string{c.name + "__" + d, "F8.0"})
		}
	}
	return out
}

func stataQuote(s string) string {
	return "`\"" + strings.ReplaceAll(s, "\"'", "\" '") + "\"'"
}

func (ex *exporter) stata(w *bufio.Writer) {
	csvName := filepath.Base(ex.opt.Out)
	fmt.Fprintf(w, "* Stata do-file written by anketa: reads %s with labels and missing values.\n", csvName)
	fmt.Fprintf(w, "* Run it from the folder that holds the CSV (Stata 16 or newer).\n")
	opts := `varnames(1) encoding("utf-8") bindquote(strict) maxquotedrows(unlimited) clear`
	if ex.opt.Dialect == ExcelCS {
		opts = `delimiters(";") decimalseparator(,) ` + opts
	} else {
		opts = `delimiters(",") ` + opts
	}
	var strCols []string
	for i, v := range ex.spssVars() {
		if strings.HasPrefix(v[1], "A") {
			strCols = append(strCols, strconv.Itoa(i+1))
		}
	}
	fmt.Fprintf(w, "import delimited using %s, %s stringcols(%s)\n\n", stataQuote(csvName), opts, strings.Join(strCols, " "))
	codes := ex.opt.Codes
	mv := fmt.Sprintf("%s=.a \\ %s=.b \\ %s=.c \\ %s=.d", codes.Skipped, codes.DontKnow, codes.Refused, codes.NotApplicable)
	for _, c := range ex.sc.cols {
		fmt.Fprintf(w, "label variable %s %s\n", c.name, stataQuote(truncRunes(c.label(ex.lang()), 80)))
		if c.numeric() {
			if c.typ == questionnaire.SelectOne {
				var parts []string
				for _, o := range c.options {
					parts = append(parts, o.Value+" "+stataQuote(o.Label.In(ex.lang(), ex.lang())))
				}
				fmt.Fprintf(w, "label define %s_l %s, replace\n", c.name, strings.Join(parts, " "))
				fmt.Fprintf(w, "label values %s %s_l\n", c.name, c.name)
			}
			fmt.Fprintf(w, "mvdecode %s, mv(%s)\n", c.name, mv)
		}
		for _, d := range c.dummies {
			fmt.Fprintf(w, "label variable %s__%s %s\n", c.name, d, stataQuote(truncRunes(c.label(ex.lang())+": "+optionLabel(c, d, ex.lang()), 80)))
			fmt.Fprintf(w, "mvdecode %s__%s, mv(%s)\n", c.name, d, mv)
		}
	}
	var lm []string
	for _, c := range ex.sc.cols {
		if m := c.listMissing(); len(m) > 0 && c.numeric() {
			lm = append(lm, fmt.Sprintf("* %s: codes %s are missing answers (options marked missing).", c.name, strings.Join(m, ", ")))
		}
	}
	sort.Strings(lm)
	for _, l := range lm {
		fmt.Fprintln(w, l)
	}
}
