package storage

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// metaRecipients holds the store's age recipients, one per line; metaScrub
// is set while freed pages may still hold the plaintext of a session
// sealed since the store was last compacted.
var (
	metaRecipients = []byte("recipients")
	metaScrub      = []byte("scrub")
)

// chainEvent returns what the events bucket holds for ev: the hash of the
// session's previous event (or its chain seed), then the event's record;
// and moves the session's chain head to the hash of that.
func chainEvent(sess *Session, ev *Event) []byte {
	rec := ev.encode()
	v := make([]byte, 0, chainHashSize+len(rec))
	v = append(v, sess.head[:]...)
	v = append(v, rec...)
	sess.head = sha256.Sum256(v)
	return v
}

// eventRecord splits a stored event into the hash it links to and its
// record; format 1 stores kept no hash.
func eventRecord(format int, v []byte) (prev []byte, rec string, err error) {
	if format < 2 {
		return nil, string(v), nil
	}
	if len(v) < chainHashSize {
		return nil, "", fmt.Errorf("event of %d bytes: %w", len(v), errCorrupt)
	}
	return v[:chainHashSize], string(v[chainHashSize:]), nil
}

// verifyChain checks that events (stored values, in order) link up from
// the session's seed to its head.
func verifyChain(sess *Session, events [][]byte) error {
	h := chainSeed(sess.ID)
	for i, v := range events {
		if len(v) < chainHashSize || !bytes.Equal(v[:chainHashSize], h[:]) {
			return fmt.Errorf("session %s: the event chain breaks at event %d: %w", sess.ID, i, ErrTampered)
		}
		h = sha256.Sum256(v)
	}
	if h != sess.head {
		return fmt.Errorf("session %s: the event chain does not end where its record says (%d events): %w", sess.ID, len(events), ErrTampered)
	}
	return nil
}

