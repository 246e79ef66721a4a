package questionnaire

import (
	"strings"
	"time"

	"anketa/questionnaire/expr"
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

// parseDateTime reads a date and a time of day: 2026-12-02 08:40,
// 2026-12-02T08:40:15, 2.12.2026 8:40, with seconds or not.
func parseDateTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, ok := expr.ParseInstant(s); ok && strings.ContainsAny(s, "T ") {
		return t, true
	}
	d, c, ok := strings.Cut(strings.Join(strings.Fields(s), " "), " ")
	if !ok {
		return time.Time{}, false
	}
	day, ok1 := parseDate(d)
	clock, ok2 := parseTime(c)
	if !ok1 || !ok2 {
		return time.Time{}, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), clock.Second(), 0, time.UTC), true
}

// parseTime reads a time of day: 8:40, 08:40:15, 8.40.
func parseTime(s string) (time.Time, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", ":")
	for _, layout := range []string{"15:04", "15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// formatDateTime writes a date and time answer as entered, without a
// zone: 2026-12-02T08:40:00, the form SPSS, Stata and R read.
func formatDateTime(t time.Time) string { return t.Format("2006-01-02T15:04:05") }

// formatClock writes a time of day answer: 08:40:00.
func formatClock(t time.Time) string { return t.Format("15:04:05") }
