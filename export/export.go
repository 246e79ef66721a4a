package export

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"anketa/questionnaire"
	"anketa/storage"
)

// Codes are what a cell holds for each kind of missing answer.
type Codes struct {
	Skipped, DontKnow, Refused, NotApplicable string
}

// DefaultCodes are negative, so that they never collide with an answer
// and SPSS and Stata can declare them missing.
var DefaultCodes = Codes{Skipped: "-99", DontKnow: "-98", Refused: "-97", NotApplicable: "-96"}

// Options configure an export.
type Options struct {
	Paths []string
	// Out is the CSV file; "-" is standard output (no sidecars).
	Out     string
	Format  string // wide (default) or long
	Dialect Dialect
	// IncludePartial adds in-progress and abandoned sessions.
	IncludePartial  bool
	QuestionnaireID string
	AllowTypeChange bool
	Codes           Codes
	Sidecars        bool
	// Paradata, if set, is a CSV file for the event log.
	Paradata string
	// SkipBad makes damaged or foreign inputs a warning, not a failure.
	SkipBad bool
	// Progress, if set, receives progress lines while the export runs.
	Progress Progress
	// Stdout is where -o - writes.
	Stdout io.Writer
}

// Summary is what an export did.
type Summary struct {
	Stores    int
	Sessions  int // rows written (sessions)
	Skipped   map[string]int
	Conflicts []string
	Problems  []Problem
	OtherIDs  []string
	Files     []string
}

// ErrBadInputs means some inputs were skipped; the others were exported.
var ErrBadInputs = errors.New("some inputs could not be read")

// Run exports. The outputs are written to temporary files and renamed
// into place only when everything succeeded, so nothing is left half
// written.
func Run(opt Options) (*Summary, error) {
	if opt.Codes == (Codes{}) {
		opt.Codes = DefaultCodes
	}
	if opt.Format == "" {
		opt.Format = "wide"
	}
	if opt.Format != "wide" && opt.Format != "long" {
		return nil, fmt.Errorf("unknown format %q; use wide or long", opt.Format)
	}
	sum := &Summary{Skipped: map[string]int{}}
	files, problems := FindStores(opt.Paths)
	sum.Problems = problems
	if len(files) == 0 {
		return sum, fmt.Errorf("no stores found in %s", strings.Join(opt.Paths, ", "))
	}
	stores, names, problems := openStores(files)
	sum.Problems = append(sum.Problems, problems...)
	defer func() {
		for _, s := range stores {
			s.Close()
		}
	}()
	sum.Stores = len(stores)
	if len(stores) == 0 {
		return sum, fmt.Errorf("none of the %d inputs is a readable store", len(files))
	}
	sc, err := buildSchema(stores, opt.QuestionnaireID, opt.AllowTypeChange)
	if err != nil {
		return sum, err
	}
	outs := &outputs{}
	defer outs.abort()
	var w io.Writer
	if opt.Out == "-" {
		w = opt.Stdout
		opt.Sidecars = false
	} else {
		if w, err = outs.create(opt.Out); err != nil {
			return sum, err
		}
	}
	ex := &exporter{opt: opt, sc: sc, csv: newCSV(w, opt.Dialect), sum: sum}
	if opt.Paradata != "" {
		ex.kept = map[storage.ID]*storage.Store{}
	}
	if err := ex.run(stores, names); err != nil {
		return sum, err
	}
	if err := ex.csv.flush(); err != nil {
		return sum, err
	}
	if opt.Sidecars {
		if err := ex.writeSidecars(outs); err != nil {
			return sum, err
		}
	}
	if opt.Paradata != "" {
		if err := ex.writeParadata(outs, stores); err != nil {
			return sum, err
		}
	}
	if err := outs.commit(); err != nil {
		return sum, err
	}
	sum.Files = outs.names
	for id, n := range sc.others {
		sum.OtherIDs = append(sum.OtherIDs, fmt.Sprintf("%s (%d sessions)", id, n))
	}
	if len(sum.Problems) > 0 && !opt.SkipBad {
		return sum, ErrBadInputs
	}
	return sum, nil
}

