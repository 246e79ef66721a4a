package storage

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// WriteSessions writes whole sessions of questionnaire q in one
// transaction, with one sync at the end rather than one per answer. It
// serves synthetic data for rehearsals and benchmarks (anketa generate),
// not interviews. A session whose ID is already in the store is replaced.
func (s *Store) WriteSessions(q *questionnaire.Questionnaire, sessions []*Session) error {
	return s.update(func(tx *bolt.Tx) error {
		if err := putQuestionnaire(tx, q, s.now()); err != nil {
			return err
		}
		b := tx.Bucket(bucketSessions)
		b.FillPercent = 1 // IDs arrive in order: pack pages full
		for _, sess := range sessions {
			if sess.QuestionnaireHash != q.Hash {
				return fmt.Errorf("session %s is of questionnaire %s, not %s", sess.ID, sess.QuestionnaireHash, q.Hash)
			}
			sess.Events = 0
			if err := b.Put(sess.ID[:], sess.encode()); err != nil {
				return err
			}
		}
		return nil
	})
}
