package expr

import (
	"slices"
	"testing"
)

func TestReferences(t *testing.T) {
	for _, tc := range []struct {
		src    string
		inExpr bool
		want   []Reference
	}{
		{"Hodnotil/a jste „${celkove}“.", false, []Reference{{"celkove", 19, 29, true}}},
		{"${a} and ${ b }", false, []Reference{{"a", 0, 4, true}, {"b", 9, 15, true}}},
		{"'${a}' = ${b}", true, []Reference{{"b", 9, 13, true}}},
		{"'${a}' = ${b}", false, []Reference{{"a", 1, 5, true}, {"b", 9, 13, true}}},
		{"cost ${x", false, []Reference{{"x", 5, 8, false}}},
		{"$ {x} $", false, nil},
	} {
		got := slices.Collect(References(tc.src, tc.inExpr))
		if !slices.Equal(got, tc.want) {
			t.Errorf("References(%q, %v) = %+v, want %+v", tc.src, tc.inExpr, got, tc.want)
		}
	}
	if got := Replace("a ${x} b ${y", false, func(n string) string { return "<" + n + ">" }); got != "a <x> b ${y" {
		t.Errorf("Replace: %q", got)
	}
}
