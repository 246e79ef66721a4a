package storage

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// NewSession starts an interview with questionnaire q. The questionnaire's
// source is kept in the store if it is not there yet, and a started event
// is logged, in the same transaction.
func (s *Store) NewSession(q *questionnaire.Questionnaire, interviewer, language string) (*Session, error) {
	return s.StartSession(q, interviewer, language, ModeInterviewer)
}

// StartSession is NewSession for an interview in the given mode.
func (s *Store) StartSession(q *questionnaire.Questionnaire, interviewer, language string, mode Mode) (*Session, error) {
	return s.StartSessionWith(q, interviewer, language, mode, nil)
}

// StartSessionWith is StartSession that also logs contact, the approach
// that led to the interview, as Interviewed and linked to the session,
// in the same transaction. A nil contact logs none.
func (s *Store) StartSessionWith(q *questionnaire.Questionnaire, interviewer, language string, mode Mode, contact *Contact) (*Session, error) {
	u, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	sess := &Session{
		ID: ID(u), QuestionnaireID: q.ID, QuestionnaireHash: q.Hash, Status: InProgress, Mode: mode,
		Started: now, Updated: now, Interviewer: interviewer, Language: language,
	}
	sess.head = chainSeed(sess.ID)
	err = s.update(func(tx *bolt.Tx) error {
		if err := putQuestionnaire(tx, q, now); err != nil {
			return err
		}
		if err := nextNumber(tx, sess.ID); err != nil {
			return err
		}
		if contact != nil {
			if err := s.newContact(q, contact); err != nil {
				return err
			}
			contact.Time, contact.Outcome, contact.Session = now, Interviewed, sess.ID
			if err := putContact(tx, contact); err != nil {
				return err
			}
		}
		return appendEvent(tx, sess, Event{Time: now, Kind: EventStarted})
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// change loads session id, lets fn change it and log events, and saves it,
// all in one transaction.
func (s *Store) change(id ID, fn func(tx *bolt.Tx, sess *Session, now time.Time) error) (*Session, error) {
	var out *Session
	err := s.update(func(tx *bolt.Tx) error {
		sess, err := loadSession(tx, id)
		if err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Millisecond)
		if err := fn(tx, sess, now); err != nil {
			return err
		}
		sess.Updated = now
		out = sess
		return tx.Bucket(bucketSessions).Put(id[:], sess.encode())
	})
	return out, err
}

func open(sess *Session) error {
	if sess.Status != InProgress {
		return fmt.Errorf("session %s is %s: %w", sess.ID, sess.Status, ErrFinished)
	}
	return nil
}

// SetAnswer records the answer to question name; the empty Value clears
// it. It logs an answered or changed event with the old and new value, and
// returns once the change is committed and synced.
func (s *Store) SetAnswer(id ID, name string, v questionnaire.Value) error {
	return s.SetAnswerAndShow(id, name, v, "")
}

// SetAnswerAndShow records an answer as SetAnswer does and, in the same
// transaction, that item next is now on the screen (as Show does), so
// that a step of the interview costs one sync. An empty next shows nothing.
func (s *Store) SetAnswerAndShow(id ID, name string, v questionnaire.Value, next string) error {
	_, err := s.change(id, func(tx *bolt.Tx, sess *Session, now time.Time) error {
		if err := open(sess); err != nil {
			return err
		}
		if old := sess.Answer(name); !old.Equal(v) {
			kind := EventChanged
			if old.IsEmpty() {
				kind = EventAnswered
			}
			sess.set(name, v)
			if err := appendEvent(tx, sess, Event{Time: now, Kind: kind, Item: name, Old: old, New: v}); err != nil {
				return err
			}
		}
		if next != "" {
			sess.Position = next
			return appendEvent(tx, sess, Event{Time: now, Kind: EventShown, Item: next})
		}
		return nil
	})
	return err
}

// Show records that item name is on the screen: where a resumed interview
// continues. back says the interviewer went back to it.
func (s *Store) Show(id ID, name string, back bool) error {
	_, err := s.change(id, func(tx *bolt.Tx, sess *Session, now time.Time) error {
		if err := open(sess); err != nil {
			return err
		}
		sess.Position = name
		kind := EventShown
		if back {
			kind = EventBack
		}
		return appendEvent(tx, sess, Event{Time: now, Kind: kind, Item: name})
	})
	return err
}

// SetLanguage switches the interview's language.
func (s *Store) SetLanguage(id ID, lang string) error {
	_, err := s.change(id, func(tx *bolt.Tx, sess *Session, now time.Time) error {
		if err := open(sess); err != nil {
			return err
		}
		sess.Language = lang
		return appendEvent(tx, sess, Event{Time: now, Kind: EventLanguage, Text: lang})
	})
	return err
}

// Pause logs that the interview was interrupted; it stays in progress.
func (s *Store) Pause(id ID) error { return s.logOnly(id, EventPaused) }

// Resume logs that an interrupted interview goes on.
func (s *Store) Resume(id ID) error { return s.logOnly(id, EventResumed) }

func (s *Store) logOnly(id ID, kind EventKind) error {
	_, err := s.change(id, func(tx *bolt.Tx, sess *Session, now time.Time) error {
		if err := open(sess); err != nil {
			return err
		}
		return appendEvent(tx, sess, Event{Time: now, Kind: kind})
	})
	return err
}

// Complete marks the session completed. It can no longer change.
func (s *Store) Complete(id ID) error { return s.finish(id, Completed, "") }

// Abandon marks the session abandoned, with the interviewer's reason. It
// is kept, and can no longer change.
func (s *Store) Abandon(id ID, reason string) error { return s.finish(id, Abandoned, reason) }

// finish completes or abandons a session. In a store with recipients the
// session is sealed in the same transaction (its answers and paradata
// encrypted, the plaintext deleted) and the store is then compacted, so
// that no freed page keeps the plaintext. If the compaction cannot run (a
// reader holds the file on a system that cannot replace an open file), the
// session is sealed all the same (Complete returns nil: it is done), and
// Unscrubbed says so until a later compaction succeeds: it is tried again
// with the next write, at most every ScrubRetry, at the next finish, and
// when the app next opens the store.
func (s *Store) finish(id ID, status Status, reason string) error {
	sealed := false
	err := s.update(func(tx *bolt.Tx) error {
		sess, err := loadSession(tx, id)
		if err != nil {
			return err
		}
		if err := open(sess); err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Millisecond)
		sess.Status, sess.Finished, sess.Reason, sess.Updated = status, now, reason, now
		kind := EventCompleted
		if status == Abandoned {
			kind = EventAbandoned
		}
		if err := appendEvent(tx, sess, Event{Time: now, Kind: kind, Text: reason}); err != nil {
			return err
		}
		sealed, err = s.seal(tx, sess)
		return err
	})
	if err == nil && sealed {
		s.mu.Lock()
		s.scrub()
		s.mu.Unlock()
	}
	return err
}

// appendEvent logs ev as the session's next event and saves the session
// record (whose event count it raises) in the same transaction.
func appendEvent(tx *bolt.Tx, sess *Session, ev Event) error {
	key := eventKey(sess.ID, sess.Events)
	sess.Events++
	if err := tx.Bucket(bucketEvents).Put(key, chainEvent(sess, &ev)); err != nil {
		return err
	}
	return tx.Bucket(bucketSessions).Put(sess.ID[:], sess.encode())
}

func eventKey(id ID, seq uint32) []byte {
	k := make([]byte, 20)
	copy(k, id[:])
	binary.BigEndian.PutUint32(k[16:], seq)
	return k
}

func loadSession(tx *bolt.Tx, id ID) (*Session, error) {
	v := tx.Bucket(bucketSessions).Get(id[:])
	if v == nil {
		return nil, fmt.Errorf("session %s: %w", id, ErrNotFound)
	}
	return decodeSession(id[:], string(v))
}
