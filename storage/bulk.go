package storage

import (
	"encoding/binary"
	"fmt"

	"filippo.io/age"
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
		// New sessions get the device's next numbers, as NewSession gives.
		nb, err := tx.CreateBucketIfNotExists(bucketNumbers)
		if err != nil {
			return err
		}
		nb.FillPercent = 1
		meta := tx.Bucket(bucketMeta)
		counter, _ := binary.Uvarint(meta.Get(metaCounter))
		var recipients []age.Recipient
		var keep map[string]bool
		if keys := recipientsIn(tx); len(keys) > 0 {
			var err error
			if recipients, err = ParseRecipients(keys); err != nil {
				return err
			}
			if keep, err = s.persistNames(tx, q.Hash); err != nil {
				return err
			}
		}
		for _, sess := range sessions {
			if sess.QuestionnaireHash != q.Hash {
				return fmt.Errorf("session %s is of questionnaire %s, not %s", sess.ID, sess.QuestionnaireHash, q.Hash)
			}
			sess.Events = 0
			sess.head = chainSeed(sess.ID)
			rec := sess.encode()
			if recipients != nil && sess.Status != InProgress {
				// sealed as the app seals a finished session, with no
				// plaintext ever written
				var err error
				if rec, err = sealRecord(sess, nil, recipients, keep); err != nil {
					return err
				}
			}
			if nb.Get(sess.ID[:]) == nil {
				counter++
				if err := nb.Put(sess.ID[:], binary.AppendUvarint(nil, counter)); err != nil {
					return err
				}
			}
			if err := b.Put(sess.ID[:], rec); err != nil {
				return err
			}
		}
		return meta.Put(metaCounter, binary.AppendUvarint(nil, counter))
	})
}

// WriteContacts writes approaches of questionnaire q, with the days'
// client counts, in one transaction, as WriteSessions writes sessions:
// for synthetic data, not fieldwork. The contacts' IDs and times must be
// set; an approach already in the store is replaced.
func (s *Store) WriteContacts(q *questionnaire.Questionnaire, contacts []*Contact, counts map[string]int) error {
	return s.update(func(tx *bolt.Tx) error {
		if err := putQuestionnaire(tx, q, s.now()); err != nil {
			return err
		}
		b, err := tx.CreateBucketIfNotExists(bucketContacts)
		if err != nil {
			return err
		}
		b.FillPercent = 1 // IDs arrive in order: pack pages full
		for _, c := range contacts {
			c.QuestionnaireID, c.QuestionnaireHash = q.ID, q.Hash
			if err := b.Put(c.ID[:], c.encode()); err != nil {
				return err
			}
		}
		cb, err := tx.CreateBucketIfNotExists(bucketCounts)
		if err != nil {
			return err
		}
		for day, n := range counts {
			if err := cb.Put([]byte(day), binary.AppendUvarint(nil, uint64(n))); err != nil {
				return err
			}
		}
		return nil
	})
}
