package export

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"anketa/questionnaire"
	"anketa/storage"
)

// parquetFiles reads every file under dir, by its path inside dir.
func parquetFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out[rel], _ = os.ReadFile(p)
		}
		return nil
	})
	return out
}

// TestParquetDeterministic: the same stores in any order give the same
// files, byte for byte, partitioned by questionnaire and month.
func TestParquetDeterministic(t *testing.T) {
	dir := t.TempDir()
	q, _ := questionnaire.Default()
	paths, err := Generate(GenerateOptions{Questionnaire: q, Sessions: 3000, Stores: 4, Seed: 9, Dir: filepath.Join(dir, "stores")})
	if err != nil {
		t.Fatal(err)
	}
	zone, _ := ParseZone("Europe/Prague")
	var first map[string][]byte
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 4; i++ {
		shuffled := append([]string{}, paths...)
		r.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		out := filepath.Join(dir, "pq")
		if _, err := Run(Options{Paths: shuffled, Out: out, Format: "parquet", Zone: zone, Force: true, Sidecars: true}); err != nil {
			t.Fatal(err)
		}
		files := parquetFiles(t, out)
		if first == nil {
			first = files
			var names []string
			for n := range files {
				names = append(names, n)
			}
			sort.Strings(names)
			if len(names) < 2 || !strings.HasPrefix(names[0], "questionnaire=spokojenost_magistrat/month=2026-") || !strings.HasSuffix(names[0], "/part-0000.parquet") {
				t.Fatalf("the partitions: %v", names)
			}
			continue
		}
		if len(files) != len(first) {
			t.Fatalf("order %d: %d files, first %d", i, len(files), len(first))
		}
		for n, b := range files {
			if !bytes.Equal(b, first[n]) {
				t.Fatalf("order %v: %s differs", shuffled, n)
			}
		}
	}
	book, err := os.ReadFile(filepath.Join(dir, "pq.codebook.md"))
	if err != nil {
		t.Fatal("no codebook beside the folder")
	}
	// The codebook describes the Parquet folder, not the CSV it is not:
	// its layout, how to read it, NULL and NAME__missing for a missing
	// answer, and each column's Parquet type.
	for _, want := range []string{"the folder `pq`, Parquet", "questionnaire=spokojenost_magistrat/month=YYYY-MM/part-NNNN.parquet", "in Europe/Prague",
		"read_parquet('pq/**/*.parquet', hive_partitioning = true)", "`NAME__missing`", "| `dont_know` | don't know |",
		"| `interviewer` | `optional binary (STRING)` |", "| `started_at` | `required int64 (TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS))` |",
		"in Parquet: `optional int32 (INT(32,true))`", "in Parquet: `optional double`"} {
		if !strings.Contains(string(book), want) {
			t.Errorf("the Parquet codebook does not say %q", want)
		}
	}
	for _, wrong := range []string{"comma-separated", "pq.sps", "`-99`", "in SPSS"} {
		if strings.Contains(string(book), wrong) {
			t.Errorf("the Parquet codebook says %q, which is the CSV's", wrong)
		}
	}
}

