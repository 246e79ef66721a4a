package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/parquet-go/parquet-go"

	"anketa/questionnaire"
	"anketa/storage"
)

func load(t testing.TB, name string) *questionnaire.Questionnaire {
	t.Helper()
	q, err := questionnaire.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// fixture writes sessions into stores the way the app does: NewSession,
// SetAnswer, Complete.
type fixture struct {
	t   *testing.T
	dir string
}

func (f *fixture) store(name string, fill func(s *storage.Store)) string {
	f.t.Helper()
	p := filepath.Join(f.dir, name)
	s, err := storage.Open(p)
	if err != nil {
		f.t.Fatal(err)
	}
	defer s.Close()
	fill(s)
	return p
}

func session(t testing.TB, s *storage.Store, q *questionnaire.Questionnaire, complete bool, answers ...any) storage.ID {
	t.Helper()
	sess, err := s.NewSession(q, "T01", "cs")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(answers); i += 2 {
		if err := s.SetAnswer(sess.ID, answers[i].(string), answers[i+1].(questionnaire.Value)); err != nil {
			t.Fatal(err)
		}
	}
	if complete {
		if err := s.Complete(sess.ID); err != nil {
			t.Fatal(err)
		}
	}
	return sess.ID
}

func run(t *testing.T, opt Options) (*Summary, [][]string) {
	t.Helper()
	sum, err := Run(opt)
	if err != nil && err != ErrBadInputs {
		t.Fatalf("export: %v", err)
	}
	raw, err := os.ReadFile(opt.Out)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff"))))
	if opt.Dialect == ExcelCS {
		r.Comma = ';'
	}
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse back: %v\n%s", err, raw)
	}
	return sum, rows
}

// byID indexes rows by session ID, and header names by column.
func byID(rows [][]string) (map[string]map[string]string, []string) {
	out := map[string]map[string]string{}
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out[r[0]] = m
	}
	return out, rows[0]
}

func TestMissingKindsAndTypes(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	var ids []storage.ID
	p := f.store("a.db", func(s *storage.Store) {
		ids = append(ids,
			// everything answered; proc asked (znamka 3)
			session(t, s, q, true, "misto", questionnaire.TextValue("=HYPERLINK(\"x\")"), "znamka", questionnaire.CodeValue("3"),
				"proc", questionnaire.TextValue("fronty; dlouhé, \"velmi\""), "vek", questionnaire.IntValue(42),
				"km", questionnaire.DecimalValue(12.5), "kanaly", questionnaire.CodesValue("1", "2")),
			// proc not asked (znamka 1); vek skipped; km don't know; kanaly refused
			session(t, s, q, true, "znamka", questionnaire.CodeValue("1"), "km", questionnaire.MissingValue(questionnaire.DontKnow),
				"kanaly", questionnaire.MissingValue(questionnaire.Refused), "misto", questionnaire.MissingValue(questionnaire.NotApplicable)),
			// the list's own don't know; an empty selection
			session(t, s, q, true, "znamka", questionnaire.CodeValue("9"), "kanaly", questionnaire.CodesValue(), "misto", questionnaire.TextValue("+420 123")),
		)
		session(t, s, q, false, "znamka", questionnaire.CodeValue("2")) // in progress: left out
	})
	sum, rows := run(t, Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out.csv"), Sidecars: true, Paradata: filepath.Join(f.dir, "events.csv")})
	if sum.Sessions != 3 || sum.Skipped["in_progress"] != 1 {
		t.Errorf("summary: %+v", sum)
	}
	events := readCSV(t, filepath.Join(f.dir, "events.csv"), ',')
	if strings.Join(events[0], ",") != "session_id,seq,time,event,question,old_value,new_value,text" {
		t.Errorf("paradata header: %v", events[0])
	}
	kinds := map[string]int{}
	for _, e := range events[1:] {
		kinds[e[3]]++
		if e[0] == ids[0].String() && e[3] == "answered" && e[4] == "misto" && e[6] != "'=HYPERLINK(\"x\")" {
			t.Errorf("paradata new value not guarded: %q", e[6])
		}
	}
	// 3 exported sessions: started and completed each, 6+4+3 answers; the
	// in-progress one is left out.
	if kinds["started"] != 3 || kinds["completed"] != 3 || kinds["answered"] != 13 {
		t.Errorf("paradata events by kind: %v", kinds)
	}
	got, header := byID(rows)
	wantHeader := "session_id questionnaire_id questionnaire_version device_id interviewer status language started_at finished_at duration_s mode abandon_reason misto znamka proc vek km kanaly kanaly__1 kanaly__2 stara"
	if strings.Join(header, " ") != wantHeader {
		t.Errorf("header:\n%s\nwant\n%s", strings.Join(header, " "), wantHeader)
	}
	check := func(id storage.ID, want map[string]string) {
		t.Helper()
		row := got[id.String()]
		for k, v := range want {
			if row[k] != v {
				t.Errorf("session %d %s = %q, want %q", indexID(ids, id), k, row[k], v)
			}
		}
	}
	check(ids[0], map[string]string{"misto": "'=HYPERLINK(\"x\")", "znamka": "3", "proc": "fronty; dlouhé, \"velmi\"", "vek": "42",
		"km": "12.5", "kanaly": "1 2", "kanaly__1": "1", "kanaly__2": "1", "stara": "-99", "status": "completed"})
	check(ids[1], map[string]string{"znamka": "1", "proc": "", "vek": "-99", "km": "-98", "kanaly": "-97", "kanaly__1": "-97", "misto": "-96"})
	check(ids[2], map[string]string{"znamka": "9", "kanaly": "-95", "kanaly__1": "0", "kanaly__2": "0", "misto": "'+420 123"})
	if got[ids[0].String()]["duration_s"] == "" || got[ids[0].String()]["finished_at"] == "" {
		t.Error("no duration for a completed session")
	}
	for _, ext := range []string{".codebook.md", ".sps", ".do"} {
		if _, err := os.Stat(filepath.Join(f.dir, "out"+ext)); err != nil {
			t.Errorf("sidecar %s: %v", ext, err)
		}
	}
}

func indexID(ids []storage.ID, id storage.ID) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}

