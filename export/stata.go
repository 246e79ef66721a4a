package export

import (
	"bufio"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// stataQuote quotes s for a do-file, on one line, in compound quotes: a
// backslash keeps ` and $ from starting a macro, and "' cannot end the
// quote early.
func stataQuote(s string) string {
	s = oneLine(s)
	s = strings.ReplaceAll(s, "`", "\\`")
	s = strings.ReplaceAll(s, "$", "\\$")
	s = strings.ReplaceAll(s, "\"'", "\" '")
	return "`\"" + s + "\"'"
}

// Stata's limit on a variable label.
const stataVarLabel = 80

// missingLetter is the extended missing value Stata gives the k-th
// missing code of a column: .a to .d the export's kinds, then .e onward
// the list's own options marked missing.
func missingLetter(k int) string { return "." + string(rune('a'+k)) }

// stata writes the do-file that reads the CSV into Stata 16 or newer.
func (ex *exporter) stata(w *bufio.Writer, vars []variable) {
	csvName := filepath.Base(ex.opt.Out)
	fmt.Fprintf(w, "* Stata do-file written by anketa: reads %s with types, labels and missing values.\n", csvName)
	fmt.Fprintf(w, "* Run it from the folder that holds the CSV (Stata 16 or newer): do %s\n", sidecarName(ex.opt.Out, ".do"))
	fmt.Fprintf(w, "* The codebook, %s, describes every column.\n", sidecarName(ex.opt.Out, ".codebook.md"))
	opts := `varnames(1) case(preserve) encoding("utf-8") bindquote(strict) maxquotedrows(unlimited)`
	if ex.opt.Dialect == ExcelCS {
		opts = `delimiters(";") decimalseparator(,) ` + opts
	} else {
		opts = `delimiters(",") ` + opts
	}
	var strCols, numCols []string
	for i, v := range vars {
		if v.kind == varNumber {
			numCols = append(numCols, strconv.Itoa(i+1))
		} else {
			strCols = append(strCols, strconv.Itoa(i+1))
		}
	}
	fmt.Fprintf(w, "import delimited using %s, %s stringcols(%s)", stataQuote(csvName), opts, strings.Join(strCols, " "))
	if len(numCols) > 0 {
		fmt.Fprintf(w, " numericcols(%s)", strings.Join(numCols, " "))
	}
	fmt.Fprintf(w, " clear\n\n")
	for _, v := range vars {
		if v.kind == varDate || v.kind == varTime || v.kind == varWallTime || v.kind == varClock {
			ex.stataTime(w, v)
			continue
		}
		fmt.Fprintf(w, "label variable %s %s\n", v.name, stataQuote(truncRunes(v.label, stataVarLabel)))
		if v.kind == varText {
			continue // the codes stay text: Stata has no missing strings
		}
		var mv, labels []string
		for k, m := range v.missing {
			mv = append(mv, m.code+"="+missingLetter(k))
			labels = append(labels, missingLetter(k)+" "+stataQuote(m.label))
		}
		if len(mv) > 0 {
			fmt.Fprintf(w, "mvdecode %s, mv(%s)\n", v.name, strings.Join(mv, " \\ "))
		}
		var vl []string
		for _, l := range v.values {
			vl = append(vl, l[0]+" "+stataQuote(l[1]))
		}
		if vl = append(vl, labels...); len(vl) > 0 {
			fmt.Fprintf(w, "label define %s %s, replace\n", v.name, strings.Join(vl, " "))
			fmt.Fprintf(w, "label values %s %s\n", v.name, v.name)
		}
	}
}

// stataTime turns a date or time column's text into a Stata date (%td)
// or datetime (%tc, milliseconds), with the missing codes as extended
// missing values.
func (ex *exporter) stataTime(w *bufio.Writer, v variable) {
	const t = "anketa_t"
	switch v.kind {
	case varDate:
		fmt.Fprintf(w, "generate double %s = date(%s, \"YMD\")\n", t, v.name)
	case varClock:
		fmt.Fprintf(w, "generate double %s = clock(%s, \"hms\")\n", t, v.name)
	default:
		fmt.Fprintf(w, "generate double %s = clock(substr(%s,1,10) + \" \" + substr(%s,12,8), \"YMDhms\")\n", t, v.name, v.name)
	}
	var labels []string
	for k, m := range v.missing {
		fmt.Fprintf(w, "replace %s = %s if %s == %s\n", t, missingLetter(k), v.name, stataQuote(m.code))
		labels = append(labels, missingLetter(k)+" "+stataQuote(m.label))
	}
	format := "%td"
	switch v.kind {
	case varTime, varWallTime:
		format = "%tc"
	case varClock:
		format = "%tcHH:MM:SS"
	}
	fmt.Fprintf(w, "format %s %s\norder %s, after(%s)\ndrop %s\nrename %s %s\n", t, format, t, v.name, v.name, t, v.name)
	fmt.Fprintf(w, "label variable %s %s\n", v.name, stataQuote(truncRunes(v.label, stataVarLabel)))
	if len(labels) > 0 {
		fmt.Fprintf(w, "label define %s %s, replace\nlabel values %s %s\n", v.name, strings.Join(labels, " "), v.name, v.name)
	}
}
