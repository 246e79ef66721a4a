package storage

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strings"
	"time"
	"unsafe"

	"github.com/google/uuid"

	"anketa/questionnaire"
)

// ID identifies a session: a UUIDv7, so IDs sort by creation time and are
// unique across laptops without coordination.
type ID [16]byte

func (id ID) String() string { return uuid.UUID(id).String() }

// ParseID reads a session ID written as a UUID.
func ParseID(s string) (ID, error) {
	u, err := uuid.Parse(s)
	if err != nil {
		return ID{}, fmt.Errorf("%q is not a session ID: %w", s, err)
	}
	return ID(u), nil
}

// Status is where a session stands.
type Status uint8

const (
	InProgress Status = iota + 1
	Completed
	Abandoned
)

var statusNames = []string{"", "in_progress", "completed", "abandoned"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// Mode is who answers a session's questions: the interviewer, or the
// client alone on the same laptop (self-completion).
type Mode uint8

const (
	ModeInterviewer Mode = iota
	ModeSelf
)

func (m Mode) String() string {
	if m == ModeSelf {
		return "self"
	}
	return "interviewer"
}

// ParseMode reads interviewer or self.
func ParseMode(s string) (Mode, bool) {
	switch s {
	case "interviewer":
		return ModeInterviewer, true
	case "self":
		return ModeSelf, true
	}
	return 0, false
}

// The reasons an interview is abandoned for, as Reason holds them: one of
// these codes, or "other: " and the interviewer's words. Stores from
// before the list hold the interviewer's words alone.
const (
	ReasonClientLeft  = "client_left"
	ReasonRefused     = "refused"
	ReasonInterrupted = "interrupted"
	ReasonTimeout     = "timeout" // a self-completed interview waited too long for a key
	ReasonOther       = "other"
)

// OtherReason is the Reason for "other" with the interviewer's words.
func OtherReason(text string) string { return ReasonOther + ": " + text }

// Answer is one question's answer in a session.
type Answer struct {
	Name  string
	Value questionnaire.Value
}

// Session is one interview with one client.
type Session struct {
	ID                ID
	QuestionnaireID   string
	QuestionnaireHash string
	Status            Status
	Started           time.Time
	Updated           time.Time
	Finished          time.Time
	Interviewer       string
	Language          string
	// Position is the name of the item last shown, where a resumed
	// interview continues.
	Position string
	// Reason is why the session was abandoned: ReasonClientLeft and the
	// other codes, or OtherReason's "other: ...".
	Reason string
	// Mode says whether the client answered alone.
	Mode Mode
	// Events is the number of paradata events logged.
	Events uint32
	// Answers are in the order they were first given.
	Answers []Answer

	// Sealed says the session's answers and paradata are encrypted to the
	// store's recipients (see Unseal). Until it is unsealed only its ID,
	// questionnaire, status, times and the answers to persist questions
	// (the workplace) are known; Interviewer, Language and the other
	// answers are empty.
	Sealed bool
	// head is the hash of the session's last event: the end of its chain.
	head [32]byte
	// seal is a sealed session's age ciphertext, pointing into its record.
	seal string
}

// Answer returns the answer to the named question, or the empty Value.
func (s *Session) Answer(name string) questionnaire.Value {
	for _, a := range s.Answers {
		if a.Name == name {
			return a.Value
		}
	}
	return questionnaire.Value{}
}

// AnswerMap returns the answers by name, as the flow engine takes them.
func (s *Session) AnswerMap() questionnaire.Answers {
	m := make(questionnaire.Answers, len(s.Answers))
	for _, a := range s.Answers {
		m[a.Name] = a.Value
	}
	return m
}

// set changes or adds an answer; the empty Value removes it.
func (s *Session) set(name string, v questionnaire.Value) {
	for i, a := range s.Answers {
		if a.Name == name {
			if v.IsEmpty() {
				s.Answers = append(s.Answers[:i], s.Answers[i+1:]...)
			} else {
				s.Answers[i].Value = v
			}
			return
		}
	}
	if !v.IsEmpty() {
		s.Answers = append(s.Answers, Answer{name, v})
	}
}

// Session record versions: 1 as format 1 wrote them; 2 adds the head
// of the event chain; 3 is a sealed session; 4, written since format 3,
// is 2 with a CRC-32C of the record at its end, so that a changed byte
// anywhere in it is found.
const (
	recordVersion  = 1
	recordChained  = 2
	recordSealed   = 3
	recordChecked  = 4
	recordCRCSize  = 4
	sealSumSize    = sha256.Size
	chainHashSize  = sha256.Size
	chainSeedLabel = "anketa event chain\x00"
)

// encode writes the session's record: version 4, with its chain head and
// its checksum.
func (s *Session) encode() []byte {
	e := encoder{b: make([]byte, 0, 160+32*len(s.Answers))}
	s.encodeHeader(&e, recordChecked)
	e.str(s.Interviewer)
	e.str(s.Language)
	e.str(s.Position)
	e.str(s.Reason)
	e.uvarint(uint64(s.Events))
	e.uvarint(uint64(len(s.Answers)))
	for _, a := range s.Answers {
		e.str(a.Name)
		e.value(a.Value)
	}
	e.b = append(e.b, s.head[:]...)
	return binary.BigEndian.AppendUint32(e.b, recordCRC(s.ID[:], e.b))
}

// recordCRC is a version 4 record's checksum: of the session's key and
// the record, so that a record found under another key fails it too.
func recordCRC(key, body []byte) uint32 {
	return crc32.Update(crc32.Checksum(key, castagnoli), castagnoli, body)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// encodeHeader writes what every record version starts with: the version,
// the questionnaire, the status and the times.
func (s *Session) encodeHeader(e *encoder, version byte) {
	e.byte1(version)
	e.str(s.QuestionnaireID)
	e.str(s.QuestionnaireHash)
	e.byte1(byte(s.Status) | byte(s.Mode)<<modeShift)
	e.time(s.Started)
	e.time(s.Updated)
	e.time(s.Finished)
}

// chainSeed is where a session's event chain starts: a hash of its ID, so
// that an event moved to another session breaks both chains.
func chainSeed(id ID) [32]byte {
	return sha256.Sum256(append([]byte(chainSeedLabel), id[:]...))
}

// Clone returns a deep copy of sess, safe to keep after Scan moves on.
func (s *Session) Clone() *Session {
	c := *s
	c.QuestionnaireID = strings.Clone(s.QuestionnaireID)
	c.QuestionnaireHash = strings.Clone(s.QuestionnaireHash)
	c.Interviewer = strings.Clone(s.Interviewer)
	c.Language = strings.Clone(s.Language)
	c.Position = strings.Clone(s.Position)
	c.Reason = strings.Clone(s.Reason)
	c.Answers = make([]Answer, len(s.Answers))
	for i, a := range s.Answers {
		v := a.Value
		v.Text = strings.Clone(v.Text)
		if v.Codes != nil {
			codes := make([]string, len(v.Codes))
			for k, code := range v.Codes {
				codes[k] = strings.Clone(code)
			}
			v.Codes = codes
		}
		c.Answers[i] = Answer{strings.Clone(a.Name), v}
	}
	return &c
}

// Header is the start of a session record: what merging needs without
// decoding the answers.
type Header struct {
	ID                ID
	QuestionnaireID   string
	QuestionnaireHash string
	Status            Status
	Mode              Mode
	Started           time.Time
	Updated           time.Time
}

// The status byte of a record holds the status in its low bits and, since
// format 4, the mode above them (0, the interviewer, in older records).
const (
	modeShift  = 4
	statusMask = 1<<modeShift - 1
)

// header reads a record's header; d must be at the record's start.
func (d *decoder) header(id []byte, h *Header) error {
	if len(id) != len(h.ID) {
		return fmt.Errorf("session key of %d bytes: %w", len(id), errCorrupt)
	}
	copy(h.ID[:], id)
	if v := d.byte1(); v < recordVersion || v > recordChecked {
		return fmt.Errorf("session %s: record version %d: %w", h.ID, v, errCorrupt)
	}
	h.QuestionnaireID = d.str()
	h.QuestionnaireHash = d.str()
	b := d.byte1()
	h.Status, h.Mode = Status(b&statusMask), Mode(b>>modeShift)
	h.Started = d.time()
	h.Updated = d.time()
	if d.err != nil {
		return fmt.Errorf("session %s: %w", h.ID, d.err)
	}
	return nil
}

// guardFault turns a fault in reading a record of a damaged store (a
// length that runs past the file's mapping) into an error naming the
// session. The caller has debug.SetPanicOnFault on, as readers of a
// store's memory map do.
func guardFault(err *error, key []byte) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("session %x: the record cannot be read (%v): %w", key, r, errCorrupt)
	}
}

