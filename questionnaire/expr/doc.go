// Package expr is anketa's expression language: the subset of XLSForm's
// XPath expressions that questionnaires use for relevance, constraints,
// requirements, calculations and choice filters.
//
// An expression is parsed once, when its questionnaire loads (Parse), its
// references are bound to value slots by the questionnaire (Expr.Refs), and
// it is then evaluated many times against an Env without allocating.
//
// # Syntax
//
//	${name}            the value of question or calculation name
//	.                  the value being checked (in a constraint) or the item's own value
//	name               an option attribute; only inside a choice_filter
//	12  3.5  'text'  "text"
//	or  and  = != < <= > >=  + -  * div mod  unary -   (loosest to tightest)
//	f(args...)         not selected count-selected string-length regex if
//	                   coalesce today concat number int round floor ceiling
//	                   abs true false boolean string contains starts-with
//	                   ends-with substr
//
// # Values and conversions (XPath 1.0, as ODK applies it)
//
// A value is a string, a number, a boolean or a date. An unanswered
// question, and a question that is not relevant, is the empty string.
//
//   - As a number, the empty string and any text that is not a number are NaN.
//     NaN spreads through arithmetic, and every comparison with NaN is false
//     except !=, which is true.
//   - As a boolean, a string is true when it is not empty, a number when it is
//     neither 0 nor NaN, a date always.
//   - As a string, a number is written without a trailing ".0" (3, 2.5), NaN as
//     "NaN"; a boolean as "true" or "false"; a date as YYYY-MM-DD.
//   - A date is a number of days since 1970-01-01 in arithmetic, so
//     today() - ${visit_date} is a count of days.
//
// = and != compare booleans if either side is boolean, else numbers if
// either side is a number, else dates if either side is a date (a string
// that is not a date then compares as a string), else strings. < <= > >=
// compare dates if one side is a date and the other a date or a string
// holding one, and numbers otherwise. A select_one answer is its code, so
// ${grade} <= 2 and ${grade} = '2' both work; a select_multiple answer is
// its codes separated by spaces, for selected() and count-selected().
package expr
