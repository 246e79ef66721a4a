package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"anketa/questionnaire"
)

// Visits are a queue system's counts of clients per workplace and
// period, the population the interviews are weighted to (visits.csv):
//
//	workplace,period,visits
//	1,2026-10,1520
//	2,2026-10,980
//
// The periods are weeks (2026-W43), months (2026-10) or quarters
// (2026-Q4), one form in a file; the workplaces are codes of the
// workplace question.
type Visits struct {
	File      string
	Period    string // week, month or quarter
	Workplace string // the workplace question
	Counts    map[trendKey]int
	lines     map[trendKey]int // where each count was given
}

// The weights-partial rules: what the weighted figures do with the
// interviews of a workplace and period the visits file does not count.
const (
	PartialRefuse    = ""           // refuse the file: the default
	PartialDrop      = "drop"       // leave them out of the weighted figures
	PartialAsSampled = "as-sampled" // weigh each of them 1, as sampled
)

// ParseWeightsPartial checks a --weights-partial value.
func ParseWeightsPartial(s string) (string, error) {
	switch s {
	case "", PartialDrop, PartialAsSampled:
		return s, nil
	}
	return "", fmt.Errorf("--weights-partial is %s or %s, not %q", PartialDrop, PartialAsSampled, s)
}

var periodForms = []struct {
	name string
	re   *regexp.Regexp
}{
	{"week", regexp.MustCompile(`^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$`)},
	{"month", regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)},
	{"quarter", regexp.MustCompile(`^\d{4}-Q[1-4]$`)},
}

// MaxVisitRows bounds a visits file: 250 workplaces by ten years of weeks
// is 130,000.
const MaxVisitRows = 200_000

// ParseVisits reads a visits file and checks it against q: a header of
// workplace, period, visits; workplaces that are codes of q's workplace
// question; periods all of one form; counts that are whole and not
// negative; no workplace and period twice. Each problem names the file
// and the line and says what to do.
func ParseVisits(file string, src []byte, q *questionnaire.Questionnaire) (*Visits, error) {
	var errs questionnaire.ErrorList
	add := func(line int, format string, args ...any) {
		errs = append(errs, &questionnaire.Error{Pos: questionnaire.Pos{File: file, Line: line}, Msg: fmt.Sprintf(format, args...)})
	}
	v := &Visits{File: file, Workplace: questionnaire.WorkplaceQuestion(q), Counts: map[trendKey]int{}, lines: map[trendKey]int{}}
	if v.Workplace == "" {
		add(1, "%s has no workplace question (a select_one with persist: true), so there is nothing to weight by", q.ID)
		return nil, errs
	}
	var codes []string
	for _, o := range q.Item(v.Workplace).List.Options {
		codes = append(codes, o.Value)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	header := true
	for rows := 0; ; rows++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 1
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			add(line, "not CSV: %v; save the file as comma-separated values", errors.Unwrap(err))
			break
		}
		line, _ := r.FieldPos(0)
		if rows > MaxVisitRows {
			add(line, "more than %d rows; give one row per workplace and period", MaxVisitRows)
			break
		}
		if header {
			header = false
			got := make([]string, len(rec))
			for i, f := range rec {
				got[i] = strings.ToLower(strings.TrimSpace(f))
			}
			if strings.Join(got, ",") != "workplace,period,visits" {
				add(line, "the first line is %q; it must be the header workplace,period,visits", strings.Join(rec, ","))
				break
			}
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != 3 {
			add(line, "%d fields; give workplace,period,visits", len(rec))
			continue
		}
		w, p, n := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1]), strings.TrimSpace(rec[2])
		if !slices.Contains(codes, w) {
			add(line, "workplace %q is not a code of %s; use one of %s", w, v.Workplace, strings.Join(codes, ", "))
			continue
		}
		form := ""
		for _, f := range periodForms {
			if f.re.MatchString(p) {
				form = f.name
			}
		}
		switch {
		case form == "":
			add(line, "period %q is not a week (2026-W43), a month (2026-10) or a quarter (2026-Q4)", p)
			continue
		case v.Period == "":
			v.Period = form
		case form != v.Period:
			add(line, "period %q is a %s, but the file counts by %s from its first row; use one form throughout", p, form, v.Period)
			continue
		}
		count, err := strconv.ParseInt(n, 10, 64)
		switch {
		case err == nil && count < 0, err != nil && strings.HasPrefix(n, "-") && strings.Trim(n[1:], "0123456789") == "":
			add(line, "visits %s is negative; give the number of clients who came", n)
			continue
		case err != nil || count > math.MaxInt32:
			add(line, "visits %q is not a whole number of clients", n)
			continue
		}
		key := trendKey{w, p}
		if first, dup := v.lines[key]; dup {
			add(line, "workplace %s in %s is counted twice (first at line %d)", w, p, first)
			continue
		}
		v.Counts[key] = int(count)
		v.lines[key] = line
	}
	switch {
	case len(errs) > 0:
	case header:
		add(1, "the file is empty; give the header workplace,period,visits and a row per workplace and period")
	case len(v.Counts) == 0:
		add(1, "no counts; give a row per workplace and period")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return v, nil
}

