// Command limit is the practical limit of a CSV export on this machine:
// Go's encoding/csv writing the rows of a CSV file, read into memory
// first (untimed), to a file. export/bench/compare.sh sets anketa's
// export against it in one run.
//
//	go run ./export/bench/limit IN.csv OUT.csv
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: limit IN.csv OUT.csv")
		os.Exit(2)
	}
	in, err := os.Open(os.Args[1])
	if err != nil {
		fail(err)
	}
	rows, err := csv.NewReader(bufio.NewReaderSize(in, 1<<20)).ReadAll()
	if err != nil {
		fail(err)
	}
	in.Close()
	// The rows read are garbage the collector would otherwise clear while
	// the writing is timed, by chance more or less of it (0.5 to 1 s of
	// CPU from run to run): collect it first, and none during the write.
	runtime.GC()
	debug.SetGCPercent(-1)
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	start := time.Now()
	out, err := os.Create(os.Args[2])
	if err != nil {
		fail(err)
	}
	bw := bufio.NewWriterSize(out, 1<<16)
	w := csv.NewWriter(bw)
	if err := w.WriteAll(rows); err != nil {
		fail(err)
	}
	if err := bw.Flush(); err != nil {
		fail(err)
	}
	if err := out.Sync(); err != nil { // as anketa syncs its output
		fail(err)
	}
	out.Close()
	wall := time.Since(start)
	var after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano()-before.Utime.Nano()) + time.Duration(after.Stime.Nano()-before.Stime.Nano())
	fmt.Printf("%.3f %.3f %d\n", wall.Seconds(), cpu.Seconds(), len(rows))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "limit:", err)
	os.Exit(1)
}
