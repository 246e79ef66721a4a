package questionnaire

import (
	"strings"
	"time"
)

// parseDate reads YYYY-MM-DD or the Czech D.M.YYYY (spaces allowed after the dots).
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	s = strings.ReplaceAll(s, " ", "")
	if t, err := time.Parse("2.1.2006", s); err == nil {
		return t, true
	}
	return time.Time{}, false
}
