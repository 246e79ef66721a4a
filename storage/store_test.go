package storage

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

func defaultQ(t testing.TB) *questionnaire.Questionnaire {
	t.Helper()
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "anketa.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestNewStore(t *testing.T) {
	s, path := openTemp(t)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("store permissions %v, want 0600", info.Mode().Perm())
	}
	dev := s.DeviceID()
	if len(dev) != 36 {
		t.Errorf("device ID %q", dev)
	}
	s.Close()
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if s2.DeviceID() != dev {
		t.Errorf("device ID changed on reopen: %s -> %s", dev, s2.DeviceID())
	}
	other, _ := openTemp(t)
	if other.DeviceID() == dev {
		t.Error("two stores share a device ID")
	}
}

// TestValueRoundTrip writes every kind of value through the real store,
// reopens it, and reads them back.
func TestValueRoundTrip(t *testing.T) {
	s, path := openTemp(t)
	q := defaultQ(t)
	sess, err := s.NewSession(q, "T07", "cs")
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]questionnaire.Value{
		"text":      questionnaire.TextValue("Příliš žluťoučký kůň úpěl ďábelské ódy; \x00 a\nnový řádek"),
		"empty_txt": questionnaire.TextValue(""),
		"int":       questionnaire.IntValue(-9223372036854775808),
		"int_max":   questionnaire.IntValue(math.MaxInt64),
		"dec":       questionnaire.DecimalValue(-2.5e-7),
		"date":      questionnaire.DateValue(time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)),
		"code":      questionnaire.CodeValue("9"),
		"codes":     questionnaire.CodesValue("1", "3", "12"),
		"no_codes":  questionnaire.CodesValue(),
		"dk":        questionnaire.MissingValue(questionnaire.DontKnow),
		"refused":   questionnaire.MissingValue(questionnaire.Refused),
		"na":        questionnaire.MissingValue(questionnaire.NotApplicable),
	}
	for name, v := range values {
		if err := s.SetAnswer(sess.ID, name, v); err != nil {
			t.Fatalf("SetAnswer(%s): %v", name, err)
		}
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Load(sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Answers) != len(values) {
		t.Errorf("%d answers back, want %d", len(got.Answers), len(values))
	}
	for name, want := range values {
		if v := got.Answer(name); !v.Equal(want) {
			t.Errorf("%s: got %#v, want %#v", name, v, want)
		}
	}
	if got.Interviewer != "T07" || got.Language != "cs" || got.QuestionnaireHash != q.Hash || got.QuestionnaireID != q.ID {
		t.Errorf("session header: %+v", got)
	}
}

func TestResumeAfterReopen(t *testing.T) {
	s, path := openTemp(t)
	q := defaultQ(t)
	sess, _ := s.NewSession(q, "T01", "cs")
	must(t, s.Show(sess.ID, "pracoviste", false))
	must(t, s.SetAnswer(sess.ID, "pracoviste", questionnaire.CodeValue("2")))
	must(t, s.Show(sess.ID, "duvod", false))
	must(t, s.SetAnswer(sess.ID, "duvod", questionnaire.CodeValue("21")))
	must(t, s.SetAnswer(sess.ID, "duvod", questionnaire.CodeValue("22")))
	must(t, s.Show(sess.ID, "pracoviste", true))
	must(t, s.SetLanguage(sess.ID, "en"))
	must(t, s.Pause(sess.ID))
	s.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	open, err := s.List(0, InProgress)
	if err != nil || len(open) != 1 || open[0].ID != sess.ID {
		t.Fatalf("unfinished sessions after reopen: %v, %v", open, err)
	}
	got := open[0]
	if got.Position != "pracoviste" || got.Language != "en" || got.Answer("duvod").Text != "22" {
		t.Errorf("resumed session: position %s, language %s, duvod %v", got.Position, got.Language, got.Answer("duvod"))
	}
	q2, err := s.Questionnaire(got.QuestionnaireHash)
	if err != nil || q2.Hash != q.Hash || string(q2.Source) != string(q.Source) {
		t.Fatalf("questionnaire from the store: %v", err)
	}
	must(t, s.Resume(sess.ID))
	must(t, s.Complete(sess.ID))
	if err := s.SetAnswer(sess.ID, "duvod", questionnaire.CodeValue("21")); !errors.Is(err, ErrFinished) {
		t.Errorf("changing a completed session: %v, want ErrFinished", err)
	}
	evs, err := s.Events(sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, e.Kind.String())
	}
	want := "started shown answered shown answered changed back language paused resumed completed"
	if strings.Join(kinds, " ") != want {
		t.Errorf("events = %s\nwant     %s", strings.Join(kinds, " "), want)
	}
	if ch := evs[5]; ch.Old.Text != "21" || ch.New.Text != "22" || ch.Item != "duvod" {
		t.Errorf("changed event = %+v", ch)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}

