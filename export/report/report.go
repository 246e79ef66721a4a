package report

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"filippo.io/age"

	"anketa/export"
	"anketa/questionnaire"
	"anketa/questionnaire/expr"
	"anketa/storage"
)

// The honesty rules: a group this small is too few to interpret, and one
// below Indicative is indicative only.
const (
	TooFew     = 30
	Indicative = 100
)

// Reliability labels.
const (
	labelSuppressed = "fewer than 10: not shown"
	labelTooFew     = "too few to interpret"
	labelIndicative = "indicative"
)

// Suppress is the fewest answers whose share and mean are shown at all.
const Suppress = 10

// SecondsPerQuestion is the default pace below which an interview is
// flagged as possibly not conducted: reading a question aloud and hearing
// the answer takes longer than this.
const SecondsPerQuestion = 3

// MaxTexts is how many distinct free-text answers a question lists, most
// frequent first.
const MaxTexts = 200

// Options configure a report.
type Options struct {
	Paths          []string
	IncludePartial bool
	// IncludeRejected counts the sessions a review rejected.
	IncludeRejected bool
	QuestionnaireID string
	// By is a select_one question to break the figures down by, or
	// ByMode: interviewed against self-completed.
	By string
	// Period is "", "week" or "month": figures per period of started_at,
	// in Zone.
	Period string
	// Zone is the time zone of days and periods; the zero Zone is the
	// computer's.
	Zone export.Zone
	// Compare, if set, splits the sessions into those started before it
	// and the rest.
	Compare time.Time
	// ShortSeconds flags interviews shorter than it; 0 derives it from
	// the questionnaire (SecondsPerQuestion per question asked of everyone).
	ShortSeconds float64
	// Lang is the language of labels; "" is the questionnaire's default.
	Lang     string
	SkipBad  bool
	Progress export.Progress
	// Identities open sealed sessions.
	Identities []age.Identity
	// Now is when the report is made; zero means time.Now.
	Now time.Time
	// Measures is a measures register (measures.yaml) as read from
	// MeasuresFile: checked against the questionnaire and the data's
	// dates, and listed.
	Measures     []byte
	MeasuresFile string
	// Cluster is how interviews cluster for the design effect:
	// interviewer-day (the default, ""), day, interviewer or none.
	Cluster string
	// Window is how long before and after each measure its effect is
	// judged; 0 is DefaultWindow.
	Window time.Duration

	// Weights is a visits file (visits.csv) as read from WeightsFile:
	// the clients per workplace and period, to weight the scale
	// questions to. WeightsPartial says what to do with interviews of
	// strata it does not count: refuse (""), drop or as-sampled.
	Weights        []byte
	WeightsFile    string
	WeightsPartial string

	measures  *questionnaire.Measures // parsed from Measures
	visits    *Visits                 // parsed from Weights
	workplace string                  // the workplace question, as questionnaire.WorkplaceQuestion finds it
}

func (o *Options) window() time.Duration {
	if o.Window <= 0 {
		return DefaultWindow
	}
	return o.Window
}

// Report is every figure of a report: what the terminal, HTML and JSON
// outputs show.
type Report struct {
	Questionnaire string                `json:"questionnaire"`
	Title         string                `json:"title"`
	Language      string                `json:"language"`
	Made          time.Time             `json:"made"`
	TimeZone      string                `json:"time_zone"`
	Versions      []export.VersionCount `json:"versions"`
	Stores        int                   `json:"stores"`
	Sessions      int                   `json:"sessions"`
	Counted       string                `json:"counted"`
	NotCounted    map[string]int        `json:"not_counted,omitempty"`
	First         time.Time             `json:"first_started"`
	Last          time.Time             `json:"last_started"`
	Overall       *Group                `json:"overall"`
	By            *Breakdown            `json:"by,omitempty"`
	Period        *Breakdown            `json:"period,omitempty"`
	Comparison    *Comparison           `json:"comparison,omitempty"`
	// Summary is the sentences the report opens with, each from a figure
	// below.
	Summary  []string       `json:"summary"`
	Drivers  *Drivers       `json:"drivers,omitempty"`
	Measures []*MeasureInfo `json:"measures,omitempty"`
	Effects  []*Effect      `json:"effects,omitempty"`
	Trends   *Trends        `json:"trends,omitempty"`
	Weighted *Weighted      `json:"weighted,omitempty"`
	Control  *ControlChart  `json:"control_chart,omitempty"`
	Funnels  []*Funnel      `json:"funnels,omitempty"`
	// Design is the design effect of clustering the intervals include;
	// nil for --cluster none.
	Design    *Design    `json:"design,omitempty"`
	Fieldwork *Fieldwork `json:"fieldwork"`
	// Response is who was asked, from the approach log; nil without one.
	Response *Response `json:"response,omitempty"`
	Problems []string  `json:"problems,omitempty"`

	ds []colDesign // the design effects, by column
}

