package tui

import (
	"fmt"
	"os"
	"strings"
)

// catalog is the interface's words in one language. Questionnaire texts
// come from the questionnaire, not from here.
type catalog map[string]string

var catalogs = map[string]catalog{
	"cs": {
		"practice":         "CVIČNĚ",
		"practice_note":    "Cvičný režim: nic se neukládá natrvalo.",
		"version":          "verze %s",
		"interviewer":      "Tazatel: %s",
		"today":            "Dnes: %d dokončeno, %d rozpracováno",
		"act_new":          "nový rozhovor",
		"act_resume":       "pokračovat v rozpracovaném (%d)",
		"act_interviewer":  "změnit tazatele",
		"act_lang":         "English",
		"act_handin":       "odevzdat data",
		"handin_title":     "Odevzdat data koordinátorovi",
		"handin_desc":      "Složka na flash disku nebo sdílená složka, kam se uloží kontrolovaná kopie úložiště.",
		"handin_open":      "Pozor: %d rozpracovaných rozhovorů bude v kopii čitelných (dokončené jsou zapečetěné); můžete je nejdřív dokončit.",
		"handin_empty":     "Zadejte složku, například E:\\ nebo /media/usb.",
		"handin_running":   "Odevzdávám data… kopie se zapisuje, synchronizuje a kontroluje.",
		"handin_done":      "✓ Odevzdáno: %s (%d rozhovorů).",
		"handin_failed":    "Data se NEODEVZDALA: %v",
		"handin_never":     "Zatím nic neodevzdáno · neodevzdáno dokončených: %d",
		"handin_last":      "Naposledy odevzdáno %s · od té doby dokončených: %d",
		"act_quit":         "konec",
		"login_title":      "Kód tazatele",
		"login_desc":       "Zadejte svůj kód (např. T07). Zapamatuje se v tomto počítači.",
		"login_empty":      "Zadejte kód tazatele.",
		"resume_title":     "Rozpracované rozhovory",
		"resume_none":      "Žádné rozpracované rozhovory.",
		"resume_row":       "%s  %d/%d  %s",
		"progress":         "%d/%d",
		"saved":            "✓ uloženo",
		"save_failed":      "Odpověď se NEULOŽILA: %v",
		"not_scrubbed":     "Rozhovor je zapečetěn, ale jeho text ještě není odstraněn z disku: uvolněte místo na disku a spusťte anketa znovu.",
		"review_title":     "Kontrola odpovědí",
		"review_hint":      "Enter: změnit odpověď · poslední řádek: dokončit",
		"jump_title":       "Přejít na otázku",
		"jump_hint":        "Enter: přejít · Esc: zpět k otázce",
		"finish":           "✔ Dokončit rozhovor",
		"not_answered":     "—",
		"incomplete":       "Rozhovor ještě není úplný: %s",
		"done_title":       "Rozhovor je uložen jako dokončený.",
		"done_hint":        "Enter: další klient · h: domů",
		"pause_title":      "Přerušit rozhovor?",
		"pause_pause":      "odložit (lze později dokončit)",
		"pause_abandon":    "ukončit (klient odešel)",
		"pause_continue":   "pokračovat",
		"reason_title":     "Proč rozhovor končí?",
		"reason_desc":      "Krátce, např. „klient odešel“. Rozhovor zůstane uložen jako nedokončený.",
		"too_small":        "Okno je příliš malé (%d×%d).\nZvětšete ho aspoň na %d×%d.",
		"grid_hint":        "Číslice: známka do řádku · ↑↓: řádek · Enter: dál",
		"pick_first":       "Vyberte možnost číslicí, nebo šipkami a Enter.",
		"language":         "jazyk: %s",
		"missing_key":      "%s",
		"k_back":           "zpět",
		"k_next":           "dál",
		"k_pick":           "volba",
		"k_toggle":         "označit",
		"k_jump":           "přehled",
		"k_lang":           "jazyk",
		"k_pause":          "přerušit",
		"k_select":         "vybrat",
		"k_move":           "pohyb",
		"k_home":           "domů",
		"k_quit":           "konec",
		"k_resume":         "pokračovat",
		"error":            "Chyba: %v",
		"no_questionnaire": "Dotazník %s této relace není v úložišti.",
		"accessible_intro": "anketa – přístupný režim. Odpovězte číslem nebo textem a Enter. Příkazy: < zpět, ? nápověda, !p přerušit, !k ukončit.",
	},
	"en": {
		"practice":         "PRACTICE",
		"practice_note":    "Practice mode: nothing is kept.",
		"version":          "version %s",
		"interviewer":      "Interviewer: %s",
		"today":            "Today: %d completed, %d unfinished",
		"act_new":          "new interview",
		"act_resume":       "resume an unfinished one (%d)",
		"act_interviewer":  "change interviewer",
		"act_lang":         "čeština",
		"act_handin":       "hand in data",
		"handin_title":     "Hand in the data to the coordinator",
		"handin_desc":      "A folder on a USB stick, or a shared folder, for a checked copy of the store.",
		"handin_open":      "Note: %d interviews in progress will be readable in the copy (finished ones are sealed); you may finish them first.",
		"handin_empty":     "Name the folder, such as E:\\ or /media/usb.",
		"handin_running":   "Handing in… the copy is written, synced and checked.",
		"handin_done":      "✓ Handed in: %s (%d interviews).",
		"handin_failed":    "The data were NOT handed in: %v",
		"handin_never":     "Nothing handed in yet · finished and not handed in: %d",
		"handin_last":      "Last handed in %s · finished since: %d",
		"act_quit":         "quit",
		"login_title":      "Interviewer code",
		"login_desc":       "Type your code (for example T07). This computer remembers it.",
		"login_empty":      "Type an interviewer code.",
		"resume_title":     "Unfinished interviews",
		"resume_none":      "No unfinished interviews.",
		"resume_row":       "%s  %d/%d  %s",
		"progress":         "%d/%d",
		"saved":            "✓ saved",
		"save_failed":      "The answer was NOT saved: %v",
		"not_scrubbed":     "Sealed, but not yet removed from the disk: free some disk space and restart anketa.",
		"review_title":     "Review the answers",
		"review_hint":      "Enter: change an answer · last line: finish",
		"jump_title":       "Go to a question",
		"jump_hint":        "Enter: go · Esc: back to the question",
		"finish":           "✔ Finish the interview",
		"not_answered":     "—",
		"incomplete":       "The interview is not complete yet: %s",
		"done_title":       "The interview is saved as completed.",
		"done_hint":        "Enter: next client · h: home",
		"pause_title":      "Interrupt the interview?",
		"pause_pause":      "pause (finish it later)",
		"pause_abandon":    "abandon (the client left)",
		"pause_continue":   "continue",
		"reason_title":     "Why does the interview end?",
		"reason_desc":      "Briefly, such as \"client left\". The interview stays saved as abandoned.",
		"too_small":        "The window is too small (%d×%d).\nMake it at least %d×%d.",
		"grid_hint":        "Digit: grade the row · ↑↓: row · Enter: next",
		"pick_first":       "Choose an option with a digit, or with the arrows and Enter.",
		"language":         "language: %s",
		"missing_key":      "%s",
		"k_back":           "back",
		"k_next":           "next",
		"k_pick":           "choose",
		"k_toggle":         "toggle",
		"k_jump":           "overview",
		"k_lang":           "language",
		"k_pause":          "interrupt",
		"k_select":         "select",
		"k_move":           "move",
		"k_home":           "home",
		"k_quit":           "quit",
		"k_resume":         "resume",
		"error":            "Error: %v",
		"no_questionnaire": "This session's questionnaire %s is not in the store.",
		"accessible_intro": "anketa accessible mode. Answer with a number or text and Enter. Commands: < back, ? help, !p pause, !k abandon.",
	},
}

// t returns the interface text for key in the catalog's language.
func (c catalog) t(key string, args ...any) string {
	s, ok := c[key]
	if !ok {
		s = catalogs["en"][key]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// UILanguage picks the interface language: the flag if given, else cs for
// a Czech LANG (or LC_ALL, LC_MESSAGES), else en.
func UILanguage(flag string) string {
	if _, ok := catalogs[flag]; ok {
		return flag
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			if strings.HasPrefix(l, "cs") {
				return "cs"
			}
			return "en"
		}
	}
	return "en"
}
