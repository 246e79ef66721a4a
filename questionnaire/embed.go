package questionnaire

import (
	"embed"
	"fmt"
	"strings"
)

//go:embed embedded/*.yaml
var embedded embed.FS

// Embedded is a questionnaire shipped inside the binary.
type Embedded struct {
	Name    string // what to type: spokojenost, prispevek
	Summary string
	file    string
}

// EmbeddedList lists the shipped questionnaires; the first is the default.
var EmbeddedList = []Embedded{
	{"spokojenost", "client satisfaction at a city hall's workplaces (cs, en); the default", "embedded/spokojenost.yaml"},
	{"prispevek", "housing allowance: two questions on the school scale (cs, en)", "embedded/prispevek.yaml"},
}

// EmbeddedSource returns the YAML source of a shipped questionnaire.
func EmbeddedSource(name string) ([]byte, error) {
	for _, e := range EmbeddedList {
		if e.Name == name {
			return embedded.ReadFile(e.file)
		}
	}
	names := make([]string, len(EmbeddedList))
	for i, e := range EmbeddedList {
		names[i] = e.Name
	}
	return nil, fmt.Errorf("no embedded questionnaire %q; there are: %s", name, strings.Join(names, ", "))
}

// LoadEmbedded loads a shipped questionnaire.
func LoadEmbedded(name string) (*Questionnaire, error) {
	src, err := EmbeddedSource(name)
	if err != nil {
		return nil, err
	}
	return Parse("embedded:"+name, src)
}

// Default loads the default questionnaire.
func Default() (*Questionnaire, error) { return LoadEmbedded(EmbeddedList[0].Name) }
