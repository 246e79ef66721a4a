package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"anketa/questionnaire"
	"anketa/storage"
)

// buildBinary builds anketa once for a test that runs it as a user would.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "anketa")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type ran struct {
	code     int
	out, err string
}

// runBin runs the binary with a time limit: a damaged store must never
// make a command hang, or panic.
func runBin(t *testing.T, bin string, args ...string) ran {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("anketa %s did not finish within 30 s", strings.Join(args, " "))
	}
	code := 0
	if x, ok := err.(*exec.ExitError); ok {
		code = x.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	r := ran{code, o.String(), e.String()}
	for _, a := range args {
		if strings.HasSuffix(a, ".db") && strings.Contains(r.out+r.err, a+": "+a+":") {
			t.Errorf("anketa %s names the file twice in a row:\n%s%s", strings.Join(args, " "), r.out, r.err)
		}
	}
	if !utf8.ValidString(r.out + r.err) {
		t.Errorf("anketa %s printed bytes that are not UTF-8", strings.Join(args, " "))
	}
	if code == 2 && !strings.Contains(r.err, "usage") || strings.Contains(r.err, "panic:") || strings.Contains(r.err, "goroutine ") {
		t.Fatalf("anketa %s crashed (exit %d):\n%s", strings.Join(args, " "), code, r.err)
	}
	return r
}

