package export

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"anketa/questionnaire"
	"anketa/questionnaire/expr"
	"anketa/storage"
)

// Parquet is the hand-off to the engines beyond one machine (DuckDB,
// Spark, Arrow): one folder of files, partitioned the way Hive names
// folders, DIR/questionnaire=ID/month=YYYY-MM/part-NNNN.parquet, by the
// session's start in the export's time zone. Every column is typed; a
// missing answer is NULL, and NAME__missing says which kind it was.

// parquetRowsPerFile is the most rows a part file takes before the next
// one starts (a row group is parquetBatch rows).
const parquetRowsPerFile = 1_000_000

// pqKind is what fills a Parquet column.
type pqKind uint8

const (
	pqMeta pqKind = iota
	pqValue
	pqDummy
	pqMissing
)

// pqColumn is one column of the Parquet schema.
type pqColumn struct {
	name  string
	node  parquet.Node
	kind  pqKind
	ci    int // the question's column, for the others
	dummy string
	// how a value is written: codes as INT32, a list, the type of a
	// calculation or an answer
	intCodes, list bool
	optInt         []int32 // with intCodes, each option's code as a number
	col            *column // the question's
	typ            questionnaire.Type
	calc           expr.Kind
	calcKnown      bool
	// noBounds leaves out the page bounds (min and max): for text whose
	// order means nothing to a query, which they would only cost time.
	noBounds bool
}

// pqGroup is a Parquet group whose fields keep the order given, so that
// the columns come in the CSV's order (parquet.Group sorts them by name).
type pqGroup []parquet.Field

func (g pqGroup) ID() int                           { return 0 }
func (g pqGroup) String() string                    { return fmt.Sprintf("message with %d fields", len(g)) }
func (g pqGroup) Type() parquet.Type                { return parquet.Group{}.Type() }
func (g pqGroup) Optional() bool                    { return false }
func (g pqGroup) Repeated() bool                    { return false }
func (g pqGroup) Required() bool                    { return true }
func (g pqGroup) Leaf() bool                        { return false }
func (g pqGroup) Fields() []parquet.Field           { return g }
func (g pqGroup) Encoding() encoding.Encoding       { return nil }
func (g pqGroup) Compression() compress.Codec       { return nil }
func (g pqGroup) GoType() reflect.Type              { return reflect.TypeOf(map[string]any{}) }
func (f pqField) Name() string                      { return f.name }
func (f pqField) Value(reflect.Value) reflect.Value { return reflect.Value{} }

type pqField struct {
	parquet.Node
	name string
}

// dict is a text column whose values repeat: dictionary-encoded.
func dict() parquet.Node { return parquet.Encoded(parquet.String(), &parquet.RLEDictionary) }

