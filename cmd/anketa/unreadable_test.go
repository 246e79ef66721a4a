package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A workbook that cannot be read at all gets one clear line that names
// the file and says what to do: an .xls or an encrypted workbook, an .ods,
// a damaged file, the lock file a spreadsheet keeps beside an open one, a
// zip bomb. (Time and memory are measured in the note with GNU
// time, not asserted here.)
func TestUnreadableWorkbooks(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct{ path, want string }{
		{write("old.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest")), "this is an Excel 97-2003 workbook (.xls) or an encrypted one"},
		{write("secret.xlsx", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00EncryptionInfo")), "save it as .xlsx without a password"},
		{write("form.ods", []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet")), "this is an OpenDocument spreadsheet (.ods); save it as .xlsx"},
		{write("broken.xlsx", []byte("PK\x03\x04garbage")), "open it in Excel or LibreOffice and save it again as .xlsx"},
		{write("~$form.xlsx", []byte("\x05Jana  \x00\x00\x00")), "this is the lock file a spreadsheet keeps while form.xlsx is open"},
		{write(".~lock.form.xlsx#", []byte("Jana,jana,laptop,02.12.2026 08:00,file:///")), "this is the lock file a spreadsheet keeps while form.xlsx is open"},
		{write("bomb.xlsx", zipBomb(t, 300<<20)), "cannot read the workbook"},
		{write("empty.xlsx", nil), "the file is empty"},
	}
	for _, tc := range cases {
		code, _, e := runCLI(t, "check", tc.path)
		lines := strings.Split(strings.TrimSpace(e), "\n")
		if code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], tc.path+": ") || !strings.Contains(lines[0], tc.want) {
			t.Errorf("check %s: exit %d, want 1 and one line saying %q:\n%s", filepath.Base(tc.path), code, tc.want, e)
		}
	}
}

// zipBomb is an .xlsx whose one sheet unpacks to size bytes of spaces.
func zipBomb(t *testing.T, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	add := func(name, body string) {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	add("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="survey" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`))
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	for n := 0; n < size; n += len(spaces) {
		w.Write(spaces)
	}
	w.Write([]byte(`</sheetData></worksheet>`))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
