package export

import (
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"

	"filippo.io/age"

	"anketa/questionnaire"
	"anketa/storage"
)

// pass is one reading of the merged inputs, the half that export and the
// report share: it walks the stores' sessions in ID order, each once,
// keeps the ones asked for and counts the others.
type pass struct {
	sum      *Summary
	sc       *schema
	progress Progress
	sources  []*source
	m        *merger
}

func newPass(stores []*storage.Store, names []string, sc *schema, sum *Summary, progress Progress) *pass {
	p := &pass{sum: sum, sc: sc, progress: progress}
	for i, s := range stores {
		it, err := s.Iterate()
		if err != nil {
			sum.Problems = append(sum.Problems, Problem{names[i], err})
			continue
		}
		p.sources = append(p.sources, &source{store: s, name: names[i], it: it})
	}
	// The stores' pages read stay in memory until released; share a
	// budget of about 160k sessions' worth (some 50 MB) among the stores.
	for _, s := range p.sources {
		s.it.ReleaseEvery(max(1024, 160_000/len(p.sources)))
	}
	if t, ok := progress.(interface{ Total(int) }); ok {
		total := 0
		for _, s := range p.sources {
			if n, err := s.store.Count(); err == nil {
				total += n
			}
		}
		t.Total(total)
	}
	p.m = newMerger(p.sources)
	return p
}

// feedOptions say what feed sends: completed sessions, or all with
// partial; fixed, if set, gives each session's fixed fields for the
// batch; seen, if set, is told of each session sent; split, if set, keys
// each session, and a batch holds sessions of one key only (a Parquet
// file), of at most size sessions (batchSize by default).
type feedOptions struct {
	partial bool
	fixed   func(*source, *version) []byte
	seen    func(*storage.Header, *source, *version)
	split   func(*storage.Header, *version) string
	size    int
	// status, if set, is told of every session of the questionnaire, of
	// any status, before the partial ones are left out.
	status func(*storage.Header)
	// rejected are the review's decisions: a rejected session is left
	// out, and counted, unless keepRejected.
	decisions    Decisions
	keepRejected bool
}

// feed sends every session to include to jobs, in batches, in ID order,
// and then closes jobs. Sessions of other questionnaires, and of this one
// with other statuses, are counted in the summary, as are the sessions
// found in several stores.
func (p *pass) feed(jobs chan<- *batch, o feedOptions) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true)) // the stores' memory maps are read
	if o.size == 0 {
		o.size = batchSize
	}
	b := newBatch(0)
	read := 0
	var m merged
	for p.m.next(&m) {
		read++
		if p.progress != nil && read%4096 == 0 {
			p.progress.Sessions(read)
		}
		p.sum.Problems = append(p.sum.Problems, m.damaged...)
		if !m.ok {
			continue // every copy is damaged, and named
		}
		head, src := m.head, m.src
		v := p.sc.versions[head.QuestionnaireHash]
		if v == nil && !p.sound(&m) {
			continue
		}
		if v == nil {
			p.sum.Problems = append(p.sum.Problems, Problem{src.name, fmt.Errorf("session %s: its questionnaire %s (%s) is not in the store, or is damaged; the session was not read",
				head.ID, head.QuestionnaireID, head.QuestionnaireHash)})
			continue
		}
		if v.q.ID != p.sc.id && !p.sound(&m) {
			continue
		}
		if v.q.ID != p.sc.id {
			p.sc.others[v.q.ID]++
			continue
		}
		if m.copies > 0 {
			p.sum.Duplicates++
		}
		if len(m.differ) > 0 {
			p.sum.Conflicts = append(p.sum.Conflicts, fmt.Sprintf("session %s differs between %s and %s; kept the copy updated last, from %s",
				head.ID, src.name, strings.Join(m.differ, ", "), src.name))
		}
		partial := !o.partial && head.Status != storage.Completed
		rejected := !o.keepRejected && o.decisions.Rejected(head.ID)
		if (partial || rejected) && !p.sound(&m) {
			continue
		}
		if o.status != nil {
			o.status(head)
		}
		if partial {
			p.sum.Skipped[head.Status.String()]++
			continue
		}
		if rejected {
			p.sum.Skipped["rejected"]++
			continue
		}
		src.used = true
		p.sum.Sessions++
		var f []byte
		if o.fixed != nil {
			f = o.fixed(src, v)
		}
		if o.split != nil {
			if key := o.split(head, v); key != b.key {
				if len(b.keys) > 0 {
					jobs <- b
					b = newBatch(b.seq + 1)
				}
				b.key = key
			}
		}
		b.add(m.key, m.raw, v, f, src, m.unchecked)
		if o.seen != nil {
			o.seen(head, src, v)
		}
		if len(b.keys) == o.size {
			key := b.key
			jobs <- b
			b = newBatch(b.seq + 1)
			b.key = key
		}
	}
	if len(b.keys) > 0 {
		jobs <- b
	}
	close(jobs)
	if p.progress != nil {
		p.progress.Sessions(read)
	}
}

// sound checks a session the merger left unchecked before the feed
// trusts its header to leave it out: a damaged one is named, and false.
func (p *pass) sound(m *merged) bool {
	if !m.unchecked {
		return true
	}
	n := len(m.damaged)
	ok := m.check()
	p.sum.Problems = append(p.sum.Problems, m.damaged[n:]...)
	return ok
}

