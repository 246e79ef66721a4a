package storage

import "os"

// tempDirOutsideTest makes a folder that outlives one benchmark run, so
// that the 100k-session store is written once per process. It is removed
// by TestMain.
func tempDirOutsideTest() (string, error) {
	d, err := os.MkdirTemp("", "anketa-bench-")
	if err == nil {
		benchDirs = append(benchDirs, d)
	}
	return d, err
}

var benchDirs []string
