package export

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Progress receives progress while an export or a generation runs.
type Progress interface {
	Sessions(n int)
}

// Meter draws progress on a terminal: nothing for the first second, then
// a line redrawn at most ten times a second. Give it a terminal only.
type Meter struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	total int
	start time.Time
	last  time.Time
	shown bool
}

// Total sets the number of sessions there are, when it becomes known.
func (m *Meter) Total(n int) {
	m.mu.Lock()
	m.total = n
	m.mu.Unlock()
}

// NewMeter makes a meter; total 0 means the end is not known.
func NewMeter(w io.Writer, label string, total int) *Meter {
	return &Meter{w: w, label: label, total: total, start: time.Now()}
}

// Sessions shows that n sessions are done.
func (m *Meter) Sessions(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if now.Sub(m.start) < time.Second || now.Sub(m.last) < 100*time.Millisecond {
		return
	}
	m.last, m.shown = now, true
	elapsed := now.Sub(m.start).Seconds()
	if m.total > 0 {
		const width = 30
		done := max(0, min(width, n*width/m.total))
		fmt.Fprintf(m.w, "\r%s [%s%s] %d/%d sessions, %.0f s ", m.label, strings.Repeat("█", done), strings.Repeat("░", width-done), n, m.total, elapsed)
		return
	}
	fmt.Fprintf(m.w, "\r%s: %d sessions, %.0f s ", m.label, n, elapsed)
}

// Done ends the line, if anything was drawn.
func (m *Meter) Done() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.shown {
		fmt.Fprintln(m.w)
	}
}
