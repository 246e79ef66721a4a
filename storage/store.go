package storage

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// FormatVersion is the layout this package writes and the newest it reads.
// Format 2 chains each session's events by hash and may hold sealed
// sessions; format 3 gives every session record a checksum; format 4
// records a session's mode (self-completion) in its status byte, which an
// older anketa would take for damage. An older store is brought to the
// current format when the app opens it.
const FormatVersion = 4

// WriteTimeout is how long a write waits for a reader (an export or a
// backup) to let go of the store file before it fails with ErrBusy.
var WriteTimeout = 10 * time.Second

// lockTimeout is how long a reader waits for a write to finish.
const lockTimeout = time.Second

var (
	bucketMeta           = []byte("meta")
	bucketSettings       = []byte("settings")
	bucketQuestionnaires = []byte("questionnaires")
	bucketSessions       = []byte("sessions")
	bucketEvents         = []byte("events")
	allBuckets           = [][]byte{bucketMeta, bucketSettings, bucketQuestionnaires, bucketSessions, bucketEvents}
	// bucketNumbers numbers the sessions in the order they started on
	// this device; a store from before numbering lacks it until the app
	// opens it.
	bucketNumbers = []byte("numbers")
	metaCounter   = []byte("counter")
)

// Store is an open store. Its methods are safe for concurrent use.
type Store struct {
	// known are the questionnaires (by hash) this Store has seen in the
	// file, which an approach need not look up again.
	known    sync.Map
	path     string
	readOnly bool
	lock     *os.File // the app's lock file; nil when read-only
	db       *bolt.DB // kept open when read-only; opened per operation otherwise
	deviceID string
	format   int
	// sizeChecked says the file was checked for truncation when first opened.
	sizeChecked bool
	mu          sync.Mutex
	// now is the clock; tests replace it.
	now func() time.Time
	// persist caches, by questionnaire hash, the names of its persist
	// questions, which sealing keeps readable.
	persist map[string]map[string]bool
	// damaged, once set, stops every write: a write met a damaged file.
	damaged error
	// scrubErr is why the last compaction failed, and scrubTried when it
	// was tried; see Unscrubbed.
	scrubErr   error
	scrubTried time.Time
	// damage lists what OpenReadOnly found wrong with the file's pages
	// that bbolt reads past, such as a damaged meta page.
	damage []string
}

// Damage lists damage to the file that reading passes over: a meta page
// that does not validate makes bbolt read the previous one, so the last
// change written may be missing. Check reports it too.
func (s *Store) Damage() []string { return s.damage }

// Open creates or opens the store at path for the interviewer app. It
// fails at once with ErrLocked if another window has it open, with
// ErrNotStore for a file that is not an anketa store, and with
// ErrNewerFormat for a store of a newer anketa. A new store file gets
// permissions 0600, a format version and a random device ID.
//
// The path is resolved once, here: through a symbolic link the store is
// the file the link names, and its lock file and compactions are beside
// that file. A store file with other names (hard links) is refused, since
// a second window could open it under another name.
func Open(path string) (*Store, error) {
	path = realPath(path)
	if info, err := os.Stat(path); err == nil {
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file (%v): %w", path, info.Mode().Type(), ErrNotStore)
		}
		if n := linkCount(info); n > 1 {
			return nil, fmt.Errorf("%s: the file has %d names (hard links), so another window could write to it under another name; copy it to a file of its own with anketa store backup, and use the copy", path, n)
		}
	}
	lf, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot create the lock file: %w", path, err)
	}
	if err := lockFile(lf); err != nil {
		lf.Close()
		if errors.Is(err, ErrLocked) {
			return nil, fmt.Errorf("%s: %w; close the other window, or use another store with --store", path, ErrLocked)
		}
		return nil, fmt.Errorf("%s: cannot lock: %w", path, err)
	}
	s := &Store{path: path, lock: lf, now: time.Now}
	os.Remove(path + ".compact") // left by a compaction that was cut short
	// A damaged file is not written to: a write could lose more. A file
	// that is no database at all, or a truncated copy, is told as such.
	if info, err := os.Stat(path); err == nil && info.Size() > 0 {
		if err := s.checkSize(); err != nil {
			lf.Close()
			return nil, err
		}
		if f, err := os.Open(path); err == nil {
			meta, _ := readMeta(f)
			f.Close()
			if !meta.ok {
				lf.Close()
				return nil, fmt.Errorf("%s: %w, or it is damaged (it is no bbolt database)", path, ErrNotStore)
			}
		}
		if problems := checkStructure(path); len(problems) > 0 {
			lf.Close()
			return nil, fmt.Errorf("%s: %w (%s): nothing is written to it. Run anketa store check %s; give the file to the coordinator and go on with a new store (--store)",
				path, ErrDamaged, strings.Join(problems, "; "), path)
		}
	}
	err = s.update(func(tx *bolt.Tx) error { return s.initialize(tx) })
	if err != nil {
		lf.Close()
		return nil, err
	}
	s.scrubIfNeeded()
	return s, nil
}

