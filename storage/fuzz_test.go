package storage

import (
	"testing"
	"time"

	"anketa/questionnaire"
)

// FuzzDecodeValue feeds arbitrary bytes to the value decoder: it must
// return a value or an error, never panic, and whatever it accepts must
// encode back to the same bytes.
func FuzzDecodeValue(f *testing.F) {
	for _, v := range []questionnaire.Value{
		{}, questionnaire.TextValue("Plzeň"), questionnaire.IntValue(-42), questionnaire.DecimalValue(2.5),
		questionnaire.DateValue(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)), questionnaire.CodeValue("9"),
		questionnaire.CodesValue("1", "3"), questionnaire.CodesValue(), questionnaire.MissingValue(questionnaire.Refused),
	} {
		f.Add(EncodeValue(v))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := DecodeValue(b)
		if err != nil {
			return
		}
		again, err := DecodeValue(EncodeValue(v))
		if err != nil || !again.Equal(v) {
			t.Fatalf("%x decodes to %#v, which does not survive a round trip (%v)", b, v, err)
		}
	})
}

// FuzzDecodeSession does the same for whole session records, as a damaged
// store would present them.
func FuzzDecodeSession(f *testing.F) {
	sess := &Session{QuestionnaireID: "q", QuestionnaireHash: "h", Status: Completed,
		Started: time.UnixMilli(1_700_000_000_000), Interviewer: "T01", Language: "cs",
		Answers: []Answer{{"a", questionnaire.CodeValue("1")}, {"b", questionnaire.CodesValue("1", "2")}}}
	f.Add(sess.encode())
	f.Fuzz(func(t *testing.T, rec []byte) {
		key := make([]byte, 16)
		s, err := decodeSession(key, string(rec))
		if err == nil && s == nil {
			t.Fatal("no session and no error")
		}
		// Decoded into places by name, as export does once CheckRecord
		// has passed it, the record gives the same verdict and, for each
		// name, its last answer.
		if CheckRecord(key, rec) != nil {
			return
		}
		placed := map[string]*questionnaire.Value{}
		var into Session
		err2 := DecodeCheckedInto(key, rec, &into, nil, func(name string) *questionnaire.Value {
			if placed[name] == nil {
				placed[name] = new(questionnaire.Value)
			}
			return placed[name]
		})
		if (err == nil) != (err2 == nil) {
			t.Fatalf("decoded as answers: %v; into places: %v", err, err2)
		}
		if err != nil {
			return
		}
		if len(into.Answers) != 0 {
			t.Fatalf("%d answers kept in the session as well as placed", len(into.Answers))
		}
		last := map[string]questionnaire.Value{}
		for _, a := range s.Answers {
			last[a.Name] = a.Value
		}
		if len(last) != len(placed) {
			t.Fatalf("%d names as answers, %d placed", len(last), len(placed))
		}
		for name, v := range last {
			if !placed[name].Equal(v) {
				t.Fatalf("%q: %#v as an answer, %#v placed", name, v, *placed[name])
			}
		}
	})
}
