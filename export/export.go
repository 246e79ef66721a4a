package export

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	"github.com/parquet-go/parquet-go/format"

	"anketa/questionnaire"
	"anketa/questionnaire/expr"
	"anketa/storage"
)

// Codes are what a cell holds for each kind of missing answer, and for a
// multiple choice answered with no option (None), which is an answer but
// must not read as "not asked", an empty cell.
type Codes struct {
	Skipped, DontKnow, Refused, NotApplicable, None string
}

// DefaultCodes are negative, so that they never collide with an answer
// and SPSS and Stata can declare them missing.
var DefaultCodes = Codes{Skipped: "-99", DontKnow: "-98", Refused: "-97", NotApplicable: "-96", None: "-95"}

// Options configure an export.
type Options struct {
	Paths []string
	// Out is the CSV file; "-" is standard output (no sidecars).
	Out     string
	Format  string // wide (default) or long
	Dialect Dialect
	// IncludePartial adds in-progress and abandoned sessions.
	IncludePartial bool
	// IncludeRejected keeps the sessions a review rejected, with a review
	// column; without it they are left out and counted.
	IncludeRejected bool
	QuestionnaireID string
	AllowTypeChange bool
	Codes           Codes
	Sidecars        bool
	// Paradata, if set, is a CSV file for the event log.
	Paradata string
	// Contacts, if set, is a CSV file for the approach log.
	Contacts string
	// SkipBad makes damaged or foreign inputs a warning, not a failure.
	SkipBad bool
	// Progress, if set, is told the sessions read so far; Total, if it has
	// one, is told how many there are to read.
	Progress Progress
	// Stdout is where -o - writes.
	Stdout io.Writer
	// Identities open sealed sessions (anketa keygen writes one).
	Identities []age.Identity
	// Zone is the zone of the local times excel-cs writes, and the one the
	// codebook and the R script name; the zero Zone is the machine's.
	Zone Zone
	// Force lets a Parquet export replace a folder that is not empty.
	Force bool
}

// Summary is what an export did. Its counts are of the questionnaire
// exported, but for OtherIDs.
type Summary struct {
	// QuestionnaireID is the questionnaire read.
	QuestionnaireID string
	Stores          int // stores read
	// StoresUsed are the stores that gave sessions to the export.
	StoresUsed int
	Sessions   int // rows written (sessions)
	// Skipped counts the sessions left out by status.
	Skipped map[string]int
	// Duplicates are the sessions found in more than one store, kept once.
	Duplicates int
	// Contacts are the approaches written, ContactDuplicates those found
	// in more than one store, kept once.
	Contacts, ContactDuplicates int
	Conflicts                   []string
	Problems                    []Problem
	OtherIDs                    []string
	Files                       []string
	// Sealed are the sealed sessions that could not be opened (no
	// identity, or not one of their recipients).
	Sealed []storage.ID
}

// ErrBadInputs means some inputs were skipped; the others were exported.
var ErrBadInputs = errors.New("some inputs could not be read")

// ErrSealed means some sessions are sealed and no identity given opens
// them; Summary.Sealed lists them and nothing was written.
var ErrSealed = errors.New("sealed sessions could not be opened")