// ParseRecipients reads age public keys (age1...), one per element, and
// says which one is wrong.
func ParseRecipients(keys []string) ([]age.Recipient, error) {
	var out []age.Recipient
	for _, k := range keys {
		r, err := age.ParseX25519Recipient(strings.TrimSpace(k))
		if err != nil {
			return nil, fmt.Errorf("recipient %q is not an age public key (age1...): %v", k, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Recipients returns the public keys the store seals finished sessions to;
// none means sessions are not sealed.
func (s *Store) Recipients() ([]string, error) {
	var out []string
	err := s.view(func(tx *bolt.Tx) error {
		out = recipientsIn(tx)
		return nil
	})
	return out, err
}

func recipientsIn(tx *bolt.Tx) []string {
	v := tx.Bucket(bucketMeta).Get(metaRecipients)
	if len(v) == 0 {
		return nil
	}
	return strings.Split(string(v), "\n")
}

// AddRecipients records age public keys in the store: from then on every
// session that is completed or abandoned is sealed to all of them. Keys
// are only ever added, so that sealing cannot be switched off by mistake.
func (s *Store) AddRecipients(keys ...string) error {
	if _, err := ParseRecipients(keys); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error { return addRecipients(tx, keys) })
}

func addRecipients(tx *bolt.Tx, keys []string) error {
	have := recipientsIn(tx)
	changed := false
	for _, k := range keys {
		k = strings.TrimSpace(k)
		if k != "" && !slices.Contains(have, k) {
			have = append(have, k)
			changed = true
		}
	}
	if !changed {
		return nil
	}
	return tx.Bucket(bucketMeta).Put(metaRecipients, []byte(strings.Join(have, "\n")))
}

// persistNames returns the names of the persist questions of the session's
// questionnaire: their answers stay readable after sealing, to prefill the
// next interview. A questionnaire's source is parsed once per Store; the
// caller holds s.mu (update does).
func (s *Store) persistNames(tx *bolt.Tx, hash string) (map[string]bool, error) {
	if names, ok := s.persist[hash]; ok {
		return names, nil
	}
	v := tx.Bucket(bucketQuestionnaires).Get([]byte(hash))
	if v == nil {
		return nil, fmt.Errorf("questionnaire %s is not in the store: %w", hash, errCorrupt)
	}
	info, err := decodeQuestionnaire([]byte(hash), v)
	if err != nil {
		return nil, err
	}
	q, err := questionnaire.Parse("stored", info.Source)
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, it := range q.Items {
		if it.Persist {
			names[it.Name] = true
		}
	}
	if s.persist == nil {
		s.persist = map[string]map[string]bool{}
	}
	s.persist[hash] = names
	return names, nil
}

// sealRecord encrypts a finished session, its record and its events
// (stored values, chain hashes included), to the recipients, and returns
// the sealed record that replaces them.
func sealRecord(sess *Session, events [][]byte, recipients []age.Recipient, keep map[string]bool) ([]byte, error) {
	var plain encoder
	plain.str(string(sess.encode()))
	plain.uvarint(uint64(len(events)))
	for _, v := range events {
		plain.str(string(v))
	}
	var ct bytes.Buffer
	w, err := age.Encrypt(&ct, recipients...)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain.b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	e := encoder{b: make([]byte, 0, 128+ct.Len())}
	sess.encodeHeader(&e, recordSealed)
	var clear []Answer
	for _, a := range sess.Answers {
		if keep[a.Name] {
			clear = append(clear, a)
		}
	}
	e.uvarint(uint64(len(clear)))
	for _, a := range clear {
		e.str(a.Name)
		e.value(a.Value)
	}
	e.str(ct.String())
	sum := sha256.Sum256(e.b)
	e.b = append(e.b, sum[:]...)
	return e.b, nil
}

// seal replaces a finished session's record and events with its sealed
// record, in tx, if the store has recipients. It reports whether it did.
func (s *Store) seal(tx *bolt.Tx, sess *Session) (bool, error) {
	keys := recipientsIn(tx)
	if len(keys) == 0 {
		return false, nil
	}
	recipients, err := ParseRecipients(keys)
	if err != nil {
		return false, err
	}
	keep, err := s.persistNames(tx, sess.QuestionnaireHash)
	if err != nil {
		return false, err
	}
	eb := tx.Bucket(bucketEvents)
	var events, keysToDelete [][]byte
	c := eb.Cursor()
	for k, v := c.Seek(sess.ID[:]); k != nil && bytes.HasPrefix(k, sess.ID[:]); k, v = c.Next() {
		events = append(events, bytes.Clone(v))
		keysToDelete = append(keysToDelete, bytes.Clone(k))
	}
	rec, err := sealRecord(sess, events, recipients, keep)
	if err != nil {
		return false, err
	}
	for _, k := range keysToDelete {
		if err := eb.Delete(k); err != nil {
			return false, err
		}
	}
	if err := tx.Bucket(bucketSessions).Put(sess.ID[:], rec); err != nil {
		return false, err
	}
	return true, tx.Bucket(bucketMeta).Put(metaScrub, []byte{1})
}

// Unseal opens a sealed session with one of ids: it replaces sess's
// fields with the sealed ones, checks that its event chain is whole and
// that what stayed readable matches, and returns its paradata. An
// unsealed session is left as it is. The strings of sess then point into
// memory of its own, not into the store.
func Unseal(sess *Session, ids []age.Identity) ([]Event, error) {
	if !sess.Sealed {
		return nil, nil
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("session %s is sealed: %w; give the coordinator's key (--identity)", sess.ID, ErrNoIdentity)
	}
	r, err := age.Decrypt(strings.NewReader(sess.seal), ids...)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return nil, fmt.Errorf("session %s: %w: it is sealed for other keys", sess.ID, ErrNoIdentity)
		}
		return nil, fmt.Errorf("session %s: its seal does not open (%v): %w", sess.ID, err, ErrTampered)
	}
	plain, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("session %s: its seal does not open (%v): %w", sess.ID, err, ErrTampered)
	}
	d := decoder{s: string(plain)}
	rec := d.str()
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.fail()
	}
	events := make([][]byte, 0, n)
	for range n {
		events = append(events, []byte(d.str()))
	}
	if d.err != nil || d.s != "" {
		return nil, fmt.Errorf("session %s: its sealed contents are damaged: %w", sess.ID, ErrTampered)
	}
	outer := *sess
	inner, err := decodeSession(sess.ID[:], rec)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", err, ErrTampered)
	}
	if inner.Status != outer.Status || !inner.Started.Equal(outer.Started) || !inner.Finished.Equal(outer.Finished) ||
		inner.QuestionnaireHash != outer.QuestionnaireHash {
		return nil, fmt.Errorf("session %s: its readable status or times differ from the sealed ones: %w", sess.ID, ErrTampered)
	}
	for _, a := range outer.Answers {
		if !inner.Answer(a.Name).Equal(a.Value) {
			return nil, fmt.Errorf("session %s: its readable answer to %s differs from the sealed one: %w", sess.ID, a.Name, ErrTampered)
		}
	}
	if err := verifyChain(inner, events); err != nil {
		return nil, err
	}
	out := make([]Event, 0, len(events))
	for i, v := range events {
		_, er, _ := eventRecord(2, v)
		ev, err := decodeEvent(uint32(i), er)
		if err != nil {
			return nil, fmt.Errorf("session %s: sealed event %d: %v: %w", sess.ID, i, err, ErrTampered)
		}
		out = append(out, ev)
	}
	*sess = *inner
	return out, nil
}

