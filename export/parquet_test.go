package export

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/parquet-go/parquet-go"

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
// against its values: how many there are, how many are NULL, the rows,
// and the least and greatest value, which DuckDB and Spark skip row
// groups by. A wrong bound would make a filtered query miss rows. The
// questionnaire has every column type; 20,000 sessions make months of
// several row groups.
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
	groups, bounded := 0, 0
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		pf, err := parquet.OpenFile(bytes.NewReader(raw), int64(len(raw)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
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
					vals = append(vals, buf[:n]...)
				}
				pages.Close()
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
						lo = v.Clone()
					}
					if !seen || typ.Compare(v, hi) > 0 {
						hi = v.Clone()
					}
					seen = true
				}
				md := meta.Columns[c].MetaData
				st := md.Statistics
				if md.NumValues != int64(len(vals)) || st.NullCount != nulls || rows != meta.NumRows {
					t.Errorf("%s group %d %s: metadata %d values, %d NULL; read %d, %d NULL, %d rows of %d", path, g, name, md.NumValues, st.NullCount, len(vals), nulls, rows, meta.NumRows)
				}
				wantBounds := seen && leaves[c][0] != "device_id" && leaves[c][0] != "interviewer" && leaves[c][0] != "abandon_reason" &&
					leaves[c][0] != "poznamka" && !strings.HasSuffix(leaves[c][0], "__missing")
				if !wantBounds {
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
	}
	if groups <= len(files) || bounded < 50 {
		t.Errorf("%d files, %d row groups, %d chunks with bounds: too few to have tested several row groups a file", len(files), groups, bounded)
	}
}

// TestParquetLongCodes: a select_one whose codes are whole numbers but
// one does not fit in 32 bits is a text column, so that the code is kept
// as it is; one whose codes all fit is INT32.
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
questions:
  - {name: urad, type: select_one urad, label: {cs: Úřad}, required: true}
  - {name: znamka, type: select_one skola, label: {cs: Známka}, required: true}
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
		for name, want := range map[string]parquet.Kind{"urad": parquet.ByteArray, "znamka": parquet.Int32} {
			leaf, _ := pf.Schema().Lookup(name)
			if k := leaf.Node.Type().Kind(); k != want {
				t.Fatalf("%s is %v, want %v", name, k, want)
			}
		}
		for _, v := range parquetStrings(t, f, "urad") {
			seen[v]++
		}
	}
	if len(seen) != 2 || seen["1"] == 0 || seen["3000000000"] == 0 {
		t.Errorf("the codes read back: %v", seen)
	}
}
