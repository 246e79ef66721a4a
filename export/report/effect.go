package report

import (
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"anketa/questionnaire"
)

// DefaultWindow is how long before and after a measure its effect is
// judged: eight weeks each side, cut to what the data cover.
const DefaultWindow = 8 * 7 * 24 * time.Hour

// Effect is what a measure changed: before against after at the
// workplaces it affects, over equal windows, and where other workplaces
// exist, against their change over the same windows (a difference-in-
// differences), so that what changed everywhere is not taken for the
// measure's work.
type Effect struct {
	Measure     string `json:"measure"`
	Date        string `json:"date"`
	Description string `json:"description,omitempty"`
	// From and To bound the windows: [From, Date) and [Date, To), equal
	// in days.
	From       string            `json:"window_from"`
	To         string            `json:"window_to"`
	WindowDays int               `json:"window_days"`
	Affected   []string          `json:"affected"`   // labels of the workplaces; empty: all
	Unaffected []string          `json:"unaffected"` // the comparison workplaces
	Questions  []*EffectQuestion `json:"questions"`
}

// EffectQuestion is one targeted question's effect.
type EffectQuestion struct {
	Name        string `json:"name"`
	Label       string `json:"label"`
	FavLabel    string `json:"favorable_label,omitempty"`
	LowerBetter bool   `json:"lower_is_better,omitempty"`
	// At is before against after at the affected workplaces; Others the
	// same at the rest, nil when the measure affects every workplace.
	At     *Change `json:"affected"`
	Others *Change `json:"unaffected,omitempty"`
	// DiD is the change at the affected workplaces less the change at the
	// others, of the favorable share; MeanDiD of the mean grade.
	DiD       *Interval `json:"difference_in_differences,omitempty"`
	MeanDiD   *Interval `json:"mean_difference_in_differences,omitempty"`
	P         float64   `json:"p"`
	PHolm     float64   `json:"p_holm"`
	MeanP     float64   `json:"mean_p"`
	MeanPHolm float64   `json:"mean_p_holm"`
	// Kind is better, worse, none, unconfirmed or few, of the favorable
	// share; MeanKind of the mean, where a lower grade may be better.
	Kind     string `json:"verdict_kind"`
	MeanKind string `json:"mean_verdict_kind,omitempty"`
	Verdict  string `json:"verdict"`
	// Workplaces is the before and after of each workplace alone.
	Workplaces []*WorkplaceChange `json:"workplaces"`
}

// WorkplaceChange is one workplace's before and after.
type WorkplaceChange struct {
	Code     string  `json:"code"`
	Label    string  `json:"label"`
	Affected bool    `json:"affected"`
	Change   *Change `json:"change"`
}

// MarshalJSON writes undefined p-values as null.
func (e *EffectQuestion) MarshalJSON() ([]byte, error) {
	type plain EffectQuestion
	return json.Marshal(struct {
		*plain
		P         any `json:"p"`
		PHolm     any `json:"p_holm"`
		MeanP     any `json:"mean_p"`
		MeanPHolm any `json:"mean_p_holm"`
	}{(*plain)(e), nullNaN(e.P), nullNaN(e.PHolm), nullNaN(e.MeanP), nullNaN(e.MeanPHolm)})
}

// effectAcc gathers one measure's answers to the scale questions, per
// workplace and day, over the nominal windows before and after it; the
// windows are cut to equal lengths once the data's first and last days
// are known.
type effectAcc struct {
	m     *questionnaire.Measure
	day   int // the measure's date, as a civil day number
	days  int // the nominal window, in days each side
	width int // scale questions per day
	// places holds, per workplace, 2·days days of cells, each width
	// scaleCells.
	places *placeCells
}

// scaleCell is one scale question's answers on one day at one workplace.
type scaleCell struct {
	n, fav int
	m      moments
}

func newEffectAcc(m *questionnaire.Measure, window time.Duration, width, options int) *effectAcc {
	days := max(1, int(math.Round(window.Hours()/24)))
	return &effectAcc{m: m, day: civilDay(m.Date), days: days, width: width, places: newPlaceCells(2*days*width, options)}
}

