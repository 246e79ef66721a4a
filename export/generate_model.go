package export

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // office hours are Prague's on any laptop, Windows included

	"anketa/questionnaire"
)

// The synthetic offices: a Czech office's hours, in its own zone, on
// working days that are not public holidays.
var officeZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Prague")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// officeHours are the opening hours of each weekday, in minutes after
// midnight: Monday and Wednesday are the long days, Friday the short one,
// and the weekend is closed.
var officeHours = [7][2]int{
	time.Monday:    {8 * 60, 17 * 60},
	time.Tuesday:   {8 * 60, 14 * 60},
	time.Wednesday: {8 * 60, 17 * 60},
	time.Thursday:  {8 * 60, 14 * 60},
	time.Friday:    {8 * 60, 13 * 60},
}

// holidays are the Czech public holidays of the generated autumn.
var holidays = map[string]bool{"2026-09-28": true, "2026-10-28": true, "2026-11-17": true}

// openSpan is one day's opening hours.
type openSpan struct {
	from time.Time
	dur  time.Duration
	day  int // index of the working day
	long bool
}

// calendar is the opening hours of the days from first to last.
type calendar struct {
	spans []openSpan
	total time.Duration
}

func officeCalendar(first, last time.Time) *calendar {
	c := &calendar{}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		h := officeHours[d.Weekday()]
		if h[1] == 0 || holidays[d.Format(time.DateOnly)] {
			continue
		}
		from := time.Date(d.Year(), d.Month(), d.Day(), 0, h[0], 0, 0, officeZone)
		dur := time.Duration(h[1]-h[0]) * time.Minute
		c.spans = append(c.spans, openSpan{from: from, dur: dur, day: len(c.spans), long: h[1]-h[0] > 7*60})
		c.total += dur
	}
	return c
}

// at is the moment off into the opening hours, and its day. The search
// starts at hint, the last answer's span: times are asked in order.
func (c *calendar) at(off time.Duration, hint *int) (time.Time, *openSpan) {
	i := *hint
	var before time.Duration
	for k := 0; k < i; k++ {
		before += c.spans[k].dur
	}
	for i < len(c.spans)-1 && off >= before+c.spans[i].dur {
		before += c.spans[i].dur
		i++
	}
	*hint = i
	s := &c.spans[i]
	return s.from.Add(min(off-before, s.dur-time.Second)), s
}

// The synthetic clients' satisfaction: a latent score per interview made
// of the workplace's, the interviewer's and the interviewer-day's effects
// and the client's own, from which every scale question's answer follows
// (an ordered-probit model). The clustering sizes give an intra-class
// correlation of the overall question's favourable share of about 0.03
// by interviewer-day, as face-to-face surveys show.
const (
	sdInterviewer = 0.15
	sdDay         = 0.20
	spread        = 1.0 // the latent's standard deviation, in scale points
)

// workplaceEffect is the lift of the latent score at the workplace of
// option position i: three levels, so that workplaces differ.
func workplaceEffect(i int) float64 { return 0.15 * float64(i%3-1) }

// scaleModel is how one scale question's answers follow the latent score.
type scaleModel struct {
	index    int // of the item
	loading  float64
	mean     float64 // position from the favourable end, at a latent of 0
	scale    []*questionnaire.Option
	favStart bool    // the favourable options come first in the list
	step     float64 // the change in code from one option to the next, along the list
	nfav     int
}

// model is the generator's view of a questionnaire.
type model struct {
	scales    map[int]*scaleModel // by item index
	overall   string              // the first scale question
	workplace *questionnaire.Item // the first persisted select_one, or nil
	texts     map[int]textKind
}

type textKind uint8

const (
	textOther      textKind = iota // anything else: a short answer
	textSuggestion                 // "what would you improve?"
	textSpecify                    // "other, please specify"
)

var (
	suggestionWords = regexp.MustCompile(`(?i)návrh|navrh|zlepš|zleps|doporuč|připomín|sugg|improv|comment|koment|vzkaz`)
	specifyWords    = regexp.MustCompile(`(?i)jin[éáýa]|_jiny|other|upřesn|uvedte|uveďte|specify`)
)

// aspectShape gives the scale questions after the overall one their
// importance (loading) and performance (mean position): the first
// matters most and performs worst, so that the drivers have a priority.
var aspectShape = []struct{ loading, mean float64 }{{0.80, 1.6}, {0.65, 0.8}, {0.50, 1.1}, {0.40, 1.4}, {0.30, 0.7}, {0.25, 1.0}}

