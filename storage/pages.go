package storage

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// bbolt's page layout, as its file format defines it: a page starts with
// its id (8 bytes), flags (2), count (2) and overflow (4); a meta page's
// meta follows the header.
const (
	pageHeaderSize   = 16
	metaPageFlag     = 0x04
	freelistPageFlag = 0x10
	boltMagic        = 0xED0CDAED
	noFreelist       = 0xffffffffffffffff
)

// checkStructure checks the file's page structure without ever letting
// bbolt panic where no recover can reach. bbolt's Tx.Check runs in a
// goroutine of its own and asserts on every page it reads; so first, on
// this goroutine, the pages it asserts on before anything else are read
// from the file (the two meta pages and the freelist), the freelist is
// loaded, and every bucket, key and value is walked, which reads every
// branch and leaf page with the same assertions; a panic there names the
// damage. Only a store that passes is given to Tx.Check.
func checkStructure(path string) (problems []string) {
	f, err := os.Open(path)
	if err != nil {
		return []string{fmt.Sprintf("bbolt: %v", err)}
	}
	headers := pageHeaders(f)
	f.Close()
	if len(headers) > 0 {
		return headers
	}
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			problems = append(problems, fmt.Sprintf("bbolt: the file is damaged: %v", r))
		}
	}()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true, Timeout: lockTimeout})
	if err != nil {
		return []string{fmt.Sprintf("bbolt: %v", err)}
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		var walk func(b *bolt.Bucket) error
		walk = func(b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if v == nil {
					if sub := b.Bucket(k); sub != nil {
						return walk(sub)
					}
				}
				return nil
			})
		}
		if err := tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b) }); err != nil {
			return err
		}
		for err := range tx.Check() {
			problems = append(problems, fmt.Sprintf("bbolt: %v", err))
		}
		return nil
	})
	if err != nil {
		problems = append(problems, fmt.Sprintf("bbolt: %v", err))
	}
	return problems
}

// boltMeta is what the file's active meta page says.
type boltMeta struct {
	ok                   bool
	pageSize             uint64
	freelist, pgid, txid uint64
}

// pageHeaders checks the meta pages and the freelist page of the file as
// bbolt's Tx.Check will assert on them.
func pageHeaders(f *os.File) []string {
	active, problems := readMeta(f)
	if !active.ok {
		return problems
	}
	if active.freelist != noFreelist {
		if active.freelist >= active.pgid {
			return append(problems, fmt.Sprintf("bbolt: the freelist page %d is beyond the end of the data", active.freelist))
		}
		b := readAt(f, int64(active.freelist*active.pageSize), pageHeaderSize)
		if b == nil || binary.LittleEndian.Uint64(b[0:]) != active.freelist || binary.LittleEndian.Uint16(b[8:]) != freelistPageFlag {
			problems = append(problems, fmt.Sprintf("bbolt: page %d: the freelist page is damaged", active.freelist))
		}
	}
	return problems
}

func readAt(f *os.File, off int64, n int) []byte {
	b := make([]byte, n)
	if _, err := f.ReadAt(b, off); err != nil && err != io.EOF {
		return nil
	}
	return b
}

// readMeta reads both meta pages and picks the one bbolt uses: the valid
// one with the higher transaction ID. A damaged one is a problem.
func readMeta(f *os.File) (boltMeta, []string) {
	var problems []string
	first := readAt(f, 0, pageHeaderSize+64)
	if first == nil {
		return boltMeta{}, []string{"bbolt: the file is too short for a database"}
	}
	pageSize := uint64(binary.LittleEndian.Uint32(first[pageHeaderSize+8:]))
	if pageSize < 1024 || pageSize > 1<<20 || pageSize&(pageSize-1) != 0 {
		pageSize = 4096 // page 0's meta is damaged: the usual size finds page 1
	}
	var metas [2]boltMeta
	for i := range metas {
		b := readAt(f, int64(uint64(i)*pageSize), pageHeaderSize+64)
		if b == nil {
			continue
		}
		m := b[pageHeaderSize:]
		sum := fnv.New64a()
		sum.Write(m[:56])
		metas[i] = boltMeta{
			ok:       binary.LittleEndian.Uint32(m[0:]) == boltMagic && binary.LittleEndian.Uint32(m[4:]) == 2 && binary.LittleEndian.Uint64(m[56:]) == sum.Sum64(),
			pageSize: uint64(binary.LittleEndian.Uint32(m[8:])),
			freelist: binary.LittleEndian.Uint64(m[32:]), pgid: binary.LittleEndian.Uint64(m[40:]), txid: binary.LittleEndian.Uint64(m[48:]),
		}
		if binary.LittleEndian.Uint64(b[0:]) != uint64(i) || binary.LittleEndian.Uint16(b[8:]) != metaPageFlag || !metas[i].ok {
			metas[i].ok = false
			problems = append(problems, fmt.Sprintf("bbolt: page %d: the meta page is damaged (the other one is used)", i))
		}
	}
	active := metas[0]
	if metas[1].ok && (metas[1].txid > metas[0].txid || !metas[0].ok) {
		active = metas[1]
	}
	if !active.ok {
		return boltMeta{}, []string{"bbolt: both meta pages are damaged"}
	}
	return active, problems
}
