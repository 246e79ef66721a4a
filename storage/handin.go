package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
)

// HandIn is one hand-in: a snapshot of a store written into a folder (a
// USB stick, a shared drive) for the coordinator. The snapshot is itself
// a store, holding this record in its meta bucket (key "handin").
type HandIn struct {
	// File is the snapshot's name, in the folder it was written to.
	File string `json:"file"`
	// Device is the store's device ID, Host the computer's name.
	Device string `json:"device"`
	Host   string `json:"host"`
	// Seq numbers the device's hand-ins: 1, 2, ...
	Seq  int       `json:"seq"`
	Time time.Time `json:"time"`
	// Counter is how many sessions the device had started: sessions are
	// numbered 1..Counter, and the snapshot holds every one.
	Counter    uint64 `json:"counter"`
	Sessions   int    `json:"sessions"`
	Finished   int    `json:"finished"`
	InProgress int    `json:"in_progress"`
	// Sealing says finished sessions are sealed; the ones in progress
	// are then the only readable answers in the snapshot.
	Sealing bool `json:"sealing"`
	// Previous are the device's earlier hand-ins, as its log has them,
	// so that the coordinator can tell a hand-in that never arrived.
	Previous []HandIn `json:"previous,omitempty"`
}

var metaHandIn = []byte("handin")

// ErrHandInFolder means the folder to hand in to cannot take the snapshot.
var ErrHandInFolder = errors.New("cannot hand in to this folder")

// HandInName is the snapshot's file name: the computer's name and the
// start of the device ID, so that the coordinator tells the laptops apart,
// and the time, so that a folder keeps every hand-in. Characters no file
// system takes (Windows' <>:"/\|?* and control characters) become _.
func HandInName(host, device string, t time.Time) string {
	return fmt.Sprintf("anketa-%s-%s-%s.db", safeName(host), safeName(firstN(device, 8)), t.Format("20060102-1504"))
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// safeName makes s a part of a file name on every system: letters,
// digits, - and _ kept, everything else _, at most 32 characters, never
// empty, never one of Windows' reserved device names.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= 32 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := strings.Trim(b.String(), "_-")
	if out == "" {
		return "laptop"
	}
	switch strings.ToUpper(out) {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		out = "pc-" + out
	}
	return out
}

// handInLog is where a store remembers its hand-ins: a file beside it,
// one JSON line each, so that a hand-in made from the command line while
// the app holds the store is remembered too.
func (s *Store) handInLog() string { return s.path + ".handins" }

// HandIns are the store's hand-ins, oldest first.
func (s *Store) HandIns() ([]HandIn, error) {
	raw, err := os.ReadFile(s.handInLog())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.handInLog(), err)
	}
	var out []HandIn
	for _, line := range bytes.Split(raw, []byte("\n")) {
		var h HandIn
		if len(bytes.TrimSpace(line)) > 0 && json.Unmarshal(line, &h) == nil {
			out = append(out, h)
		}
	}
	return out, nil
}

