package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/secret"
)

// rawPlaceholder is a verifier placeholder as a page would show it raw
// ("<uuid:agent-id>", "<any>"), written or HTML-escaped.
var rawPlaceholder = regexp.MustCompile(`(<|&lt;|\\u003c)((uuid|token|timestamp|number)(:[a-z0-9_-]+)?|any)(>|&gt;|\\u003e)`)

// chip is the markup of one placeholder shown as a value (card package):
// its text is what the mock answered, which may itself read like a
// placeholder ("Bearer <token>" in an error message).
var chip = regexp.MustCompile(`<a class="ph"[^>]*>[^<]*</a>`)

// TestBuiltSiteShowsNoRawPlaceholders builds this repository's content/ and
// reads every page: documented responses show values (chips) instead of the
// verifier's placeholders, tokens only masked, and the legend page exists.
// The writers' guide (writing/) teaches the placeholder syntax, so it shows
// it on purpose.
func TestBuiltSiteShowsNoRawPlaceholders(t *testing.T) {
	content, err := filepath.Abs("../../content")
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "public")
	code, _, errOut := runCLI("build", "--content", content, "--config", "../../docproof.yaml", "--out", out, "--no-cache")
	require.Equal(t, 0, code, errOut)

	chips, masked, pages := 0, 0, 0
	finder := secret.NewFinder(nil)
	err = filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".json")) {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(data)
		assert.Empty(t, finder.Find(text), "%s holds a token value", rel)
		assert.NotContains(t, text, "<!--dp:", "%s keeps a card slot", rel)
		if rel == "search-index.json" {
			assert.Empty(t, rawPlaceholder.FindAllString(searchText(t, data), -1), "the search index shows raw placeholders")
			return nil
		}
		if strings.HasPrefix(filepath.ToSlash(rel), "writing/") {
			return nil
		}
		pages++
		found := chip.FindAllString(text, -1)
		chips += len(found)
		for _, c := range found {
			if strings.Contains(c, "varies: a token") {
				masked++
				assert.Regexp(t, `>bk[a-z]{2,3}_…</a>$`, c, "%s: a token chip shows the kind only", rel)
			}
		}
		assert.Empty(t, rawPlaceholder.FindAllString(chip.ReplaceAllString(text, ""), -1), "%s shows raw placeholders", rel)
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, pages, 10)
	assert.Greater(t, chips, 100, "the documented responses show this build's values")
	assert.Greater(t, masked, 10, "tokens are shown masked")
	legend, err := os.ReadFile(filepath.Join(out, "samples-legend.html"))
	require.NoError(t, err)
	assert.Contains(t, string(legend), "<h1>Reading the samples</h1>")
}

// searchText is the text the search index holds for readers' pages (all
// but the writers' guide).
func searchText(t *testing.T, data []byte) string {
	var idx struct {
		Pages []struct {
			U string `json:"u"`
		} `json:"pages"`
		Sections []struct {
			P int    `json:"p"`
			H string `json:"h"`
			X string `json:"x"`
		} `json:"sections"`
	}
	require.NoError(t, json.Unmarshal(data, &idx))
	require.NotEmpty(t, idx.Sections)
	var b strings.Builder
	for _, s := range idx.Sections {
		if !strings.HasPrefix(idx.Pages[s.P].U, "/writing/") {
			b.WriteString(s.H + "\n" + s.X + "\n")
		}
	}
	return b.String()
}
