package export

import (
	"bytes"
	"fmt"
	"sort"

	"anketa/storage"
)

// writeParadata writes every event of the exported sessions, one row each,
// store by store in name order, each store's events in session and
// sequence order.
func (ex *exporter) writeParadata(outs *outputs, stores []*storage.Store) error {
	f, err := outs.create(ex.opt.Paradata)
	if err != nil {
		return err
	}
	w := newCSV(f, ex.opt.Dialect)
	w.write([]cell{{s: "session_id"}, {s: "seq"}, {s: "time"}, {s: "event"}, {s: "question"}, {s: "old_value"}, {s: "new_value"}, {s: "text"}})
	order := append([]*storage.Store{}, stores...)
	sort.Slice(order, func(i, j int) bool { return order[i].Path() < order[j].Path() })
	type row struct {
		id storage.ID
		ev storage.Event
	}
	for _, s := range order {
		var rows []row
		err := s.EachEvent(func(id storage.ID, ev storage.Event) error {
			if ex.kept[id] == s {
				rows = append(rows, row{id, ev})
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("paradata: %w", err)
		}
		// A sealed session's events are inside its seal.
		for id, from := range ex.kept {
			if from != s {
				continue
			}
			sess, err := s.Load(id)
			if err != nil || !sess.Sealed {
				continue
			}
			events, err := storage.Unseal(sess, ex.opt.Identities)
			if err != nil {
				return fmt.Errorf("paradata: %w", err)
			}
			for _, ev := range events {
				rows = append(rows, row{id, ev})
			}
		}
		sort.Slice(rows, func(i, j int) bool {
			if c := bytes.Compare(rows[i].id[:], rows[j].id[:]); c != 0 {
				return c < 0
			}
			return rows[i].ev.Seq < rows[j].ev.Seq
		})
		for _, r := range rows {
			ev := r.ev
			w.write([]cell{{s: r.id.String()}, {s: fmt.Sprint(ev.Seq)}, {s: timeText(ev.Time)}, {s: ev.Kind.String()},
				{s: ev.Item}, {s: ev.Old.String(), kind: freeTxt}, {s: ev.New.String(), kind: freeTxt}, {s: ev.Text, kind: freeTxt}})
		}
	}
	return w.flush()
}