// OpenReadOnly opens an existing store for reading, with a shared lock on
// the file, as export and backup do. It works while the interviewer app
// has the store open, except during one of its writes, for which it waits
// up to a second.
func OpenReadOnly(path string) (*Store, error) {
	info, err := os.Stat(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s: no such file; check the path", path)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s: is a folder, not a store", path)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%v): %w", path, info.Mode().Type(), ErrNotStore)
	}
	if info.Size() == 0 {
		return nil, fmt.Errorf("%s: the file is empty: %w", path, ErrNotStore)
	}
	s := &Store{path: path, readOnly: true, now: time.Now}
	if f, err := os.Open(path); err == nil {
		s.damage = pageHeaders(f)
		f.Close()
	}
	db, err := s.openDB(true)
	if err != nil {
		return nil, err
	}
	s.db = db
	if err := s.view(func(tx *bolt.Tx) error { return s.readMeta(tx) }); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Path returns the store's file name.
func (s *Store) Path() string { return s.path }

// DeviceID returns the store's random device ID.
func (s *Store) DeviceID() string { return s.deviceID }

// Close releases the store. It is safe to call more than once.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.db != nil {
		err = s.db.Close()
		s.db = nil
	}
	if s.lock != nil {
		if cerr := s.lock.Close(); err == nil {
			err = cerr
		}
		s.lock = nil
	}
	return err
}

func (s *Store) openDB(readOnly bool) (*bolt.DB, error) {
	timeout := lockTimeout
	if !readOnly {
		timeout = WriteTimeout
	}
	if !s.sizeChecked {
		if err := s.checkSize(); err != nil {
			return nil, err
		}
	}
	if !readOnly {
		// A writer's open reads the freelist, and a damaged one panics
		// inside bbolt.Open after it has locked the file, where nothing
		// can close it again: so it is read here first.
		if f, err := os.Open(s.path); err == nil {
			problems := pageHeaders(f)
			f.Close()
			if info, _ := os.Stat(s.path); len(problems) > 0 && info != nil && info.Size() > 0 {
				s.damaged = errors.New(strings.Join(problems, "; "))
				return nil, s.damagedError()
			}
		}
	}
	// A reader loads the freelist too, to tell a freed page (Iterator).
	db, err := openBolt(s.path, &bolt.Options{Timeout: timeout, ReadOnly: readOnly, PreLoadFreelist: readOnly})
	switch {
	case err == nil:
	case errors.Is(err, bolterrors.ErrTimeout) && readOnly:
		return nil, fmt.Errorf("%s: another program is writing to the store and did not finish within %v; try again", s.path, timeout)
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("%s: %w (an export or a backup); nothing was saved, try again", s.path, ErrBusy)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
		errors.Is(err, bolterrors.ErrVersionMismatch):
		return nil, fmt.Errorf("%s: %w, or it is damaged (%v)", s.path, ErrNotStore, err)
	case os.IsNotExist(err):
		return nil, fmt.Errorf("%s: no such file; check the path", s.path)
	case errors.As(err, new(*fs.PathError)):
		return nil, fmt.Errorf("%s: cannot open: %w", s.path, err)
	default:
		// Not the file system's complaint but bbolt's about the contents,
		// such as a file too small to hold a database.
		return nil, fmt.Errorf("%s: %w, or it is damaged (%v)", s.path, ErrNotStore, err)
	}
	s.sizeChecked = true
	return db, nil
}

// openBolt is bolt.Open, with a panic inside it (a damaged freelist)
// made an error.
func openBolt(path string, opt *bolt.Options) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("the file is damaged (%v)", r)
		}
	}()
	return bolt.Open(path, 0o600, opt)
}

