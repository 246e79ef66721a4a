package review

import (
	"fmt"
	"os"
	"strings"

	"anketa/export/report"
	"anketa/storage"
)

// words are the review's texts in one language.
type words struct {
	lang                                         string
	status, listKeys, detailKeys, formKeys       string
	searchTitle, searchDesc, searching, noMatch  string
	reasonTitle, reasonDesc, reasonEmpty         string
	saved, saveFailed, decidedBy, answers        string
	timeline, noEvents, nothingFlagged, tooSmall string
	short, straight, overlap, dontKnow           string
	approved, rejected                           string
}

func catalog(lang string) words {
	if lang == "" {
		for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
			if l := os.Getenv(v); l != "" {
				lang = map[bool]string{true: "cs", false: "en"}[strings.HasPrefix(l, "cs")]
				break
			}
		}
	}
	if lang == "cs" {
		return words{lang: "cs",
			status:         "%d rozhovorů · označených kontrolami %d · rozhodnuto %d",
			listKeys:       "↑↓ pohyb  enter otevřít  a schválit  r zamítnout  / hledat  tab vše/označené  q konec",
			detailKeys:     "↑↓ posun  a schválit  r zamítnout  esc zpět",
			formKeys:       "enter potvrdit  esc zpět",
			searchTitle:    "Hledat rozhovor",
			searchDesc:     "Začátek ID rozhovoru, kód tazatele, nebo pracoviště. Prázdné = zrušit hledání.",
			searching:      "hledáno: %s (esc zruší)",
			noMatch:        "Nic neodpovídá hledání „%s“.",
			reasonTitle:    "Proč rozhovor zamítáte?",
			reasonDesc:     "Důvod se uloží u rozhodnutí; export a zpráva zamítnutý rozhovor nezapočtou.",
			reasonEmpty:    "Napište důvod zamítnutí, nebo se vraťte klávesou Esc.",
			saved:          "Uloženo: %s.",
			saveFailed:     "Rozhodnutí se NEULOŽILO: %v",
			decidedBy:      "%s (%s)",
			answers:        "Odpovědi",
			timeline:       "Průběh rozhovoru",
			noEvents:       "bez záznamu průběhu",
			nothingFlagged: "Kontroly nic neoznačily. Tab ukáže všechny rozhovory, / hledá.",
			tooSmall:       "Okno je příliš malé (%d×%d); zvětšete ho aspoň na 60×12.",
			short:          "příliš krátký (%s)",
			straight:       "stejná známka v celé tabulce %s",
			overlap:        "překrývá se s jiným rozhovorem téhož tazatele",
			dontKnow:       "den s neobvykle častým „nevím“ (%s)",
			approved:       "schváleno",
			rejected:       "zamítnuto",
		}
	}
	return words{lang: "en",
		status:         "%d interviews · flagged by the checks %d · decided %d",
		listKeys:       "↑↓ move  enter open  a approve  r reject  / search  tab all/flagged  q quit",
		detailKeys:     "↑↓ scroll  a approve  r reject  esc back",
		formKeys:       "enter confirm  esc back",
		searchTitle:    "Search for an interview",
		searchDesc:     "The start of a session ID, an interviewer's code, or a workplace. Empty: no search.",
		searching:      "searching: %s (esc clears)",
		noMatch:        "Nothing matches “%s”.",
		reasonTitle:    "Why do you reject the interview?",
		reasonDesc:     "The reason is kept with the decision; export and report leave a rejected interview out.",
		reasonEmpty:    "Type why, or go back with Esc.",
		saved:          "Saved: %s.",
		saveFailed:     "The decision was NOT saved: %v",
		decidedBy:      "%s (%s)",
		answers:        "Answers",
		timeline:       "Paradata",
		noEvents:       "no paradata",
		nothingFlagged: "The checks flagged nothing. Tab shows every interview, / searches.",
		tooSmall:       "The window is too small (%d×%d); make it at least 60×12.",
		short:          "too short (%s)",
		straight:       "the same grade down grid %s",
		overlap:        "overlaps another interview of the same interviewer",
		dontKnow:       "a day of unusually many don't-knows (%s)",
		approved:       "approved",
		rejected:       "rejected",
	}
}

func (w words) flag(f report.Flag) string {
	switch f.Kind {
	case report.FlagShort:
		return fmt.Sprintf(w.short, f.Detail)
	case report.FlagStraight:
		return fmt.Sprintf(w.straight, f.Detail)
	case report.FlagOverlap:
		return w.overlap
	case report.FlagDontKnow:
		return fmt.Sprintf(w.dontKnow, f.Detail)
	}
	return f.Kind
}

func (w words) verdict(v storage.Verdict) string {
	if v == storage.Rejected {
		return w.rejected
	}
	return w.approved
}
