package export

import (
	"bufio"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// spssQuote quotes s for SPSS syntax, on one line.
func spssQuote(s string) string { return "'" + strings.ReplaceAll(oneLine(s), "'", "''") + "'" }

// SPSS's limits: a variable label of 255 bytes, a value label of 120, a
// string of 32767.
const (
	spssVarLabel   = 255
	spssValueLabel = 120
	spssMaxString  = 32767
)

// spss writes the syntax that reads the CSV into SPSS or PSPP. Dates and
// times are read as text and turned into SPSS date and datetime values,
// since the missing codes in a date column are not dates.
func (ex *exporter) spss(w *bufio.Writer, vars []variable) {
	delim, csvName := ",", filepath.Base(ex.opt.Out)
	fmt.Fprintf(w, "* SPSS syntax written by anketa: reads %s with types, labels and missing values.\n", csvName)
	fmt.Fprintf(w, "* Run it from the folder that holds the CSV: INCLUDE FILE='%s'.\n", sidecarName(ex.opt.Out, ".sps"))
	fmt.Fprintf(w, "* The codebook, %s, describes every column.\n", sidecarName(ex.opt.Out, ".codebook.md"))
	if ex.opt.Dialect == ExcelCS {
		delim = ";"
		fmt.Fprintf(w, "SET DECIMAL=COMMA.\n")
	}
	fmt.Fprintf(w, "GET DATA /TYPE=TXT /FILE=%s /ENCODING='UTF-8'\n  /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2\n  /DELIMITERS=%s /QUALIFIER='\"'\n  /VARIABLES=\n", spssQuote(csvName), spssQuote(delim))
	temp := map[string]string{} // date or time column -> the text it is read into
	for _, v := range vars {
		name, format := v.name, ""
		switch v.kind {
		case varNumber:
			format = "F12.0"
			if !v.integer {
				format = "F16.4"
			}
		case varDate, varTime, varWallTime, varClock:
			name = fmt.Sprintf("anketa_t%d", len(temp)+1)
			temp[v.name] = name
			format = "A20"
		default:
			format = fmt.Sprintf("A%d", min(spssMaxString, max(1, v.width)))
		}
		fmt.Fprintf(w, "    %s %s\n", name, format)
	}
	fmt.Fprintf(w, ".\n")
	if len(temp) > 0 {
		fmt.Fprintf(w, "\n* Dates and times, from their text.\n")
	}
	for _, v := range vars {
		s := temp[v.name]
		if s == "" {
			continue
		}
		day := fmt.Sprintf("DATE.DMY(NUMBER(SUBSTR(%s,9,2),F2.0), NUMBER(SUBSTR(%s,6,2),F2.0), NUMBER(SUBSTR(%s,1,4),F4.0))", s, s, s)
		fmt.Fprintf(w, "COMPUTE %s = $SYSMIS.\n", v.name)
		if len(v.missing) > 0 {
			fmt.Fprintf(w, "IF (SUBSTR(%s,1,1) = '-') %s = NUMBER(%s, F8.0).\n", s, v.name, s)
		}
		switch v.kind {
		case varDate:
			fmt.Fprintf(w, "IF (SUBSTR(%s,5,1) = '-') %s = %s.\nFORMATS %s (SDATE10).\n", s, v.name, day, v.name)
		case varClock:
			fmt.Fprintf(w, "IF (SUBSTR(%s,3,1) = ':') %s = TIME.HMS(NUMBER(SUBSTR(%s,1,2),F2.0), NUMBER(SUBSTR(%s,4,2),F2.0), NUMBER(SUBSTR(%s,7,2),F2.0)).\nFORMATS %s (TIME8).\n",
				s, v.name, s, s, s, v.name)
		default:
			fmt.Fprintf(w, "IF (SUBSTR(%s,5,1) = '-') %s = %s + TIME.HMS(NUMBER(SUBSTR(%s,12,2),F2.0), NUMBER(SUBSTR(%s,15,2),F2.0), NUMBER(SUBSTR(%s,18,2),F2.0)).\nFORMATS %s (DATETIME20).\n",
				s, v.name, day, s, s, s, v.name)
		}
	}
	if len(temp) > 0 {
		// Back to the CSV's order, without the texts read.
		var keep []string
		for _, v := range vars {
			keep = append(keep, v.name)
		}
		fmt.Fprintf(w, "MATCH FILES /FILE=* /KEEP=%s.\n", wrapNames(keep))
	}

	fmt.Fprintf(w, "\nVARIABLE LABELS\n")
	var lines []string
	for _, v := range vars {
		lines = append(lines, fmt.Sprintf("  %s %s", v.name, spssQuote(truncBytes(v.label, spssVarLabel))))
	}
	fmt.Fprintf(w, "%s.\n", strings.Join(lines, "\n"))

	var recodes []string
	for _, v := range vars {
		var parts []string
		for _, m := range v.missing {
			if m.spss != "" {
				parts = append(parts, fmt.Sprintf("(%s=%s)", m.code, m.spss))
			}
		}
		if len(parts) > 0 {
			recodes = append(recodes, fmt.Sprintf("RECODE %s %s.", v.name, strings.Join(parts, " ")))
		}
	}
	if len(recodes) > 0 {
		fmt.Fprintf(w, "\n* Options marked missing, recoded: SPSS declares one range and one value missing.\n%s\n", strings.Join(recodes, "\n"))
	}

	fmt.Fprintf(w, "\n")
	for _, v := range vars {
		if v.kind == varText {
			continue // SPSS gives long strings neither value labels nor missing values
		}
		labels := v.values
		for _, m := range v.missing {
			code := m.code
			if m.spss != "" {
				code = m.spss
			}
			// An option recoded to an export code labels it with its own text.
			if k := slices.IndexFunc(labels, func(l [2]string) bool { return l[0] == code }); k >= 0 {
				labels = slices.Delete(slices.Clone(labels), k, k+1)
			}
			labels = append(labels, [2]string{code, m.label})
		}
		if len(labels) > 0 {
			fmt.Fprintf(w, "VALUE LABELS %s", v.name)
			for _, l := range labels {
				fmt.Fprintf(w, "\n  %s %s", l[0], spssQuote(truncBytes(l[1], spssValueLabel)))
			}
			fmt.Fprintf(w, ".\n")
		}
		if len(v.missing) > 0 {
			lo, hi := v.missingRange()
			if m, ok := v.keptOption(); ok {
				fmt.Fprintf(w, "MISSING VALUES %s (%d THRU %d, %s).\n", v.name, lo, hi, m.code)
			} else {
				fmt.Fprintf(w, "MISSING VALUES %s (%d THRU %d).\n", v.name, lo, hi)
			}
		}
	}
	var ordinal, nominal, scale []string
	for _, v := range vars {
		switch {
		case v.kind != varNumber:
		case v.ordered:
			ordinal = append(ordinal, v.name)
		case v.factor || v.dummy != "" || len(v.values) > 0:
			nominal = append(nominal, v.name)
		default:
			scale = append(scale, v.name)
		}
	}
	for _, l := range []struct {
		level string
		names []string
	}{{"ORDINAL", ordinal}, {"NOMINAL", nominal}, {"SCALE", scale}} {
		if len(l.names) > 0 {
			fmt.Fprintf(w, "VARIABLE LEVEL %s (%s).\n", wrapNames(l.names), l.level)
		}
	}
	fmt.Fprintf(w, "EXECUTE.\n* To keep the data as a .sav file: SAVE OUTFILE='%s'.\n", sidecarName(ex.opt.Out, ".sav"))
}

// wrapNames lists variable names, a few to a line, as syntax allows.
func wrapNames(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			if i%8 == 0 {
				b.WriteString("\n   ")
			}
			b.WriteByte(' ')
		}
		b.WriteString(n)
	}
	return b.String()
}