// civilDay numbers a date's day: days since 1970-01-01, of the date as
// written in t's location.
func civilDay(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// add counts the session of civil day day at the place of option
// position pos (or code), in the cells of its day.
func (e *effectAcc) add(c *collector, day, pos int, code string) {
	off := day - e.day + e.days
	if off < 0 || off >= 2*e.days {
		return
	}
	c.count(e.places.of(pos, code)[off*e.width : (off+1)*e.width])
}

func (e *effectAcc) merge(o *effectAcc) { e.places.merge(o.places) }

// window is the days each side that the data cover, at most the nominal
// window: as many before the measure as after it.
func (e *effectAcc) window(first, last int) int {
	return max(0, min(e.days, e.day-first, last+1-e.day))
}

// sum adds up a workplace's cells of scale question j over d days before
// (side 0) or after (side 1) the measure into a's column ci.
func (e *effectAcc) sum(a *acc, cells []scaleCell, j, ci, d, side int) {
	from, to := e.days-d, e.days
	if side == 1 {
		from, to = e.days, e.days+d
	}
	c := &a.cols[ci]
	for off := from; off < to; off++ {
		x := cells[off*e.width+j]
		c.answered += x.n
		c.asked += x.n
		c.fav += x.fav
		c.scale.merge(x.m)
	}
}

// effects judges each measure. Each question's difference-in-differences
// has the variance of the sum of its four parts, each p(1−p)/n_eff (s²/n_eff
// for a mean) with n_eff = n/deff; the p-values are Holm-corrected
// within the measure, and a verdict is drawn only where the interval
// excludes no change, the corrected p is below 0.05 and every side has
// MinCompare effective answers.
func effects(accs []*effectAcc, first, last time.Time, scaleCols []int, cols []*colInfo, ds []colDesign, wq *colInfo, lang string, q *questionnaire.Questionnaire) []*Effect {
	var out []*Effect
	def := q.DefaultLanguage()
	placeLabel := func(code string) string {
		if wq != nil {
			if i, ok := wq.index[code]; ok {
				return wq.Options[i].Label.In(lang, def)
			}
		}
		if code == NoAnswer {
			return "(no answer)"
		}
		return code
	}
	for _, e := range accs {
		m := e.m
		d := e.window(civilDay(first), civilDay(last))
		ef := &Effect{Measure: m.ID, Date: m.Date.Format(time.DateOnly), Description: m.Description,
			From: m.Date.AddDate(0, 0, -d).Format(time.DateOnly), To: m.Date.AddDate(0, 0, d-1).Format(time.DateOnly), WindowDays: d,
			Affected: []string{}, Unaffected: []string{}}
		byCode := map[string][]scaleCell{}
		e.places.each(wqOrNone(wq), func(code string, cells []scaleCell) { byCode[code] = cells })
		codes := slices.Sorted(maps.Keys(byCode))
		if wq != nil { // in the questionnaire's order
			slices.SortStableFunc(codes, func(a, b string) int { return pos(wq, a) - pos(wq, b) })
		}
		at, others := [2]*acc{newAcc(cols), newAcc(cols)}, [2]*acc{newAcc(cols), newAcc(cols)}
		own := map[string][2]*acc{}
		anyOther := false
		for _, code := range codes {
			cells := byCode[code]
			side := &at
			if len(m.Workplaces) > 0 && !m.Affects(code) {
				side, anyOther = &others, true
				ef.Unaffected = append(ef.Unaffected, placeLabel(code))
			} else if len(m.Workplaces) > 0 {
				ef.Affected = append(ef.Affected, placeLabel(code))
			}
			p := [2]*acc{newAcc(cols), newAcc(cols)}
			for j, ci := range scaleCols {
				for s := range 2 {
					e.sum(p[s], cells, j, ci, d, s)
					e.sum(side[s], cells, j, ci, d, s)
				}
			}
			own[code] = p
		}
		var ps []float64
		for _, ci := range scaleCols {
			info := cols[ci]
			if len(m.Questions) > 0 && !slices.Contains(m.Questions, info.Name) {
				continue
			}
			d := ds[ci]
			eq := &EffectQuestion{Name: info.Name, Label: info.label(lang, def), FavLabel: info.favLabel(lang, def),
				LowerBetter: info.numeric && info.favLow, P: math.NaN(), PHolm: math.NaN(), MeanP: math.NaN(), MeanPHolm: math.NaN(), Workplaces: []*WorkplaceChange{}}
			eq.At = change(info, at[0], at[1], ci, d, lang, q)
			if anyOther {
				eq.Others = change(info, others[0], others[1], ci, d, lang, q)
				eq.DiD, eq.P = didShare(at, others, ci, d)
				if info.numeric {
					eq.MeanDiD, eq.MeanP = didMean(at, others, ci, d)
				}
			} else {
				eq.DiD, eq.MeanDiD, eq.P, eq.MeanP = eq.At.FavDiff, eq.At.MeanDiff, eq.At.P, eq.At.MeanP
			}
			for _, code := range codes {
				p := own[code]
				eq.Workplaces = append(eq.Workplaces, &WorkplaceChange{Code: code, Label: placeLabel(code), Affected: m.Affects(code),
					Change: change(info, p[0], p[1], ci, d, lang, q)})
			}
			ef.Questions = append(ef.Questions, eq)
			ps = append(ps, eq.P, eq.MeanP)
		}
		adj := holm(ps)
		for i, eq := range ef.Questions {
			eq.PHolm, eq.MeanPHolm = adj[2*i], adj[2*i+1]
			few := min(eq.At.EffBefore, eq.At.EffAfter) < MinCompare
			if eq.Others != nil {
				few = few || min(eq.Others.EffBefore, eq.Others.EffAfter) < MinCompare
			}
			eq.Kind = better(judge(few, eq.DiD, eq.PHolm), false)
			if eq.MeanDiD != nil {
				eq.MeanKind = better(judge(few, eq.MeanDiD, eq.MeanPHolm), eq.LowerBetter)
			}
			eq.Verdict = newTr("en").effectVerdict(eq, ef.Unaffected)
		}
		out = append(out, ef)
	}
	return out
}

// better turns rose and fell into better and worse: a higher favorable
// share is better, and a lower mean grade where low codes are favorable.
func better(kind string, lowerBetter bool) string {
	switch {
	case kind == "rose" && !lowerBetter, kind == "fell" && lowerBetter:
		return "better"
	case kind == "rose", kind == "fell":
		return "worse"
	}
	return kind
}

func pos(info *colInfo, code string) int {
	if i, ok := info.index[code]; ok {
		return i
	}
	return len(info.Options)
}

// change is before against after of one column, tested and judged on
// its own: the measure's words come from its difference-in-differences.
func change(info *colInfo, before, after *acc, ci int, d colDesign, lang string, q *questionnaire.Questionnaire) *Change {
	ch := newChange(info, &before.cols[ci], &after.cols[ci], d, lang, q)
	judgeChanges([]*Change{ch})
	return ch
}

// didShare is the favorable share's difference-in-differences with its
// 95% interval and two-sided p (normal): each side's share p with the
// variance p(1−p)·deff/n.
func didShare(at, others [2]*acc, ci int, d colDesign) (*Interval, float64) {
	return did(at, others, ci, func(c *colAcc) (float64, float64, bool) {
		if c.answered == 0 {
			return 0, 0, false
		}
		p := float64(c.fav) / float64(c.answered)
		return p, p * (1 - p) * d.share / float64(c.answered), true
	})
}

// didMean is the mean's difference-in-differences: each side's mean with
// the variance s²·deff/n.
func didMean(at, others [2]*acc, ci int, d colDesign) (*Interval, float64) {
	return did(at, others, ci, func(c *colAcc) (float64, float64, bool) {
		m := c.scale
		if m.n < 2 {
			return 0, 0, false
		}
		return m.mean(), m.variance() * d.mean / float64(m.n), true
	})
}

// did is (A after − A before) − (C after − C before) of part's estimate,
// with the sum of the four variances; nil where a side has none.
func did(at, others [2]*acc, ci int, part func(*colAcc) (est, variance float64, ok bool)) (*Interval, float64) {
	var est, v float64
	for k, side := range [2][2]*acc{at, others} {
		sign := 1.0
		if k == 1 {
			sign = -1
		}
		for t, a := range side {
			x, vx, ok := part(&a.cols[ci])
			if !ok {
				return nil, math.NaN()
			}
			if t == 0 {
				x = -x
			}
			est += sign * x
			v += vx
		}
	}
	return normalInterval(est, v)
}

func normalInterval(est, v float64) (*Interval, float64) {
	se := math.Sqrt(v)
	if se == 0 {
		return &Interval{Est: est, Lo: est, Hi: est}, 1
	}
	return &Interval{Est: est, Lo: est - z975*se, Hi: est + z975*se}, 2 * distuv.UnitNormal.Survival(math.Abs(est)/se)
}

// effectWords are a verdict's words, in either language.
func (t tr) effectVerdict(eq *EffectQuestion, unaffected []string) string {
	against := ""
	if eq.Others != nil {
		against = t.s("e_against")
	}
	switch eq.Kind {
	case "few":
		return t.s("v_few")
	case "better", "worse":
		return t.f("e_"+eq.Kind, t.quote(eq.FavLabel), t.diff(eq.DiD, true), against)
	case "unconfirmed":
		return t.f("e_unconfirmed", t.quote(eq.FavLabel), t.diff(eq.DiD, true), against)
	}
	return t.f("e_none", against)
}

// effectMean says the mean's difference-in-differences in words: the
// difference, and better or worse where the verdict is one.
func (t tr) effectMean(eq *EffectQuestion) string {
	if eq.MeanDiD == nil || eq.Kind == "few" {
		return ""
	}
	w := t.f("e_mean", t.diff(eq.MeanDiD, false))
	if eq.MeanKind == "better" || eq.MeanKind == "worse" {
		w += " (" + t.s("m_"+eq.MeanKind) + ")"
	}
	return w
}

// effectSides says the favorable share before and after, at the
// affected workplaces and elsewhere.
func (t tr) effectSides(eq *EffectQuestion) string {
	if eq.Others == nil {
		return t.f("e_side", t.share(eq.At.FavBefore), t.share(eq.At.FavAfter))
	}
	return t.f("e_sides", t.share(eq.At.FavBefore), t.share(eq.At.FavAfter), t.share(eq.Others.FavBefore), t.share(eq.Others.FavAfter))
}

// effectPlaces lists each workplace's own change of the favorable share.
func (t tr) effectPlaces(eq *EffectQuestion) string {
	var parts []string
	for _, w := range eq.Workplaces {
		parts = append(parts, w.Label+" "+t.diff(w.Change.FavDiff, true))
	}
	return t.s("e_places") + ": " + strings.Join(parts, "; ")
}

// effectHead names a measure, its workplaces and its windows.
func (t tr) effectHead(e *Effect) string {
	places := t.s("allworkplaces")
	if len(e.Affected) > 0 {
		places = strings.Join(e.Affected, ", ")
	}
	return t.f("e_head", e.Measure, e.Date, places, e.WindowDays, e.From, e.To)
}

// headline is the question a summary sentence of the measure speaks of:
// the overall one where the measure targets it, else its first.
func (e *Effect) headline(overall string) *EffectQuestion {
	for _, q := range e.Questions {
		if q.Name == overall {
			return q
		}
	}
	if len(e.Questions) > 0 {
		return e.Questions[0]
	}
	return nil
}

// wqOrNone is the workplace column, or one of no options: without a
// workplace question every session is of no place.
func wqOrNone(wq *colInfo) *colInfo {
	if wq == nil {
		return &colInfo{}
	}
	return wq
}