// parquetColumns is the schema: the meta columns, then each question's
// value, its 0/1 columns and its NAME__missing, in the CSV's order.
func (ex *exporter) parquetColumns() []pqColumn {
	meta := []pqColumn{
		{name: "session_id", node: parquet.String()},
		{name: "questionnaire_id", node: dict()},
		{name: "questionnaire_version", node: dict()},
		{name: "device_id", node: dict()},
		{name: "interviewer", node: parquet.Optional(dict())},
		{name: "status", node: dict()},
		{name: "language", node: parquet.Optional(dict())},
		{name: "started_at", node: parquet.Encoded(parquet.TimestampAdjusted(parquet.Millisecond, true), &parquet.DeltaBinaryPacked)},
		{name: "finished_at", node: parquet.Optional(parquet.Encoded(parquet.TimestampAdjusted(parquet.Millisecond, true), &parquet.DeltaBinaryPacked))},
		{name: "duration_s", node: parquet.Optional(parquet.Encoded(parquet.Int(64), &parquet.RLEDictionary))},
		{name: "mode", node: dict()},
		{name: "abandon_reason", node: parquet.Optional(dict())},
	}
	if ex.reviewColumn() {
		meta = append(meta, pqColumn{name: "review", node: parquet.Optional(dict())})
	}
	for i := range meta {
		meta[i].kind = pqMeta
		switch meta[i].name {
		case "device_id", "interviewer", "abandon_reason":
			meta[i].noBounds = true
		}
	}
	cols := meta
	for ci, c := range ex.sc.cols {
		col := pqColumn{name: c.name, kind: pqValue, ci: ci, typ: c.typ, col: c}
		switch c.typ {
		case questionnaire.SelectOne:
			// Whole-number codes are INT32 only when every one fits in
			// 32 bits; a longer code would not survive the conversion.
			col.intCodes = c.numeric() && c.numeric32()
			col.node = dict()
			if col.intCodes {
				col.node = parquet.Encoded(parquet.Int(32), &parquet.RLEDictionary)
			}
		case questionnaire.SelectMultiple:
			col.intCodes, col.list = c.numeric32(), true
			el := parquet.String()
			if col.intCodes {
				el = parquet.Int(32)
			}
			col.node = parquet.List(el)
		case questionnaire.Integer:
			col.node = parquet.Encoded(parquet.Int(64), &parquet.RLEDictionary)
		case questionnaire.Decimal:
			col.node = parquet.Leaf(parquet.DoubleType)
		case questionnaire.DateType:
			col.node = parquet.Date()
		case questionnaire.Calculate:
			col.calc, col.calcKnown = c.item.CalcKind()
			switch {
			case col.calcKnown && col.calc == expr.Number:
				col.node = parquet.Encoded(parquet.Leaf(parquet.DoubleType), &parquet.RLEDictionary)
			case col.calcKnown && col.calc == expr.Bool:
				col.node = parquet.Leaf(parquet.BooleanType)
			case col.calcKnown && col.calc == expr.Date:
				col.node = parquet.Date()
			default:
				col.node = parquet.String()
			}
		default:
			col.node = parquet.String()
			col.noBounds = c.typ == questionnaire.TextType
		}
		if col.intCodes {
			for _, o := range c.options {
				n, _ := strconv.ParseInt(o.Value, 10, 32)
				col.optInt = append(col.optInt, int32(n))
			}
		}
		col.node = parquet.Optional(col.node)
		cols = append(cols, col)
		for _, d := range c.dummies {
			cols = append(cols, pqColumn{name: c.name + "__" + d, node: parquet.Optional(parquet.Encoded(parquet.Int(32), &parquet.RLEDictionary)), kind: pqDummy, ci: ci, dummy: d})
		}
		if ex.canBeMissing(c) {
			cols = append(cols, pqColumn{name: c.name + "__missing", node: parquet.Optional(dict()), kind: pqMissing, ci: ci, noBounds: true})
		}
	}
	return cols
}

// numeric32 reports whether a question's codes are all whole numbers
// that fit in 32 bits and are written as such numbers are (no leading
// zero or plus), so that an INT32 gives each back as it was and the
// labels, which are by code, still match: a code 01 stays text.
func (c *column) numeric32() bool {
	for _, o := range c.options {
		n, err := strconv.ParseInt(o.Value, 10, 32)
		if err != nil || strconv.FormatInt(n, 10) != o.Value {
			return false
		}
	}
	return len(c.options) > 0
}

// canBeMissing reports whether a question's value can be NULL in the
// export, so that it gets a NAME__missing column: unless it is asked in
// every version, of everyone, is required, and offers no missing option.
func (ex *exporter) canBeMissing(c *column) bool {
	if c.typ == questionnaire.Calculate {
		return false
	}
	if ex.opt.IncludePartial || slices.ContainsFunc(c.options, func(o *questionnaire.Option) bool { return o.Missing != questionnaire.NotMissing }) {
		return true
	}
	for _, v := range ex.sc.order {
		i := v.index[c.name]
		it := v.q.Items[i]
		if _, ok := v.index[c.name]; !ok || !it.Required || it.RequiredIf.Set() {
			return true
		}
		for p := it; p != nil; p = p.Parent {
			if p.Relevant.Set() {
				return true
			}
		}
	}
	return false
}

// parquetSink writes the rows into the partitions' files under dir. The
// feed gives each batch its file (split), so that the workers encode and
// compress each batch as a row group of that file, side by side; the
// row groups are committed to their files in session order.
type parquetSink struct {
	ex     *exporter
	dir    string // the temporary folder the files are written into
	schema *parquet.Schema
	cols   []pqColumn
	leaves int // the file's columns: a list is one
	// metaCols are the meta columns, which come first
	metaCols int
	meta     string // the labels and codebook, as JSON, in every file
	specs    []pqLeafSpec
	// footer is what every file's footer holds besides its row groups:
	// the schema and column orders as parquet-go's writer makes them.
	footer format.FileMetaData

	mu      sync.Mutex
	files   map[string]*pqFile // by batch key: partition and file number
	written []string

	// rows counts the rows given to each partition, for split.
	rows map[string]*int
}

type pqFile struct {
	path   string
	file   *os.File
	buf    *bufio.Writer
	offset int64 // the bytes written so far
	rows   int64
	groups []format.RowGroup
}

// parquetMagic opens and closes every Parquet file.
const parquetMagic = "PAR1"

