package engine

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"anketa/questionnaire"
	"anketa/storage"
)

// What ODK forms bring to an interview: a start time worked out once and
// kept, a note that blocks while it is relevant, a select its calculation
// answers, and a default worked out when its question is first shown.
const odkForm = `
id: odk
version: "1"
title: ODK
choices:
  yn: [{value: "1", label: ano}, {value: "0", label: ne}]
questions:
  - {name: zacatek, type: calculate, calculation: "once(now())"}
  - {name: vek, type: integer, label: Věk, required: true}
  - {name: stop, type: note, label: Jen dospělí, required: true, required_message: "Rozhovor s nezletilým nelze vést.", relevant: "${vek} < 18"}
  - {name: dospely, type: select_one yn, label: Dospělý?, calculation: "if(${vek} >= 18, 1, 0)"}
  - {name: jmeno, type: text, label: Jméno}
  - {name: osloveni, type: text, label: Oslovení, default: "concat('pan/paní ', ${jmeno})"}
`

func TestODKConstructs(t *testing.T) {
	q, err := questionnaire.Parse("odk.yaml", []byte(odkForm))
	if err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(filepath.Join(t.TempDir(), "anketa.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := &run{t: t, store: &failing{Store: s}, q: q}
	r.start()
	started := ""
	initial := func(name, want string) func(*run) error {
		return func(r *run) error {
			if got := r.iv.Initial(r.item(name)).String(); got != want {
				return fmt.Errorf("%s opens with %q, want %q", name, got, want)
			}
			return nil
		}
	}
	acts := []act{
		{name: "the start time is kept at once", check: func(r *run) error {
			st := r.stored()
			i := strings.Index(st, "zacatek=")
			if i < 0 || !strings.HasPrefix(st[i+len("zacatek="):], "20") {
				return fmt.Errorf("the store holds %s, no start time", st)
			}
			started = strings.Fields(st[i:])[0]
			return nil
		}},
		{name: "a minor", do: submit("vek", questionnaire.IntValue(15)), at: "stop"},
		{name: "the note blocks", do: next, err: "Rozhovor s nezletilým nelze vést.", at: "stop"},
		{name: "finish is refused too", do: func(r *run) error {
			p, err := r.iv.Finish()
			if err == nil && (p == nil || p.Item.Name != "stop") {
				return fmt.Errorf("finish: problem %v", p)
			}
			return err
		}, at: "stop"},
		{name: "back", do: back, at: "vek"},
		{name: "an adult", do: submit("vek", questionnaire.IntValue(30)), at: "dospely"},
		{name: "the calculation answers the select", check: initial("dospely", "1")},
		{name: "it asks nothing", do: next, at: "jmeno"},
		{do: submit("jmeno", questionnaire.TextValue("Novák")), at: "osloveni"},
		{name: "the default is worked out when first shown", check: initial("osloveni", "pan/paní Novák")},
		{do: back, at: "jmeno"},
		{do: submit("jmeno", questionnaire.TextValue("Svoboda")), at: "osloveni"},
		{name: "and only once", check: initial("osloveni", "pan/paní Novák")},
		{name: "the start time stays", do: resume, check: func(r *run) error {
			if st := r.stored(); !strings.Contains(st, started) {
				return fmt.Errorf("the store holds %s, not %s", st, started)
			}
			if v := r.iv.State().Answer(r.item("zacatek")).String(); "zacatek="+v != started {
				return fmt.Errorf("the interview reads %s, the store %s", v, started)
			}
			return nil
		}},
	}
	r.acts(acts)
}