// checkSize refuses a truncated copy, which has valid meta pages but
// lacks the pages they point to, before bbolt reads past its end. A file
// cannot become truncated while this Store has it, so this is checked on
// the first open only, not on every later operation.
func (s *Store) checkSize() error {
	f, err := os.Open(s.path)
	if err != nil {
		return nil // a new store, or bbolt's open says what is wrong
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.Size() == 0 {
		return nil
	}
	meta, _ := readMeta(f)
	if want := int64(meta.pgid * meta.pageSize); meta.ok && info.Size() < want {
		return fmt.Errorf("%s: %w: the file is truncated (%d of %d bytes); copy it again from the laptop", s.path, ErrNotStore, info.Size(), want)
	}
	return nil
}

// guard turns a panic inside bbolt, which a damaged file can cause, into
// an error naming the file. A store the app writes to is then marked
// damaged, and no more is written to it.
func (s *Store) guard(err *error) {
	if r := recover(); r != nil {
		if s.readOnly {
			*err = fmt.Errorf("%s: %w: the file is damaged (%v); run anketa store check", s.path, ErrNotStore, r)
			return
		}
		s.damaged = fmt.Errorf("%v", r)
		*err = s.damagedError()
	}
}

// damagedError says what a write to a damaged store does instead.
func (s *Store) damagedError() error {
	return fmt.Errorf("%s: %w (%v): nothing more is saved to it. Close anketa and run anketa store check %s; give the file to the coordinator and go on with a new store (--store)",
		s.path, ErrDamaged, s.damaged, s.path)
}

// closeQuietly closes a database a panic may have left half used, so that
// its lock on the file is released, whatever it says.
func closeQuietly(db *bolt.DB) {
	defer func() { recover() }()
	db.Close()
}

// view runs fn in a read transaction.
func (s *Store) view(fn func(tx *bolt.Tx) error) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer s.guard(&err)
	db := s.db
	if db == nil {
		if s.lock == nil {
			return fmt.Errorf("%s: the store is closed", s.path)
		}
		if db, err = s.openDB(false); err != nil {
			return err
		}
		defer closeQuietly(db)
	}
	return db.View(fn)
}

// update runs fn in a write transaction and returns once it is committed
// and synced. After a panic inside bbolt (a damaged file) the database is
// closed, so that its lock does not make every later write wait, and the
// store is marked damaged: later writes fail at once with ErrDamaged.
func (s *Store) update(fn func(tx *bolt.Tx) error) (err error) {
	if s.readOnly {
		return fmt.Errorf("%s: %w", s.path, ErrReadOnly)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lock == nil {
		return fmt.Errorf("%s: the store is closed", s.path)
	}
	if s.damaged != nil {
		return s.damagedError()
	}
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer s.guard(&err)
	db, err := s.openDB(false)
	if err != nil {
		if errors.Is(err, syscall.ENOSPC) {
			return fmt.Errorf("%s: %w: nothing was saved; free some space and try again (%v)", s.path, ErrDiskFull, err)
		}
		return err
	}
	closed := false
	defer func() {
		if !closed {
			closeQuietly(db)
		}
	}()
	err = db.Update(fn)
	closed = true
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("%s: %w", s.path, cerr)
	}
	switch {
	case err == nil:
		s.retryScrub()
		return nil
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrFinished):
		return err
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%s: %w: this change was not saved; everything saved before is safe. Free some space and try again (%v)", s.path, ErrDiskFull, err)
	}
	return fmt.Errorf("%s: could not save: %w", s.path, err)
}

// initialize creates the buckets and meta of a new store, or checks the
// meta of an existing one.
func (s *Store) initialize(tx *bolt.Tx) error {
	if tx.Bucket(bucketMeta) == nil {
		if !isEmptyDB(tx) {
			return s.readMeta(tx) // says what it is instead
		}
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		id, err := uuid.NewRandomFromReader(rand.Reader)
		if err != nil {
			return err
		}
		m := tx.Bucket(bucketMeta)
		var e encoder
		e.uvarint(FormatVersion)
		if err := m.Put([]byte("format"), e.b); err != nil {
			return err
		}
		if err := m.Put([]byte("device"), []byte(id.String())); err != nil {
			return err
		}
		e = encoder{}
		e.uvarint(uint64(s.now().UnixMilli()))
		if err := m.Put([]byte("created"), e.b); err != nil {
			return err
		}
	}
	if err := s.readMeta(tx); err != nil {
		return err
	}
	if s.format < FormatVersion {
		if err := s.upgrade(tx); err != nil {
			return err
		}
	}
	return numberSessions(tx)
}

