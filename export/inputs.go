package export

import (
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"anketa/storage"
)

// Problem is an input that could not be used, and why.
type Problem struct {
	File string
	Err  error
}

func (p Problem) String() string { return fmt.Sprintf("%s: %v", p.File, trimPath(p.Err, p.File)) }

// FindStores expands paths: a file is taken as it is; a folder is searched
// recursively, in name order, for files that look like stores (a bbolt
// file, or a name ending in .db). Lock files are left out. The order
// follows the paths, since the first path's questionnaire is the one
// exported when several are found; the merged rows do not depend on it.
func FindStores(paths []string) (files []string, problems []Problem) {
	seen := map[string]bool{}
	add := func(p string) {
		abs, err := filepath.Abs(p)
		if err != nil {
			abs = p
		}
		if !seen[abs] {
			seen[abs] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			problems = append(problems, Problem{p, fmt.Errorf("no such file or folder")})
			continue
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				problems = append(problems, notRegular(p, info))
				continue
			}
			if !storage.IsReviewName(p) { // decisions, read by LoadDecisions
				add(p)
			}
			continue
		}
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, Problem{path, err})
				return nil
			}
			// Lock files, and hand-ins cut short (anketa send writes under a
			// temporary name until the copy is checked), are no stores.
			// Review stores hold decisions, not sessions (see LoadDecisions).
			if d.IsDir() || strings.HasSuffix(path, ".lock") || strings.HasSuffix(path, ".partial") || storage.IsReviewName(path) {
				return nil
			}
			// A pipe, a device or a socket is never opened: reading one
			// can wait for ever. A link is followed to what it names.
			info, err := os.Stat(path)
			if err != nil {
				problems = append(problems, Problem{path, fmt.Errorf("cannot read it: %v", err)})
				return nil
			}
			if !info.Mode().IsRegular() {
				if strings.HasSuffix(path, ".db") || !info.IsDir() {
					problems = append(problems, notRegular(path, info))
				}
				return nil
			}
			if strings.HasSuffix(path, ".db") || looksLikeBolt(path) {
				add(path)
			}
			return nil
		})
	}
	return files, problems
}

func notRegular(path string, info fs.FileInfo) Problem {
	return Problem{path, fmt.Errorf("not a regular file (%v); skipped without reading it", info.Mode().Type())}
}

// looksLikeBolt reports whether the file starts with a bbolt meta page.
func looksLikeBolt(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [32]byte
	if _, err := f.ReadAt(head[:], 0); err != nil {
		return false
	}
	return binary.LittleEndian.Uint32(head[16:20]) == 0xED0CDAED
}

// openStores opens each file read-only; a file that cannot be opened is a
// problem, and the others go on.
func openStores(files []string) (stores []*storage.Store, names []string, problems []Problem) {
	for _, f := range files {
		s, err := storage.OpenReadOnly(f)
		if err != nil {
			problems = append(problems, Problem{f, trimPath(err, f)})
			continue
		}
		for _, d := range s.Damage() {
			problems = append(problems, Problem{f, fmt.Errorf("%s; the last change saved may be missing; run anketa store check", d)})
		}
		stores = append(stores, s)
		names = append(names, f)
	}
	return stores, names, problems
}

// trimPath drops a leading "FILE: " from err, since the problem names the file.
func trimPath(err error, file string) error {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, file+": "); ok {
		return fmt.Errorf("%s", rest)
	}
	return err
}

// sidecarExts are the files written beside an export's CSV.
var sidecarExts = []string{".codebook.md", ".sps", ".do", ".R"}

// sidecarPath is the file beside out with the extension ext.
func sidecarPath(out, ext string) string { return strings.TrimSuffix(out, filepath.Ext(out)) + ext }

// outputNames are the files the export will write.
func (opt *Options) outputNames() []string {
	var out []string
	if opt.Out != "-" && opt.Out != "" {
		out = append(out, opt.Out)
		if opt.Sidecars {
			for _, ext := range sidecarExts {
				out = append(out, sidecarPath(opt.Out, ext))
			}
		}
	}
	if opt.Paradata != "" {
		out = append(out, opt.Paradata)
	}
	if opt.Contacts != "" {
		out = append(out, opt.Contacts)
	}
	return out
}

// CheckOutputs refuses outputs that would destroy data: a file that is
// one of the inputs (by name, through a link, or a hard link to it), a
// file that is a store, or two outputs that are the same file.
func CheckOutputs(outputs, inputs []string) error {
	files, _ := FindStores(inputs)
	for i, o := range outputs {
		for _, p := range outputs[:i] {
			if sameFile(o, p) {
				return fmt.Errorf("%s would be written twice (as %s too); choose another name with -o", o, p)
			}
		}
		for _, in := range append(files, inputs...) {
			if sameFile(o, in) {
				return fmt.Errorf("refusing to write %s: it is one of the inputs; choose another name with -o", o)
			}
		}
		if info, err := os.Stat(o); err == nil {
			if !info.Mode().IsRegular() && !info.IsDir() {
				return fmt.Errorf("refusing to write %s: it is not a regular file; choose another name with -o", o)
			}
			if looksLikeBolt(o) {
				return fmt.Errorf("refusing to write %s: it is an anketa store, whose interviews would be lost; choose another name with -o", o)
			}
		}
	}
	return nil
}

// sameFile reports whether a and b name the same file: the same path once
// cleaned and links resolved, or, when both exist, the same file on disk.
func sameFile(a, b string) bool {
	if resolve(a) == resolve(b) {
		return true
	}
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}

// resolve is path made absolute, with the links in it resolved as far as
// they exist.
func resolve(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	dir, base := filepath.Split(abs)
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(r, base)
	}
	return abs
}
