package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"anketa/storage"
)

// ErrNotEmpty means the Parquet export's folder exists and holds files.
var ErrNotEmpty = errors.New("the folder exists and is not empty")

// runParquet exports into the folder opt.Out: the files are written into
// a temporary folder beside it, synced, and renamed into place only when
// everything succeeded, so that a run that fails leaves no partial
// folder. The codebook is OUT.codebook.md, beside the folder (inside it,
// Spark would take it for data).
func runParquet(opt Options) (*Summary, error) {
	sum := &Summary{Skipped: map[string]int{}}
	if opt.Out == "" || opt.Out == "-" {
		return sum, fmt.Errorf("a Parquet export is a folder; name it with -o DIR")
	}
	dir := filepath.Clean(opt.Out)
	// Every folder is checked before any work, the tables beside the
	// export's too: finding one taken only after the export was made
	// would throw the export away.
	if err := folderFree(dir, "a Parquet export", "name a new folder", opt.Force); err != nil {
		return sum, err
	}
	for _, t := range [][2]string{{opt.Paradata, "the paradata"}, {opt.Contacts, "the approach log"}} {
		if t[0] != "" {
			if err := folderFree(filepath.Clean(t[0]), t[1], "name a new folder for "+t[1], opt.Force); err != nil {
				return sum, err
			}
		}
	}
	book := dir + ".codebook.md"
	targets := []string{dir, book}
	if opt.Paradata != "" {
		targets = append(targets, opt.Paradata)
	}
	if opt.Contacts != "" {
		targets = append(targets, opt.Contacts)
	}
	if err := CheckOutputs(targets, opt.Paths); err != nil {
		return sum, err
	}
	if files, _ := FindStores(opt.Paths); len(files) > 0 {
		for _, f := range files {
			if rel, err := filepath.Rel(resolve(dir), resolve(f)); err == nil && !strings.HasPrefix(rel, "..") {
				return sum, fmt.Errorf("refusing to write %s: it holds the input %s; choose another folder with -o", dir, f)
			}
		}
	}
	stores, names, sc, err := openInputs(opt.Paths, opt.QuestionnaireID, opt.AllowTypeChange, sum)
	defer closeStores(stores)
	if err != nil {
		return sum, err
	}
	if err := checkIdentities(stores, opt.Identities); err != nil {
		return sum, err
	}
	parent := filepath.Dir(dir)
	if info, err := os.Stat(parent); err != nil || !info.IsDir() {
		return sum, fmt.Errorf("cannot write %s: the folder %s does not exist", dir, parent)
	}
	tmp, err := tempDir(parent, "."+filepath.Base(dir), len(opt.Identities) > 0)
	if err != nil {
		return sum, fmt.Errorf("cannot write %s: %w", dir, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	opt.Format = "wide" // the columns are the wide CSV's
	ex := &exporter{opt: opt, sc: sc, csv: newCSV(io.Discard, RFC4180), sum: sum}
	ex.loadDecisions()
	if opt.Paradata != "" {
		ex.kept = map[storage.ID]*storage.Store{}
	}
	if opt.Contacts != "" {
		ex.statuses = map[storage.ID]storage.Status{}
	}
	ps := ex.newParquetSink(tmp)
	chains := verifyChains(stores, names)
	err = ex.run(stores, names, ps)
	sum.Problems = append(sum.Problems, <-chains...)
	if err == nil {
		err = ps.finish()
	} else {
		ps.abort()
	}
	if err != nil {
		return sum, err
	}
	if len(sum.Sealed) > 0 {
		return sum, ErrSealed
	}
	outs := &outputs{private: len(opt.Identities) > 0}
	defer outs.abort()
	ex.opt.Out = dir
	ex.opt.Format = "parquet"
	if opt.Contacts != "" { // before the codebook, which counts them
		if err := ex.writeContactsParquet(stores, names); err != nil {
			return sum, err
		}
	}
	if opt.Sidecars {
		f, err := outs.create(book)
		if err != nil {
			return sum, err
		}
		w := bufio.NewWriter(f)
		ex.codebook(w, ex.variables())
		if err := w.Flush(); err != nil {
			return sum, fmt.Errorf("cannot write %s: %w", book, err)
		}
	}
	if opt.Paradata != "" {
		if err := ex.writeParadataParquet(); err != nil {
			return sum, err
		}
	}
	// Into place: the old folder, with --force, goes only once the new
	// one is complete.
	var old string
	if _, err := os.Stat(dir); err == nil {
		old = dir + ".old"
		os.RemoveAll(old)
		if err := os.Rename(dir, old); err != nil {
			return sum, fmt.Errorf("cannot replace %s: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return sum, fmt.Errorf("cannot write %s: %w", dir, err)
	}
	done = true
	syncDir(parent)
	if old != "" {
		os.RemoveAll(old)
	}
	if err := outs.commit(); err != nil {
		return sum, err
	}
	for _, f := range ps.written {
		rel, _ := filepath.Rel(tmp, f)
		sum.Files = append(sum.Files, filepath.Join(dir, rel))
	}
	slices.Sort(sum.Files)
	sum.Files = append(sum.Files, outs.names...)
	for _, id := range slices.Sorted(maps.Keys(sc.others)) {
		sum.OtherIDs = append(sum.OtherIDs, fmt.Sprintf("%s (%d sessions)", id, sc.others[id]))
	}
	if len(sum.Problems) > 0 && !opt.SkipBad {
		return sum, ErrBadInputs
	}
	return sum, nil
}

// tempDir makes a folder under parent, named from prefix and a random
// number, with the permissions the umask gives (0700 when private).
func tempDir(parent, prefix string, private bool) (string, error) {
	perm := os.FileMode(0o777)
	if private {
		perm = 0o700
	}
	for try := 0; ; try++ {
		name := filepath.Join(parent, fmt.Sprintf("%s.%d.tmp", prefix, rand.Uint32()))
		err := os.Mkdir(name, perm)
		if err == nil || !os.IsExist(err) || try == 100 {
			return name, err
		}
	}
}

// folderFree says whether a Parquet folder (what) can be written at dir:
// it does not exist or is empty, or, with force, holds nothing but the
// Parquet files of an earlier export, which it may replace. hint says
// what to do instead.
func folderFree(dir, what, hint string, force bool) error {
	info, err := os.Stat(dir)
	if err != nil {
		return nil
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is a file; %s is a folder: %s", dir, what, hint)
	}
	if entries, _ := os.ReadDir(dir); len(entries) == 0 {
		return nil
	}
	if !force {
		return fmt.Errorf("%s: %w; %s, or replace it with --force", dir, ErrNotEmpty, hint)
	}
	return onlyParquet(dir, hint)
}

// onlyParquet refuses to replace a folder that holds anything but what a
// Parquet export writes: --force must never delete a store or a report.
func onlyParquet(dir, hint string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(p) != ".parquet" {
			return fmt.Errorf("refusing to replace %s: it holds %s, which is not a Parquet file of an export; %s", dir, p, hint)
		}
		return nil
	})
}