// checksumOK reports whether a version 4 record, stored under key,
// matches its CRC.
func checksumOK(key []byte, rec string) bool {
	n := len(rec) - recordCRCSize
	return n > 0 && recordCRC(key, unsafe.Slice(unsafe.StringData(rec), n)) == binary.BigEndian.Uint32(unsafe.Slice(unsafe.StringData(rec[n:]), recordCRCSize))
}

// CheckRecord checks a stored record against its checksum, as export
// does before it trusts the record's header: a version 4 record by its
// CRC-32C, a sealed one by its SHA-256. Records of older formats carry
// none and pass.
func CheckRecord(key, rec []byte) (err error) {
	defer guardFault(&err, key)
	if len(rec) == 0 {
		return fmt.Errorf("session %x: an empty record: %w", key, errCorrupt)
	}
	var ok bool
	switch rec[0] {
	case recordChecked:
		ok = checksumOK(key, unsafe.String(unsafe.SliceData(rec), len(rec)))
	case recordSealed:
		n := len(rec) - sealSumSize
		ok = n > 0 && sha256.Sum256(rec[:n]) == [sealSumSize]byte(rec[n:])
	default:
		return nil
	}
	if !ok {
		id := fmt.Sprintf("%x", key)
		if len(key) == len(ID{}) {
			id = ID(key).String()
		}
		return fmt.Errorf("session %s: its record does not match its checksum: the store is damaged or was changed: %w", id, ErrTampered)
	}
	return nil
}

