package xlsform

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"anketa/questionnaire"
	"anketa/questionnaire/expr"
)

func init() {
	read := func(path string, data []byte) (*questionnaire.Questionnaire, error) {
		res, err := Import(path, data, Options{})
		if err != nil {
			return nil, err
		}
		return res.Questionnaire, nil
	}
	// .xls and .ods go through the reader too, which tells from the
	// contents what the file is and how to save it as .xlsx.
	for _, ext := range []string{".xlsx", ".xlsm", ".xls", ".ods"} {
		questionnaire.RegisterFormat(ext, read)
	}
}

// Options change how a workbook is imported.
type Options struct {
	// Lenient drops the rows anketa cannot represent, and the rows that
	// read them, listing each in Result.Notes, instead of failing.
	Lenient bool
}

// Note is something the import did that the methodologist should know:
// a metadata row mapped to a session column, a column ignored, a row
// dropped under Options.Lenient.
type Note struct {
	Cell string // "survey!A7"
	Msg  string
}

// Result is an imported workbook.
type Result struct {
	// YAML is the questionnaire in anketa's format; loading it gives
	// Questionnaire again.
	YAML          []byte
	Questionnaire *questionnaire.Questionnaire
	Notes         []Note
}

// ReadFile imports the workbook at path.
func ReadFile(path string, opt Options) (*Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s: no such file; check the path", path)
		}
		return nil, fmt.Errorf("%s: cannot read: %w", path, err)
	}
	return Import(path, data, opt)
}

// Import converts the XLSForm workbook in data; file names it in errors
// and becomes the questionnaire's File. Problems in the form come back as
// a questionnaire.ErrorList whose positions are cells, "survey!D14".
func Import(file string, data []byte, opt Options) (*Result, error) {
	if base := filepath.Base(file); strings.HasPrefix(base, "~$") || strings.HasPrefix(base, ".~lock.") {
		// Excel's (~$form.xlsx) and LibreOffice's (.~lock.form.xlsx#)
		// note that someone has the workbook open
		real := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(base, "~$"), ".~lock."), "#")
		return nil, questionnaire.ErrorList{{Pos: questionnaire.Pos{File: file}, Msg: fmt.Sprintf("this is the lock file a spreadsheet keeps while %s is open, not a workbook; check %s itself", real, filepath.Join(filepath.Dir(file), real))}}
	}
	wb, err := readWorkbook(data)
	if err != nil {
		return nil, questionnaire.ErrorList{{Pos: questionnaire.Pos{File: file}, Msg: err.Error()}}
	}
	return convert(file, wb, opt)
}

// cellv is a cell's text and where it is.
type cellv struct{ v, cell string }

// text is a translatable cell: by language code, "" for the untranslated column.
type text map[string]cellv

// row is a survey row, or a group or repeat with its rows.
type row struct {
	r         int
	typ       string // normalised: "select_one", "begin_group", "integer", ...
	typCell   string
	list      string // for selects, as written
	orOther   bool
	name      cellv
	plain     map[string]cellv // non-translated columns by key
	texts     map[string]text  // translated columns by key
	children  []*row
	parent    *row   // the group the row is in; nil at the top
	meta      string // for a metadata row: start, end, today, deviceid, username
	dropped   string // why the row is left out, or ""
	droppedAt string
	primary   bool // dropped for itself, not because of another row
	// omit leaves the row out of the YAML without dropping it: the label
	// row of a table-list (by design), or a row already reported as an
	// error (no name)
	omit bool
	emit string // the anketa name, qualified by the group where names repeat
}

type conv struct {
	file  string
	opt   Options
	wb    *workbook
	errs  questionnaire.ErrorList
	notes []Note

	langs   []string          // codes, the default first
	codeOf  map[string]string // language as written -> code
	defLang string

	ambiguous map[string][]*row // a name used in more than one group -> its rows
	rows      []*row            // top level
	all       []*row            // every row in order
	names     map[string]string // name as written -> anketa name
	nameAt    map[string]string // anketa name -> cell of the first name that became it
	meta      map[string]string // name of a metadata row -> its type
	lists     []*list
	listByID  map[string]*list  // anketa list name -> list
	attrs     map[string]string // choices column as written -> attribute name
	settings  map[string]cellv
	title     text
}

type list struct {
	name, cell string // anketa name, cell of its first list_name
	written    string
	options    []*choice
	withOther  bool   // some question uses it with or_other
	otherCopy  string // name of the copy with "other", when not every use has or_other
	usedPlain  bool
}

