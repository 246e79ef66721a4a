package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"anketa/questionnaire"
	"anketa/questionnaire/xlsform"
)

var importCmd = &command{
	name:    "import",
	summary: "convert an XLSForm workbook (ODK, KoboToolbox) to anketa's YAML",
	usage: `anketa import [--lenient] [--force] [-o FILE.yaml] FORM.xlsx

Converts an XLSForm workbook to anketa's YAML format, which can be read,
diffed and loaded like any questionnaire (anketa check FILE.yaml). Without
-o the YAML goes to standard output. What the import did that you should
know (metadata mapped to session columns, ignored columns) is listed on
standard error, by cell.

A workbook can also be used directly: anketa check FORM.xlsx,
anketa --questionnaire FORM.xlsx.

Repeats, media, locations, files and unknown functions cannot be
represented; each such row is an error, as FORM.xlsx:survey!D14: message.
With --lenient those rows, and the rows that read them, are dropped
instead, and each drop is listed.`,
	setup: func(fs *flag.FlagSet) runFunc {
		out := fs.String("o", "", "write the YAML to `FILE` instead of standard output")
		lenient := fs.Bool("lenient", false, "drop the rows anketa cannot represent, listing each, instead of failing")
		force := fs.Bool("force", false, "replace FILE if it exists")
		return func(rest []string, stdout, stderr io.Writer) error {
			return runImport(*out, *lenient, *force, rest, stdout, stderr)
		}
	},
}

func runImport(out string, lenient, force bool, rest []string, stdout, stderr io.Writer) error {
	if len(rest) != 1 {
		return usagef("name one workbook: anketa import FORM.xlsx")
	}
	res, err := xlsform.ReadFile(rest[0], xlsform.Options{Lenient: lenient})
	if err != nil {
		printLoadError(stderr, rest[0], err)
		return errSilent
	}
	for _, n := range res.Notes {
		fmt.Fprintf(stderr, "%s:%s: %s\n", rest[0], n.Cell, n.Msg)
	}
	if w := res.Questionnaire.Warnings; len(w) > 0 {
		fmt.Fprintln(stderr, w.Error())
	}
	if out == "" {
		_, err := stdout.Write(res.YAML)
		return err
	}
	if _, err := os.Stat(out); err == nil && !force {
		return fmt.Errorf("%s already exists; choose another name, or add --force to replace it", out)
	}
	if err := writeFileAtomic(out, res.YAML); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s: %s\n", out, summary(res.Questionnaire))
	return nil
}

// printLoadError prints a questionnaire's problems, one per line, and
// their count; for a workbook it says how to import what can be.
func printLoadError(stderr io.Writer, name string, err error) {
	var list questionnaire.ErrorList
	if !errors.As(err, &list) {
		fmt.Fprintln(stderr, err)
		return
	}
	fmt.Fprintln(stderr, list.Error())
	if len(list) == 1 && list[0].Pos.Line == 0 && list[0].Pos.Cell == "" && !list[0].Warning {
		return // the file as a whole cannot be read: that one line says why
	}
	n := 0
	for _, e := range list {
		if !e.Warning {
			n++
		}
	}
	fmt.Fprintf(stderr, "%s: %d %s\n", name, n, plural(n, "error", "errors"))
	if isWorkbook(name) && (strings.Contains(list.Error(), "not supported") || strings.Contains(list.Error(), "unknown function")) {
		fmt.Fprintf(stderr, "anketa check --lenient %s checks it without the rows anketa cannot ask, and anketa import --lenient %s writes it without them, listing each\n", name, name)
	}
}

func isWorkbook(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".xlsx") || strings.HasSuffix(n, ".xlsm")
}

// writeFileAtomic writes data to path through a temporary file, so that a
// failure never leaves half a file.
func writeFileAtomic(path string, data []byte) error { return writeFileMode(path, data, 0o666) }

// writeFileMode writes data to path through a synced temporary file,
// created with perm less the umask (0600 for decrypted answers).
func writeFileMode(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
