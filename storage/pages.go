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

// pageHeaders checks the meta pages and the freelist page of the file as
// bbolt's Tx.Check will assert on them.
func pageHeaders(f *os.File) []string {
	var problems []string
	read := func(off int64, n int) []byte {
		b := make([]byte, n)
		if _, err := f.ReadAt(b, off); err != nil && err != io.EOF {
			return nil
		}
		return b
	}
	first := read(0, pageHeaderSize+64)
	if first == nil {
		return []string{"bbolt: the file is too short for a database"}
	}
	pageSize := int64(binary.LittleEndian.Uint32(first[pageHeaderSize+8:]))
	type meta struct {
		ok                   bool
		freelist, pgid, txid uint64
		pageID               uint64
		flags                uint16
	}
	var metas [2]meta
	for i := range metas {
		off := int64(i) * pageSize
		if i == 1 && (pageSize < 1024 || pageSize > 1<<20 || pageSize&(pageSize-1) != 0) {
			// page 0's meta is damaged: try the usual page size for page 1
			off = 4096
		}
		b := read(off, pageHeaderSize+64)
		if b == nil {
			continue
		}
		m := b[pageHeaderSize:]
		sum := fnv.New64a()
		sum.Write(m[:56])
		metas[i] = meta{
			ok:       binary.LittleEndian.Uint32(m[0:]) == boltMagic && binary.LittleEndian.Uint32(m[4:]) == 2 && binary.LittleEndian.Uint64(m[56:]) == sum.Sum64(),
			freelist: binary.LittleEndian.Uint64(m[32:]), pgid: binary.LittleEndian.Uint64(m[40:]), txid: binary.LittleEndian.Uint64(m[48:]),
			pageID: binary.LittleEndian.Uint64(b[0:]), flags: binary.LittleEndian.Uint16(b[8:]),
		}
		if metas[i].pageID != uint64(i) || metas[i].flags != metaPageFlag || !metas[i].ok {
			problems = append(problems, fmt.Sprintf("bbolt: page %d: the meta page is damaged (the other one is used)", i))
		}
	}
	active := metas[0]
	if metas[1].txid > metas[0].txid && metas[1].ok || !metas[0].ok {
		active = metas[1]
	}
	if !active.ok {
		return []string{"bbolt: both meta pages are damaged"}
	}
	if active.freelist != noFreelist {
		if active.freelist >= active.pgid {
			return append(problems, fmt.Sprintf("bbolt: the freelist page %d is beyond the end of the data", active.freelist))
		}
		b := read(int64(active.freelist)*pageSize, pageHeaderSize)
		if b == nil || binary.LittleEndian.Uint64(b[0:]) != active.freelist || binary.LittleEndian.Uint16(b[8:]) != freelistPageFlag {
			problems = append(problems, fmt.Sprintf("bbolt: page %d: the freelist page is damaged", active.freelist))
		}
	}
	return problems
}