func TestListCountsAndPersist(t *testing.T) {
	s, _ := openTemp(t)
	q := defaultQ(t)
	clock := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return clock }
	var ids []ID
	for i, status := range []Status{Completed, Abandoned, Completed, InProgress} {
		if i == 2 {
			clock = clock.Add(24 * time.Hour)
		}
		sess, err := s.NewSession(q, "T01", "cs")
		if err != nil {
			t.Fatal(err)
		}
		must(t, s.SetAnswer(sess.ID, "pracoviste", questionnaire.CodeValue(string(rune('1'+i%3)))))
		switch status {
		case Completed:
			must(t, s.Complete(sess.ID))
		case Abandoned:
			must(t, s.Abandon(sess.ID, "klient odešel"))
		}
		ids = append(ids, sess.ID)
	}
	all, _ := s.List(0)
	if len(all) != 4 || all[0].ID != ids[3] || all[3].ID != ids[0] {
		t.Errorf("List is not newest first")
	}
	done, _ := s.List(0, Completed)
	if len(done) != 2 {
		t.Errorf("%d completed, want 2", len(done))
	}
	if ab, _ := s.List(1, Abandoned); len(ab) != 1 || ab[0].Reason != "klient odešel" {
		t.Errorf("abandoned: %+v", ab)
	}
	days, _, err := s.CountByDay(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	wantDays := []DayCount{{"2026-11-23", 0, 1, 1}, {"2026-11-24", 1, 1, 0}}
	if len(days) != 2 || days[0] != wantDays[0] || days[1] != wantDays[1] {
		t.Errorf("CountByDay = %+v, want %+v", days, wantDays)
	}
	p, err := s.Persisted(q)
	if err != nil || len(p) != 1 || p["pracoviste"].Text != "1" {
		t.Errorf("Persisted = %v, %v; want pracoviste 1 from the newest session", p, err)
	}
	var scanned []ID
	must(t, s.Scan(func(sess *Session) error { scanned = append(scanned, sess.ID); return nil }))
	for i := range ids {
		if scanned[i] != ids[i] {
			t.Fatal("Scan is not in ID (creation) order")
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestLockedInSameProcess(t *testing.T) {
	_, path := openTemp(t)
	start := time.Now()
	_, err := Open(path)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("ErrLocked took %v", d)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "another anketa window") {
		t.Errorf("message does not name the file and the other window: %v", err)
	}
}

// TestLockedInOtherProcess runs this test binary again as a second
// process that opens the same store.
func TestLockedInOtherProcess(t *testing.T) {
	if path := os.Getenv("ANKETA_TEST_OPEN"); path != "" {
		_, err := Open(path)
		if errors.Is(err, ErrLocked) {
			os.Stdout.WriteString("LOCKED: " + err.Error() + "\n")
			return
		}
		os.Stdout.WriteString("OPENED\n")
		return
	}
	_, path := openTemp(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockedInOtherProcess$")
	cmd.Env = append(os.Environ(), "ANKETA_TEST_OPEN="+path)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "LOCKED: "+path) {
		t.Errorf("child did not get ErrLocked:\n%s", out)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("child took %v", d)
	}
}

func TestReadOnlyWhileAppIsOpen(t *testing.T) {
	s, path := openTemp(t)
	q := defaultQ(t)
	sess, _ := s.NewSession(q, "T01", "cs")
	must(t, s.SetAnswer(sess.ID, "celkove", questionnaire.CodeValue("1")))
	// The app still has the store open; a coordinator reads it.
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly while the app is open: %v", err)
	}
	got, err := ro.Load(sess.ID)
	if err != nil || got.Answer("celkove").Text != "1" {
		t.Fatalf("read-only load: %v %v", got, err)
	}
	if err := ro.SetAnswer(sess.ID, "celkove", questionnaire.CodeValue("2")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write through a read-only store: %v", err)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	must(t, ro.Backup(backup))
	ro.Close()
	// The app goes on writing after the reader has gone.
	must(t, s.SetAnswer(sess.ID, "celkove", questionnaire.CodeValue("2")))
	cp, err := OpenReadOnly(backup)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if got, _ := cp.Load(sess.ID); got.Answer("celkove").Text != "1" {
		t.Errorf("backup does not hold the state at backup time: %v", got.Answer("celkove"))
	}
	if problems, err := cp.Check(); err != nil || len(problems) > 0 {
		t.Errorf("backup check: %v %v", problems, err)
	}
	if err := s.Backup(backup); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
}

func TestWriteWaitsForReaderThenFails(t *testing.T) {
	s, path := openTemp(t)
	q := defaultQ(t)
	sess, _ := s.NewSession(q, "T01", "cs")
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	old := WriteTimeout
	WriteTimeout = 200 * time.Millisecond
	defer func() { WriteTimeout = old }()
	err = s.SetAnswer(sess.ID, "celkove", questionnaire.CodeValue("1"))
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("write during a read: %v, want ErrBusy", err)
	}
	ro.Close()
	must(t, s.SetAnswer(sess.ID, "celkove", questionnaire.CodeValue("1")))
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(i*7919 + i/13)
	}
	// A real store, then cut short.
	s, good := openTemp(t)
	q := defaultQ(t)
	for i := 0; i < 200; i++ {
		sess, _ := s.NewSession(q, "T01", "cs")
		must(t, s.SetAnswer(sess.ID, "navrh", questionnaire.TextValue(strings.Repeat("dlouhý text ", 40))))
	}
	s.Close()
	full, _ := os.ReadFile(good)
	// A bbolt file of another program.
	foreign := filepath.Join(dir, "foreign.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err })
	db.Close()
	// A store of a newer format.
	newer := filepath.Join(dir, "newer.db")
	ns, _ := Open(newer)
	ns.Close()
	db, _ = bolt.Open(newer, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put([]byte("format"), []byte{9}) })
	db.Close()

	tests := []struct {
		path string
		want error
		msg  string
	}{
		{write("random.db", random), ErrNotStore, "random.db"},
		{write("small.db", random[:5000]), ErrNotStore, "small.db"},
		{write("tiny.db", random[:10]), ErrNotStore, "tiny.db"},
		{write("text.db", []byte("id: not a store\n")), ErrNotStore, "text.db"},
		{write("truncated.db", full[:len(full)/3]), ErrNotStore, "truncated"},
		{write("empty.db", nil), ErrNotStore, "empty"},
		{foreign, ErrNotStore, "another program"},
		{newer, ErrNewerFormat, "update anketa"},
	}
	for _, tt := range tests {
		for _, open := range []func(string) (*Store, error){OpenReadOnly, Open} {
			st, err := open(tt.path)
			if err == nil {
				// Open accepts an empty file as a new store; that is fine.
				if strings.HasSuffix(tt.path, "empty.db") {
					st.Close()
					os.Truncate(tt.path, 0)
					continue
				}
				st.Close()
				t.Errorf("%s opened without error", tt.path)
				continue
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), filepath.Base(tt.path)) {
				t.Errorf("%s: %v, want %v mentioning %q", tt.path, err, tt.want, tt.msg)
			}
		}
	}
	if _, err := OpenReadOnly(filepath.Join(dir, "missing.db")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
}