// exporter writes the rows.
type exporter struct {
	opt   Options
	sc    *schema
	csv   *csvWriter
	sum   *Summary
	cells []cell
	// kept says which store's copy of each exported session was written,
	// for the paradata; filled only when paradata is asked for.
	kept map[storage.ID]*storage.Store
}

func metaHeader() []string {
	return []string{"session_id", "questionnaire_id", "questionnaire_version", "device_id", "interviewer",
		"status", "language", "started_at", "finished_at", "duration_s"}
}

func (ex *exporter) header() []cell {
	var h []cell
	for _, n := range metaHeader() {
		h = append(h, cell{s: n})
	}
	if ex.opt.Format == "long" {
		return append(h, cell{s: "question"}, cell{s: "value"})
	}
	for _, c := range ex.sc.cols {
		h = append(h, cell{s: c.name})
		for _, d := range c.dummies {
			h = append(h, cell{s: c.name + "__" + d})
		}
	}
	return h
}

func (ex *exporter) run(stores []*storage.Store, names []string) error {
	ex.csv.write(ex.header())
	var sources []*source
	for i, s := range stores {
		it, err := s.Iterate()
		if err != nil {
			ex.sum.Problems = append(ex.sum.Problems, Problem{names[i], err})
			continue
		}
		defer it.Close()
		sources = append(sources, &source{store: s, name: names[i], it: it})
	}
	m := newMerger(sources)
	m.conflict = func(id storage.ID, kept string, others []string) {
		ex.sum.Conflicts = append(ex.sum.Conflicts, fmt.Sprintf("session %s differs between %s and %s; kept the copy updated last, from %s",
			id, kept, strings.Join(others, ", "), kept))
	}
	var pending *source
	progress := ex.opt.Progress
	for {
		sess, src := m.next(pending)
		pending = src
		if sess == nil {
			break
		}
		if !ex.opt.IncludePartial && sess.Status != storage.Completed {
			ex.sum.Skipped[sess.Status.String()]++
			continue
		}
		v := ex.sc.versions[sess.QuestionnaireHash]
		if v == nil || v.q.ID != ex.sc.id {
			id := sess.QuestionnaireID
			ex.sc.others[id]++
			continue
		}
		ex.row(sess, v, src.store.DeviceID())
		ex.sum.Sessions++
		if ex.kept != nil {
			ex.kept[sess.ID] = src.store
		}
		if progress != nil && ex.sum.Sessions%4096 == 0 {
			progress.Sessions(ex.sum.Sessions)
		}
	}
	for _, s := range sources {
		if err := s.it.Err(); err != nil {
			ex.sum.Problems = append(ex.sum.Problems, Problem{s.name, fmt.Errorf("reading stopped part way, some of its sessions are missing: %v", trimPath(err, s.name))})
		}
	}
	if progress != nil {
		progress.Sessions(ex.sum.Sessions)
	}
	return nil
}

// row writes one session.
func (ex *exporter) row(sess *storage.Session, v *version, device string) {
	q := v.q
	answers := make(questionnaire.Answers, len(sess.Answers))
	for _, a := range sess.Answers {
		answers[a.Name] = a.Value
	}
	st := q.Evaluate(answers, sess.Started)
	cells := ex.cells[:0]
	cells = append(cells,
		cell{s: sess.ID.String()}, cell{s: q.ID}, cell{s: q.Version}, cell{s: device},
		cell{s: sess.Interviewer, kind: freeTxt}, cell{s: sess.Status.String()}, cell{s: sess.Language},
		cell{s: timeText(sess.Started)}, cell{s: timeText(sess.Finished)}, cell{s: duration(sess)})
	meta := len(cells)
	if ex.opt.Format == "wide" {
		for range ex.sc.cols {
			cells = append(cells, cell{})
		}
	}
	// Values by column; dummies are placed after their column below.
	vals := make([]cell, len(ex.sc.cols))
	has := make([]bool, len(ex.sc.cols))
	for i, it := range q.Items {
		ci := v.cols[i]
		if ci < 0 {
			continue
		}
		has[ci] = true
		vals[ci] = ex.value(st, it, ex.sc.cols[ci])
	}
	if ex.opt.Format == "long" {
		head := append([]cell{}, cells[:meta]...)
		for ci, c := range ex.sc.cols {
			row := append(head, cell{s: c.name}, vals[ci])
			ex.csv.write(row)
		}
		ex.cells = cells
		return
	}
	cells = cells[:meta]
	for ci, c := range ex.sc.cols {
		cells = append(cells, vals[ci])
		if len(c.dummies) > 0 {
			cells = ex.dummies(cells, c, st, v, vals[ci], has[ci])
		}
	}
	ex.csv.write(cells)
	ex.cells = cells
}