// TestParquetFolderSafety: a folder that exists and is not empty is
// refused, --force replaces only an export's own files, a folder that
// holds the inputs is refused, and a failed run leaves nothing behind.
func TestParquetFolderSafety(t *testing.T) {
	f := &fixture{t, t.TempDir()}
	q := load(t, "v1.yaml")
	p := f.store("a.db", func(s *storage.Store) {
		session(t, s, q, true, "znamka", questionnaire.CodeValue("1"))
	})
	out := filepath.Join(t.TempDir(), "pq")
	os.Mkdir(out, 0o755)
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("a coordinator's notes"), 0o644)
	if _, err := Run(Options{Paths: []string{p}, Out: out, Format: "parquet"}); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("a folder with files: %v", err)
	}
	if _, err := Run(Options{Paths: []string{p}, Out: out, Format: "parquet", Force: true}); err == nil || !strings.Contains(err.Error(), "notes.txt, which is not a Parquet file") {
		t.Errorf("--force over a folder of other files: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "notes.txt")); string(b) != "a coordinator's notes" {
		t.Fatal("the notes were lost")
	}
	if _, err := Run(Options{Paths: []string{filepath.Join(f.dir)}, Out: filepath.Dir(p), Format: "parquet", Force: true}); err == nil {
		t.Error("a folder holding the input store was accepted")
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := Run(Options{Paths: []string{p}, Out: fresh, Format: "parquet"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(Options{Paths: []string{p}, Out: fresh, Format: "parquet", Force: true}); err != nil {
		t.Errorf("--force over an earlier export: %v", err)
	}
	// A store whose sessions are sealed, without the key: nothing is written.
	id, _ := age.GenerateX25519Identity()
	sealedQ, err := questionnaire.Parse("s.yaml", []byte(strings.Replace(string(q.Source), "title: Test", "title: Test\nrecipients: ["+id.Recipient().String()+"]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	sealed := f.store("sealed.db", func(s *storage.Store) {
		session(t, s, sealedQ, true, "znamka", questionnaire.CodeValue("2"))
	})
	failed := filepath.Join(t.TempDir(), "failed")
	if _, err := Run(Options{Paths: []string{sealed}, Out: failed, Format: "parquet"}); !errors.Is(err, ErrSealed) {
		t.Errorf("sealed sessions without the key: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(failed)); len(entries) > 0 {
		t.Errorf("a failed run left %v", entries)
	}
	// With the key the sealed session is exported, and the files are private.
	withKey := filepath.Join(t.TempDir(), "opened")
	if sum, err := Run(Options{Paths: []string{sealed}, Out: withKey, Format: "parquet", Identities: []age.Identity{id}, Paradata: withKey + ".events"}); err != nil || sum.Sessions != 1 {
		t.Fatalf("sealed with the key: %v %+v", err, sum)
	}
	for name := range parquetFiles(t, withKey) {
		if info, _ := os.Stat(filepath.Join(withKey, name)); info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v for decrypted answers", name, info.Mode().Perm())
		}
	}
	if events := parquetFiles(t, withKey+".events"); len(events) != 1 {
		t.Errorf("the events table: %d files", len(events))
	}
	// The tables beside the export are checked as the export's folder
	// is, and before any work: --force never deletes a folder of other
	// files named by mistake (here the stores), and a taken folder stops
	// the run before the export is made.
	side := filepath.Join(t.TempDir(), "side")
	if _, err := Run(Options{Paths: []string{p}, Out: side, Format: "parquet", Force: true, Paradata: f.dir}); err == nil || !strings.Contains(err.Error(), "which is not a Parquet file") {
		t.Errorf("--force with the stores' folder as the paradata: %v", err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("the store is gone: %v", err)
	}
	taken := filepath.Join(t.TempDir(), "taken.contacts")
	os.Mkdir(taken, 0o755)
	os.WriteFile(filepath.Join(taken, "part-0000.parquet"), []byte("earlier"), 0o644)
	if _, err := Run(Options{Paths: []string{p}, Out: side, Format: "parquet", Contacts: taken}); !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "for the approach log") {
		t.Errorf("a taken approach log folder: %v", err)
	}
	if _, err := os.Stat(side); !os.IsNotExist(err) {
		t.Errorf("the export was made before the taken folder was found: %v", err)
	}
}

// TestParquetStatistics reads every column chunk of an export with
// parquet-go's reader and checks what the chunk's metadata says of it
// against its values (checkChunks). The questionnaire has every column
// type; 20,000 sessions make months of several row groups.
func TestParquetStatistics(t *testing.T) {
	dir := t.TempDir()
	q, err := questionnaire.ReadFile("testdata/missing2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	paths, err := Generate(GenerateOptions{Questionnaire: q, Sessions: 20_000, Stores: 2, Seed: 5, Dir: filepath.Join(dir, "stores")})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pq")
	if _, err := Run(Options{Paths: paths, Out: out, Format: "parquet", IncludePartial: true}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*", "*", "*.parquet"))
	noBounds := func(col string) bool {
		return col == "device_id" || col == "interviewer" || col == "abandon_reason" || col == "poznamka" || strings.HasSuffix(col, "__missing")
	}
	groups, bounded := 0, 0
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		g, b, _ := checkChunks(t, path, raw, noBounds)
		groups, bounded = groups+g, bounded+b
	}
	if groups <= len(files) || bounded < 50 {
		t.Errorf("%d files, %d row groups, %d chunks with bounds: too few to have tested several row groups a file", len(files), groups, bounded)
	}
}

// checkChunks reads a Parquet file with parquet-go's reader and checks
// what each column chunk's metadata says of it against its values: how
// many there are, how many are NULL, the rows, and the least and
// greatest value, which DuckDB and Spark skip row groups by (a wrong
// bound would make a filtered query miss rows); a column noBounds names
// has none. It returns the row groups, the chunks with bounds, and each
// leaf's values, levels included, by its path.
func checkChunks(t *testing.T, path string, raw []byte, noBounds func(col string) bool) (groups, bounded int, values map[string][]parquet.Value) {
	t.Helper()
	pf, err := parquet.OpenFile(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	values = map[string][]parquet.Value{}
	leaves := pf.Schema().Columns()
	for g, rg := range pf.RowGroups() {
		groups++
		meta := pf.Metadata().RowGroups[g]
		if meta.NumRows != rg.NumRows() || int(meta.Ordinal) != g {
			t.Errorf("%s row group %d: %d rows, ordinal %d", path, g, meta.NumRows, meta.Ordinal)
		}
		for c, chunk := range rg.ColumnChunks() {
			leaf, _ := pf.Schema().Lookup(leaves[c]...)
			name := strings.Join(leaves[c], ".")
			typ := leaf.Node.Type()
			var vals []parquet.Value
			pages := chunk.Pages()
			for {
				p, err := pages.ReadPage()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s %s: %v", path, name, err)
				}
				buf := make([]parquet.Value, p.NumValues())
				n, err := p.Values().ReadValues(buf)
				if err != nil && err != io.EOF {
					t.Fatalf("%s %s: %v", path, name, err)
				}
				for _, v := range buf[:n] {
					vals = append(vals, v.Clone())
				}
			}
			pages.Close()
			values[name] = append(values[name], vals...)
			var nulls, rows int64
			var lo, hi parquet.Value
			seen := false
			for _, v := range vals {
				if v.RepetitionLevel() == 0 {
					rows++
				}
				if v.DefinitionLevel() < leaf.MaxDefinitionLevel {
					nulls++
					continue
				}
				if !seen || typ.Compare(v, lo) < 0 {
					lo = v
				}
				if !seen || typ.Compare(v, hi) > 0 {
					hi = v
				}
				seen = true
			}
			md := meta.Columns[c].MetaData
			st := md.Statistics
			if md.NumValues != int64(len(vals)) || st.NullCount != nulls || rows != meta.NumRows {
				t.Errorf("%s group %d %s: metadata %d values, %d NULL; read %d, %d NULL, %d rows of %d", path, g, name, md.NumValues, st.NullCount, len(vals), nulls, rows, meta.NumRows)
			}
			// The data pages' headers say the same, together: parquet-go's
			// reader counts the levels instead, but other readers use them.
			var pv, pn, pr int64
			end := meta.Columns[c].FileOffset + md.TotalCompressedSize
			for off := md.DataPageOffset; off < end; {
				var h format.PageHeader
				r := new(thrift.CompactProtocol).NewReaderFromBytes(raw[off:end])
				if err := thrift.NewDecoder(r).Decode(&h); err != nil {
					t.Fatalf("%s group %d %s: a data page's header at %d: %v", path, g, name, off, err)
				}
				v2, ok := h.DataPageHeaderV2.Get()
				if !ok {
					t.Fatalf("%s group %d %s: the page at %d is not a V2 data page", path, g, name, off)
				}
				pv, pn, pr = pv+int64(v2.NumValues), pn+int64(v2.NumNulls), pr+int64(v2.NumRows)
				off += int64(r.BytesRead()) + int64(h.CompressedPageSize)
			}
			if pv != int64(len(vals)) || pn != nulls || pr != rows {
				t.Errorf("%s group %d %s: the data pages' headers say %d values, %d NULL, %d rows; read %d, %d, %d", path, g, name, pv, pn, pr, len(vals), nulls, rows)
			}
			if !seen || noBounds(leaves[c][0]) {
				if st.MinValue != nil || st.MaxValue != nil {
					t.Errorf("%s group %d %s: bounds %q..%q on a column without them", path, g, name, st.MinValue, st.MaxValue)
				}
				continue
			}
			bounded++
			kind := typ.Kind()
			if typ.Compare(kind.Value(st.MinValue), lo) != 0 || typ.Compare(kind.Value(st.MaxValue), hi) != 0 {
				t.Errorf("%s group %d %s: bounds %v..%v, the values run %v..%v", path, g, name, kind.Value(st.MinValue), kind.Value(st.MaxValue), lo, hi)
			}
		}
	}
	return groups, bounded, values
}

// TestParquetChunkRoundTrip writes random values into every kind of
// leaf the export makes, with the edges generated sessions seldom
// reach: a row group of one row, columns all NULL, a dictionary of one
// value (indexes of no bits) and one of thousands, negative numbers, -0
// and +0, empty and long texts, lists empty and NULL, booleans across
// bytes. parquet-go's reader must give back every value and level, and
// every chunk's counts and bounds must be its values' (checkChunks).
func TestParquetChunkRoundTrip(t *testing.T) {
	fields := pqGroup{
		pqField{parquet.String(), "id"},
		pqField{parquet.Optional(dict()), "kind"},
		pqField{parquet.Optional(parquet.String()), "note"},
		pqField{parquet.Optional(parquet.Encoded(parquet.Int(32), &parquet.RLEDictionary)), "code"},
		pqField{parquet.Optional(parquet.Encoded(parquet.Int(64), &parquet.RLEDictionary)), "seconds"},
		pqField{parquet.Encoded(parquet.TimestampAdjusted(parquet.Millisecond, true), &parquet.DeltaBinaryPacked), "at"},
		pqField{parquet.Optional(parquet.Leaf(parquet.DoubleType)), "km"},
		pqField{parquet.Optional(parquet.Encoded(parquet.Leaf(parquet.DoubleType), &parquet.RLEDictionary)), "share"},
		pqField{parquet.Optional(parquet.Leaf(parquet.BooleanType)), "older"},
		pqField{parquet.Optional(parquet.Date()), "day"},
		pqField{parquet.Optional(parquet.List(parquet.Int(32))), "channels"},
		pqField{parquet.Optional(parquet.List(parquet.String())), "words"},
	}
	schema := parquet.NewSchema("t", fields)
	cols := make([]pqColumn, len(fields))
	cols[2].noBounds = true // the note
	specs := leafSpecs(schema, cols)
	footer, err := parquetFooter(schema)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 8))
	pick := func(n int) int { return r.IntN(n) }
	words := []string{"", "a", "ž", strings.Repeat("dlouhý text ", 40)}
	var out bytes.Buffer
	out.WriteString(parquetMagic)
	f := &pqFile{path: "t.parquet", buf: bufio.NewWriter(&out), offset: int64(len(parquetMagic))}
	ps := &parquetSink{footer: footer}
	b := &batch{pqLeaves: make([]pqLeaf, len(specs))}
	for i := range b.pqLeaves {
		b.pqLeaves[i].pqLeafSpec = &specs[i]
	}
	want := map[string][]parquet.Value{}
	put := func(name string, v parquet.Value, rep, def int) {
		want[name] = append(want[name], v.Level(rep, def, 0))
	}
	// Each row group has its own mix: 0 most values, 1 all NULL, 2 one
	// value, 3 many different ones.
	for _, group := range [][2]int{{1, 0}, {700, 0}, {300, 1}, {200, 2}, {9000, 3}} {
		rows, mix := group[0], group[1]
		for i := range b.pqLeaves {
			b.pqLeaves[i].reset()
		}
		for range rows {
			l := b.pqLeaves
			null := func() bool { return mix == 1 || mix != 2 && pick(5) == 0 }
			id := fmt.Sprintf("id-%08d", pick(1e8))
			l[0].str(id, 0)
			put("id", parquet.ByteArrayValue([]byte(id)), 0, 0)
			text := func(k int, name string, s string) {
				if null() {
					l[k].null()
					put(name, parquet.Value{}, 0, 0)
				} else {
					l[k].str(s, 0)
					put(name, parquet.ByteArrayValue([]byte(s)), 0, 1)
				}
			}
			kind := []string{"skipped", "dont_know", "refused"}[pick(3)]
			if mix == 2 {
				kind = "skipped"
			}
			text(1, "kind", kind)
			text(2, "note", words[pick(len(words))])
			code := int32([]int{1, 2, 3, 9, -5}[pick(5)])
			seconds := int64(pick(6000)) - 100
			share := []float64{0, math.Copysign(0, -1), 0.5, 1}[pick(4)]
			if mix == 3 {
				code, seconds, share = int32(pick(20000))-10000, int64(pick(1<<40)), r.Float64()
			}
			if mix == 2 {
				code, seconds, share = 7, 60, 0.25
			}
			if null() {
				l[3].null()
				put("code", parquet.Value{}, 0, 0)
			} else {
				l[3].int32(code, 0)
				put("code", parquet.Int32Value(code), 0, 1)
			}
			if null() {
				l[4].null()
				put("seconds", parquet.Value{}, 0, 0)
			} else {
				l[4].int64(seconds)
				put("seconds", parquet.Int64Value(seconds), 0, 1)
			}
			at := int64(1_790_000_000_000 + pick(1e9))
			l[5].int64(at)
			put("at", parquet.Int64Value(at), 0, 0)
			if null() {
				l[6].null()
				put("km", parquet.Value{}, 0, 0)
			} else {
				km := (r.Float64() - 0.5) * 1e6
				l[6].double(km)
				put("km", parquet.DoubleValue(km), 0, 1)
			}
			if null() {
				l[7].null()
				put("share", parquet.Value{}, 0, 0)
			} else {
				l[7].double(share)
				put("share", parquet.DoubleValue(share), 0, 1)
			}
			if null() {
				l[8].null()
				put("older", parquet.Value{}, 0, 0)
			} else {
				v := pick(2) == 0
				l[8].boolean(v)
				put("older", parquet.BooleanValue(v), 0, 1)
			}
			if null() {
				l[9].null()
				put("day", parquet.Value{}, 0, 0)
			} else {
				d := int32(pick(40000)) - 20000
				l[9].int32(d, 0)
				put("day", parquet.Int32Value(d), 0, 1)
			}
			list := func(k int, name string, el func(rep byte) parquet.Value) {
				switch n := pick(4); {
				case null():
					l[k].null()
					put(name, parquet.Value{}, 0, 0)
				case n == 0:
					l[k].level(1, 0)
					put(name, parquet.Value{}, 0, 1)
				default:
					for e := range n {
						put(name, el(byte(min(e, 1))), min(e, 1), 2)
					}
				}
			}
			list(10, "channels.list.element", func(rep byte) parquet.Value {
				c := int32(pick(4) + 1)
				l[10].int32(c, rep)
				return parquet.Int32Value(c)
			})
			list(11, "words.list.element", func(rep byte) parquet.Value {
				w := words[pick(len(words))]
				l[11].str(w, rep)
				return parquet.ByteArrayValue([]byte(w))
			})
		}
		if err := b.encodeGroup(rows); err != nil {
			t.Fatal(err)
		}
		b.file = f
		if err := ps.write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := ps.footerOf(f); err != nil {
		t.Fatal(err)
	}
	f.buf.Flush()
	groups, _, got := checkChunks(t, "t.parquet", out.Bytes(), func(col string) bool { return col == "note" })
	if groups != 5 {
		t.Errorf("%d row groups, want 5", groups)
	}
	for name, w := range want {
		g := got[name]
		if len(g) != len(w) {
			t.Errorf("%s: read %d entries, wrote %d", name, len(g), len(w))
			continue
		}
		bad := 0
		for i := range w {
			a, b := w[i], g[i]
			if a.DefinitionLevel() != b.DefinitionLevel() || a.RepetitionLevel() != b.RepetitionLevel() || !bytes.Equal(a.Bytes(), b.Bytes()) {
				if bad++; bad <= 3 {
					t.Errorf("%s entry %d: read %v (def %d, rep %d), wrote %v (def %d, rep %d)", name, i, b, b.DefinitionLevel(), b.RepetitionLevel(), a, a.DefinitionLevel(), a.RepetitionLevel())
				}
			}
		}
	}
}

// TestParquetLongCodes: a select_one whose codes are whole numbers but
// one does not fit in 32 bits is a text column, so that the code is kept
// as it is, and so is one whose codes have a leading zero (01 would come
// back as 1, which no label is for); one whose codes all fit is INT32.
func TestParquetLongCodes(t *testing.T) {
	dir := t.TempDir()
	q, err := questionnaire.Parse("long.yaml", []byte(`id: dlouhe
version: "1"
title: Dlouhé kódy
languages: [cs]
choices:
  urad:
    - {value: "1", label: {cs: radnice}}
    - {value: "3000000000", label: {cs: pobočka}}
  skola:
    - {value: "1", label: {cs: výborně}}
    - {value: "2", label: {cs: chvalitebně}}
  kraj:
    - {value: "01", label: {cs: Praha}}
    - {value: "02", label: {cs: Středočeský}}
questions:
  - {name: urad, type: select_one urad, label: {cs: Úřad}, required: true}
  - {name: znamka, type: select_one skola, label: {cs: Známka}, required: true}
  - {name: kraj, type: select_one kraj, label: {cs: Kraj}, required: true}
  - {name: kraje, type: select_multiple kraj, label: {cs: Kraje}, required: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	paths, err := Generate(GenerateOptions{Questionnaire: q, Sessions: 300, Stores: 1, Seed: 2, Dir: filepath.Join(dir, "stores")})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pq")
	if _, err := Run(Options{Paths: paths, Out: out, Format: "parquet"}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*", "*", "*.parquet"))
	if len(files) == 0 {
		t.Fatal("no files")
	}
	seen := map[string]int{}
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		pf, err := parquet.OpenFile(bytes.NewReader(raw), int64(len(raw)))
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]parquet.Kind{"urad": parquet.ByteArray, "znamka": parquet.Int32, "kraj": parquet.ByteArray, "kraje.list.element": parquet.ByteArray} {
			leaf, ok := pf.Schema().Lookup(strings.Split(name, ".")...)
			if !ok {
				t.Fatalf("no column %s", name)
			}
			if k := leaf.Node.Type().Kind(); k != want {
				t.Fatalf("%s is %v, want %v", name, k, want)
			}
		}
		for _, v := range parquetStrings(t, f, "urad") {
			seen[v]++
		}
		for _, v := range parquetStrings(t, f, "kraj") {
			seen["kraj "+v]++
		}
	}
	if len(seen) != 4 || seen["1"] == 0 || seen["3000000000"] == 0 || seen["kraj 01"] == 0 || seen["kraj 02"] == 0 {
		t.Errorf("the codes read back: %v", seen)
	}
}
