package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// words are the report's own texts, in Czech and English; the
// questionnaire's labels come in the report's language from the
// questionnaire itself.
var words = map[string]map[string]string{
	"en": {
		"report":                  "Results report",
		"questionnaire":           "Questionnaire",
		"versions":                "Versions",
		"period":                  "Interviews started",
		"counted":                 "Counted",
		"completed":               "completed sessions only; in-progress and abandoned ones are left out",
		"all":                     "all sessions: completed, in progress and abandoned",
		"notcounted":              "Not counted",
		"sessions":                "sessions",
		"made":                    "Made",
		"zone":                    "Days and periods in the time zone",
		"stores":                  "stores",
		"howto":                   "How to read this report",
		"howto1":                  "Every figure comes with its 95% confidence interval: the range in which the true value for all clients lies, given how many were asked. Where the intervals of two groups overlap widely, the data cannot tell them apart.",
		"howto2":                  "Favorable share: the share of answers at the good end of the scale (on the school scale grades 1 and 2); unfavorable share: the other end (4 and 5). Means are of the codes. Don't know, refused and skipped answers are left out of means and shares and counted apart.",
		"howto3":                  "Groups with fewer than 30 answers are too few to interpret: their intervals are hatched and grey. Under 100 answers, figures are indicative.",
		"summary":                 "Summary: the scale questions",
		"question":                "Question",
		"n":                       "n",
		"favorable":               "Favorable",
		"unfavorable":             "Unfavorable",
		"mean":                    "Mean",
		"missing":                 "Missing",
		"dont_know":               "don't know",
		"refused":                 "refused",
		"not_applicable":          "not applicable",
		"skipped":                 "skipped",
		"distribution":            "Distribution",
		"results":                 "Results by question",
		"number":                  "n, mean, median, quartiles",
		"median":                  "Median",
		"quartiles":               "Quartiles",
		"earliest":                "Earliest",
		"summarytitle":            "In brief",
		"s_overall":               "Interviews: %[1]d, from %[2]s to %[3]s. %[4]s (%[5]s–%[6]s) answered %[7]s favorably (%[8]s).",
		"s_reliability":           "(%s)",
		"s_aspect":                "%s (ρ %s, %s favorable)",
		"s_priority":              "Improve first: %s. It goes with the overall grade more closely than the other aspects and does worse than they do.",
		"s_nopriority":            "No aspect is shown to be both important and worse than the others: the data name no priority.",
		"s_group":                 "%s %s (%s, n=%d)",
		"s_standout":              "On %s: %s.",
		"s_nostandout":            "By %s, no group differs from the whole on %s by more than chance allows.",
		"s_changed":               "After %s: %s.",
		"s_changefew":             "Before and after %s: too few answers on a side to compare.",
		"s_nochange":              "After %s no question shows a change that holds up.",
		"s_response":              "At %d workplaces fewer than half of the clients approached were interviewed: their answers may not speak for their clients.",
		"s_response1":             "At 1 workplace fewer than half of the clients approached were interviewed: its answers may not speak for its clients.",
		"s_response2":             "At %d workplaces fewer than half of the clients approached were interviewed: their answers may not speak for their clients.",
		"s_few":                   "Too few answers to interpret (under 30): %s.",
		"s_short":                 "%d interviews were too short to count without a look (listed at the end).",
		"s_short1":                "1 interview was too short to count without a look (listed at the end).",
		"s_short2":                "%d interviews were too short to count without a look (listed at the end).",
		"s_noapproach":            "No approach was logged, so the report cannot say who declined to answer.",
		"s_cannot":                "What the data cannot tell: why clients answered as they did; a difference between groups or periods shows that they differ, not why.",
		"control":                 "Control chart: %s, per %s",
		"s_signals":               "The control chart of %s shows special causes: %s.",
		"controlhow":              "The favorable share of each period, with the centre line (the share over the periods) and the limits within which chance alone keeps nearly every period (3 standard errors, from each period's own n). The limits are computed again from each measure's date onward. Special causes: a period outside the limits, 7 or more in a row on one side of the centre, 6 or more each rising or each falling. * marks a period the data only partly cover.",
		"nosignal":                "no special cause: the periods vary as chance alone would make them",
		"sig_outside_up":          "%s: above the limits",
		"sig_outside_down":        "%s: below the limits",
		"sig_run_up":              "%s: 7 or more periods in a row above the centre",
		"sig_run_down":            "%s: 7 or more periods in a row below the centre",
		"sig_trend_up":            "%s: 6 or more periods each higher than the one before",
		"sig_trend_down":          "%s: 6 or more periods each lower than the one before",
		"limits":                  "limits",
		"from_measure":            "limits from measure %s",
		"drivers":                 "What to improve first",
		"measures":                "Measures",
		"effects":                 "Effect of the measures",
		"effecthow":               "Before and after each measure, over equal windows, at the workplaces it affects; where other workplaces exist, their change over the same days is subtracted (difference-in-differences), so that what changed everywhere is not credited to the measure. Intervals 95%, widened by the design effect; Holm-corrected within each measure; a verdict needs 30 effective answers on every side.",
		"e_head":                  "%s, from %s (%s): %d days before and after, %s to %s",
		"s_more":                  "and %d more questions",
		"s_more1":                 "and one more question",
		"s_more2":                 "and %d more questions",
		"e_better":                "improved: share of %s %s%s",
		"e_worse":                 "worsened: share of %s %s%s",
		"e_unconfirmed":           "share of %s: %s%s, not confirmed after Holm's correction",
		"e_none":                  "no detectable change%s",
		"e_against":               " against the other workplaces",
		"e_mean":                  "mean grade %s",
		"e_sides":                 "affected %s → %s; elsewhere %s → %s",
		"e_side":                  "%s → %s",
		"e_places":                "each workplace",
		"e_nowindow":              "no days on one side of the measure: not judged",
		"s_effect":                "After the measure %s (%s), on %s: %s.",
		"allworkplaces":           "all workplaces",
		"funnel":                  "%s side by side",
		"funnelhow":               "Each point is one group's share against its n. The lines are the limits around the share of all groups within which chance alone would keep a group 95 times in 100 (dashed) and 998 times in 1000 (solid); they narrow as n grows. Groups with fewer than 10 answers are left off.",
		"f_above":                 "above the 95% limits",
		"f_below":                 "below the 95% limits",
		"f_far_above":             "above the 99.8% limits",
		"f_far_below":             "below the 99.8% limits",
		"f_none":                  "no group differs from the whole by more than chance allows",
		"drivershow":              "Importance: how closely an aspect's grade goes with the overall grade (Spearman's ρ with its 95% interval). Performance: its favorable share. A priority is more important than the median aspect, shown to matter at all (its interval above zero), and doing worse than the median.",
		"importance":              "Importance",
		"performance":             "Performance",
		"priority":                "priority",
		"nopriority":              "No aspect is both shown to matter and below the median performance.",
		"bounded":                 "cut to the scale",
		"latest":                  "Latest",
		"range":                   "Range",
		"texts":                   "Answers in the clients' words",
		"more":                    "and %d more distinct answers (all in the JSON output)",
		"more1":                   "and 1 more distinct answer (all in the JSON output)",
		"more2":                   "and %d more distinct answers (all in the JSON output)",
		"dkrule":                  "Don't know: its share of the answers to the %d questions that offer it.",
		"dkrule1":                 "Don't know: its share of the answers to the 1 question that offers it.",
		"dkrule2":                 "Don't know: its share of the answers to the %d questions that offer it.",
		"shortlist":               "Too-short interviews",
		"shortmore":               "and %d more (all in the JSON output)",
		"shortmore1":              "and 1 more (all in the JSON output)",
		"shortmore2":              "and %d more (all in the JSON output)",
		"started":                 "started",
		"by":                      "By %s",
		"byperiod":                "By %s",
		"week":                    "week",
		"month":                   "month",
		"quarter":                 "quarter",
		"weighted":                "Weighted to the clients who came",
		"weightedhow":             "Post-stratified by workplace and %s to the visits counted in %s: each interview weighs the clients of its workplace and period it stands for (wₕ = Nₕ/nₕ). Only the figures in this section, and the summary's sentence on them, are weighted; the rest of the report describes the interviews as they were made. Kish's design effect of the weights n·Σw²/(Σw)² says how much precision they cost; the intervals carry it and the design effect of clustering.",
		"w_head":                  "weighted",
		"w_unweighted":            "unweighted",
		"w_uncounted":             "Interviews in strata the file does not count (%s): %s.",
		"w_drop":                  "left out of the weighted figures",
		"w_as-sampled":            "weighed 1 each, as sampled",
		"w_unrepresented":         "Counted clients without a single interview, whom the weighted figures cannot speak for: %s.",
		"s_weighted":              "Weighted to the clients who came (%s): %s (%s–%s).",
		"trends":                  "Trends: the favorable share per %s",
		"trendhow":                "Every scale question on one axis, 0–100 %%, overall (thick, with its 95%% interval) and per %s; * marks a period the data cover only in part; dashed red lines are the measures. Periods with fewer than 10 answers are left out.",
		"group":                   "Group",
		"favchart":                "Favorable share with 95% interval",
		"meanchart":               "Mean with 95% interval",
		"compare":                 "Before and after %s",
		"before":                  "before",
		"after":                   "after",
		"difference":              "Difference",
		"p":                       "p",
		"pholm":                   "p (Holm)",
		"verdict":                 "In words",
		"test":                    "Test: two-proportion z-test on the favorable share (Fisher's exact test where an expected count is below 5) and Welch's t-test on the mean, two-sided; Holm's correction across all of them together. A change is stated only where its 95% interval excludes none and the corrected p is below 0.05. Fewer than 30 answers on a side: not compared. Differences with 95% intervals (Newcombe for shares, Welch for means).",
		"v_none":                  "share of %s: no detectable change",
		"v_rose":                  "share of %s rose by %s points",
		"v_fell":                  "share of %s fell by %s points",
		"v_unconfirmed":           "share of %s: %s points, not confirmed after Holm's correction",
		"v_few":                   "too few to compare (fewer than 30 answers on a side)",
		"m_none":                  "mean: no detectable change",
		"m_rose":                  "the mean rose by %s",
		"m_fell":                  "the mean fell by %s",
		"m_unconfirmed":           "mean: %s, not confirmed after Holm's correction",
		"m_better":                "better",
		"m_worse":                 "worse",
		"response":                "Who was asked: response rates",
		"responsehow":             "How to read the response rates",
		"responsedef":             "Every client approached is logged. I complete interviews, P partial (broken off), R refusals, NC could not be approached, O other (a language barrier); the not eligible (staff, interviewed already, under age) are left out. RR1 = I/(I+P+R+NC+O), RR2 = (I+P)/(I+P+R+NC+O), REF1 = R/(I+P+R+NC+O), CON1 = (I+P+R+O)/(I+P+R+O+NC); unknown eligibility is none at a counter. After AAPOR Standard Definitions, 10th edition (2023). A low rate means the answers may not speak for the clients who passed.",
		"workplace":               "workplace",
		"approached":              "approached",
		"noteligible":             "not eligible",
		"every":                   "every",
		"visitors":                "est. visitors",
		"day":                     "day",
		"lowresponse":             "%s: response rate RR1 %s, below %s; the answers may not speak for its clients.",
		"fieldwork":               "Fieldwork quality",
		"interviewer":             "Interviewer",
		"interviews":              "Interviews",
		"days":                    "Days",
		"perday":                  "Per day",
		"maxday":                  "Most in a day",
		"duration":                "Median length",
		"short":                   "Too short",
		"dk":                      "Don't know",
		"shortrule":               "Too short: %s. Such interviews may not have been conducted as intended; look into them before counting them.",
		"shortauto":               "under %s s, that is %d s for each of the %d questions every interview asks",
		"shortgiven":              "under %s s",
		"perdaychart":             "Interviews per day",
		"toofew":                  "too few to interpret",
		"suppressed":              "fewer than 10: not shown",
		"design":                  "Clustered interviews",
		"effn":                    "effective n",
		"cluster_interviewer-day": "interviewer-day",
		"cluster_day":             "day",
		"cluster_interviewer":     "interviewer",
		"designhow":               "Interviews by the same %s resemble one another: %d clusters of %s interviews on average. The intra-class correlation (ICC, ANOVA estimator) gives the design effect deff = 1 + (m̄ − 1)·ICC; every interval in this report is widened by √deff, and the honesty marks go by the effective n = n / deff (Kish 1965). Shares and means of fewer than 10 answers are not shown.",
		"indicative":              "indicative",
		"problems":                "Problems with the inputs",
		"noanswer":                "(no answer)",
		"bymode":                  "Who answered",
		"mode_interviewer":        "with the interviewer",
		"mode_self":               "the client alone",
		"allsessions":             "All sessions",
		"min":                     "min",
		"s":                       "s",
		"to":                      "to",
		"in_progress":             "in progress",
		"abandoned":               "abandoned",
		"rejected":                "rejected in review",
	},
	"cs": {
		"report":                  "Zpráva o výsledcích",
		"questionnaire":           "Dotazník",
		"versions":                "Verze",
		"period":                  "Rozhovory zahájené",
		"counted":                 "Započteno",
		"completed":               "jen dokončené rozhovory; přerušené (lze v nich pokračovat) a ukončené nedokončené nejsou započteny",
		"all":                     "všechny rozhovory: dokončené, přerušené i ukončené nedokončené",
		"notcounted":              "Nezapočteno",
		"sessions":                "rozhovorů",
		"made":                    "Vytvořeno",
		"zone":                    "Dny a období v časovém pásmu",
		"stores":                  "úložišť",
		"howto":                   "Jak číst tuto zprávu",
		"howto1":                  "Každý údaj má 95% interval spolehlivosti: rozmezí, ve kterém leží skutečná hodnota za všechny klienty vzhledem k počtu dotázaných. Kde se intervaly dvou skupin výrazně překrývají, data je od sebe neodliší.",
		"howto2":                  "Podíl příznivých odpovědí: podíl odpovědí na dobrém konci škály (ve školní stupnici známky 1 a 2, u složitosti „velmi“ a „spíše jednoduché“); podíl nepříznivých: druhý konec (4 a 5). Průměry jsou průměry kódů. Odpovědi nevím, odmítl a vynechané se do průměrů a podílů nepočítají a jsou uvedeny zvlášť.",
		"howto3":                  "Skupiny s méně než 30 odpověďmi jsou příliš malé pro interpretaci: jejich intervaly jsou šrafované a šedé. Pod 100 odpověďmi jsou údaje orientační.",
		"summary":                 "Shrnutí: otázky se škálou",
		"question":                "Otázka",
		"n":                       "n",
		"favorable":               "Příznivé",
		"unfavorable":             "Nepříznivé",
		"mean":                    "Průměr",
		"missing":                 "Chybějící",
		"dont_know":               "nevím",
		"refused":                 "odmítl/a",
		"not_applicable":          "netýká se",
		"skipped":                 "vynecháno",
		"distribution":            "Rozložení",
		"results":                 "Výsledky po otázkách",
		"number":                  "n, průměr, medián, kvartily",
		"median":                  "Medián",
		"quartiles":               "Kvartily",
		"earliest":                "Nejdříve",
		"summarytitle":            "Stručně",
		"s_overall":               "Rozhovorů: %[1]d, od %[2]s do %[3]s. Příznivě (%[8]s) odpovědělo na otázku %[7]s %[4]s (%[5]s–%[6]s).",
		"s_reliability":           "(%s)",
		"s_aspect":                "%s (ρ %s, příznivě %s)",
		"s_priority":              "Nejdřív zlepšit: %s. Souvisí s celkovou známkou těsněji než ostatní oblasti a vede si hůř než ony.",
		"s_nopriority":            "Žádná oblast není prokazatelně zároveň důležitá a horší než ostatní: data prioritu neurčují.",
		"s_group":                 "%s %s (%s, n=%d)",
		"s_standout":              "U otázky %s: %s.",
		"s_nostandout":            "Podle %s se v otázce %s žádná skupina neliší od celku víc, než dovoluje náhoda.",
		"s_changed":               "Po %s: %s.",
		"s_changefew":             "Před a po %s: na jedné straně je příliš málo odpovědí pro srovnání.",
		"s_nochange":              "Po %s žádná otázka neukazuje prokazatelnou změnu.",
		"s_response":              "Na %d pracovištích byla dotázána méně než polovina oslovených klientů: jejich odpovědi nemusejí mluvit za jejich klienty.",
		"s_response1":             "Na 1 pracovišti byla dotázána méně než polovina oslovených klientů: jeho odpovědi nemusejí mluvit za jeho klienty.",
		"s_response2":             "Na %d pracovištích byla dotázána méně než polovina oslovených klientů: jejich odpovědi nemusejí mluvit za jejich klienty.",
		"s_few":                   "Příliš málo odpovědí pro interpretaci (pod 30): %s.",
		"s_short":                 "%d rozhovorů bylo příliš krátkých, než aby se daly započítat bez prověření (seznam na konci).",
		"s_short1":                "1 rozhovor byl příliš krátký, než aby se dal započítat bez prověření (seznam na konci).",
		"s_short2":                "%d rozhovory byly příliš krátké, než aby se daly započítat bez prověření (seznam na konci).",
		"s_noapproach":            "Oslovení se nezapisovala, takže zpráva neřekne, kdo odpovídat odmítl.",
		"s_cannot":                "Co data neřeknou: proč klienti odpověděli, jak odpověděli; rozdíl mezi skupinami nebo obdobími ukazuje, že se liší, ne proč.",
		"control":                 "Regulační diagram: %s, po obdobích (%s)",
		"s_signals":               "Regulační diagram otázky %s ukazuje zvláštní příčiny: %s.",
		"controlhow":              "Podíl příznivých odpovědí v každém období, se střední čarou (podíl za všechna období) a mezemi, v nichž náhoda sama udrží téměř každé období (3 směrodatné chyby, z počtu odpovědí daného období). Od data každého opatření se meze počítají znovu. Zvláštní příčiny: období mimo meze, 7 a více po sobě na jedné straně střední čáry, 6 a více po sobě stoupajících nebo klesajících. * značí období, které data pokrývají jen zčásti.",
		"nosignal":                "žádná zvláštní příčina: období kolísají tak, jak by kolísala samou náhodou",
		"sig_outside_up":          "%s: nad mezí",
		"sig_outside_down":        "%s: pod mezí",
		"sig_run_up":              "%s: 7 a více období po sobě nad střední čarou",
		"sig_run_down":            "%s: 7 a více období po sobě pod střední čarou",
		"sig_trend_up":            "%s: 6 a více období po sobě, každé výš než předchozí",
		"sig_trend_down":          "%s: 6 a více období po sobě, každé níž než předchozí",
		"limits":                  "meze",
		"from_measure":            "meze od opatření %s",
		"drivers":                 "Co zlepšit nejdřív",
		"measures":                "Opatření",
		"effects":                 "Účinek opatření",
		"effecthow":               "Před a po každém opatření ve stejně dlouhých obdobích na pracovištích, kterých se týká; kde jsou i jiná pracoviště, odečítá se jejich změna za tytéž dny (rozdíl rozdílů), aby se opatření nepřičetlo, co se změnilo všude. Intervaly 95 %, rozšířené o design efekt; Holmova korekce v rámci každého opatření; závěr vyžaduje 30 efektivních odpovědí na každé straně.",
		"e_head":                  "%s, od %s (%s): %d dní před a po, %s až %s",
		"s_more":                  "a dalších %d otázek",
		"s_more1":                 "a ještě jedna otázka",
		"s_more2":                 "a další %d otázky",
		"e_better":                "zlepšení: podíl odpovědí %s %s%s",
		"e_worse":                 "zhoršení: podíl odpovědí %s %s%s",
		"e_unconfirmed":           "podíl odpovědí %s: %s%s, po Holmově korekci nepotvrzeno",
		"e_none":                  "žádná prokazatelná změna%s",
		"e_against":               " oproti ostatním pracovištím",
		"e_mean":                  "průměrná známka %s",
		"e_sides":                 "dotčená pracoviště %s → %s; ostatní %s → %s",
		"e_side":                  "%s → %s",
		"e_places":                "jednotlivá pracoviště",
		"e_nowindow":              "na jedné straně opatření nejsou žádné dny: neposuzuje se",
		"s_effect":                "Po opatření %s (%s) u otázky %s: %s.",
		"allworkplaces":           "všechna pracoviště",
		"funnel":                  "%s vedle sebe",
		"funnelhow":               "Každý bod je podíl jedné skupiny proti jejímu počtu odpovědí. Čáry jsou meze kolem podílu všech skupin, v nichž by skupinu udržela sama náhoda v 95 případech ze 100 (čárkovaně) a v 998 z 1000 (plně); s rostoucím n se zužují. Skupiny s méně než 10 odpověďmi nejsou zakresleny.",
		"f_above":                 "nad 95% mezí",
		"f_below":                 "pod 95% mezí",
		"f_far_above":             "nad 99,8% mezí",
		"f_far_below":             "pod 99,8% mezí",
		"f_none":                  "žádná skupina se od celku neliší víc, než dovoluje náhoda",
		"drivershow":              "Důležitost: jak těsně známka oblasti souvisí s celkovou známkou (Spearmanovo ρ s 95% intervalem). Výkon: podíl příznivých odpovědí. Priorita je důležitější než prostřední oblast, prokazatelně s celkovou známkou souvisí (interval nad nulou) a vede si hůř než prostřední oblast.",
		"importance":              "Důležitost",
		"performance":             "Výkon",
		"priority":                "priorita",
		"nopriority":              "Žádná oblast není zároveň prokazatelně důležitá a pod mediánem výkonu.",
		"bounded":                 "oříznuto na škálu",
		"latest":                  "Nejpozději",
		"range":                   "Rozsah",
		"texts":                   "Odpovědi slovy klientů",
		"more":                    "a dalších %d různých odpovědí (všechny ve výstupu JSON)",
		"more1":                   "a další 1 různá odpověď (všechny ve výstupu JSON)",
		"more2":                   "a další %d různé odpovědi (všechny ve výstupu JSON)",
		"dkrule":                  "Nevím: podíl této odpovědi mezi odpověďmi na %d otázek, které ji nabízejí.",
		"dkrule1":                 "Nevím: podíl této odpovědi mezi odpověďmi na 1 otázku, která ji nabízí.",
		"dkrule2":                 "Nevím: podíl této odpovědi mezi odpověďmi na %d otázky, které ji nabízejí.",
		"shortlist":               "Příliš krátké rozhovory",
		"shortmore":               "a dalších %d (všechny ve výstupu JSON)",
		"shortmore1":              "a další 1 (všechny ve výstupu JSON)",
		"shortmore2":              "a další %d (všechny ve výstupu JSON)",
		"started":                 "zahájen",
		"by":                      "Podle: %s",
		"byperiod":                "Podle období: %s",
		"week":                    "týden",
		"month":                   "měsíc",
		"quarter":                 "čtvrtletí",
		"weighted":                "Převáženo na klienty, kteří přišli",
		"weightedhow":             "Poststratifikace podle pracoviště a období (%s) na návštěvy spočítané v souboru %s: každý rozhovor váží tolik klientů svého pracoviště a období, za kolik stojí (wₕ = Nₕ/nₕ). Převážené jsou jen údaje v tomto oddílu a věta o nich ve shrnutí; zbytek zprávy popisuje rozhovory, jak byly vedeny. Kishův design efekt vah n·Σw²/(Σw)² říká, kolik přesnosti váhy stojí; intervaly jej zahrnují spolu s design efektem shlukování.",
		"w_head":                  "převážené",
		"w_unweighted":            "nepřevážené",
		"w_uncounted":             "Rozhovory ve skupinách, které soubor nepočítá (%s): %s.",
		"w_drop":                  "vynechány z převážených údajů",
		"w_as-sampled":            "každý s vahou 1, jak byly vybrány",
		"w_unrepresented":         "Spočítaní klienti bez jediného rozhovoru, za něž převážené údaje mluvit nemohou: %s.",
		"s_weighted":              "Převáženo na klienty, kteří přišli (%s): %s (%s–%s).",
		"trends":                  "Vývoj: podíl příznivých odpovědí po obdobích (%s)",
		"trendhow":                "Všechny otázky se škálou na jedné ose 0–100 %%, celkem (silně, s 95%% intervalem) a podle: %s; * značí období, které data pokrývají jen zčásti; čárkované červené čáry jsou opatření. Období s méně než 10 odpověďmi jsou vynechána.",
		"group":                   "Skupina",
		"favchart":                "Podíl příznivých odpovědí s 95% intervalem",
		"meanchart":               "Průměr s 95% intervalem",
		"compare":                 "Před a po %s",
		"before":                  "před",
		"after":                   "po",
		"difference":              "Rozdíl",
		"p":                       "p",
		"pholm":                   "p (Holm)",
		"verdict":                 "Slovy",
		"test":                    "Test: dvouvýběrový z-test podílu příznivých odpovědí (Fisherův přesný test, je-li některá očekávaná četnost pod 5) a Welchův t-test průměru, oboustranné; Holmova korekce přes všechny společně. Změna se uvádí, jen když její 95% interval vylučuje nulu a korigované p je pod 0,05. Méně než 30 odpovědí na jedné straně: nesrovnává se. Rozdíly s 95% intervaly (Newcombe pro podíly, Welch pro průměry).",
		"v_none":                  "podíl odpovědí %s: žádná prokazatelná změna",
		"v_rose":                  "podíl odpovědí %s vzrostl o %s p. b.",
		"v_fell":                  "podíl odpovědí %s klesl o %s p. b.",
		"v_unconfirmed":           "podíl odpovědí %s: %s p. b., po Holmově korekci nepotvrzeno",
		"v_few":                   "příliš málo pro srovnání (méně než 30 odpovědí na jedné straně)",
		"m_none":                  "průměr: žádná prokazatelná změna",
		"m_rose":                  "průměr vzrostl o %s",
		"m_fell":                  "průměr klesl o %s",
		"m_unconfirmed":           "průměr: %s, po Holmově korekci nepotvrzeno",
		"m_better":                "lépe",
		"m_worse":                 "hůře",
		"response":                "Koho jsme se ptali: míra odpovědí",
		"responsehow":             "Jak číst míru odpovědí",
		"responsedef":             "Zapisuje se každý oslovený klient. I dokončené rozhovory, P nedokončené (ukončené), R odmítnutí, NC neosloveni (odešli), O jiné (jazyková bariéra); nezpůsobilí (pracovníci, dnes už dotazovaní, nezletilí) se nepočítají. RR1 = I/(I+P+R+NC+O), RR2 = (I+P)/(I+P+R+NC+O), REF1 = R/(I+P+R+NC+O), CON1 = (I+P+R+O)/(I+P+R+O+NC); neznámá způsobilost u přepážky nenastává. Podle AAPOR Standard Definitions, 10. vydání (2023). Nízká míra znamená, že odpovědi nemusejí mluvit za klienty, kteří přepážkou prošli.",
		"workplace":               "pracoviště",
		"approached":              "osloveno",
		"noteligible":             "nezpůsobilí",
		"every":                   "každý",
		"visitors":                "odhad klientů",
		"day":                     "den",
		"lowresponse":             "%s: míra odpovědí RR1 %s, pod %s; odpovědi nemusejí mluvit za jeho klienty.",
		"fieldwork":               "Kvalita terénní práce",
		"interviewer":             "Tazatel",
		"interviews":              "Rozhovory",
		"days":                    "Dny",
		"perday":                  "Za den",
		"maxday":                  "Nejvíce za den",
		"duration":                "Medián délky",
		"short":                   "Příliš krátké",
		"dk":                      "Nevím",
		"shortrule":               "Příliš krátké: %s. Takové rozhovory možná neproběhly, jak měly; prověřte je, než je započtete.",
		"shortauto":               "pod %s s, tj. %d s na každou z %d otázek, které dostane každý klient",
		"shortgiven":              "pod %s s",
		"perdaychart":             "Rozhovory po dnech",
		"toofew":                  "příliš málo pro interpretaci",
		"suppressed":              "méně než 10: neuvádí se",
		"design":                  "Shlukování rozhovorů",
		"effn":                    "efektivní n",
		"cluster_interviewer-day": "tazatel a den",
		"cluster_day":             "den",
		"cluster_interviewer":     "tazatel",
		"designhow":               "Rozhovory se shodným klíčem (%s) si jsou podobné: %d shluků, v průměru po %s rozhovorech. Vnitrotřídní korelace (ICC, odhad analýzou rozptylu) dává design efekt deff = 1 + (m̄ − 1)·ICC; každý interval v této zprávě je rozšířen o √deff a značky spolehlivosti se řídí efektivním n = n / deff (Kish 1965). Podíly a průměry z méně než 10 odpovědí se neuvádějí.",
		"indicative":              "orientační",
		"problems":                "Problémy se vstupy",
		"noanswer":                "(bez odpovědi)",
		"bymode":                  "Kdo odpovídal",
		"mode_interviewer":        "s tazatelem",
		"mode_self":               "klient sám",
		"allsessions":             "Všechny rozhovory",
		"min":                     "min",
		"s":                       "s",
		"to":                      "až",
		"in_progress":             "přerušené",
		"abandoned":               "ukončené",
		"rejected":                "zamítnuté při kontrole",
	},
}

