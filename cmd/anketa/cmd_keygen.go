package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"filippo.io/age"

	"anketa/storage"
)

var keygenCmd = &command{
	name:    "keygen",
	summary: "make the coordinator's key for sealed interviews",
	usage: `anketa keygen -o coordinator.key

Writes a new age identity (a private key) to the file, readable by you
only, and prints its public key (age1...). Put the public key in the
questionnaire (recipients: [age1...]) or give it to the app with
--recipient: the laptops then seal every finished interview to it, and
only this file opens them again (anketa export --identity coordinator.key).

Keep the file off the laptops, and keep a copy: without it sealed
interviews cannot be read by anyone.`,
	setup: func(fs *flag.FlagSet) runFunc {
		out := fs.String("o", "", "write the key to `FILE`")
		return func(args []string, stdout, stderr io.Writer) error { return runKeygen(*out, args, stdout, stderr) }
	},
}

func runKeygen(out string, args []string, stdout, stderr io.Writer) error {
	if out == "" || len(args) > 0 {
		return usagef("name the key file with -o, such as -o coordinator.key")
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if os.IsExist(err) {
			return fmt.Errorf("%s already exists; a key is never overwritten (sealed interviews may need it); choose another name", out)
		}
		return err
	}
	_, err = fmt.Fprintf(f, "# anketa coordinator key, created %s\n# public key: %s\n%s\n", time.Now().Format(time.RFC3339), id.Recipient(), id)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
		return err
	}
	// The file must read back as an identity before anyone relies on it.
	if _, err := storage.ParseIdentities(out); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s; keep it off the laptops, and keep a copy. Its public key, for the questionnaire's recipients:\n", out)
	fmt.Fprintln(stdout, id.Recipient())
	return nil
}

// loadIdentities reads --identity's file, if given.
func loadIdentities(path string) ([]age.Identity, error) {
	if path == "" {
		return nil, nil
	}
	return storage.ParseIdentities(path)
}

// printSealed lists the sealed sessions an export or a report could not
// open.
func printSealed(w io.Writer, cmd string, ids []storage.ID) {
	fmt.Fprintf(w, "anketa %s: %d sealed %s could not be opened, so nothing was written:\n", cmd, len(ids), plural(len(ids), "session", "sessions"))
	for i, id := range ids {
		if i == 100 {
			fmt.Fprintf(w, "  ... and %d more\n", len(ids)-100)
			break
		}
		fmt.Fprintf(w, "  %s\n", id)
	}
	fmt.Fprintf(w, "give the coordinator's key with --identity FILE (anketa keygen made it)\n")
}