func TestMergeDeduplicationAndConflicts(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	a := f.store("a.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("1"))
		session(t, s, q, true, "znamka", questionnaire.CodeValue("2"))
	})
	// b is a copy of a taken earlier, plus a session of its own.
	b := filepath.Join(f.dir, "b.db")
	ro, _ := storage.OpenReadOnly(a)
	ro.Backup(b)
	ro.Close()
	var conflicted storage.ID
	func() {
		s, _ := storage.Open(b)
		defer s.Close()
		session(t, s, q, true, "znamka", questionnaire.CodeValue("3"))
		// Change a copied session in a only: a conflict, a's copy is newer.
		all, _ := s.List(0)
		conflicted = all[len(all)-1].ID
	}()
	func() {
		s, _ := storage.Open(a)
		defer s.Close()
		// a's copy of the oldest session is completed already; give a a
		// newer, different copy by writing it in bulk.
		sess, _ := s.Load(conflicted)
		sess.Updated = sess.Updated.Add(time.Hour)
		sess.Answers = []storage.Answer{{Name: "znamka", Value: questionnaire.CodeValue("9")}}
		if err := s.WriteSessions(q, []*storage.Session{sess}); err != nil {
			t.Fatal(err)
		}
	}()
	c := filepath.Join(f.dir, "again.db") // the same store copied twice
	ro, _ = storage.OpenReadOnly(b)
	ro.Backup(c)
	ro.Close()
	sum, rows := run(t, Options{Paths: []string{a, b, c}, Out: filepath.Join(f.dir, "out.csv")})
	if sum.Sessions != 3 || len(rows) != 4 {
		t.Fatalf("%d sessions, %d rows; want 3 sessions, one each", sum.Sessions, len(rows)-1)
	}
	if sum.Duplicates != 3 {
		t.Errorf("%d sessions reported found in more than one store, want all 3", sum.Duplicates)
	}
	got, _ := byID(rows)
	if v := got[conflicted.String()]["znamka"]; v != "9" {
		t.Errorf("conflicting session: znamka %q, want the newer copy's 9", v)
	}
	if len(sum.Conflicts) != 1 || !strings.Contains(sum.Conflicts[0], conflicted.String()) || !strings.Contains(sum.Conflicts[0], "kept the copy updated last, from "+a) {
		t.Errorf("conflicts: %v", sum.Conflicts)
	}
	for i := 2; i < len(rows); i++ {
		if rows[i][0] <= rows[i-1][0] {
			t.Error("rows are not in session ID order")
		}
	}
}

