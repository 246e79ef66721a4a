package xlsform

import (
	"regexp"
	"strings"
)

// languageNames maps the language names seen in XLSForm headers
// (label::English) to codes. A header may always give the code itself in
// parentheses, label::Lingala (ln), which is ODK's recommended spelling.
var languageNames = map[string]string{
	"arabic": "ar", "czech": "cs", "čeština": "cs", "cestina": "cs", "german": "de", "deutsch": "de",
	"english": "en", "spanish": "es", "español": "es", "french": "fr", "français": "fr",
	"hungarian": "hu", "italian": "it", "polish": "pl", "polski": "pl", "portuguese": "pt",
	"romanian": "ro", "russian": "ru", "slovak": "sk", "slovenčina": "sk",
	"swahili": "sw", "ukrainian": "uk", "українська": "uk", "vietnamese": "vi", "tiếng việt": "vi",
}

// codeNames is the name written for a code in the headers of an exported
// workbook: label::Czech (cs).
var codeNames = map[string]string{
	"ar": "Arabic", "cs": "Czech", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
	"hu": "Hungarian", "it": "Italian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
	"ru": "Russian", "sk": "Slovak", "sw": "Swahili", "uk": "Ukrainian", "vi": "Vietnamese",
}

var codeInParens = regexp.MustCompile(`\(\s*([A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)\s*\)\s*$`)

// languageCode returns the code of a language as a header writes it:
// "Czech (cs)", "cs", "English". guessed is true when the code was made
// from an unknown name ("Lingala" -> "lingala"); ok is false when nothing
// usable could be made.
func languageCode(written string) (code string, guessed, ok bool) {
	if m := codeInParens.FindStringSubmatch(written); m != nil {
		return strings.ToLower(m[1]), false, true
	}
	low := strings.ToLower(strings.TrimSpace(written))
	if c, known := languageNames[low]; known {
		return c, false, true
	}
	letters := true
	for _, r := range low {
		if !(r >= 'a' && r <= 'z' || r == '-') {
			letters = false
		}
	}
	switch {
	case letters && len(low) >= 2 && len(low) <= 3:
		return low, false, true
	case letters && len(low) >= 2 && len(low) <= 12 && low[0] != '-':
		return low, true, true
	}
	return "", false, false
}

// header writes a translated column's header for code: label::Czech (cs).
func header(key, code string) string {
	if code == "" {
		return key
	}
	if n, ok := codeNames[code]; ok {
		return key + "::" + n + " (" + code + ")"
	}
	return key + "::" + code
}
