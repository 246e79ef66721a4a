package export

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unsafe"

	"github.com/klauspost/compress/s2"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"anketa/storage"
)

// The export's own table is written column chunk by column chunk: each
// worker appends a batch's values to typed buffers, one per leaf column,
// and encodes them as one row group with parquet-go's encoders and
// format structures. parquet-go's row writer took a 24-byte
// parquet.Value per cell and looked every text up in a map; for the
// export that was more than half the Parquet export's time. The file's
// schema and column orders are the ones parquet-go's own writer puts in
// a file of the same schema (parquetFooter), and the other tables
// (paradata, contacts) still go through that writer.

// pqLeafSpec is what a leaf column is: its type, levels and encoding.
type pqLeafSpec struct {
	path           []string
	kind           parquet.Kind
	enc            encoding.Encoding // of the values; nil for a dictionary
	dict           bool
	maxDef, maxRep byte
	bounds         bool // whether the chunk's statistics carry min and max
}

// leafSpecs are the schema's leaf columns, in order.
func leafSpecs(schema *parquet.Schema, cols []pqColumn) []pqLeafSpec {
	paths := schema.Columns()
	specs := make([]pqLeafSpec, len(paths))
	for i, path := range paths {
		leaf, _ := schema.Lookup(path...)
		node := leaf.Node
		s := pqLeafSpec{path: path, kind: node.Type().Kind(), maxDef: byte(leaf.MaxDefinitionLevel), maxRep: byte(leaf.MaxRepetitionLevel), bounds: !cols[i].noBounds}
		switch e := node.Encoding(); {
		case e != nil && e.Encoding() == format.RLEDictionary:
			s.dict = true
		case e != nil:
			s.enc = e
		case s.kind == parquet.ByteArray: // parquet-go's default for text
			s.enc = &parquet.DeltaLengthByteArray
		default:
			s.enc = &parquet.Plain
		}
		specs[i] = s
	}
	return specs
}

// pqLeaf holds one leaf column's values for the row group being made.
// Every value is copied in, so nothing points into the stores.
type pqLeaf struct {
	*pqLeafSpec
	defs, reps []byte
	// the values, or a dictionary's values when idx holds the indexes
	i32  []int32
	i64  []int64
	f64  []float64
	bits []byte // booleans, one per byte
	data []byte
	offs []uint32 // len(offs) = values + 1
	idx  []int32
	// the dictionary's indexes by value
	strIdx map[string]int32
	numIdx map[uint64]int32
	// small holds index+1 of the whole numbers 0..pqSmall-1: codes and
	// durations in seconds, found without a map.
	small []int32
	// recent are texts looked up lately, by where their bytes are: the
	// device, the version and the statuses come again and again as the
	// same strings, found without hashing or reading them. The texts
	// given are never changed: they are Go strings, or point into the
	// stores' read-only records; and a pointer kept here keeps its
	// string's memory from being reused for another.
	recent [16]pqRecent
	// pages are the row group's data pages written so far (flushPage),
	// headers included; the counts and sizes are theirs, lo and hi the
	// bounds of their values where there is no dictionary.
	pages                []byte
	entries, nulls, rows int64
	pageBytes            int64
	lo, hi               []byte
}

type pqRecent struct {
	p    *byte
	n, i int32
}

const pqSmall = 4096

func (l *pqLeaf) reset() {
	l.pages, l.entries, l.nulls, l.rows, l.pageBytes, l.lo, l.hi = l.pages[:0], 0, 0, 0, 0, nil, nil
	l.defs, l.reps = l.defs[:0], l.reps[:0]
	l.data, l.offs, l.idx = l.data[:0], append(l.offs[:0], 0), l.idx[:0]
	clear(l.strIdx)
	clear(l.numIdx)
	if l.small != nil {
		for _, v := range l.i32 {
			if uint32(v) < pqSmall {
				l.small[v] = 0
			}
		}
		for _, v := range l.i64 {
			if uint64(v) < pqSmall {
				l.small[v] = 0
			}
		}
	}
	l.i32, l.i64, l.f64, l.bits = l.i32[:0], l.i64[:0], l.f64[:0], l.bits[:0]
	l.recent = [16]pqRecent{}
}

// level records one entry: a value when def is the column's greatest.
// The counts of entries, NULLs and rows are taken from the levels when
// the chunk is encoded (counts).
func (l *pqLeaf) level(def, rep byte) {
	if l.maxDef > 0 {
		l.defs = append(l.defs, def)
	}
	if l.maxRep > 0 {
		l.reps = append(l.reps, rep)
	}
}

func (l *pqLeaf) null() { l.level(0, 0) }

