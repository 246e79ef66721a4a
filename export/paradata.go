package export

import (
	"bytes"
	"fmt"
	"maps"
	"slices"

	"anketa/storage"
)

// eachEvent calls fn with every event of the exported sessions, in
// session ID order (the order of the main file) and each session's in
// sequence order, from the copy of the session that was exported; a
// sealed session's events come from inside its seal.
func (ex *exporter) eachEvent(fn func(id storage.ID, ev storage.Event) error) error {
	ids := slices.SortedFunc(maps.Keys(ex.kept), func(a, b storage.ID) int { return bytes.Compare(a[:], b[:]) })
	for _, id := range ids {
		s := ex.kept[id]
		events, err := s.Events(id)
		if err != nil {
			return fmt.Errorf("paradata: %s: session %s: %w", s.Path(), id, err)
		}
		if len(events) == 0 {
			sess, err := s.Load(id)
			if err != nil {
				return fmt.Errorf("paradata: %s: %w", s.Path(), err)
			}
			if sess.Sealed {
				if events, err = storage.Unseal(sess, ex.opt.Identities); err != nil {
					return fmt.Errorf("paradata: %w", err)
				}
			}
		}
		for _, ev := range events {
			if err := fn(id, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeParadata writes the event log as CSV, one row per event.
func (ex *exporter) writeParadata(outs *outputs) error {
	f, err := outs.create(ex.opt.Paradata)
	if err != nil {
		return err
	}
	w := newCSV(f, ex.opt.Dialect)
	w.write([]cell{{s: "session_id"}, {s: "seq"}, {s: "time"}, {s: "event"}, {s: "question"}, {s: "old_value"}, {s: "new_value"}, {s: "text"}})
	err = ex.eachEvent(func(id storage.ID, ev storage.Event) error {
		w.write([]cell{{s: id.String()}, {s: fmt.Sprint(ev.Seq)}, {s: ex.times.text(ev.Time)}, {s: ev.Kind.String()},
			{s: ev.Item}, {s: ev.Old.String(), kind: freeTxt}, {s: ev.New.String(), kind: freeTxt}, {s: ev.Text, kind: freeTxt}})
		return nil
	})
	if err != nil {
		return err
	}
	return w.flush()
}
