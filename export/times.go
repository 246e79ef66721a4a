package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Zone is the time zone of an export's local times, with the name the
// codebook and the report state.
type Zone struct {
	Loc  *time.Location
	Name string
}

// LocalZone is the machine's zone, named as the system names it
// (Europe/Prague) where it can be found, else by its current offset.
func LocalZone() Zone {
	name := os.Getenv("TZ")
	if name == "" {
		if link, err := os.Readlink("/etc/localtime"); err == nil {
			if _, after, ok := strings.Cut(link, "zoneinfo/"); ok {
				name = after
			}
		}
	}
	if name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			return Zone{loc, name}
		}
	}
	if time.Local.String() != "Local" {
		return Zone{time.Local, time.Local.String()}
	}
	_, off := time.Now().Zone()
	return Zone{time.Local, fmt.Sprintf("the computer's zone (UTC%+03d:%02d now)", off/3600, abs(off)%3600/60)}
}

// ParseZone reads an IANA zone name (Europe/Prague), UTC or Local.
func ParseZone(name string) (Zone, error) {
	if name == "" || strings.EqualFold(name, "local") {
		return LocalZone(), nil
	}
	if filepath.IsAbs(name) || strings.Contains(name, "..") {
		return Zone{}, fmt.Errorf("unknown time zone %q; give a name such as Europe/Prague or UTC", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return Zone{}, fmt.Errorf("unknown time zone %q; give a name such as Europe/Prague or UTC", name)
	}
	return Zone{loc, loc.String()}, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// timeFormat is how the CSV writes a time: UTC as 2006-01-02T15:04:05Z
// (rfc4180), or in a zone as 2006-01-02 15:04:05, which Excel reads as a
// date and time (excel-cs).
type timeFormat struct {
	loc *time.Location // nil: UTC
}

// timeCache formats times in the format, remembering the day of the last
// one and the zone's offset while it holds: sessions come in time order,
// so most rows share both.
type timeCache struct {
	f          timeFormat
	day        int64 // local unix day of prefix, +1 so that the zero value is empty
	prefix     [11]byte
	from, till int64 // the span in which offset holds (unix seconds)
	offset     int64
}

func (tc *timeCache) append(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	sec := t.Unix()
	if tc.f.loc != nil {
		if tc.till == 0 || sec < tc.from || sec >= tc.till {
			lt := t.In(tc.f.loc)
			_, off := lt.Zone()
			start, end := lt.ZoneBounds()
			tc.offset, tc.from, tc.till = int64(off), start.Unix(), end.Unix()
			if start.IsZero() {
				tc.from = -1 << 62
			}
			if end.IsZero() {
				tc.till = 1 << 62
			}
		}
		sec += tc.offset
	}
	if sec < 0 {
		return tc.f.appendSlow(b, t)
	}
	day := sec / 86400
	if tc.day != day+1 {
		tc.day = day + 1
		copy(tc.prefix[:], tc.f.appendSlow(nil, t)[:11]) // 2006-01-02T or "2006-01-02 "
	}
	b = append(b, tc.prefix[:]...)
	s := sec % 86400
	h, m, x := 2*(s/3600), 2*(s/60%60), 2*(s%60)
	b = append(b, decPairs[h], decPairs[h+1], ':', decPairs[m], decPairs[m+1], ':', decPairs[x], decPairs[x+1])
	if tc.f.loc == nil {
		b = append(b, 'Z')
	}
	return b
}

// text formats one time, as the paradata does.
func (f timeFormat) text(t time.Time) string { return string(f.appendSlow(nil, t)) }

// appendSlow writes t, nothing for the zero time; by hand, since
// time.Format is the slowest thing in a row.
func (f timeFormat) appendSlow(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	sep := byte('T')
	if f.loc == nil {
		t = t.UTC()
	} else {
		t, sep = t.In(f.loc), ' '
	}
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = appendInt(b, y, 4)
	b = append(b, '-')
	b = appendInt(b, int(mo), 2)
	b = append(b, '-')
	b = appendInt(b, d, 2)
	b = append(b, sep)
	b = appendInt(b, h, 2)
	b = append(b, ':')
	b = appendInt(b, mi, 2)
	b = append(b, ':')
	b = appendInt(b, s, 2)
	if f.loc == nil {
		b = append(b, 'Z')
	}
	return b
}

// decPairs holds the two digits of 00 to 99.
const decPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

func appendInt(b []byte, n, width int) []byte {
	var d [8]byte
	for i := width - 1; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:width]...)
}