func TestCheckFindsBrokenInvariants(t *testing.T) {
	s, path := openTemp(t)
	q := defaultQ(t)
	a, _ := s.NewSession(q, "T01", "cs")
	b, _ := s.NewSession(q, "T01", "cs")
	must(t, s.SetAnswer(a.ID, "celkove", questionnaire.CodeValue("1")))
	must(t, s.SetAnswer(b.ID, "celkove", questionnaire.CodeValue("2")))
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Fatalf("a sound store: %v %v", p, err)
	}
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		// Drop the questionnaire, damage b's record, lose one of a's events.
		tx.Bucket(bucketQuestionnaires).Delete([]byte(q.Hash))
		rec := append([]byte{}, tx.Bucket(bucketSessions).Get(b.ID[:])...)
		rec[len(rec)-2] = 0xff
		tx.Bucket(bucketSessions).Put(b.ID[:], rec)
		return tx.Bucket(bucketEvents).Delete(eventKey(a.ID, 0))
	})
	db.Close()
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	problems, err := ro.Check()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{
		"session " + a.ID.String() + ": its questionnaire spokojenost_magistrat",
		"session " + a.ID.String() + ": event 0 is missing",
		"session " + b.ID.String() + ": ",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("check did not report %q; it said:\n%s", want, all)
		}
	}
}

// TestModeIsKept: a self-completed session keeps its mode through a
// reopen, in a plain and in a sealed record, beside an interviewer's
// session; merging reads it from the header alone.
func TestModeIsKept(t *testing.T) {
	s, path := openTemp(t)
	id := newIdentity(t)
	for _, q := range []*questionnaire.Questionnaire{defaultQ(t), sealedForm(t, id.Recipient().String())} {
		self, err := s.StartSession(q, "T01", "cs", ModeSelf)
		must(t, err)
		must(t, s.Abandon(self.ID, ReasonTimeout))
		other, err := s.NewSession(q, "T01", "cs")
		must(t, err)
		must(t, s.Complete(other.ID))
	}
	s.Close()
	s, err := Open(path)
	must(t, err)
	defer s.Close()
	if s.Format() != FormatVersion || FormatVersion != 4 {
		t.Errorf("format %d", s.Format())
	}
	var got []string
	must(t, s.Scan(func(sess *Session) error {
		got = append(got, fmt.Sprintf("%s %s sealed=%v %q", sess.Mode, sess.Status, sess.Sealed, sess.Reason))
		return nil
	}))
	want := []string{`self abandoned sealed=false "timeout"`, `interviewer completed sealed=false ""`,
		`self abandoned sealed=true ""`, `interviewer completed sealed=true ""`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sessions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
	s.Close()
	ro, err := OpenReadOnly(path)
	must(t, err)
	defer ro.Close()
	it, err := ro.Iterate()
	must(t, err)
	defer it.Close()
	var modes []string
	for it.Next() {
		modes = append(modes, it.Header().Mode.String())
	}
	if strings.Join(modes, " ") != "self interviewer self interviewer" {
		t.Errorf("modes in the headers: %v", modes)
	}
}