// parquetBatch is the rows a batch and a row group take: large enough
// for DuckDB and Spark to read a row group at a time.
const parquetBatch = 8192

func (ps *parquetSink) batchSize() int { return parquetBatch }

// split names the file a session's row goes into: its questionnaire and
// the month it started in, and the partition's file number. Sessions
// come in time order, so the key is made again only when the day, the
// version or the file changes.
func (ps *parquetSink) split() func(*storage.Header, *version) string {
	var (
		key, part, month string
		ver              *version
		dayStart, dayEnd int64
		n                *int
	)
	return func(h *storage.Header, v *version) string {
		ms := h.Started.UnixMilli()
		if ms < dayStart || ms >= dayEnd || v != ver {
			t := h.Started.In(ps.ex.opt.Zone.Loc)
			y, m, d := t.Date()
			start := time.Date(y, m, d, 0, 0, 0, 0, t.Location())
			dayStart, dayEnd = start.UnixMilli(), start.AddDate(0, 0, 1).UnixMilli()
			if mo := t.Format("2006-01"); mo != month || v != ver {
				month, ver = mo, v
				part = "questionnaire=" + hivePart(v.q.ID) + "/month=" + month
				if ps.rows[part] == nil {
					ps.rows[part] = new(int)
				}
				n = ps.rows[part]
				key = ""
			}
		}
		if *n%parquetRowsPerFile == 0 || key == "" {
			key = fmt.Sprintf("%s/part-%04d.parquet", part, *n/parquetRowsPerFile)
		}
		*n++
		return key
	}
}

func (ex *exporter) newParquetSink(dir string) *parquetSink {
	ps := &parquetSink{ex: ex, dir: dir, cols: ex.parquetColumns(), files: map[string]*pqFile{}, rows: map[string]*int{}}
	fields := make(pqGroup, len(ps.cols))
	for i, c := range ps.cols {
		fields[i] = pqField{c.node, c.name}
	}
	ps.schema = parquet.NewSchema("anketa", fields)
	ps.leaves = len(ps.schema.Columns())
	want := metaHeader()
	if ex.reviewColumn() {
		want = append(want, "review")
	}
	for _, c := range ps.cols {
		if c.kind == pqMeta {
			if ps.metaCols >= len(want) || c.name != want[ps.metaCols] {
				panic("export: the Parquet meta columns are not in parquetRow's order") // a programming error
			}
			ps.metaCols++
		}
	}
	if ps.metaCols != len(want) {
		panic("export: the Parquet meta columns are not in parquetRow's order")
	}
	ps.meta = ex.parquetMetadata(ps.cols)
	ps.specs = leafSpecs(ps.schema, ps.cols)
	var err error
	// The footer needs only what is not a row group's: the schema, the
	// labels, the writer's name (codec, row groups and bounds are ours).
	if ps.footer, err = parquetFooter(ps.schema, parquet.KeyValueMetadata("anketa.codebook", ps.meta), parquet.CreatedBy("anketa", "", "")); err != nil {
		panic("export: parquet-go cannot write the schema: " + err.Error()) // a programming error
	}
	return ps
}

// parquetFooter is the footer parquet-go's writer gives a file with no
// rows: the schema, the column orders, the metadata and the writer's
// name, to which a file's row groups are added.
func parquetFooter(options ...parquet.WriterOption) (format.FileMetaData, error) {
	var empty bytes.Buffer
	w := parquet.NewWriter(&empty, options...)
	if err := w.Close(); err != nil {
		return format.FileMetaData{}, err
	}
	pf, err := parquet.OpenFile(bytes.NewReader(empty.Bytes()), int64(empty.Len()))
	if err != nil {
		return format.FileMetaData{}, err
	}
	md := *pf.Metadata()
	md.RowGroups, md.NumRows = nil, 0
	return md, nil
}

func (ps *parquetSink) format(w *worker, b *batch) {
	b.file, b.err = nil, nil
	if len(b.pqLeaves) != len(ps.specs) {
		b.pqLeaves = make([]pqLeaf, len(ps.specs))
		for i := range b.pqLeaves {
			b.pqLeaves[i].pqLeafSpec = &ps.specs[i]
		}
	}
	for i := range b.pqLeaves {
		b.pqLeaves[i].reset()
	}
	rows := 0
	for i := range b.keys {
		vs, ok := b.decode(i, &w.sess, &w.codes, w.ex.opt.Identities, w.states)
		if !ok {
			continue
		}
		w.parquetRow(ps, b, &w.sess, vs, b.device[i])
		if rows++; rows%pqPage == 0 {
			for k := range b.pqLeaves {
				if err := b.pqLeaves[k].flushPage(&b.pqScratch); err != nil {
					b.err = err
					return
				}
			}
		}
	}
	if rows == 0 {
		return
	}
	f, err := ps.file(b.key)
	if err != nil {
		b.err = err
		return
	}
	if err := b.encodeGroup(rows); err != nil {
		b.err = fmt.Errorf("cannot write %s: %w", f.path, err)
		return
	}
	b.file = f
}