// Breakdown is the figures repeated per category of a question or per period.
type Breakdown struct {
	Key    string   `json:"key"` // the question's name, or week/month
	Label  string   `json:"label"`
	Groups []*Group `json:"groups"`
}

// Group is the figures of a set of sessions.
type Group struct {
	Key         string      `json:"key"`
	Label       string      `json:"label"`
	Sessions    int         `json:"sessions"`
	Reliability string      `json:"reliability,omitempty"`
	Questions   []*Question `json:"questions"`
}

// Question is one question's figures within a group.
type Question struct {
	Name        string         `json:"name"`
	Label       string         `json:"label"`
	Type        string         `json:"type"`
	Scale       bool           `json:"scale"`
	Asked       int            `json:"asked"`
	N           int            `json:"n"` // answered, missing kinds and skips left out
	Skipped     int            `json:"skipped"`
	Missing     map[string]int `json:"missing,omitempty"`
	Other       int            `json:"other_codes,omitempty"`
	Reliability string         `json:"reliability,omitempty"`
	// EffectiveN is what N is worth under the design effect of
	// clustering: N/deff. The honesty marks go by it.
	EffectiveN  int            `json:"effective_n,omitempty"`
	Options     []*OptionCount `json:"options,omitempty"`
	Mean        *Interval      `json:"mean,omitempty"`
	Favorable   *Interval      `json:"favorable,omitempty"`
	Unfavorable *Interval      `json:"unfavorable,omitempty"`
	FavCodes    []string       `json:"favorable_codes,omitempty"`
	// FavLabel names the favorable options ("výborně + chvalitebně",
	// "velmi jednoduché + spíše jednoduché"): the share's own words.
	FavLabel   string       `json:"favorable_label,omitempty"`
	UnfavCodes []string     `json:"unfavorable_codes,omitempty"`
	Numbers    *NumberStats `json:"numbers,omitempty"`
	When       *WhenStats   `json:"dates,omitempty"`
	Texts      []TextCount  `json:"texts,omitempty"`
	TextsTotal int          `json:"texts_distinct,omitempty"`
}

// OptionCount is one option's count; Percent is of N.
type OptionCount struct {
	Value   string  `json:"value"`
	Label   string  `json:"label"`
	Count   int     `json:"count"`
	Percent float64 `json:"percent"`
}

// TextCount is a free-text answer and how many gave it.
type TextCount struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// Comparison is before against after a date, per scale question.
type Comparison struct {
	Date    string    `json:"date"`
	Before  int       `json:"sessions_before"`
	After   int       `json:"sessions_after"`
	Test    string    `json:"test"`
	Changes []*Change `json:"questions"`
}

// Change is one scale question's difference across the date.
type Change struct {
	Name    string `json:"name"`
	Label   string `json:"label"`
	NBefore int    `json:"n_before"`
	NAfter  int    `json:"n_after"`
	// EffBefore and EffAfter are the effective numbers of answers under
	// the design effect; a side needs MinCompare of them.
	EffBefore  int       `json:"effective_n_before"`
	EffAfter   int       `json:"effective_n_after"`
	MeanBefore *Interval `json:"mean_before,omitempty"`
	MeanAfter  *Interval `json:"mean_after,omitempty"`
	MeanDiff   *Interval `json:"mean_difference,omitempty"`
	FavBefore  *Interval `json:"favorable_before,omitempty"`
	FavAfter   *Interval `json:"favorable_after,omitempty"`
	FavDiff    *Interval `json:"favorable_difference,omitempty"`
	FavLabel   string    `json:"favorable_label,omitempty"`
	// P tests the favorable share: the z-test, or Fisher's exact test
	// (Exact) when an expected count is below 5. NaN when not compared.
	P     float64 `json:"p"`
	PHolm float64 `json:"p_holm"`
	Exact bool    `json:"exact_test,omitempty"`
	// MeanP is Welch's t-test of the mean, Holm-corrected together with
	// the shares' tests.
	MeanP       float64 `json:"mean_p"`
	MeanPHolm   float64 `json:"mean_p_holm"`
	Verdict     string  `json:"verdict"`
	Kind        string  `json:"verdict_kind"` // none, rose, fell, unconfirmed or few
	MeanVerdict string  `json:"mean_verdict"`
	MeanKind    string  `json:"mean_verdict_kind,omitempty"`
	// LowerBetter: the favorable options are the low codes (the school
	// scale's 1 and 2), so a falling mean is an improvement.
	LowerBetter bool   `json:"lower_is_better,omitempty"`
	Reliability string `json:"reliability,omitempty"`
}