type choice struct {
	value   cellv
	label   text
	missing cellv
	favor   cellv
	attrs   []attr
	rowCell string
}

type attr struct {
	name string
	val  cellv
}

func (c *conv) fail(cell, format string, args ...any) {
	c.errs = append(c.errs, &questionnaire.Error{Pos: questionnaire.Pos{File: c.file, Cell: cell}, Msg: fmt.Sprintf(format, args...)})
}

func (c *conv) note(cell, format string, args ...any) {
	c.notes = append(c.notes, Note{Cell: cell, Msg: fmt.Sprintf(format, args...)})
}

// ignore reports a cell whose content anketa cannot use: an error, or
// under Lenient a note that it was ignored.
func (c *conv) ignore(cell, format string, args ...any) {
	if c.opt.Lenient {
		c.note(cell, "ignored: "+format, args...)
		return
	}
	c.fail(cell, format, args...)
}

// drop leaves a row out for a reason of its own.
func (c *conv) drop(r *row, cell, format string, args ...any) {
	if r.dropped != "" {
		return
	}
	r.dropped, r.droppedAt, r.primary = fmt.Sprintf(format, args...), cell, true
}

func convert(file string, wb *workbook, opt Options) (*Result, error) {
	c := &conv{file: file, opt: opt, wb: wb, codeOf: map[string]string{}, names: map[string]string{},
		nameAt: map[string]string{}, meta: map[string]string{}, listByID: map[string]*list{},
		attrs: map[string]string{}, settings: map[string]cellv{}}
	if wb.survey == nil {
		msg := "the workbook has no survey sheet"
		if len(wb.names) > 0 {
			msg += " (its sheets: " + strings.Join(wb.names, ", ") + ")"
		}
		c.fail("", "%s; an XLSForm needs a sheet called survey with a row per question", msg)
		return nil, c.errs
	}
	c.readSettings()
	c.readSurvey()
	c.readChoices()
	if len(c.errs) > 0 && len(c.all) == 0 {
		return nil, c.sorted()
	}
	c.cascade()
	for _, r := range c.all {
		if r.dropped == "" {
			continue
		}
		switch {
		case opt.Lenient:
			c.note(r.droppedAt, "dropped %s: %s", r.describe(), r.dropped)
		case r.primary:
			c.fail(r.droppedAt, "%s", r.dropped)
		}
	}
	w := c.emit()
	if w.questions == 0 {
		c.nothingLeft()
	}
	q, err := questionnaire.ParseConverted(file, w.b.Bytes(), w.cellAt)
	if list, ok := err.(questionnaire.ErrorList); ok {
		// The rest is still loaded, so that every problem is reported at
		// once, in a spreadsheet's words.
		for _, e := range list {
			e.Msg = spreadsheetWords(e.Msg)
			if w.questions == 0 && strings.Contains(e.Msg, "questions is empty") {
				continue // said by nothingLeft
			}
			c.errs = append(c.errs, e)
		}
	} else if err != nil {
		return nil, err
	}
	if len(c.errs) > 0 {
		return nil, c.sorted()
	}
	slices.SortStableFunc(c.notes, func(a, b Note) int { return questionnaire.CompareCells(a.Cell, b.Cell) })
	return &Result{YAML: w.b.Bytes(), Questionnaire: q, Notes: c.notes}, nil
}

// nothingLeft reports a workbook none of whose rows could be kept.
func (c *conv) nothingLeft() {
	var cells []string
	first := c.wb.survey.name + "!A1"
	for _, r := range c.rows {
		if r.dropped != "" || r.omit {
			if len(cells) == 0 {
				first = r.droppedAt
			}
			cells = append(cells, r.droppedAt+" ("+r.describe()+")")
		}
	}
	if len(cells) == 0 {
		c.fail(first, "the survey sheet has no questions; add a row per question below its header row")
		return
	}
	c.fail(first, "nothing is left to ask: every row of the survey sheet was dropped: %s; see why at each cell", strings.Join(cells, ", "))
}

// yamlAdvice are the loader's words for what to add to a YAML file, and
// what to fill in on a sheet instead.
var yamlAdvice = []struct{ yaml, sheet string }{
	{"; add label: ...", "; fill in its label column"},
	{"; add calculation: ... (or a default: its fixed value)", "; fill in its calculation column (or its default column: a fixed value)"},
	{"; add type: (select_one LIST, integer, text, ...)", "; fill in its type column"},
	{"; add questions: with a list of items", "; add its rows between begin group and end group"},
	{"is missing; add name: ...", "is missing; fill in the name column"},
	{"; add title: ...", "; fill in form_title on the settings sheet"},
}

