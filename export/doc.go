// Package export merges the stores of many laptops into data for
// analysis: a wide or long CSV in two dialects, a codebook, SPSS and Stata
// syntax, and the paradata. It reads stores read-only, merges sessions by
// ID (a session copied into two stores gives one row), and writes the
// same bytes whatever the order of its inputs.
//
// # Missing values
//
// Four cases stay apart in every question column:
//
//	not asked       the question was not relevant         empty cell
//	skipped         relevant, but no answer was given     Codes.Skipped (-99)
//	don't know      a missing answer without a code       Codes.DontKnow (-98)
//	refused                                               Codes.Refused (-97)
//	not applicable                                        Codes.NotApplicable (-96)
//
// A select_multiple also has a 0/1 column per option, name__code; an
// empty selection ("none of these") has an empty main cell and every
// 0/1 column 0, which tells it from not asked (all empty).
//
// A select question whose list has options marked missing (the school
// scale's 9 = nevím) exports that option's own code; the codebook, the
// SPSS and the Stata syntax declare it missing.
package export
