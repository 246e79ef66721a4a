//go:build !windows

package storage

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on f without waiting.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			if err == syscall.EWOULDBLOCK {
				return ErrLocked
			}
			return err
		}
	}
}
