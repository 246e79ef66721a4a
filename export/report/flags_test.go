package report

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"anketa/questionnaire"
	"anketa/storage"
)

// TestFlags builds sessions that each check must find, and ordinary
// ones it must not: a 20-second interview (the default questionnaire asks
// ten questions of everyone: 30 s is the threshold), a grid graded 2 on
// every row, two interviews of one interviewer overlapping in time, and
// a day on which every grade is "nevím" (100 % against 20 % overall, far
// beyond three standard errors); a rejection in review.db comes with them.
func TestFlags(t *testing.T) {
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s, err := storage.Open(filepath.Join(dir, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	dayA := time.Date(2026, 10, 5, 8, 0, 0, 0, time.UTC)
	dayB := time.Date(2026, 10, 6, 8, 0, 0, 0, time.UTC)
	var sessions []*storage.Session
	mk := func(who string, start time.Time, secs int, grid [5]string, overall string) storage.ID {
		u, _ := uuid.NewV7()
		sess := &storage.Session{ID: storage.ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: storage.Completed,
			Started: start, Updated: start.Add(time.Duration(secs) * time.Second), Finished: start.Add(time.Duration(secs) * time.Second), Interviewer: who, Language: "cs"}
		add := func(n, v string) {
			sess.Answers = append(sess.Answers, storage.Answer{Name: n, Value: questionnaire.CodeValue(v)})
		}
		add("pracoviste", "1")
		add("duvod", "11")
		add("celkove", overall)
		for i, n := range []string{"cekani", "ochota", "srozumitelnost", "oteviraci_doba", "prostredi"} {
			add(n, grid[i])
		}
		add("slozitost", overall)
		sessions = append(sessions, sess)
		return sess.ID
	}
	ordinary := [5]string{"1", "2", "3", "2", "1"}
	short := mk("T01", dayB, 20, ordinary, "2")
	flat := mk("T01", dayB.Add(time.Hour), 300, [5]string{"2", "2", "2", "2", "2"}, "2")
	o1 := mk("T02", dayB.Add(2*time.Hour), 600, ordinary, "1")
	o2 := mk("T02", dayB.Add(2*time.Hour+5*time.Minute), 600, ordinary, "1")
	var quiet []storage.ID
	for i := range 36 {
		quiet = append(quiet, mk(fmt.Sprintf("T1%d", i%3), dayB.Add(time.Duration(3*60+i*10)*time.Minute), 300, ordinary, "3"))
	}
	var dk []storage.ID
	for i := range 10 {
		dk = append(dk, mk("T05", dayA.Add(time.Duration(i)*15*time.Minute), 300, [5]string{"9", "9", "9", "9", "9"}, "9"))
	}
	if err := s.WriteSessions(q, sessions); err != nil {
		t.Fatal(err)
	}
	s.Close()
	rv, err := storage.OpenReview(filepath.Join(dir, "review.db"), q.ID)
	if err != nil {
		t.Fatal(err)
	}
	rv.Decide(storage.Decision{Session: short, Verdict: storage.Rejected, Reason: "příliš krátký"})
	rv.Close()

	r, err := Flags(FlagOptions{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	flags := map[storage.ID][]string{}
	var decided *Reviewed
	for _, x := range r.Sessions {
		for _, f := range x.Flags {
			flags[x.ID] = append(flags[x.ID], f.Kind)
		}
		if x.ID == short {
			decided = x
		}
	}
	want := map[storage.ID][]string{short: {FlagShort}, flat: {FlagStraight}, o1: {FlagOverlap}, o2: {FlagOverlap}}
	for _, id := range dk {
		want[id] = []string{FlagDontKnow}
	}
	for id, w := range want {
		if !slices.Equal(flags[id], w) {
			t.Errorf("session %s: flags %v, want %v", id, flags[id], w)
		}
	}
	for _, id := range quiet {
		if len(flags[id]) > 0 {
			t.Errorf("an ordinary session flagged %v", flags[id])
		}
	}
	if r.Flagged != len(want) || len(r.Sessions) != len(sessions) || len(r.Sessions[0].Flags) == 0 || len(r.Sessions[len(r.Sessions)-1].Flags) > 0 {
		t.Errorf("%d flagged of %d, flagged first: %v", r.Flagged, len(r.Sessions), len(r.Sessions[0].Flags) > 0)
	}
	if r.ShortSeconds != 30 || decided == nil || decided.Decision == nil || decided.Decision.Verdict != storage.Rejected {
		t.Errorf("threshold %v, decision %+v", r.ShortSeconds, decided)
	}
	d, err := SessionDetail([]string{dir}, flat, nil)
	if err != nil || len(d.Answers) != 10 || d.Answers[4][0] != "dobu čekání" || d.Answers[4][1] != "2 – chvalitebně" {
		t.Errorf("detail: %v %+v", err, d)
	}
}
