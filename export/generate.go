package export

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"anketa/questionnaire"
	"anketa/storage"
)

// GenerateOptions configure synthetic stores.
type GenerateOptions struct {
	Questionnaire *questionnaire.Questionnaire
	Sessions      int // in all stores together
	Stores        int
	Seed          uint64
	Dir           string
	// Effects shift grades from a day on, as measures that worked would.
	Effects []Effect
	// Paradata writes each session's events (started, shown, answered,
	// completed), as the app writes them; benchmarks may leave them out.
	Paradata bool
	// Progress, if set, receives the number of sessions written so far.
	Progress Progress
}

// Generate writes synthetic stores for rehearsals, demos and benchmarks:
// answers follow the flow engine (relevance, options, constraints), most
// sessions are completed, some are in progress or abandoned, and a few
// are copied into a second store, as a coordinator who copies a store
// twice would have them. Each store is a laptop at one workplace,
// interviewing in the office's hours on working days from 21 September
// to 20 November 2026, one interviewer a day (two on the long days). The
// scale questions follow one latent satisfaction with interviewer and
// day effects (see model). Sessions are written in bulk, a sync per batch.
func Generate(opt GenerateOptions) ([]string, error) {
	if opt.Stores < 1 {
		opt.Stores = 1
	}
	q := opt.Questionnaire
	m := newModel(q)
	for _, e := range opt.Effects {
		if err := e.check(m, q); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
		return nil, err
	}
	cal := officeCalendar(time.Date(2026, 9, 21, 0, 0, 0, 0, officeZone), time.Date(2026, 11, 20, 0, 0, 0, 0, officeZone))
	var paths []string
	var stores []*storage.Store
	for k := 0; k < opt.Stores; k++ {
		p := filepath.Join(opt.Dir, fmt.Sprintf("laptop-%02d.db", k+1))
		if _, err := os.Stat(p); err == nil {
			return nil, fmt.Errorf("%s already exists; generate into an empty folder", p)
		}
		s, err := storage.Open(p)
		if err != nil {
			return nil, err
		}
		// The lock file guards a store an app has open; no app will have
		// these until they are copied to a laptop, so none is left behind.
		defer os.Remove(p + ".lock")
		defer s.Close()
		paths = append(paths, p)
		stores = append(stores, s)
	}
	// Stores are generated side by side, each from its own seeded source,
	// so that a seed gives the same data however the work is scheduled.
	var written atomic.Int64
	dups := make([]copies, len(stores))
	errs := make([]error, len(stores))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for k, s := range stores {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			n := opt.Sessions / opt.Stores
			if k < opt.Sessions%opt.Stores {
				n++
			}
			g := &generator{q: q, m: m, r: rand.New(rand.NewPCG(opt.Seed, uint64(k))), seed: opt.Seed, effects: opt.Effects, paradata: opt.Paradata}
			dups[k], errs[k] = g.store(s, k, n, cal, len(stores) > 1, func(n int) {
				if t := written.Add(int64(n)); opt.Progress != nil {
					opt.Progress.Sessions(int(t))
				}
			})
		}()
	}
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			return paths, fmt.Errorf("%s: %w", paths[k], err)
		}
	}
	// A few sessions copied into the next store, as a coordinator who
	// copies a store twice would have them.
	for k, d := range dups {
		if len(d.sessions) > 0 {
			if err := stores[(k+1)%len(stores)].WriteSessionsWithEvents(q, d.sessions, d.events); err != nil {
				return paths, err
			}
		}
	}
	return paths, nil
}

// copies are sessions to copy into another store, with their paradata
// (nil without).
type copies struct {
	sessions []*storage.Session
	events   [][]storage.Event
}