// ParseIdentities reads an age identity file, as anketa keygen writes it.
func ParseIdentities(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read the key: %w", path, err)
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("%s: not an age identity file (anketa keygen writes one): %v", path, err)
	}
	return ids, nil
}

// compact rewrites the store file with only its live data, so that the
// pages that held a sealed session's plaintext are gone from the file: a
// fresh file is written beside the store, synced, and renamed over it.
// The caller holds s.mu and the store's lock file; no write can run.
func (s *Store) compact() (err error) {
	tmp := s.path + ".compact"
	os.Remove(tmp)
	src, err := s.openDB(false)
	if err != nil {
		return err
	}
	defer func() {
		if src != nil {
			src.Close()
		}
		if err != nil {
			os.Remove(tmp)
		}
	}()
	dst, err := bolt.Open(tmp, 0o600, nil)
	if err != nil {
		return err
	}
	if err := bolt.Compact(dst, src, 1<<20); err != nil {
		dst.Close()
		return err
	}
	// The copy's scrub mark is cleared before it replaces the store.
	if err := dst.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(metaScrub) }); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Close(); err != nil {
		return err
	}
	if err := src.Close(); err != nil {
		return err
	}
	src = nil
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	syncDir(filepath.Dir(s.path))
	return nil
}

// syncDir makes a rename in dir durable, where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// scrubIfNeeded compacts the store if a session was sealed since it was
// last compacted (the app was killed in between, a reader held the file,
// or the disk was full). It runs when the app opens the store.
func (s *Store) scrubIfNeeded() {
	if need, _ := s.ScrubPending(); need {
		s.mu.Lock()
		s.scrub()
		s.mu.Unlock()
	}
}

// ScrubRetry is how often, at most, a write tries again a compaction that
// failed.
var ScrubRetry = 30 * time.Second

// scrub compacts the store and remembers how it went, for Unscrubbed.
// The caller holds s.mu.
func (s *Store) scrub() {
	s.scrubTried = s.now()
	if err := s.compact(); err != nil {
		s.scrubErr = err
		return
	}
	s.scrubErr = nil
}

// retryScrub compacts again after a failed compaction, if ScrubRetry has
// passed. The caller holds s.mu and no database is open.
func (s *Store) retryScrub() {
	if s.scrubErr != nil && s.now().Sub(s.scrubTried) >= ScrubRetry {
		s.scrub()
	}
}

// Unscrubbed is nil when every sealed session is gone from the file;
// otherwise it says that a compaction failed and why: sealed interviews
// are safe in their seals, but their plaintext may still be in the
// file's freed pages until a compaction succeeds.
func (s *Store) Unscrubbed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.scrubErr == nil {
		return nil
	}
	return fmt.Errorf("%s: %w: %v", s.path, ErrNotScrubbed, s.scrubErr)
}

// ScrubPending reports whether the file is marked as holding, in freed
// pages, the plaintext of sessions sealed since its last compaction.
func (s *Store) ScrubPending() (bool, error) {
	need := false
	err := s.view(func(tx *bolt.Tx) error {
		need = tx.Bucket(bucketMeta).Get(metaScrub) != nil
		return nil
	})
	return need, err
}

// VerifyChains checks the event chain of every session whose events are
// in the clear (sealed sessions carry theirs inside the seal, checked by
// Unseal) and calls bad for each that is broken. It reads only the
// sessions that have events.
func (s *Store) VerifyChains(bad func(id ID, err error)) error {
	if s.format < 2 {
		return nil
	}
	return s.view(func(tx *bolt.Tx) error {
		sb := tx.Bucket(bucketSessions)
		c := tx.Bucket(bucketEvents).Cursor()
		k, v := c.First()
		for k != nil {
			if len(k) != 20 {
				k, v = c.Next()
				continue
			}
			var id ID
			copy(id[:], k[:16])
			var chain [][]byte
			for ; k != nil && bytes.HasPrefix(k, id[:]); k, v = c.Next() {
				chain = append(chain, v)
			}
			rec := sb.Get(id[:])
			if rec == nil {
				bad(id, fmt.Errorf("session %s: it has events but no record: %w", id, ErrTampered))
				continue
			}
			sess, err := decodeSession(id[:], string(rec))
			if err != nil || sess.Sealed {
				continue // a damaged record is reported by whoever decodes it
			}
			if err := verifyChain(sess, chain); err != nil {
				bad(id, err)
			}
		}
		return nil
	})
}