func newModel(q *questionnaire.Questionnaire) *model {
	m := &model{scales: map[int]*scaleModel{}, texts: map[int]textKind{}}
	if name := questionnaire.WorkplaceQuestion(q); name != "" {
		m.workplace = q.Item(name)
	}
	aspect := 0
	for _, it := range q.Items {
		switch it.Type {
		case questionnaire.TextType:
			m.texts[it.Index] = textKind(0)
			label := it.Name + " " + it.Label.In(q.DefaultLanguage(), q.DefaultLanguage())
			switch {
			case suggestionWords.MatchString(label):
				m.texts[it.Index] = textSuggestion
			case specifyWords.MatchString(label):
				m.texts[it.Index] = textSpecify
			}
			continue
		case questionnaire.SelectOne:
		default:
			continue
		}
		if it.List == nil {
			continue
		}
		sm := &scaleModel{index: it.Index, step: 1}
		for _, o := range it.List.Options {
			if o.Missing == questionnaire.NotMissing {
				sm.scale = append(sm.scale, o)
				if o.Favorable {
					sm.nfav++
				}
			}
		}
		if sm.nfav == 0 || sm.nfav == len(sm.scale) || len(sm.scale) < 2 {
			continue
		}
		sm.favStart = sm.scale[0].Favorable
		a, errA := strconv.ParseFloat(sm.scale[0].Value, 64)
		b, errB := strconv.ParseFloat(sm.scale[len(sm.scale)-1].Value, 64)
		if errA == nil && errB == nil && a != b {
			sm.step = (b - a) / float64(len(sm.scale)-1)
		}
		width := float64(len(sm.scale)-1) / 4 // the shapes are for five options
		if m.overall == "" {
			m.overall = it.Name
			sm.loading, sm.mean = 0.9, 1.0*width
		} else {
			s := aspectShape[aspect%len(aspectShape)]
			sm.loading, sm.mean = s.loading, s.mean*width
			aspect++
		}
		m.scales[it.Index] = sm
	}
	return m
}

// shift is the change in favourable positions that a change of delta in
// the question's codes makes: on the school scale, where 1 is best and
// comes first, a delta of -0.3 is 0.3 positions towards the favourable end.
func (sm *scaleModel) shift(delta float64) float64 {
	d := delta / sm.step
	if !sm.favStart {
		d = -d
	}
	return d
}

// draw is the option of a client with latent score c, eta their own
// view of this question, and shift the measures' effect in positions.
func (sm *scaleModel) draw(c, eta, shift float64) *questionnaire.Option {
	x := sm.mean - spread*(sm.loading*c+math.Sqrt(1-sm.loading*sm.loading)*eta) + shift
	pos := int(math.Round(x))
	pos = max(0, min(len(sm.scale)-1, pos))
	if !sm.favStart {
		pos = len(sm.scale) - 1 - pos
	}
	return sm.scale[pos]
}

// expected is the favourable share and mean code that the model gives,
// averaged over interviewers, days and clients, at a workplace lift of
// lift and a shift of shift positions.
func (sm *scaleModel) expected(lift, shift float64) (fav, mean float64) {
	m := sm.mean - spread*sm.loading*lift + shift
	clusters := sdInterviewer*sdInterviewer + sdDay*sdDay
	sd := spread * math.Sqrt(sm.loading*sm.loading*(1+clusters)+1-sm.loading*sm.loading)
	k := len(sm.scale)
	below := 0.0 // P(position ≤ j-1)
	for j := 0; j < k; j++ {
		upto := 1.0
		if j < k-1 {
			upto = normalCDF((float64(j) + 0.5 - m) / sd)
		}
		p := upto - below
		below = upto
		o := sm.scale[j]
		if !sm.favStart {
			o = sm.scale[k-1-j]
		}
		if o.Favorable {
			fav += p
		}
		v, _ := strconv.ParseFloat(o.Value, 64)
		mean += p * v
	}
	return fav, mean
}

func normalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// Effect is a change in grades from a day on, at one workplace or at all:
// what a measure that worked would do.
type Effect struct {
	From      time.Time // midnight of the first day, in the office's zone
	Workplace string    // a code of the workplace question; "" for all
	Delta     float64   // added to every scale question's codes, in expectation
}