// store fills one store with n sessions and returns the ones to copy
// into another store.
func (g *generator) store(s *storage.Store, k, n int, cal *calendar, copy bool, done func(int)) (copies, error) {
	r := g.r
	// Each laptop stands at one workplace, the k-th, with two interviewers.
	persist := g.persistAnswers(k)
	g.lift = 0
	if w := g.m.workplace; w != nil {
		if v, ok := persist[w.Name]; ok {
			g.workplace = v.Text
			g.lift = workplaceEffect(optionPos(w, w.List.Option(v.Text)))
		}
	}
	interviewers := [2]string{fmt.Sprintf("T%02d", 2*k+1), fmt.Sprintf("T%02d", 2*k+2)}
	var effects [2]float64
	for who := range effects {
		effects[who] = sdInterviewer * normal(g.seed, 1<<40|uint64(k)<<1|uint64(who))
	}
	const batch = 20_000
	var pending []*storage.Session
	var dups copies
	var events [][]storage.Event
	var contacts []*storage.Contact
	f := g.fieldwork(k, persist)
	f.gap = cal.total / time.Duration(2*max(1, n)) // the approaches before an interview keep to its half of the time since the last
	hint, lastDay, lastWho := 0, -1, -1
	for i := 0; i < n; i++ {
		t, day := cal.at(time.Duration(float64(cal.total)*(float64(i)+r.Float64())/float64(n)), &hint)
		// One interviewer a day, chosen by the day; on a long day the
		// other takes the afternoon.
		who := int(uint64(day.day)*2654435761>>7+uint64(k)) % 2
		if day.long && t.Sub(day.from) >= day.dur/2 {
			who = 1 - who
		}
		if day.day != lastDay || who != lastWho {
			g.cluster = effects[who] + sdDay*normal(g.seed, 1<<41|uint64(k)<<20|uint64(day.day)<<1|uint64(who))
			lastDay, lastWho = day.day, who
		}
		sess, evs := g.session(t, interviewers[who], persist)
		pending = append(pending, sess)
		if g.paradata {
			events = append(events, evs)
		}
		contacts = f.approaches(contacts, sess)
		if copy && r.IntN(200) == 0 {
			dups.sessions = append(dups.sessions, sess)
			if g.paradata {
				dups.events = append(dups.events, evs)
			}
		}
		if len(pending) == batch || i == n-1 {
			if err := s.WriteSessionsWithEvents(g.q, pending, events); err != nil {
				return copies{}, err
			}
			events = events[:0]
			if err := s.WriteContacts(g.q, contacts, f.counts); err != nil {
				return copies{}, err
			}
			done(len(pending))
			pending, contacts = pending[:0], contacts[:0]
		}
	}
	return dups, nil
}

// fieldworkGen makes a laptop's approach log: before each interview, the
// clients approached who were not interviewed. Refusals run at 30–40% of
// approaches, by workplace, more at midday; some clients are not
// eligible, gone, or share no language. Every other laptop samples every
// 3rd client, with the day's count.
type fieldworkGen struct {
	// g is a generator of its own random stream, so that the sessions
	// are the same with or without the approaches drawn between them.
	g       *generator
	place   []storage.Answer
	refusal float64
	every   int
	counts  map[string]int
	gap     time.Duration
}

func (g *generator) fieldwork(k int, persist questionnaire.Answers) *fieldworkGen {
	own := &generator{q: g.q, r: rand.New(rand.NewPCG(g.seed, uint64(k)|1<<32))}
	f := &fieldworkGen{g: own, refusal: 0.30 + 0.05*float64(k%3), counts: map[string]int{}}
	if k%2 == 0 {
		f.every = 3
	}
	for _, it := range g.q.Items {
		if v, ok := persist[it.Name]; ok && it.Persist {
			f.place = append(f.place, storage.Answer{Name: it.Name, Value: v})
		}
	}
	return f
}

// approaches adds the approaches that led to sess: others first, in the
// moments before it, then its own.
func (f *fieldworkGen) approaches(out []*storage.Contact, sess *storage.Session) []*storage.Contact {
	r := f.g.r
	p := f.refusal
	if h := sess.Started.In(time.Local).Hour(); h >= 11 && h < 14 {
		p += 0.08 // the lunchtime queue
	}
	add := func(t time.Time, o storage.Outcome) *storage.Contact {
		c := &storage.Contact{ID: f.g.id(t), Time: t.Truncate(time.Millisecond), Interviewer: sess.Interviewer, Outcome: o, Every: f.every, Place: f.place}
		if f.every > 0 {
			day := t.In(time.Local).Format(time.DateOnly)
			f.counts[day] += f.every
			c.Count = f.counts[day]
		}
		out = append(out, c)
		return c
	}
	var before []storage.Outcome
	for len(before) < 20 {
		x := r.Float64()
		switch {
		case x < p:
			before = append(before, storage.Refused)
		case x < p+0.05:
			before = append(before, storage.NotEligible)
		case x < p+0.10:
			before = append(before, storage.NoContact)
		case x < p+0.12:
			before = append(before, storage.LanguageBarrier)
		default:
			goto interviewed
		}
	}
interviewed:
	// Not before the office opens.
	y, m, d := sess.Started.In(officeZone).Date()
	open := time.Date(y, m, d, 0, officeHours[time.Monday][0], 0, 0, officeZone)
	for i, o := range before {
		t := sess.Started.Add(-f.gap * time.Duration(len(before)-i) / time.Duration(len(before)+1))
		if t.Before(open) {
			t = open
		}
		add(t, o)
	}
	c := add(sess.Started, storage.Interviewed)
	c.Session = sess.ID
	return out
}

type generator struct {
	q        *questionnaire.Questionnaire
	m        *model
	r        *rand.Rand
	seed     uint64
	effects  []Effect
	paradata bool
	// The laptop's workplace (its code, and its lift of the latent
	// score) and the effect of the interviewer-day being generated.
	workplace string
	lift      float64
	cluster   float64
}

