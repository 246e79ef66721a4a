package xlsform

import (
	"strings"
	"testing"

	"anketa/questionnaire"
)

// sheetsFrom reads the fuzzer's text as a workbook: sheets survey, choices
// and settings separated by \x00, rows by \n, cells by \t.
func sheetsFrom(s string) *workbook {
	wb := &workbook{}
	for i, part := range strings.SplitN(s, "\x00", 3) {
		sh := &sheet{name: []string{"survey", "choices", "settings"}[i]}
		for _, line := range strings.Split(part, "\n") {
			sh.rows = append(sh.rows, strings.Split(line, "\t"))
		}
		wb.names = append(wb.names, sh.name)
		switch i {
		case 0:
			wb.survey = sh
		case 1:
			wb.choices = sh
		case 2:
			wb.settings = sh
		}
	}
	return wb
}

// FuzzConvert feeds sheets of any content to the converter. Whatever it
// accepts must load from its own YAML to the same questionnaire; whatever
// it refuses must be refused with positions in the file.
//
//	go test -run - -fuzz FuzzConvert -fuzztime 5m -parallel 1 ./questionnaire/xlsform
func FuzzConvert(f *testing.F) {
	f.Add("type\tname\tlabel\ntext\ta\tA")
	f.Add("type\tname\tlabel::Czech (cs)\tlabel:English\trelevant\nselect one from Yes.No\tQ.1\tAno?\tYes?\t\ninteger\tB\tB\tB\t${Q.1} = '1'\x00list name\tname\tlabel::cs\tregion\nYes.No\t1\tano\tx\x00form_id\tversion\tdefault_language\nf\t1\tEnglish")
	f.Add("type\tname\tlabel\tappearance\nbegin group\tg\tG\ttable-list\nselect_one l\th\tH\tlabel\nselect_one l\ta\tA\nend group\x00list_name\tname\tlabel\tmissing\tfavorable\nl\t1\tone\t\tyes\nl\t9\tdk\tdont_know")
	f.Add("type\tname\tlabel\tcalculation\tconstraint\nstart\tstart\ncalculate\tc\t\tpulldata('a','b')\ntext\tt\t${start}\t\t. <= ${today}\ntoday\ttoday\nbegin_repeat\tr\nend_repeat\nend group")
	f.Add("type\tname\tlabel\tchoice_filter\nselect_multiple l or_other\tm\tM\tRegion = 'a' and (x or y)\x00list_name\tname\tlabel\tRegion\nl\ta\t\"A\"\t'\\")
	// what ODK and KoboToolbox workbooks hold
	f.Add("type\tname\tlabel::Bahasa Indonesia (Indonesian)\tbind:relevant\tdefault\tparameters\ninteger\ta\tA\t\t${last-saved#a}\nrange\tr\tR\t${a} = 1 and (${a} mod(2) = 1)\t\tstart=0 end=1 step=0.25\ndatetime\tw\tW\t\tnow()\nhidden\th\t\t\tx\nacknowledge\tok\tOK\nnote\t\tHello\ntime\tt\tT\t../inputs/a")
	f.Add("type\tname\tlabel\tchoice_filter\tcalculation\trequired\nbegin group\tg1\tG\nselect one states\ts\tS\nend group\nbegin group\tg2\tG\nselect_one counties\ts\tC\tstate=${s}\nend group\nnote\tn\tN\t\t${a} + 1\tyes\nselect_one states or specify other\tx\tX\t\tjr:choice-name('texas', '${x}')\x00list_name\tname\tlabel\tstate\nstates\ttexas\tTexas\ncounties\tking\tKing\ttexas\ncounties\tking\tKing\twa\ncounties\tNew York\tNY\x00form_id\tversion\tallow_choice_duplicates\nmsna: 2024 v2\t2021-09-14 21:07:12\tyes")
	f.Add("type\tname\tlabel\nphoto\tp\tP\ngps\tg\tG\nimei\ti\nbegin loop over l\tl\tL\ntext\tt\tT\nend loop\nselect_one_external w\tw\tW\nbegin group\te\tE\nend group")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4000 {
			return
		}
		for _, lenient := range []bool{false, true} {
			res, err := convert("fuzz.xlsx", sheetsFrom(s), Options{Lenient: lenient})
			if err != nil {
				for _, line := range strings.Split(err.Error(), "\n") {
					if !strings.HasPrefix(line, "fuzz.xlsx") {
						t.Fatalf("error without the file: %q", line)
					}
				}
				continue
			}
			again, err := questionnaire.Parse("fuzz.yaml", res.YAML)
			if err != nil {
				t.Fatalf("the YAML of an accepted workbook does not load: %v\n%s", err, res.YAML)
			}
			if describe(again) != describe(res.Questionnaire) {
				t.Fatalf("the YAML loads differently\n%s", res.YAML)
			}
		}
	})
}

// FuzzImport feeds bytes to the whole importer, the .xlsx reader
// included; it must never panic or hang.
func FuzzImport(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Add(book(f, survey(r("type", "name", "label"), r("text", "a", "A"))))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Import("fuzz.xlsx", data, Options{})
		if err == nil && res.Questionnaire == nil {
			t.Fatal("no error and no questionnaire")
		}
	})
}
