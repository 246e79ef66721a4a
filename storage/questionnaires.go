package storage

import (
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"anketa/questionnaire"
)

// QuestionnaireInfo describes a questionnaire version kept in a store.
type QuestionnaireInfo struct {
	Hash    string
	ID      string
	Version string
	Added   time.Time
	Source  []byte
}

func putQuestionnaire(tx *bolt.Tx, q *questionnaire.Questionnaire, now time.Time) error {
	b := tx.Bucket(bucketQuestionnaires)
	if b.Get([]byte(q.Hash)) != nil {
		return nil
	}
	// A questionnaire that names recipients has its sessions sealed to
	// them, from the first one on.
	if err := addRecipients(tx, q.Recipients); err != nil {
		return err
	}
	var e encoder
	e.byte1(recordVersion)
	e.str(q.ID)
	e.str(q.Version)
	e.time(now)
	e.str(string(q.Source))
	return b.Put([]byte(q.Hash), e.b)
}

func decodeQuestionnaire(hash []byte, rec []byte) (QuestionnaireInfo, error) {
	d := decoder{s: string(rec)}
	info := QuestionnaireInfo{Hash: string(hash)}
	if d.byte1() != recordVersion {
		d.fail()
	}
	info.ID = d.str()
	info.Version = d.str()
	info.Added = d.time()
	info.Source = []byte(d.str())
	if d.err != nil {
		return info, fmt.Errorf("questionnaire %s: %w", hash, d.err)
	}
	return info, nil
}

// AddQuestionnaire keeps q's exact source in the store, once per version.
func (s *Store) AddQuestionnaire(q *questionnaire.Questionnaire) error {
	return s.update(func(tx *bolt.Tx) error { return putQuestionnaire(tx, q, s.now()) })
}

// Questionnaires lists the questionnaire versions in the store, oldest first.
func (s *Store) Questionnaires() ([]QuestionnaireInfo, error) {
	var out []QuestionnaireInfo
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketQuestionnaires).ForEach(func(k, v []byte) error {
			info, err := decodeQuestionnaire(k, v)
			if err != nil {
				return err
			}
			out = append(out, info)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Added.Before(out[j].Added) })
	return out, err
}

// Questionnaire parses the questionnaire version with the given hash from
// the source kept in the store.
func (s *Store) Questionnaire(hash string) (*questionnaire.Questionnaire, error) {
	var info QuestionnaireInfo
	found := false
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketQuestionnaires).Get([]byte(hash))
		if v == nil {
			return nil
		}
		found = true
		var err error
		info, err = decodeQuestionnaire([]byte(hash), v)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%s: no questionnaire %s in the store", s.path, hash)
	}
	return questionnaire.Parse(fmt.Sprintf("%s[%s %s]", s.path, info.ID, info.Version), info.Source)
}