// ParseEffect reads DATE:WORKPLACE:DELTA, such as 2026-10-19:2:-0.4
// (grades lower by 0.4 at workplace 2 from 19 October: better on the
// school scale) or 2026-10-19:all:-0.4.
func ParseEffect(s string) (Effect, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return Effect{}, fmt.Errorf("--effect %q: give DATE:WORKPLACE:DELTA, such as 2026-10-19:2:-0.4", s)
	}
	d, err := time.ParseInLocation(time.DateOnly, parts[0], officeZone)
	if err != nil {
		return Effect{}, fmt.Errorf("--effect %q: %q is not a day; write it as 2026-10-19", s, parts[0])
	}
	delta, err := strconv.ParseFloat(parts[2], 64)
	if err != nil || math.IsNaN(delta) || math.IsInf(delta, 0) {
		return Effect{}, fmt.Errorf("--effect %q: %q is not a number of grade points, such as -0.4", s, parts[2])
	}
	w := parts[1]
	if w == "all" {
		w = ""
	}
	return Effect{From: d, Workplace: w, Delta: delta}, nil
}

// check refuses an effect at a workplace the questionnaire does not know.
func (e Effect) check(m *model, q *questionnaire.Questionnaire) error {
	if e.Workplace == "" {
		return nil
	}
	if m.workplace == nil {
		return fmt.Errorf("--effect at workplace %q: %s has no workplace question (a persisted select_one); use all", e.Workplace, q.ID)
	}
	if m.workplace.List.Option(e.Workplace) == nil {
		var codes []string
		for _, o := range m.workplace.List.Options {
			codes = append(codes, o.Value)
		}
		return fmt.Errorf("--effect at workplace %q: not a code of %s; use one of %s, or all", e.Workplace, m.workplace.Name, strings.Join(codes, ", "))
	}
	return nil
}

// Expectation is what the generator's model gives a question at a
// workplace, before an effect and after it, averaged over interviewers,
// days and clients: the truth a report's estimates should cover.
type Expectation struct {
	Question, Workplace           string
	FavBefore, FavAfter           float64
	MeanBefore, MeanAfter         float64
	FavDifference, MeanDifference float64
}

// Expect is the model's truth for question at workplace (a code) under
// effect e.
func Expect(q *questionnaire.Questionnaire, question, workplace string, e Effect) (Expectation, error) {
	m := newModel(q)
	it := q.Item(question)
	if it == nil || m.scales[it.Index] == nil {
		return Expectation{}, fmt.Errorf("%s is not a scale question of %s", question, q.ID)
	}
	sm := m.scales[it.Index]
	lift := 0.0
	if m.workplace != nil && workplace != "" {
		o := m.workplace.List.Option(workplace)
		if o == nil {
			return Expectation{}, fmt.Errorf("%q is not a code of %s", workplace, m.workplace.Name)
		}
		lift = workplaceEffect(optionPos(m.workplace, o))
	}
	x := Expectation{Question: question, Workplace: workplace}
	x.FavBefore, x.MeanBefore = sm.expected(lift, 0)
	x.FavAfter, x.MeanAfter = x.FavBefore, x.MeanBefore
	if e.Workplace == "" || e.Workplace == workplace {
		x.FavAfter, x.MeanAfter = sm.expected(lift, sm.shift(e.Delta))
	}
	x.FavDifference, x.MeanDifference = x.FavAfter-x.FavBefore, x.MeanAfter-x.MeanBefore
	return x, nil
}

// ExpectEffect is the truth of effect e for the questionnaire's first
// scale question at each workplace it affects (at every workplace for
// one of all).
func ExpectEffect(q *questionnaire.Questionnaire, e Effect) []Expectation {
	m := newModel(q)
	if m.overall == "" {
		return nil
	}
	var places []string
	switch {
	case m.workplace == nil:
		places = []string{""}
	case e.Workplace != "":
		places = []string{e.Workplace}
	default:
		for _, o := range m.workplace.List.Options {
			if o.Missing == questionnaire.NotMissing {
				places = append(places, o.Value)
			}
		}
	}
	var out []Expectation
	for _, w := range places {
		if x, err := Expect(q, m.overall, w, e); err == nil {
			if w == "" {
				x.Workplace = "all"
			}
			out = append(out, x)
		}
	}
	return out
}

func optionPos(it *questionnaire.Item, o *questionnaire.Option) int {
	for i, x := range it.List.Options {
		if x == o {
			return i
		}
	}
	return 0
}

// normal draws from a source of its own for one cluster, so that an
// interviewer's or a day's effect does not depend on what was drawn
// before it.
func normal(seed uint64, key uint64) float64 {
	return rand.New(rand.NewPCG(seed, key)).NormFloat64()
}