// MinCompare is the fewest answers on each side that a comparison needs;
// with fewer it says "too few to compare" and draws no verdict.
const MinCompare = 30

// Fieldwork is the coordinator's view of how interviews were done.
type Fieldwork struct {
	ShortSeconds float64 `json:"short_seconds"`
	ShortRule    string  `json:"short_rule"`
	// Questions is how many questions every interview asks, from which
	// the threshold was derived; 0 when it was given.
	Questions    int            `json:"questions_asked_of_everyone,omitempty"`
	Interviewers []*Interviewer `json:"interviewers"`
	Days         []DayCount     `json:"days"`
	// Short are the too-short interviews, in the order they started; the
	// times are in the report's time zone.
	Short []ShortInterview `json:"short_interviews"`
	// DontKnowQuestions is how many questions offer "don't know": an
	// interviewer's share is of the answers to these.
	DontKnowQuestions int    `json:"dont_know_questions"`
	DontKnowRule      string `json:"dont_know_rule"`
}

// ShortInterview is one interview shorter than the threshold.
type ShortInterview struct {
	ID          string    `json:"session_id"`
	Interviewer string    `json:"interviewer"`
	Started     time.Time `json:"started_at"`
	Seconds     float64   `json:"duration_s"`
}

// Interviewer is one interviewer's fieldwork.
type Interviewer struct {
	Code           string  `json:"code"`
	Interviews     int     `json:"interviews"`
	Days           int     `json:"days"`
	PerDay         float64 `json:"per_day"`
	MaxPerDay      int     `json:"max_per_day"`
	MedianDuration float64 `json:"median_duration_s"`
	Short          int     `json:"short"`
	DontKnowShare  float64 `json:"dont_know_share"`
}

// DayCount is the interviews of one day.
type DayCount struct {
	Day string `json:"day"`
	N   int    `json:"n"`
}

// MarshalJSON writes undefined bounds as null: JSON has no NaN.
func (iv Interval) MarshalJSON() ([]byte, error) {
	out := map[string]any{"estimate": nullNaN(iv.Est), "low": nullNaN(iv.Lo), "high": nullNaN(iv.Hi)}
	if iv.Bounded {
		out["bounded"] = true
	}
	return json.Marshal(out)
}

// MarshalJSON writes an undefined p-value as null.
func (c *Change) MarshalJSON() ([]byte, error) {
	type plain Change
	out := struct {
		*plain
		P         any `json:"p"`
		PHolm     any `json:"p_holm"`
		MeanP     any `json:"mean_p"`
		MeanPHolm any `json:"mean_p_holm"`
	}{plain: (*plain)(c), P: nullNaN(c.P), PHolm: nullNaN(c.PHolm), MeanP: nullNaN(c.MeanP), MeanPHolm: nullNaN(c.MeanPHolm)}
	return json.Marshal(out)
}