// damagedStoreSet writes a small store as the app writes it (sessions
// answered one answer at a time, with their paradata, some finished) and
// makes damaged copies of it: every page zeroed in turn, and one byte
// flipped at each of 200 offsets. ANKETA_KEEP_DAMAGED=DIR keeps them.
func damagedStoreSet(t *testing.T) (intact string, damaged []string) {
	t.Helper()
	dir := t.TempDir()
	if keep := os.Getenv("ANKETA_KEEP_DAMAGED"); keep != "" {
		dir = keep
		os.MkdirAll(dir, 0o755)
	}
	intact = filepath.Join(dir, "intact.db")
	os.Remove(intact)
	s, err := storage.Open(intact)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := questionnaire.Default()
	r := rand.New(rand.NewPCG(13, 13))
	for i := 0; i < 40; i++ {
		sess, err := s.NewSession(q, fmt.Sprintf("T%02d", i%3), "cs")
		if err != nil {
			t.Fatal(err)
		}
		answers := []struct {
			name string
			v    questionnaire.Value
		}{
			{"pracoviste", questionnaire.CodeValue(fmt.Sprint(1 + i%3))},
			{"duvod", questionnaire.CodeValue("99")},
			{"duvod_jiny", questionnaire.TextValue(fmt.Sprintf("důvod číslo %d", i))},
			{"navstev", questionnaire.IntValue(int64(1 + r.IntN(5)))},
			{"celkove", questionnaire.CodeValue(fmt.Sprint(1 + r.IntN(5)))},
		}
		for _, a := range answers {
			if err := s.SetAnswer(sess.ID, a.name, a.v); err != nil {
				t.Fatal(err)
			}
		}
		if i%7 != 6 {
			if err := s.Complete(sess.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.Close()
	os.Remove(intact + ".lock")
	raw, err := os.ReadFile(intact)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	for p := 0; p*page < len(raw); p++ {
		b := bytes.Clone(raw)
		clear(b[p*page : min(len(b), (p+1)*page)])
		if bytes.Equal(b, raw) {
			continue // the page was all zeros already
		}
		name := filepath.Join(dir, fmt.Sprintf("zeroed-page-%02d.db", p))
		os.WriteFile(name, b, 0o600)
		damaged = append(damaged, name)
	}
	for k := 0; k < 200; k++ {
		off := r.IntN(len(raw))
		b := bytes.Clone(raw)
		b[off] ^= byte(1 + r.IntN(255))
		name := filepath.Join(dir, fmt.Sprintf("flip-%06d.db", off))
		os.WriteFile(name, b, 0o600)
		damaged = append(damaged, name)
	}
	return intact, damaged
}

// TestDamagedStores runs store check, store info, export (alone, and
// beside the intact store in both orders, with and without --skip-bad)
// and report on every damaged store: none may panic or hang; a store
// whose data come out different from the intact one's must be named as
// damaged; and the intact store's sessions must all be exported, whatever
// the damaged copy holds.
func TestDamagedStores(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED with -short: runs the binary some 1,600 times")
	}
	bin := buildBinary(t)
	intact, damaged := damagedStoreSet(t)
	work := t.TempDir()
	out := func(name string) string { return filepath.Join(work, name) }
	exportCSV := func(args ...string) (ran, string) {
		os.Remove(out("x.csv"))
		r := runBin(t, bin, append([]string{"export", "--no-sidecars", "-o", out("x.csv")}, args...)...)
		b, _ := os.ReadFile(out("x.csv"))
		return r, string(b)
	}
	base, want := exportCSV(intact)
	if base.code != 0 || strings.Count(want, "\n") < 30 {
		t.Fatalf("the intact store's export: exit %d, %d lines\n%s", base.code, strings.Count(want, "\n"), base.err)
	}
	var named, changed, checkFound, harmless int
	for _, d := range damaged {
		name := filepath.Base(d)
		check := runBin(t, bin, "store", "check", d)
		runBin(t, bin, "store", "info", d)
		runBin(t, bin, "store", "sessions", d)
		alone, got := exportCSV(d)
		if check.code != 0 {
			checkFound++
			if !strings.Contains(check.out+check.err, d) {
				t.Errorf("%s: store check failed without naming the file:\n%s%s", name, check.out, check.err)
			}
		}
		if got != want {
			changed++
			if alone.code != 1 || !strings.Contains(alone.err, d) {
				t.Errorf("%s: the export differs from the intact store's, yet it says nothing (exit %d):\n%s", name, alone.code, alone.err)
			}
			if check.code == 0 {
				t.Errorf("%s: its data differ, yet store check says it is sound", name)
			}
		}
		if alone.code == 1 {
			named++
			if !strings.Contains(alone.err, d) {
				t.Errorf("%s: the export failed without naming the store:\n%s", name, alone.err)
			}
		}
		if check.code == 0 && got == want {
			harmless++
		}
		// Beside the intact store, in both orders: the intact sessions
		// are all there, the same bytes either way.
		for _, order := range [][]string{{intact, d}, {d, intact}} {
			r, got := exportCSV(append([]string{"--skip-bad"}, order...)...)
			if r.code != 0 || got != want {
				t.Errorf("%s: export --skip-bad %s: exit %d, %s the intact store's\n%s", name, strings.Join(baseNames(order), " "), r.code,
					map[bool]string{true: "same as", false: "not"}[got == want], r.err)
			}
			r, _ = exportCSV(order...)
			if r.code != 0 && (r.code != 1 || !strings.Contains(r.err, d)) {
				t.Errorf("%s: export %s: exit %d without naming it:\n%s", name, strings.Join(baseNames(order), " "), r.code, r.err)
			}
		}
		rep := runBin(t, bin, "report", "--skip-bad", intact, d)
		if rep.code != 0 {
			t.Errorf("%s: report --skip-bad with the intact store: exit %d\n%s", name, rep.code, rep.err)
		}
		if rep := runBin(t, bin, "report", d); rep.code == 1 && !strings.Contains(rep.err, d) && !strings.Contains(rep.out, d) {
			t.Errorf("%s: report failed without naming the store:\n%s", name, rep.err)
		}
	}
	t.Logf("%d damaged stores: store check found %d, the export named %d, %d gave other data than the intact store (all named), %d left the data as they were and passed the check",
		len(damaged), checkFound, named, changed, harmless)
}

func baseNames(paths []string) []string {
	var out []string
	for _, p := range paths {
		out = append(out, filepath.Base(p))
	}
	return out
}
