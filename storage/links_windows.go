package storage

import "os"

// linkCount is how many names the file has; Windows' hard links are not
// counted here (untested), so a store is taken to have one.
func linkCount(os.FileInfo) uint64 { return 1 }
