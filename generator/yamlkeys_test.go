package generator

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/source"
)

// yamlTags lists the yaml keys of struct type t's fields.
func yamlTags(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")
		switch {
		case tag[0] == "" && len(tag) > 1 && tag[1] == "inline":
			keys = append(keys, yamlTags(t.Field(i).Type)...)
		case tag[0] != "" && tag[0] != "-":
			keys = append(keys, tag[0])
		}
	}
	return keys
}

func TestKnownKeysAreTheStructTags(t *testing.T) {
	assert.Equal(t, yamlTags(reflect.TypeFor[source.FrontMatter]()), strings.Split(source.FrontMatterKeys, ", "))
	assert.Equal(t, yamlTags(reflect.TypeFor[Site]()), strings.Split(siteKeys, ", "))
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
				diags := source.ParseFront("content/p.md", []byte("---\n"+c.yaml+"---\n")).Diags
				require.Len(t, diags, 1)
				assert.Equal(t, "front matter: "+c.want, diags[0].Message)
				assert.Equal(t, 1+c.line, diags[0].Line, "the front matter starts on line 2")

				dir := t.TempDir()
				site := filepath.Join(dir, "docproof.yaml")
				require.NoError(t, os.WriteFile(site, []byte(c.yaml), 0o644))
				_, err := loadSiteConfig(Config{SiteFile: site})
				var cerr *ConfigError
				require.ErrorAs(t, err, &cerr)
				assert.Equal(t, c.want, cerr.Msg)
				assert.Equal(t, c.line, cerr.Line)
			}
		})
	}
}