// counts are the chunk's entries (values and NULLs), NULLs and rows.
func (l *pqLeaf) counts() (n, nulls, rows int) {
	switch {
	case l.maxDef > 0:
		n = len(l.defs)
		for d := range l.maxDef {
			nulls += bytes.Count(l.defs, []byte{d})
		}
	case l.dict:
		n = len(l.idx)
	default:
		n = l.values()
	}
	rows = n
	if l.maxRep > 0 {
		rows = bytes.Count(l.reps, []byte{0})
	}
	return n, nulls, rows
}

func (l *pqLeaf) str(s string, rep byte) {
	l.level(l.maxDef, rep)
	if !l.dict {
		l.data = append(l.data, s...)
		l.offs = append(l.offs, uint32(len(l.data)))
		return
	}
	p := unsafe.StringData(s)
	e := &l.recent[(uintptr(unsafe.Pointer(p))*0x9E3779B97F4A7C15)>>60]
	if e.p == p && int(e.n) == len(s) && p != nil {
		l.idx = append(l.idx, e.i)
		return
	}
	i, ok := l.strIdx[s]
	if !ok {
		if l.strIdx == nil {
			l.strIdx = map[string]int32{}
		}
		i = int32(len(l.offs) - 1)
		l.data = append(l.data, s...)
		l.offs = append(l.offs, uint32(len(l.data)))
		l.strIdx[strings.Clone(s)] = i
	}
	*e = pqRecent{p, int32(len(s)), i}
	l.idx = append(l.idx, i)
}

// uuid puts a session ID in a text column without a dictionary.
func (l *pqLeaf) uuid(id storage.ID) {
	if l.dict {
		panic("export: session_id has a dictionary") // a programming error
	}
	l.level(l.maxDef, 0)
	l.data = appendUUID(l.data, id)
	l.offs = append(l.offs, uint32(len(l.data)))
}

// number finds or adds a dictionary's number by its bits; add appends
// the value to the dictionary. Whole numbers 0..pqSmall-1 (small) are
// found in a table.
func (l *pqLeaf) number(key uint64, small bool, add func()) int32 {
	small = small && key < pqSmall
	if small {
		if l.small == nil {
			l.small = make([]int32, pqSmall)
		}
		if i := l.small[key]; i > 0 {
			return i - 1
		}
	} else if i, ok := l.numIdx[key]; ok {
		return i
	}
	i := int32(max(len(l.i32), len(l.i64), len(l.f64)))
	add()
	if small {
		l.small[key] = i + 1
	} else {
		if l.numIdx == nil {
			l.numIdx = map[uint64]int32{}
		}
		l.numIdx[key] = i
	}
	return i
}

func (l *pqLeaf) int32(v int32, rep byte) {
	l.level(l.maxDef, rep)
	switch {
	case !l.dict:
		l.i32 = append(l.i32, v)
	case uint32(v) < pqSmall && l.small != nil && l.small[v] > 0:
		l.idx = append(l.idx, l.small[v]-1)
	default:
		l.idx = append(l.idx, l.number(uint64(uint32(v)), true, func() { l.i32 = append(l.i32, v) }))
	}
}

func (l *pqLeaf) int64(v int64) {
	l.level(l.maxDef, 0)
	if l.dict {
		l.idx = append(l.idx, l.number(uint64(v), true, func() { l.i64 = append(l.i64, v) }))
	} else {
		l.i64 = append(l.i64, v)
	}
}

