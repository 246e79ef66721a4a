package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// Check runs bbolt's consistency check over the whole file and then
// anketa's own invariants: every questionnaire's source matches its hash
// and loads; every session decodes and names a questionnaire in the
// store; every event decodes, belongs to a session and the sequence has
// no gap, and links up to its session's chain head (a changed event
// breaks the chain); a sealed session's record matches its checksum;
// every approach decodes, matches its checksum and, for an interview,
// names a session in the store. It
// returns the problems found, each naming its session; none means the
// store is sound.
func (s *Store) Check() ([]string, error) {
	problems := checkStructure(s.path)
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta).Get(metaScrub) != nil {
			add("sessions were sealed but the file was not compacted since: their plaintext may still be in its freed pages. Free some disk space and start the app on this store, which compacts it")
		}
		hashes := map[string]bool{}
		tx.Bucket(bucketQuestionnaires).ForEach(func(k, v []byte) error {
			info, err := decodeQuestionnaire(k, v)
			if err != nil {
				add("%v", err)
				return nil
			}
			sum := sha256.Sum256(info.Source)
			if hex.EncodeToString(sum[:]) != string(k) {
				add("questionnaire %s %s: its source does not match its hash %s", info.ID, info.Version, k)
			} else if _, err := questionnaire.Parse("stored", info.Source); err != nil {
				add("questionnaire %s %s: does not load: %v", info.ID, info.Version, err)
			}
			hashes[string(k)] = true
			return nil
		})
		events := tx.Bucket(bucketEvents).Cursor()
		ek, ev := events.First()
		tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
			sess, err := decodeSession(k, string(v))
			if err != nil {
				add("%v", err)
				// Its events are its own, not strays: pass over them.
				for ; ek != nil && bytes.Compare(ek[:min(16, len(ek))], k) < 0; ek, ev = events.Next() {
					add("event %x: belongs to no session in the store", ek)
				}
				for ; ek != nil && bytes.HasPrefix(ek, k); ek, ev = events.Next() {
				}
				return nil
			}
			if !hashes[sess.QuestionnaireHash] {
				add("session %s: its questionnaire %s (%s) is not in the store", sess.ID, sess.QuestionnaireID, sess.QuestionnaireHash)
			}
			// Events come in key order too: first any that belong to no
			// session before this one, then this session's own.
			for ; ek != nil && bytes.Compare(ek[:min(16, len(ek))], k) < 0; ek, ev = events.Next() {
				add("event %x: belongs to no session in the store", ek)
			}
			var n uint32
			var chain [][]byte
			for ; ek != nil && bytes.HasPrefix(ek, k); ek, ev = events.Next() {
				if len(ek) != 20 || seqOf(ek) != n {
					add("session %s: event %d is missing or out of order", sess.ID, n)
				} else if _, rec, err := eventRecord(s.format, ev); err != nil {
					add("session %s: event %d: %v", sess.ID, n, err)
				} else if _, err := decodeEvent(n, rec); err != nil {
					add("session %s: event %d: %v", sess.ID, n, err)
				}
				chain = append(chain, ev) // valid for the whole read transaction
				n++
			}
			switch {
			case sess.Sealed && n > 0:
				add("session %s: is sealed but %d of its events are still in the clear", sess.ID, n)
			case sess.Sealed:
			case n != sess.Events:
				add("session %s: has %d events, its record says %d", sess.ID, n, sess.Events)
			case s.format >= 2:
				if err := verifyChain(sess, chain); err != nil {
					add("%v", err)
				}
			}
			return nil
		})
		for ; ek != nil; ek, ev = events.Next() {
			add("event %x: belongs to no session in the store", ek)
		}
		if cb := tx.Bucket(bucketContacts); cb != nil {
			var c Contact
			cb.ForEach(func(k, v []byte) error {
				switch err := DecodeContact(k, v, &c); {
				case err != nil:
					add("%v", err)
				case !hashes[c.QuestionnaireHash]:
					add("contact %s: its questionnaire %s (%s) is not in the store", c.ID, c.QuestionnaireID, c.QuestionnaireHash)
				case c.Outcome == Interviewed && tx.Bucket(bucketSessions).Get(c.Session[:]) == nil:
					add("contact %s: its interview %s is not in the store", c.ID, c.Session)
				}
				return nil
			})
		}
		return nil
	})
	return problems, err
}

// Backup writes a consistent copy of the store to out, which must not
// exist yet. The copy is written beside out, synced, and renamed into
// place, so out is either a whole store or absent.
func (s *Store) Backup(out string) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists; choose another name or delete it first", out)
	}
	if abs1, _ := filepath.Abs(out); abs1 != "" {
		if abs2, _ := filepath.Abs(s.path); abs1 == abs2 {
			return fmt.Errorf("%s is the store itself; choose another name", out)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write the backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = s.view(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(tmp)
		return err
	})
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	if err != nil {
		return fmt.Errorf("cannot write the backup %s: %w", out, err)
	}
	return os.Rename(tmp.Name(), out)
}
