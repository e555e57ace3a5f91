package source

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// yamlTags lists the yaml keys of struct type t's fields.
func yamlTags(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]; tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	return keys
}

func TestKnownKeysAreTheStructTags(t *testing.T) {
	assert.Equal(t, yamlTags(reflect.TypeFor[FrontMatter]()), strings.Split(frontMatterKeys, ", "))
}

// go-yaml names one of several unknown keys at random; docproof names the
// first in the file, every time.
func TestFirstUnknownKeyIsReported(t *testing.T) {
	cases := []struct {
		name, yaml, want string
		line             int
	}{
		{"two unknown", "title: T\nzeta: 1\nalpha: 2\n", `unknown field "zeta"`, 2},
		{"other order", "alpha: 2\nzeta: 1\n", `unknown field "alpha"`, 1},
		{"three unknown", "y2a: 1\n01c: 2\nmm: 3\n", `unknown field "y2a"`, 1},
		{"quoted key", "\"Colour\": red\nsize: 2\n", `unknown field "Colour"`, 1},
		{"single pair", "colour: red\n", `unknown field "colour"`, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for range 30 {
				var fm FrontMatter
				diags := decodeFrontMatter("content/p.md", []byte(c.yaml), &fm)
				require.Len(t, diags, 1)
				assert.Equal(t, "front matter: "+c.want, diags[0].Message)
				assert.Equal(t, 1+c.line, diags[0].Line, "the front matter starts on line 2")

			}
		})
	}
}

func TestUnknownKeyErrorWithoutMapping(t *testing.T) {
	for _, data := range []string{"", "- a\n- b\n", "just text\n", "a: [\n"} {
		_, _, ok := UnknownKey([]byte(data), []string{"title"})
		assert.False(t, ok, "%q", data)
	}
}