// encodeGroup encodes the batch's leaves as one row group of rows rows:
// the column chunks into pqOut, their metadata into pqGroup, with
// offsets from the row group's start (write moves them into the file).
func (b *batch) encodeGroup(rows int) error {
	b.pqOut = b.pqOut[:0]
	cols := make([]format.ColumnChunk, len(b.pqLeaves))
	var size int64
	for i := range b.pqLeaves {
		var err error
		if b.pqOut, cols[i], err = b.pqLeaves[i].encode(&b.pqScratch, b.pqOut); err != nil {
			return err
		}
		size += cols[i].MetaData.TotalUncompressedSize
	}
	b.pqGroup = format.RowGroup{Columns: cols, NumRows: int64(rows), TotalByteSize: size, TotalCompressedSize: int64(len(b.pqOut))}
	return nil
}

// hivePart escapes a partition value as Hive and Spark do, so that a
// questionnaire id with a space or a colon still makes one folder.
func hivePart(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-', c == '.':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func (ps *parquetSink) write(b *batch) error {
	if b.err != nil {
		return b.err
	}
	f := b.file
	if f == nil {
		return nil
	}
	b.file = nil
	if _, err := f.buf.Write(b.pqOut); err != nil {
		return fmt.Errorf("cannot write %s: %w", f.path, err)
	}
	// The chunks' offsets were from the row group's start.
	g := b.pqGroup
	for i := range g.Columns {
		c := &g.Columns[i]
		c.FileOffset += f.offset
		c.MetaData.DataPageOffset += f.offset
		if b.pqLeaves[i].dict {
			c.MetaData.DictionaryPageOffset += f.offset
		}
	}
	g.FileOffset = f.offset
	g.Ordinal = int16(len(f.groups))
	f.groups = append(f.groups, g)
	f.offset += int64(len(b.pqOut))
	f.rows += g.NumRows
	return nil
}

// file is the open file of a batch key, made on first use.
func (ps *parquetSink) file(key string) (*pqFile, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if f := ps.files[key]; f != nil {
		return f, nil
	}
	path := filepath.Join(ps.dir, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return nil, err
	}
	perm := os.FileMode(0o666)
	if len(ps.ex.opt.Identities) > 0 {
		perm = 0o600
	}
	file, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, err
	}
	f := &pqFile{path: path, file: file, buf: bufio.NewWriterSize(newWriteback(file), 1<<20), offset: int64(len(parquetMagic))}
	f.buf.WriteString(parquetMagic)
	ps.files[key] = f
	return f, nil
}

// finish writes every file's footer, then syncs the files and their
// folders, each in a goroutine of its own, so that the disk takes them
// together rather than one after the other (most of the data is on the
// disk already: the files are written through writeback).
func (ps *parquetSink) finish() error {
	keys := slices.Sorted(maps.Keys(ps.files))
	errs := make([]error, len(keys))
	dirs := map[string]bool{ps.dir: true}
	var wg sync.WaitGroup
	for i, key := range keys {
		f := ps.files[key]
		errs[i] = ps.footerOf(f)
		if errs[i] == nil {
			errs[i] = f.buf.Flush()
		}
		if errs[i] == nil {
			wg.Go(func() { errs[i] = f.file.Sync() })
		}
		for d := filepath.Dir(f.path); len(d) > len(ps.dir); d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	wg.Wait()
	var first error
	for i, key := range keys { // every file is closed, whatever failed
		f := ps.files[key]
		if err := f.file.Close(); errs[i] == nil {
			errs[i] = err
		}
		f.file = nil
		if errs[i] != nil && first == nil {
			first = fmt.Errorf("cannot write %s: %w", f.path, errs[i])
		}
		ps.written = append(ps.written, f.path)
	}
	if first != nil {
		return first
	}
	for d := range dirs {
		wg.Go(func() { syncDir(d) })
	}
	wg.Wait()
	return nil
}

// footerOf writes the file's footer: its metadata, their length and the
// closing magic.
func (ps *parquetSink) footerOf(f *pqFile) error {
	md := ps.footer
	md.NumRows, md.RowGroups = f.rows, f.groups
	b, err := thrift.Marshal(new(thrift.CompactProtocol), &md)
	if err != nil {
		return err
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(b)))
	_, err = f.buf.Write(append(b, parquetMagic...))
	return err
}

