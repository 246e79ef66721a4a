package export

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
	"anketa/storage"
)

// sealedQuestionnaire is the default questionnaire with recipients added.
func sealedQuestionnaire(t testing.TB, recipient string) *questionnaire.Questionnaire {
	t.Helper()
	src, err := questionnaire.EmbeddedSource("spokojenost")
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("\nlanguages:"), []byte("\nrecipients: ["+recipient+"]\nlanguages:"), 1)
	q, err := questionnaire.Parse("sealed.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func without(rows [][]string, col string) [][]string {
	i := slices.Index(rows[0], col)
	out := make([][]string, len(rows))
	for k, r := range rows {
		out[k] = append(slices.Clone(r[:i]), r[i+1:]...)
	}
	return out
}

// The same sessions, written to a store that seals and to one that does
// not, export to the same rows once the identity is given; without it, or
// with another key, nothing is written and the sealed sessions are listed.
func TestSealedExport(t *testing.T) {
	coordinator, _ := age.GenerateX25519Identity()
	plainQ, _ := questionnaire.Default()
	sealedQ := sealedQuestionnaire(t, coordinator.Recipient().String())
	dir := t.TempDir()
	gen := func(q *questionnaire.Questionnaire, name string) []string {
		paths, err := Generate(GenerateOptions{Questionnaire: q, Sessions: 400, Stores: 2, Seed: 9, Dir: filepath.Join(dir, name)})
		if err != nil {
			t.Fatal(err)
		}
		return paths
	}
	plain, sealed := gen(plainQ, "plain"), gen(sealedQ, "sealed")
	rawPlain, _ := os.ReadFile(plain[0])
	rawSealed, _ := os.ReadFile(sealed[0])
	inPlain, inSealed := 0, 0
	for _, text := range suggestions {
		inPlain += bytes.Count(rawPlain, []byte(text))
		inSealed += bytes.Count(rawSealed, []byte(text))
	}
	// Only the sessions still in progress stay readable until they end.
	open := 0
	st, err := storage.OpenReadOnly(sealed[0])
	if err != nil {
		t.Fatal(err)
	}
	err = st.Scan(func(sess *storage.Session) error {
		for _, a := range sess.Answers {
			if sess.Status == storage.InProgress && slices.Contains(suggestions, a.Value.Text) {
				open++
			}
		}
		return nil
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if inPlain == 0 || inSealed != open {
		t.Errorf("the generated suggestions should be readable in the plain store only: %d in the plain one, %d in the sealed one (%d in progress)", inPlain, inSealed, open)
	}

	_, want := run(t, Options{Paths: plain, Out: filepath.Join(dir, "plain.csv")})
	sum, got := run(t, Options{Paths: sealed, Out: filepath.Join(dir, "sealed.csv"), Identities: []age.Identity{coordinator}})
	if sum.Sessions != len(want)-1 || len(sum.Sealed) != 0 {
		t.Fatalf("sealed export: %d sessions, %d sealed left; want %d", sum.Sessions, len(sum.Sealed), len(want)-1)
	}
	// The rows are the same but for the stores' random device IDs and
	// the questionnaire's hash-free columns, which match.
	want, got = without(want, "device_id"), without(got, "device_id")
	if !slices.EqualFunc(want, got, slices.Equal) {
		for i := range min(len(want), len(got)) {
			if !slices.Equal(want[i], got[i]) {
				t.Fatalf("row %d differs:\nplain  %v\nsealed %v", i, want[i], got[i])
			}
		}
		t.Fatalf("%d rows against %d", len(got), len(want))
	}

	// Without the identity: nothing written, every sealed session listed.
	out := filepath.Join(dir, "none.csv")
	sum, err = Run(Options{Paths: sealed, Out: out})
	if !errors.Is(err, ErrSealed) || len(sum.Sealed) != len(want)-1 {
		t.Fatalf("without identity: %v, %d listed, want %d", err, len(sum.Sealed), len(want)-1)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an export with unopened sealed sessions wrote its file")
	}
	// With another key: a clear error at once.
	other, _ := age.GenerateX25519Identity()
	_, err = Run(Options{Paths: sealed, Out: out, Identities: []age.Identity{other}})
	if err == nil || !strings.Contains(err.Error(), "the identity given cannot open its sealed sessions: they are sealed to "+coordinator.Recipient().String()) {
		t.Errorf("wrong identity: %v", err)
	}
}

// Sessions sealed by the app (answers given one by one, then completed)
// export with their answers, and a flipped byte in one is reported as
// that session's, while the others are exported.
func TestSealedByTheAppAndTampered(t *testing.T) {
	coordinator, _ := age.GenerateX25519Identity()
	q := sealedQuestionnaire(t, coordinator.Recipient().String())
	f := &fixture{t, t.TempDir()}
	var ids []storage.ID
	p := f.store("a.db", func(s *storage.Store) {
		for _, grade := range []string{"1", "2", "5"} {
			ids = append(ids, session(t, s, q, true, "pracoviste", questionnaire.CodeValue("1"), "celkove", questionnaire.CodeValue(grade),
				"navrh", questionnaire.TextValue("návrh "+grade)))
		}
	})
	raw, _ := os.ReadFile(p)
	if bytes.Contains(raw, []byte("návrh 5")) {
		t.Fatal("a sealed answer is readable in the store file")
	}
	para := filepath.Join(f.dir, "events.csv")
	sum, rows := run(t, Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out.csv"), Identities: []age.Identity{coordinator}, Paradata: para})
	events := readCSV(t, para, ',')
	// each session: started, 3 answers, completed
	if len(events) != 1+3*5 || events[5][3] != "completed" || events[4][6] != "návrh 1" {
		t.Errorf("paradata of sealed sessions: %d rows: %v", len(events), events)
	}
	m, _ := byID(rows)
	if sum.Sessions != 3 || m[ids[2].String()]["celkove"] != "5" || m[ids[2].String()]["navrh"] != "návrh 5" || m[ids[2].String()]["interviewer"] != "T01" {
		t.Fatalf("%d sessions; row %v", sum.Sessions, m[ids[2].String()])
	}

	// One byte of the second session's sealed record.
	db, err := bolt.Open(p, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("sessions"))
		v := bytes.Clone(b.Get(ids[1][:]))
		v[len(v)/2] ^= 1
		return b.Put(ids[1][:], v)
	})
	db.Close()
	sum, err = Run(Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out2.csv"), Identities: []age.Identity{coordinator}})
	if err != ErrBadInputs || sum.Sessions != 2 || len(sum.Problems) != 1 || !strings.Contains(sum.Problems[0].String(), ids[1].String()) ||
		!strings.Contains(sum.Problems[0].String(), "changed after it was written") {
		t.Fatalf("tampered: %v %+v", err, sum)
	}
}

// A flipped byte in an event in the clear breaks its session's chain, and
// the export says which session.
func TestBrokenChainInExport(t *testing.T) {
	q := load(t, "v1.yaml")
	f := &fixture{t, t.TempDir()}
	var id storage.ID
	p := f.store("a.db", func(s *storage.Store) {
		id = session(t, s, q, true, "znamka", questionnaire.CodeValue("1"))
		session(t, s, q, true, "znamka", questionnaire.CodeValue("2"))
	})
	db, err := bolt.Open(p, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("events"))
		k := append(id[:], 0, 0, 0, 1)
		v := bytes.Clone(b.Get(k))
		v[len(v)-1] ^= 1
		return b.Put(k, v)
	})
	db.Close()
	sum, err := Run(Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out.csv")})
	if err != ErrBadInputs || len(sum.Problems) != 1 || !strings.Contains(sum.Problems[0].String(), "session "+id.String()+": the event chain") {
		t.Fatalf("%v %+v", err, sum)
	}
}
