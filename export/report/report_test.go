package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"anketa/export"
	"anketa/questionnaire"
	"anketa/storage"
)

const testForm = `
id: zkouska
version: "1"
title: {cs: Zkouška, en: Trial}
languages: [cs, en]
choices:
  misto:
    - {value: a, label: {cs: Áčko, en: A}}
    - {value: b, label: {cs: Béčko, en: B}}
  skola:
    - {value: "1", favorable: true, label: {cs: výborně, en: excellent}}
    - {value: "2", favorable: true, label: {cs: chvalitebně, en: very good}}
    - {value: "3", label: {cs: dobře, en: good}}
    - {value: "4", label: {cs: dostatečně, en: sufficient}}
    - {value: "5", label: {cs: nedostatečně, en: insufficient}}
    - {value: "9", missing: dont_know, label: {cs: nevím, en: don't know}}
questions:
  - {name: misto, type: select_one misto, label: {cs: Místo, en: Place}, required: true}
  - {name: znamka, type: select_one skola, label: {cs: Známka, en: Grade}}
  - {name: nikdo, type: select_one skola, label: {cs: Nikdo neví, en: Nobody knows}}
  - {name: pocet, type: integer, label: {cs: Počet, en: Count}}
  - {name: navrh, type: text, label: {cs: "Proč ${znamka}?", en: "Why ${znamka}?"}, relevant: "${znamka} >= 3 and ${znamka} <= 5"}
`

// planned is one session of the test data: where, the grade, when, how long.
type planned struct {
	place, grade string
	day          int // days after 2026-10-01
	seconds      int
	count        int64
}

// plan is the test data, small enough to count by hand: place a has 40
// sessions, b has 12.
func plan() []planned {
	var ps []planned
	gradesA := "1111111111222222222233333333334444455559" // 10×1 10×2 10×3 5×4 4×5 1×9
	for i, g := range gradesA {
		ps = append(ps, planned{"a", string(g), i % 20, 200 + i, int64(i % 7)})
	}
	gradesB := "112345555559" // 2×1 1×2 1×3 1×4 6×5 1×9
	for i, g := range gradesB {
		secs := 300
		if i < 3 {
			secs = 20 // quick: flagged only with a threshold above 20 s
		}
		ps = append(ps, planned{"b", string(g), 10 + i, secs, 3})
	}
	return ps
}

func writeTestStore(t *testing.T) (string, *questionnaire.Questionnaire) {
	t.Helper()
	return writeTestStoreTimes(t, 1)
}

// writeTestStoreTimes writes each planned session k times, a minute
// apart on its day.
func writeTestStoreTimes(t *testing.T, k int) (string, *questionnaire.Questionnaire) {
	t.Helper()
	var ps []planned
	for _, p := range plan() {
		for range k {
			ps = append(ps, p)
		}
	}
	return formStore(t, "zkouska.yaml", testForm, func(q *questionnaire.Questionnaire) []*storage.Session {
		var sessions []*storage.Session
		base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.Local)
		for i, p := range ps {
			u, _ := uuid.NewV7()
			started := base.Add(time.Duration(p.day)*24*time.Hour + time.Duration(i)*time.Minute)
			sess := &storage.Session{ID: storage.ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: storage.Completed,
				Started: started, Updated: started.Add(time.Duration(p.seconds) * time.Second), Finished: started.Add(time.Duration(p.seconds) * time.Second),
				Interviewer: map[string]string{"a": "T01", "b": "T02"}[p.place], Language: "cs",
				Answers: []storage.Answer{
					{Name: "misto", Value: questionnaire.CodeValue(p.place)},
					{Name: "znamka", Value: questionnaire.CodeValue(p.grade)},
					{Name: "nikdo", Value: questionnaire.CodeValue("9")},
					{Name: "pocet", Value: questionnaire.IntValue(p.count)},
				}}
			if p.grade >= "3" && p.grade <= "5" {
				sess.Answers = append(sess.Answers, storage.Answer{Name: "navrh", Value: questionnaire.TextValue(fmt.Sprintf("návrh %s", p.place))})
			}
			sessions = append(sessions, sess)
		}
		// One abandoned session, which the report leaves out.
		u, _ := uuid.NewV7()
		return append(sessions, &storage.Session{ID: storage.ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: storage.Abandoned,
			Started: base, Updated: base, Finished: base, Interviewer: "T01", Language: "cs",
			Answers: []storage.Answer{{Name: "misto", Value: questionnaire.CodeValue("a")}, {Name: "znamka", Value: questionnaire.CodeValue("5")}}})
	})
}