// Run exports. The outputs are written to temporary files and renamed
// into place only when everything succeeded, so nothing is left half
// written.
func Run(opt Options) (*Summary, error) {
	if opt.Codes == (Codes{}) {
		opt.Codes = DefaultCodes
	}
	if opt.Codes.None == "" {
		opt.Codes.None = DefaultCodes.None
	}
	if opt.Zone.Loc == nil {
		opt.Zone = LocalZone()
	}
	if opt.Format == "" {
		opt.Format = "wide"
	}
	switch opt.Format {
	case "wide", "long":
	case "parquet":
		return runParquet(opt)
	default:
		return nil, fmt.Errorf("unknown format %q; use wide, long or parquet", opt.Format)
	}
	sum := &Summary{Skipped: map[string]int{}}
	stores, names, sc, err := openInputs(opt.Paths, opt.QuestionnaireID, opt.AllowTypeChange, sum)
	defer closeStores(stores)
	if err != nil {
		return sum, err
	}
	if err := CheckOutputs(opt.outputNames(), opt.Paths); err != nil {
		return sum, err
	}
	outs := &outputs{private: len(opt.Identities) > 0}
	defer outs.abort()
	var w io.Writer
	if opt.Out == "-" {
		w = opt.Stdout
		opt.Sidecars = false
	} else {
		f, err := outs.create(opt.Out)
		if err != nil {
			return sum, err
		}
		w = newWriteback(f)
	}
	if err := checkIdentities(stores, opt.Identities); err != nil {
		return sum, err
	}
	ex := &exporter{opt: opt, sc: sc, csv: newCSV(w, opt.Dialect), sum: sum}
	ex.loadDecisions()
	if opt.Dialect == ExcelCS {
		ex.times.loc = opt.Zone.Loc
	}
	if err := ex.checkCodes(); err != nil {
		return sum, err
	}
	if opt.Paradata != "" {
		ex.kept = map[storage.ID]*storage.Store{}
	}
	if opt.Contacts != "" {
		ex.statuses = map[storage.ID]storage.Status{}
	}
	chains := verifyChains(stores, names)
	ex.csv.write(ex.header())
	if err := ex.run(stores, names, csvSink{ex}); err != nil {
		return sum, err
	}
	sum.Problems = append(sum.Problems, <-chains...)
	if len(sum.Sealed) > 0 {
		return sum, ErrSealed // outs.abort removes what was written
	}
	if err := ex.csv.flush(); err != nil {
		return sum, err
	}
	if opt.Contacts != "" { // before the codebook, which counts them
		if err := ex.writeContacts(outs, stores, names); err != nil {
			return sum, err
		}
	}
	if opt.Sidecars {
		if err := ex.writeSidecars(outs); err != nil {
			return sum, err
		}
	}
	if opt.Paradata != "" {
		if err := ex.writeParadata(outs); err != nil {
			return sum, err
		}
	}
	if err := outs.commit(); err != nil {
		return sum, err
	}
	sum.Files = outs.names
	for _, id := range slices.Sorted(maps.Keys(sc.others)) {
		sum.OtherIDs = append(sum.OtherIDs, fmt.Sprintf("%s (%d sessions)", id, sc.others[id]))
	}
	if len(sum.Problems) > 0 && !opt.SkipBad {
		return sum, ErrBadInputs
	}
	return sum, nil
}

// exporter writes the rows.
type exporter struct {
	opt Options
	sc  *schema
	csv *csvWriter
	sum *Summary
	// kept says which store's copy of each exported session was written,
	// for the paradata; filled only when paradata is asked for.
	kept map[storage.ID]*storage.Store
	// statuses are every session's status, for the approach log's
	// interviews; filled only when contacts are asked for.
	statuses map[storage.ID]storage.Status
	// decisions are the review's, from the review stores among the inputs.
	decisions Decisions
	// times is how times are written.
	times timeFormat
	// the longest interviewer code, language and long-format value, in
	// bytes, for the widths SPSS reads them with
	interviewerWidth, languageWidth, reasonWidth, longWidth int
}

func metaHeader() []string {
	return []string{"session_id", "questionnaire_id", "questionnaire_version", "device_id", "interviewer",
		"status", "language", "started_at", "finished_at", "duration_s", "mode", "abandon_reason"}
}

// loadDecisions reads the review's decisions for the questionnaire.
func (ex *exporter) loadDecisions() {
	var problems []Problem
	ex.decisions, problems = LoadDecisions(ex.opt.Paths, ex.sc.id)
	ex.sum.Problems = append(ex.sum.Problems, problems...)
}

// reviewColumn says whether the rows carry the review's verdict: when
// rejected sessions are kept.
func (ex *exporter) reviewColumn() bool { return ex.opt.IncludeRejected }