func TestTwoVersions(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q1, q2 := load(t, "v1.yaml"), load(t, "v2.yaml")
	var old, new storage.ID
	p := f.store("a.db", func(s *storage.Store) {
		old = session(t, s, q1, true, "znamka", questionnaire.CodeValue("2"), "stara", questionnaire.TextValue("v1"), "kanaly", questionnaire.CodesValue("2"))
		time.Sleep(5 * time.Millisecond) // v2 is first used later
		new = session(t, s, q2, true, "znamka", questionnaire.CodeValue("1"), "nova", questionnaire.TextValue("v2"), "kanaly", questionnaire.CodesValue("3"))
	})
	_, rows := run(t, Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out.csv")})
	got, header := byID(rows)
	want := "znamka misto proc vek km kanaly kanaly__1 kanaly__2 kanaly__3 nova stara"
	if h := strings.Join(header[len(metaHeader()):], " "); h != want {
		t.Errorf("question columns: %s\nwant (newest order, removed after): %s", h, want)
	}
	o, n := got[old.String()], got[new.String()]
	if o["questionnaire_version"] != "1" || n["questionnaire_version"] != "2" {
		t.Errorf("versions: %s %s", o["questionnaire_version"], n["questionnaire_version"])
	}
	if o["stara"] != "v1" || o["nova"] != "" || n["nova"] != "v2" || n["stara"] != "" {
		t.Errorf("version-only columns: old %q/%q new %q/%q", o["stara"], o["nova"], n["stara"], n["nova"])
	}
	if o["kanaly__3"] != "0" || n["kanaly__3"] != "1" {
		t.Errorf("an option added in v2: old %q new %q", o["kanaly__3"], n["kanaly__3"])
	}
}

func TestTypeChangeIsAnError(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q1 := load(t, "v1.yaml")
	src := strings.Replace(string(q2Source(t)), "{name: vek, type: integer", "{name: vek, type: text", 1)
	q2, err := questionnaire.Parse("v2.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := f.store("a.db", func(s *storage.Store) {
		session(t, s, q1, true, "znamka", questionnaire.CodeValue("2"))
		time.Sleep(5 * time.Millisecond)
		session(t, s, q2, true, "znamka", questionnaire.CodeValue("2"))
	})
	_, err = Run(Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out.csv")})
	if err == nil || !strings.Contains(err.Error(), "question vek is text in version 2 but integer in version 1") {
		t.Errorf("type change: %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "out.csv")); err == nil {
		t.Error("a failed export left a file")
	}
	if _, err := Run(Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out.csv"), AllowTypeChange: true}); err != nil {
		t.Errorf("with AllowTypeChange: %v", err)
	}
}

// TestCodeChangesMeaning: a code that is "don't know" in one version and a
// grade in another would be declared missing for both; the export refuses.
func TestCodeChangesMeaning(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q1 := load(t, "v1.yaml")
	src := strings.Replace(string(q2Source(t)), `{value: "9", label: {cs: nevím, en: don't know}, missing: dont_know}`, `{value: "9", label: {cs: devět, en: nine}}`, 1)
	q2, err := questionnaire.Parse("v2.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := f.store("a.db", func(s *storage.Store) {
		session(t, s, q1, true, "znamka", questionnaire.CodeValue("9"))
		time.Sleep(5 * time.Millisecond)
		session(t, s, q2, true, "znamka", questionnaire.CodeValue("9"))
	})
	_, err = Run(Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out.csv")})
	if err == nil || !strings.Contains(err.Error(), "question znamka: code 9 is a missing answer in one version and a valid one in another (versions 2 and 1)") {
		t.Errorf("a code that changed its meaning: %v", err)
	}
}

func q2Source(t *testing.T) []byte {
	b, err := os.ReadFile("testdata/v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDialectsAndLongFormat(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	p := f.store("a.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("3"), "proc", questionnaire.TextValue("Příliš žluťoučký kůň; \"úpěl\"\nďábelské ódy"),
			"km", questionnaire.DecimalValue(0.75), "misto", questionnaire.TextValue("@ Plzeň"))
	})
	out := filepath.Join(f.dir, "excel.csv")
	_, rows := run(t, Options{Paths: []string{p}, Out: out, Dialect: ExcelCS})
	raw, _ := os.ReadFile(out)
	if !bytes.HasPrefix(raw, []byte("\ufeffsession_id;")) || !bytes.Contains(raw, []byte("\r\n")) {
		t.Errorf("excel-cs: no BOM, semicolon or CRLF: %q", raw[:40])
	}
	got, _ := byID(rows)
	for _, r := range got {
		if r["km"] != "0,75" || r["proc"] != "Příliš žluťoučký kůň; \"úpěl\"\nďábelské ódy" || r["misto"] != "'@ Plzeň" {
			t.Errorf("excel-cs values: km %q proc %q misto %q", r["km"], r["proc"], r["misto"])
		}
	}
	_, rows = run(t, Options{Paths: []string{p}, Out: filepath.Join(f.dir, "long.csv"), Format: "long"})
	if strings.Join(rows[0][len(metaHeader()):], ",") != "question,value" || len(rows) != 1+7 {
		t.Fatalf("long format: header %v, %d rows", rows[0], len(rows))
	}
	for _, r := range rows[1:] {
		if m := len(metaHeader()); r[m] == "km" && r[m+1] != "0.75" {
			t.Errorf("long km = %q", r[m+1])
		}
	}
}

