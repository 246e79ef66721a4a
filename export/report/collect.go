package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"anketa/export"
	"anketa/questionnaire"
)

// kind is how the report treats a column.
type kind uint8

const (
	kindSkip   kind = iota // notes, calculations: not reported
	kindScale              // select_one whose list has favorable options
	kindSelect             // other select_one
	kindMulti              // select_multiple
	kindNumber             // integer, decimal
	kindText               // free text
	kindWhen               // date, datetime, time: ISO text, ordered as written
)

// colInfo is what the report needs to know of a column, prepared once.
type colInfo struct {
	export.Column
	kind    kind
	index   map[string]int // option code -> position in Options
	codes   []string       // the options' codes, for find
	value   []float64      // option position -> its code as a number, NaN if not one
	fav     []bool
	unfav   []bool
	missing []questionnaire.MissingKind
	numeric bool // every non-missing code is a number: the mean means something
	favLow  bool // the favorable options are at the scale's start (1 and 2 of 1–5)
	// offersDK: an option stands for "don't know"; only these questions
	// count in an interviewer's don't-know share.
	offersDK bool
	lo, hi   float64 // the smallest and largest code of the scale, for a numeric one
}

func prepare(cols []export.Column) []*colInfo {
	out := make([]*colInfo, len(cols))
	for ci, c := range cols {
		info := &colInfo{Column: c, index: map[string]int{}}
		out[ci] = info
		switch c.Item.Type {
		case questionnaire.SelectOne, questionnaire.SelectMultiple:
			info.kind = kindSelect
			if c.Item.Type == questionnaire.SelectMultiple {
				info.kind = kindMulti
			}
		case questionnaire.Integer, questionnaire.Decimal:
			info.kind = kindNumber
			continue
		case questionnaire.TextType:
			info.kind = kindText
			continue
		case questionnaire.DateType, questionnaire.DateTimeType, questionnaire.TimeType:
			info.kind = kindWhen
			continue
		default:
			continue
		}
		info.numeric = true
		var scale []int // positions of the non-missing options
		anyFav := false
		for i, o := range c.Options {
			info.index[o.Value] = i
			info.codes = append(info.codes, o.Value)
			x, err := strconv.ParseFloat(o.Value, 64)
			if err != nil {
				x = math.NaN()
			}
			info.value = append(info.value, x)
			info.fav = append(info.fav, o.Favorable)
			info.missing = append(info.missing, o.Missing)
			info.offersDK = info.offersDK || o.Missing == questionnaire.DontKnow
			if o.Missing == questionnaire.NotMissing {
				scale = append(scale, i)
				if math.IsNaN(x) {
					info.numeric = false
				}
				if len(scale) == 1 || x < info.lo {
					info.lo = x
				}
				if len(scale) == 1 || x > info.hi {
					info.hi = x
				}
			}
			anyFav = anyFav || o.Favorable
		}
		info.unfav = make([]bool, len(c.Options))
		if anyFav && info.kind == kindSelect {
			info.kind = kindScale
			// The unfavorable end mirrors the favorable one: as many
			// options from the other end of the scale (4 and 5 on the
			// school scale, where 1 and 2 are favorable).
			nfav := 0
			for _, i := range scale {
				if info.fav[i] {
					nfav++
				}
			}
			favAtStart := len(scale) > 0 && info.fav[scale[0]]
			info.favLow = favCodesLow(info, scale)
			for k := 0; k < nfav && k < len(scale); k++ {
				i := scale[len(scale)-1-k]
				if !favAtStart {
					i = scale[k]
				}
				if !info.fav[i] {
					info.unfav[i] = true
				}
			}
		}
	}
	return out
}

// colAcc accumulates one column within one group.
// favCodesLow reports whether the favorable options' codes are below the
// others' on average: then a lower mean is better.
func favCodesLow(info *colInfo, scale []int) bool {
	var fav, other moments
	for _, i := range scale {
		if info.fav[i] {
			fav.add(info.value[i])
		} else {
			other.add(info.value[i])
		}
	}
	return fav.n > 0 && other.n > 0 && fav.mean() < other.mean()
}