// spreadsheetWords rewrites a loader message about the converted YAML in
// the words of the workbook it came from.
func spreadsheetWords(msg string) string {
	for _, a := range yamlAdvice {
		msg = strings.ReplaceAll(msg, a.yaml, a.sheet)
	}
	if strings.HasPrefix(msg, "option ") && strings.HasSuffix(msg, " has no label") {
		msg += "; fill in its label on the choices sheet"
	}
	return msg
}

func (c *conv) sorted() questionnaire.ErrorList {
	c.errs.Sort()
	return c.errs
}

func (r *row) describe() string {
	what := r.typ
	switch r.typ {
	case "begin_group":
		what = "group"
	case "begin_repeat":
		what = "repeat"
	case "":
		what = "row"
	}
	if r.name.v != "" {
		return what + " " + r.name.v
	}
	return what
}

// lang returns the code of a language as a header writes it, remembering
// it among the questionnaire's languages.
func (c *conv) lang(written, cell string) (string, bool) {
	if code, ok := c.codeOf[written]; ok {
		return code, code != ""
	}
	code, guessed, ok := languageCode(written)
	if !ok {
		c.fail(cell, "cannot tell which language %q is; write the header as label::Name (code), for example label::Czech (cs)", written)
		c.codeOf[written] = ""
		return "", false
	}
	if guessed {
		c.note(cell, "language %q is taken as the code %s; write it as %q (code) to choose another", written, code, written)
	}
	c.codeOf[written] = code
	if !slices.Contains(c.langs, code) {
		c.langs = append(c.langs, code)
	}
	return code, true
}

// addText adds the cell v of a text column to t, under its language's
// code ("" for the untranslated column), and returns t.
func (c *conv) addText(t text, col column, v cellv, head string) text {
	code := ""
	if col.lang != "" {
		var ok bool
		if code, ok = c.lang(col.lang, head); !ok {
			return t
		}
	}
	if t == nil {
		t = text{}
	}
	t[code] = v
	return t
}

// --- settings ---

var settingKeys = []string{"form_id", "form_title", "version", "default_language", "recipients", "allow_choice_duplicates"}

func (c *conv) readSettings() {
	s := c.wb.settings
	if s == nil {
		return
	}
	hr := headerRow(s)
	if hr < 0 {
		return
	}
	for _, col := range columns(s, hr) {
		v := cellv{s.get(hr+1, col.idx), s.cell(hr+1, col.idx)}
		switch {
		case col.key == "form_title" && col.lang != "":
			if v.v == "" {
				continue
			}
			if code, ok := c.lang(col.lang, s.cell(hr, col.idx)); ok {
				if c.title == nil {
					c.title = text{}
				}
				c.title[code] = v
			}
		case slices.Contains(settingKeys, col.key):
			c.settings[col.key] = v
		default:
			if v.v != "" {
				c.note(s.cell(hr, col.idx), "setting %s is not used by anketa", col.raw)
			}
		}
	}
	if t := c.settings["form_title"]; t.v != "" {
		if c.title == nil {
			c.title = text{}
		}
		c.title[""] = t
	}
}

// --- survey ---

var surveyKeys = []string{"type", "name", "label", "hint", "required", "required_message", "relevant", "constraint",
	"constraint_message", "calculation", "default", "choice_filter", "appearance", "read_only", "persist", "parameters"}

// exprKeys are the survey columns holding expressions.
var exprKeys = []string{"relevant", "constraint", "calculation", "choice_filter", "required"}

var simpleTypes = map[string]string{
	"integer": "integer", "int": "integer", "decimal": "decimal", "text": "text", "string": "text",
	"date": "date", "note": "note", "calculate": "calculate", "datetime": "datetime", "time": "time",
	"hidden": "hidden", "acknowledge": "acknowledge", "trigger": "acknowledge", "range": "range",
}