// DecodeSession reads the record rec stored under key into s, reusing
// s.Answers' storage and taking select_multiple codes from *codes when it
// has room. The strings point into rec. Export decodes in parallel with it.
func DecodeSession(key, rec []byte, s *Session, codes *[]string) (err error) {
	defer guardFault(&err, key)
	d := decoder{s: unsafe.String(unsafe.SliceData(rec), len(rec)), codes: codes}
	return d.session(key, s)
}

// DecodeCheckedInto is DecodeSession for a record that CheckRecord has
// passed (its checksum is not computed again), in a scan that wants the
// answers by question: s.Answers is left empty, and each answer's value is
// decoded into the Value place gives for its question's name, or read
// past when place gives nil. Export loads a session into its
// questionnaire's flow state so, without copying every answer. A sealed
// session's answers are not in the record: Unseal puts them in s.Answers.
func DecodeCheckedInto(key, rec []byte, s *Session, codes *[]string, place func(name string) *questionnaire.Value) (err error) {
	defer guardFault(&err, key)
	d := decoder{s: unsafe.String(unsafe.SliceData(rec), len(rec)), codes: codes, checked: true, place: place}
	return d.session(key, s)
}

// decodeSession reads a session record into a new Session.
func decodeSession(id []byte, rec string) (*Session, error) {
	d := decoder{s: rec}
	s := &Session{}
	if err := d.session(id, s); err != nil {
		return nil, err
	}
	return s, nil
}

