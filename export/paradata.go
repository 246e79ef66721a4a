package export

import (
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
	for _, s := range order {
		err := s.EachEvent(func(id storage.ID, ev storage.Event) error {
			if ex.kept[id] != s {
				return nil
			}
			w.write([]cell{{s: id.String()}, {s: fmt.Sprint(ev.Seq)}, {s: timeText(ev.Time)}, {s: ev.Kind.String()},
				{s: ev.Item}, {s: ev.Old.String(), kind: freeTxt}, {s: ev.New.String(), kind: freeTxt}, {s: ev.Text, kind: freeTxt}})
			return nil
		})
		if err != nil {
			return fmt.Errorf("paradata: %w", err)
		}
	}
	return w.flush()
}