// typeAliases are the old and alternative spellings of types, as pyxform
// reads them.
var typeAliases = map[string]string{
	"imei": "deviceid", "uri:deviceid": "deviceid", "phone number": "phonenumber", "phone_number": "phonenumber",
	"photo": "image", "gps": "geopoint", "location": "geopoint", "add image prompt": "image",
	"add photo prompt": "image", "add audio prompt": "audio", "add video prompt": "video",
	"add location prompt": "geopoint", "add date prompt": "date", "add integer prompt": "integer",
	"add decimal prompt": "decimal", "add text prompt": "text", "add note prompt": "note",
	"q picture": "image", "q location": "geopoint", "get start time": "start", "get end time": "end",
	"get today": "today", "get device id": "deviceid", "start time": "start", "end time": "end",
	"date time": "datetime", "dateTime": "datetime", "select_one_external": "select_one_external",
	"select one external": "select_one_external", "select_multiple_external": "select_one_external",
}

var metaColumn = map[string]string{
	"start": "started_at", "end": "finished_at", "today": "the date of started_at",
	"deviceid": "device_id", "username": "interviewer",
}

// unsupported says what a type anketa does not ask is, and which of the
// constructs anketa deliberately leaves out it belongs to.
type unsupportedType struct{ what, construct string }

var unsupportedTypes = map[string]unsupportedType{
	"geopoint": {"a location (geopoint)", "locations"}, "geotrace": {"a line on a map (geotrace)", "locations"},
	"geoshape": {"an area on a map (geoshape)", "locations"}, "start-geopoint": {"the device's location", "locations"},
	"image": {"an image question", "media"}, "audio": {"a sound recording", "media"}, "video": {"a video recording", "media"},
	"file": {"a file upload", "media"}, "background-audio": {"a sound recording", "media"},
	"barcode": {"a barcode scan", "barcode scans"}, "rank": {"a ranking question", "rankings"},
	"xml-external": {"external data", "external data files"}, "csv-external": {"external data", "external data files"},
	"audit": {"the device's audit log", "audit logs"}, "phonenumber": {"the device's phone number", "device properties"},
	"simserial": {"the SIM card's serial number", "device properties"}, "subscriberid": {"the SIM's subscriber id", "device properties"},
	"email":                     {"the device account's e-mail", "device properties"},
	"select_one_from_file":      {"a select with choices from a file", "choices from files"},
	"select_multiple_from_file": {"a select with choices from a file", "choices from files"},
	"select_one_external":       {"a select with choices from the external_choices sheet (kept in a file beside the form on the device)", "external choices"},
}

// unsupportedMsg is the message for a row of an unsupported type, as written.
func unsupportedMsg(written, typ string) string {
	u := unsupportedTypes[typ]
	return fmt.Sprintf("%s is %s: %s are not supported", written, u.what, u.construct)
}