func (l *pqLeaf) double(v float64) {
	l.level(l.maxDef, 0)
	if l.dict {
		l.idx = append(l.idx, l.number(math.Float64bits(v), false, func() { l.f64 = append(l.f64, v) }))
	} else {
		l.f64 = append(l.f64, v)
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func (l *pqLeaf) boolean(v bool) {
	l.level(l.maxDef, 0)
	l.bits = append(l.bits, byte(b2u(v)))
}

// values is how many values (not NULLs) the dictionary or the buffers
// hold.
func (l *pqLeaf) values() int {
	switch l.kind {
	case parquet.ByteArray:
		return len(l.offs) - 1
	case parquet.Int32:
		return len(l.i32)
	case parquet.Int64:
		return len(l.i64)
	case parquet.Double:
		return len(l.f64)
	}
	return len(l.bits)
}

// pqScratch is a batch's buffers for encoding its pages.
type pqScratch struct {
	reps, defs, levels []byte
	vals, comp         []byte
	proto              thrift.CompactProtocol
}

// encodeValues encodes the buffers' values: a dictionary's page, or the
// values of a column without one.
func (l *pqLeaf) encodeValues(dst []byte, enc encoding.Encoding) ([]byte, error) {
	switch l.kind {
	case parquet.ByteArray:
		return enc.EncodeByteArray(dst, l.data, l.offs)
	case parquet.Int32:
		return enc.EncodeInt32(dst, l.i32)
	case parquet.Int64:
		return enc.EncodeInt64(dst, l.i64)
	case parquet.Double:
		return enc.EncodeDouble(dst, l.f64)
	case parquet.Boolean:
		packed := dst[:0]
		for i, b := range l.bits {
			if i%8 == 0 {
				packed = append(packed, 0)
			}
			packed[len(packed)-1] |= b << (i % 8)
		}
		return enc.EncodeBoolean(packed[len(packed):], packed)
	}
	return dst, fmt.Errorf("no Parquet encoding for %s", l.kind)
}

// minMax are the least and greatest value, PLAIN-encoded as the
// statistics hold them.
func (l *pqLeaf) minMax() (lo, hi []byte) {
	if !l.bounds || l.values() == 0 {
		return nil, nil
	}
	le := binary.LittleEndian
	switch l.kind {
	case parquet.ByteArray:
		lo, hi = l.data[l.offs[0]:l.offs[1]], l.data[l.offs[0]:l.offs[1]]
		for i := 1; i < len(l.offs)-1; i++ {
			v := l.data[l.offs[i]:l.offs[i+1]]
			if bytes.Compare(v, lo) < 0 {
				lo = v
			}
			if bytes.Compare(v, hi) > 0 {
				hi = v
			}
		}
		return slices.Clone(lo), slices.Clone(hi)
	case parquet.Int32:
		return le.AppendUint32(nil, uint32(slices.Min(l.i32))), le.AppendUint32(nil, uint32(slices.Max(l.i32)))
	case parquet.Int64:
		return le.AppendUint64(nil, uint64(slices.Min(l.i64))), le.AppendUint64(nil, uint64(slices.Max(l.i64)))
	case parquet.Double:
		return le.AppendUint64(nil, math.Float64bits(slices.Min(l.f64))), le.AppendUint64(nil, math.Float64bits(slices.Max(l.f64)))
	case parquet.Boolean:
		return []byte{slices.Min(l.bits)}, []byte{slices.Max(l.bits)}
	}
	return nil, nil
}

// page appends a page's header and body, the body compressed with
// Snappy after the uncompressed prefix (a V2 data page's levels).
func (sc *pqScratch) page(out []byte, h *format.PageHeader, prefix, body []byte) ([]byte, int64, error) {
	// s2 makes a new buffer, zeroed, when dst is shorter than the most
	// it could write: the scratch is kept that long instead.
	if n := s2.MaxEncodedLen(len(body)); cap(sc.comp) < n {
		sc.comp = make([]byte, n)
	}
	sc.comp = s2.EncodeSnappy(sc.comp[:cap(sc.comp)], body)
	h.UncompressedPageSize = int32(len(prefix) + len(body))
	h.CompressedPageSize = int32(len(prefix) + len(sc.comp))
	hb, err := thrift.Marshal(&sc.proto, h)
	if err != nil {
		return out, 0, err
	}
	out = append(out, hb...)
	out = append(out, prefix...)
	out = append(out, sc.comp...)
	return out, int64(len(hb)) + int64(h.UncompressedPageSize), nil
}

// pqPage is the rows of a data page: a row group's pages are encoded
// as the rows come, so that a worker's buffers stay small enough for
// the core's cache, and only the dictionary waits for the row group.
const pqPage = 4096

// flushPage encodes the rows given since the last page as a V2 data
// page (the levels, uncompressed, then the values, compressed) into
// pages, and empties the buffers but for a dictionary's values.
func (l *pqLeaf) flushPage(sc *pqScratch) error {
	n, nulls, rows := l.counts()
	if n == 0 {
		return nil
	}
	if len(l.data) > math.MaxInt32 { // a page's size is an int32, and offs would have wrapped
		return fmt.Errorf("the texts of column %s in %d rows exceed 2 GB", strings.Join(l.path, "."), rows)
	}
	var err error
	valueEnc := format.RLEDictionary
	if l.dict {
		sc.vals, err = (&parquet.RLEDictionary).EncodeInt32(sc.vals[:0], l.idx)
	} else {
		valueEnc = l.enc.Encoding()
		sc.vals, err = l.encodeValues(sc.vals[:0], l.enc)
	}
	if err != nil {
		return err
	}
	sc.reps, sc.defs = sc.reps[:0], sc.defs[:0]
	if l.maxRep > 0 {
		if sc.reps, err = (&rle.Encoding{BitWidth: bits.Len8(l.maxRep)}).EncodeLevels(sc.reps, l.reps); err != nil {
			return err
		}
	}
	if l.maxDef > 0 {
		if sc.defs, err = (&rle.Encoding{BitWidth: bits.Len8(l.maxDef)}).EncodeLevels(sc.defs, l.defs); err != nil {
			return err
		}
	}
	sc.levels = append(append(sc.levels[:0], sc.reps...), sc.defs...)
	// A page's own bounds where its values are at hand; a dictionary's
	// are the chunk's, from the dictionary.
	var lo, hi []byte
	if !l.dict {
		lo, hi = l.minMax()
		l.widen(lo, hi)
	}
	h := format.PageHeader{Type: format.DataPageV2, DataPageHeaderV2: thrift.New(format.DataPageHeaderV2{
		NumValues:                  int32(n),
		NumNulls:                   int32(nulls),
		NumRows:                    int32(rows),
		Encoding:                   valueEnc,
		DefinitionLevelsByteLength: int32(len(sc.defs)),
		RepetitionLevelsByteLength: int32(len(sc.reps)),
		IsCompressed:               thrift.New(true),
		Statistics:                 format.Statistics{NullCount: int64(nulls), MinValue: lo, MaxValue: hi},
	})}
	var size int64
	if l.pages, size, err = sc.page(l.pages, &h, sc.levels, sc.vals); err != nil {
		return err
	}
	l.entries, l.nulls, l.rows, l.pageBytes = l.entries+int64(n), l.nulls+int64(nulls), l.rows+int64(rows), l.pageBytes+size
	l.defs, l.reps, l.idx = l.defs[:0], l.reps[:0], l.idx[:0]
	if !l.dict {
		l.i32, l.i64, l.f64, l.bits = l.i32[:0], l.i64[:0], l.f64[:0], l.bits[:0]
		l.data, l.offs = l.data[:0], append(l.offs[:0], 0)
	}
	return nil
}

// widen takes a page's bounds into the chunk's.
func (l *pqLeaf) widen(lo, hi []byte) {
	if lo == nil {
		return
	}
	if l.lo == nil || l.less(lo, l.lo) {
		l.lo = lo
	}
	if l.hi == nil || l.less(l.hi, hi) {
		l.hi = hi
	}
}

// less compares two PLAIN-encoded values of the leaf's type as the
// statistics order them: numbers by value, texts by their bytes.
func (l *pqLeaf) less(a, b []byte) bool {
	le := binary.LittleEndian
	switch l.kind {
	case parquet.Int32:
		return int32(le.Uint32(a)) < int32(le.Uint32(b))
	case parquet.Int64:
		return int64(le.Uint64(a)) < int64(le.Uint64(b))
	case parquet.Double:
		return math.Float64frombits(le.Uint64(a)) < math.Float64frombits(le.Uint64(b))
	}
	return bytes.Compare(a, b) < 0
}

// encode appends the leaf's column chunk: the last rows' data page is
// made, then the dictionary page (if any) is written and the data pages
// after it. It returns the chunk's metadata, with offsets from the start
// of out.
func (l *pqLeaf) encode(sc *pqScratch, out []byte) ([]byte, format.ColumnChunk, error) {
	if err := l.flushPage(sc); err != nil {
		return out, format.ColumnChunk{}, err
	}
	start := int64(len(out))
	md := format.ColumnMetaData{
		Type:         format.Type(l.kind),
		PathInSchema: l.path,
		Codec:        format.Snappy,
		NumValues:    l.entries,
	}
	uncompressed := l.pageBytes
	valueEnc := format.RLEDictionary
	lo, hi := l.lo, l.hi
	if l.dict {
		md.DictionaryPageOffset = start
		var err error
		if sc.vals, err = l.encodeValues(sc.vals[:0], &parquet.Plain); err != nil {
			return out, format.ColumnChunk{}, err
		}
		h := format.PageHeader{Type: format.DictionaryPage, DictionaryPageHeader: thrift.New(format.DictionaryPageHeader{NumValues: int32(l.values()), Encoding: format.Plain})}
		var size int64
		if out, size, err = sc.page(out, &h, nil, sc.vals); err != nil {
			return out, format.ColumnChunk{}, err
		}
		uncompressed += size
		lo, hi = l.minMax()
	} else {
		valueEnc = l.enc.Encoding()
	}
	md.DataPageOffset = int64(len(out))
	out = append(out, l.pages...)
	encs := []format.Encoding{valueEnc}
	if l.dict {
		encs = append(encs, format.Plain)
	}
	if l.maxDef > 0 || l.maxRep > 0 {
		encs = append(encs, format.RLE)
	}
	slices.Sort(encs)
	md.Encoding = encs
	md.TotalUncompressedSize = uncompressed
	md.TotalCompressedSize = int64(len(out)) - start
	md.Statistics = format.Statistics{NullCount: l.nulls, MinValue: lo, MaxValue: hi}
	return out, format.ColumnChunk{FileOffset: start, MetaData: md}, nil
}