// abort closes what is open; the caller removes the folder.
func (ps *parquetSink) abort() {
	for _, f := range ps.files {
		if f.file != nil {
			f.file.Close()
		}
	}
}

// pqRow appends one row's values to the batch's leaf columns, in order.
type pqRow struct {
	cols []pqLeaf
	leaf int
}

func (r *pqRow) next() *pqLeaf {
	l := &r.cols[r.leaf]
	r.leaf++
	return l
}

func (r *pqRow) null()            { r.next().level(0, 0) }
func (r *pqRow) str(s string)     { r.next().str(s, 0) }
func (r *pqRow) int32(v int32)    { r.next().int32(v, 0) }
func (r *pqRow) int64(v int64)    { r.next().int64(v) }
func (r *pqRow) double(v float64) { r.next().double(v) }

// text puts a string, NULL when empty.
func (r *pqRow) text(s string) {
	if s == "" {
		r.null()
	} else {
		r.str(s)
	}
}

// parquetRow appends the session's row to the batch's values: the meta
// columns in parquetColumns' order, then each question's.
func (w *worker) parquetRow(ps *parquetSink, b *batch, sess *storage.Session, vs *vstate, device string) {
	v := vs.v
	st := vs.state
	r := pqRow{cols: b.pqLeaves}
	r.next().uuid(sess.ID)
	r.str(v.q.ID)
	r.str(v.q.Version)
	r.str(device)
	w.interviewer = max(w.interviewer, len(sess.Interviewer)+1)
	r.text(sess.Interviewer)
	r.str(sess.Status.String())
	w.language = max(w.language, len(sess.Language))
	r.text(sess.Language)
	r.int64(sess.Started.UnixMilli())
	if sess.Finished.IsZero() {
		r.null()
		r.null()
	} else {
		r.int64(sess.Finished.UnixMilli())
		r.int64(int64(sess.Finished.Sub(sess.Started) / time.Second))
	}
	r.str(sess.Mode.String())
	w.reason = max(w.reason, len(sess.Reason)+1)
	r.text(sess.Reason)
	if w.ex.reviewColumn() {
		r.text(w.ex.verdict(sess.ID))
	}
	// A question's value comes before its 0/1 columns and its kind of
	// missing, which read the cell the value found.
	var cell pqCell
	cols := ps.cols[ps.metaCols:]
	leaves := b.pqLeaves[ps.metaCols:][:len(cols)] // a column is one leaf
	for k := range cols {
		c, l := &cols[k], &leaves[k]
		switch c.kind {
		case pqValue:
			cell = cellOf(c, v, st)
			w.pqValue(c, l, v, st, cell)
		case pqDummy:
			if cell.kind != "" || cell.val == nil || cell.val.Kind != questionnaire.KindCodes {
				l.null()
			} else if slices.Contains(cell.val.Codes, c.dummy) {
				l.int32(1, 0)
			} else {
				l.int32(0, 0)
			}
		case pqMissing:
			if cell.kind != "" {
				l.str(cell.kind, 0)
			} else {
				l.null()
			}
		}
	}
}

// pqCell is a question's cell in a session: its answer, or the kind of
// missing it is (not_asked, skipped, dont_know, refused, not_applicable,
// a list's own missing option included); and for a single choice the
// index of its option, or -1.
type pqCell struct {
	val  *questionnaire.Value
	kind string
	opt  int
}

// cellOf is question column c's cell in the session; its value and its
// 0/1 and NAME__missing columns are all written from it.
func cellOf(c *pqColumn, v *version, st *questionnaire.State) pqCell {
	i := v.items[c.ci]
	if i < 0 || !st.Relevant(i) {
		return pqCell{kind: "not_asked", opt: -1}
	}
	if v.calc[c.ci] {
		return pqCell{opt: -1}
	}
	val := st.StoredRef(i)
	cell := pqCell{val: val, opt: -1}
	switch val.Kind {
	case questionnaire.Empty:
		cell.kind = "skipped"
	case questionnaire.KindMissing:
		cell.kind = val.Missing.String()
	case questionnaire.KindCode:
		if cell.opt = c.col.optionIndex(val.Text); cell.opt >= 0 && c.col.missingOf[cell.opt] != questionnaire.NotMissing {
			cell.kind = c.col.missingOf[cell.opt].String()
		}
	case questionnaire.KindCodes:
		if len(val.Codes) == 1 {
			if oi := c.col.optionIndex(val.Codes[0]); oi >= 0 && c.col.missingOf[oi] != questionnaire.NotMissing {
				cell.kind = c.col.missingOf[oi].String()
			}
		}
	}
	return cell
}

