// Package questionnaire is anketa's questionnaire model: the YAML format
// (FORMAT.md describes it), validation with positioned errors, the
// expression language (package expr) bound to the questionnaire's names,
// and the flow engine that decides which item is visible, which comes
// next and previous, whether an answer is valid and whether an interview
// is complete.
//
// A *Questionnaire is immutable once loaded and safe to share between
// goroutines. The package draws nothing and imports nothing of anketa's
// other packages.
package questionnaire
