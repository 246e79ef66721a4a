package export

import (
	"os"

	"golang.org/x/sys/unix"
)

// writeback passes writes to f and, every few megabytes, asks the kernel
// to start writing them to disk. The export syncs its files before
// renaming them into place (so that a crash never leaves a renamed but
// half-written file); starting the writes early lets the disk work while
// the rows are still being formatted, instead of all at the end.
type writeback struct {
	f       *os.File
	off     int64
	flushed int64
}

const writebackChunk = 8 << 20

func newWriteback(f *os.File) *writeback { return &writeback{f: f} }

func (w *writeback) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.off += int64(n)
	if w.off-w.flushed >= writebackChunk {
		unix.SyncFileRange(int(w.f.Fd()), w.flushed, w.off-w.flushed, unix.SYNC_FILE_RANGE_WRITE)
		w.flushed = w.off
	}
	return n, err
}
