package export

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"anketa/questionnaire"
	"anketa/storage"
)

// version is one questionnaire version found in the inputs.
type version struct {
	q     *questionnaire.Questionnaire
	info  storage.QuestionnaireInfo
	index map[string]int // item name -> index
	items []int          // column -> item index in this version, or -1
	calc  []bool         // column -> whether it is a calculation in this version
	// answerable are the indexes of the items that take answers, in order.
	answerable []int
}

// column is one output column of a question (or calculation); a
// select_multiple also has one 0/1 column per option (dummy).
type column struct {
	name     string
	item     *questionnaire.Item // from the newest version that has it
	typ      questionnaire.Type
	versions []string // the versions it appears in, newest first
	options  []*questionnaire.Option
	dummies  []string // option codes, for select_multiple
	// counts of the values written, for the codebook: by option, and by
	// missing kind (0 skipped, then questionnaire.MissingKind).
	counts  []int
	missing [4]int
	filled  int
	// notAsked counts the empty cells, none the multiple choices answered
	// with no option, maxLen the longest text written, in bytes.
	notAsked, none, maxLen int
	// byByte finds an option with a one-byte code: index+1, or 0.
	byByte [256]uint8
	// missingOf is each option's missing kind, by index.
	missingOf []questionnaire.MissingKind
}

// schema is the merged shape of every version of one questionnaire id.
type schema struct {
	id       string
	versions map[string]*version // by hash
	order    []*version          // newest first
	cols     []*column
	byName   map[string]*column
	others   map[string]int // other questionnaire ids found, with their session counts
}

// buildSchema reads the questionnaire versions of every store, picks the
// questionnaire id to export (want, else the first input's newest), and
// makes the union of columns in the newest version's order, with columns
// only older versions have after them. A store whose questionnaires
// cannot be read, or whose copy of one is damaged, is a problem named in
// problems; another store's sound copy of the same version is used.
func buildSchema(stores []*storage.Store, want string, allowTypeChange bool) (sc *schema, usable []bool, problems []Problem, err error) {
	sc = &schema{versions: map[string]*version{}, byName: map[string]*column{}, others: map[string]int{}}
	usable = make([]bool, len(stores))
	var all []*version
	for k, s := range stores {
		infos, err := s.Questionnaires()
		if err != nil {
			problems = append(problems, Problem{s.Path(), fmt.Errorf("%v; none of its sessions were read", trimPath(err, s.Path()))})
			continue
		}
		usable[k] = true
		var newest *storage.QuestionnaireInfo
		for i, info := range infos {
			if v, ok := sc.versions[info.Hash]; ok {
				if info.Added.Before(v.info.Added) {
					v.info.Added = info.Added
				}
				continue
			}
			sum := sha256.Sum256(info.Source)
			if hex.EncodeToString(sum[:]) != info.Hash {
				problems = append(problems, Problem{s.Path(), fmt.Errorf("questionnaire %s %s kept in the store is damaged (its text does not match its hash); its sessions are read only if another store holds a sound copy", info.ID, info.Version)})
				continue
			}
			q, err := questionnaire.Parse(fmt.Sprintf("%s[%s %s]", s.Path(), info.ID, info.Version), info.Source)
			if err != nil {
				problems = append(problems, Problem{s.Path(), fmt.Errorf("questionnaire %s %s kept in the store does not load: %v", info.ID, info.Version, err)})
				continue
			}
			v := &version{q: q, info: info}
			sc.versions[info.Hash] = v
			all = append(all, v)
			if newest == nil || info.Added.After(newest.Added) {
				newest = &infos[i]
			}
		}
		if want == "" && newest != nil {
			want = newest.ID
		}
	}
	sc.id = want
	for _, v := range all {
		if v.q.ID == sc.id {
			sc.order = append(sc.order, v)
		}
	}
	if len(sc.order) == 0 {
		ids := map[string]bool{}
		for _, v := range all {
			ids[v.q.ID] = true
		}
		if len(ids) == 0 {
			return nil, usable, problems, fmt.Errorf("no readable questionnaire in the inputs")
		}
		return nil, usable, problems, fmt.Errorf("no questionnaire %q in the inputs; they hold: %s", want, strings.Join(slices.Sorted(maps.Keys(ids)), ", "))
	}
	// Newest first: by when first used, then by version text, then hash,
	// so that the order never depends on the order of the inputs.
	sort.Slice(sc.order, func(i, j int) bool {
		a, b := sc.order[i], sc.order[j]
		if !a.info.Added.Equal(b.info.Added) {
			return a.info.Added.After(b.info.Added)
		}
		if a.q.Version != b.q.Version {
			return a.q.Version > b.q.Version
		}
		return a.q.Hash > b.q.Hash
	})
	for _, v := range sc.order {
		for _, it := range v.q.Items {
			if !it.Type.HasValue() {
				continue
			}
			c := sc.byName[it.Name]
			if c == nil {
				c = &column{name: it.Name, item: it, typ: it.Type}
				sc.byName[it.Name] = c
				sc.cols = append(sc.cols, c)
			} else if c.typ != it.Type && !allowTypeChange {
				return nil, usable, problems, fmt.Errorf("question %s is %s in version %s but %s in version %s; rename it in one version, or export with --allow-type-change",
					it.Name, c.typ, c.versions[0], it.Type, v.q.Version)
			}
			c.versions = append(c.versions, v.q.Version)
			if it.List != nil {
				for _, o := range it.List.Options {
					k := slices.IndexFunc(c.options, func(x *questionnaire.Option) bool { return x.Value == o.Value })
					switch {
					case k < 0:
						c.options = append(c.options, o)
					case (c.options[k].Missing == questionnaire.NotMissing) != (o.Missing == questionnaire.NotMissing):
						return nil, usable, problems, fmt.Errorf("question %s: code %s is a missing answer in one version and a valid one in another (versions %s and %s); a code must keep its meaning across versions",
							it.Name, o.Value, c.versions[0], v.q.Version)
					}
				}
			}
		}
	}
	for _, c := range sc.cols {
		c.counts = make([]int, len(c.options))
		for i, o := range c.options {
			c.missingOf = append(c.missingOf, o.Missing)
			if len(o.Value) == 1 && i < 255 {
				c.byByte[o.Value[0]] = uint8(i + 1)
			}
		}
		if c.typ.Info().Columns == questionnaire.ColumnPerOption { // the codes, and a 0/1 column per option
			for _, o := range c.options {
				c.dummies = append(c.dummies, o.Value)
			}
		}
	}
	for _, v := range sc.order {
		v.index = map[string]int{}
		for i, it := range v.q.Items {
			v.index[it.Name] = i
			if it.Type.Answerable() {
				v.answerable = append(v.answerable, i)
			}
		}
		v.items = make([]int, len(sc.cols))
		v.calc = make([]bool, len(sc.cols))
		for ci, c := range sc.cols {
			v.items[ci] = -1
			if i, ok := v.index[c.name]; ok && v.q.Items[i].Type.HasValue() {
				v.items[ci] = i
				v.calc[ci] = v.q.Items[i].Type == questionnaire.Calculate
			}
		}
	}
	return sc, usable, problems, nil
}
