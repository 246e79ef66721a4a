package tui

import (
	"fmt"
	"os"
	"strings"

	"anketa/storage"
)

// catalog is the interface's words in one language. Questionnaire texts
// come from the questionnaire, not from here. The acts have one word each
// everywhere: přerušit (pause, to finish later), ukončit (abandon, kept
// unfinished), pokračovat (resume or continue), dokončit (finish).
type catalog map[string]string

var catalogs = map[string]catalog{
	"cs": {
		"fw_today":                 "Dnes osloveno %d: rozhovor %d, odmítli %d, jiné %d",
		"fw_sample":                "Výběr: každý %d. klient, napočítáno %d",
		"fw_counted":               "Napočítáno %d; oslovte až za %d.",
		"fw_logged":                "Zapsáno: %s.",
		"fw_approach":              "Oslovte tohoto klienta (č. %d, každý %d.)",
		"fw_outcome":               "Co oslovení přineslo?",
		"fw_set_title":             "Výběr klientů pro dnešek",
		"fw_set_desc":              "Oslovujte každého K-tého odcházejícího klienta. Zadejte K (1 = každého); prázdné nebo 0 = bez výběru.",
		"fw_set_bad":               "Zadejte celé číslo od 0 do 1000.",
		"outcome_interviewed":      "rozhovor",
		"outcome_refused":          "odmítl/a",
		"outcome_not_eligible":     "nesplňuje podmínky (pracovník, dnes už dotazován, nezletilý)",
		"outcome_no_contact":       "nepodařilo se oslovit (odešel/odešla)",
		"outcome_language_barrier": "jazyková bariéra",
		"act_count":                "klient odchází: započítat",
		"act_pending":              "zapsat oslovení klienta č. %d",
		"act_refusal":              "zapsat odmítnutí",
		"act_sampling":             "výběr klientů pro dnešek",
		"h_count":                  "klient",
		"h_refusal":                "odmítl",
		"practice":                 "CVIČNĚ",
		"practice_note":            "Cvičný režim: nic se neukládá natrvalo, po zavření aplikace vše zmizí.",
		"version":                  "verze %s",
		"interviewer":              "Tazatel: %s",
		"today":                    "Dnes: %d dokončeno, %d přerušeno",
		"act_new":                  "nový rozhovor",
		"act_new_self":             "nový rozhovor – klient vyplní sám",
		"act_new_with":             "nový rozhovor s tazatelem",
		"act_resume":               "pokračovat v přerušeném (%d)",
		"act_interviewer":          "změnit tazatele",
		"act_lang":                 "English",
		"act_handin":               "odevzdat data",
		"act_quit":                 "konec",
		"handin_title":             "Odevzdat data koordinátorovi",
		"handin_desc":              "Složka na flash disku nebo sdílená složka, kam se uloží kontrolovaná kopie úložiště.",
		"handin_open":              "Pozor: %d přerušených rozhovorů bude v kopii čitelných (dokončené jsou zapečetěné); můžete je nejdřív dokončit.",
		"handin_empty":             "Zadejte složku, například E:\\ nebo /media/usb.",
		"handin_running":           "Odevzdávám data… kopie se zapisuje, synchronizuje a kontroluje.",
		"handin_done":              "✓ Odevzdáno: %s (%d rozhovorů).",
		"handin_failed":            "Data se NEODEVZDALA: %v",
		"handin_never":             "Zatím nic neodevzdáno · neodevzdáno dokončených: %d",
		"handin_last":              "Naposledy odevzdáno %s · od té doby dokončených: %d",
		"login_title":              "Kód tazatele",
		"login_desc":               "Zadejte svůj kód (např. T07). Zapamatuje se v tomto počítači.",
		"login_desc_practice":      "Zadejte svůj kód (např. T07). V cvičném režimu se nezapamatuje.",
		"login_empty":              "Zadejte kód tazatele.",
		"login_space":              "Kód tazatele je jedno slovo bez mezer, například T07.",
		"resume_title":             "Přerušené rozhovory",
		"progress":                 "%d/%d",
		"saved":                    "✓ uloženo",
		"saved_practice":           "✓ přijato (cvičně)",
		"save_failed":              "Odpověď se NEULOŽILA: %v",
		"move_failed":              "Pozice se neuložila: %v",
		"not_scrubbed":             "Rozhovor je zapečetěn, ale jeho text ještě není odstraněn z disku: uvolněte místo na disku a spusťte anketa znovu.",
		"review_title":             "Kontrola odpovědí",
		"review_hint":              "Enter: změnit odpověď · poslední řádek: dokončit",
		"jump_title":               "Přejít na otázku",
		"jump_hint":                "Enter: přejít · Esc: zpět k otázce",
		"finish":                   "✔ Dokončit rozhovor",
		"not_answered":             "—",
		"incomplete":               "Rozhovor ještě není úplný: %s",
		"done_title":               "Rozhovor je uložen jako dokončený.",
		"done_title_practice":      "Rozhovor je dokončen (cvičně: neukládá se).",
		"done_hint":                "Enter: další klient · h: domů",
		"pause_title":              "Přerušit, nebo ukončit rozhovor?",
		"pause_pause":              "přerušit – dokončit později",
		"pause_abandon":            "ukončit – zůstane nedokončený",
		"pause_continue":           "pokračovat",
		"paused":                   "Rozhovor je přerušen; pokračovat v něm lze klávesou r.",
		"abandoned":                "Rozhovor je ukončen jako nedokončený (%s).",
		"reason_title":             "Proč rozhovor končí?",
		"reason_client_left":       "klient odešel",
		"reason_refused":           "klient odmítl pokračovat",
		"reason_interrupted":       "narušil ho provoz úřadu",
		"reason_timeout":           "nikdo nepokračoval (vypršel čas)",
		"reason_other":             "jiný důvod…",
		"reason_other_title":       "Jiný důvod",
		"reason_other_desc":        "Napište krátce, proč rozhovor končí.",
		"reason_other_empty":       "Napište důvod, nebo se vraťte klávesou Esc.",
		"too_small":                "Okno je příliš malé (%d×%d).\nZvětšete ho aspoň na %d×%d.",
		"too_small_keys":           "Ctrl+C: konec aplikace (probíhající rozhovor se přeruší, lze v něm pokračovat).",
		"too_small_client":         "Okno je příliš malé.\nZavolejte prosím pracovníka.",
		"pick_first":               "Vyberte možnost číslicí, nebo šipkami a Enter.",
		"language":                 "jazyk: %s",
		"k_back":                   "zpět",
		"k_next":                   "dál",
		"k_pick":                   "volba",
		"k_toggle":                 "označit",
		"k_jump":                   "přehled",
		"k_lang":                   "jazyk",
		"k_pause":                  "přerušit…",
		"k_select":                 "vybrat",
		"k_move":                   "pohyb",
		"k_home":                   "domů",
		"k_quit":                   "konec",
		"k_resume":                 "pokračovat",
		"k_unlock":                 "tazatel",
		"error":                    "Chyba: %v",
		"no_questionnaire":         "Dotazník %s této relace není v úložišti.",
		"self_problems":            "Tento dotazník nelze dát klientovi k samostatnému vyplnění:\n%s",
		"handover_title":           "Předejte prosím počítač klientovi.",
		"handover_client":          "Dobrý den, odpovězte prosím sám/sama. Vaše odpovědi nikdo neuvidí.",
		"handover_keys":            "Odpovídáte číslicemi, Enter potvrdí, ⌫ vrátí o otázku zpět.",
		"handover_start":           "Stiskněte Enter pro začátek.",
		"client_keys":              "Číslice: volba · Enter: dál · ⌫: zpět",
		"client_keys_text":         "Pište · Enter: dál · ⌫: smazat znak, u prázdné odpovědi zpět",
		"thanks":                   "Děkujeme za vaše odpovědi!",
		"thanks_back":              "Vraťte prosím počítač pracovníkovi.",
		"locked":                   "Obrazovka je zamčená. Pracovník ji odemkne klávesou Ctrl+T a svým kódem.",
		"unlock_title":             "Kód tazatele",
		"unlock_wrong":             "Nesprávný kód.",
		"unlock_wait":              "Třikrát nesprávný kód: zkuste to znovu za %d s.",
		"welcome":                  "Dobrý den!",
		"welcome_text":             "Ohodnoťte prosím, jak jsme vás obsloužili. Odpovídáte sám/sama, nikdo vaše odpovědi neuvidí.",
		"welcome_start":            "Stiskněte Enter pro začátek.",
		"welcome_needs":            "Zavolejte prosím pracovníka: rozhovor musí nejdřív začít on.",
		"timed_out":                "Rozhovor skončil: dlouho nepřišla žádná klávesa.",
		"client_menu":              "Tazatel: co s rozhovorem klienta?",
		"accessible_intro":         "anketa – přístupný režim. Odpovězte číslem nebo textem a Enter.",
		"accessible_help":          "Příkazy: < zpět, ? nápověda, !j jazyk, !p přerušit, !u ukončit. Prázdný Enter ponechá nabízenou odpověď.",
		"accessible_home":          "n = %s, r = %s, l = %s, q = %s: ",
		"accessible_review":        "Číslo řádku změní odpověď, Enter dokončí rozhovor: ",
		"accessible_reasons":       "Důvod (číslo): ",
		"accessible_offered":       "[nabízeno: %s]",
		"h_new":                    "nový",
		"ph_date":                  "D.M.RRRR",
		"ph_datetime":              "D.M.RRRR H:MM",
		"ph_time":                  "H:MM",
		"h_self":                   "klient sám",
		"h_with":                   "s tazatelem",
		"h_resume":                 "pokračovat",
		"h_handin":                 "odevzdat",
		"accessible_current":       "[nyní: %s]",
	},
	"en": {
		"fw_today":                 "Approached today %d: interviewed %d, refused %d, other %d",
		"fw_sample":                "Sample: every %d. client, counted %d",
		"fw_counted":               "Counted %d; approach in %d more.",
		"fw_logged":                "Logged: %s.",
		"fw_approach":              "Approach this client (no. %d, every %d.)",
		"fw_outcome":               "What came of the approach?",
		"fw_set_title":             "Sampling clients today",
		"fw_set_desc":              "Approach every K-th client leaving the counter. Type K (1 = everyone); empty or 0 = no sampling.",
		"fw_set_bad":               "Type a whole number from 0 to 1000.",
		"outcome_interviewed":      "interviewed",
		"outcome_refused":          "refused",
		"outcome_not_eligible":     "not eligible (staff, interviewed today already, under age)",
		"outcome_no_contact":       "could not approach (gone)",
		"outcome_language_barrier": "language barrier",
		"act_count":                "a client leaves: count",
		"act_pending":              "log the approach of client no. %d",
		"act_refusal":              "log a refusal",
		"act_sampling":             "sampling clients today",
		"h_count":                  "client",
		"h_refusal":                "refused",
		"practice":                 "PRACTICE",
		"practice_note":            "Practice mode: nothing is kept; everything is gone when the app closes.",
		"version":                  "version %s",
		"interviewer":              "Interviewer: %s",
		"today":                    "Today: %d completed, %d paused",
		"act_new":                  "new interview",
		"act_new_self":             "new interview – the client answers alone",
		"act_new_with":             "new interview with the interviewer",
		"act_resume":               "resume a paused one (%d)",
		"act_interviewer":          "change interviewer",
		"act_lang":                 "čeština",
		"act_handin":               "hand in data",
		"act_quit":                 "quit",
		"handin_title":             "Hand in the data to the coordinator",
		"handin_desc":              "A folder on a USB stick, or a shared folder, for a checked copy of the store.",
		"handin_open":              "Note: %d paused interviews will be readable in the copy (finished ones are sealed); you may finish them first.",
		"handin_empty":             "Name the folder, such as E:\\ or /media/usb.",
		"handin_running":           "Handing in… the copy is written, synced and checked.",
		"handin_done":              "✓ Handed in: %s (%d interviews).",
		"handin_failed":            "The data were NOT handed in: %v",
		"handin_never":             "Nothing handed in yet · finished and not handed in: %d",
		"handin_last":              "Last handed in %s · finished since: %d",
		"login_title":              "Interviewer code",
		"login_desc":               "Type your code (for example T07). This computer remembers it.",
		"login_desc_practice":      "Type your code (for example T07). Practice mode does not remember it.",
		"login_empty":              "Type an interviewer code.",
		"login_space":              "An interviewer code is one word without spaces, such as T07.",
		"resume_title":             "Paused interviews",
		"progress":                 "%d/%d",
		"saved":                    "✓ saved",
		"saved_practice":           "✓ accepted (practice)",
		"save_failed":              "The answer was NOT saved: %v",
		"move_failed":              "The position was not saved: %v",
		"not_scrubbed":             "Sealed, but not yet removed from the disk: free some disk space and restart anketa.",
		"review_title":             "Review the answers",
		"review_hint":              "Enter: change an answer · last line: finish",
		"jump_title":               "Go to a question",
		"jump_hint":                "Enter: go · Esc: back to the question",
		"finish":                   "✔ Finish the interview",
		"not_answered":             "—",
		"incomplete":               "The interview is not complete yet: %s",
		"done_title":               "The interview is saved as completed.",
		"done_title_practice":      "The interview is complete (practice: not kept).",
		"done_hint":                "Enter: next client · h: home",
		"pause_title":              "Pause or abandon the interview?",
		"pause_pause":              "pause – finish it later",
		"pause_abandon":            "abandon – it stays unfinished",
		"pause_continue":           "continue",
		"paused":                   "The interview is paused; resume it with r.",
		"abandoned":                "The interview is abandoned (%s).",
		"reason_title":             "Why does the interview end?",
		"reason_client_left":       "the client left",
		"reason_refused":           "the client refused to go on",
		"reason_interrupted":       "interrupted by the office",
		"reason_timeout":           "nobody went on (timeout)",
		"reason_other":             "another reason…",
		"reason_other_title":       "Another reason",
		"reason_other_desc":        "Say briefly why the interview ends.",
		"reason_other_empty":       "Type a reason, or go back with Esc.",
		"too_small":                "The window is too small (%d×%d).\nMake it at least %d×%d.",
		"too_small_keys":           "Ctrl+C: quit (an interview in progress is paused and can be resumed).",
		"too_small_client":         "The window is too small.\nPlease call the staff.",
		"pick_first":               "Choose an option with a digit, or with the arrows and Enter.",
		"language":                 "language: %s",
		"k_back":                   "back",
		"k_next":                   "next",
		"k_pick":                   "choose",
		"k_toggle":                 "toggle",
		"k_jump":                   "jump",
		"k_lang":                   "language",
		"k_pause":                  "pause…",
		"k_select":                 "select",
		"k_move":                   "move",
		"k_home":                   "home",
		"k_quit":                   "quit",
		"k_resume":                 "resume",
		"k_unlock":                 "interviewer",
		"error":                    "Error: %v",
		"no_questionnaire":         "This session's questionnaire %s is not in the store.",
		"self_problems":            "This questionnaire cannot be handed to the client to answer alone:\n%s",
		"handover_title":           "Please hand the laptop to the client.",
		"handover_client":          "Hello, please answer on your own. Nobody will see your answers.",
		"handover_keys":            "Answer with digits, Enter confirms, ⌫ goes back a question.",
		"handover_start":           "Press Enter to start.",
		"client_keys":              "Digits: choose · Enter: next · ⌫: back",
		"client_keys_text":         "Type · Enter: next · ⌫: delete, or back when empty",
		"thanks":                   "Thank you for your answers!",
		"thanks_back":              "Please give the laptop back to the staff.",
		"locked":                   "The screen is locked. The interviewer unlocks it with Ctrl+T and their code.",
		"unlock_title":             "Interviewer code",
		"unlock_wrong":             "Wrong code.",
		"unlock_wait":              "Three wrong codes: try again in %d s.",
		"welcome":                  "Hello!",
		"welcome_text":             "Please rate how we served you. You answer on your own; nobody sees your answers.",
		"welcome_start":            "Press Enter to start.",
		"welcome_needs":            "Please call the staff: the interview must be started by them first.",
		"timed_out":                "The interview ended: no key came for a long time.",
		"client_menu":              "Interviewer: what about the client's interview?",
		"accessible_intro":         "anketa accessible mode. Answer with a number or text and Enter.",
		"accessible_help":          "Commands: < back, ? help, !j language, !p pause, !u abandon. An empty Enter keeps the answer offered.",
		"accessible_home":          "n = %s, r = %s, l = %s, q = %s: ",
		"accessible_review":        "A line's number changes its answer, Enter finishes the interview: ",
		"accessible_reasons":       "Reason (number): ",
		"accessible_offered":       "[offered: %s]",
		"h_new":                    "new",
		"ph_date":                  "D.M.YYYY",
		"ph_datetime":              "D.M.YYYY H:MM",
		"ph_time":                  "H:MM",
		"h_self":                   "client alone",
		"h_with":                   "with interviewer",
		"h_resume":                 "resume",
		"h_handin":                 "hand in",
		"accessible_current":       "[now: %s]",
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

// reasons are the abandon reasons the interviewer chooses from, in order.
var reasons = []string{storage.ReasonClientLeft, storage.ReasonRefused, storage.ReasonInterrupted, storage.ReasonOther}

// outcomeLabel says an approach's outcome in the catalog's language.
func (c catalog) outcomeLabel(o storage.Outcome) string { return c.t("outcome_" + o.String()) }

// reasonLabel says a stored abandon reason in the catalog's language.
func (c catalog) reasonLabel(reason string) string {
	switch reason {
	case storage.ReasonClientLeft, storage.ReasonRefused, storage.ReasonInterrupted, storage.ReasonTimeout, storage.ReasonOther:
		return c.t("reason_" + reason)
	}
	if text, ok := strings.CutPrefix(reason, storage.ReasonOther+": "); ok {
		return text
	}
	return reason
}