// codeInt is the number of option oi's code, or of code itself when it
// is not an option.
func (c *pqColumn) codeInt(oi int, code string) int32 {
	if oi >= 0 {
		return c.optInt[oi]
	}
	n, _ := strconv.ParseInt(code, 10, 32)
	return int32(n)
}

// pqValue writes a question's or a calculation's value, and counts it
// for the codebook as the CSV does.
// val and kind are the question's cell, from cellOf.
func (w *worker) pqValue(c *pqColumn, l *pqLeaf, v *version, st *questionnaire.State, cell pqCell) {
	cnt := &w.counts[c.ci]
	col := c.col
	val, kind := cell.val, cell.kind
	if val == nil {
		if kind == "" { // a calculation
			w.pqCalculated(c, l, st.Calculated(v.items[c.ci]), cnt)
			return
		}
		cnt.notAsked++
		l.null()
		return
	}
	switch val.Kind {
	case questionnaire.Empty:
		cnt.missing[0]++
		l.null()
		return
	case questionnaire.KindMissing:
		cnt.missing[val.Missing]++
		l.null()
		return
	}
	cnt.filled++
	switch val.Kind {
	case questionnaire.KindCode:
		if cell.opt >= 0 {
			cnt.options[cell.opt]++
		}
		switch {
		case kind != "":
			l.null() // a missing option: NULL, its kind beside
		case c.intCodes:
			l.int32(c.codeInt(cell.opt, val.Text), 0)
		default:
			l.str(val.Text, 0)
		}
	case questionnaire.KindCodes:
		switch {
		case kind != "": // a list's own missing option: NULL, counted
			for _, code := range val.Codes {
				cnt.count(col, code)
			}
			l.null()
		case len(val.Codes) == 0:
			cnt.none++
			l.level(1, 0) // an empty list: answered, no option
		default: // each code found once, for its count and its number
			for k, code := range val.Codes {
				oi := col.optionIndex(code)
				if oi >= 0 {
					cnt.options[oi]++
				}
				if rep := byte(min(k, 1)); c.intCodes {
					l.int32(c.codeInt(oi, code), rep)
				} else {
					l.str(code, rep)
				}
			}
		}
	case questionnaire.KindInteger:
		l.int64(val.Int)
	case questionnaire.KindDecimal:
		if math.IsNaN(val.Dec) || math.IsInf(val.Dec, 0) {
			l.null()
		} else {
			l.double(val.Dec)
		}
	case questionnaire.KindDate:
		if d, ok := expr.ParseDay(val.Text); ok {
			l.int32(int32(d.N), 0)
		} else {
			l.null()
		}
	default:
		cnt.maxLen = max(cnt.maxLen, len(val.Text)+1)
		l.str(val.String(), 0)
	}
}

func (w *worker) pqCalculated(c *pqColumn, l *pqLeaf, x expr.Val, cnt *colCounts) {
	empty := x.Kind == expr.String && x.S == "" || x.Kind == expr.Number && (math.IsNaN(x.N) || math.IsInf(x.N, 0))
	if empty {
		l.null()
		return
	}
	cnt.filled++
	switch {
	case !c.calcKnown || c.calc == expr.String:
		l.str(x.String(), 0)
	case c.calc == expr.Number:
		l.double(x.Number())
	case c.calc == expr.Bool:
		l.boolean(x.Truth())
	case c.calc == expr.Date:
		l.int32(int32(x.N), 0)
	}
}

