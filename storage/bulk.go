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
	return s.WriteSessionsWithEvents(q, sessions, nil)
}

// WriteSessionsWithEvents writes sessions as WriteSessions does, each
// with its paradata: events[i] are the events of sessions[i], in order,
// chained as the app chains them. A nil events writes none.
func (s *Store) WriteSessionsWithEvents(q *questionnaire.Questionnaire, sessions []*Session, events [][]Event) error {
	if events != nil && len(events) != len(sessions) {
		return fmt.Errorf("%d sessions with %d event lists", len(sessions), len(events))
	}
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
		eb := tx.Bucket(bucketEvents)
		eb.FillPercent = 1
		var chained [][]byte
		for i, sess := range sessions {
			if sess.QuestionnaireHash != q.Hash {
				return fmt.Errorf("session %s is of questionnaire %s, not %s", sess.ID, sess.QuestionnaireHash, q.Hash)
			}
			sess.Events = 0
			sess.head = chainSeed(sess.ID)
			chained = chained[:0]
			if events != nil {
				for j := range events[i] {
					chained = append(chained, chainEvent(sess, &events[i][j]))
					sess.Events++
				}
			}
			rec := sess.encode()
			sealed := recipients != nil && sess.Status != InProgress
			if sealed {
				// sealed as the app seals a finished session, events and
				// all, with no plaintext ever written
				var err error
				if rec, err = sealRecord(sess, chained, recipients, keep); err != nil {
					return err
				}
			} else {
				for j, v := range chained {
					if err := eb.Put(eventKey(sess.ID, uint32(j)), v); err != nil {
						return err
					}
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