// verdict is the review's word on a session: approved, rejected, or "".
func (ex *exporter) verdict(id storage.ID) string {
	if d, ok := ex.decisions[id]; ok {
		return d.Verdict.String()
	}
	return ""
}

func (ex *exporter) header() []cell {
	var h []cell
	for _, n := range metaHeader() {
		h = append(h, cell{s: n})
	}
	if ex.reviewColumn() {
		h = append(h, cell{s: "review"})
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

// sink is what the rows are written into: the CSV, or Parquet files.
// format runs on the workers, batch by batch; write gets the batches in
// session ID order, on one goroutine.
type sink interface {
	format(w *worker, b *batch)
	write(b *batch) error
	// split keys sessions whose rows go into different files, if any;
	// batchSize is the sessions a batch takes, 0 for the default.
	split() func(*storage.Header, *version) string
	batchSize() int
}

// csvSink writes the CSV, whose workers format rows as text.
type csvSink struct{ ex *exporter }

func (c csvSink) format(w *worker, b *batch)                    { w.format(b) }
func (c csvSink) split() func(*storage.Header, *version) string { return nil }
func (c csvSink) batchSize() int                                { return 0 }
func (c csvSink) write(b *batch) error {
	return c.ex.csv.rows(b.out)
}

func (ex *exporter) run(stores []*storage.Store, names []string, sk sink) error {
	p := newPass(stores, names, ex.sc, ex.sum, ex.opt.Progress)
	defer p.close()

	// Merging is one goroutine; formatting rows is spread over workers,
	// batch by batch, and the batches are written back in order.
	workers := make([]*worker, max(1, min(4, runtime.GOMAXPROCS(0))))
	for i := range workers {
		workers[i] = ex.newWorker()
	}
	jobs := make(chan *batch, 2*len(workers))
	done := make(chan *batch, 2*len(workers))
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			debug.SetPanicOnFault(true) // the records are read from the stores' memory maps
			for b := range jobs {
				sk.format(w, b)
				done <- b
			}
		}()
	}
	writeErr := make(chan error, 1)
	var badRecords []Problem
	var dropped []storage.ID // the sessions of badRecords
	go func() {
		pending := map[int]*batch{}
		next := 0
		var err error
		for b := range done {
			pending[b.seq] = b
			for pb, ok := pending[next]; ok; pb, ok = pending[next] {
				if err == nil {
					err = sk.write(pb)
				}
				badRecords = append(badRecords, pb.bad...)
				dropped = append(dropped, pb.dropped...)
				ex.sum.Sealed = append(ex.sum.Sealed, pb.sealed...)
				delete(pending, next)
				next++
				batches.Put(pb)
			}
		}
		writeErr <- err
	}()

	var seen func(*storage.Header, *source, *version)
	if ex.kept != nil {
		seen = func(head *storage.Header, src *source, _ *version) { ex.kept[head.ID] = src.store }
	}
	var status func(*storage.Header)
	if ex.statuses != nil {
		status = func(head *storage.Header) { ex.statuses[head.ID] = head.Status }
	}
	p.feed(jobs, feedOptions{partial: ex.opt.IncludePartial, fixed: ex.fixedFields, seen: seen, split: sk.split(), size: sk.batchSize(), status: status,
		decisions: ex.decisions, keepRejected: ex.opt.IncludeRejected})
	wg.Wait()
	close(done)
	err := <-writeErr
	for _, id := range dropped { // not exported, so not in the paradata either
		delete(ex.kept, id)
	}
	ex.sum.Problems = append(ex.sum.Problems, badRecords...)
	ex.sum.Sessions -= len(badRecords) + len(ex.sum.Sealed)
	for _, w := range workers {
		w.addCounts(ex.sc)
	}
	p.finish()
	return err
}

// batchSize is the sessions a worker takes at a time: small enough that
// a batch's records and rows stay in the core's cache between being
// decoded, formatted and written (on 1M sessions 256 to 1024 took 5%
// less CPU time than 2048, and 8192 5% more).
const batchSize = 512