// nullNaN is x for JSON, null where it is undefined: JSON has no NaN
// and no infinity.
func nullNaN(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// SealedError is a report that was not made because sessions are sealed
// and no identity given opens them.
type SealedError struct{ IDs []storage.ID }

func (e *SealedError) Error() string {
	return fmt.Sprintf("%d sealed sessions could not be opened; give the coordinator's key with --identity", len(e.IDs))
}

func (e *SealedError) Unwrap() error { return export.ErrSealed }

// ByMode breaks the figures down by who answered: with the interviewer,
// or the client alone (self-completion). A question named mode wins.
const ByMode = "mode"

// byModeCol is the --by column that stands for the session's mode.
const byModeCol = -2

// Build reads the stores and makes the report.
func Build(opt Options) (*Report, error) {
	if opt.Period != "" && opt.Period != "week" && opt.Period != "month" && opt.Period != "quarter" {
		return nil, fmt.Errorf("--period is week, month or quarter, not %q", opt.Period)
	}
	if opt.Zone.Loc == nil {
		opt.Zone = export.LocalZone()
	}
	var err error
	if opt.Cluster, err = ParseCluster(opt.Cluster); err != nil {
		return nil, err
	}
	// The questionnaire is known only once the stores are open: find the
	// --by column from the columns Walk reports, before any visit.
	var cols []*colInfo
	var collectors []*collector
	byCol := -1
	var threshold float64
	var everyone int
	resp := newResponseAcc(opt.Zone.Loc)
	var newest *questionnaire.Questionnaire
	lang := opt.Lang
	walked, err := export.Walk(export.WalkOptions{Paths: opt.Paths, IncludePartial: opt.IncludePartial, IncludeRejected: opt.IncludeRejected,
		QuestionnaireID: opt.QuestionnaireID, SkipBad: opt.SkipBad, Progress: opt.Progress, Identities: opt.Identities,
		Status:  resp.status,
		Contact: func(c *storage.Contact, _ string) { resp.contact(c, newest, lang) }, ContactsAlongside: true,
		Prepare: func(w *export.Walked) error {
			newest = w.Newest
			if lang == "" {
				lang = newest.DefaultLanguage()
			}
			cols = prepare(w.Columns)
			opt.workplace = questionnaire.WorkplaceQuestion(w.Newest)
			if opt.By != "" {
				byCol = slices.IndexFunc(w.Columns, func(c export.Column) bool { return c.Name == opt.By })
				if byCol < 0 && opt.By == ByMode {
					byCol = byModeCol
				} else if byCol < 0 || w.Columns[byCol].Item.Type != questionnaire.SelectOne {
					var names []string
					for _, c := range w.Columns {
						if c.Item.Type == questionnaire.SelectOne {
							names = append(names, c.Name)
						}
					}
					return fmt.Errorf("--by %s: not a select_one question of %s; choose one of: %s, or mode (interviewer or self-completed)", opt.By, w.ID, strings.Join(names, ", "))
				}
			}
			if opt.MeasuresFile != "" {
				ms, err := questionnaire.ParseMeasures(opt.MeasuresFile, opt.Measures, w.Newest)
				if err != nil {
					return fmt.Errorf("the measures register does not fit the data:\n%w", err)
				}
				opt.measures = ms
			}
			if opt.WeightsFile != "" {
				v, err := ParseVisits(opt.WeightsFile, opt.Weights, w.Newest)
				if err != nil {
					return fmt.Errorf("the visits file cannot weight the data:\n%w", err)
				}
				opt.visits = v
			}
			threshold = opt.ShortSeconds
			if threshold <= 0 {
				everyone = askedOfEveryone(w.Newest)
				threshold = float64(SecondsPerQuestion * everyone)
			}
			return nil
		}},
		func() func(*export.Visit) {
			c := newCollector(cols, &opt, byCol, threshold)
			collectors = append(collectors, c)
			return c.visit
		})
	if walked == nil || walked.Newest == nil {
		return nil, withProblems(err, walked)
	}
	if errors.Is(err, export.ErrSealed) {
		return nil, &SealedError{walked.Sealed}
	}
	if err != nil && err != export.ErrBadInputs {
		return nil, withProblems(err, walked)
	}
	r := assemble(walked, mergeCollectors(collectors), cols, &opt, byCol, threshold)
	r.Fieldwork.Questions = everyone
	resp.settle()
	r.Response = resp.response(newTr(r.Language))
	if ms := opt.measures; ms != nil {
		if !r.First.IsZero() {
			if err := ms.CheckDates(r.First, r.Last); err != nil {
				return nil, fmt.Errorf("the measures register does not fit the data:\n%w", err)
			}
		}
		r.Measures = measureList(ms, walked.Newest, r.Language)
		c := collectors[0]
		var wq *colInfo
		if c.placeCol >= 0 {
			wq = cols[c.placeCol]
		}
		r.Effects = effects(c.effects, r.First, r.Last, c.scaleCols, cols, r.ds, wq, r.Language, walked.Newest)
	}
	c := collectors[0]
	if v := opt.visits; v != nil {
		var strata map[trendKey][]scaleCell
		if c.strata != nil {
			strata = c.strata.flat(cols[c.placeCol])
		}
		if err := v.checkCoverage(strata, opt.WeightsPartial); err != nil {
			return nil, fmt.Errorf("the visits file cannot weight the data:\n%w", err)
		}
		r.Weighted = weighted(v, opt.WeightsPartial, strata, c.scaleCols, cols, r.ds, r.Overall, r.Language, walked.Newest.DefaultLanguage())
	}
	var by *colInfo
	if c.trendBy >= 0 {
		by = cols[c.trendBy]
	}
	r.Trends = trends(c, r, &opt, by, r.ds, r.Language, walked.Newest.DefaultLanguage())
	r.Control = controlChart(r, &opt)
	r.Summary = summarize(r, newTr(r.Language))
	return r, err
}

// withProblems adds to err the inputs that could not be read, which say
// why nothing could be.
func withProblems(err error, w *export.Walked) error {
	if err == nil || w == nil || len(w.Problems) == 0 {
		return err
	}
	var lines []string
	for _, p := range w.Problems {
		lines = append(lines, p.String())
	}
	return fmt.Errorf("%w:\n  %s", err, strings.Join(lines, "\n  "))
}

// askedOfEveryone counts the questions every interview asks: answerable,
// with no relevance condition on them or their groups.
func askedOfEveryone(q *questionnaire.Questionnaire) int {
	n := 0
	for _, it := range q.Items {
		if !it.Type.Answerable() || it.ReadOnly {
			continue
		}
		cond := false
		for p := it; p != nil; p = p.Parent {
			cond = cond || p.Relevant.Set()
		}
		if !cond {
			n++
		}
	}
	return max(n, 1)
}

func reliability(n int) string {
	switch {
	case n < TooFew:
		return labelTooFew
	case n < Indicative:
		return labelIndicative
	}
	return ""
}

func assemble(w *export.Walked, c *collector, cols []*colInfo, opt *Options, byCol int, threshold float64) *Report {
	q := w.Newest
	lang := opt.Lang
	if lang == "" {
		lang = q.DefaultLanguage()
	}
	r := &Report{Questionnaire: w.ID, Title: q.Title.In(lang, q.DefaultLanguage()), Language: lang, Versions: w.Versions,
		Stores: w.Stores, Sessions: w.Sessions, First: c.first, Last: c.last, Made: opt.Now, TimeZone: opt.Zone.Name}
	if r.Made.IsZero() {
		r.Made = time.Now()
	}
	r.Counted = "completed sessions only; in-progress and abandoned ones are left out"
	if opt.IncludePartial {
		r.Counted = "all sessions: completed, in progress and abandoned"
	}
	if len(w.Skipped) > 0 {
		r.NotCounted = w.Skipped
	}
	for _, p := range w.Problems {
		r.Problems = append(r.Problems, p.String())
	}
	r.Problems = append(r.Problems, w.Conflicts...)
	for _, o := range w.OtherIDs {
		r.Problems = append(r.Problems, "sessions of another questionnaire, not counted: "+o)
	}
	label := func(info *colInfo) string { return info.label(lang, q.DefaultLanguage()) }
	var ds []colDesign
	r.Design, ds = design(opt.Cluster, c.clusters, cols, c.scaleCols, label)
	r.ds = ds
	mk := func(key, label string, a *acc) *Group { return group(key, label, a, cols, ds, lang, q) }
	r.Overall = mk("all", "All sessions", c.all)
	if byCol == byModeCol {
		t := newTr(lang)
		b := &Breakdown{Key: ByMode, Label: t.s("bymode")}
		for _, m := range []storage.Mode{storage.ModeInterviewer, storage.ModeSelf} {
			if a, ok := c.by[m.String()]; ok {
				b.Groups = append(b.Groups, mk(m.String(), t.s("mode_"+m.String()), a))
			}
		}
		r.By = b
	}
	if byCol >= 0 {
		info := cols[byCol]
		b := &Breakdown{Key: info.Name, Label: info.Item.Label.In(lang, q.DefaultLanguage())}
		for _, o := range info.Options {
			if a, ok := c.by[o.Value]; ok {
				b.Groups = append(b.Groups, mk(o.Value, o.Label.In(lang, q.DefaultLanguage()), a))
			}
		}
		for _, k := range slices.Sorted(maps.Keys(c.by)) {
			if _, known := info.index[k]; !known {
				label := k
				if k == NoAnswer {
					label = "(no answer)"
				}
				b.Groups = append(b.Groups, mk(k, label, c.by[k]))
			}
		}
		r.By = b
	}
	if opt.Period != "" {
		b := &Breakdown{Key: opt.Period, Label: map[string]string{"week": "Week", "month": "Month", "quarter": "Quarter"}[opt.Period]}
		for _, k := range slices.Sorted(maps.Keys(c.period)) {
			b.Groups = append(b.Groups, mk(k, k, c.period[k]))
		}
		r.Period = b
	}
	if c.compare[0] != nil {
		r.Comparison = compare(opt.Compare, c.compare[0], c.compare[1], cols, ds, lang, q)
	}
	r.Funnels = funnels(r.By, r.Overall)
	r.Drivers = c.drivers.drivers(cols, r.Overall, label)
	r.Fieldwork = fieldwork(c, threshold, opt.ShortSeconds > 0)
	return r
}

func group(key, label string, a *acc, cols []*colInfo, ds []colDesign, lang string, q *questionnaire.Questionnaire) *Group {
	g := &Group{Key: key, Label: label, Sessions: a.sessions, Reliability: reliability(a.sessions)}
	for ci, info := range cols {
		if info.kind == kindSkip {
			continue
		}
		g.Questions = append(g.Questions, question(info, &a.cols[ci], ds[ci], lang, q))
	}
	return g
}

func question(info *colInfo, ca *colAcc, d colDesign, lang string, q *questionnaire.Questionnaire) *Question {
	def := q.DefaultLanguage()
	qs := &Question{Name: info.Name, Label: info.label(lang, def), Type: info.Item.Type.String(), Scale: info.kind == kindScale,
		Asked: ca.asked, N: ca.answered, Skipped: ca.skipped, Other: ca.other, Reliability: reliability(ca.answered)}
	if info.kind == kindScale {
		qs.EffectiveN = effective(ca.answered, d.share)
		qs.Reliability = reliability(qs.EffectiveN)
	}
	for k := questionnaire.DontKnow; k <= questionnaire.NotApplicable; k++ {
		if ca.missing[k] > 0 {
			if qs.Missing == nil {
				qs.Missing = map[string]int{}
			}
			qs.Missing[k.String()] = ca.missing[k]
		}
	}
	switch info.kind {
	case kindScale, kindSelect, kindMulti:
		for i, o := range info.Options {
			if o.Missing != questionnaire.NotMissing {
				continue
			}
			oc := &OptionCount{Value: o.Value, Label: o.Label.In(lang, def), Count: ca.options[i]}
			if ca.answered > 0 {
				oc.Percent = 100 * float64(ca.options[i]) / float64(ca.answered)
			}
			qs.Options = append(qs.Options, oc)
			if info.fav[i] {
				qs.FavCodes = append(qs.FavCodes, o.Value)
			}
			if info.unfav[i] {
				qs.UnfavCodes = append(qs.UnfavCodes, o.Value)
			}
		}
		if info.kind == kindScale {
			qs.FavLabel = info.favLabel(lang, def)
			if ca.answered < Suppress {
				// Too few to show at all (the NHS GP Patient Survey's rule).
				qs.Reliability = labelSuppressed
				break
			}
			if info.numeric {
				qs.Mean = meanInterval(ca.scale).widen(math.Sqrt(d.mean)).within(info.lo, info.hi)
			}
			qs.Favorable = wilsonD(ca.fav, ca.answered, d.share)
			qs.Unfavorable = wilsonD(ca.unfav, ca.answered, d.share)
		}
	case kindNumber:
		qs.Numbers = numberStats(ca.nums)
	case kindWhen:
		qs.When = whenStats(ca)
	case kindText:
		qs.TextsTotal = len(ca.texts)
		for t, n := range ca.texts {
			qs.Texts = append(qs.Texts, TextCount{t, *n})
		}
		sort.Slice(qs.Texts, func(i, j int) bool {
			a, b := qs.Texts[i], qs.Texts[j]
			if a.Count != b.Count {
				return a.Count > b.Count
			}
			return a.Text < b.Text
		})
		if len(qs.Texts) > MaxTexts {
			qs.Texts = qs.Texts[:MaxTexts]
		}
	}
	return qs
}

// label is the question's label as the report shows it, ${name} as
// [name].
func (info *colInfo) label(lang, def string) string {
	return plainLabel(info.Item.Label.In(lang, def))
}

// favLabel joins the labels of the favorable options.
func (info *colInfo) favLabel(lang, def string) string {
	var out []string
	for i, o := range info.Options {
		if info.fav[i] {
			out = append(out, o.Label.In(lang, def))
		}
	}
	return strings.Join(out, " + ")
}

// MeasureInfo is one measure of the register, as the report lists it.
type MeasureInfo struct {
	ID          string   `json:"id"`
	Date        string   `json:"date"`
	Workplaces  []string `json:"workplaces"` // labels; empty: all
	Questions   []string `json:"questions"`
	Description string   `json:"description,omitempty"`
}

func measureList(ms *questionnaire.Measures, q *questionnaire.Questionnaire, lang string) []*MeasureInfo {
	var out []*MeasureInfo
	for _, m := range ms.List {
		mi := &MeasureInfo{ID: m.ID, Date: m.Date.Format(time.DateOnly), Workplaces: []string{}, Questions: []string{}, Description: m.Description}
		for _, w := range m.Workplaces {
			label := w
			if it := q.Item(ms.Workplace); it != nil && it.List != nil {
				if o := it.List.Option(w); o != nil {
					label = o.Label.In(lang, q.DefaultLanguage())
				}
			}
			mi.Workplaces = append(mi.Workplaces, label)
		}
		mi.Questions = append(mi.Questions, m.Questions...)
		out = append(out, mi)
	}
	return out
}

// WhenStats describe a date, datetime or time question: its earliest and
// latest answers as given, and the median day (minute for a time).
type WhenStats struct {
	N      int    `json:"n"`
	First  string `json:"first"`
	Median string `json:"median"`
	Last   string `json:"last"`
}

// whenStats is the lower median of the counts by day: the day on which
// half the answers are reached.
func whenStats(ca *colAcc) *WhenStats {
	if ca.answered == 0 {
		return nil
	}
	w := &WhenStats{N: ca.answered, First: ca.first, Last: ca.last}
	seen := 0
	for _, k := range slices.Sorted(maps.Keys(ca.whens)) {
		seen += *ca.whens[k]
		if 2*seen >= ca.answered {
			w.Median = k
			break
		}
	}
	return w
}

// plainLabel shows ${name} in a label, filled in each interview with an
// answer, as [name]: the column that holds it ("Hodnotil/a jste
// „[celkove]“"), not an ellipsis a reader takes for a cut.
func plainLabel(s string) string {
	return expr.Replace(s, false, func(name string) string { return "[" + name + "]" })
}

// compare sets before against after for every scale question: the
// favorable share by the pooled z-test (Fisher's exact test where an
// expected count is below 5) and the mean by Welch's t-test, all of them
// Holm-corrected together. A question with fewer than MinCompare answers
// on a side is not tested. A change is stated only where its 95% interval
// excludes no change and its corrected p is below 0.05, so that the
// interval and the words never disagree.
func compare(date time.Time, before, after *acc, cols []*colInfo, ds []colDesign, lang string, q *questionnaire.Questionnaire) *Comparison {
	cmp := &Comparison{Date: date.Format("2006-01-02"), Before: before.sessions, After: after.sessions,
		Test: fmt.Sprintf("two-proportion z-test on the favorable share (Fisher's exact test where an expected count is below %d) and Welch's t-test on the mean, two-sided, Holm-corrected together; intervals 95%%; fewer than %d answers on a side: not compared", minExpected, MinCompare)}
	for ci, info := range cols {
		if info.kind == kindScale {
			cmp.Changes = append(cmp.Changes, newChange(info, &before.cols[ci], &after.cols[ci], ds[ci], lang, q))
		}
	}
	judgeChanges(cmp.Changes)
	return cmp
}

// newChange sets one scale question's answers before (a) against after
// (b), under design effects d, and tests them where each side has
// MinCompare effective answers; judgeChanges draws the verdicts.
func newChange(info *colInfo, a, b *colAcc, d colDesign, lang string, q *questionnaire.Questionnaire) *Change {
	ch := &Change{Name: info.Name, Label: info.Item.Label.In(lang, q.DefaultLanguage()), NBefore: a.answered, NAfter: b.answered,
		FavBefore: wilsonD(a.fav, a.answered, d.share), FavAfter: wilsonD(b.fav, b.answered, d.share),
		FavDiff: newcombeD(a.fav, a.answered, d.share, b.fav, b.answered, d.share), P: math.NaN(), MeanP: math.NaN(), FavLabel: info.favLabel(lang, q.DefaultLanguage()),
		LowerBetter: info.numeric && info.favLow}
	ch.EffBefore, ch.EffAfter = effective(a.answered, d.share), effective(b.answered, d.share)
	ch.Reliability = reliability(min(ch.EffBefore, ch.EffAfter))
	if info.numeric {
		f := math.Sqrt(d.mean)
		ch.MeanBefore, ch.MeanAfter = meanInterval(a.scale).widen(f).within(info.lo, info.hi), meanInterval(b.scale).widen(f).within(info.lo, info.hi)
		ch.MeanDiff = welchD(a.scale, b.scale, d.mean, d.mean)
	}
	if min(ch.EffBefore, ch.EffAfter) >= MinCompare {
		// On the effective counts: a clustered sample tests as the
		// simple one of its effective size would.
		ch.P, ch.Exact = shareP(effective(a.fav, d.share), ch.EffBefore, effective(b.fav, d.share), ch.EffAfter)
		if ch.MeanDiff != nil {
			ch.MeanP = welchPD(a.scale, b.scale, d.mean, d.mean)
		}
	}
	return ch
}

// judgeChanges Holm-corrects the changes' share and mean tests together
// and draws each verdict, in the JSON in the words the English report
// uses.
func judgeChanges(changes []*Change) {
	var ps []float64
	for _, ch := range changes {
		ps = append(ps, ch.P, ch.MeanP)
	}
	adj := holm(ps)
	en := newTr("en")
	for i, ch := range changes {
		ch.PHolm, ch.MeanPHolm = adj[2*i], adj[2*i+1]
		few := min(ch.EffBefore, ch.EffAfter) < MinCompare
		ch.Kind = judge(few, ch.FavDiff, ch.PHolm)
		if ch.MeanDiff != nil && !few {
			ch.MeanKind = judge(false, ch.MeanDiff, ch.MeanPHolm)
		}
		ch.Verdict, ch.MeanVerdict = en.verdict(ch), en.meanVerdict(ch)
	}
}

// judge is a difference's verdict: few, none (its interval holds no
// change, or it has none), unconfirmed (the interval excludes no change
// but the corrected p does not fall below 0.05), rose or fell.
func judge(few bool, d *Interval, pHolm float64) string {
	switch {
	case few:
		return "few"
	case d == nil || math.IsNaN(d.Lo) || d.Contains(0):
		return "none"
	case math.IsNaN(pHolm) || pHolm >= 0.05:
		return "unconfirmed"
	case d.Est > 0:
		return "rose"
	}
	return "fell"
}

func fieldwork(c *collector, threshold float64, given bool) *Fieldwork {
	f := &Fieldwork{ShortSeconds: threshold}
	if given {
		f.ShortRule = fmt.Sprintf("shorter than %.0f s, as asked", threshold)
	} else {
		f.ShortRule = fmt.Sprintf("shorter than %.0f s: %d s for each question every interview asks", threshold, SecondsPerQuestion)
	}
	for _, code := range slices.Sorted(maps.Keys(c.people)) {
		p := c.people[code]
		iv := &Interviewer{Code: code, Interviews: p.interviews, Days: len(p.days), Short: p.short}
		iv.PerDay = float64(p.interviews) / float64(max(1, len(p.days)))
		for _, n := range p.days {
			iv.MaxPerDay = max(iv.MaxPerDay, n)
		}
		if ns := numberStats(p.durations); ns != nil {
			iv.MedianDuration = ns.Median
		}
		if p.answers > 0 {
			iv.DontKnowShare = float64(p.dontKnow) / float64(p.answers)
		}
		f.Interviewers = append(f.Interviewers, iv)
	}
	for _, d := range slices.Sorted(maps.Keys(c.days)) {
		f.Days = append(f.Days, DayCount{d, c.days[d]})
	}
	f.Short = c.shorts
	slices.SortFunc(f.Short, func(a, b ShortInterview) int {
		return cmp.Or(a.Started.Compare(b.Started), strings.Compare(a.ID, b.ID))
	})
	if f.Short == nil {
		f.Short = []ShortInterview{}
	}
	for _, info := range c.cols {
		if info.offersDK {
			f.DontKnowQuestions++
		}
	}
	f.DontKnowRule = fmt.Sprintf("the share of \"don't know\" among the answers to the %d questions that offer it", f.DontKnowQuestions)
	return f
}
