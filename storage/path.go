package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultPath is where the interviewer app keeps its store when neither
// --store nor ANKETA_STORE says otherwise: the user's data folder
// ($XDG_DATA_HOME or ~/.local/share on Linux, %LocalAppData% on Windows,
// ~/Library/Application Support on macOS), under anketa/anketa.db.
func DefaultPath() (string, error) {
	if p := os.Getenv("ANKETA_STORE"); p != "" {
		return p, nil
	}
	var base string
	switch runtime.GOOS {
	case "windows":
		base = os.Getenv("LocalAppData")
	case "darwin":
		if home, err := os.UserHomeDir(); err == nil {
			base = filepath.Join(home, "Library", "Application Support")
		}
	default:
		base = os.Getenv("XDG_DATA_HOME")
		if base == "" {
			if home, err := os.UserHomeDir(); err == nil {
				base = filepath.Join(home, ".local", "share")
			}
		}
	}
	if base == "" {
		return "", fmt.Errorf("cannot find your data folder; name a store with --store FILE or ANKETA_STORE")
	}
	return filepath.Join(base, "anketa", "anketa.db"), nil
}

// EnsureDir creates the folder a store path lives in, private to the user.
func EnsureDir(path string) error {
	return os.MkdirAll(filepath.Dir(path), 0o700)
}

// realPath is path absolute, with symbolic links resolved: for a store
// not made yet, those of its folder, and a link to a store not made yet
// is followed to where it points.
func realPath(path string) string {
	for range 40 { // links that point in a circle are left as they are
		abs, err := filepath.Abs(path)
		if err != nil {
			return path
		}
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			return r
		}
		fi, err := os.Lstat(abs)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
				return filepath.Join(r, filepath.Base(abs))
			}
			return abs
		}
		target, err := os.Readlink(abs)
		if err != nil {
			return abs
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(abs), target)
		}
		path = target
	}
	return path
}
