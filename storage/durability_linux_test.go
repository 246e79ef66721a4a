package storage

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"filippo.io/age"
)

// TestDurability proves what the crash test cannot: a SIGKILL keeps the
// operating system's page cache, so a store that never synced would pass
// it. Here the crash test's writer runs under strace, and the trace must
// show, before every acknowledgement the writer prints, that everything
// written to the store file since the previous acknowledgement was
// followed by a completed fdatasync or fsync of that file. With bbolt's
// NoSync set, or an acknowledgement printed before the commit returns,
// the test fails. The completions of sealed sessions are checked too.
func TestDurability(t *testing.T) {
	for _, sealing := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "sealing"}[sealing], func(t *testing.T) {
			durabilityTest(t, sealing)
		})
	}
}

func durabilityTest(t *testing.T, sealing bool) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("strace is missing; .ci/run installs it")
		}
		t.Skip("SKIPPED: strace is not installed (Debian package strace); CI installs it and runs this test")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "anketa.db")
	trace := filepath.Join(dir, "trace.txt")
	child := "TestCrash"
	env := append(os.Environ(), "ANKETA_CRASH_CHILD="+path, "ANKETA_CRASH_LIMIT=120")
	if sealing {
		child = "TestCrashSealing"
		env = append(env, "ANKETA_CRASH_RECIPIENT="+testRecipient(t))
	}
	// -f follows every thread, -y names each descriptor's file, -s shows
	// enough of each write to read the acknowledgement.
	cmd := exec.Command(strace, "-f", "-qq", "-y", "-s", "96", "-o", trace,
		"-e", "trace=write,pwrite64,pwritev,pwritev2,writev,fsync,fdatasync,sync_file_range,msync",
		os.Args[0], "-test.run=^"+child+"$")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the traced writer failed: %v\n%s", err, out)
	}
	acks := strings.Count(string(out), "\nA ")
	if acks < 100 {
		t.Fatalf("the writer acknowledged %d answers, want 120:\n%s", acks, out)
	}
	f, err := os.Open(trace)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checked, err := checkTrace(bufio.NewScanner(f), path)
	if err != nil {
		t.Fatal(err)
	}
	if checked < acks {
		t.Fatalf("the trace shows %d acknowledgements, the writer printed %d", checked, acks)
	}
	t.Logf("%d acknowledgements, each after the store's writes were synced", checked)
}

// traceLine splits a strace -f line: pid, then a syscall's start, or its
// resumption ("<... fdatasync resumed>").
var traceLine = regexp.MustCompile(`^(\d+)\s+(?:<\.\.\. (\w+) resumed>(.*)|(\w+)\((.*))$`)

// checkTrace reads a strace -f -y log and checks that each
// acknowledgement (a write of "A ..." or "C ..." to standard output) comes
// after a completed sync of the store file that followed the last write
// to it. It returns the number of acknowledgements checked.
func checkTrace(sc *bufio.Scanner, store string) (int, error) {
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	onStore := "<" + store + ">"
	pending := map[string]string{} // pid -> the store sync it is in
	dirty := false                 // the store was written since its last sync
	synced := false                // a sync completed since the last acknowledgement
	acks, line := 0, 0
	for sc.Scan() {
		line++
		m := traceLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		pid := m[1]
		if m[2] != "" { // resumed
			if call := pending[pid]; call == m[2] {
				delete(pending, pid)
				if strings.Contains(m[3], "= 0") {
					dirty, synced = false, true
				}
			}
			continue
		}
		call, args := m[4], m[5]
		switch call {
		case "fsync", "fdatasync":
			if !strings.Contains(fdOf(args), onStore) {
				continue
			}
			if strings.HasSuffix(args, "<unfinished ...>") {
				pending[pid] = call
			} else if strings.Contains(args, ") = 0") {
				dirty, synced = false, true
			}
		case "write", "pwrite64", "pwritev", "pwritev2", "writev":
			fd := fdOf(args)
			switch {
			case strings.Contains(fd, onStore):
				dirty = true
			case strings.HasPrefix(fd, "1<") && (strings.Contains(args, `"A `) || strings.Contains(args, `"C `)):
				acks++
				if dirty || !synced {
					return acks, fmt.Errorf("trace line %d: an acknowledgement was written while the store's last writes were not synced (written since the last sync: %v, a sync since the last acknowledgement: %v): %s",
						line, dirty, synced, sc.Text())
				}
				synced = false
			}
		}
	}
	return acks, sc.Err()
}

// fdOf returns a traced call's first argument, the descriptor with its
// file, as in 7</tmp/x/anketa.db>.
func fdOf(args string) string {
	if i := strings.Index(args, ">"); i >= 0 {
		return args[:i+1]
	}
	return args
}

func testRecipient(t *testing.T) string {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id.Recipient().String()
}
