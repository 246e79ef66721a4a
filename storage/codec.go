package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"anketa/questionnaire"
)

var errCorrupt = errors.New("record is damaged")

// encoder appends the layout's primitives to a byte slice.
type encoder struct{ b []byte }

func (e *encoder) byte1(c byte)     { e.b = append(e.b, c) }
func (e *encoder) uvarint(n uint64) { e.b = binary.AppendUvarint(e.b, n) }
func (e *encoder) varint(n int64)   { e.b = binary.AppendVarint(e.b, n) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.varint(0)
		return
	}
	e.varint(t.UnixMilli())
}

func (e *encoder) value(v questionnaire.Value) {
	e.byte1(byte(v.Kind))
	switch v.Kind {
	case questionnaire.KindText, questionnaire.KindCode, questionnaire.KindDate:
		e.str(v.Text)
	case questionnaire.KindInteger:
		e.varint(v.Int)
	case questionnaire.KindDecimal:
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v.Dec))
	case questionnaire.KindCodes:
		e.uvarint(uint64(len(v.Codes)))
		for _, c := range v.Codes {
			e.str(c)
		}
	case questionnaire.KindMissing:
		e.byte1(byte(v.Missing))
	}
}

// decoder reads the layout's primitives from a string, so that every
// string it returns shares the one copy of the record and costs nothing.
// The first problem sticks in err; later reads return zero values.
type decoder struct {
	s   string
	err error
	// codes, when set, is where select_multiple codes are taken from, to
	// spare an allocation per answer during a scan.
	codes *[]string
	// checked says the record's checksum was verified already
	// (CheckRecord), so that a scan does not compute it twice.
	checked bool
	// place, when set, is where each answer's value is decoded instead
	// of the session's Answers (DecodeCheckedInto).
	place func(name string) *questionnaire.Value
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.s = ""
}

func (d *decoder) byte1() byte {
	if len(d.s) < 1 {
		d.fail()
		return 0
	}
	c := d.s[0]
	d.s = d.s[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	// A local copy stays in registers; d.s would be read again each byte.
	s := d.s
	if len(s) > 0 && s[0] < 0x80 { // most lengths and counts
		d.s = s[1:]
		return uint64(s[0])
	}
	if len(s) >= binary.MaxVarintLen64 { // times and long lengths: no bound to check a byte
		var x uint64
		for i := range binary.MaxVarintLen64 {
			c := s[i]
			if c < 0x80 {
				if i == binary.MaxVarintLen64-1 && c > 1 {
					break
				}
				d.s = s[i+1:]
				return x | uint64(c)<<(7*i)
			}
			x |= uint64(c&0x7f) << (7 * i)
		}
		d.fail()
		return 0
	}
	var x uint64
	var shift uint
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break
			}
			d.s = d.s[i+1:]
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	d.fail()
	return 0
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) str() string {
	if s := d.s; len(s) > 0 && s[0] < 0x80 && int(s[0]) < len(s) { // most: a short string
		n := int(s[0]) + 1
		d.s = s[n:]
		return s[1:n]
	}
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.fail()
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

func (d *decoder) time() time.Time {
	ms := d.varint()
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func (d *decoder) value() questionnaire.Value {
	var v questionnaire.Value
	d.valueInto(&v)
	return v
}

// valueInto decodes into *v, which must be the zero Value; a scan decodes
// in place because copying Values costs more than reading them.
func (d *decoder) valueInto(v *questionnaire.Value) {
	k := questionnaire.Kind(d.byte1())
	v.Kind = k
	switch k {
	case questionnaire.Empty:
	case questionnaire.KindText, questionnaire.KindCode, questionnaire.KindDate:
		v.Text = d.str()
	case questionnaire.KindInteger:
		v.Int = d.varint()
	case questionnaire.KindDecimal:
		if len(d.s) < 8 {
			d.fail()
			break
		}
		v.Dec = math.Float64frombits(binary.LittleEndian.Uint64([]byte(d.s[:8])))
		d.s = d.s[8:]
	case questionnaire.KindCodes:
		n := d.uvarint()
		if n > uint64(len(d.s)) { // each code takes at least one byte
			d.fail()
			break
		}
		var codes []string
		if d.codes != nil && int(n) <= cap(*d.codes)-len(*d.codes) {
			codes = (*d.codes)[len(*d.codes) : len(*d.codes) : len(*d.codes)+int(n)]
			*d.codes = (*d.codes)[:len(*d.codes)+int(n)]
		} else {
			codes = make([]string, 0, n)
		}
		for range n {
			codes = append(codes, d.str())
		}
		v.Codes = codes
	case questionnaire.KindMissing:
		m := questionnaire.MissingKind(d.byte1())
		if m < questionnaire.DontKnow || m > questionnaire.NotApplicable {
			d.fail()
		}
		v.Missing = m
	default:
		d.fail()
	}
}

// DecodeValue reads one encoded value; it is exported for the fuzz test
// and for tools that inspect raw stores.
func DecodeValue(b []byte) (questionnaire.Value, error) {
	d := decoder{s: string(b)}
	v := d.value()
	if d.err == nil && d.s != "" {
		d.err = fmt.Errorf("%w: %d bytes left after the value", errCorrupt, len(d.s))
	}
	return v, d.err
}

// EncodeValue writes one value in the store's encoding.
func EncodeValue(v questionnaire.Value) []byte {
	var e encoder
	e.value(v)
	return e.b
}

// bytesInto reads len(dst) raw bytes.
func (d *decoder) bytesInto(dst []byte) {
	if d.err != nil {
		return
	}
	if len(d.s) < len(dst) {
		d.fail()
		return
	}
	copy(dst, d.s[:len(dst)])
	d.s = d.s[len(dst):]
}
