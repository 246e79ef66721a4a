package questionnaire

// The engine's own messages, used where the questionnaire gives none.
const (
	msgRequired     = "required"
	msgConstraint   = "constraint"
	msgNotOption    = "not_option"
	msgMissingAlone = "missing_alone"
	msgInteger      = "integer"
	msgDecimal      = "decimal"
	msgDate         = "date"
	msgText         = "text"
	msgNoAnswer     = "no_answer"
	msgTooLong      = "too_long"
	msgBlocked      = "blocked"
	msgPattern      = "pattern"
	msgRange        = "range"
	msgDateTime     = "datetime"
	msgTime         = "time"
)

var builtinMessages = map[string]map[string]string{
	"cs": {
		msgRequired:              "Odpověď je povinná.",
		msgConstraint:            "Odpověď není v povoleném rozsahu.",
		msgNotOption:             "Zvolte jednu z nabízených možností.",
		msgMissingAlone:          "„Nevím“ nebo „odmítl/a odpovědět“ nelze kombinovat s jinou odpovědí.",
		msgInteger:               "Zadejte celé číslo.",
		msgDecimal:               "Zadejte číslo.",
		msgDate:                  "Zadejte datum (D.M.RRRR nebo RRRR-MM-DD).",
		msgText:                  "Zadejte text.",
		msgNoAnswer:              "Tato položka se nevyplňuje.",
		msgTooLong:               "Text smí mít nejvýše %d znaků; tento má %d. Zkraťte ho.",
		msgBlocked:               "Dál pokračovat nelze.",
		msgPattern:               "Odpověď nemá požadovaný tvar.",
		msgRange:                 "Zadejte číslo od %s do %s po %s.",
		msgDateTime:              "Zadejte datum a čas (D.M.RRRR H:MM nebo RRRR-MM-DD HH:MM).",
		msgTime:                  "Zadejte čas (H:MM).",
		"missing.dont_know":      "nevím",
		"missing.refused":        "odmítl/a odpovědět",
		"missing.not_applicable": "netýká se",
	},
	"en": {
		msgRequired:              "An answer is required.",
		msgConstraint:            "The answer is outside the allowed range.",
		msgNotOption:             "Choose one of the options offered.",
		msgMissingAlone:          "\"Don't know\" or \"refused\" cannot be combined with another answer.",
		msgInteger:               "Enter a whole number.",
		msgDecimal:               "Enter a number.",
		msgDate:                  "Enter a date (D.M.YYYY or YYYY-MM-DD).",
		msgText:                  "Enter a text.",
		msgNoAnswer:              "This item takes no answer.",
		msgTooLong:               "A text may have at most %d characters; this one has %d. Shorten it.",
		msgBlocked:               "The interview cannot go on from here.",
		msgPattern:               "The answer does not have the form asked for.",
		msgRange:                 "Enter a number from %s to %s in steps of %s.",
		msgDateTime:              "Enter a date and time (D.M.YYYY H:MM or YYYY-MM-DD HH:MM).",
		msgTime:                  "Enter a time (H:MM).",
		"missing.dont_know":      "don't know",
		"missing.refused":        "refused",
		"missing.not_applicable": "not applicable",
	},
}

// messageLang picks the language for built-in messages: lang, else the
// questionnaire's default language, else English.
func (q *Questionnaire) messageLang(lang string) string {
	if lang == "" {
		lang = q.DefaultLanguage()
	}
	if _, ok := builtinMessages[lang]; ok {
		return lang
	}
	return "en"
}

func builtin(lang, key string) string {
	if m, ok := builtinMessages[lang][key]; ok {
		return m
	}
	return builtinMessages["en"][key]
}