// formStore parses a questionnaire and writes the sessions mk makes of it
// into a store of their own, as the app's bulk writer does.
func formStore(t *testing.T, file, form string, mk func(q *questionnaire.Questionnaire) []*storage.Session) (string, *questionnaire.Questionnaire) {
	t.Helper()
	q, err := questionnaire.Parse(file, []byte(form))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.WriteSessions(q, mk(q)); err != nil {
		t.Fatal(err)
	}
	return path, q
}

// reportText is the report as the terminal shows it, without colours.
func reportText(t *testing.T, r *Report, width int) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteText(&b, width, Styles{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestReportFigures(t *testing.T) {
	path, _ := writeTestStore(t)
	r, err := Build(Options{Paths: []string{path}, By: "misto", Period: "month", Compare: time.Date(2026, 10, 11, 0, 0, 0, 0, time.Local)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Sessions != 52 || r.NotCounted["abandoned"] != 1 {
		t.Fatalf("counted %d sessions, not counted %v; want 52 and 1 abandoned", r.Sessions, r.NotCounted)
	}
	if len(r.Versions) != 1 || r.Versions[0].Version != "1" || r.Versions[0].Sessions != 52 {
		t.Errorf("versions %+v", r.Versions)
	}

	// Overall grade: 12×1 11×2 11×3 6×4 10×5 answered (50), 2× don't know.
	z := questionOf(r.Overall, "znamka")
	if !z.Scale || z.N != 50 || z.Missing["dont_know"] != 2 || z.Asked != 52 {
		t.Fatalf("znamka: scale %v n %d missing %v asked %d", z.Scale, z.N, z.Missing, z.Asked)
	}
	wantCounts := []int{12, 11, 11, 6, 10}
	for i, o := range z.Options {
		if o.Count != wantCounts[i] || math.Abs(o.Percent-100*float64(wantCounts[i])/50) > 1e-9 {
			t.Errorf("option %s: %d (%.1f %%), want %d", o.Value, o.Count, o.Percent, wantCounts[i])
		}
	}
	// Mean of the codes: (12·1 + 11·2 + 11·3 + 6·4 + 10·5)/50 = 141/50 = 2.82;
	// s² = (Σx² - (Σx)²/n)/(n-1) = (12 + 44 + 99 + 96 + 250 - 141²/50)/49.
	sumSq := 12.0 + 44 + 99 + 96 + 250
	s2 := (sumSq - 141.0*141/50) / 49
	half := tQuantile(49) * math.Sqrt(s2/50)
	near(t, "mean", z.Mean.Est, 2.82, 1e-12)
	near(t, "mean lo", z.Mean.Lo, 2.82-half, 1e-9)
	near(t, "mean hi", z.Mean.Hi, 2.82+half, 1e-9)
	// Favorable 1+2 = 23 of 50; unfavorable 4+5 = 16 of 50.
	near(t, "favorable", z.Favorable.Est, 23.0/50, 1e-12)
	near(t, "favorable lo", z.Favorable.Lo, wilson(23, 50).Lo, 0)
	near(t, "unfavorable", z.Unfavorable.Est, 16.0/50, 1e-12)
	if strings.Join(z.FavCodes, ",") != "1,2" || strings.Join(z.UnfavCodes, ",") != "4,5" {
		t.Errorf("favorable %v, unfavorable %v; want 1,2 and 4,5", z.FavCodes, z.UnfavCodes)
	}
	// All answers missing: counted apart, no mean, no share.
	nk := questionOf(r.Overall, "nikdo")
	if nk.N != 0 || nk.Missing["dont_know"] != 52 || nk.Mean != nil || nk.Favorable != nil || nk.Reliability != labelSuppressed {
		t.Errorf("all missing: %+v", nk)
	}
	// Numbers: pocet is i%7 for a's 40 and 3 for b's 12.
	var xs []float64
	for _, p := range plan() {
		xs = append(xs, float64(p.count))
	}
	want := numberStats(xs)
	if got := questionOf(r.Overall, "pocet").Numbers; *got != *want {
		t.Errorf("numbers %+v, want %+v", got, want)
	}
	// Free text: asked only where the grade is 3 to 5, with its ${} shown as
	// the name of the question whose answer fills it.
	nv := questionOf(r.Overall, "navrh")
	if nv.Asked != 27 || nv.N != 27 || nv.Label != "Proč [znamka]?" || len(nv.Texts) != 2 || nv.Texts[0] != (TextCount{"návrh a", 19}) {
		t.Errorf("navrh: asked %d n %d label %q texts %v", nv.Asked, nv.N, nv.Label, nv.Texts)
	}

	// By place: a has 39 answers (indicative), b 11 (too few).
	if r.By == nil || len(r.By.Groups) != 2 {
		t.Fatalf("by: %+v", r.By)
	}
	a, b := r.By.Groups[0], r.By.Groups[1]
	if a.Label != "Áčko" || a.Sessions != 40 || a.Reliability != labelIndicative || b.Sessions != 12 || b.Reliability != labelTooFew {
		t.Errorf("groups: %s %d %q, %s %d %q", a.Label, a.Sessions, a.Reliability, b.Label, b.Sessions, b.Reliability)
	}
	if fa := questionOf(a, "znamka").Favorable; fa.Est != 20.0/39 {
		t.Errorf("a favorable %v, want 20/39", fa.Est)
	}
	if fb := questionOf(b, "znamka"); fb.N != 11 || fb.Favorable.Est != 3.0/11 || fb.Reliability != labelTooFew {
		t.Errorf("b: n %d favorable %v %q", fb.N, fb.Favorable.Est, fb.Reliability)
	}
	if r.Period == nil || len(r.Period.Groups) != 1 || r.Period.Groups[0].Key != "2026-10" {
		t.Errorf("period groups %+v", r.Period)
	}

	// Compare: before 2026-10-11 are a's days 0..9 (20 sessions), after
	// the other 20 of a and all of b (32).
	c := r.Comparison
	if c.Before != 20 || c.After != 32 || len(c.Changes) != 2 {
		t.Fatalf("comparison: %d before, %d after, %d questions", c.Before, c.After, len(c.Changes))
	}
	var fb, nb, fa2, na2 int
	for _, p := range plan() {
		if p.grade == "9" {
			continue
		}
		fav := p.grade <= "2"
		if p.place == "a" && p.day < 10 {
			nb++
			if fav {
				fb++
			}
		} else {
			na2++
			if fav {
				fa2++
			}
		}
	}
	ch := c.Changes[0]
	if ch.NBefore != nb || ch.NAfter != na2 {
		t.Errorf("compare n %d/%d, want %d/%d", ch.NBefore, ch.NAfter, nb, na2)
	}
	// 20 answers before: fewer than MinCompare, so no test and no verdict,
	// though both sides keep their intervals.
	if nb >= MinCompare || ch.Kind != "few" || !math.IsNaN(ch.P) || !math.IsNaN(ch.PHolm) || ch.MeanVerdict != "" {
		t.Errorf("%d answers before: verdict %q, p %v, Holm %v, mean %q", nb, ch.Kind, ch.P, ch.PHolm, ch.MeanVerdict)
	}
	near(t, "share before", ch.FavBefore.Est, float64(fb)/float64(nb), 1e-12)
	near(t, "share after", ch.FavAfter.Est, float64(fa2)/float64(na2), 1e-12)
	if c.Changes[1].Kind != "few" {
		t.Errorf("a question nobody answered cannot be compared: %q", c.Changes[1].Kind)
	}

	// Fieldwork: 4 questions are asked of everyone (misto, znamka, nikdo,
	// pocet have no condition), so under 12 s is too short; b's three 20 s
	// interviews are not, with a threshold of 30 s they are.
	f := r.Fieldwork
	if f.Questions != 4 || f.ShortSeconds != 12 {
		t.Errorf("threshold %v from %d questions, want 12 from 4", f.ShortSeconds, f.Questions)
	}
	if len(f.Interviewers) != 2 || f.Interviewers[1].Short != 0 || f.Interviewers[0].Interviews != 40 {
		t.Errorf("interviewers %+v", f.Interviewers)
	}
	r2, err := Build(Options{Paths: []string{path}, ShortSeconds: 30})
	if err != nil {
		t.Fatal(err)
	}
	t02 := r2.Fieldwork.Interviewers[1]
	// T02: 12 interviews, one don't know on znamka and 12 on nikdo. Only
	// these two questions offer "don't know" (misto, pocet and the text
	// navrh do not), so the share is of their 12·2 answers.
	if t02.Short != 3 || t02.Interviews != 12 || math.Abs(t02.DontKnowShare-13.0/(12*2)) > 1e-12 {
		t.Errorf("T02 %+v", t02)
	}
	if r2.Fieldwork.DontKnowQuestions != 2 || !strings.Contains(r2.Fieldwork.DontKnowRule, "2 questions") {
		t.Errorf("don't know is offered by %d questions: %q", r2.Fieldwork.DontKnowQuestions, r2.Fieldwork.DontKnowRule)
	}
	// The three short interviews are listed, each with its ID, in the
	// order they started.
	short := r2.Fieldwork.Short
	if len(short) != 3 || short[0].Interviewer != "T02" || short[0].Seconds != 20 || !short[0].Started.Before(short[1].Started) {
		t.Fatalf("short interviews %+v", short)
	}
	if _, err := storage.ParseID(short[0].ID); err != nil {
		t.Errorf("a short interview's ID %q: %v", short[0].ID, err)
	}
	if text := reportText(t, r2, 120); !strings.Contains(text, short[2].ID) || !strings.Contains(text, "Příliš krátké rozhovory") {
		t.Errorf("the terminal report does not list the short interviews:\n%s", text)
	}
	var page bytes.Buffer
	if err := r2.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), "<code>"+short[1].ID+"</code>") {
		t.Error("the HTML appendix does not list the short interviews")
	}
	if t02.MedianDuration != 300 {
		t.Errorf("median duration %v", t02.MedianDuration)
	}
}

func TestReportOutputs(t *testing.T) {
	path, _ := writeTestStore(t)
	r, err := Build(Options{Paths: []string{path}, By: "misto", Compare: time.Date(2026, 10, 11, 0, 0, 0, 0, time.Local), Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatalf("the JSON does not parse: %v", err)
	}
	if back["sessions"].(float64) != 52 || back["title"] != "Trial" {
		t.Errorf("JSON: sessions %v title %v", back["sessions"], back["title"])
	}
	// The undefined p-value of the unanswered question is null, not NaN.
	if !strings.Contains(js.String(), `"p": null`) {
		t.Error("an undefined p-value should be null in JSON")
	}
	var h bytes.Buffer
	if err := r.WriteHTML(&h); err != nil {
		t.Fatal(err)
	}
	page := h.String()
	for _, want := range []string{"<svg", "Trial", "too few to interpret", "indicative", "url(#hatch)", "Before and after 2026-10-11", "Fieldwork quality", "abandoned 1"} {
		if !strings.Contains(page, want) {
			t.Errorf("the HTML lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(page), "http") || strings.Contains(page, "<script") {
		t.Error("the HTML must reference nothing outside itself")
	}
	var txt bytes.Buffer
	if err := r.WriteText(&txt, 100, Styles{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(txt.String(), "Grade") || !strings.Contains(txt.String(), "46.0%") {
		t.Errorf("terminal summary:\n%s", txt.String())
	}
}

func TestReportBadBy(t *testing.T) {
	path, _ := writeTestStore(t)
	_, err := Build(Options{Paths: []string{path}, By: "pocet"})
	if err == nil || !strings.Contains(err.Error(), "--by pocet: not a select_one question of zkouska; choose one of: misto, znamka, nikdo") {
		t.Errorf("err = %v", err)
	}
	_, err = Build(Options{Paths: []string{filepath.Join(t.TempDir(), "none")}})
	if err == nil || !strings.Contains(err.Error(), "no stores found") {
		t.Errorf("no inputs: %v", err)
	}
}

// Every word of the report exists in both languages.
func TestWordsComplete(t *testing.T) {
	for key := range words["en"] {
		if _, ok := words["cs"][key]; !ok {
			t.Errorf("%q has no Czech", key)
		}
	}
	for key := range words["cs"] {
		if _, ok := words["en"][key]; !ok {
			t.Errorf("%q has no English", key)
		}
	}
}

// TestReportTimeZone: days and periods are counted in the zone asked for,
// and the report says which.
func TestReportTimeZone(t *testing.T) {
	path, _ := writeTestStore(t)
	zone, err := export.ParseZone("Pacific/Honolulu")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	s, err := storage.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Scan(func(sess *storage.Session) error {
		if sess.Status == storage.Completed {
			want[sess.Started.In(zone.Loc).Format("2006-01")]++
		}
		return nil
	})
	s.Close()
	if len(want) < 2 {
		t.Fatalf("the test data fall in one month in Honolulu: %v", want)
	}
	r, err := Build(Options{Paths: []string{path}, Period: "month", Zone: zone})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, g := range r.Period.Groups {
		got[g.Key] = g.Sessions
	}
	if !maps.Equal(got, want) {
		t.Errorf("sessions per month in Honolulu: %v, want %v", got, want)
	}
	var b bytes.Buffer
	r.WriteJSON(&b)
	if !strings.Contains(b.String(), `"time_zone": "Pacific/Honolulu"`) {
		t.Errorf("the JSON does not state the zone:\n%.400s", b.String())
	}
	b.Reset()
	r.WriteHTML(&b)
	if !strings.Contains(b.String(), "Pacific/Honolulu") {
		t.Error("the HTML does not state the zone")
	}
}

// smallStore writes the sessions sessions makes, for the test form, into
// a store of their own, as the app's bulk writer does.
func smallStore(t *testing.T, sessions func(q *questionnaire.Questionnaire, now time.Time) []*storage.Session) string {
	t.Helper()
	q, err := questionnaire.Parse("zkouska.yaml", []byte(testForm))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.WriteSessions(q, sessions(q, time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC))); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestNoAnswerGroupKey: the sessions without an answer to --by are a
// group whose JSON key a reader can read.
func TestNoAnswerGroupKey(t *testing.T) {
	path := smallStore(t, func(q *questionnaire.Questionnaire, now time.Time) (sessions []*storage.Session) {
		for i, place := range []string{"a", ""} {
			u, _ := uuid.NewV7()
			sess := &storage.Session{ID: storage.ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: storage.Completed,
				Started: now.Add(time.Duration(i) * time.Minute), Updated: now.Add(time.Hour), Finished: now.Add(time.Hour), Interviewer: "T01", Language: "cs",
				Answers: []storage.Answer{{Name: "znamka", Value: questionnaire.CodeValue("1")}}}
			if place != "" {
				sess.Answers = append(sess.Answers, storage.Answer{Name: "misto", Value: questionnaire.CodeValue(place)})
			}
			sessions = append(sessions, sess)
		}
		return sessions
	})
	r, err := Build(Options{Paths: []string{path}, By: "misto"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	r.WriteJSON(&b)
	if !strings.Contains(b.String(), `"key": "(none)"`) || strings.Contains(b.String(), `\u0000`) {
		t.Errorf("the no-answer group's key:\n%s", b.String())
	}
}

// TestReportByMode: --by mode sets interviewed sessions against
// self-completed ones. The known answer is the arithmetic mean of each
// group's grades: 1 and 2 alone (1.5), 4, 5 and 4 with the interviewer
// (13/3).
func TestReportByMode(t *testing.T) {
	path := smallStore(t, func(q *questionnaire.Questionnaire, now time.Time) (sessions []*storage.Session) {
		for i, g := range []struct {
			mode  storage.Mode
			grade string
		}{{storage.ModeSelf, "1"}, {storage.ModeInterviewer, "4"}, {storage.ModeSelf, "2"}, {storage.ModeInterviewer, "5"}, {storage.ModeInterviewer, "4"}} {
			u, _ := uuid.NewV7()
			sessions = append(sessions, &storage.Session{ID: storage.ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: storage.Completed, Mode: g.mode,
				Started: now.Add(time.Duration(i) * time.Minute), Updated: now.Add(time.Hour), Finished: now.Add(time.Hour), Interviewer: "T01", Language: "cs",
				Answers: []storage.Answer{{Name: "misto", Value: questionnaire.CodeValue("a")}, {Name: "znamka", Value: questionnaire.CodeValue(g.grade)}}})
		}
		return sessions
	})
	r, err := Build(Options{Paths: []string{path}, By: "mode", Lang: "cs"})
	if err != nil {
		t.Fatal(err)
	}
	if r.By == nil || r.By.Key != "mode" || r.By.Label != "Kdo odpovídal" || len(r.By.Groups) != 2 {
		t.Fatalf("breakdown: %+v", r.By)
	}
	for i, want := range []struct {
		key, label string
		n          int
		mean       float64
	}{{"interviewer", "s tazatelem", 3, 13.0 / 3}, {"self", "klient sám", 2, 1.5}} {
		g := r.By.Groups[i]
		z := questionOf(g, "znamka")
		// Fewer than 10 answers: the mean is not shown, the counts are.
		var sum float64
		for _, o := range z.Options {
			v, _ := strconv.ParseFloat(o.Value, 64)
			sum += v * float64(o.Count)
		}
		if g.Key != want.key || g.Label != want.label || g.Sessions != want.n || z.Mean != nil || z.Reliability != labelSuppressed || math.Abs(sum/float64(z.N)-want.mean) > 1e-12 {
			t.Errorf("group %d: %s %q %d sessions, mean %+v of %v; want %s %q %d, %v", i, g.Key, g.Label, g.Sessions, z.Mean, sum/float64(z.N), want.key, want.label, want.n, want.mean)
		}
	}
	if _, err := Build(Options{Paths: []string{path}, By: "nic"}); err == nil || !strings.Contains(err.Error(), "or mode (interviewer or self-completed)") {
		t.Errorf("an unknown --by: %v", err)
	}
}

// TestCompareVerdicts sets four questions before and after a date. The
// p-values and Holm's adjustment are R 4.2's (see each line); the verdict
// follows them and the intervals, never against either.
func TestCompareVerdicts(t *testing.T) {
	school := func(name string, numeric bool) export.Column {
		var opts []*questionnaire.Option
		for _, v := range []string{"1", "2", "3", "4", "5"} {
			opts = append(opts, &questionnaire.Option{Value: v, Favorable: v <= "2"})
		}
		if !numeric {
			opts = append(opts, &questionnaire.Option{Value: "x"}) // a code that is no number: no mean
		}
		return export.Column{Name: name, Item: &questionnaire.Item{Name: name, Type: questionnaire.SelectOne, Label: questionnaire.Text{"en": name}}, Options: opts}
	}
	cols := prepare([]export.Column{school("tiny", true), school("exact", true), school("mean", true), school("clear", false)})
	before, after := newAcc(cols), newAcc(cols)
	// answers adds count answers of grade g to question ci.
	answers := func(a *acc, ci int, g, count int) {
		c := &a.cols[ci]
		for range count {
			c.answered++
			if g <= 2 {
				c.fav++
			}
			c.scale.add(float64(g))
		}
	}
	answers(before, 0, 1, 8) // the faulty report's case: 8 answers before, 1 after
	answers(after, 0, 1, 1)
	answers(before, 1, 1, 29) // 29 of 30 favorable against 35 of 35
	answers(before, 1, 5, 1)
	answers(after, 1, 1, 35)
	for g, n := range []int{10, 12, 6, 3, 1} {
		answers(before, 2, g+1, n)
	}
	for g, n := range []int{16, 14, 3, 1, 0} {
		answers(after, 2, g+1, n)
	}
	answers(before, 3, 1, 10) // 10 of 40 against 35 of 40
	answers(before, 3, 4, 30)
	answers(after, 3, 1, 35)
	answers(after, 3, 4, 5)
	q := &questionnaire.Questionnaire{Languages: []string{"en"}}
	c := compare(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), before, after, cols, noDesign(len(cols)), "en", q)
	tiny, exact, mean, clear := c.Changes[0], c.Changes[1], c.Changes[2], c.Changes[3]

	if tiny.Kind != "few" || !math.IsNaN(tiny.P) || !math.IsNaN(tiny.PHolm) || tiny.MeanVerdict != "" || !strings.Contains(tiny.Verdict, "too few") {
		t.Errorf("8 against 1: %q %q, p %v", tiny.Kind, tiny.Verdict, tiny.P)
	}
	// p: fisher.test(matrix(c(29,1,35,0),2)), t.test(rep(1,35),
	// c(rep(1,29),5)), prop.test(c(22,30), c(32,34), correct=FALSE),
	// t.test(b, a) as in TestWelchP, prop.test(c(10,35), c(40,40),
	// correct=FALSE); Holm: p.adjust(c(...), "holm").
	if !exact.Exact || mean.Exact || clear.Exact {
		t.Errorf("exact test: %v %v %v; only the second has an expected count below 5", exact.Exact, mean.Exact, clear.Exact)
	}
	for _, x := range []struct {
		what      string
		got, want float64
	}{
		{"exact p", exact.P, 0.4615384615384615},
		{"exact mean p", exact.MeanP, 0.3255819880161938},
		{"mean's share p", mean.P, 0.0529647542081298},
		{"mean p", mean.MeanP, 0.0433266307913501},
		{"clear p", clear.P, 1.75707901520246e-08},
		{"exact Holm", exact.PHolm, 0.651163976032388},
		{"exact mean Holm", exact.MeanPHolm, 0.651163976032388},
		{"mean's share Holm", mean.PHolm, 0.173306523165400},
		{"mean Holm", mean.MeanPHolm, 0.173306523165400},
		{"clear Holm", clear.PHolm, 8.78539507601232e-08},
	} {
		near(t, x.what, x.got, x.want, 1e-9*max(1, x.want)+1e-15)
	}
	if !math.IsNaN(clear.MeanP) || clear.MeanKind != "" {
		t.Errorf("codes that are no numbers have no mean to test: %v %q", clear.MeanP, clear.MeanKind)
	}
	// The mean's Welch interval (-0.94 to -0.015) excludes no change, but
	// after Holm p is 0.17: not confirmed, and said so, rather than "no
	// change" beside an interval that excludes it.
	if mean.MeanDiff.Contains(0) || mean.MeanKind != "unconfirmed" || !strings.Contains(mean.MeanVerdict, "not confirmed") {
		t.Errorf("mean: %+v %q %q", mean.MeanDiff, mean.MeanKind, mean.MeanVerdict)
	}
	if clear.Kind != "rose" || clear.FavDiff.Contains(0) {
		t.Errorf("10/40 to 35/40: %q %+v", clear.Kind, clear.FavDiff)
	}
	for _, ch := range c.Changes {
		if ch.Kind == "few" {
			continue
		}
		if ch.FavDiff.Contains(0) != (ch.Kind == "none") || (ch.Kind == "rose" || ch.Kind == "fell") != (ch.PHolm < 0.05 && !ch.FavDiff.Contains(0)) {
			t.Errorf("%s: verdict %q beside interval %+v and Holm p %v", ch.Name, ch.Kind, ch.FavDiff, ch.PHolm)
		}
	}
	if !mean.LowerBetter {
		t.Error("grades 1 and 2 are favorable: a lower mean is better")
	}
}

// TestPlurals: Czech says "1 různá odpověď", "2 různé odpovědi", "5
// různých odpovědí"; English "1 more distinct answer", "2 more ... answers".
func TestPlurals(t *testing.T) {
	cs, en := newTr("cs"), newTr("en")
	for _, c := range []struct {
		tr   tr
		n    int
		want string
	}{
		{cs, 1, "a další 1 různá odpověď"},
		{cs, 2, "a další 2 různé odpovědi"},
		{cs, 4, "a další 4 různé odpovědi"},
		{cs, 5, "a dalších 5 různých odpovědí"},
		{cs, 22, "a dalších 22 různých odpovědí"},
		{en, 1, "and 1 more distinct answer "},
		{en, 3, "and 3 more distinct answers"},
	} {
		if got := c.tr.n("more", c.n); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %d: %q", c.tr.lang, c.n, got)
		}
	}
	if got := cs.n("dkrule", 3); !strings.Contains(got, "3 otázky, které") {
		t.Errorf("dkrule 3: %q", got)
	}
}

// TestReportDates: date, datetime and time questions are reported with
// their earliest, median and latest answers, not left out.
func TestReportDates(t *testing.T) {
	// Five sessions; the fifth leaves the date unanswered. Medians: the
	// 2nd of 4 dates (lower median), the 3rd of 5 days and of 5 minutes.
	dates := []string{"1990-05-01", "1961-12-24", "2001-01-31", "1975-07-04", ""}
	cames := []string{"2026-10-01T09:00:00", "2026-10-03T10:15:00", "2026-10-02T08:00:00", "2026-10-03T16:30:00", "2026-10-05T11:00:00"}
	lefts := []string{"09:05:00", "12:30:10", "08:10:00", "16:45:00", "12:31:59"}
	path, _ := formStore(t, "kdy.yaml", `
id: kdy
version: "1"
title: {en: When}
languages: [en]
questions:
  - {name: narozen, type: date, label: {en: Born}}
  - {name: prisel, type: datetime, label: {en: Came}}
  - {name: odchod, type: time, label: {en: Left at}}
`, func(q *questionnaire.Questionnaire) []*storage.Session {
		var sessions []*storage.Session
		base := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
		for i := range dates {
			u, _ := uuid.NewV7()
			at := base.Add(time.Duration(i) * time.Hour)
			sess := &storage.Session{ID: storage.ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: storage.Completed,
				Started: at, Updated: at, Finished: at.Add(5 * time.Minute), Interviewer: "T01", Language: "en",
				Answers: []storage.Answer{{Name: "prisel", Value: questionnaire.TextValue(cames[i])}, {Name: "odchod", Value: questionnaire.TextValue(lefts[i])}}}
			if dates[i] != "" {
				d, _ := time.Parse(time.DateOnly, dates[i])
				sess.Answers = append(sess.Answers, storage.Answer{Name: "narozen", Value: questionnaire.DateValue(d)})
			}
			sessions = append(sessions, sess)
		}
		return sessions
	})
	r, err := Build(Options{Paths: []string{path}, Zone: export.Zone{Loc: time.UTC, Name: "UTC"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		want WhenStats
	}{
		{"narozen", WhenStats{4, "1961-12-24", "1975-07-04", "2001-01-31"}},
		{"prisel", WhenStats{5, "2026-10-01T09:00:00", "2026-10-03", "2026-10-05T11:00:00"}},
		{"odchod", WhenStats{5, "08:10:00", "12:30", "16:45:00"}},
	} {
		got := questionOf(r.Overall, c.name)
		if got == nil || got.When == nil || *got.When != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	if text := reportText(t, r, 120); !strings.Contains(text, "Earliest 1961-12-24 · Median 1975-07-04 · Latest 2001-01-31") {
		t.Errorf("the terminal report leaves the date out:\n%s", text)
	}
}