type colAcc struct {
	asked, skipped int
	missing        [4]int // by questionnaire.MissingKind
	options        []int
	other          int // codes no longer in the list
	answered       int // sessions with a real answer (not skipped, not missing)
	scale          moments
	fav, unfav     int
	nums           []float64
	// texts counts each distinct answer. Counters are pointers so that a
	// count never assigns the map: an assignment would store the key
	// given, which points into the store's memory (see storage.Scan).
	texts map[string]*int
	// whens counts a date, datetime or time question's answers by day (by
	// minute for a time); first and last are the earliest and latest.
	whens       map[string]*int
	first, last string
}

// whenKey is how much of an ISO date, datetime or time the median counts
// by: the day (YYYY-MM-DD), or for a time the minute (HH:MM).
func whenKey(t questionnaire.Type) int {
	if t == questionnaire.TimeType {
		return len("15:04")
	}
	return len(time.DateOnly)
}

// acc accumulates one group: all sessions, one workplace, one month...
type acc struct {
	sessions int
	cols     []colAcc
}

func newAcc(cols []*colInfo) *acc {
	a := &acc{cols: make([]colAcc, len(cols))}
	for i, c := range cols {
		a.cols[i].options = make([]int, len(c.Options))
	}
	return a
}

func (a *acc) merge(o *acc) {
	a.sessions += o.sessions
	for i := range a.cols {
		c, d := &a.cols[i], &o.cols[i]
		c.asked += d.asked
		c.skipped += d.skipped
		c.other += d.other
		c.answered += d.answered
		c.fav += d.fav
		c.unfav += d.unfav
		for k := range c.missing {
			c.missing[k] += d.missing[k]
		}
		for k := range c.options {
			c.options[k] += d.options[k]
		}
		c.scale.merge(d.scale)
		c.nums = append(c.nums, d.nums...)
		c.texts = mergeCounts(c.texts, d.texts)
		c.whens = mergeCounts(c.whens, d.whens)
		if d.first != "" && (c.first == "" || d.first < c.first) {
			c.first = d.first
		}
		c.last = max(c.last, d.last)
	}
}

// interviewerAcc is the fieldwork of one interviewer.
type interviewerAcc struct {
	interviews int
	days       map[string]int
	durations  []float64
	short      int
	dontKnow   int
	answers    int // answers, missing kinds included, to asked questions that offer "don't know"
}

// collector is one goroutine's share of the report.
type collector struct {
	cols      []*colInfo
	opt       *Options
	byCol     int // column of --by, byModeCol, or -1
	all       *acc
	by        map[string]*acc
	period    map[string]*acc
	compare   [2]*acc
	people    map[string]*interviewerAcc
	days      map[string]int
	shorts    []ShortInterview
	drivers   *driverAcc // nil when there is no overall grade and grid
	pos       []int      // the session's option of each select_one, -1 for none
	first     time.Time
	last      time.Time
	threshold float64
	// day and period are the texts of the day (and its period) last
	// seen: sessions come in ID order, which is time order, so each day's
	// are made once.
	day        dayCache
	periodText string
	// clusters are the answers to the scale questions (scaleCols) per
	// cluster, for the design effect; nil for --cluster none.
	clusters  map[clusterKey]*clusterAcc
	scaleCols []int
	// placeCol is the workplace question's column (the first persisted
	// select_one), -1 for none: the measures, the visits and, without
	// --by, the trends go by it.
	placeCol int
	// effects gather each measure's answers by workplace and day.
	effects []*effectAcc
	// trends count the scale answers per period, overall and per group
	// of column trendBy (-1: overall only); nil without --period.
	trendCells *periodCells
	trendBy    int
	// strata count the scale answers per workplace and period of the
	// visits file (stratumText, the current day's), for the weights; nil
	// without one.
	strata      *periodCells
	stratumText string
}

// dayCache names the day of a time, YYYY-MM-DD in loc, and works it out
// again only for a time outside the last one's day: sessions and
// approaches come in time order.
type dayCache struct {
	loc        *time.Location
	day        string
	civil      int   // the day's number, as civilDay counts
	from, till int64 // the day's bounds, Unix milliseconds
}