func (c *conv) readSurvey() {
	s := c.wb.survey
	hr := headerRow(s)
	if hr < 0 {
		c.fail(s.name+"!A1", "the survey sheet is empty; its first row names the columns (type, name, label, ...) and each row below is a question")
		return
	}
	cols := columns(s, hr)
	typeCol, nameCol := -1, -1
	for _, col := range cols {
		switch col.key {
		case "type":
			typeCol = col.idx
		case "name":
			nameCol = col.idx
		}
	}
	if typeCol < 0 {
		c.fail(s.cell(hr, 0), "the survey sheet has no type column; its first row must name the columns: type, name, label, ...")
		return
	}
	known := map[string]bool{}
	for _, k := range surveyKeys {
		known[k] = true
	}
	noted := map[int]bool{}
	var stack []*row
	add := func(r *row) {
		if n := len(stack); n > 0 {
			r.parent = stack[n-1]
			stack[n-1].children = append(stack[n-1].children, r)
		} else {
			c.rows = append(c.rows, r)
		}
		c.all = append(c.all, r)
	}
	for ri := hr + 1; ri < len(s.rows); ri++ {
		r := &row{r: ri, plain: map[string]cellv{}, texts: map[string]text{}}
		empty := true
		for col, v := range s.filled(ri, cols) {
			empty = false
			switch {
			case translatable[col.key] && col.key != "form_title" && col.key != "guidance_hint":
				r.texts[col.key] = c.addText(r.texts[col.key], col, v, s.cell(hr, col.idx))
			case known[col.key]:
				r.plain[col.key] = v
			default:
				c.unknownColumn(col, s.cell(hr, col.idx), v.cell, noted)
			}
		}
		if empty {
			continue
		}
		r.typCell = s.cell(ri, typeCol)
		r.name = r.plain["name"]
		if r.name.cell == "" {
			r.name.cell = s.cell(ri, typeCol)
			if nameCol >= 0 {
				r.name.cell = s.cell(ri, nameCol)
			}
		}
		typ := strings.Join(strings.Fields(strings.ToLower(r.plain["type"].v)), " ")
		if strings.HasPrefix(typ, "begin loop") {
			typ = "begin loop" // begin loop over LIST
		}
		switch typ {
		case "":
			add(r)
			c.drop(r, r.typCell, "row %d has no type; fill in the type column or delete the row", ri+1)
		case "begin group", "begin_group", "begin repeat", "begin_repeat", "begin loop", "begin_loop":
			r.typ = strings.Replace(typ, " ", "_", 1)
			add(r)
			stack = append(stack, r)
			switch r.typ {
			case "begin_repeat":
				c.drop(r, r.typCell, "repeats are not supported; anketa asks each question once per interview")
			case "begin_loop":
				c.drop(r, r.typCell, "begin loop over is a repeat over a list's choices: repeats are not supported; anketa asks each question once per interview")
			}
		case "end group", "end_group", "end repeat", "end_repeat", "end loop", "end_loop":
			want := "begin_" + strings.TrimPrefix(strings.TrimPrefix(typ, "end "), "end_")
			if len(stack) == 0 || stack[len(stack)-1].typ != want {
				c.fail(r.typCell, "%s has no matching begin_%s above it; add one or delete this row", typ, want[len("begin_"):])
				continue
			}
			if g := stack[len(stack)-1]; len(g.children) == 0 {
				kind := strings.TrimPrefix(g.typ, "begin_")
				c.drop(g, g.typCell, "%s %s has no rows between begin %s and end %s; add its questions, or delete both rows", kind, g.name.v, kind, kind)
			}
			stack = stack[:len(stack)-1]
		default:
			c.parseType(r, typ)
			add(r)
		}
	}
	for _, g := range stack {
		kind := strings.TrimPrefix(g.typ, "begin_")
		c.fail(g.typCell, "%s %s begun here is never ended; add an end_%s row after its last question", kind, g.name.v, kind)
	}
	c.nameAll()
}

// isMedia reports whether a column holds images, sound or video.
func isMedia(key string) bool {
	return strings.HasPrefix(key, "media::") || slices.Contains([]string{"image", "audio", "video", "big-image"}, key)
}

func (c *conv) unknownColumn(col column, head, cell string, noted map[int]bool) {
	switch {
	case isMedia(col.key):
		c.ignore(cell, "column %s: media are not supported; anketa shows text only", col.raw)
		return
	case slices.Contains([]string{"repeat_count", "trigger", "accept", "save_to"}, col.key):
		c.ignore(cell, "column %s is not supported", col.raw)
		return
	}
	if noted[col.idx] {
		return
	}
	noted[col.idx] = true
	if col.key == "guidance_hint" {
		c.note(head, "column %s is not shown by anketa; the interviewer sees label and hint", col.raw)
		return
	}
	msg := fmt.Sprintf("column %s is not an XLSForm column anketa knows; it is ignored", col.raw)
	if s := expr.Suggest(col.key, surveyKeys); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", s)
	}
	c.note(head, "%s", msg)
}