// fixedFields quotes the fields a store's rows share, once per store and
// questionnaire version.
func (ex *exporter) fixedFields(src *source, v *version) []byte {
	if f, ok := src.fixed[v]; ok {
		return f
	}
	var b bytes.Buffer
	t := newCSV(&b, RFC4180)
	t.comma = ex.csv.comma
	t.n = 1
	t.cell(v.q.ID, freeTxt) // written by a person, so guarded too
	t.cell(v.q.Version, freeTxt)
	t.cell(src.store.DeviceID(), freeTxt)
	t.flush()
	if src.fixed == nil {
		src.fixed = map[*version][]byte{}
	}
	src.fixed[v] = b.Bytes()
	return b.Bytes()
}

// batch is a run of sessions to format: their keys and records as
// stored, which stay valid in the stores' memory maps until the export
// ends, so the workers decode them side by side.
type batch struct {
	seq    int
	key    string // the file its rows go into, when the sink splits them
	keys   [][]byte
	recs   [][]byte
	ver    []*version
	fixed  [][]byte // each session's quoted id, version and device
	check  []bool   // records the merger did not check against their checksum
	store  []string
	device []string // each session's store's device ID
	out    []byte   // the CSV rows
	// the Parquet values, column by column, and the row group they make
	pqLeaves  []pqLeaf
	pqScratch pqScratch
	pqOut     []byte
	pqGroup   format.RowGroup
	file      *pqFile // the file the row group goes into
	err       error
	bad       []Problem // records that would not decode or open
	// dropped are their sessions: not exported, so not in the paradata
	dropped []storage.ID
	// sealed are the sealed sessions no identity given could open.
	sealed []storage.ID
}

// batches are reused, so that memory stays flat however many sessions
// pass through.
var batches = sync.Pool{New: func() any { return &batch{} }}

func newBatch(seq int) *batch {
	b := batches.Get().(*batch)
	b.seq, b.key, b.bad, b.sealed, b.dropped = seq, "", b.bad[:0], b.sealed[:0], b.dropped[:0]
	b.keys, b.recs, b.ver, b.fixed, b.store, b.device, b.check = b.keys[:0], b.recs[:0], b.ver[:0], b.fixed[:0], b.store[:0], b.device[:0], b.check[:0]
	b.out = b.out[:0]
	return b
}

func (b *batch) add(key, rec []byte, v *version, fixed []byte, src *source, check bool) {
	b.check = append(b.check, check)
	b.keys = append(b.keys, key)
	b.recs = append(b.recs, rec)
	b.ver = append(b.ver, v)
	b.fixed = append(b.fixed, fixed)
	b.store = append(b.store, src.name)
	b.device = append(b.device, src.store.DeviceID())
}

// worker formats rows; each has its own flow states and codebook counts.
type worker struct {
	ex     *exporter
	csv    *csvWriter
	states map[*version]*vstate
	counts []colCounts
	sess   storage.Session
	codes  []string
	times  timeCache
	// optCells are each column's options as the CSV writes them
	optCells [][][]byte
	// widths of the meta texts and the long format's values, as in exporter
	interviewer, language, reason, long int
	_                                   cachePad
}

// cachePad ends a structure that each worker has its own of and writes
// row after row (the worker, its CSV writer, its flow states): two such
// made one after the other would otherwise share a cache line, or a
// pair of lines the core fetches together, and the two cores would take
// it from each other at every write. Without it the CSV export cost 10%
// more CPU time once the worker had grown by one field (21 alternating
// runs on 1M sessions: 1.11 s against 1.01 s padded).
type cachePad [128]byte

type colCounts struct {
	options                []int
	missing                [4]int
	filled                 int
	notAsked, none, maxLen int
}

