package export

import (
	"fmt"
	"maps"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"filippo.io/age"

	"anketa/questionnaire"
	"anketa/storage"
)

// openInputs finds and opens the stores under paths, read-only, and
// merges their questionnaire versions; problems with single inputs go to
// sum. The stores must be closed, also on error.
func openInputs(paths []string, qid string, allowTypeChange bool, sum *Summary) ([]*storage.Store, []string, *schema, error) {
	files, problems := FindStores(paths)
	sum.Problems = problems
	if len(files) == 0 {
		return nil, nil, nil, fmt.Errorf("no stores found in %s", strings.Join(paths, ", "))
	}
	stores, names, problems := openStores(files)
	sum.Problems = append(sum.Problems, problems...)
	sum.Stores = len(stores)
	if len(stores) == 0 {
		return nil, nil, nil, fmt.Errorf("none of the %d inputs is a readable store", len(files))
	}
	sc, usable, problems, err := buildSchema(stores, qid, allowTypeChange)
	sum.Problems = append(sum.Problems, problems...)
	// A store whose questionnaires cannot be read is left out: none of
	// its sessions can be read either.
	var keep []*storage.Store
	var keepNames []string
	for i, s := range stores {
		if usable[i] {
			keep, keepNames = append(keep, s), append(keepNames, names[i])
		} else {
			s.Close()
		}
	}
	if sc != nil {
		sum.QuestionnaireID = sc.id
	}
	return keep, keepNames, sc, err
}

func closeStores(stores []*storage.Store) {
	for _, s := range stores {
		s.Close()
	}
}

// WalkOptions choose the sessions Walk reads, as Options do for Run.
type WalkOptions struct {
	Paths          []string
	IncludePartial bool
	// IncludeRejected keeps the sessions a review rejected.
	IncludeRejected bool
	QuestionnaireID string
	AllowTypeChange bool
	// SkipBad makes damaged or foreign inputs a warning, not a failure.
	SkipBad  bool
	Progress Progress
	// Identities open sealed sessions.
	Identities []age.Identity
	// Prepare, if set, is called once the inputs are open and before any
	// visitor is made, with what is known then (the questionnaire and
	// its columns); an error stops the walk.
	Prepare func(*Walked) error
	// Status, if set, is told of every session of the questionnaire, of
	// any status, including those the walk leaves out.
	Status func(*storage.Header)
	// Contact, if set, is called after the sessions with every approach
	// of the questionnaire's approach log, merged, in time order, with the
	// device it was read from; the Contact is valid during the call.
	Contact func(c *storage.Contact, device string)
	// ContactsAlongside calls Contact while the sessions are walked, on
	// a goroutine of its own, rather than after them: for a caller whose
	// tally of the approaches needs nothing the sessions tell until the
	// walk is over.
	ContactsAlongside bool
}

// Visit is one merged session, with its answers loaded into the flow
// engine of its questionnaire version.
type Visit struct {
	// Session is the record's fields; its Answers are empty (they went
	// straight into State): read them with Value.
	Session *storage.Session
	State   *questionnaire.State
	Store   string // the file the session was read from
	v       *version
}

// Version is the questionnaire version the session used.
func (x *Visit) Version() *questionnaire.Questionnaire { return x.v.q }

// Value returns the answer to column ci and whether its question was
// asked: relevant, in the session's version. An asked question may still
// be unanswered (Empty) or answered with a missing kind.
func (x *Visit) Value(ci int) (*questionnaire.Value, bool) {
	i := x.v.items[ci]
	if i < 0 || !x.State.Relevant(i) {
		return nil, false
	}
	return x.State.StoredRef(i), true
}

// Column is a question (or calculation) across every version read, in
// the newest version's order.
type Column struct {
	Name    string
	Item    *questionnaire.Item // from the newest version that has it
	Options []*questionnaire.Option
}

// VersionCount is a questionnaire version and the sessions read of it.
type VersionCount struct {
	Version  string `json:"version"`
	Sessions int    `json:"sessions"`
}

// Walked is what a walk read.
type Walked struct {
	Summary
	ID       string
	Newest   *questionnaire.Questionnaire // the newest version read
	Columns  []Column
	Versions []VersionCount // newest first
}