// of is t's day, and whether it differs from the last time's.
func (d *dayCache) of(t time.Time) (day string, changed bool) {
	ms := t.UnixMilli()
	if d.day != "" && ms >= d.from && ms < d.till {
		return d.day, false
	}
	lt := t.In(d.loc)
	y, m, dd := lt.Date()
	from := time.Date(y, m, dd, 0, 0, 0, 0, d.loc)
	d.day, d.from, d.till = lt.Format(time.DateOnly), from.UnixMilli(), from.AddDate(0, 0, 1).UnixMilli()
	d.civil = civilDay(lt)
	return d.day, true
}

func newCollector(cols []*colInfo, opt *Options, byCol int, threshold float64) *collector {
	c := &collector{cols: cols, opt: opt, byCol: byCol, all: newAcc(cols), by: map[string]*acc{}, period: map[string]*acc{},
		people: map[string]*interviewerAcc{}, days: map[string]int{}, threshold: threshold, drivers: newDriverAcc(cols), pos: make([]int, len(cols)), day: dayCache{loc: opt.Zone.Loc}}
	if !opt.Compare.IsZero() {
		c.compare = [2]*acc{newAcc(cols), newAcc(cols)}
	}
	for ci, info := range cols {
		if info.kind == kindScale {
			c.scaleCols = append(c.scaleCols, ci)
		}
	}
	if opt.Cluster != ClusterNone {
		c.clusters = map[clusterKey]*clusterAcc{}
	}
	c.placeCol = slices.IndexFunc(cols, func(info *colInfo) bool { return info.Name == opt.workplace && opt.workplace != "" })
	places := 0 // the workplace question's options
	if c.placeCol >= 0 {
		places = len(cols[c.placeCol].Options)
	}
	if opt.visits != nil && c.placeCol >= 0 {
		c.strata = newPeriodCells(len(c.scaleCols), places)
	}
	c.trendBy = -1
	if opt.Period != "" {
		c.trendBy = c.placeCol
		if byCol >= 0 {
			c.trendBy = byCol
		}
		options := 0
		if c.trendBy >= 0 {
			options = len(cols[c.trendBy].Options)
		}
		c.trendCells = newPeriodCells(len(c.scaleCols), options)
	}
	if ms := opt.measures; ms != nil {
		for _, m := range ms.List {
			c.effects = append(c.effects, newEffectAcc(m, opt.window(), len(c.scaleCols), places))
		}
	}
	return c
}

// cluster counts a session's scale answers in its cluster.
func (c *collector) cluster(interviewer, day string) {
	key := clusterOf(c.opt.Cluster, interviewer, day)
	ca := c.clusters[key]
	if ca == nil {
		ca = &clusterAcc{stats: make([]scaleCell, len(c.scaleCols))}
		c.clusters[cloneKey(key)] = ca
	}
	ca.sessions++
	c.count(ca.stats)
}

func (c *collector) group(m map[string]*acc, key string) *acc {
	a := m[key]
	if a == nil {
		a = newAcc(c.cols)
		m[strings.Clone(key)] = a // key may point into the store's memory
	}
	return a
}

