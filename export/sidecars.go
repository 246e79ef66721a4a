package export

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"

	"anketa/questionnaire"
)

// writeSidecars writes OUT.codebook.md, OUT.sps, OUT.do and OUT.R beside
// OUT: the codebook for people, and for SPSS, Stata and R the syntax
// that reads the CSV with every column typed, labelled, and its missing
// codes declared missing.
func (ex *exporter) writeSidecars(outs *outputs) error {
	vars := ex.variables()
	writers := map[string]func(w *bufio.Writer, vars []variable){
		".codebook.md": ex.codebook, ".sps": ex.spss, ".do": ex.stata, ".R": ex.rScript,
	}
	for _, ext := range sidecarExts {
		name := sidecarPath(ex.opt.Out, ext)
		f, err := outs.create(name)
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		writers[ext](w, vars)
		if err := w.Flush(); err != nil {
			return fmt.Errorf("cannot write %s: %w", name, err)
		}
	}
	return nil
}

// numeric reports whether a select_one's codes are all whole numbers, so
// that its column is numeric in SPSS, Stata and R.
func (c *column) numeric() bool {
	if c.typ != questionnaire.SelectOne {
		return false
	}
	for _, o := range c.options {
		if _, err := strconv.Atoi(o.Value); err != nil {
			return false
		}
	}
	return true
}

func (ex *exporter) lang() string { return ex.sc.order[0].q.DefaultLanguage() }

func (c *column) label(lang string) string {
	if c.item.Type == questionnaire.Calculate {
		return "calculated: " + c.item.Calculation.Src
	}
	return c.item.Label.In(lang, lang)
}

// oneLine makes a label fit on one line of syntax: line breaks and tabs
// become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', '\t', '\v', '\f', '\u2028', '\u2029':
			return ' '
		}
		return r
	}, s)
}

// truncBytes cuts s to at most n bytes, at a character boundary.
func truncBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func (k varKind) describe() string {
	return [...]string{"text", "number", "date", "date and time", "date and time of day, as entered (no time zone)", "time of day"}[k]
}
