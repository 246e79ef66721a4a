package storage

import "errors"

var (
	// ErrLocked means another anketa window (or process) has the store open.
	ErrLocked = errors.New("another anketa window is using this store")
	// ErrBusy means a reader (an export or a backup) held the store file
	// for longer than WriteTimeout; nothing was written.
	ErrBusy = errors.New("the store is being read by another program")
	// ErrNotStore means the file is not an anketa store, or is damaged.
	ErrNotStore = errors.New("not an anketa store")
	// ErrNewerFormat means the store was written by a newer anketa.
	ErrNewerFormat = errors.New("store written by a newer anketa")
	// ErrNotFound means there is no session with that ID.
	ErrNotFound = errors.New("no such session")
	// ErrFinished means the session is completed or abandoned and can no longer change.
	ErrFinished = errors.New("session is finished")
	// ErrDiskFull means the disk has no room for the change; it was not
	// saved, and everything saved before is intact.
	ErrDiskFull = errors.New("the disk is full")
	// ErrTampered means a session's record or paradata was changed after
	// it was written: its event chain or its seal does not add up.
	ErrTampered = errors.New("the session was changed after it was written")
	// ErrNoIdentity means a sealed session could not be opened: no
	// identity was given, or none of the given ones is among its recipients.
	ErrNoIdentity = errors.New("no identity that can open the sealed session")
	// ErrDamaged means the store file is damaged: the app stops writing to
	// it, so that nothing more is lost, and says to run anketa store check.
	ErrDamaged = errors.New("the store is damaged")
	// ErrNotScrubbed means sessions were sealed but the store could not be
	// compacted: their plaintext may remain in freed pages until it is.
	ErrNotScrubbed = errors.New("sealed, but not yet removed from the disk; free some disk space and restart anketa")
	// ErrReadOnly means the store was opened with OpenReadOnly.
	ErrReadOnly = errors.New("store is open read-only")
)