// parseType reads a question's type.
func (c *conv) parseType(r *row, typ string) {
	// the type as written, to keep the list name's case; "... or specify
	// other" is or_other
	raw := strings.Fields(r.plain["type"].v)
	if n := len(raw); n > 3 && strings.EqualFold(strings.Join(raw[n-3:], " "), "or specify other") {
		raw = append(raw[:n-3], "or_other")
		typ = strings.ToLower(strings.Join(raw, " "))
	}
	if a, ok := typeAliases[typ]; ok {
		typ = a
	}
	f := strings.Fields(typ)
	if a, ok := typeAliases[f[0]]; ok && len(f) > 1 {
		f[0] = a // select_one_external LIST
	}
	// "select one from LIST", "select all that apply from LIST", "select one LIST"
	switch {
	case strings.HasPrefix(typ, "select one from ") && len(f) >= 4:
		f = append([]string{"select_one", f[3]}, f[4:]...)
	case strings.HasPrefix(typ, "select multiple from ") && len(f) >= 4:
		f = append([]string{"select_multiple", f[3]}, f[4:]...)
	case strings.HasPrefix(typ, "select all that apply from ") && len(f) >= 6:
		f = append([]string{"select_multiple", f[5]}, f[6:]...)
	case strings.HasPrefix(typ, "select all that apply ") && len(f) >= 5:
		f = append([]string{"select_multiple", f[4]}, f[5:]...)
	case strings.HasPrefix(typ, "select one ") && len(f) >= 3:
		f = append([]string{"select_one", f[2]}, f[3:]...)
	case strings.HasPrefix(typ, "select multiple ") && len(f) >= 3:
		f = append([]string{"select_multiple", f[2]}, f[3:]...)
	}
	switch {
	case f[0] == "select_one" || f[0] == "select_multiple":
		r.typ = f[0]
		if len(f) < 2 {
			c.drop(r, r.typCell, "%s needs the name of a choice list: %s LIST", f[0], f[0])
			return
		}
		r.list = raw[len(raw)-len(f)+1]
		switch {
		case len(f) == 3 && f[2] == "or_other":
			r.orOther = true
		case len(f) > 2:
			c.drop(r, r.typCell, "cannot read type %q; write %s LIST or %s LIST or_other", r.plain["type"].v, f[0], f[0])
		}
	case simpleTypes[typ] != "":
		r.typ = simpleTypes[typ]
	case metaColumn[typ] != "":
		r.typ, r.meta = typ, typ
	case unsupportedTypes[f[0]].what != "":
		r.typ = f[0]
		written := strings.Join(strings.Fields(r.plain["type"].v), " ")
		if f[0] == "select_one_external" || strings.HasSuffix(f[0], "_from_file") {
			written = strings.Fields(written)[0]
		}
		c.drop(r, r.typCell, "%s", unsupportedMsg(written, f[0]))
	default:
		r.typ = f[0]
		msg := fmt.Sprintf("unknown type %s", r.plain["type"].v)
		cands := []string{"select_one", "select_multiple", "integer", "decimal", "text", "date", "note", "calculate", "begin_group", "end_group"}
		if s := expr.Suggest(f[0], cands); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
		}
		c.drop(r, r.typCell, "%s", msg)
	}
}

// nameAll maps every name to an anketa name, reporting collisions, and
// records the metadata rows. Names are unique per group, as in pyxform:
// equal names in different groups are qualified by their group's name
// (home_rooms, work_rooms), and a ${name} that could mean either is an
// error naming both. Unnamed notes get names; other unnamed rows are
// errors.
func (c *conv) nameAll() {
	used := map[string]bool{}
	for _, r := range c.all {
		used[mapName(r.name.v)] = true
	}
	byName := map[string][]*row{}
	var order []string
	for _, r := range c.all {
		n := r.name.v
		if n == "" {
			switch {
			case r.dropped != "" || r.typ == "" || r.meta != "":
			case r.typ == "note":
				// pyxform names an unnamed note; so does anketa, by its row
				for k := r.r + 1; ; k++ {
					if g := fmt.Sprintf("note_row%d", k); !used[g] {
						r.name.v, used[g] = g, true
						break
					}
				}
			default:
				// a fault of the workbook, not a construct anketa leaves
				// out: --lenient does not drop it
				c.fail(r.name.cell, "%s in row %d has no name; fill in the name column (a name such as q%d, used in ${...} and as the export's column)", r.describe(), r.r+1, r.r+1)
				r.omit = true
				continue
			}
			n = r.name.v
			if n == "" {
				continue
			}
		}
		if r.meta != "" {
			c.meta[n] = r.meta
			what := "the session column " + metaColumn[r.meta]
			if r.meta == "today" {
				what = metaColumn[r.meta] + "; ${" + n + "} reads as today()"
			}
			c.note(r.typCell, "%s (%s) is recorded by every session as %s", n, r.meta, what)
			continue
		}
		m := mapName(n)
		if len(byName[m]) == 0 {
			order = append(order, m)
		}
		byName[m] = append(byName[m], r)
	}
	c.ambiguous = map[string][]*row{}
	for _, m := range order {
		rs := byName[m]
		first := rs[0]
		first.emit = m
		c.names[first.name.v] = m
		c.nameAt[m] = first.name.cell
		if len(rs) == 1 {
			continue
		}
		bad := false
		for i, r := range rs[1:] {
			if r.name.v != first.name.v {
				c.fail(r.name.cell, "name %s becomes %s in anketa, as %s at %s does; rename one of them", r.name.v, m, first.name.v, first.name.cell)
				bad = true
				continue
			}
			for _, o := range rs[:i+1] {
				if o.parent == r.parent {
					c.fail(r.name.cell, "name %s is used twice in the same %s (first at %s); names must differ within a group", r.name.v, where(r.parent), o.name.cell)
					bad = true
					break
				}
			}
		}
		if bad {
			continue
		}
		// the same name in different groups
		c.ambiguous[first.name.v] = rs
		delete(c.names, first.name.v)
		for _, r := range rs {
			r.emit = m
			if p := r.parent; p != nil {
				r.emit = mapName(p.name.v) + "_" + m
			}
			if used[r.emit] && r.emit != m {
				c.fail(r.name.cell, "%s in group %s would be exported as %s, which another question is called; rename one of them", r.name.v, r.parent.name.v, r.emit)
			}
			used[r.emit] = true
		}
		var cells []string
		for _, r := range rs {
			cells = append(cells, r.name.cell+" as "+r.emit)
		}
		c.note(first.name.cell, "%s is used in more than one group; the questions are named by their groups: %s", first.name.v, strings.Join(cells, ", "))
	}
	// a ${name} that could mean either question
	for _, r := range c.all {
		if r.dropped != "" || r.meta != "" {
			continue
		}
		c.eachValue(r, func(v cellv) bool {
			for _, n := range refs(v.v) {
				if rs, ok := c.ambiguous[n]; ok {
					var cells []string
					for _, o := range rs {
						cells = append(cells, o.name.cell)
					}
					c.fail(v.cell, "${%s} could mean any of the questions named %s, at %s; rename them so that each name is used once, or refer to one by a name of its own", n, n, strings.Join(cells, " and "))
					return false
				}
			}
			return true
		})
	}
}

