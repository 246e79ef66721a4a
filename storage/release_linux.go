package storage

import (
	"os"

	"golang.org/x/sys/unix"
)

// release tells the kernel that the pages of a read-only store already
// read are not needed by this process any more. They stay in the page
// cache and come back on the next touch, but they no longer count towards
// the process's memory, so a scan of many large stores keeps a small
// footprint. Safe only for a read-only mapping, which is never written.
func (s *Store) release() {
	if s.db == nil || !s.readOnly {
		return
	}
	info, err := os.Stat(s.path)
	if err != nil {
		return
	}
	n := uintptr(info.Size()) &^ uintptr(os.Getpagesize()-1)
	if n == 0 {
		return
	}
	// bbolt gives the mapping's address as a uintptr; madvise takes it as
	// one, so it is passed on without becoming a Go pointer.
	unix.Syscall(unix.SYS_MADVISE, s.db.Info().Data, n, unix.MADV_DONTNEED)
}
