// Package xlsform reads XLSForm workbooks, the questionnaires made for ODK
// Collect and KoboToolbox, and writes anketa questionnaires as XLSForm.
//
// A workbook is converted to anketa's YAML format (Import) and that text is
// loaded as any questionnaire is, with every line remembering the cell it
// came from: a problem is reported as form.xlsx:survey!D14, in the words
// of a spreadsheet ("fill in the name column"), and the YAML is what a
// store keeps, so that an export never needs the workbook.
//
// The yardstick is pyxform, the converter ODK and KoboToolbox use: what it
// accepts is accepted here, unless it is one of the constructs anketa
// deliberately leaves out, and then the message names the construct.
// conformance_test.go holds a workbook for each rule.
//
// # Sheets, columns and cells
//
// The survey sheet: the columns type, name, label, hint, required,
// required_message, relevant, constraint, constraint_message, calculation,
// default, choice_filter, appearance, read_only, parameters (of a range),
// and anketa's own persist. Headers are matched without regard to case,
// in every spelling pyxform reads: "bind:relevant" and "bind::relevant",
// "jr:constraintMsg", "body::appearance", "list name", "required message".
// Texts may be translated: label::Czech (cs), label::cs, label:English, or
// label::ANY TEXT, whose language code is made from the text (a known
// name, the name in parentheses, or its letters: "Tok Pisin" is
// tok-pisin), with a note.
//
// Cells are read by their value, not their display: 1.5 shown as 1.50 is
// 1.5, and a number Excel formats as a date (a form_id, version or
// default someone typed as a date) becomes an ISO date, with its time of
// day when it has one ("2021-09-14 21:07:12"), as pyxform makes it.
//
// The choices sheet: list_name, name, label and its translations, missing
// (dont_know, refused, not_applicable) and favorable (yes) with anketa's
// meaning; every other column is an option attribute that a choice_filter
// can test. The settings sheet: form_id (any text; it stays the id in
// exports), form_title, version, default_language,
// allow_choice_duplicates, and anketa's own recipients: the age public
// keys (age1..., separated by spaces) that finished sessions are sealed to.
//
// # Types
//
// select_one LIST and select_multiple LIST (also "select one LIST",
// "select one from LIST", "select all that apply from LIST"), with
// or_other or "or specify other"; integer, decimal, text, date, datetime,
// time, note, calculate; range (integer or decimal, start, end and step
// from the parameters column, ODK's 1, 10 and 1 when left out); hidden (a
// calculate: its default is its value); acknowledge and trigger (a
// select_one whose one answer is OK); begin_group/end_group (also with a
// space); and the metadata start, end, today, deviceid (also imei and
// uri:deviceid) and username.
//
// # Bind columns
//
// As pyxform allows them: required on a note blocks the interview while
// the note is relevant; a calculation on a select sets its answer, which
// is shown and not asked; a calculation on a note becomes a calculate of
// the note's name, and the note is shown as NAME_note; a default on a
// calculate is its value while it has no calculation; read_only on a
// group holds for its questions; required on a calculate is accepted and
// means nothing, since nobody enters a calculation.
//
// A default is a value of the question's type, or an expression (${q1},
// today(), concat('pan ', ${jmeno})) worked out when the question is first
// shown, as ODK's dynamic defaults are. ${last-saved#q} on q itself is
// anketa's persist: the answer of the laptop's last interview. A default
// that is neither a value nor an expression is an error by cell.
//
// # Expressions
//
// XPath as ODK writes it: and, or, div and mod are operators also before a
// parenthesis (${a} = 1 and (${b} = 2), ${a} mod(2)). Besides anketa's
// own functions, now(), once(), uuid(), jr:choice-name(), format-date(),
// format-date-time(), date-time() and decimal-date-time() are computed. A
// calculation calling now(), uuid() or once() is worked out once, when the
// interview first reaches it, and kept in the store; later evaluations and
// every export read the kept value. A path (../inputs/x, /data/x) is an
// error that says to use ${x}.
//
// # Names
//
// anketa names are [a-z_][a-z0-9_]*. A name in the workbook is lowercased,
// every other character becomes _, and a name starting with a digit gets a
// leading _: Q1.Age becomes q1_age. References ${Q1.Age} follow. Two names
// that become the same are an error naming both cells. Names are unique
// per group, as in pyxform: equal names in different groups are named by
// their group (home_rooms, work_rooms), and a ${rooms} that could mean
// either is an error naming every cell. Unnamed notes are named
// note_rowN; any other unnamed row is an error. Choice list names and
// choices-sheet columns follow the same rule.
//
// With allow_choice_duplicates a list may hold a name more than once, told
// apart by a choice filter; a question offers each, and exports and labels
// use the first. A space in a choice's name is refused only in a list
// that a select_multiple uses, whose answers are names separated by
// spaces.
//
// # Metadata
//
// Every session already records when it started and ended, on which laptop
// and by which interviewer; the export has them as the columns started_at,
// finished_at, device_id and interviewer. The metadata rows start, end,
// deviceid and username therefore map to those columns and today to the
// date of started_at; ${today} in an expression becomes today(). Each
// mapping is listed as a note.
//
// # What anketa deliberately does not do
//
// Repeats (begin repeat, begin loop over), media (image, photo, audio,
// video, file), locations (geopoint, gps, geotrace, geoshape), barcodes,
// choices from files or the external_choices sheet (select_one_from_file,
// select_one_external), device properties (phonenumber, simserial, email)
// and functions a laptop cannot compute (pulldata, area, ...) make the
// import fail with one error per cell that names the construct ("photo is
// an image question: media are not supported"). With Options.Lenient
// those rows are dropped instead, and so are the rows inside a dropped
// group and the rows that read a dropped question; every drop is listed
// in Result.Notes. A workbook none of whose rows is left is refused, with
// the list of what was dropped.
//
// # Files that are not workbooks
//
// An .xls, an encrypted workbook, an .ods, a damaged file, a spreadsheet's
// lock file (~$form.xlsx, .~lock.form.xlsx#) and a workbook that would
// unpack to more than 64 MB each get one error that says what the file is
// and what to do.
package xlsform
