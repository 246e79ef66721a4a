package tui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

// TestTruncateLongTexts: a long text is cut to the width with an
// ellipsis, whatever its length; a short one is left as it is.
func TestTruncateLongTexts(t *testing.T) {
	for _, n := range []int{5, 60} {
		for _, text := range []string{strings.Repeat("ž", 100_000), strings.Repeat("ab ", 50_000), strings.Repeat("界", 10_000)} {
			got := truncate(text, n)
			if w := lipgloss.Width(got); w > n || !strings.HasSuffix(got, "…") {
				t.Errorf("truncate(%d bytes, %d) = %q (width %d)", len(text), n, got[:min(len(got), 40)], w)
			}
		}
	}
	if got := truncate("krátké", 60); got != "krátké" {
		t.Errorf("a short text: %q", got)
	}
}

// A date and time answer opens for editing as it is typed.
func TestShortClock(t *testing.T) {
	for in, want := range map[string]string{"08:40:00": "8:40", "00:30:00": "0:30", "10:05:00": "10:05", "08:40:15": "8:40:15", "08:00:00": "8:00"} {
		if got := shortClock(in); got != want {
			t.Errorf("shortClock(%s) = %s, want %s", in, got, want)
		}
	}
}
