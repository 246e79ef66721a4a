package expr

import "testing"

// TestResultKind pins what a calculation is typed as in the export: the
// kind every evaluation gives, or unknown where it depends on the answers.
func TestResultKind(t *testing.T) {
	refs := map[string]Kind{"n": Number, "code": String, "day": Date}
	for _, c := range []struct {
		src  string
		want Kind
		ok   bool
	}{
		{"if(${code} >= 4 and ${code} <= 5, 1, 0)", Number, true},
		{"if(${n} > 3, 1, '')", Number, true},
		{"if(${n} > 3, '', 'x')", String, true},
		{"if(${n} > 3, 1, 'x')", String, false},
		{"${n} * 2 + 1", Number, true},
		{"-${n}", Number, true},
		{"${a} div 2", Number, true},
		{"${n} mod 2", Number, true},
		{"count-selected(${code})", Number, true},
		{"round(${n}, 1)", Number, true},
		{"${n} > 3", Bool, true},
		{"selected(${code}, '1') or ${n} = 2", Bool, true},
		{"not(true())", Bool, true},
		{"regex(${code}, '^a')", Bool, true},
		{"concat(${code}, 'x')", String, true},
		{"substr(${code}, 1)", String, true},
		{"today()", Date, true},
		{"${day}", Date, true},
		{"coalesce(${n}, 0)", Number, true},
		{"coalesce(${n}, ${code})", String, false},
		{"${unknown}", String, false},
		{"'text'", String, true},
		{"3.5", Number, true},
	} {
		e, err := Parse(c.src)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		got, ok := e.ResultKind(func(r *Ref) (Kind, bool) {
			k, ok := refs[r.Name]
			return k, ok
		})
		if ok != c.ok || ok && got != c.want {
			t.Errorf("%s: kind %d known %v, want %d known %v", c.src, got, ok, c.want, c.ok)
		}
	}
}
