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
		s, err := decodeSession(make([]byte, 16), string(rec))
		if err == nil && s == nil {
			t.Fatal("no session and no error")
		}
	})
}
