package export

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"anketa/questionnaire"
	"anketa/storage"
)

// TestGenerateFieldwork: generated interviews happen when an office is
// open, free text is given only where it is asked for, and every
// session's paradata tells how it went.
func TestGenerateFieldwork(t *testing.T) {
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := Generate(GenerateOptions{Questionnaire: q, Sessions: 3000, Stores: 3, Seed: 4, Dir: t.TempDir(), Paradata: true})
	if err != nil {
		t.Fatal(err)
	}
	perWeekday := map[time.Weekday]int{}
	days := map[time.Weekday]map[string]bool{}
	workplaces := map[string]bool{}
	for k, p := range paths {
		s, err := storage.OpenReadOnly(p)
		if err != nil {
			t.Fatal(err)
		}
		var sessions []*storage.Session
		atOwn, counted := 0, 0
		if err := s.Scan(func(sess *storage.Session) error { sessions = append(sessions, sess.Clone()); return nil }); err != nil {
			t.Fatal(err)
		}
		for _, sess := range sessions {
			at := sess.Started.In(officeZone)
			h := officeHours[at.Weekday()]
			minute := at.Hour()*60 + at.Minute()
			if h[1] == 0 || holidays[at.Format(time.DateOnly)] || minute < h[0] || minute >= h[1] {
				t.Fatalf("%s: interview at %s, when the office is closed", sess.ID, at.Format("Mon 2006-01-02 15:04"))
			}
			perWeekday[at.Weekday()]++
			if days[at.Weekday()] == nil {
				days[at.Weekday()] = map[string]bool{}
			}
			days[at.Weekday()][at.Format(time.DateOnly)] = true
			a := map[string]questionnaire.Value{}
			for _, x := range sess.Answers {
				a[x.Name] = x.Value
			}
			workplaces[a["pracoviste"].Text] = true
			if a["pracoviste"].Text == string(rune('1'+k)) {
				atOwn++ // a laptop stands at its own workplace; one answer in 50 is set otherwise by hand
			}
			counted++
			if v, ok := a["navrh"]; ok {
				c := a["celkove"].Text
				if c < "3" || c > "5" || !slices.Contains(suggestions, v.Text) {
					t.Errorf("%s: suggestion %q after grade %q", sess.ID, v.Text, c)
				}
			}
			if v, ok := a["duvod_jiny"]; ok && (a["duvod"].Text != "99" || !slices.Contains(specified, v.Text)) {
				t.Errorf("%s: other reason %q after reason %q", sess.ID, v.Text, a["duvod"].Text)
			}
			evs, err := s.Events(sess.ID)
			if err != nil {
				t.Fatal(err)
			}
			answered, shown := 0, 0
			for i, ev := range evs {
				if i > 0 && ev.Time.Before(evs[i-1].Time) {
					t.Errorf("%s: event %d (%v) before the one before it", sess.ID, i, ev.Kind)
				}
				switch ev.Kind {
				case storage.EventAnswered:
					answered++
				case storage.EventShown:
					shown++
				}
			}
			end := map[storage.Status]storage.EventKind{storage.Completed: storage.EventCompleted, storage.Abandoned: storage.EventAbandoned}[sess.Status]
			if len(evs) == 0 || evs[0].Kind != storage.EventStarted || answered != len(sess.Answers) || shown == 0 ||
				end != 0 && evs[len(evs)-1].Kind != end || end == 0 && evs[len(evs)-1].Kind == storage.EventCompleted {
				t.Errorf("%s (%s): %d events, %d answered of %d answers", sess.ID, sess.Status, len(evs), answered, len(sess.Answers))
			}
		}
		s.Close()
		if atOwn < counted*9/10 {
			t.Errorf("%s: %d of %d interviews at the laptop's workplace", p, atOwn, counted)
		}
	}
	if len(workplaces) < 3 {
		t.Errorf("three laptops stood at %d workplaces", len(workplaces))
	}
	// Interviews per open day: the long days (8–17) hold half as many
	// again as the short ones (8–14).
	per := func(d time.Weekday) float64 { return float64(perWeekday[d]) / float64(len(days[d])) }
	if per(time.Monday) < 1.3*per(time.Tuesday) || per(time.Wednesday) < 1.3*per(time.Thursday) || per(time.Friday) > per(time.Thursday) ||
		perWeekday[time.Saturday]+perWeekday[time.Sunday] > 0 {
		t.Errorf("interviews per day by weekday: %v over %v", perWeekday, days)
	}
}

// TestExpectMatchesData: the model's closed-form truth (an ordered
// probit, marginal over interviewer and day effects) is what generated
// data show, within their sampling error, and an effect moves only the
// workplace it names.
func TestExpectMatchesData(t *testing.T) {
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	e, err := ParseEffect("2026-10-19:2:-0.5")
	if err != nil {
		t.Fatal(err)
	}
	x, err := Expect(q, "celkove", "2", e)
	if err != nil {
		t.Fatal(err)
	}
	if x.FavAfter <= x.FavBefore || x.MeanAfter >= x.MeanBefore || math.Abs(x.MeanDifference+0.5) > 0.15 {
		t.Errorf("a measure that lowers grades by 0.5: %+v", x)
	}
	other, _ := Expect(q, "celkove", "1", e)
	if other.FavAfter != other.FavBefore || other.FavBefore == x.FavBefore {
		t.Errorf("at workplace 1: %+v", other)
	}
	// Workplace 1's share in 6,000 interviews at one laptop.
	paths, err := Generate(GenerateOptions{Questionnaire: q, Sessions: 6000, Stores: 1, Seed: 9, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	s, err := storage.OpenReadOnly(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fav, n := 0, 0
	err = s.Scan(func(sess *storage.Session) error {
		for _, a := range sess.Answers {
			if a.Name == "celkove" && a.Value.Kind == questionnaire.KindCode {
				n++
				if a.Value.Text <= "2" {
					fav++
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// One laptop's two interviewers are a sample of two: their effects
	// (sd 0.15) move the share by up to about 4 points either way.
	p := float64(fav) / float64(n)
	if math.Abs(p-other.FavBefore) > 0.05 {
		t.Errorf("workplace 1: %.3f favourable of %d, the model %.3f", p, n, other.FavBefore)
	}
	for _, bad := range []string{"2026-10-19:2", "19.10.2026:2:-0.5", "2026-10-19:2:hodně"} {
		if _, err := ParseEffect(bad); err == nil || !strings.Contains(err.Error(), "--effect") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := Generate(GenerateOptions{Questionnaire: q, Sessions: 10, Dir: t.TempDir(), Effects: []Effect{{Workplace: "7"}}}); err == nil || !strings.Contains(err.Error(), "use one of 1, 2, 3, or all") {
		t.Errorf("an effect at an unknown workplace: %v", err)
	}
}