// TestDeterminism exports the same stores given in every order and
// compares the bytes.
func TestDeterminism(t *testing.T) {
	dir := t.TempDir()
	q, _ := questionnaire.Default()
	paths, err := Generate(GenerateOptions{Questionnaire: q, Sessions: 600, Stores: 4, Seed: 7, Dir: filepath.Join(dir, "stores")})
	if err != nil {
		t.Fatal(err)
	}
	var first []byte
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5; i++ {
		shuffled := append([]string{}, paths...)
		r.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		out := filepath.Join(dir, "out.csv")
		if _, err := Run(Options{Paths: shuffled, Out: out, IncludePartial: true, Sidecars: true}); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(out)
		sps, _ := os.ReadFile(filepath.Join(dir, "out.sps"))
		b = append(b, sps...)
		if first == nil {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Fatalf("order %v gives different bytes", shuffled)
		}
	}
}

func TestDamagedStoreAmongGoodOnes(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	good := f.store("good.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("1"))
	})
	bad := filepath.Join(f.dir, "bad.db")
	os.WriteFile(bad, bytes.Repeat([]byte("not a store "), 800), 0o600)
	foreign := filepath.Join(f.dir, "notes.txt")
	os.WriteFile(foreign, []byte("a coordinator's notes"), 0o600)
	out := filepath.Join(f.dir, "out", "out.csv")
	os.Mkdir(filepath.Dir(out), 0o755)
	sum, err := Run(Options{Paths: []string{f.dir}, Out: out})
	if err != ErrBadInputs {
		t.Fatalf("err = %v, want ErrBadInputs", err)
	}
	if sum.Sessions != 1 || len(sum.Problems) != 1 || sum.Problems[0].File != bad || !strings.Contains(sum.Problems[0].String(), "not an anketa store") {
		t.Errorf("summary: %+v", sum)
	}
	if _, err := Run(Options{Paths: []string{f.dir}, Out: out, SkipBad: true}); err != nil {
		t.Errorf("with SkipBad: %v", err)
	}
	_ = good
}

func TestDifferentQuestionnaires(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	other, err := questionnaire.LoadEmbedded("prispevek")
	if err != nil {
		t.Fatal(err)
	}
	a := f.store("a.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("1"))
	})
	b := f.store("b.db", func(s *storage.Store) {
		session(t, s, other, true, "hodnoceni", questionnaire.CodeValue("2"))
		session(t, s, other, true, "hodnoceni", questionnaire.CodeValue("3"))
		session(t, s, other, false, "hodnoceni", questionnaire.CodeValue("3")) // in progress
	})
	sum, rows := run(t, Options{Paths: []string{a, b}, Out: filepath.Join(f.dir, "out.csv")})
	if sum.Sessions != 1 || len(rows) != 2 || rows[1][1] != "test" || sum.QuestionnaireID != "test" {
		t.Errorf("the first path's questionnaire: %d sessions, rows %v", sum.Sessions, rows)
	}
	// The other questionnaire's session in progress is its own, not one
	// left out of this export's.
	if len(sum.OtherIDs) != 1 || sum.OtherIDs[0] != "prispevek_na_bydleni (3 sessions)" || sum.Skipped["in_progress"] != 0 || sum.StoresUsed != 1 || sum.Stores != 2 {
		t.Errorf("other questionnaires reported: %v; skipped %v; stores %d of %d", sum.OtherIDs, sum.Skipped, sum.StoresUsed, sum.Stores)
	}
	sum, rows = run(t, Options{Paths: []string{a, b}, Out: filepath.Join(f.dir, "out.csv"), QuestionnaireID: "prispevek_na_bydleni"})
	if sum.Sessions != 2 || rows[1][1] != "prispevek_na_bydleni" || sum.Skipped["in_progress"] != 1 {
		t.Errorf("--questionnaire-id: %d sessions", sum.Sessions)
	}
	if _, err := Run(Options{Paths: []string{a}, Out: filepath.Join(f.dir, "out.csv"), QuestionnaireID: "nic"}); err == nil || !strings.Contains(err.Error(), `no questionnaire "nic" in the inputs; they hold: test`) {
		t.Errorf("an unknown id: %v", err)
	}
}

