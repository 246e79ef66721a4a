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
	"indonesian": "id", "bahasa indonesia": "id", "bahasa": "id", "malay": "ms", "bahasa melayu": "ms",
	"hindi": "hi", "bengali": "bn", "bangla": "bn", "urdu": "ur", "nepali": "ne", "pashto": "ps", "dari": "prs",
	"persian": "fa", "farsi": "fa", "turkish": "tr", "kurdish": "ku", "hebrew": "he", "amharic": "am",
	"tigrinya": "ti", "oromo": "om", "somali": "so", "hausa": "ha", "yoruba": "yo", "igbo": "ig",
	"kinyarwanda": "rw", "kirundi": "rn", "lingala": "ln", "chichewa": "ny", "luganda": "lg", "zulu": "zu",
	"chinese": "zh", "japanese": "ja", "korean": "ko", "thai": "th", "khmer": "km", "burmese": "my",
	"lao": "lo", "tagalog": "tl", "filipino": "fil", "tetum": "tet", "tok pisin": "tpi", "dutch": "nl",
	"greek": "el", "bulgarian": "bg", "serbian": "sr", "croatian": "hr", "bosnian": "bs", "albanian": "sq",
	"armenian": "hy", "georgian": "ka", "azerbaijani": "az", "kazakh": "kk", "uzbek": "uz", "tajik": "tg",
	"kyrgyz": "ky", "mongolian": "mn", "haitian creole": "ht", "creole": "ht", "quechua": "qu",
	"roma": "rom", "romani": "rom", "romština": "rom", "slovenian": "sl", "lithuanian": "lt", "latvian": "lv",
	"estonian": "et", "finnish": "fi", "swedish": "sv", "norwegian": "no", "danish": "da",
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
	low := strings.ToLower(strings.Join(strings.Fields(written), " "))
	if c, known := languageNames[low]; known {
		return c, false, true
	}
	// "Bahasa Indonesia (Indonesian)": a name in the parentheses, or before them
	if base, paren, ok := strings.Cut(low, "("); ok {
		paren = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(paren), ")"))
		if c, known := languageNames[paren]; known {
			return c, false, true
		}
		low = strings.TrimSpace(base)
		if c, known := languageNames[low]; known {
			return c, false, true
		}
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
	// Any other text names the language: its code is made of its letters,
	// "Tok Pisin" -> "tok-pisin".
	var b strings.Builder
	for _, w := range strings.FieldsFunc(low, func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	code = strings.Trim(b.String()[:min(b.Len(), 12)], "-")
	if len(code) >= 2 {
		return code, true, true
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
