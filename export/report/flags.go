package report

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"filippo.io/age"

	"anketa/export"
	"anketa/questionnaire"
	"anketa/storage"
)

// The checks anketa review lists interviews by: each is a reason a
// coordinator should look at an interview before its answers count.

// Flag kinds.
const (
	FlagShort    = "short"    // shorter than the report's threshold
	FlagStraight = "straight" // every row of a grid given the same grade
	FlagOverlap  = "overlap"  // overlaps in time another of the same interviewer
	FlagDontKnow = "dontknow" // on a day whose don't-know share stands out
)

// Flag is one reason to look at a session; Detail says more (the grid,
// the share, the other session).
type Flag struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail,omitempty"`
}

// Reviewed is a session as the review lists it.
type Reviewed struct {
	ID          storage.ID
	Interviewer string
	Started     time.Time
	Finished    time.Time
	Seconds     float64
	Status      storage.Status
	Place       string
	Flags       []Flag
	Decision    *storage.Decision
	// dk and offered count the don't-know answers and the questions that
	// offer one, for the day's share.
	dk, offered int
}

// Review is what anketa review shows: every session, the flagged first.
type Review struct {
	QuestionnaireID string
	Newest          *questionnaire.Questionnaire
	Sessions        []*Reviewed // flagged first, then by start
	Flagged         int
	ShortSeconds    float64
	Problems        []string
}

// FlagOptions choose the stores and how short is too short.
type FlagOptions struct {
	Paths        []string
	Identities   []age.Identity
	ShortSeconds float64 // 0: the report's rule
	Zone         export.Zone
	Progress     export.Progress
}

// Flags reads every session of the stores, with the review's decisions,
// and flags the ones to look at.
func Flags(opt FlagOptions) (*Review, error) {
	if opt.Zone.Loc == nil {
		opt.Zone = export.LocalZone()
	}
	r := &Review{}
	var mu sync.Mutex
	var grids []*questionnaire.Item
	var placeItem string
	walked, err := export.Walk(export.WalkOptions{Paths: opt.Paths, IncludePartial: true, IncludeRejected: true, Identities: opt.Identities, SkipBad: true, Progress: opt.Progress,
		Prepare: func(w *export.Walked) error {
			r.QuestionnaireID, r.Newest = w.ID, w.Newest
			r.ShortSeconds = opt.ShortSeconds
			if r.ShortSeconds <= 0 {
				r.ShortSeconds = float64(SecondsPerQuestion * askedOfEveryone(w.Newest))
			}
			for _, it := range w.Newest.Items {
				if it.IsGrid() {
					grids = append(grids, it)
				}
				if it.Persist && placeItem == "" {
					placeItem = it.Name
				}
			}
			return nil
		}},
		func() func(*export.Visit) {
			return func(x *export.Visit) {
				s := x.Session
				rv := &Reviewed{ID: s.ID, Interviewer: strings.Clone(s.Interviewer), Started: s.Started, Finished: s.Finished, Status: s.Status}
				if !s.Finished.IsZero() {
					rv.Seconds = s.Finished.Sub(s.Started).Seconds()
				}
				q := x.Version()
				if placeItem != "" {
					if it := q.Item(placeItem); it != nil {
						rv.Place = strings.Clone(x.State.Display(it.Index, q.DefaultLanguage()))
					}
				}
				if s.Status == storage.Completed && rv.Seconds > 0 && rv.Seconds < r.ShortSeconds {
					rv.Flags = append(rv.Flags, Flag{FlagShort, fmt.Sprintf("%.0f s", rv.Seconds)})
				}
				for _, g := range grids {
					if it := q.Item(g.Name); it != nil && straight(x.State, it) {
						rv.Flags = append(rv.Flags, Flag{FlagStraight, it.Name})
					}
				}
				for _, it := range q.Items {
					if !it.Type.IsSelect() || it.List == nil || !x.State.Relevant(it.Index) || !offersDontKnow(it.List) {
						continue
					}
					rv.offered++
					v := x.State.Answer(it.Index)
					if v.Kind == questionnaire.KindMissing && v.Missing == questionnaire.DontKnow {
						rv.dk++
					} else if v.Kind == questionnaire.KindCode {
						if o := it.List.Option(v.Text); o != nil && o.Missing == questionnaire.DontKnow {
							rv.dk++
						}
					}
				}
				mu.Lock()
				r.Sessions = append(r.Sessions, rv)
				mu.Unlock()
			}
		})
	if walked != nil {
		for _, p := range walked.Problems {
			r.Problems = append(r.Problems, p.String())
		}
	}
	if walked == nil || walked.Newest == nil {
		return nil, withProblems(err, walked)
	}
	if errors.Is(err, export.ErrSealed) {
		return nil, fmt.Errorf("%d sealed interviews could not be opened; give the coordinator's key with --identity", len(walked.Sealed))
	}
	if err != nil && err != export.ErrBadInputs {
		return nil, withProblems(err, walked)
	}
	decisions, _ := export.LoadDecisions(opt.Paths, r.QuestionnaireID) // their problems are in the walk's
	for _, rv := range r.Sessions {
		if d, ok := decisions[rv.ID]; ok {
			rv.Decision = &d
		}
	}
	r.overlaps()
	r.dontKnowDays(opt.Zone.Loc)
	slices.SortFunc(r.Sessions, func(a, b *Reviewed) int {
		if fa, fb := len(a.Flags) > 0, len(b.Flags) > 0; fa != fb {
			if fa {
				return -1
			}
			return 1
		}
		return cmp.Or(a.Started.Compare(b.Started), strings.Compare(a.ID.String(), b.ID.String()))
	})
	for _, rv := range r.Sessions {
		if len(rv.Flags) > 0 {
			r.Flagged++
		}
	}
	return r, nil
}

