package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Dialect is how the CSV is written.
type Dialect int

const (
	// RFC4180: comma, "." decimals, LF line ends, no BOM: for R, Python, DuckDB.
	RFC4180 Dialect = iota
	// ExcelCS: UTF-8 BOM, semicolon, decimal comma, CRLF: for Excel in Czech.
	ExcelCS
)

// ParseDialect reads rfc4180 or excel-cs.
func ParseDialect(s string) (Dialect, error) {
	switch s {
	case "rfc4180", "":
		return RFC4180, nil
	case "excel-cs":
		return ExcelCS, nil
	}
	return 0, fmt.Errorf("unknown dialect %q; use rfc4180 or excel-cs", s)
}

// csvWriter writes records; it is encoding/csv's writer cut to what we
// need, so that quoting and decimals follow the dialect exactly. Fields
// are appended to b, which goes to out once a record ends beyond
// csvChunk; with no out, the caller takes b (a batch's rows).
type csvWriter struct {
	out     io.Writer
	err     error // the first error out gave
	b       []byte
	comma   byte
	eol     string
	decimal byte
	n       int    // fields written in the current record
	buf     []byte // scratch for numbers, IDs and times
	_       cachePad
}

const csvChunk = 1 << 16

func newCSV(w io.Writer, d Dialect) *csvWriter {
	c := &csvWriter{out: w, b: make([]byte, 0, csvChunk+4096), comma: ',', eol: "\n", decimal: '.', buf: make([]byte, 0, 64)}
	if d == ExcelCS {
		c.comma, c.eol, c.decimal = ';', "\r\n", ','
		c.b = append(c.b, "\ufeff"...)
	}
	return c
}

// cell kinds decide quoting and decimals.
type cell struct {
	s    string
	kind cellKind
}

type cellKind uint8

const (
	plain   cellKind = iota // codes, ids, times
	number                  // may carry a decimal point
	freeTxt                 // typed by a person: guarded against formulas
)

func (c *csvWriter) write(cells []cell) {
	for _, x := range cells {
		c.cell(x.s, x.kind)
	}
	c.end()
}

// cell writes one field of the current record.
func (c *csvWriter) cell(s string, kind cellKind) {
	if c.n > 0 {
		c.b = append(c.b, c.comma)
	}
	c.n++
	switch kind {
	case number:
		if c.decimal != '.' {
			if i := strings.IndexByte(s, '.'); i >= 0 {
				c.b = append(c.b, s[:i]...)
				c.b = append(c.b, c.decimal)
				c.b = append(c.b, s[i+1:]...)
				return
			}
		}
		c.b = append(c.b, s...)
		return
	case freeTxt:
		s = neutralise(s)
	}
	c.field(s)
}

// raw writes a field that needs no quoting (IDs, times, integers).
func (c *csvWriter) raw(b []byte) {
	if c.n > 0 {
		c.b = append(c.b, c.comma)
	}
	c.n++
	c.b = append(c.b, b...)
}

// decimalNumber writes f without exponent, with the dialect's decimal mark.
func (c *csvWriter) decimalNumber(f float64) {
	b := strconv.AppendFloat(c.buf[:0], f, 'f', -1, 64)
	if c.decimal != '.' {
		for k := range b {
			if b[k] == '.' {
				b[k] = c.decimal
			}
		}
	}
	c.raw(b)
}

// end ends the current record.
func (c *csvWriter) end() {
	c.b = append(c.b, c.eol...)
	c.n = 0
	if len(c.b) >= csvChunk && c.out != nil {
		c.flush()
	}
}

// word writes a field the program names, which never needs quotes
// (a status, a mode).
func (c *csvWriter) word(s string) {
	if c.n > 0 {
		c.b = append(c.b, c.comma)
	}
	c.n++
	c.b = append(c.b, s...)
}

// bytes writes b as it is, quoted already.
func (c *csvWriter) bytes(b []byte) { c.b = append(c.b, b...) }

// neutralise puts a ' before text a spreadsheet would run as a formula.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func (c *csvWriter) field(s string) {
	if !c.needsQuotes(s) {
		c.b = append(c.b, s...)
		return
	}
	c.b = append(c.b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			c.b = append(c.b, s...)
			break
		}
		c.b = append(c.b, s[:i+1]...)
		c.b = append(c.b, '"')
		s = s[i+1:]
	}
	c.b = append(c.b, '"')
}

func (c *csvWriter) needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case c.comma, '"', '\n', '\r':
			return true
		}
	}
	return s[0] == ' ' || s[len(s)-1] == ' '
}

// rows writes whole records made elsewhere (a batch's, large) after
// what is buffered, straight to out.
func (c *csvWriter) rows(p []byte) error {
	if err := c.flush(); err != nil {
		return err
	}
	_, c.err = c.out.Write(p)
	return c.err
}

// flush passes what is written to out, and returns out's first error.
func (c *csvWriter) flush() error {
	if c.err == nil && len(c.b) > 0 {
		_, c.err = c.out.Write(c.b)
	}
	c.b = c.b[:0]
	return c.err
}