func (ex *exporter) newWorker() *worker {
	w := &worker{ex: ex, csv: newCSV(nil, RFC4180), states: map[*version]*vstate{}, counts: make([]colCounts, len(ex.sc.cols)),
		times: timeCache{f: ex.times}}
	w.csv.comma, w.csv.eol, w.csv.decimal = ex.csv.comma, ex.csv.eol, ex.csv.decimal
	// Every column's option counts in one block of the worker's own, so
	// that no two workers count on the same cache line.
	n := 0
	for _, c := range ex.sc.cols {
		n += len(c.options)
	}
	block := make([]int, n+16)[8:]
	for i, c := range ex.sc.cols {
		w.counts[i].options, block = block[:len(c.options):len(c.options)], block[len(c.options):]
	}
	w.optCells = make([][][]byte, len(ex.sc.cols))
	for i, c := range ex.sc.cols {
		for _, o := range c.options {
			w.csv.cell(o.Value, plain)
			w.optCells[i] = append(w.optCells[i], bytes.Clone(w.csv.b))
			w.csv.b, w.csv.n = w.csv.b[:0], 0
		}
	}
	for _, v := range ex.sc.order {
		w.states[v] = newVstate(v)
	}
	return w
}

func (w *worker) format(b *batch) {
	w.csv.b = b.out[:0]
	for i := range b.keys {
		if vs, ok := b.decode(i, &w.sess, &w.codes, w.ex.opt.Identities, w.states); ok {
			w.row(&w.sess, vs, b.fixed[i])
		}
	}
	b.out = w.csv.b
}

func (w *worker) addCounts(sc *schema) {
	for i, c := range sc.cols {
		for k, n := range w.counts[i].options {
			c.counts[k] += n
		}
		for k, n := range w.counts[i].missing {
			c.missing[k] += n
		}
		c.filled += w.counts[i].filled
		c.notAsked += w.counts[i].notAsked
		c.none += w.counts[i].none
		c.maxLen = max(c.maxLen, w.counts[i].maxLen)
	}
	w.ex.interviewerWidth = max(w.ex.interviewerWidth, w.interviewer)
	w.ex.languageWidth = max(w.ex.languageWidth, w.language)
	w.ex.reasonWidth = max(w.ex.reasonWidth, w.reason)
	w.ex.longWidth = max(w.ex.longWidth, w.long)
}

// row writes one session.
func (w *worker) row(sess *storage.Session, vs *vstate, fixed []byte) {
	v := vs.v
	cols := w.ex.sc.cols
	if w.ex.opt.Format == "long" {
		for ci := range cols {
			w.meta(sess, fixed)
			w.csv.cell(cols[ci].name, plain)
			w.value(v, vs.state, ci)
			w.csv.end()
			w.long = max(w.long, w.counts[ci].maxLen)
		}
		return
	}
	w.meta(sess, fixed)
	for ci, c := range cols {
		w.value(v, vs.state, ci)
		if len(c.dummies) > 0 {
			w.dummies(v, vs.state, ci)
		}
	}
	w.csv.end()
}

func (w *worker) meta(sess *storage.Session, fixed []byte) {
	c := w.csv
	c.raw(appendUUID(c.buf[:0], sess.ID))
	// The questionnaire id, version and device, quoted once per store.
	c.bytes(fixed)
	c.n += 3
	c.cell(sess.Interviewer, freeTxt)
	c.word(sess.Status.String())
	c.cell(sess.Language, plain)
	w.interviewer = max(w.interviewer, len(sess.Interviewer)+1)
	w.language = max(w.language, len(sess.Language))
	c.raw(w.times.append(c.buf[:0], sess.Started))
	c.raw(w.times.append(c.buf[:0], sess.Finished))
	if sess.Finished.IsZero() {
		c.raw(nil)
	} else {
		c.raw(strconv.AppendInt(c.buf[:0], int64(sess.Finished.Sub(sess.Started)/time.Second), 10))
	}
	c.word(sess.Mode.String())
	c.cell(sess.Reason, freeTxt)
	w.reason = max(w.reason, len(sess.Reason)+1)
	if w.ex.reviewColumn() {
		c.cell(w.ex.verdict(sess.ID), plain)
	}
}