// HandInTo writes a snapshot of the store into dir and remembers it. The
// snapshot is written under a temporary name, compacted (so that no freed
// page carries a sealed session's plaintext), synced, and checked as
// store check does; only then is it renamed to its name, so that a stick
// pulled out, a full stick or a killed process leaves no file that looks
// complete, and the next attempt starts afresh. It works on a store the
// app has open and on one opened read-only while the app runs.
func (s *Store) HandInTo(dir string) (*HandIn, error) {
	if err := s.checkHandInFolder(dir); err != nil {
		return nil, err
	}
	prev, err := s.HandIns()
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	now := s.now()
	h := &HandIn{Device: s.deviceID, Host: host, Seq: len(prev) + 1, Time: now.UTC(), Previous: prev}
	for _, p := range prev {
		h.Seq = max(h.Seq, p.Seq+1)
	}
	for i := range h.Previous {
		h.Previous[i].Previous = nil
	}
	name := HandInName(host, s.deviceID, now)
	for k := 2; fileExists(filepath.Join(dir, name)); k++ {
		name = strings.TrimSuffix(HandInName(host, s.deviceID, now), ".db") + fmt.Sprintf("-%d.db", k)
	}
	h.File = name
	final := filepath.Join(dir, name)
	// What an interrupted hand-in of this device left is cleared first.
	stale, _ := filepath.Glob(filepath.Join(dir, ".anketa-"+safeName(host)+"-"+safeName(firstN(s.deviceID, 8))+"-*.partial"))
	for _, p := range stale {
		os.Remove(p)
	}
	tmp := filepath.Join(dir, "."+strings.TrimSuffix(name, ".db")+".partial")
	if err := s.snapshot(tmp, h); err != nil {
		os.Remove(tmp)
		return nil, handInError(dir, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return nil, handInError(dir, err)
	}
	syncDir(dir)
	line, _ := json.Marshal(withoutPrevious(*h))
	if err := appendLine(s.handInLog(), line); err != nil {
		return h, fmt.Errorf("%s was handed in, but %s could not note it (%v); the home screen will not show it", final, s.handInLog(), err)
	}
	return h, nil
}

func withoutPrevious(h HandIn) HandIn { h.Previous = nil; return h }

func fileExists(p string) bool { _, err := os.Lstat(p); return err == nil }

func appendLine(path string, line []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// checkHandInFolder refuses a folder that cannot take a hand-in, saying
// what to do.
func (s *Store) checkHandInFolder(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w: it does not exist; plug in the stick, or create the folder", dir, ErrHandInFolder)
	case err != nil:
		return fmt.Errorf("%s: %w: %v", dir, ErrHandInFolder, err)
	case !info.IsDir():
		return fmt.Errorf("%s: %w: it is a file, not a folder; name the folder to hand in to", dir, ErrHandInFolder)
	}
	if realPath(dir) == filepath.Dir(realPath(s.path)) {
		return fmt.Errorf("%s: %w: it is the store's own folder; hand in to a stick or a shared folder", dir, ErrHandInFolder)
	}
	return nil
}

// handInError says what went wrong with the folder, and that nothing was
// handed in.
func handInError(dir string, err error) error {
	why := err.Error()
	switch {
	case errors.Is(err, syscall.ENOSPC):
		why = "the stick or disk is full"
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		why = "the folder is read-only"
	case errors.Is(err, syscall.EIO), errors.Is(err, syscall.ENODEV), errors.Is(err, syscall.ENXIO):
		why = "the stick was removed or failed"
	}
	return fmt.Errorf("%s: %w: %s (%v); nothing was handed in, and the next attempt starts afresh", dir, ErrHandInFolder, why, err)
}

// snapshot writes the store's live data into tmp with h recorded in it,
// syncs it and checks it.
func (s *Store) snapshot(tmp string, h *HandIn) (err error) {
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer func() {
		if dst != nil {
			closeQuietly(dst)
		}
	}()
	err = s.withDB(func(src *bolt.DB) error {
		if err := bolt.Compact(dst, src, 4<<20); err != nil {
			return err
		}
		return src.View(func(tx *bolt.Tx) error {
			h.Counter, _ = binary.Uvarint(tx.Bucket(bucketMeta).Get(metaCounter))
			h.Sealing = len(recipientsIn(tx)) > 0
			return tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
				var head Header
				d := decoder{s: string(v)}
				if err := d.header(k, &head); err != nil {
					return err
				}
				h.Sessions++
				if head.Status == InProgress {
					h.InProgress++
				} else {
					h.Finished++
				}
				return nil
			})
		})
	})
	if err != nil {
		return err
	}
	rec, _ := json.Marshal(h)
	err = dst.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return fmt.Errorf("the snapshot has no meta bucket")
		}
		meta.Delete(metaScrub) // the copy holds live data only
		return meta.Put(metaHandIn, rec)
	})
	if err != nil {
		return err
	}
	if err := dst.Close(); err != nil {
		return err
	}
	dst = nil
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	back, err := OpenReadOnly(tmp)
	if err != nil {
		return fmt.Errorf("the copy does not read back: %w", err)
	}
	defer back.Close()
	problems, err := back.Check()
	if err != nil {
		return fmt.Errorf("the copy does not read back: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the copy is not sound: %s", strings.Join(problems, "; "))
	}
	if n, err := back.Count(); err != nil || n != h.Sessions {
		return fmt.Errorf("the copy holds %d sessions, the store %d (%v)", n, h.Sessions, err)
	}
	return nil
}

// withDB runs fn with the store's database: the one kept open by a
// read-only store, or, for the app's, one opened for the length of fn,
// during which no write runs.
func (s *Store) withDB(fn func(db *bolt.DB) error) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.guard(&err)
	if s.db != nil {
		return fn(s.db)
	}
	if s.lock == nil {
		return fmt.Errorf("%s: the store is closed", s.path)
	}
	db, err := s.openDB(false)
	if err != nil {
		return err
	}
	defer closeQuietly(db)
	return fn(db)
}

// HandInRecord is the hand-in a snapshot records, or nil for a store
// that is not a hand-in (a laptop's own store, or a backup).
func (s *Store) HandInRecord() (*HandIn, error) {
	var h *HandIn
	err := s.view(func(tx *bolt.Tx) error {
		rec := tx.Bucket(bucketMeta).Get(metaHandIn)
		if rec == nil {
			return nil
		}
		h = &HandIn{}
		if err := json.Unmarshal(rec, h); err != nil {
			return fmt.Errorf("its hand-in record is damaged: %v", err)
		}
		return nil
	})
	return h, err
}

// Numbers calls fn with every numbered session's ID and number, and
// returns how many sessions the device had started (its counter).
func (s *Store) Numbers(fn func(id ID, n uint64)) (counter uint64, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		counter, _ = binary.Uvarint(tx.Bucket(bucketMeta).Get(metaCounter))
		nb := tx.Bucket(bucketNumbers)
		if nb == nil {
			return nil
		}
		return nb.ForEach(func(k, v []byte) error {
			if len(k) == len(ID{}) {
				n, _ := binary.Uvarint(v)
				fn(ID(k), n)
			}
			return nil
		})
	})
	return counter, err
}

// FinishedSince counts the sessions completed or abandoned after t: those
// not yet in any hand-in, when t is the last one's time.
func (s *Store) FinishedSince(t time.Time) (int, error) {
	n := 0
	err := s.ScanEach(func(sess *Session) error {
		if sess.Status != InProgress && sess.Finished.After(t) {
			n++
		}
		return nil
	}, func(error) {})
	return n, err
}