var suggestions = []string{
	"delší otevírací doba ve čtvrtek", "více přepážek v poledne", "objednávání přes internet",
	"srozumitelnější formuláře", "lepší značení v budově", "parkování pro klienty",
	"méně čekání", "možnost platit kartou", "vstřícnější jednání", "= nic",
}

// shortTexts answer any other free-text question.
var shortTexts = []string{"ano", "nevím přesně", "viz poznámka", "bez poznámky"}

// specified are the answers to an "other, please specify" question.
var specified = []string{"změna adresy", "ověření podpisu", "vyzvednutí dokladu", "informace o dávkách", "doprovod rodiče", "reklamace"}

// persistAnswers are a laptop's answers kept from one interview to the
// next: the k-th laptop stands at the k-th workplace.
func (g *generator) persistAnswers(k int) questionnaire.Answers {
	out := questionnaire.Answers{}
	st := g.q.Evaluate(questionnaire.Answers{}, time.Now())
	for _, it := range g.q.Items {
		if !it.Persist {
			continue
		}
		if w := g.m.workplace; w == it {
			var places []*questionnaire.Option
			for _, o := range st.Options(it.Index) {
				if o.Missing == questionnaire.NotMissing {
					places = append(places, o)
				}
			}
			if len(places) > 0 {
				out[it.Name] = questionnaire.CodeValue(places[k%len(places)].Value)
				continue
			}
		}
		if v := g.answer(st, it); !v.IsEmpty() {
			out[it.Name] = v
		}
	}
	return out
}

// session walks the questionnaire as an interviewer would, answering
// every visible question plausibly, and returns the session with its
// paradata: started, each step shown and its answers given, and how it
// ended.
func (g *generator) session(t time.Time, interviewer string, persist questionnaire.Answers) (*storage.Session, []storage.Event) {
	r := g.r
	sess := &storage.Session{
		ID: g.id(t), QuestionnaireID: g.q.ID, QuestionnaireHash: g.q.Hash, Status: storage.Completed,
		Started: t.Truncate(time.Millisecond), Interviewer: interviewer, Language: g.q.DefaultLanguage(),
	}
	if len(g.q.Languages) > 1 && r.IntN(20) == 0 {
		sess.Language = g.q.Languages[1]
	}
	stopAt := -1
	switch x := r.IntN(100); {
	case x < 4:
		sess.Status = storage.InProgress
	case x < 6:
		sess.Status, sess.Reason = storage.Abandoned, storage.ReasonClientLeft
	}
	if sess.Status != storage.Completed {
		stopAt = r.IntN(len(g.q.Steps()) + 1)
	}
	// An interview takes one and a half to five and a half minutes; one in
	// a hundred is implausibly quick, for the report's fieldwork check.
	d := time.Duration(90+r.IntN(240)) * time.Second
	if r.IntN(100) == 0 {
		d = time.Duration(10+r.IntN(18)) * time.Second
	}
	// The client's satisfaction, and what the measures in effect add.
	latent := g.lift + g.cluster + r.NormFloat64()
	delta := 0.0
	for _, e := range g.effects {
		if !t.Before(e.From) && (e.Workplace == "" || e.Workplace == g.workplace) {
			delta += e.Delta
		}
	}
	var events []storage.Event
	if g.paradata {
		events = append(events, storage.Event{Time: sess.Started, Kind: storage.EventStarted})
	}
	per := d / time.Duration(len(g.q.Steps())+1)
	at := sess.Started
	st := g.q.Evaluate(questionnaire.Answers{}, t)
	steps := 0
	for pos := st.Next(-1); pos >= 0; pos = st.Next(pos) {
		if g.paradata {
			events = append(events, storage.Event{Time: at, Kind: storage.EventShown, Item: g.q.Items[pos].Name})
		}
		if steps == stopAt {
			sess.Position = g.q.Items[pos].Name // shown, not answered
			break
		}
		steps++
		at = at.Add(per)
		for _, x := range st.Asks(pos) {
			v, ok := persist[x.Name]
			if !ok || r.IntN(50) == 0 {
				v = g.scaleAnswer(st, x, latent, delta)
			}
			if !v.IsEmpty() {
				st.Set(x.Index, v)
				sess.Answers = append(sess.Answers, storage.Answer{Name: x.Name, Value: v})
				if g.paradata {
					events = append(events, storage.Event{Time: at.Add(-per / 3), Kind: storage.EventAnswered, Item: x.Name, New: v})
				}
			}
		}
	}
	sess.Updated = sess.Started.Add(d)
	if sess.Status != storage.InProgress {
		sess.Finished = sess.Updated
		if g.paradata {
			ev := storage.Event{Time: sess.Finished, Kind: storage.EventCompleted}
			if sess.Status == storage.Abandoned {
				ev.Kind, ev.Text = storage.EventAbandoned, string(sess.Reason)
			}
			events = append(events, ev)
		}
	}
	return sess, events
}