// visit counts one session.
func (c *collector) visit(x *export.Visit) {
	s := x.Session
	started := s.Started.In(c.opt.Zone.Loc)
	if c.first.IsZero() || started.Before(c.first) {
		c.first = started
	}
	if started.After(c.last) {
		c.last = started
	}
	targets := [4]*acc{c.all}
	n := 1
	switch {
	case c.byCol == byModeCol:
		targets[n] = c.group(c.by, s.Mode.String())
		n++
	case c.byCol >= 0:
		key := NoAnswer
		if v, asked := x.Value(c.byCol); asked && v.Kind == questionnaire.KindCode {
			key = v.Text
		}
		targets[n] = c.group(c.by, key)
		n++
	}
	period := ""
	if c.opt.Period != "" {
		_, period = c.dayKeys(started)
		targets[n] = c.group(c.period, period)
		n++
	}
	if c.compare[0] != nil {
		side := 0
		if !s.Started.Before(c.opt.Compare) {
			side = 1
		}
		targets[n] = c.compare[side]
		n++
	}
	for _, a := range targets[:n] {
		a.sessions++
	}
	p := c.people[s.Interviewer]
	if p == nil {
		p = &interviewerAcc{days: map[string]int{}}
		c.people[strings.Clone(s.Interviewer)] = p
	}
	day, _ := c.dayKeys(started)
	p.interviews++
	p.days[day]++
	c.days[day]++
	if !s.Finished.IsZero() {
		d := s.Finished.Sub(s.Started).Seconds()
		p.durations = append(p.durations, d)
		if d < c.threshold {
			p.short++
			c.shorts = append(c.shorts, ShortInterview{ID: s.ID.String(), Interviewer: strings.Clone(s.Interviewer), Started: s.Started.In(c.opt.Zone.Loc), Seconds: d})
		}
	}
	for ci, info := range c.cols {
		c.pos[ci] = -1
		if info.kind == kindSkip {
			continue
		}
		v, asked := x.Value(ci)
		if !asked {
			continue
		}
		// A select_one's option is looked up once, for every group the
		// session counts in, the don't-know share and the drivers.
		pos := -1
		if (info.kind == kindScale || info.kind == kindSelect) && v.Kind == questionnaire.KindCode {
			pos = info.find(v.Text)
		}
		c.pos[ci] = pos
		if info.offersDK && v.Kind != questionnaire.Empty {
			p.answers++
			if v.Kind == questionnaire.KindMissing && v.Missing == questionnaire.DontKnow || pos >= 0 && info.missing[pos] == questionnaire.DontKnow {
				p.dontKnow++
			}
		}
		for _, a := range targets[:n] {
			a.cols[ci].add(info, v, pos)
		}
	}
	if c.clusters != nil {
		c.cluster(s.Interviewer, day)
	}
	// The session's workplace, looked up once for the trends, the strata
	// and the measures.
	pos, code := c.placeOf(x, c.placeCol)
	if c.trendCells != nil {
		pc := c.trendCells.at(period)
		c.count(pc.overall())
		switch c.trendBy {
		case -1:
		case c.placeCol:
			c.count(pc.of(pos, code))
		default:
			c.count(pc.of(c.placeOf(x, c.trendBy)))
		}
	}
	if c.strata != nil && (pos >= 0 || code != "") {
		c.count(c.strata.at(c.stratumText).of(pos, code))
	}
	for _, e := range c.effects {
		e.add(c, c.day.civil, pos, code)
	}
	if d := c.drivers; d != nil {
		if r := c.cols[d.overall].grade(c.pos[d.overall]); r >= 0 {
			for k, ci := range d.aspects {
				if a := c.cols[ci].grade(c.pos[ci]); a >= 0 {
					d.tables[k].n[r*d.tables[k].cols+a]++
				}
			}
		}
	}
}

// mergeCounts adds the counts of from to into, made if need be.
func mergeCounts(into, from map[string]*int) map[string]*int {
	for s, n := range from {
		if into == nil {
			into = map[string]*int{}
		}
		if m, ok := into[s]; ok {
			*m += *n
		} else {
			into[s] = n
		}
	}
	return into
}

// find is the position of the option with code, or -1. A short list is
// searched in order, which beats hashing the code: the school scale's
// codes are one byte each.
func (info *colInfo) find(code string) int {
	if len(info.codes) > 12 {
		if i, ok := info.index[code]; ok {
			return i
		}
		return -1
	}
	for i, c := range info.codes {
		if c == code {
			return i
		}
	}
	return -1
}

func (info *colInfo) isMissingCode(code string) bool {
	i, ok := info.index[code]
	return ok && info.missing[i] != questionnaire.NotMissing
}