// Walk reads the inputs as Run does, merged and deduplicated, and calls a
// visitor for every session an export would write. Visitors run on
// several goroutines: newVisitor is called once for each, and what it
// returns is only called from that goroutine, so it may keep its own
// totals without locks. A Visit and everything in it is valid only during
// the call.
func Walk(opt WalkOptions, newVisitor func() func(*Visit)) (*Walked, error) {
	w := &Walked{Summary: Summary{Skipped: map[string]int{}}}
	stores, names, sc, err := openInputs(opt.Paths, opt.QuestionnaireID, opt.AllowTypeChange, &w.Summary)
	defer closeStores(stores)
	if err != nil {
		return w, err
	}
	w.ID = sc.id
	w.Newest = sc.order[0].q
	for _, c := range sc.cols {
		w.Columns = append(w.Columns, Column{Name: c.name, Item: c.item, Options: c.options})
	}
	if err := checkIdentities(stores, opt.Identities); err != nil {
		return w, err
	}
	chains := verifyChains(stores, names)
	if opt.Prepare != nil {
		if err := opt.Prepare(w); err != nil {
			return w, err
		}
	}
	p := newPass(stores, names, sc, &w.Summary, opt.Progress)
	defer p.close()

	n := max(1, min(4, runtime.GOMAXPROCS(0)))
	jobs := make(chan *batch, 2*n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []Problem
	var sealed []storage.ID
	for range n {
		visit := newVisitor()
		states := map[*version]*vstate{}
		for _, v := range sc.order {
			states[v] = newVstate(v)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			debug.SetPanicOnFault(true) // the records are read from the stores' memory maps
			var sess storage.Session
			var codes []string
			x := &Visit{Session: &sess}
			for b := range jobs {
				for i := range b.keys {
					vs, ok := b.decode(i, &sess, &codes, opt.Identities, states)
					if !ok {
						continue
					}
					x.State, x.Store, x.v = vs.state, b.store[i], b.ver[i]
					visit(x)
				}
				mu.Lock()
				bad = append(bad, b.bad...)
				sealed = append(sealed, b.sealed...)
				mu.Unlock()
				batches.Put(b)
			}
		}()
	}
	type contactsDone struct {
		tot ContactTotals
		err error
	}
	alongside := make(chan contactsDone, 1)
	if opt.Contact != nil && opt.ContactsAlongside {
		go func() {
			tot, err := eachContact(stores, names, sc.id, opt.Contact)
			alongside <- contactsDone{tot, err}
		}()
	}
	counts := map[*version]int{}
	decisions, problems := LoadDecisions(opt.Paths, sc.id)
	w.Problems = append(w.Problems, problems...)
	p.feed(jobs, feedOptions{partial: opt.IncludePartial, seen: func(_ *storage.Header, _ *source, v *version) { counts[v]++ }, status: opt.Status,
		decisions: decisions, keepRejected: opt.IncludeRejected})
	wg.Wait()
	p.finish()
	if opt.Contact != nil {
		var tot ContactTotals
		var err error
		if opt.ContactsAlongside {
			done := <-alongside
			tot, err = done.tot, done.err
		} else {
			tot, err = eachContact(stores, names, sc.id, opt.Contact)
		}
		if err != nil {
			return w, err
		}
		w.Contacts, w.ContactDuplicates = tot.Contacts, tot.Duplicates
		w.Conflicts = append(w.Conflicts, tot.Conflicts...)
		w.Problems = append(w.Problems, tot.Problems...)
	}
	w.Problems = append(w.Problems, bad...)
	w.Problems = append(w.Problems, <-chains...)
	w.Sealed = sealed
	w.Sessions -= len(bad) + len(sealed)
	for _, v := range sc.order {
		if counts[v] > 0 {
			w.Versions = append(w.Versions, VersionCount{v.q.Version, counts[v]})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(sc.others)) {
		w.OtherIDs = append(w.OtherIDs, fmt.Sprintf("%s (%d sessions)", id, sc.others[id]))
	}
	if len(w.Sealed) > 0 {
		return w, ErrSealed
	}
	if len(w.Problems) > 0 && !opt.SkipBad {
		return w, ErrBadInputs
	}
	return w, nil
}
