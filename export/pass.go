package export

import (
	"fmt"
	"strings"

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
	p.m.conflict = func(id storage.ID, kept string, others []string) {
		sum.Conflicts = append(sum.Conflicts, fmt.Sprintf("session %s differs between %s and %s; kept the copy updated last, from %s",
			id, kept, strings.Join(others, ", "), kept))
	}
	return p
}

// feed calls add for every session to include, in ID order: completed
// ones, or all with partial. Sessions of other statuses and of other
// questionnaires are counted in the summary. The iterator's record is
// valid until add returns, or longer as storage.Iterator says.
func (p *pass) feed(partial bool, add func(head *storage.Header, src *source, v *version)) {
	var pending *source
	read := 0
	for {
		head, src := p.m.next(pending)
		pending = src
		if head == nil {
			break
		}
		read++
		if p.progress != nil && read%4096 == 0 {
			p.progress.Sessions(read)
		}
		if !partial && head.Status != storage.Completed {
			p.sum.Skipped[head.Status.String()]++
			continue
		}
		v := p.sc.versions[head.QuestionnaireHash]
		if v == nil || v.q.ID != p.sc.id {
			p.sc.others[head.QuestionnaireID]++
			continue
		}
		p.sum.Sessions++
		add(head, src, v)
	}
	if p.progress != nil {
		p.progress.Sessions(read)
	}
}

// finish reports the stores whose reading stopped part way.
func (p *pass) finish() {
	for _, s := range p.sources {
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

// load puts a session's answers into the flow state of its version, so
// that Relevant tells which questions were asked.
func (vs *vstate) load(v *version, sess *storage.Session) {
	clear(vs.vals)
	// Answers are stored in the order given, which is mostly the
	// questionnaire's: guess the next question before asking the map.
	k := 0 // the answerable item expected next
	is := func(k int, name string) bool {
		return k < len(v.answerable) && v.q.Items[v.answerable[k]].Name == name
	}
	for _, a := range sess.Answers {
		switch {
		case is(k, a.Name):
		case is(k+1, a.Name): // one question skipped
			k++
		default:
			if i, ok := v.index[a.Name]; ok {
				vs.vals[i] = a.Value
			}
			continue
		}
		vs.vals[v.answerable[k]] = a.Value
		k++
	}
	vs.memo.Load(vs.state, vs.vals, sess.Started)
}