// add counts one asked question's value; pos is a select_one answer's
// option, -1 when the code is not in the list.
func (ca *colAcc) add(info *colInfo, v *questionnaire.Value, pos int) {
	ca.asked++
	switch v.Kind {
	case questionnaire.Empty:
		ca.skipped++
		return
	case questionnaire.KindMissing:
		ca.missing[v.Missing]++
		return
	}
	switch info.kind {
	case kindScale, kindSelect:
		i := pos
		if i < 0 {
			ca.other++
			return
		}
		if m := info.missing[i]; m != questionnaire.NotMissing {
			ca.missing[m]++
			return
		}
		ca.options[i]++
		ca.answered++
		if info.numeric {
			ca.scale.add(info.value[i])
		}
		if info.fav[i] {
			ca.fav++
		}
		if info.unfav[i] {
			ca.unfav++
		}
	case kindMulti:
		if len(v.Codes) == 1 && info.isMissingCode(v.Codes[0]) {
			ca.missing[info.missing[info.index[v.Codes[0]]]]++
			return
		}
		ca.answered++
		for _, code := range v.Codes {
			if i, ok := info.index[code]; ok {
				ca.options[i]++
			} else {
				ca.other++
			}
		}
	case kindNumber:
		ca.answered++
		if v.Kind == questionnaire.KindInteger {
			ca.nums = append(ca.nums, float64(v.Int))
		} else {
			ca.nums = append(ca.nums, v.Dec)
		}
	case kindWhen:
		if v.Text == "" {
			ca.skipped++
			return
		}
		ca.answered++
		if ca.first == "" || v.Text < ca.first {
			ca.first = strings.Clone(v.Text)
		}
		if v.Text > ca.last {
			ca.last = strings.Clone(v.Text)
		}
		// Counted by day (by minute for a time), so that the median needs
		// no list of every answer.
		key := v.Text[:min(len(v.Text), whenKey(info.Item.Type))]
		if n, ok := ca.whens[key]; ok {
			*n++
			return
		}
		if ca.whens == nil {
			ca.whens = map[string]*int{}
		}
		n := 1
		ca.whens[strings.Clone(key)] = &n
	case kindText:
		t := strings.TrimSpace(v.Text)
		if t == "" {
			ca.skipped++
			return
		}
		ca.answered++
		if n, ok := ca.texts[t]; ok {
			*n++
			return
		}
		if ca.texts == nil {
			ca.texts = map[string]*int{}
		}
		one := 1
		ca.texts[strings.Clone(t)] = &one
	}
}

// dayKeys returns the day of t as 2026-11-24 and its period (week,
// month or quarter) as periodKey writes it; on a new day it works out
// the visits file's period too.
func (c *collector) dayKeys(t time.Time) (day, period string) {
	day, changed := c.day.of(t)
	if changed {
		lt := t.In(c.day.loc)
		if c.opt.Period != "" {
			c.periodText = periodKey(lt, c.opt.Period)
		}
		if v := c.opt.visits; v != nil {
			c.stratumText = periodKey(lt, v.Period)
		}
	}
	return day, c.periodText
}

// NoAnswer is the key of the group of sessions without an answer to
// --by. An option's code never has parentheses.
const NoAnswer = "(none)"

// periodKey names the week (ISO 8601, 2026-W47), month (2026-11) or
// quarter (2026-Q4) of t.
func periodKey(t time.Time, period string) string {
	switch period {
	case "week":
		y, w := t.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	case "quarter":
		return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
	}
	return t.Format("2006-01")
}

// mergeCollectors adds the other goroutines' counts into the first.
func mergeCollectors(cs []*collector) *collector {
	c := cs[0]
	for _, o := range cs[1:] {
		c.all.merge(o.all)
		for k, a := range o.by {
			c.group(c.by, k).merge(a)
		}
		for k, a := range o.period {
			c.group(c.period, k).merge(a)
		}
		if c.compare[0] != nil {
			c.compare[0].merge(o.compare[0])
			c.compare[1].merge(o.compare[1])
		}
		for code, p := range o.people {
			q := c.people[code]
			if q == nil {
				c.people[code] = p
				continue
			}
			q.interviews += p.interviews
			q.durations = append(q.durations, p.durations...)
			q.short += p.short
			q.dontKnow += p.dontKnow
			q.answers += p.answers
			for d, n := range p.days {
				q.days[d] += n
			}
		}
		for d, n := range o.days {
			c.days[d] += n
		}
		c.shorts = append(c.shorts, o.shorts...)
		if c.trendCells != nil {
			c.trendCells.merge(o.trendCells)
		}
		if c.strata != nil {
			c.strata.merge(o.strata)
		}
		for i, e := range o.effects {
			c.effects[i].merge(e)
		}
		for k, ca := range o.clusters {
			if mine := c.clusters[k]; mine != nil {
				mine.merge(ca)
			} else {
				c.clusters[k] = ca
			}
		}
		if c.drivers != nil {
			c.drivers.merge(o.drivers)
		}
		if !o.first.IsZero() && (c.first.IsZero() || o.first.Before(c.first)) {
			c.first = o.first
		}
		if o.last.After(c.last) {
			c.last = o.last
		}
	}
	return c
}