// session reads a session record into s, reusing s.Answers' storage.
func (d *decoder) session(id []byte, s *Session) error {
	answers := s.Answers[:0]
	*s = Session{}
	var h Header
	whole := d.s
	version := byte(0)
	if d.s != "" {
		version = d.s[0]
	}
	if version == recordChecked && !d.checked && !checksumOK(id, whole) {
		return CheckRecord(id, []byte(whole))
	}
	if err := d.header(id, &h); err != nil {
		return err
	}
	s.ID, s.QuestionnaireID, s.QuestionnaireHash, s.Status, s.Mode = h.ID, h.QuestionnaireID, h.QuestionnaireHash, h.Status, h.Mode
	s.Started, s.Updated = h.Started, h.Updated
	s.Finished = d.time()
	if version == recordSealed {
		s.Sealed = true
	} else {
		s.Interviewer = d.str()
		s.Language = d.str()
		s.Position = d.str()
		s.Reason = d.str()
		s.Events = uint32(d.uvarint())
	}
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.fail()
		n = 0
	}
	if d.place != nil {
		for range n {
			dst := d.place(d.str())
			if dst == nil {
				dst = &questionnaire.Value{} // an answer no one asked for: read past it
			} else {
				*dst = questionnaire.Value{}
			}
			d.valueInto(dst)
		}
		n = 0
	}
	if answers == nil {
		answers = make([]Answer, 0, n)
	}
	for range n {
		answers = append(answers, Answer{})
		a := &answers[len(answers)-1]
		a.Name = d.str()
		d.valueInto(&a.Value)
	}
	s.Answers = answers
	switch version {
	case recordVersion:
		s.head = chainSeed(s.ID) // format 1 kept no chain
	case recordChained:
		d.bytesInto(s.head[:])
	case recordChecked:
		d.bytesInto(s.head[:])
		if len(d.s) >= recordCRCSize {
			d.s = d.s[recordCRCSize:] // checked before anything was read
		} else {
			d.fail()
		}
	case recordSealed:
		s.seal = d.str()
		body := len(whole) - len(d.s)
		var sum [sealSumSize]byte
		d.bytesInto(sum[:])
		if d.err == nil && sha256.Sum256([]byte(whole[:body])) != sum {
			d.err = fmt.Errorf("its sealed record does not match its checksum: %w", ErrTampered)
		}
	}
	if d.err == nil && (s.Status < InProgress || s.Status > Abandoned) {
		d.err = fmt.Errorf("status %d: %w", s.Status, errCorrupt)
	}
	if d.err == nil && s.Mode > ModeSelf {
		d.err = fmt.Errorf("mode %d: %w", s.Mode, errCorrupt)
	}
	if d.err == nil && d.s != "" {
		d.err = fmt.Errorf("%d bytes left: %w", len(d.s), errCorrupt)
	}
	if d.err != nil {
		return fmt.Errorf("session %s: %w", s.ID, d.err)
	}
	return nil
}

// EventKind is the kind of a paradata event.
type EventKind uint8

const (
	EventStarted EventKind = iota + 1
	EventShown
	EventAnswered
	EventChanged
	EventBack
	EventLanguage
	EventPaused
	EventResumed
	EventCompleted
	EventAbandoned
)

var eventNames = []string{"", "started", "shown", "answered", "changed", "back", "language", "paused", "resumed", "completed", "abandoned"}

func (k EventKind) String() string {
	if int(k) < len(eventNames) {
		return eventNames[k]
	}
	return fmt.Sprintf("event(%d)", k)
}

// Event is one entry of a session's paradata.
type Event struct {
	Seq  uint32
	Time time.Time
	Kind EventKind
	Item string
	Old  questionnaire.Value
	New  questionnaire.Value
	// Text is the new language for EventLanguage, the reason for
	// EventAbandoned.
	Text string
}

func (ev *Event) encode() []byte {
	var e encoder
	e.time(ev.Time)
	e.byte1(byte(ev.Kind))
	e.str(ev.Item)
	e.value(ev.Old)
	e.value(ev.New)
	e.str(ev.Text)
	return e.b
}

func decodeEvent(seq uint32, rec string) (Event, error) {
	d := decoder{s: rec}
	ev := Event{Seq: seq}
	ev.Time = d.time()
	ev.Kind = EventKind(d.byte1())
	ev.Item = d.str()
	ev.Old = d.value()
	ev.New = d.value()
	ev.Text = d.str()
	if d.err == nil && (ev.Kind < EventStarted || ev.Kind > EventAbandoned) {
		d.err = fmt.Errorf("event kind %d: %w", ev.Kind, errCorrupt)
	}
	if d.err == nil && d.s != "" {
		d.err = fmt.Errorf("%d bytes left: %w", len(d.s), errCorrupt)
	}
	return ev, d.err
}