// numberSessions gives the sessions of a store from before numbering
// their numbers, in ID order, which is the order they started in. It runs
// once: the counter is there after.
func numberSessions(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta.Get(metaCounter) != nil {
		return nil
	}
	nb, err := tx.CreateBucketIfNotExists(bucketNumbers)
	if err != nil {
		return err
	}
	n := uint64(0)
	err = tx.Bucket(bucketSessions).ForEach(func(k, _ []byte) error {
		if nb.Get(k) != nil {
			return nil
		}
		n++
		return nb.Put(bytes.Clone(k), binary.AppendUvarint(nil, n))
	})
	if err != nil {
		return err
	}
	return meta.Put(metaCounter, binary.AppendUvarint(nil, n))
}

// nextNumber gives a new session the device's next number, in tx.
func nextNumber(tx *bolt.Tx, id ID) error {
	meta := tx.Bucket(bucketMeta)
	n, _ := binary.Uvarint(meta.Get(metaCounter))
	n++
	nb, err := tx.CreateBucketIfNotExists(bucketNumbers)
	if err != nil {
		return err
	}
	if err := nb.Put(id[:], binary.AppendUvarint(nil, n)); err != nil {
		return err
	}
	return meta.Put(metaCounter, binary.AppendUvarint(nil, n))
}

// upgrade brings an older store to the current format: a format 1
// store's events are chained, in order, and each record gets the chain's
// head; every record that is not sealed is written again with its
// checksum (format 3).
func (s *Store) upgrade(tx *bolt.Tx) error {
	sb, eb := tx.Bucket(bucketSessions), tx.Bucket(bucketEvents)
	type rewrite struct {
		b        *bolt.Bucket
		key, val []byte
	}
	var puts []rewrite
	err := sb.ForEach(func(k, v []byte) error {
		sess, err := decodeSession(k, string(v))
		if err != nil {
			return err
		}
		if sess.Sealed || s.format >= 3 {
			return nil // a sealed record has its own checksum; format 3 gave the others theirs
		}
		sess = sess.Clone()
		if s.format < 2 {
			sess.head = chainSeed(sess.ID)
			c := eb.Cursor()
			for ek, ev := c.Seek(k); ek != nil && bytes.HasPrefix(ek, k); ek, ev = c.Next() {
				event, err := decodeEvent(seqOf(ek), string(ev))
				if err != nil {
					return fmt.Errorf("session %s: %w", sess.ID, err)
				}
				puts = append(puts, rewrite{eb, bytes.Clone(ek), chainEvent(sess, &event)})
			}
		}
		puts = append(puts, rewrite{sb, bytes.Clone(k), sess.encode()})
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: cannot bring the store to format %d: %w", s.path, FormatVersion, err)
	}
	for _, p := range puts {
		if err := p.b.Put(p.key, p.val); err != nil {
			return err
		}
	}
	var e encoder
	e.uvarint(FormatVersion)
	s.format = FormatVersion
	return tx.Bucket(bucketMeta).Put([]byte("format"), e.b)
}

func isEmptyDB(tx *bolt.Tx) bool {
	k, _ := tx.Cursor().First()
	return k == nil
}

func (s *Store) readMeta(tx *bolt.Tx) error {
	m := tx.Bucket(bucketMeta)
	if m == nil && tx.Bucket(bucketReview) != nil {
		return fmt.Errorf("%s: %w: it is a review store (a coordinator's decisions, which anketa review writes); export and report read it beside the stores", s.path, ErrNotStore)
	}
	if m == nil {
		return fmt.Errorf("%s: %w: it is a bbolt database of another program", s.path, ErrNotStore)
	}
	d := decoder{s: string(m.Get([]byte("format")))}
	format := d.uvarint()
	if d.err != nil {
		return fmt.Errorf("%s: %w: it has no format version", s.path, ErrNotStore)
	}
	if format > FormatVersion {
		return fmt.Errorf("%s: %w (format %d; this anketa reads up to %d); update anketa", s.path, ErrNewerFormat, format, FormatVersion)
	}
	for _, b := range allBuckets {
		if tx.Bucket(b) == nil {
			return fmt.Errorf("%s: %w: bucket %s is missing", s.path, ErrNotStore, b)
		}
	}
	s.deviceID = string(m.Get([]byte("device")))
	s.format = int(format)
	return nil
}

// Format returns the layout version the store file was written in.
func (s *Store) Format() int { return s.format }

// Setting returns a remembered setting, or "".
func (s *Store) Setting(name string) (string, error) {
	var v string
	err := s.view(func(tx *bolt.Tx) error {
		v = string(tx.Bucket(bucketSettings).Get([]byte(name)))
		return nil
	})
	return v, err
}

// SetSetting remembers a setting, such as the interviewer's code.
func (s *Store) SetSetting(name, value string) error {
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).Put([]byte(name), []byte(value))
	})
}