// where names a row's group for a message: "group home", or "survey sheet".
func where(g *row) string {
	if g == nil {
		return "survey sheet (outside any group)"
	}
	return "group " + g.name.v
}

func (c *conv) writtenAt(cell string) string {
	for _, r := range c.all {
		if r.name.cell == cell {
			return r.name.v
		}
	}
	return ""
}

// --- choices ---

func (c *conv) readChoices() {
	s := c.wb.choices
	uses := map[string]bool{}
	for _, r := range c.all {
		if r.list != "" {
			uses[r.list] = true
		}
	}
	if s == nil {
		if len(uses) > 0 {
			c.fail("", "the workbook has no choices sheet, but the survey uses choice lists (%s); add a sheet called choices", strings.Join(slices.Sorted(maps.Keys(uses)), ", "))
		}
		return
	}
	hr := headerRow(s)
	if hr < 0 {
		if len(uses) > 0 {
			c.fail(s.name+"!A1", "the choices sheet is empty; its first row names the columns list_name, name and label")
		}
		return
	}
	cols := columns(s, hr)
	ln, nm := -1, -1
	for _, col := range cols {
		switch col.key {
		case "list_name":
			ln = col.idx
		case "name":
			if nm < 0 {
				nm = col.idx
			}
		}
	}
	if ln < 0 || nm < 0 {
		c.fail(s.cell(hr, 0), "the choices sheet needs the columns list_name and name (and label) in its first row")
		return
	}
	attrAt := map[string]string{}
	for _, col := range cols {
		switch {
		case col.idx == ln || col.idx == nm || col.key == "label" || col.key == "missing" || col.key == "favorable":
		case isMedia(col.key) || translatable[col.key]:
			c.note(s.cell(hr, col.idx), "column %s is not used by anketa; options show text only", col.raw)
		default:
			a := mapName(col.raw)
			if first, ok := attrAt[a]; ok {
				c.fail(s.cell(hr, col.idx), "column %s becomes the attribute %s, as the column at %s does; rename one of them", col.raw, a, first)
				continue
			}
			attrAt[a] = s.cell(hr, col.idx)
			c.attrs[col.raw] = a
		}
	}
	for ri := hr + 1; ri < len(s.rows); ri++ {
		lname := s.get(ri, ln)
		ch := &choice{value: cellv{s.get(ri, nm), s.cell(ri, nm)}, rowCell: s.cell(ri, ln)}
		empty := lname == "" && ch.value.v == ""
		for col, v := range s.filled(ri, cols) {
			empty = false
			switch {
			case col.idx == ln || col.idx == nm:
			case col.key == "label":
				ch.label = c.addText(ch.label, col, v, s.cell(hr, col.idx))
			case col.key == "missing":
				ch.missing = v
			case col.key == "favorable":
				ch.favor = v
			case c.attrs[col.raw] != "":
				ch.attrs = append(ch.attrs, attr{c.attrs[col.raw], v})
			}
		}
		if empty {
			continue
		}
		if lname == "" {
			c.fail(ch.rowCell, "choice %s has no list_name; fill it in or delete the row", ch.value.v)
			continue
		}
		id := mapName(lname)
		l := c.listByID[id]
		if l == nil {
			l = &list{name: id, cell: ch.rowCell, written: lname}
			c.listByID[id] = l
			c.lists = append(c.lists, l)
		} else if l.written != lname {
			c.fail(ch.rowCell, "list %s becomes %s in anketa, as list %s at %s does; rename one of them", lname, id, l.written, l.cell)
			continue
		}
		l.options = append(l.options, ch)
	}
	// or_other: the list gains an option "other"; a list also used without
	// it is copied, so that those questions do not offer it.
	for _, r := range c.all {
		if r.list == "" {
			continue
		}
		if l := c.listByID[mapName(r.list)]; l != nil {
			if r.orOther {
				l.withOther = true
			} else {
				l.usedPlain = true
			}
		}
	}
	for _, l := range c.lists {
		if l.withOther && l.usedPlain {
			l.otherCopy = l.name + "_or_other"
		}
	}
}

