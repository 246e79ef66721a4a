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

func (p Problem) String() string { return fmt.Sprintf("%s: %v", p.File, p.Err) }

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
			add(p)
			continue
		}
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, Problem{path, err})
				return nil
			}
			if d.IsDir() || strings.HasSuffix(path, ".lock") {
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