// scaleAnswer answers a scale question from the client's latent score,
// now and then with "don't know" where it is offered, and any other
// question as answer does.
func (g *generator) scaleAnswer(st *questionnaire.State, it *questionnaire.Item, latent, delta float64) questionnaire.Value {
	sm := g.m.scales[it.Index]
	if sm == nil {
		return g.answer(st, it)
	}
	opts := st.Options(it.Index)
	var missing []*questionnaire.Option
	for _, o := range opts {
		if o.Missing != questionnaire.NotMissing {
			missing = append(missing, o)
		}
	}
	if len(missing) > 0 && g.r.IntN(25) == 0 {
		return questionnaire.CodeValue(missing[g.r.IntN(len(missing))].Value)
	}
	o := sm.draw(latent, g.r.NormFloat64(), sm.shift(delta))
	v := questionnaire.CodeValue(o.Value)
	if !slices.Contains(opts, o) || st.Check(it.Index, v, "") != "" {
		return g.answer(st, it) // a choice filter or constraint rules it out
	}
	return v
}

// id makes a UUIDv7 for time t from the seeded source, so a seed gives
// the same data every time.
func (g *generator) id(t time.Time) storage.ID {
	var id storage.ID
	ms := uint64(t.UnixMilli())
	binary.BigEndian.PutUint64(id[8:], g.r.Uint64())
	binary.BigEndian.PutUint16(id[0:], uint16(ms>>32))
	binary.BigEndian.PutUint32(id[2:], uint32(ms))
	rnd := g.r.Uint32()
	id[6] = 0x70 | byte(rnd>>8)&0x0f // version 7
	id[7] = byte(rnd)
	id[8] = 0x80 | id[8]&0x3f // variant
	return id
}

// answer gives a plausible answer to it that the engine accepts, or
// nothing for a question that may be skipped.
func (g *generator) answer(st *questionnaire.State, it *questionnaire.Item) questionnaire.Value {
	r := g.r
	required := st.Required(it.Index, questionnaire.Value{})
	text := g.m.texts[it.Index]
	switch {
	case required:
	case it.Type == questionnaire.TextType && text == textSuggestion && r.IntN(100) < 55:
		return questionnaire.Value{} // most clients have nothing to suggest
	case r.IntN(10) == 0:
		return questionnaire.Value{}
	}
	for try := 0; try < 20; try++ {
		var v questionnaire.Value
		switch it.Type {
		case questionnaire.SelectOne:
			opts := st.Options(it.Index)
			if len(opts) == 0 {
				return v
			}
			v = questionnaire.CodeValue(pickOption(r, opts).Value)
		case questionnaire.SelectMultiple:
			opts := st.Options(it.Index)
			var codes []string
			for _, o := range opts {
				if o.Missing == questionnaire.NotMissing && r.IntN(3) == 0 {
					codes = append(codes, o.Value)
				}
			}
			v = questionnaire.CodesValue(codes...)
		case questionnaire.Integer:
			v = questionnaire.IntValue(int64(1 + r.IntN(5) + r.IntN(3)*r.IntN(10)))
		case questionnaire.Decimal:
			v = questionnaire.DecimalValue(float64(r.IntN(1000)) / 10)
		case questionnaire.DateType:
			v = questionnaire.DateValue(time.Date(2026, time.Month(1+r.IntN(10)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC))
		case questionnaire.TextType:
			// Suggestions only where the questionnaire asks for them.
			pool := shortTexts
			switch text {
			case textSuggestion:
				pool = suggestions
			case textSpecify:
				pool = specified
			}
			v = questionnaire.TextValue(pool[r.IntN(len(pool))])
		default:
			return v
		}
		if st.Check(it.Index, v, "") == "" {
			return v
		}
	}
	return questionnaire.Value{}
}

// pickOption leans towards the favourable end of a scale, as satisfaction
// data do, and picks a missing option now and then.
func pickOption(r *rand.Rand, opts []*questionnaire.Option) *questionnaire.Option {
	var scale, missing []*questionnaire.Option
	for _, o := range opts {
		if o.Missing != questionnaire.NotMissing {
			missing = append(missing, o)
		} else {
			scale = append(scale, o)
		}
	}
	if len(missing) > 0 && r.IntN(25) == 0 || len(scale) == 0 {
		return missing[r.IntN(len(missing))]
	}
	// A triangular lean towards the first options.
	i := min(r.IntN(len(scale)), r.IntN(len(scale)))
	if r.IntN(4) == 0 {
		i = r.IntN(len(scale))
	}
	return scale[i]
}