// straight reports whether every answered row of grid g (three or more)
// has the same grade, missing answers aside.
func straight(st *questionnaire.State, g *questionnaire.Item) bool {
	grade, n := "", 0
	for _, ch := range g.Children {
		v := st.Answer(ch.Index)
		if v.Kind != questionnaire.KindCode || ch.List == nil {
			continue
		}
		if o := ch.List.Option(v.Text); o == nil || o.Missing != questionnaire.NotMissing {
			continue
		}
		if n > 0 && v.Text != grade {
			return false
		}
		grade = v.Text
		n++
	}
	return n >= 3
}

func offersDontKnow(l *questionnaire.ChoiceList) bool {
	return slices.ContainsFunc(l.Options, func(o *questionnaire.Option) bool { return o.Missing == questionnaire.DontKnow })
}

// overlaps flags the sessions of an interviewer that overlap in time
// another of theirs: one interviewer cannot ask two clients at once.
func (r *Review) overlaps() {
	by := map[string][]*Reviewed{}
	for _, rv := range r.Sessions {
		if !rv.Finished.IsZero() {
			by[rv.Interviewer] = append(by[rv.Interviewer], rv)
		}
	}
	for _, list := range by {
		slices.SortFunc(list, func(a, b *Reviewed) int { return a.Started.Compare(b.Started) })
		var last *Reviewed // the one ending latest so far
		for _, rv := range list {
			if last != nil && rv.Started.Before(last.Finished) {
				rv.Flags = append(rv.Flags, Flag{FlagOverlap, last.ID.String()})
				if !slices.ContainsFunc(last.Flags, func(f Flag) bool { return f.Kind == FlagOverlap }) {
					last.Flags = append(last.Flags, Flag{FlagOverlap, rv.ID.String()})
				}
			}
			if last == nil || rv.Finished.After(last.Finished) {
				last = rv
			}
		}
	}
}

// dontKnowDays flags the sessions with a don't-know answer on the days
// whose share of don't-know answers stands out: more than three standard
// errors above the overall share, with at least 30 answers that offer it.
func (r *Review) dontKnowDays(loc *time.Location) {
	type day struct{ dk, offered int }
	days := map[string]*day{}
	var all day
	for _, rv := range r.Sessions {
		d := rv.Started.In(loc).Format(time.DateOnly)
		if days[d] == nil {
			days[d] = &day{}
		}
		days[d].dk += rv.dk
		days[d].offered += rv.offered
		all.dk += rv.dk
		all.offered += rv.offered
	}
	if all.offered == 0 {
		return
	}
	p := float64(all.dk) / float64(all.offered)
	odd := map[string]string{}
	for k, d := range days {
		if d.offered < 30 {
			continue
		}
		share := float64(d.dk) / float64(d.offered)
		if se := math.Sqrt(p * (1 - p) / float64(d.offered)); share > p+3*se && share > p {
			odd[k] = fmt.Sprintf("%.0f %% / %.0f %%", 100*share, 100*p)
		}
	}
	for _, rv := range r.Sessions {
		if detail, ok := odd[rv.Started.In(loc).Format(time.DateOnly)]; ok && rv.dk > 0 {
			rv.Flags = append(rv.Flags, Flag{FlagDontKnow, detail})
		}
	}
}

// Detail is one session as the review shows it: its answers and its
// paradata.
type Detail struct {
	Session *storage.Session
	Q       *questionnaire.Questionnaire
	Answers [][2]string // label, answer, in questionnaire order
	Events  []storage.Event
	Store   string
}

// SessionDetail reads session id from whichever store holds it (the one
// updated last, as export takes), with its events; a sealed one needs an
// identity.
func SessionDetail(paths []string, id storage.ID, identities []age.Identity) (*Detail, error) {
	files, _ := export.FindStores(paths)
	var best *Detail
	for _, f := range files {
		s, err := storage.OpenReadOnly(f)
		if err != nil {
			continue
		}
		sess, err := s.Load(id)
		if err != nil || best != nil && !sess.Updated.After(best.Session.Updated) {
			s.Close()
			continue
		}
		q, err := s.Questionnaire(sess.QuestionnaireHash)
		if err != nil {
			s.Close()
			return nil, err
		}
		events, err := s.Events(id)
		if err == nil && sess.Sealed {
			if events, err = storage.Unseal(sess, identities); err != nil {
				err = fmt.Errorf("%w; give the coordinator's key with --identity", err)
			}
		}
		s.Close()
		if err != nil {
			return nil, err
		}
		best = &Detail{Session: sess, Q: q, Events: events, Store: f}
	}
	if best == nil {
		return nil, fmt.Errorf("session %s is in none of the stores", id)
	}
	q, sess := best.Q, best.Session
	st := q.Evaluate(sess.AnswerMap(), sess.Started)
	lang := sess.Language
	if lang == "" {
		lang = q.DefaultLanguage()
	}
	for _, i := range st.Visible() {
		for _, it := range st.Asks(i) {
			best.Answers = append(best.Answers, [2]string{st.Label(it.Index, lang), st.Display(it.Index, lang)})
		}
	}
	return best, nil
}