// TestDamagedRecord breaks one session's record inside a good store: the
// other sessions are exported, the broken one is named, and the export
// fails unless told to skip.
func TestDamagedRecord(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	var broken storage.ID
	p := f.store("a.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("1"))
		broken = session(t, s, q, true, "znamka", questionnaire.CodeValue("2"), "vek", questionnaire.IntValue(30))
		session(t, s, q, true, "znamka", questionnaire.CodeValue("3"))
	})
	func() {
		s, _ := storage.Open(p)
		defer s.Close()
		sess, _ := s.Load(broken)
		// An answer of an unknown kind: the header reads, the body does not.
		sess.Answers = append(sess.Answers, storage.Answer{Name: "x", Value: questionnaire.Value{Kind: 99}})
		if err := s.WriteSessions(q, []*storage.Session{sess}); err != nil {
			t.Fatal(err)
		}
	}()
	sum, err := Run(Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out.csv")})
	if err != ErrBadInputs || sum.Sessions != 2 || len(sum.Problems) != 1 || sum.Problems[0].File != p ||
		!strings.Contains(sum.Problems[0].String(), broken.String()) {
		t.Fatalf("err %v, summary %+v", err, sum)
	}
	rows := readCSV(t, filepath.Join(f.dir, "out.csv"), ',')
	if len(rows) != 3 {
		t.Errorf("%d rows, want the 2 good sessions and a header", len(rows))
	}
	// With --skip-bad the paradata hold the events of the sessions
	// exported, and none of the one left out.
	events := filepath.Join(f.dir, "events.csv")
	if _, err := Run(Options{Paths: []string{p}, Out: filepath.Join(f.dir, "out2.csv"), Paradata: events, SkipBad: true}); err != nil {
		t.Fatal(err)
	}
	sessions := map[string]bool{}
	for _, r := range readCSV(t, events, ',')[1:] {
		sessions[r[0]] = true
	}
	if len(sessions) != 2 || sessions[broken.String()] {
		t.Errorf("the paradata hold the events of %v, want the 2 sessions exported and not %s", sessions, broken)
	}
}

// TestTimeCache checks the cached formatting against time.Format, in UTC
// and in Prague's zone across the change to summer time (2026-03-29).
func TestTimeCache(t *testing.T) {
	prague, err := time.LoadLocation("Europe/Prague")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		loc    *time.Location
		layout string
	}{{nil, "2006-01-02T15:04:05Z"}, {prague, "2006-01-02 15:04:05"}} {
		tc := timeCache{f: timeFormat{loc: c.loc}}
		r := rand.New(rand.NewPCG(5, 6))
		base := time.Date(2026, 3, 28, 22, 0, 0, 0, time.UTC)
		for i := 0; i < 5000; i++ {
			tm := base.Add(time.Duration(r.IntN(3*86400)) * time.Second).Add(time.Duration(r.IntN(1000)) * time.Millisecond)
			want := tm.UTC().Format(c.layout)
			if c.loc != nil {
				want = tm.In(c.loc).Format(c.layout)
			}
			if got := string(tc.append(nil, tm)); got != want {
				t.Fatalf("%v in %v: %s, want %s", tm, c.loc, got, want)
			}
		}
		if s := string(tc.append(nil, time.Time{})); s != "" {
			t.Errorf("zero time: %q", s)
		}
	}
}