// Weighted is the figures weighted to the visits: post-stratified by
// workplace and period, each interview weighing wₕ = Nₕ/nₕ in its
// stratum h.
type Weighted struct {
	File   string `json:"file"`
	Period string `json:"period"`
	// Partial is how interviews of strata the file does not count were
	// treated: "", drop or as-sampled.
	Partial string `json:"partial,omitempty"`
	// Uncounted are the strata with interviews but no count;
	// Unrepresented the counted strata without interviews, whose clients
	// the weighted figures cannot speak for.
	Uncounted     []string            `json:"uncounted"`
	Unrepresented []string            `json:"unrepresented"`
	Questions     []*WeightedQuestion `json:"questions"`
}

// WeightedQuestion is one scale question's weighted figures: the share
// Σ Nₕpₕ / Σ Nₕ with the stratified variance Σ (Nₕ/N)² pₕ(1−pₕ)/nₕ
// (times the design effect of clustering), the mean likewise, and the
// Kish design effect of the weights n·Σw²/(Σw)².
type WeightedQuestion struct {
	Name       string    `json:"name"`
	Label      string    `json:"label"`
	FavLabel   string    `json:"favorable_label"`
	N          int       `json:"n"`
	Favorable  *Interval `json:"favorable"`
	Unweighted *Interval `json:"favorable_unweighted"`
	Mean       *Interval `json:"mean,omitempty"`
	KishDeff   float64   `json:"kish_design_effect"`
}

// stratum is one workplace and period's clients (big, Nₕ) and answers.
type stratum struct {
	big float64
	c   scaleCell
}

// poststratify is the weighted share and mean of the strata with their
// variances, and Kish's design effect of the weights; n is the answers.
func poststratify(hs []stratum) (n int, p, vp, m, vm, kish float64, meanOK bool) {
	var total, sumW2 float64
	for _, h := range hs {
		total += h.big
		sumW2 += h.big * h.big / float64(h.c.n)
		n += h.c.n
	}
	if n == 0 || total == 0 {
		return n, math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), false
	}
	meanOK = true
	for _, h := range hs {
		share := h.big / total
		ph := float64(h.c.fav) / float64(h.c.n)
		p += share * ph
		vp += share * share * ph * (1 - ph) / float64(h.c.n)
		if h.c.m.n < 2 {
			meanOK = false
			continue
		}
		m += share * h.c.m.mean()
		vm += share * share * h.c.m.variance() / float64(h.c.m.n)
	}
	return n, p, vp, m, vm, float64(n) * sumW2 / (total * total), meanOK
}

