package export

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"anketa/storage"
)

// DeviceStatus is what the coordinator has of one laptop: its hand-ins,
// the sessions in them, and what is missing.
type DeviceStatus struct {
	Device string
	Host   string
	// HandIns are the hand-ins received, by number; Copies the files
	// that are copies of one of them, counted once.
	HandIns []storage.HandIn
	Copies  []string
	// Stores are files of the device that are no hand-in (the laptop's
	// own store, a backup).
	Stores []string
	// Missing are hand-ins a later one lists that did not arrive.
	Missing []storage.HandIn
	// Last is the newest hand-in received, nil if none.
	Last *storage.HandIn
	// Counter is how many sessions the device is known to have started;
	// Seen how many of them the hand-ins hold.
	Counter uint64
	Seen    int
	// Gaps are the numbers of sessions the device started that no
	// hand-in holds; NotHandedIn those of them a store given shows.
	Gaps        []uint64
	NotHandedIn []storage.ID
	// Silent says the device has not handed in for more than the days
	// asked.
	Silent bool
}

// CollectStatus reads the stores and hand-ins under paths and says, per
// device, what has arrived: the last hand-in, the sessions seen, the gaps
// in the devices' numbering (sessions a laptop started that no hand-in
// holds), hand-ins that a later one lists but that never arrived, and
// devices not heard from for more than days.
func CollectStatus(paths []string, now time.Time, days int) ([]*DeviceStatus, []Problem, error) {
	files, problems := FindStores(paths)
	if len(files) == 0 {
		return nil, problems, fmt.Errorf("no stores or hand-ins found in %v", paths)
	}
	type numbered struct {
		n      uint64
		handIn bool
	}
	devices := map[string]*DeviceStatus{}
	seen := map[string]map[storage.ID]numbered{} // device -> session -> number, and whether a hand-in holds it
	for _, f := range files {
		s, err := storage.OpenReadOnly(f)
		if err != nil {
			problems = append(problems, Problem{f, trimPath(err, f)})
			continue
		}
		h, err := s.HandInRecord()
		if err != nil {
			problems = append(problems, Problem{f, trimPath(err, f)})
		}
		dev := s.DeviceID()
		d := devices[dev]
		if d == nil {
			d = &DeviceStatus{Device: dev}
			devices[dev], seen[dev] = d, map[storage.ID]numbered{}
		}
		if h != nil {
			d.Host = h.Host
			if i := slices.IndexFunc(d.HandIns, func(x storage.HandIn) bool { return x.Seq == h.Seq }); i >= 0 {
				d.Copies = append(d.Copies, fmt.Sprintf("%s is a copy of hand-in %d (%s)", f, h.Seq, d.HandIns[i].File))
				s.Close()
				continue
			}
			h.File = f
			d.HandIns = append(d.HandIns, *h)
		} else {
			d.Stores = append(d.Stores, f)
		}
		counter, err := s.Numbers(func(id storage.ID, n uint64) {
			x := seen[dev][id]
			x.n = n
			x.handIn = x.handIn || h != nil
			seen[dev][id] = x
		})
		if err != nil {
			problems = append(problems, Problem{f, trimPath(err, f)})
		}
		d.Counter = max(d.Counter, counter)
		s.Close()
	}
	var out []*DeviceStatus
	for dev, d := range devices {
		slices.SortFunc(d.HandIns, func(a, b storage.HandIn) int { return cmp.Compare(a.Seq, b.Seq) })
		if len(d.HandIns) > 0 {
			d.Last = &d.HandIns[len(d.HandIns)-1]
			d.Silent = days > 0 && now.Sub(d.Last.Time) > time.Duration(days)*24*time.Hour
		} else {
			d.Silent = days > 0
		}
		got := map[int]bool{}
		for _, h := range d.HandIns {
			got[h.Seq] = true
		}
		listed := map[int]storage.HandIn{}
		for _, h := range d.HandIns {
			for _, p := range h.Previous {
				listed[p.Seq] = p
			}
		}
		for seq, p := range listed {
			if !got[seq] {
				d.Missing = append(d.Missing, p)
			}
		}
		slices.SortFunc(d.Missing, func(a, b storage.HandIn) int { return cmp.Compare(a.Seq, b.Seq) })
		inHandIn := map[uint64]bool{}
		for id, x := range seen[dev] {
			if x.handIn {
				inHandIn[x.n] = true
				d.Seen++
			} else {
				d.NotHandedIn = append(d.NotHandedIn, id)
			}
		}
		slices.SortFunc(d.NotHandedIn, func(a, b storage.ID) int { return cmp.Compare(seen[dev][a].n, seen[dev][b].n) })
		for n := uint64(1); n <= d.Counter; n++ {
			if !inHandIn[n] {
				d.Gaps = append(d.Gaps, n)
			}
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *DeviceStatus) int {
		return cmp.Or(cmp.Compare(a.Host, b.Host), cmp.Compare(a.Device, b.Device))
	})
	return out, problems, nil
}