// --- dropping ---

// cascade finds the unsupported functions and metadata reads, then drops
// the rows inside dropped groups and the rows that read a dropped one,
// until nothing changes.
func (c *conv) cascade() {
	for _, r := range c.all {
		if r.dropped != "" || r.meta != "" {
			continue
		}
		for _, k := range exprKeys {
			v := r.plain[k]
			if v.v == "" || k == "required" && yesNo(v.v) != v.v {
				continue
			}
			if fs := unknownFunctions(v.v); len(fs) > 0 {
				msg := fmt.Sprintf("unknown function %s()", fs[0])
				if s := expr.Suggest(fs[0], expr.Functions()); s != "" {
					msg += fmt.Sprintf("; did you mean %s()?", s)
				} else {
					msg += "; anketa cannot compute it"
				}
				c.drop(r, v.cell, "%s", msg)
				break
			}
		}
		if r.dropped == "" {
			c.eachValue(r, func(v cellv) bool {
				for _, n := range refs(v.v) {
					if m := c.meta[n]; m != "" && m != "today" {
						c.drop(r, v.cell, "${%s} is the session's %s, which expressions and labels cannot read; it is exported as %s", n, m, metaColumn[m])
						return false
					}
				}
				return true
			})
		}
	}
	dropped := map[string]string{}
	var inside func(rs []*row, why string)
	inside = func(rs []*row, why string) {
		for _, r := range rs {
			if why != "" && r.dropped == "" {
				r.dropped, r.droppedAt = why, r.typCell
			}
			w := why
			if w == "" && r.dropped != "" && len(r.children) > 0 {
				w = "it is inside " + r.describe() + ", which is dropped"
			}
			inside(r.children, w)
		}
	}
	for changed := true; changed; {
		changed = false
		inside(c.rows, "")
		for _, r := range c.all {
			if r.dropped != "" && r.name.v != "" {
				dropped[r.name.v] = r.describe()
			}
		}
		for _, r := range c.all {
			if r.dropped != "" || r.meta != "" {
				continue
			}
			c.eachValue(r, func(v cellv) bool {
				for _, n := range refs(v.v) {
					if d, ok := dropped[n]; ok {
						r.dropped, r.droppedAt = fmt.Sprintf("it reads ${%s}, and %s is dropped", n, d), v.cell
						changed = true
						return false
					}
				}
				return true
			})
		}
	}
}

// eachValue calls fn with every cell of r that may hold ${name}, until fn
// returns false.
func (c *conv) eachValue(r *row, fn func(cellv) bool) {
	for _, k := range surveyKeys {
		if v, ok := r.plain[k]; ok && !fn(v) {
			return
		}
	}
	for _, k := range []string{"label", "hint", "required_message", "constraint_message"} {
		for _, code := range slices.Sorted(maps.Keys(r.texts[k])) {
			if !fn(r.texts[k][code]) {
				return
			}
		}
	}
}

// baseName is the file's name without its extension, for a form_id.
func baseName(file string) string {
	b := filepath.Base(file)
	return strings.TrimSuffix(b, filepath.Ext(b))
}