// value is one question's cell, telling not asked, skipped and the
// missing kinds apart.
func (ex *exporter) value(st *questionnaire.State, it *questionnaire.Item, c *column) cell {
	if !st.Relevant(it.Index) {
		return cell{} // not asked
	}
	val := st.Answer(it.Index)
	codes := ex.opt.Codes
	var out cell
	switch val.Kind {
	case questionnaire.Empty:
		if it.Type == questionnaire.Calculate {
			return cell{}
		}
		out = cell{s: codes.Skipped}
	case questionnaire.KindMissing:
		switch val.Missing {
		case questionnaire.DontKnow:
			out = cell{s: codes.DontKnow}
		case questionnaire.Refused:
			out = cell{s: codes.Refused}
		default:
			out = cell{s: codes.NotApplicable}
		}
	case questionnaire.KindText:
		kind := freeTxt
		if it.Type == questionnaire.Calculate {
			kind = number
		}
		out = cell{s: val.Text, kind: kind}
	case questionnaire.KindDecimal, questionnaire.KindInteger:
		out = cell{s: val.String(), kind: number}
	default:
		out = cell{s: val.String()}
	}
	c.filled++
	if it.Type.IsSelect() || out.s == codes.Skipped || val.Kind == questionnaire.KindMissing {
		if val.Kind == questionnaire.KindCodes {
			for _, code := range val.Codes {
				c.counts[code]++
			}
		} else {
			c.counts[out.s]++
		}
	}
	return out
}

// dummies appends a select_multiple's 0/1 columns: empty when not asked,
// the main cell's missing code when skipped or missing, and all 0 for an
// empty selection (whose main cell is empty too; the dummies tell it from
// not asked).
func (ex *exporter) dummies(cells []cell, c *column, st *questionnaire.State, v *version, main cell, has bool) []cell {
	it := v.q.Item(c.name)
	asked := has && it != nil && st.Relevant(it.Index)
	var val questionnaire.Value
	if asked {
		val = st.Answer(it.Index)
	}
	for _, d := range c.dummies {
		switch {
		case !asked:
			cells = append(cells, cell{})
		case val.Kind != questionnaire.KindCodes:
			cells = append(cells, main)
		case containsStr(val.Codes, d):
			cells = append(cells, cell{s: "1"})
		default:
			cells = append(cells, cell{s: "0"})
		}
	}
	return cells
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func duration(s *storage.Session) string {
	if s.Finished.IsZero() {
		return ""
	}
	return strconv.FormatInt(int64(s.Finished.Sub(s.Started)/time.Second), 10)
}

// outputs are the files an export writes, each first under a temporary
// name beside its final one.
type outputs struct {
	files []*os.File
	names []string
}

func (o *outputs) create(name string) (*os.File, error) {
	dir := filepath.Dir(name)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("cannot write %s: the folder %s does not exist", name, dir)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", name, err)
	}
	o.files = append(o.files, f)
	o.names = append(o.names, name)
	return f, nil
}

// commit syncs and renames every file into place.
func (o *outputs) commit() error {
	for i, f := range o.files {
		if err := f.Sync(); err != nil {
			return fmt.Errorf("cannot write %s: %w", o.names[i], err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("cannot write %s: %w", o.names[i], err)
		}
		if err := os.Chmod(f.Name(), 0o644); err != nil {
			return err
		}
	}
	for i, f := range o.files {
		if err := os.Rename(f.Name(), o.names[i]); err != nil {
			return fmt.Errorf("cannot write %s: %w", o.names[i], err)
		}
	}
	o.files = nil
	return nil
}

// abort removes what was not committed.
func (o *outputs) abort() {
	for _, f := range o.files {
		f.Close()
		os.Remove(f.Name())
	}
}