// TestCodebookCountsAndParadataOrder: a calculation's cells are counted
// as answered, a multiple choice answered with no option is counted
// apart from not asked, and the paradata of sessions from two stores
// come in session ID order, as the rows do.
func TestCodebookCountsAndParadataOrder(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	v1 := load(t, "v1.yaml")
	fill := func(s *storage.Store) {
		session(t, s, q, true, "pracoviste", questionnaire.CodeValue("1"), "celkove", questionnaire.CodeValue("4"))
		time.Sleep(2 * time.Millisecond)
	}
	a := f.store("a.db", func(s *storage.Store) { fill(s); fill(s) })
	b := f.store("b.db", func(s *storage.Store) { fill(s); fill(s) })
	// Interleave: more sessions in a after b's.
	func() {
		s, _ := storage.Open(a)
		defer s.Close()
		fill(s)
	}()
	out := filepath.Join(f.dir, "out.csv")
	sum, rows := run(t, Options{Paths: []string{b, a}, Out: out, Sidecars: true, Paradata: filepath.Join(f.dir, "events.csv")})
	if sum.Sessions != 5 {
		t.Fatalf("%d sessions", sum.Sessions)
	}
	book := readText(t, filepath.Join(f.dir, "out.codebook.md"))
	if !strings.Contains(book, "### `nespokojen`") || !strings.Contains(section(book, "nespokojen"), "answered with a value: 5; not asked: 0") ||
		!strings.Contains(section(book, "nespokojen"), "in SPSS, Stata and R: number") {
		t.Errorf("the calculation's codebook entry:\n%s", section(book, "nespokojen"))
	}
	got, _ := byID(rows)
	for id, r := range got {
		if r["nespokojen"] != "1" {
			t.Errorf("session %s: nespokojen %q, want 1 for a grade of 4", id, r["nespokojen"])
		}
	}
	events := readCSV(t, filepath.Join(f.dir, "events.csv"), ',')
	for i := 2; i < len(events); i++ {
		if events[i][0] < events[i-1][0] {
			t.Fatalf("paradata row %d (%s) comes after %s", i, events[i][0], events[i-1][0])
		}
	}
	if len(events) < 1+5*3 {
		t.Errorf("%d paradata rows", len(events))
	}

	c := f.store("c.db", func(s *storage.Store) {
		session(t, s, v1, true, "znamka", questionnaire.CodeValue("1"), "kanaly", questionnaire.CodesValue())
		session(t, s, v1, true, "znamka", questionnaire.CodeValue("1"), "kanaly", questionnaire.CodesValue("1"))
		session(t, s, v1, true, "znamka", questionnaire.CodeValue("1"))
	})
	run(t, Options{Paths: []string{c}, Out: out, Sidecars: true})
	book = readText(t, filepath.Join(f.dir, "out.codebook.md"))
	if k := section(book, "kanaly"); !strings.Contains(k, "Answered with no option: 1.") || !strings.Contains(k, "answered with a value: 2") {
		t.Errorf("the empty multiple choice in the codebook:\n%s", k)
	}
	if !strings.Contains(book, "| `-95` | a multiple choice answered with no option") {
		t.Error("the codebook does not define the code of an empty multiple choice")
	}
}

