package xlsform

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// yw writes YAML a line at a time, remembering each line's cell.
type yw struct {
	b         bytes.Buffer
	cells     []string
	questions int // top-level rows written
}

func (w *yw) line(ind int, cell, s string) {
	for range ind {
		w.b.WriteByte(' ')
	}
	w.b.WriteString(s)
	w.b.WriteByte('\n')
	w.cells = append(w.cells, cell)
}

// cellAt names the cell line (1-based) came from.
func (w *yw) cellAt(line int) string {
	switch {
	case line >= 1 && line <= len(w.cells):
		return w.cells[line-1]
	case len(w.cells) > 0:
		return w.cells[len(w.cells)-1]
	}
	return ""
}

var plainOK = regexp.MustCompile(`^[\p{L}_][\p{L}\p{N}_ .-]*$`)

// q writes s as a YAML scalar: plain where that reads back the same, else
// double-quoted (a JSON string is a valid YAML double-quoted scalar).
func q(s string) string {
	if plainOK.MatchString(s) && !strings.HasSuffix(s, " ") && !strings.Contains(s, " -") {
		switch strings.ToLower(s) {
		case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf":
		default:
			return s
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func (c *conv) emit() *yw {
	w := &yw{}
	top := c.wb.survey.name + "!A1"
	w.line(0, top, "# Converted from the XLSForm "+q(filepath.Base(c.file))+" by anketa import.")
	w.line(0, top, "# Edit this file, or the workbook and import it again.")
	c.resolveDefaultLanguage()

	id := c.settings["form_id"]
	if id.v == "" {
		id = cellv{strings.Trim(mapName(baseName(c.file)), "_"), top}
		if id.v == "" {
			id.v = "form"
		}
		c.note(top, "the settings sheet gives no form_id; the questionnaire is called %s after the file", id.v)
	}
	w.line(0, id.cell, "id: "+q(id.v))
	ver := c.settings["version"]
	if ver.v == "" {
		ver = cellv{"1", top}
		c.note(top, "the settings sheet gives no version; the questionnaire is version 1")
	}
	w.line(0, ver.cell, "version: "+q(ver.v))
	title := c.title
	if len(title) == 0 {
		title = text{"": id}
	}
	c.emitText(w, 0, "title", title)
	if r := c.settings["recipients"]; r.v != "" {
		// anketa's own setting: the age public keys sessions are sealed to
		w.line(0, r.cell, "recipients:")
		for _, k := range strings.FieldsFunc(r.v, func(c rune) bool { return c == ',' || c == ';' || c == ' ' || c == '\n' }) {
			w.line(2, r.cell, "- "+q(k))
		}
	}
	if a := c.settings["allow_choice_duplicates"]; yesNo(a.v) == "true" {
		w.line(0, a.cell, "allow_choice_duplicates: true")
	}
	if len(c.langs) > 0 {
		w.line(0, top, "languages:")
		for _, l := range c.langs {
			w.line(2, top, "- "+q(l))
		}
	}
	c.emitChoices(w)
	var rows []*row
	for _, r := range c.rows {
		if c.emitted(r) {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		w.line(0, top, "questions: []")
		return w
	}
	w.line(0, top, "questions:")
	w.questions = len(rows)
	for _, r := range rows {
		c.emitRow(w, r, 2)
	}
	return w
}

// resolveDefaultLanguage puts settings' default_language first.
func (c *conv) resolveDefaultLanguage() {
	dl := c.settings["default_language"]
	if dl.v != "" && len(c.langs) > 0 {
		if code, ok := c.lang(dl.v, dl.cell); ok {
			c.langs = slices.DeleteFunc(c.langs, func(s string) bool { return s == code })
			c.langs = slices.Insert(c.langs, 0, code)
		}
	}
	if len(c.langs) > 0 {
		c.defLang = c.langs[0]
	}
}

// emitText writes a label or hint. The untranslated column counts as the
// default language where that has no text of its own.
func (c *conv) emitText(w *yw, ind int, key string, t text) {
	if len(t) == 0 {
		return
	}
	if v, ok := t[""]; ok && (len(c.langs) == 0 || len(t) == 1) {
		// a text for every language
		w.line(ind, v.cell, key+": "+q(c.rewriteRefs(v.v)))
		return
	}
	byLang := map[string]cellv{}
	for code, v := range t {
		if code != "" {
			byLang[code] = v
		}
	}
	if v, ok := t[""]; ok {
		if _, has := byLang[c.defLang]; !has {
			byLang[c.defLang] = v
		}
	}
	first := true
	for _, l := range c.langs {
		v, ok := byLang[l]
		if !ok {
			continue
		}
		if first {
			w.line(ind, v.cell, key+":")
			first = false
		}
		w.line(ind+2, v.cell, q(l)+": "+q(c.rewriteRefs(v.v)))
	}
}

func (c *conv) emitChoices(w *yw) {
	var lists []*list
	for _, l := range c.lists {
		if len(l.options) > 0 {
			lists = append(lists, l)
		}
	}
	// acknowledge and trigger take OK from a list of their own
	ack := slices.ContainsFunc(c.all, func(r *row) bool { return r.typ == "acknowledge" && c.emitted(r) })
	if len(lists) == 0 && !ack {
		return
	}
	cell := c.wb.survey.name + "!A1"
	if len(lists) > 0 {
		cell = lists[0].cell
	}
	w.line(0, cell, "choices:")
	if ack {
		// acknowledge and trigger: OK is the answer, as in ODK
		w.line(2, cell, ackList+":")
		w.line(4, cell, "- value: OK")
		w.line(6, cell, "label: OK")
	}
	for _, l := range lists {
		c.emitList(w, l, l.name, l.withOther && !l.usedPlain)
		if l.otherCopy != "" {
			c.emitList(w, l, l.otherCopy, true)
		}
	}
}

func (c *conv) emitList(w *yw, l *list, name string, other bool) {
	w.line(2, l.cell, q(name)+":")
	for _, o := range l.options {
		w.line(4, o.value.cell, "- value: "+q(o.value.v))
		c.emitText(w, 6, "label", o.label)
		if o.missing.v != "" {
			w.line(6, o.missing.cell, "missing: "+q(strings.ToLower(o.missing.v)))
		}
		if o.favor.v != "" {
			switch v := yesNo(o.favor.v); v {
			case "true":
				w.line(6, o.favor.cell, "favorable: true")
			case "false":
			default:
				w.line(6, o.favor.cell, "favorable: "+q(o.favor.v))
			}
		}
		for _, a := range o.attrs {
			w.line(6, a.val.cell, q(a.name)+": "+q(a.val.v))
		}
	}
	if other {
		w.line(4, l.cell, "- value: other")
		w.line(6, l.cell, "label: Other")
	}
}

// yesNo reads XLSForm's ways of writing a yes or no: "true", "false", or
// the text itself when it is neither.
func yesNo(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "true()", "1", "y":
		return "true"
	case "no", "false", "false()", "0", "n", "":
		return "false"
	}
	return s
}

// emitted reports whether r appears in the YAML. A group whose rows were
// all dropped is dropped with them.
func (c *conv) emitted(r *row) bool {
	if r.dropped != "" || r.meta != "" || r.omit {
		return false
	}
	if r.typ == "begin_group" && len(r.children) > 0 {
		for _, ch := range r.children {
			if c.emitted(ch) {
				return true
			}
		}
		r.dropped, r.droppedAt = "none of its rows could be kept", r.typCell
		if c.opt.Lenient {
			c.note(r.typCell, "dropped %s: %s", r.describe(), r.dropped)
		}
		return false
	}
	return true
}

func (c *conv) emitRow(w *yw, r *row, ind int) {
	name := r.emit
	if name == "" {
		name = mapName(r.name.v)
	}
	if calc := r.plain["calculation"]; calc.v != "" && r.typ == "note" {
		// A note with a calculation has a value in ODK: the value is a
		// calculate of the note's name, and the note shows the label.
		w.line(ind, r.name.cell, "- name: "+q(name))
		w.line(ind+2, r.typCell, "type: calculate")
		w.line(ind+2, calc.cell, "calculation: "+q(c.rewriteRefs(calc.v)))
		if v := r.plain["relevant"]; v.v != "" {
			w.line(ind+2, v.cell, "relevant: "+q(c.rewriteRefs(v.v)))
		}
		c.note(calc.cell, "note %s has a calculation: its value is exported as the calculation %s, and the note is shown as %s_note", r.name.v, name, name)
		name += "_note"
	}
	if r.name.v == "" {
		w.line(ind, r.typCell, "- type: "+q(c.typeOf(r)))
	} else {
		w.line(ind, r.name.cell, "- name: "+q(name))
		w.line(ind+2, r.typCell, "type: "+q(c.typeOf(r)))
	}
	in := ind + 2
	for _, k := range []string{"label", "hint"} {
		c.emitText(w, in, k, r.texts[k])
	}
	if v := r.plain["required"]; v.v != "" {
		switch yn := yesNo(v.v); yn {
		case "true":
			w.line(in, v.cell, "required: true")
		case "false":
		default:
			w.line(in, v.cell, "required: "+q(c.rewriteRefs(v.v)))
		}
	}
	c.emitText(w, in, "required_message", r.texts["required_message"])
	for _, k := range []string{"relevant", "constraint"} {
		if v := r.plain[k]; v.v != "" {
			w.line(in, v.cell, k+": "+q(c.rewriteRefs(v.v)))
		}
	}
	c.emitText(w, in, "constraint_message", r.texts["constraint_message"])
	if v := r.plain["calculation"]; v.v != "" && r.typ != "note" {
		w.line(in, v.cell, "calculation: "+q(c.rewriteRefs(v.v)))
	} else if r.typ == "hidden" && r.plain["default"].v == "" {
		w.line(in, r.typCell, `calculation: "''"`) // a hidden value nothing sets
	}
	persist := false
	if v := r.plain["default"]; v.v != "" {
		if m := lastSaved.FindStringSubmatch(v.v); m != nil {
			// ${last-saved#x}: the answer given in the last interview
			if m[1] != r.name.v {
				c.fail(v.cell, "default ${last-saved#%s} reads another question's last answer; anketa carries a question's own last answer to the next interview (persist), so write ${last-saved#%s} or delete the default", m[1], r.name.v)
			} else {
				persist = true
				c.note(v.cell, "default ${last-saved#%s} is anketa's persist: the question opens with the answer of this laptop's last interview", m[1])
			}
		} else {
			w.line(in, v.cell, "default: "+q(c.rewriteRefs(v.v)))
		}
	}
	if r.typ == "range" {
		c.emitRange(w, in, r)
	}
	if v := r.plain["choice_filter"]; v.v != "" {
		w.line(in, v.cell, "choice_filter: "+q(c.rewriteAttrs(c.rewriteRefs(v.v))))
	}
	if r.typ == "begin_group" {
		if app := c.groupAppearance(r); app.v != "" {
			w.line(in, app.cell, "appearance: "+q(app.v))
		}
	} else if v := r.plain["appearance"]; v.v != "" {
		w.line(in, v.cell, "appearance: "+q(v.v))
	}
	if persist && r.plain["persist"].v == "" {
		w.line(in, r.plain["default"].cell, "persist: true")
	}
	for _, k := range []string{"read_only", "persist"} {
		if v := r.plain[k]; v.v != "" {
			switch yesNo(v.v) {
			case "true":
				w.line(in, v.cell, k+": true")
			case "false":
			default:
				c.ignore(v.cell, "%s must be yes or no, not %q; anketa cannot make it depend on answers", k, v.v)
			}
		}
	}
	if r.typ == "begin_group" {
		w.line(in, r.typCell, "questions:")
		for _, ch := range r.children {
			if c.emitted(ch) {
				c.emitRow(w, ch, in+2)
			}
		}
	}
	if r.orOther && r.name.v != "" {
		w.line(ind, r.typCell, "- name: "+q(name+"_other"))
		w.line(in, r.typCell, "type: text")
		w.line(in, r.typCell, "label: Specify other.")
		w.line(in, r.typCell, "relevant: "+q("selected(${"+name+"}, 'other')"))
	}
}

func (c *conv) typeOf(r *row) string {
	switch r.typ {
	case "begin_group":
		return "group"
	case "hidden":
		return "calculate"
	case "acknowledge":
		return "select_one " + ackList
	case "range":
		if rg := c.rangeOf(r); rg.decimal {
			return "decimal"
		}
		return "integer"
	case "select_one", "select_multiple":
		l := mapName(r.list)
		if r.orOther {
			if lst := c.listByID[l]; lst != nil && lst.otherCopy != "" {
				l = lst.otherCopy
			}
		}
		return r.typ + " " + l
	}
	return r.typ
}

// groupAppearance turns a table-list or field-list group whose questions
// all use one list into a grid. The first row of a table-list that only
// shows the options (appearance label) is left out: the grid draws them.
func (c *conv) groupAppearance(g *row) cellv {
	app := g.plain["appearance"]
	f := strings.Fields(strings.ToLower(app.v))
	table, field := slices.Contains(f, "table-list"), slices.Contains(f, "field-list")
	if !table && !field {
		return app
	}
	var rows []*row
	for _, ch := range g.children {
		if c.emitted(ch) {
			rows = append(rows, ch)
		}
	}
	if table && len(rows) > 1 && rows[0].typ == "select_one" && slices.Contains(strings.Fields(strings.ToLower(rows[0].plain["appearance"].v)), "label") {
		rows[0].omit = true
		c.note(rows[0].typCell, "%s is the header row of table-list %s; anketa's grid shows the options itself, so it is left out", rows[0].name.v, g.name.v)
		rows = rows[1:]
	}
	list := ""
	for _, r := range rows {
		if r.typ != "select_one" || r.orOther || len(r.children) > 0 || list != "" && mapName(r.list) != list {
			c.note(app.cell, "group %s is shown one question at a time: a grid needs every row to be a select_one of the same list", g.name.v)
			return cellv{"field-list", app.cell}
		}
		list = mapName(r.list)
	}
	return cellv{"grid", app.cell}
}

// rewriteRefs maps ${name} to anketa names, and ${today} (the metadata
// row) to today(). A string that is one reference, as jr:choice-name()
// takes its question ('${Q1}'), is mapped too.
func (c *conv) rewriteRefs(s string) string {
	s = quotedRef.ReplaceAllStringFunc(s, func(m string) string {
		q, name := m[:1], m[3:len(m)-2]
		if a, ok := c.names[name]; ok {
			return q + "${" + a + "}" + q
		}
		return m
	})
	return rewrite(s, func(n string) string {
		if c.meta[n] == "today" {
			return "today()"
		}
		if m, ok := c.names[n]; ok {
			return "${" + m + "}"
		}
		return "${" + n + "}"
	})
}

// rewriteAttrs maps the bare names of choices columns in a choice_filter.
func (c *conv) rewriteAttrs(s string) string {
	var b strings.Builder
	last := 0
	scanIdents(s, func(name string, start, end int, call bool) {
		a, ok := c.attrs[name]
		if call || !ok || a == name {
			return
		}
		b.WriteString(s[last:start])
		b.WriteString(a)
		last = end
	})
	b.WriteString(s[last:])
	return b.String()
}

// ackList is the choice list an acknowledge question takes its one
// answer, OK, from.
const ackList = "acknowledge_ok"

var quotedRef = regexp.MustCompile(`'\$\{[^}'"]+\}'|"\$\{[^}'"]+\}"`)

var lastSaved = regexp.MustCompile(`^\$\{last-saved#([^}]+)\}$`)

// rangeParams are a range question's parameters.
type rangeParams struct {
	start, end, step string
	decimal          bool
	cell             string
}

// rangeOf reads a range row's parameters column, "start=1 end=10 step=1"
// (ODK's defaults when left out).
func (c *conv) rangeOf(r *row) rangeParams {
	p := r.plain["parameters"]
	rg := rangeParams{start: "1", end: "10", step: "1", cell: p.cell}
	if rg.cell == "" {
		rg.cell = r.typCell
	}
	for _, kv := range strings.FieldsFunc(p.v, func(c rune) bool { return c == ' ' || c == ',' || c == ';' }) {
		k, v, _ := strings.Cut(kv, "=")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "start":
			rg.start = strings.TrimSpace(v)
		case "end":
			rg.end = strings.TrimSpace(v)
		case "step":
			rg.step = strings.TrimSpace(v)
		}
	}
	for _, v := range []string{rg.start, rg.end, rg.step} {
		if strings.Contains(v, ".") {
			rg.decimal = true
		}
	}
	return rg
}

func (c *conv) emitRange(w *yw, in int, r *row) {
	rg := c.rangeOf(r)
	w.line(in, rg.cell, "range:")
	w.line(in+2, rg.cell, "start: "+q(rg.start))
	w.line(in+2, rg.cell, "end: "+q(rg.end))
	w.line(in+2, rg.cell, "step: "+q(rg.step))
}
