// Command anketa is the interviewer app and the coordinator's tools. This
// file parses the command line and wires packages together, nothing else.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"anketa/questionnaire/expr"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

// command is one subcommand.
type command struct {
	name    string
	summary string
	usage   string // the synopsis and a description, for anketa help NAME
	// setup declares the command's flags on fs and returns what runs the
	// command with the arguments left once they are parsed. anketa help
	// calls it too, to list the same flags.
	setup func(fs *flag.FlagSet) runFunc
}

type runFunc func(args []string, stdout, stderr io.Writer) error

// noFlags is the setup of a command that takes none.
func noFlags(run runFunc) func(*flag.FlagSet) runFunc {
	return func(*flag.FlagSet) runFunc { return run }
}

// exec parses args with the command's flags and runs it.
func (c *command) exec(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	run := c.setup(fs)
	rest, err := parseFlags(fs, args, stderr)
	if err != nil {
		return err
	}
	return run(rest, stdout, stderr)
}

var commands []*command

func init() {
	commands = []*command{checkCmd, importCmd, questionnaireCmd, storeCmd, sendCmd, exportCmd, collectStatusCmd, reportCmd, reviewCmd, generateCmd, keygenCmd, helpCmd, versionCmd}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// usageError is a wrong command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errSilent means the command has already reported what went wrong; it
// only sets exit code 1.
var errSilent = errors.New("failed")

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && !isHelpOrVersion(args[0]) {
		return finish(appCmd, appCmd.exec(args, stdout, stderr), stderr)
	}
	switch args[0] {
	case "-h", "-help", "--help":
		printHelp(stdout)
		return 0
	case "-version", "--version":
		args = []string{"version"}
	}
	cmd := lookup(args[0])
	if cmd == nil {
		fmt.Fprintf(stderr, "anketa: unknown command %q\n", args[0])
		if s := suggestCommand(args[0]); s != "" {
			fmt.Fprintf(stderr, "Did you mean anketa %s?\n", s)
		}
		fmt.Fprintln(stderr, "Run anketa --help for the list of commands.")
		return 2
	}
	return finish(cmd, cmd.exec(args[1:], stdout, stderr), stderr)
}

func isHelpOrVersion(a string) bool {
	switch a {
	case "-h", "-help", "--help", "-version", "--version":
		return true
	}
	return false
}

// appCmd is anketa without a subcommand: the interviewer app.
var appCmd = &command{name: "app", summary: "the interviewer app", usage: appUsage, setup: setupApp}

// finish reports err and returns the exit code.
func finish(cmd *command, err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue) && cmd == appCmd:
		fmt.Fprintf(stderr, "anketa: %s\nRun anketa --help for usage.\n", ue.msg)
		return 2
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "anketa %s: %s\nRun anketa help %s for usage.\n", cmd.name, ue.msg, cmd.name)
		return 2
	case errors.Is(err, errSilent):
		return 1
	case cmd == appCmd:
		fmt.Fprintf(stderr, "anketa: %s\n", clean(err.Error()))
		return 1
	}
	fmt.Fprintf(stderr, "anketa %s: %s\n", cmd.name, clean(err.Error()))
	return 1
}

// clean makes a message safe to print: bytes that are not UTF-8 (from a
// damaged file) become U+FFFD, and control characters other than line
// breaks and tabs become their \x escapes, so that no terminal runs them.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func suggestCommand(name string) string {
	names := make([]string, len(commands))
	for i, c := range commands {
		if strings.HasPrefix(c.name, name) {
			return c.name
		}
		names[i] = c.name
	}
	return expr.Suggest(name, names)
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, `anketa: computer-assisted personal interviewing in the terminal

Usage:
  anketa [--questionnaire FILE] [--store FILE] [--practice] [--ui-lang cs|en] [--accessible] [--recipient KEY]
                         the interviewer app
  anketa COMMAND [flags] [arguments]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run anketa help COMMAND for a command's flags.
Exit codes: 0 success, 1 failure, 2 wrong usage.
`)
}

var helpCmd = &command{
	name:    "help",
	summary: "show help for a command",
	usage:   "anketa help [COMMAND]\n\nShows the list of commands, or the usage of one.",
	setup: noFlags(func(args []string, stdout, stderr io.Writer) error {
		if len(args) == 0 {
			printHelp(stdout)
			return nil
		}
		c := lookup(args[0])
		if c == nil {
			return usagef("unknown command %q", args[0])
		}
		fmt.Fprintln(stdout, c.usage)
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.setup(fs)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, "\nFlags:")
			fs.PrintDefaults()
		}
		return nil
	}),
}

var versionCmd = &command{
	name:    "version",
	summary: "print anketa's version",
	usage:   "anketa version\nanketa --version",
	setup: noFlags(func(args []string, stdout, stderr io.Writer) error {
		if len(args) > 0 {
			return usagef("version takes no arguments")
		}
		fmt.Fprintln(stdout, "anketa", buildVersion())
		return nil
	}),
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// parseFlags parses args with fs, allowing flags after the arguments
// (anketa check a.yaml --embedded), and returns the arguments.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	fs.SetOutput(io.Discard)
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(stderr)
				fs.Usage()
				return nil, flag.ErrHelp
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		if args[0] == "--" {
			return append(rest, args[1:]...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}