// value writes column ci's cell, telling not asked, skipped and the
// missing kinds apart, and counts it for the codebook.
func (w *worker) value(v *version, st *questionnaire.State, ci int) {
	c, col, cnt := w.csv, w.ex.sc.cols[ci], &w.counts[ci]
	i := v.items[ci]
	if i < 0 || !st.Relevant(i) {
		c.raw(nil) // not asked
		cnt.notAsked++
		return
	}
	if v.calc[ci] {
		w.calculated(st.Calculated(i), cnt)
		return
	}
	val := st.StoredRef(i)
	codes := &w.ex.opt.Codes
	n := 24 // the width of a number, for the long format's value column
	switch val.Kind {
	case questionnaire.Empty:
		c.cell(codes.Skipped, plain)
		cnt.missing[0]++
		return
	case questionnaire.KindMissing:
		k := int(val.Missing)
		c.cell([]string{"", codes.DontKnow, codes.Refused, codes.NotApplicable}[k], plain)
		cnt.missing[k]++
		return
	case questionnaire.KindText:
		c.cell(val.Text, freeTxt)
		n = len(val.Text) + 1 // and the formula guard's '
	case questionnaire.KindInteger:
		c.raw(strconv.AppendInt(c.buf[:0], val.Int, 10))
	case questionnaire.KindDecimal:
		c.decimalNumber(val.Dec)
	case questionnaire.KindCode:
		if k := col.optionIndex(val.Text); k >= 0 {
			c.raw(w.optCells[ci][k]) // quoted once, as the dialect wants
			cnt.options[k]++
		} else {
			c.cell(val.Text, plain)
		}
		n = len(val.Text)
	case questionnaire.KindCodes:
		switch len(val.Codes) {
		case 0:
			c.cell(codes.None, plain)
			cnt.none++
			n = len(codes.None)
		case 1:
			c.cell(val.Codes[0], plain)
			n = len(val.Codes[0])
		default:
			s := strings.Join(val.Codes, " ")
			c.cell(s, plain)
			n = len(s)
		}
		for _, code := range val.Codes {
			cnt.count(col, code)
		}
	default:
		s := val.String()
		c.cell(s, plain)
		n = len(s)
	}
	cnt.filled++
	cnt.maxLen = max(cnt.maxLen, n)
}

// calculated writes a calculation's value: a number with the dialect's
// decimal mark (nothing for NaN and the infinities, which no statistics
// package reads), a boolean as 1 or 0, text as it is, nothing when empty.
func (w *worker) calculated(v expr.Val, cnt *colCounts) {
	c := w.csv
	switch v.Kind {
	case expr.Number:
		if math.IsNaN(v.N) || math.IsInf(v.N, 0) {
			c.raw(nil)
			return
		}
		c.decimalNumber(v.N)
		cnt.maxLen = max(cnt.maxLen, 24)
	case expr.Bool:
		if v.B {
			c.raw(one)
		} else {
			c.raw(zero)
		}
	case expr.String:
		if v.S == "" {
			c.raw(nil)
			return
		}
		c.cell(v.S, freeTxt)
		cnt.maxLen = max(cnt.maxLen, len(v.S)+1)
	default:
		s := v.String()
		c.cell(s, plain)
		cnt.maxLen = max(cnt.maxLen, len(s))
	}
	cnt.filled++
}

func (cnt *colCounts) count(col *column, code string) {
	if i := col.optionIndex(code); i >= 0 {
		cnt.options[i]++
	}
}

// optionIndex is the position of the option with code, or -1.
func (col *column) optionIndex(code string) int {
	if len(code) == 1 {
		return int(col.byByte[code[0]]) - 1
	}
	for i, o := range col.options {
		if o.Value == code {
			return i
		}
	}
	return -1
}