// weighted works out the weighted figures from the strata's cells.
func weighted(v *Visits, partial string, strata map[trendKey][]scaleCell, scaleCols []int, cols []*colInfo, ds []colDesign, overall *Group, lang, def string) *Weighted {
	w := &Weighted{File: v.File, Period: v.Period, Partial: partial, Uncounted: []string{}, Unrepresented: []string{}, Questions: []*WeightedQuestion{}}
	for _, k := range sortedKeys(strata) {
		if _, ok := v.Counts[k]; !ok {
			w.Uncounted = append(w.Uncounted, k.group+" "+k.period)
		}
	}
	for _, k := range sortedKeys(v.Counts) {
		if _, ok := strata[k]; !ok && v.Counts[k] > 0 {
			w.Unrepresented = append(w.Unrepresented, k.group+" "+k.period)
		}
	}
	for j, ci := range scaleCols {
		info := cols[ci]
		wq := &WeightedQuestion{Name: info.Name, Label: info.label(lang, def), FavLabel: info.favLabel(lang, def)}
		if g := questionOf(overall, info.Name); g != nil {
			wq.Unweighted = g.Favorable
		}
		var hs []stratum
		for _, k := range sortedKeys(strata) { // in order: the sums come out the same every time
			c := strata[k][j]
			big, ok := v.Counts[k]
			switch {
			case c.n == 0:
				continue
			case !ok && partial == PartialAsSampled:
				big = c.n
			case !ok: // dropped
				continue
			}
			if big > 0 {
				hs = append(hs, stratum{float64(big), c})
			}
		}
		n, p, vp, m, vm, kish, meanOK := poststratify(hs)
		wq.N, wq.KishDeff = n, kish
		if n >= Suppress {
			wq.Favorable = boundedInterval(p, vp*ds[ci].share, 0, 1)
			if meanOK && info.numeric {
				wq.Mean = boundedInterval(m, vm*ds[ci].mean, info.lo, info.hi)
			}
		}
		w.Questions = append(w.Questions, wq)
	}
	return w
}

// boundedInterval is est ± 1.96·√v, cut to [lo, hi] and said so.
func boundedInterval(est, v, lo, hi float64) *Interval {
	iv, _ := normalInterval(est, v)
	return iv.within(lo, hi)
}

func sortedKeys[V any](m map[trendKey]V) []trendKey {
	keys := make([]trendKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b trendKey) int { return strings.Compare(a.group+"\x00"+a.period, b.group+"\x00"+b.period) })
	return keys
}

// checkCoverage refuses a visits file with a period outside the data
// (naming its line), and one that leaves out strata the data have unless
// partial says what to do with them.
func (v *Visits) checkCoverage(strata map[trendKey][]scaleCell, partial string) error {
	periods := map[string]bool{}
	for k := range strata {
		periods[k.period] = true
	}
	var errs questionnaire.ErrorList
	ps := slices.Sorted(maps.Keys(periods))
	for _, k := range sortedKeys(v.Counts) {
		if !periods[k.period] {
			msg := fmt.Sprintf("period %s is outside the data, which have no interviews; count only the %ss with interviews", k.period, v.Period)
			if len(ps) > 0 {
				msg = fmt.Sprintf("period %s is outside the data (%s to %s); count only the %ss with interviews", k.period, ps[0], ps[len(ps)-1], v.Period)
			}
			errs = append(errs, &questionnaire.Error{Pos: questionnaire.Pos{File: v.File, Line: v.lines[k]}, Msg: msg})
		}
	}
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b *questionnaire.Error) int { return a.Pos.Line - b.Pos.Line })
		return errs
	}
	var missing []string
	for _, k := range sortedKeys(strata) {
		if _, ok := v.Counts[k]; !ok {
			missing = append(missing, k.group+" in "+k.period)
		}
	}
	if len(missing) > 0 && partial == PartialRefuse {
		shown := missing[:min(len(missing), 8)]
		more := ""
		if len(missing) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(missing)-len(shown))
		}
		return fmt.Errorf("%s does not count the clients of workplace %s%s, where there are interviews; add them, or say with --weights-partial drop (leave their interviews out of the weighted figures) or --weights-partial as-sampled (weigh each of them 1)", v.File, strings.Join(shown, ", "), more)
	}
	return nil
}

// weightedNotes say what happened to the strata the file and the data
// do not share.
func (t tr) weightedNotes(w *Weighted) []string {
	var out []string
	if len(w.Uncounted) > 0 {
		out = append(out, t.f("w_uncounted", strings.Join(w.Uncounted, ", "), t.s("w_"+w.Partial)))
	}
	if len(w.Unrepresented) > 0 {
		out = append(out, t.f("w_unrepresented", strings.Join(w.Unrepresented, ", ")))
	}
	return out
}

func (t tr) weightedHow(w *Weighted) string { return t.f("weightedhow", t.s(w.Period), w.File) }