// finish reports the stores whose reading stopped part way, and counts
// the stores that gave sessions.
func (p *pass) finish() {
	for _, s := range p.sources {
		if s.used {
			p.sum.StoresUsed++
		}
		for _, err := range s.it.Damaged() {
			p.sum.Problems = append(p.sum.Problems, Problem{s.name, fmt.Errorf("%v; the store's other sessions were read, this one was not", trimPath(err, s.name))})
		}
		if err := s.it.Err(); err != nil {
			p.sum.Problems = append(p.sum.Problems, Problem{s.name, fmt.Errorf("reading stopped part way, some of its sessions are missing: %v", trimPath(err, s.name))})
		}
	}
}

func (p *pass) close() {
	for _, s := range p.sources {
		s.it.Close()
	}
}

type vstate struct {
	v     *version
	state *questionnaire.State
	memo  *questionnaire.Memo
	vals  []questionnaire.Value
	next  int                               // the answerable item expected next
	place func(string) *questionnaire.Value // vs.placeAnswer, made once
	_     cachePad
}

func newVstate(v *version) *vstate {
	vs := &vstate{v: v, state: v.q.NewState(), memo: v.q.NewMemo(), vals: make([]questionnaire.Value, len(v.q.Items))}
	vs.place = vs.placeAnswer
	return vs
}

// placeAnswer is where the answer to the question name goes, nil for a
// name the version does not have. Answers are stored in the order given,
// which is mostly the questionnaire's: it guesses the next question
// before it asks the map.
func (vs *vstate) placeAnswer(name string) *questionnaire.Value {
	v, k := vs.v, vs.next
	for _, j := range [2]int{k, k + 1} { // the next, or one skipped
		if j < len(v.answerable) && v.q.Items[v.answerable[j]].Name == name {
			vs.next = j + 1
			return &vs.vals[v.answerable[j]]
		}
	}
	if i, ok := v.index[name]; ok {
		return &vs.vals[i]
	}
	return nil
}

// decode reads record i of the batch into sess and its answers into the
// flow state of its version, so that Relevant tells which questions were
// asked; it opens a sealed record with ids. It checks the record against
// its checksum (CheckRecord) unless the merger did, choosing among
// copies. When the session cannot be used it says why in the batch and
// returns false: a damaged record or a broken seal is a problem, a seal
// no identity opens is listed in sealed.
func (b *batch) decode(i int, sess *storage.Session, codes *[]string, ids []age.Identity, states map[*version]*vstate) (*vstate, bool) {
	*codes = (*codes)[:0]
	vs := states[b.ver[i]]
	clear(vs.vals)
	vs.next = 0
	if b.check[i] {
		if err := storage.CheckRecord(b.keys[i], b.recs[i]); err != nil {
			b.drop(i, Problem{b.store[i], trimPath(err, b.store[i])})
			return nil, false
		}
	}
	if err := storage.DecodeCheckedInto(b.keys[i], b.recs[i], sess, codes, vs.place); err != nil {
		b.drop(i, Problem{b.store[i], fmt.Errorf("%v; the store's other sessions were read, this one was not", trimPath(err, b.store[i]))})
		return nil, false
	}
	if sess.Sealed {
		if _, err := storage.Unseal(sess, ids); err != nil {
			if errors.Is(err, storage.ErrNoIdentity) {
				b.sealed = append(b.sealed, sess.ID)
			} else {
				b.drop(i, Problem{b.store[i], fmt.Errorf("%v; the store's other sessions were read, this one was not", err)})
			}
			return nil, false
		}
		for _, a := range sess.Answers { // the seal's, in the clear now
			if dst := vs.place(a.Name); dst != nil {
				*dst = a.Value
			}
		}
	}
	vs.memo.Load(vs.state, vs.vals, sess.Started)
	return vs, true
}

// drop leaves record i out, with the problem that names it.
func (b *batch) drop(i int, p Problem) {
	b.bad = append(b.bad, p)
	b.dropped = append(b.dropped, storage.ID(b.keys[i]))
}

// checkIdentities fails at once when identities are given but none of
// them is a recipient of a store that seals its sessions: the wrong key
// file, most likely.
func checkIdentities(stores []*storage.Store, ids []age.Identity) error {
	if len(ids) == 0 {
		return nil
	}
	var mine []string
	for _, id := range ids {
		if x, ok := id.(*age.X25519Identity); ok {
			mine = append(mine, x.Recipient().String())
		}
	}
	for _, s := range stores {
		keys, err := s.Recipients()
		if err != nil || len(keys) == 0 {
			continue
		}
		if !slices.ContainsFunc(keys, func(k string) bool { return slices.Contains(mine, k) }) {
			return fmt.Errorf("%s: the identity given cannot open its sealed sessions: they are sealed to %s, and the identity's public key is %s; use the key file the store's recipients came from",
				s.Path(), strings.Join(keys, ", "), strings.Join(mine, ", "))
		}
	}
	return nil
}

// verifyChains checks, beside the main reading, the event chains of the
// sessions whose paradata are in the clear, and sends the broken ones.
func verifyChains(stores []*storage.Store, names []string) <-chan []Problem {
	out := make(chan []Problem, 1)
	go func() {
		var problems []Problem
		for i, s := range stores {
			err := s.VerifyChains(func(_ storage.ID, err error) {
				problems = append(problems, Problem{names[i], err})
			})
			if err != nil {
				problems = append(problems, Problem{names[i], err})
			}
		}
		out <- problems
	}()
	return out
}
