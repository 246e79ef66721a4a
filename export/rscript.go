package export

import (
	"bufio"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// rQuote writes s as an R string in ASCII, so that the script reads the
// same whatever the R session's encoding.
func rQuote(s string) string { return strconv.QuoteToASCII(s) }

func rVector(items []string) string { return "c(" + strings.Join(items, ", ") + ")" }

// rScript writes NAME.R: base R that reads the CSV with every column's
// class given, the missing codes made NA (their kind kept in a factor
// column NAME__missing beside each column that has any), select_one
// columns made factors (scales ordered) and times parsed.
func (ex *exporter) rScript(w *bufio.Writer, vars []variable) {
	csvName := filepath.Base(ex.opt.Out)
	fmt.Fprintf(w, "# R script written by anketa: reads %s with types, labels and missing values.\n", csvName)
	fmt.Fprintf(w, "# From the folder that holds the CSV: source(%q) makes the data frame `anketa`;\n", sidecarName(ex.opt.Out, ".R"))
	fmt.Fprintf(w, "# read_anketa(\"path/to/%s\") reads it from elsewhere. Base R only.\n", csvName)
	fmt.Fprintf(w, "# The codebook, %s, describes every column.\n", sidecarName(ex.opt.Out, ".codebook.md"))
	fmt.Fprintf(w, "# Missing codes become NA; NAME__missing says which kind (not_asked, skipped,\n")
	fmt.Fprintf(w, "# dont_know, refused, not_applicable). A select_one is a factor of its labels,\n")
	fmt.Fprintf(w, "# ordered for a scale; anketa_codes(x) gives its codes back as numbers.\n\n")
	fmt.Fprintf(w, "anketa_codes <- function(x) as.numeric(attr(x, \"codes\"))[as.integer(x)]\n\n")
	fmt.Fprintf(w, ".anketa_missing <- function(x, codes, kinds) {\n")
	fmt.Fprintf(w, "  m <- ifelse(is.na(x), \"not_asked\", kinds[match(as.character(x), codes)])\n")
	fmt.Fprintf(w, "  factor(m, levels = c(\"not_asked\", \"skipped\", \"dont_know\", \"refused\", \"not_applicable\"))\n}\n\n")

	fmt.Fprintf(w, "read_anketa <- function(file = %s) {\n", rQuote(csvName))
	var classes []string
	for _, v := range vars {
		class := "character" // codes are read as text, to match their labels exactly
		if v.kind == varNumber && !v.factor {
			class = "numeric"
		}
		classes = append(classes, fmt.Sprintf("%s = %q", rQuote(v.name), class))
	}
	fmt.Fprintf(w, "  classes <- c(\n    %s)\n", strings.Join(classes, ",\n    "))
	read := `sep = ",", dec = ".", fileEncoding = "UTF-8"`
	if ex.opt.Dialect == ExcelCS {
		read = `sep = ";", dec = ",", fileEncoding = "UTF-8-BOM"`
	}
	fmt.Fprintf(w, "  d <- utils::read.csv(file, colClasses = classes, na.strings = \"\", check.names = FALSE,\n    %s, encoding = \"UTF-8\", strip.white = FALSE)\n", read)
	fmt.Fprintf(w, "  out <- list()\n")
	zone := ""
	if ex.opt.Zone.Loc != nil && ex.opt.Zone.Loc.String() == ex.opt.Zone.Name {
		zone = ex.opt.Zone.Name // a name R knows too; otherwise R's own zone
	}
	for _, v := range vars {
		x := "d[[" + rQuote(v.name) + "]]"
		fmt.Fprintf(w, "  x <- %s\n", x)
		var codes, kinds []string
		for _, m := range v.missing {
			codes = append(codes, rQuote(m.code))
			kinds = append(kinds, rQuote(m.kind))
		}
		companion := len(v.missing) > 0 && ex.hasMissing(v)
		if companion {
			fmt.Fprintf(w, "  m <- .anketa_missing(x, %s,\n    %s)\n", rVector(codes), rVector(kinds))
			fmt.Fprintf(w, "  x[!is.na(m)] <- NA\n")
		} else if len(v.missing) > 0 {
			fmt.Fprintf(w, "  x[as.character(x) %%in%% %s] <- NA\n", rVector(codes))
		}
		if v.none != "" {
			fmt.Fprintf(w, "  x[!is.na(x) & x == %s] <- \"\"  # answered with no option\n", rQuote(v.none))
		}
		switch {
		case v.factor:
			var levels, labels []string
			for _, l := range v.values {
				levels = append(levels, rQuote(l[0]))
				labels = append(labels, rQuote(l[1]))
			}
			fmt.Fprintf(w, "  x <- factor(x, levels = %s,\n    labels = %s, ordered = %s)\n", rVector(levels), rVector(labels), strings.ToUpper(strconv.FormatBool(v.ordered)))
			fmt.Fprintf(w, "  attr(x, \"codes\") <- %s\n", rVector(levels))
		case v.kind == varDate:
			fmt.Fprintf(w, "  x <- as.Date(x, format = \"%%Y-%%m-%%d\")\n")
		case v.kind == varWallTime:
			// as entered, a wall-clock time; R keeps it without a zone
			fmt.Fprintf(w, "  x <- as.POSIXct(x, format = \"%%Y-%%m-%%dT%%H:%%M:%%S\", tz = \"UTC\")\n")
		case v.kind == varTime && ex.opt.Dialect == ExcelCS:
			fmt.Fprintf(w, "  x <- as.POSIXct(x, format = \"%%Y-%%m-%%d %%H:%%M:%%S\", tz = %s)\n", rQuote(zone))
		case v.kind == varTime:
			fmt.Fprintf(w, "  x <- as.POSIXct(x, format = \"%%Y-%%m-%%dT%%H:%%M:%%SZ\", tz = \"UTC\")\n")
			if zone != "" {
				fmt.Fprintf(w, "  attr(x, \"tzone\") <- %s\n", rQuote(zone))
			}
		}
		fmt.Fprintf(w, "  attr(x, \"label\") <- %s\n", rQuote(v.label))
		fmt.Fprintf(w, "  out[[%s]] <- x\n", rQuote(v.name))
		if companion {
			fmt.Fprintf(w, "  out[[%s]] <- m\n", rQuote(v.name+"__missing"))
		}
	}
	fmt.Fprintf(w, "  as.data.frame(out, check.names = FALSE, stringsAsFactors = FALSE)\n}\n\n")
	fmt.Fprintf(w, "if (file.exists(%s)) anketa <- read_anketa()\n", rQuote(csvName))
}

// hasMissing reports whether v's column holds any missing code or
// not-asked cell, and so gets a NAME__missing column in R. A dummy shares
// its question's, which R leaves out.
func (ex *exporter) hasMissing(v variable) bool {
	c := v.col
	if c == nil || v.dummy != "" {
		return false
	}
	if c.notAsked > 0 || c.missing != [4]int{} {
		return true
	}
	for i, o := range c.options {
		if o.Missing != 0 && c.counts[i] > 0 {
			return true
		}
	}
	return false
}
