// Package tui is the interviewer app: Bubble Tea models for the home
// screen, the interview, the review and the dialogs. It is the only
// package that imports Bubble Tea, huh and lipgloss.
//
// The interview is our own model: it owns the position, the history and
// the saving, and shows one question at a time with a small one-field huh
// form (or our own grid widget for a battery of grades), rebuilt for each
// question and prefilled with the stored answer. Every answer is saved
// through the store, committed and synced, before the screen moves on.
//
// Styles live in styles.go, keys in keys.go, and the interface's words in
// i18n.go, one catalogue per language.
package tui
