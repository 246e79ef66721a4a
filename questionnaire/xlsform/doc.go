// Package xlsform reads XLSForm workbooks, the questionnaires made for ODK
// Collect and KoboToolbox, and writes anketa questionnaires as XLSForm.
//
// A workbook is converted to anketa's YAML format (Import) and that text is
// loaded as any questionnaire is, with every line remembering the cell it
// came from: a problem is reported as form.xlsx:survey!D14, and the YAML is
// what a store keeps, so that an export never needs the workbook.
//
// # What is read
//
// The survey sheet: the columns type, name, label, hint, required,
// required_message, relevant, constraint, constraint_message, calculation,
// default, choice_filter, appearance, read_only (and anketa's own
// persist). Texts may be translated: label::Czech (cs), label::cs or
// label:English. Types: select_one LIST (also "select one from LIST"),
// select_multiple LIST, "or_other" after either, integer, decimal, text,
// date, note, calculate, begin_group/end_group (also with a space), and
// the metadata start, end, today, deviceid and username.
//
// The choices sheet: list_name, name, label and its translations, missing
// (dont_know, refused, not_applicable) and favorable (yes) with anketa's
// meaning; every other column is an option attribute that a choice_filter
// can test. The settings sheet: form_id, form_title, version and
// default_language, and anketa's own recipients: the age public keys
// (age1..., separated by spaces) that finished sessions are sealed to.
//
// Sheet names and headers are matched without regard to case, with the
// spellings ODK accepts ("list name", "label:English", "select one from").
//
// # Names
//
// anketa names are [a-z_][a-z0-9_]*. A name in the workbook is lowercased,
// every other character becomes _, and a name starting with a digit gets a
// leading _: Q1.Age becomes q1_age. References ${Q1.Age} follow. Two names
// that become the same are an error naming both cells. Choice list names
// and choices-sheet columns follow the same rule.
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
// # What cannot be represented
//
// Repeats, media, locations, select_one_from_file, other question types and
// functions anketa does not know (pulldata, jr:choice-name, ...) make the
// import fail with one error per cell. With Options.Lenient those rows are
// dropped instead, and so are the rows that read a dropped question; every
// drop is listed in Result.Notes.
package xlsform