// tr is a report's vocabulary and number format in one language.
type tr struct {
	lang string
	w    map[string]string
}

func newTr(lang string) tr {
	if _, ok := words[lang]; !ok {
		lang = "en"
	}
	return tr{lang, words[lang]}
}

func (t tr) s(key string) string {
	if s, ok := t.w[key]; ok {
		return s
	}
	return words["en"][key]
}

func (t tr) f(key string, args ...any) string { return fmt.Sprintf(t.s(key), args...) }

// n is key's text for the count n, in the plural form Czech needs:
// key1 for one, key2 for two to four ("2 různé odpovědi"), key for five
// and more and for none ("5 různých odpovědí"). English has the same
// three keys, two of them alike.
func (t tr) n(key string, n int) string {
	form := key
	switch {
	case n == 1:
		form = key + "1"
	case n >= 2 && n <= 4:
		form = key + "2"
	}
	if _, ok := t.w[form]; !ok {
		form = key
	}
	if strings.Contains(t.s(form), "%d") {
		return t.f(form, n)
	}
	return t.s(form)
}

// num writes x with digits decimals, with a decimal comma in Czech.
func (t tr) num(x float64, digits int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	s := strconv.FormatFloat(x, 'f', digits, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // -0.00 is 0.00
	}
	if t.lang == "cs" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// pct writes a share (0..1) as a percentage with one decimal.
func (t tr) pct(x float64) string { return t.pctd(x, 1) }

// pctd writes a share as a percentage with digits decimals: "52,3 %" in
// Czech, "52.3%" in English.
func (t tr) pctd(x float64, digits int) string {
	sp := " "
	if t.lang == "en" {
		sp = ""
	}
	return t.num(100*x, digits) + sp + "%"
}

// share writes a share's estimate, or "–" when there is none (no
// answers on that side).
func (t tr) share(iv *Interval) string {
	if iv == nil {
		return "–"
	}
	return t.pct(iv.Est)
}

// interval writes "52.3 % (48.1–56.4)" for a share, or "1.84 (1.79–1.90)".
func (t tr) interval(iv *Interval, share bool) string {
	if iv == nil {
		return "–"
	}
	if share {
		return t.pct(iv.Est) + " (" + t.num(100*iv.Lo, 1) + "–" + t.num(100*iv.Hi, 1) + ")"
	}
	if math.IsNaN(iv.Lo) {
		return t.num(iv.Est, 2)
	}
	bounded := ""
	if iv.Bounded {
		bounded = ", " + t.s("bounded")
	}
	return t.num(iv.Est, 2) + " (" + t.num(iv.Lo, 2) + "–" + t.num(iv.Hi, 2) + bounded + ")"
}

// diff writes a signed difference with its interval.
func (t tr) diff(iv *Interval, share bool) string {
	if iv == nil {
		return "–"
	}
	scale, digits, unit := 1.0, 2, ""
	if share {
		scale, digits, unit = 100, 1, " p. b."
		if t.lang == "en" {
			unit = " pts"
		}
	}
	sign := func(x float64) string { return t.signed(x*scale, digits) }
	return sign(iv.Est) + unit + " (" + sign(iv.Lo) + " " + t.s("to") + " " + sign(iv.Hi) + ")"
}

// workplaces names the workplaces a measure affects.
func (t tr) workplaces(m *MeasureInfo) string {
	if len(m.Workplaces) == 0 {
		return t.s("allworkplaces")
	}
	return strings.Join(m.Workplaces, ", ")
}

// quote puts a label in the language's quotation marks: „…“ in Czech.
func (t tr) quote(s string) string {
	if t.lang == "cs" {
		return "„" + s + "“"
	}
	return "“" + s + "”"
}

// signed writes x with digits decimals and a + when it is above zero as
// written.
func (t tr) signed(x float64, digits int) string {
	s := t.num(x, digits)
	if x > 0 && strings.Trim(s, "0.,") != "" {
		s = "+" + s
	}
	return s
}

// designHow says how the design effect was found.
func (t tr) designHow(d *Design) string {
	return t.f("designhow", t.s("cluster_"+d.Cluster), d.Clusters, t.num(d.MeanSize, 1))
}

// reliability translates a reliability label.
func (t tr) reliability(r string) string {
	switch r {
	case labelSuppressed:
		return t.s("suppressed")
	case labelTooFew:
		return t.s("toofew")
	case labelIndicative:
		return t.s("indicative")
	}
	return ""
}

// verdict says a comparison's result in words.
func (t tr) verdict(c *Change) string {
	switch c.Kind {
	case "rose":
		return t.f("v_rose", t.quote(c.FavLabel), t.num(100*c.FavDiff.Est, 1))
	case "fell":
		return t.f("v_fell", t.quote(c.FavLabel), t.num(-100*c.FavDiff.Est, 1))
	case "few":
		return t.s("v_few")
	case "unconfirmed":
		return t.f("v_unconfirmed", t.quote(c.FavLabel), t.signed(100*c.FavDiff.Est, 1))
	}
	return t.f("v_none", t.quote(c.FavLabel))
}

// meanVerdict says the mean's result, with whether the change is for the
// better; "" where the mean was not compared.
func (t tr) meanVerdict(c *Change) string {
	better := func(rose bool) string {
		if rose != c.LowerBetter {
			return " (" + t.s("m_better") + ")"
		}
		return " (" + t.s("m_worse") + ")"
	}
	switch c.MeanKind {
	case "none":
		return t.s("m_none")
	case "unconfirmed":
		return t.f("m_unconfirmed", t.signed(c.MeanDiff.Est, 2))
	case "rose":
		return t.f("m_rose", t.num(c.MeanDiff.Est, 2)) + better(true)
	case "fell":
		return t.f("m_fell", t.num(-c.MeanDiff.Est, 2)) + better(false)
	}
	return ""
}

// groupLabel names a breakdown's group, the sessions without an answer
// included.
func (t tr) groupLabel(g *Group) string {
	if g.Key == NoAnswer {
		return t.s("noanswer")
	}
	return g.Label
}

// breakdownTitle heads a breakdown: by a question, or by week or month.
func (t tr) breakdownTitle(r *Report, b *Breakdown) string {
	if b == r.Period {
		return t.f("byperiod", t.s(b.Key))
	}
	return t.f("by", b.Label)
}