// parquetMetadata is the labels and codes of every column, as JSON, for
// the files' key-value metadata ("anketa.codebook").
func (ex *exporter) parquetMetadata(cols []pqColumn) string {
	lang := ex.lang()
	type colMeta struct {
		Name    string            `json:"name"`
		Label   string            `json:"label,omitempty"`
		Type    string            `json:"type"`
		Values  map[string]string `json:"values,omitempty"`
		Missing map[string]string `json:"missing_options,omitempty"`
	}
	var versions []string
	for _, v := range ex.sc.order {
		versions = append(versions, v.q.Version)
	}
	out := struct {
		Questionnaire string    `json:"questionnaire"`
		Title         string    `json:"title"`
		Versions      []string  `json:"versions"`
		TimeZone      string    `json:"time_zone"`
		Columns       []colMeta `json:"columns"`
	}{ex.sc.id, ex.sc.order[0].q.Title.In(lang, lang), versions, ex.opt.Zone.Name, nil}
	for _, c := range cols {
		m := colMeta{Name: c.name, Type: pqTypeName(c)}
		switch c.kind {
		case pqMeta:
		case pqValue:
			col := ex.sc.cols[c.ci]
			m.Label = col.label(lang)
			for _, o := range col.options {
				if o.Missing == questionnaire.NotMissing {
					if m.Values == nil {
						m.Values = map[string]string{}
					}
					m.Values[o.Value] = o.Label.In(lang, lang)
				} else {
					if m.Missing == nil {
						m.Missing = map[string]string{}
					}
					m.Missing[o.Value] = o.Missing.String()
				}
			}
		case pqDummy:
			col := ex.sc.cols[c.ci]
			m.Label = col.label(lang) + ": " + optionLabel(col, c.dummy, lang)
		case pqMissing:
			m.Label = "why " + ex.sc.cols[c.ci].name + " is NULL: not_asked, skipped, dont_know, refused or not_applicable"
		}
		out.Columns = append(out.Columns, m)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// pqTypeName is the column's type as the codebook states it, as the
// file's schema prints it: "optional int32 (INT(32,true))". (A node
// printed alone leaves out whether it is optional.)
func pqTypeName(c pqColumn) string {
	s := parquet.NewSchema("x", pqGroup{pqField{c.node, c.name}}).String()
	words := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(s, "message x {"), "}"))
	for i, w := range words { // the column's name, after its type
		if w == c.name || w == c.name+";" {
			words = slices.Delete(words, i, i+1)
			break
		}
	}
	return strings.TrimSuffix(strings.Join(words, " "), ";")
}

// writeParadataParquet writes the event log of the exported sessions as a
// Parquet table of its own, in the folder opt.Paradata, in session ID and
// sequence order: written into a temporary folder beside it and renamed
// into place when complete.
func (ex *exporter) writeParadataParquet() error {
	fields := pqGroup{
		pqField{parquet.String(), "session_id"},
		pqField{parquet.Int(32), "seq"},
		pqField{parquet.TimestampAdjusted(parquet.Millisecond, true), "time"},
		pqField{dict(), "event"},
		pqField{parquet.Optional(dict()), "question"},
		pqField{parquet.Optional(parquet.String()), "old_value"},
		pqField{parquet.Optional(parquet.String()), "new_value"},
		pqField{parquet.Optional(parquet.String()), "text"},
	}
	var row parquet.Row
	return ex.writeTable(ex.opt.Paradata, "the paradata", "anketa_events", fields, func(emit func(parquet.Row) error) error {
		return ex.eachEvent(func(id storage.ID, ev storage.Event) error {
			row = append(row[:0],
				parquet.ByteArrayValue([]byte(id.String())).Level(0, 0, 0),
				parquet.Int32Value(int32(ev.Seq)).Level(0, 0, 1),
				parquet.Int64Value(ev.Time.UnixMilli()).Level(0, 0, 2),
				parquet.ByteArrayValue([]byte(ev.Kind.String())).Level(0, 0, 3),
				optStr(ev.Item, 4), optStr(ev.Old.String(), 5), optStr(ev.New.String(), 6), optStr(ev.Text, 7))
			return emit(row)
		})
	})
}

