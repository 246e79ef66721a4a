package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"anketa/storage"
)

// Fieldwork on the home screen: who was asked. With an intercept sample
// (the questionnaire's sampling: {every: K}, or K set for the day with v)
// the interviewer presses k for each client leaving the counter, and on
// every K-th the app says to approach that client and asks what came of
// it. Without one, x logs a refusal, so that a convenience sample keeps
// its refusals too. Every approach goes to the store's approach log; an
// interview started from the home screen is logged as one.

// day is today in the laptop's zone, as the store's counts are keyed.
func (m *Model) day() string { return m.now().Format(time.DateOnly) }

// sampleEvery is the sampling interval in force today: the one set for
// the day on the home screen, else the questionnaire's; 0 is none.
func (m *Model) sampleEvery() int {
	if d, _ := m.store.Setting("sampling.day"); d == m.day() {
		v, _ := m.store.Setting("sampling.every")
		n, _ := strconv.Atoi(v)
		return n
	}
	return m.q.SampleEvery
}

// place is the workplace an approach is logged at: the answers to the
// questionnaire's persist questions from the last interview.
func (m *Model) place() []storage.Answer {
	persisted, err := m.store.Persisted(m.q)
	if err != nil {
		return nil
	}
	var out []storage.Answer
	for _, it := range m.q.Items {
		if v, ok := persisted[it.Name]; ok && it.Persist {
			out = append(out, storage.Answer{Name: it.Name, Value: v})
		}
	}
	return out
}

// fieldwork is the home screen's view of today's approaches.
type fieldwork struct {
	every, counted int
	tally          storage.Tally
	// pending is a counted client whose approach has no outcome yet (the
	// app was closed or killed on the prompt), or 0.
	pending int
}

func (m *Model) loadFieldwork() fieldwork {
	f := fieldwork{every: m.sampleEvery()}
	var err error
	if f.counted, err = m.store.ClientCount(m.day()); err != nil {
		m.flash = m.ui.t("error", err)
	}
	y, mo, d := m.now().Date()
	if f.tally, err = m.store.ContactsSince(time.Date(y, mo, d, 0, 0, 0, 0, m.now().Location())); err != nil {
		m.flash = m.ui.t("error", err)
	}
	if f.every > 0 && f.counted > 0 && f.counted%f.every == 0 && f.tally.LastCount < f.counted {
		f.pending = f.counted
	}
	return f
}

// line says today's fieldwork on the home screen: the sample, if any,
// and the approaches, a line each.
func (f fieldwork) line(c catalog) string {
	t := f.tally.ByOutcome
	approached := 0
	for _, n := range t {
		approached += n
	}
	other := approached - t[storage.Interviewed] - t[storage.Refused]
	s := c.t("fw_today", approached, t[storage.Interviewed], t[storage.Refused], other)
	if f.every > 0 {
		s = c.t("fw_sample", f.every, f.counted) + "\n" + s
	}
	return s
}

// countClient counts the client leaving the counter; on every K-th it
// asks for the approach.
func (m *Model) countClient(f fieldwork) tea.Cmd {
	if f.pending > 0 {
		return m.show(m.newApproach(f.every, f.pending))
	}
	n, err := m.store.CountClient(m.day())
	if err != nil {
		m.flash = m.ui.t("save_failed", err)
		return nil
	}
	if n%f.every == 0 {
		return m.show(m.newApproach(f.every, n))
	}
	cmd := m.show(m.newHome())
	m.notice = m.ui.t("fw_counted", n, f.every-n%f.every)
	return cmd
}

// logRefusal logs a refusal without sampling.
func (m *Model) logRefusal(every int) tea.Cmd {
	c := &storage.Contact{Interviewer: m.interviewer, Outcome: storage.Refused, Every: every, Place: m.place()}
	if err := m.store.LogContact(m.q, c); err != nil {
		m.flash = m.ui.t("save_failed", err)
		return nil
	}
	cmd := m.show(m.newHome())
	m.notice = m.ui.t("fw_logged", m.ui.outcomeLabel(storage.Refused))
	return cmd
}

