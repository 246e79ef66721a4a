//go:build !linux

package storage

// release does nothing where the kernel offers no such advice through Go.
func (s *Store) release() {}
