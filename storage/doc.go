// Package storage is anketa's store: one bbolt file per laptop holding
// every questionnaire version its sessions used, and every session with
// its answers and paradata. It is the only package that imports bbolt.
//
// # Durability
//
// Every change (a new session, an answer, an event, a status) is one bbolt
// transaction, and the call returns only after bbolt has committed it and
// the file has been synced (fsync). An answer the interviewer saw
// accepted is on disk; a crash at any moment leaves the store as it was
// after the last returned call.
//
// # One window, and copies while it is open
//
// Open takes an exclusive lock on a lock file beside the store (STORE.lock)
// for as long as the Store is open, so a second window gets ErrLocked at
// once. The store file itself is opened only for the length of each
// operation and closed in between, so that a coordinator can run
// `anketa store backup`, `anketa export` or OpenReadOnly on the file while
// the interviewer app is open, without stopping the interview. A reader
// holds a shared lock on the store file; a write that meets one waits for
// it (up to WriteTimeout) and then fails with ErrBusy, and the interview
// keeps the answer to save again.
//
// # Damage
//
// Open checks the file's structure first (the meta and freelist pages,
// and every bucket and page, as bbolt's check does) and refuses a damaged
// store with ErrDamaged: a write into damage can lose more. A panic inside
// bbolt during a write (damage that appeared while the app ran) closes
// the database, so that its lock on the file is released, and marks the
// store damaged: every later write fails at once with ErrDamaged, naming
// anketa store check. Readers name damage and go on (see Check, Damage).
//
// # Layout (format 4)
//
// Buckets at the top level:
//
//	meta            "format" -> format version, uvarint (4)
//	                "device" -> device ID, a random UUID as text
//	                "created" -> creation time, uvarint unix milliseconds
//	                "counter" -> the last session number given, uvarint
//	                "recipients" -> age public keys, one per line, if sessions are sealed
//	                "scrub" -> present while the file may need compacting (see Sealing)
//	settings        name -> text: what the app remembers (the interviewer's code)
//	questionnaires  SHA-256 of the source, hex -> questionnaire record
//	sessions        session ID, 16 bytes (UUIDv7) -> session record
//	events          session ID (16 bytes) + sequence (uint32 big-endian) -> event
//	numbers         session ID -> its number on this device, uvarint (for hand-ins)
//	contacts        contact ID, 16 bytes (UUIDv7) -> contact record: one approach
//	counts          day, YYYY-MM-DD in the laptop's zone -> clients counted, uvarint
//
// Records are compact binary, read front to back; str is a uvarint length
// and the bytes, varint is zigzag, times are unix milliseconds (0 = none):
//
//	questionnaire:  byte 1 | str id | str version | varint added | str source
//	session:        byte 4 | str questionnaire id | str questionnaire hash |
//	                byte status (low 4 bits) and mode (high 4: 0 interviewer, 1 self) |
//	                varint started | varint updated | varint finished |
//	                str interviewer | str language | str position | str reason |
//	                uvarint events | uvarint n | n x (str name | value) | 32 bytes chain head |
//	                4 bytes CRC-32C (Castagnoli, big-endian) of the key and all before it
//	sealed session: byte 3 | str questionnaire id | str questionnaire hash |
//	                byte status and mode | varint started | varint updated | varint finished |
//	                uvarint n | n x (str name | value)   (the persist answers only)
//	                | str age ciphertext | 32 bytes SHA-256 of all before it
//	contact:        byte 1 | str questionnaire id | str questionnaire hash | varint time |
//	                str interviewer | byte outcome (1 interviewed, 2 refused, 3 not
//	                eligible, 4 no contact, 5 language barrier) | 16 bytes session ID
//	                (zero unless interviewed) | uvarint every | uvarint count |
//	                uvarint n | n x (str name | value) (the workplace) | 4 bytes CRC-32C
//	                of the key and all before it
//	event:          32 bytes hash | varint time | byte kind | str item | value old |
//	                value new | str text
//	value:          byte kind, then for text, code, date: str; integer: varint;
//	                decimal: 8 bytes IEEE 754 little-endian; codes: uvarint n, n x str;
//	                missing: byte kind (1 dont_know, 2 refused, 3 not_applicable)
//
// A session's record holds all its answers, so that export reads one key
// per session; its events are kept apart so that a scan never reads them.
// A change to the layout raises the format version; a store whose format
// is newer than this package knows is refused with ErrNewerFormat. Format
// 1 had session records of version 1 (no chain head) and events without
// the hash; format 2 had records of version 2, as version 4 without the
// checksum; format 3 had no mode in the status byte (every session was
// the interviewer's) and no approach log. The app brings an older store
// to format 4 when it opens it, chaining the events it has and giving
// every record its checksum.
//
// Every session record carries a checksum: a CRC-32C of its key and its
// bytes (version 4), or the SHA-256 of a sealed record (version 3), so
// that a changed answer, or a record under a changed key, is found by
// Check, Load and export (CheckRecord). A checksum shows damage and
// edits; it cannot stop someone with the file from writing a new record
// with a checksum of its own, as the laptop holds no secret.
//
// # The event chain
//
// An event's hash is the SHA-256 of the stored value of the session's
// previous event, or for the first of SHA-256("anketa event chain\x00" +
// session ID); the session record's chain head is the SHA-256 of its last
// event's stored value. A changed, removed or moved event breaks the chain
// (Check, VerifyChains).
//
// # Sealing
//
// A store with recipients seals a session when it is completed or
// abandoned, in the transaction that finishes it: the session's record
// and its events' stored values (the chain included) are encrypted with
// age to every recipient, the events are deleted, and the sealed record
// replaces the session's. Its checksum shows a changed byte without the
// key; the age ciphertext is authenticated, and Unseal checks the chain
// inside and that the readable fields match the sealed ones.
//
// bbolt writes changes to new pages and frees the old ones, which keep
// their bytes. So after a seal the store is compacted: its live data is
// copied into STORE.compact, synced, and renamed over the store, and no
// page of the file holds the plaintext any more. The scrub mark is set
// in the sealing transaction and is absent from the compacted copy; if the
// app is killed before the rename, or the rename fails (another program
// holds the file on a system that cannot replace an open file, or the
// disk is full), Unscrubbed says so, and the next write (at most every
// ScrubRetry), finish or Open compacts again; store info and Check report
// the mark. Compaction costs a copy of the store.
package storage