// writeContactsParquet writes the merged approach log as a Parquet table:
// the contacts CSV's columns, typed.
func (ex *exporter) writeContactsParquet(stores []*storage.Store, names []string) error {
	places := ex.sc.placeColumns()
	fields := pqGroup{
		pqField{parquet.String(), "contact_id"},
		pqField{dict(), "questionnaire_id"},
		pqField{parquet.Optional(dict()), "questionnaire_version"},
		pqField{dict(), "device_id"},
		pqField{parquet.Optional(dict()), "interviewer"},
		pqField{parquet.TimestampAdjusted(parquet.Millisecond, true), "time"},
		pqField{parquet.Date(), "day"},
		pqField{parquet.Int(32), "outcome"},
		pqField{dict(), "outcome_label"},
		pqField{parquet.Optional(parquet.String()), "session_id"},
		pqField{parquet.Optional(dict()), "session_status"},
		pqField{parquet.Optional(parquet.Int(32)), "sampling_every"},
		pqField{parquet.Optional(parquet.Int(32)), "client_number"},
	}
	for _, c := range places {
		fields = append(fields, pqField{parquet.Optional(dict()), c.name})
	}
	var row parquet.Row
	optInt := func(n, col int) parquet.Value {
		if n == 0 {
			return parquet.Value{}.Level(0, 0, col)
		}
		return parquet.Int32Value(int32(n)).Level(0, 1, col)
	}
	return ex.writeTable(ex.opt.Contacts, "the approach log", "anketa_contacts", fields, func(emit func(parquet.Row) error) error {
		var werr error
		tot, err := eachContact(stores, names, ex.sc.id, func(c *storage.Contact, device string) {
			if werr != nil {
				return
			}
			version := ""
			if v := ex.sc.versions[c.QuestionnaireHash]; v != nil {
				version = v.q.Version
			}
			session, status := "", ""
			if c.Outcome == storage.Interviewed {
				session, status = c.Session.String(), "not_found"
				if st, ok := ex.statuses[c.Session]; ok {
					status = st.String()
				}
			}
			local := c.Time.In(ex.opt.Zone.Loc)
			y, m, d := local.Date()
			days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
			row = append(row[:0],
				parquet.ByteArrayValue([]byte(c.ID.String())).Level(0, 0, 0),
				parquet.ByteArrayValue([]byte(c.QuestionnaireID)).Level(0, 0, 1),
				optStr(version, 2),
				parquet.ByteArrayValue([]byte(device)).Level(0, 0, 3),
				optStr(c.Interviewer, 4),
				parquet.Int64Value(c.Time.UnixMilli()).Level(0, 0, 5),
				parquet.Int32Value(int32(days)).Level(0, 0, 6),
				parquet.Int32Value(int32(c.Outcome)).Level(0, 0, 7),
				parquet.ByteArrayValue([]byte(OutcomeLabels[c.Outcome])).Level(0, 0, 8),
				optStr(session, 9), optStr(status, 10), optInt(c.Every, 11), optInt(c.Count, 12))
			for k, pc := range places {
				row = append(row, optStr(placeValue(c, pc.name), 13+k))
			}
			werr = emit(row)
		})
		ex.sum.Contacts, ex.sum.ContactDuplicates = tot.Contacts, tot.Duplicates
		ex.sum.Conflicts = append(ex.sum.Conflicts, tot.Conflicts...)
		ex.sum.Problems = append(ex.sum.Problems, tot.Problems...)
		if err != nil {
			return err
		}
		return werr
	})
}

// optStr is an optional text cell: NULL when empty.
func optStr(s string, col int) parquet.Value {
	if s == "" {
		return parquet.Value{}.Level(0, 0, col)
	}
	return parquet.ByteArrayValue([]byte(s)).Level(0, 1, col)
}

// writeTable writes a Parquet table of fields into the folder dir, as
// part files of at most parquetRowsPerFile rows: into a temporary folder,
// synced, then renamed. what names it in messages; rows emits its rows.
func (ex *exporter) writeTable(dir, what, name string, fields pqGroup, rows func(emit func(parquet.Row) error) error) (err error) {
	dir = filepath.Clean(dir)
	if err := folderFree(dir, what, "name a new folder for "+what, ex.opt.Force); err != nil {
		return err // checked before the export too; here again, just before replacing it
	}
	tmp, err := tempDir(filepath.Dir(dir), "."+filepath.Base(dir), len(ex.opt.Identities) > 0)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	schema := parquet.NewSchema(name, fields)
	var file *os.File
	var buf *bufio.Writer
	var w *parquet.Writer
	part, n := 0, 0
	closeFile := func() error {
		if w == nil {
			return nil
		}
		err := w.Close()
		if err == nil {
			err = buf.Flush()
		}
		if err == nil {
			err = file.Sync()
		}
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		w = nil
		return err
	}
	err = rows(func(row parquet.Row) error {
		if w == nil || n == parquetRowsPerFile {
			if err := closeFile(); err != nil {
				return err
			}
			f, err := os.OpenFile(filepath.Join(tmp, fmt.Sprintf("part-%04d.parquet", part)), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
			if err != nil {
				return err
			}
			file, buf, part, n = f, bufio.NewWriterSize(f, 1<<20), part+1, 0
			w = parquet.NewWriter(buf, schema, parquet.Compression(&parquet.Snappy), parquet.CreatedBy("anketa", "", ""))
		}
		n++
		_, err := w.WriteRows([]parquet.Row{row})
		return err
	})
	if err == nil {
		err = closeFile()
	}
	if err != nil {
		closeFile()
		return fmt.Errorf("cannot write %s: %w", dir, err)
	}
	syncDir(tmp)
	if ex.opt.Force {
		os.RemoveAll(dir)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("cannot write %s: %w", dir, err)
	}
	syncDir(filepath.Dir(dir))
	return nil
}