// approachScreen asks what came of approaching the counted client.
type approachScreen struct {
	m            *Model
	every, count int
	cursor       int
}

func (m *Model) newApproach(every, count int) *approachScreen {
	return &approachScreen{m: m, every: every, count: count}
}

func (s *approachScreen) update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	m := s.m
	switch {
	case m.moveCursor(k, &s.cursor, len(storage.Outcomes)):
		return nil
	case key.Matches(k, m.keys.Pick):
		n := int(k.String()[0] - '1')
		if n < 0 || n >= len(storage.Outcomes) {
			return nil
		}
		s.cursor = n
	case !key.Matches(k, m.keys.Select):
		return nil // an approach always gets an outcome: no way around it
	}
	c := &storage.Contact{Interviewer: m.interviewer, Outcome: storage.Outcomes[s.cursor], Every: s.every, Count: s.count, Place: m.place()}
	if c.Outcome == storage.Interviewed {
		return m.startInterviewFrom(m.selfDefault(), c)
	}
	if err := m.store.LogContact(m.q, c); err != nil {
		m.flash = m.ui.t("save_failed", err)
		return nil
	}
	cmd := m.show(m.newHome())
	m.notice = m.ui.t("fw_logged", m.ui.outcomeLabel(c.Outcome))
	return cmd
}

func (s *approachScreen) view() frame {
	m := s.m
	opts := make([]string, len(storage.Outcomes))
	for i, o := range storage.Outcomes {
		opts[i] = fmt.Sprintf("%d  %s", i+1, m.ui.outcomeLabel(o))
	}
	title := m.styles.label.Render(m.ui.t("fw_approach", s.count, s.every))
	body := m.styles.box.Render(title + "\n\n" + m.ui.t("fw_outcome") + "\n\n" + m.list(opts, s.cursor))
	keys := append([][2]string{{fmt.Sprintf("1–%d", len(opts)), m.keys.Pick.Help().Desc}}, helpOf(m.keys.Up, m.keys.Select)...)
	return frame{body: body, keys: keys}
}

// samplingScreen sets the day's sampling interval.
type samplingScreen struct {
	m     *Model
	form  *huh.Form
	value string
}

func (m *Model) newSampling() *samplingScreen {
	s := &samplingScreen{m: m}
	if k := m.sampleEvery(); k > 0 {
		s.value = strconv.Itoa(k)
	}
	s.form = oneField(huh.NewInput().Title(m.ui.t("fw_set_title")).Description(m.ui.t("fw_set_desc")).Value(&s.value).CharLimit(4).
		Validate(s.valid), min(70, m.width-4))
	return s
}

func (s *samplingScreen) valid(v string) error {
	if v = strings.TrimSpace(v); v == "" {
		return nil
	}
	if n, err := strconv.Atoi(v); err != nil || n < 0 || n > 1000 {
		return errors.New(s.m.ui.t("fw_set_bad"))
	}
	return nil
}

func (s *samplingScreen) init() tea.Cmd { return s.form.Init() }

func (s *samplingScreen) update(msg tea.Msg) tea.Cmd {
	m := s.m
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.Close) {
		return m.show(m.newHome())
	}
	cmd, done := formDone(&s.form, msg, func() error { return s.valid(s.value) })
	if !done {
		return cmd
	}
	n, _ := strconv.Atoi(strings.TrimSpace(s.value))
	err := m.store.SetSetting("sampling.every", strconv.Itoa(n))
	if err == nil {
		err = m.store.SetSetting("sampling.day", m.day())
	}
	cmd = m.show(m.newHome())
	if err != nil {
		m.flash = m.ui.t("save_failed", err)
	}
	return cmd
}

func (s *samplingScreen) view() frame {
	return frame{body: s.form.View(), keys: helpOf(s.m.keys.Next, s.m.keys.Close)}
}