// dummies writes a select_multiple's 0/1 columns: empty when not asked,
// the missing code when skipped or missing, and all 0 for an empty
// selection (whose main cell is empty too; the dummies tell it from not
// asked).
func (w *worker) dummies(v *version, st *questionnaire.State, ci int) {
	c, col := w.csv, w.ex.sc.cols[ci]
	i := v.items[ci]
	if i < 0 || !st.Relevant(i) {
		for range col.dummies {
			c.raw(nil)
		}
		return
	}
	val := st.StoredRef(i)
	codes := &w.ex.opt.Codes
	for _, d := range col.dummies {
		switch val.Kind {
		case questionnaire.KindCodes:
			if slices.Contains(val.Codes, d) {
				c.raw(one)
			} else {
				c.raw(zero)
			}
		case questionnaire.KindMissing:
			c.cell([]string{"", codes.DontKnow, codes.Refused, codes.NotApplicable}[val.Missing], plain)
		default:
			c.cell(codes.Skipped, plain)
		}
	}
}

var one, zero = []byte("1"), []byte("0")

// appendUUID writes id in the canonical 8-4-4-4-12 form: each byte's two
// digits are one 16-bit store from a table, at a place known when
// compiled, so that no index is checked and no dash looked for.
func appendUUID(b []byte, id storage.ID) []byte {
	var u [36]byte
	le := binary.LittleEndian
	le.PutUint16(u[0:], hexPair[id[0]])
	le.PutUint16(u[2:], hexPair[id[1]])
	le.PutUint16(u[4:], hexPair[id[2]])
	le.PutUint16(u[6:], hexPair[id[3]])
	u[8] = '-'
	le.PutUint16(u[9:], hexPair[id[4]])
	le.PutUint16(u[11:], hexPair[id[5]])
	u[13] = '-'
	le.PutUint16(u[14:], hexPair[id[6]])
	le.PutUint16(u[16:], hexPair[id[7]])
	u[18] = '-'
	le.PutUint16(u[19:], hexPair[id[8]])
	le.PutUint16(u[21:], hexPair[id[9]])
	u[23] = '-'
	le.PutUint16(u[24:], hexPair[id[10]])
	le.PutUint16(u[26:], hexPair[id[11]])
	le.PutUint16(u[28:], hexPair[id[12]])
	le.PutUint16(u[30:], hexPair[id[13]])
	le.PutUint16(u[32:], hexPair[id[14]])
	le.PutUint16(u[34:], hexPair[id[15]])
	return append(b, u[:]...)
}

// hexPair holds every byte's two lower-case hex digits, the first in the
// low byte (as PutUint16 puts it first).
var hexPair = func() (t [256]uint16) {
	const digits = "0123456789abcdef"
	for x := range 256 {
		t[x] = uint16(digits[x>>4]) | uint16(digits[x&0xf])<<8
	}
	return t
}()

// outputs are the files an export writes, each first under a temporary
// name beside its final one. Files that can hold decrypted answers are
// created 0600; the others as the umask allows.
type outputs struct {
	files []*os.File
	names []string
	// private makes every file 0600: the export opened sealed sessions.
	private bool
}

func (o *outputs) create(name string) (*os.File, error) {
	dir := filepath.Dir(name)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("cannot write %s: the folder %s does not exist", name, dir)
	}
	perm := os.FileMode(0o666) // less the umask, as the system applies it
	if o.private {
		perm = 0o600
	}
	var f *os.File
	var err error
	for try := 0; try < 100; try++ {
		tmp := filepath.Join(dir, fmt.Sprintf(".%s.%d.tmp", filepath.Base(name), rand.Uint32()))
		f, err = os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !os.IsExist(err) {
			break
		}
	}
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
	}
	for i, f := range o.files {
		if err := os.Rename(f.Name(), o.names[i]); err != nil {
			return fmt.Errorf("cannot write %s: %w", o.names[i], err)
		}
	}
	if len(o.files) > 0 {
		syncDir(filepath.Dir(o.names[0]))
	}
	o.files = nil
	return nil
}

// syncDir makes the renames in dir durable, where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// abort removes what was not committed.
func (o *outputs) abort() {
	for _, f := range o.files {
		f.Close()
		os.Remove(f.Name())
	}
}