// section is a question's part of the codebook.
func section(book, name string) string {
	i := strings.Index(book, "### `"+name+"`")
	if i < 0 {
		return ""
	}
	rest := book[i+1:]
	if j := strings.Index(rest, "\n### "); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestModeAndAbandonReason: every session says who answered it, and an
// abandoned one why, in the CSV and the codebook.
func TestModeAndAbandonReason(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	var self, left, timeout storage.ID
	p := f.store("a.db", func(s *storage.Store) {
		sess, err := s.StartSession(q, "T01", "cs", storage.ModeSelf)
		if err != nil {
			t.Fatal(err)
		}
		self = sess.ID
		if err := s.Complete(self); err != nil {
			t.Fatal(err)
		}
		left = session(t, s, q, false)
		if err := s.Abandon(left, storage.OtherReason("požár; \"evakuace\"")); err != nil {
			t.Fatal(err)
		}
		sess, _ = s.StartSession(q, "T01", "cs", storage.ModeSelf)
		timeout = sess.ID
		if err := s.Abandon(timeout, storage.ReasonTimeout); err != nil {
			t.Fatal(err)
		}
	})
	out := filepath.Join(f.dir, "out.csv")
	_, rows := run(t, Options{Paths: []string{p}, Out: out, IncludePartial: true, Sidecars: true})
	got, _ := byID(rows)
	for id, want := range map[storage.ID][2]string{
		self: {"self", ""}, left: {"interviewer", "other: požár; \"evakuace\""}, timeout: {"self", "timeout"},
	} {
		if r := got[id.String()]; r["mode"] != want[0] || r["abandon_reason"] != want[1] {
			t.Errorf("session %s: mode %q reason %q, want %q %q", id, r["mode"], r["abandon_reason"], want[0], want[1])
		}
	}
	book, err := os.ReadFile(strings.TrimSuffix(out, ".csv") + ".codebook.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| `mode` |", "self: the client answered alone", "| `abandon_reason` |", "timeout"} {
		if !bytes.Contains(book, []byte(want)) {
			t.Errorf("the codebook lacks %q", want)
		}
	}
}

// TestContactsExport: the approach logs of two stores, one handed in
// twice, are merged, each approach once, in time order, with its
// outcome, its interview's status, the sampling and the workplace; the
// codebook describes them.
func TestContactsExport(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q, err := questionnaire.Parse("misto.yaml", []byte(`id: misto
version: "1"
title: Místo
choices:
  m: [{value: "1", label: Vozidla}, {value: "2", label: Živnosti}]
questions:
  - {name: misto, type: select_one m, label: Pracoviště, persist: true}
  - {name: znamka, type: integer, label: Známka}
`))
	if err != nil {
		t.Fatal(err)
	}
	place := []storage.Answer{{Name: "misto", Value: questionnaire.CodeValue("2")}}
	var done, left storage.ID
	a := f.store("a.db", func(s *storage.Store) {
		if err := s.LogContact(q, &storage.Contact{Interviewer: "T01", Outcome: storage.Refused, Every: 3, Count: 3, Place: place}); err != nil {
			t.Fatal(err)
		}
		sess, err := s.StartSessionWith(q, "T01", "cs", storage.ModeInterviewer, &storage.Contact{Interviewer: "T01", Every: 3, Count: 6, Place: place})
		if err != nil {
			t.Fatal(err)
		}
		done = sess.ID
		s.SetAnswer(done, "misto", questionnaire.CodeValue("2"))
		s.Complete(done)
	})
	f.store("b.db", func(s *storage.Store) {
		sess, err := s.StartSessionWith(q, "T02", "cs", storage.ModeInterviewer, &storage.Contact{Interviewer: "T02"})
		if err != nil {
			t.Fatal(err)
		}
		left = sess.ID
		s.Abandon(left, storage.ReasonClientLeft)
		s.LogContact(q, &storage.Contact{Interviewer: "T02", Outcome: storage.NotEligible})
	})
	copyFile(t, a, filepath.Join(f.dir, "a-again.db"))
	out := filepath.Join(f.dir, "out.csv")
	contacts := filepath.Join(f.dir, "out.contacts.csv")
	sum, _ := run(t, Options{Paths: []string{f.dir}, Out: out, Contacts: contacts, Sidecars: true})
	if sum.Contacts != 4 || sum.ContactDuplicates != 2 {
		t.Errorf("contacts %d, duplicates %d", sum.Contacts, sum.ContactDuplicates)
	}
	rows := readCSV(t, contacts, ',')
	var got []string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		line := strings.Join([]string{m["interviewer"], m["outcome"], m["outcome_label"], m["session_status"], m["sampling_every"], m["client_number"], m["misto"]}, "|")
		if m["outcome"] == "1" && m["session_id"] != done.String() && m["session_id"] != left.String() {
			t.Errorf("an interview's approach points to %s", m["session_id"])
		}
		got = append(got, line)
	}
	want := []string{
		"T01|2|refused||3|3|2",
		"T01|1|interviewed|completed|3|6|2",
		"T02|1|interviewed|abandoned|||",
		"T02|3|not eligible (staff, interviewed already, under age)||||",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("contacts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	book, _ := os.ReadFile(strings.TrimSuffix(out, ".csv") + ".codebook.md")
	for _, s := range []string{"## Approach log", "`out.contacts.csv`: one row per client approached (4 approaches; 2 found in more than one store", "| 5 | language barrier |", "| `misto` | the workplace"} {
		if !bytes.Contains(book, []byte(s)) {
			t.Errorf("the codebook lacks %q", s)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestReviewDecisions: a session a review rejected is left out of the
// export and counted; --include-rejected keeps it with the verdict; the
// latest of two coordinators' decisions wins; a review store of another
// questionnaire, or a damaged one, is named and not used.
func TestReviewDecisions(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	var ids []storage.ID
	f.store("a.db", func(s *storage.Store) {
		for i := range 3 {
			ids = append(ids, session(t, s, q, true, "znamka", questionnaire.CodeValue(fmt.Sprint(1+i))))
		}
	})
	decide := func(name, qid string, ds ...storage.Decision) {
		r, err := storage.OpenReview(filepath.Join(f.dir, name), qid)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for _, d := range ds {
			if err := r.Decide(d); err != nil {
				t.Fatal(err)
			}
		}
	}
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	decide("review.db", q.ID,
		storage.Decision{Session: ids[0], Verdict: storage.Rejected, Reason: "příliš krátký", Time: t0},
		storage.Decision{Session: ids[1], Verdict: storage.Rejected, Reason: "omyl", Time: t0})
	decide("review-k2.db", q.ID, storage.Decision{Session: ids[1], Verdict: storage.Approved, Time: t0.Add(time.Hour)})
	decide("review-jiny.db", "jiny", storage.Decision{Session: ids[2], Verdict: storage.Rejected, Reason: "x"})
	os.WriteFile(filepath.Join(f.dir, "review-bad.db"), bytes.Repeat([]byte("x"), 8192), 0o600)

	out := filepath.Join(f.dir, "out.csv")
	sum, rows := run(t, Options{Paths: []string{f.dir}, Out: out})
	got, _ := byID(rows)
	if len(got) != 2 || got[ids[0].String()] != nil || sum.Skipped["rejected"] != 1 {
		t.Errorf("rows %d, the rejected one there: %v, skipped %v", len(got), got[ids[0].String()] != nil, sum.Skipped)
	}
	var named []string
	for _, p := range sum.Problems {
		named = append(named, p.String())
	}
	if all := strings.Join(named, "\n"); !strings.Contains(all, "review-jiny.db: it reviews jiny, not test") || !strings.Contains(all, "review-bad.db") || len(named) != 2 {
		t.Errorf("problems:\n%s", all)
	}
	sum, rows = run(t, Options{Paths: []string{f.dir}, Out: out, IncludeRejected: true, SkipBad: true})
	got, _ = byID(rows)
	if len(got) != 3 || got[ids[0].String()]["review"] != "rejected" || got[ids[1].String()]["review"] != "approved" || got[ids[2].String()]["review"] != "" {
		t.Errorf("with --include-rejected: %d rows, verdicts %q %q %q", len(got), got[ids[0].String()]["review"], got[ids[1].String()]["review"], got[ids[2].String()]["review"])
	}
	// The Parquet export has the review column too, after the other
	// meta columns, with the same verdicts.
	pq := filepath.Join(f.dir, "pq")
	if _, err := Run(Options{Paths: []string{f.dir}, Out: pq, Format: "parquet", IncludeRejected: true, SkipBad: true}); err != nil && err != ErrBadInputs {
		t.Fatal(err)
	}
	verdicts := map[string]string{}
	for name := range parquetFiles(t, pq) {
		sessions, reviews := parquetStrings(t, filepath.Join(pq, name), "session_id"), parquetStrings(t, filepath.Join(pq, name), "review")
		for i, id := range sessions {
			verdicts[id] = reviews[i]
		}
	}
	if len(verdicts) != 3 || verdicts[ids[0].String()] != "rejected" || verdicts[ids[1].String()] != "approved" || verdicts[ids[2].String()] != "" {
		t.Errorf("the Parquet export's verdicts: %q", verdicts)
	}
}

// parquetStrings reads a text column of a Parquet file, NULL as "".
func parquetStrings(t *testing.T, path, column string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	leaf, ok := pf.Schema().Lookup(column)
	if !ok {
		t.Fatalf("%s has no column %s", path, column)
	}
	var out []string
	for _, rg := range pf.RowGroups() {
		pages := rg.ColumnChunks()[leaf.ColumnIndex].Pages()
		for {
			p, err := pages.ReadPage()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			vals := make([]parquet.Value, p.NumValues())
			n, err := p.Values().ReadValues(vals)
			if err != nil && err != io.EOF {
				t.Fatal(err)
			}
			for _, v := range vals[:n] {
				out = append(out, string(v.ByteArray()))
			}
		}
		pages.Close()
	}
	return out
}

// TestAppendUUID checks the export's UUID writer against the uuid
// package's, on IDs made as the app makes them and on the extremes.
func TestAppendUUID(t *testing.T) {
	ids := []storage.ID{{}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}
	for range 100 {
		ids = append(ids, storage.ID(uuid.Must(uuid.NewV7())))
	}
	for _, id := range ids {
		if got, want := string(appendUUID([]byte("x"), id)), "x"+id.String(); got != want {
			t.Fatalf("appendUUID = %s, want %s", got, want)
		}
	}
}
