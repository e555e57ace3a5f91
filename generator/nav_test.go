package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

func navPages() []*markdown.Page {
	mk := func(rel, title string, weight int) *markdown.Page {
		return &markdown.Page{Source: source.Source{Rel: rel}, Title: title, URL: source.URL(rel), Front: source.FrontMatter{Weight: weight}}
	}
	return []*markdown.Page{
		mk("index.md", "Home", 0),
		mk("agent/index.md", "Agent", 2),
		mk("agent/b.md", "Bravo", 0),
		mk("agent/a.md", "Alpha", 0),
		mk("agent/z.md", "Zulu first", 1),
		mk("agent/v3/tokens.md", "Tokens", 0),
		mk("apis/graphql.md", "GraphQL", 0),
		mk("about.md", "About", 1),
	}
}

func TestPageURL(t *testing.T) {
	for rel, want := range map[string]string{
		"index.md":           "/",
		"a.md":               "/a/",
		"a/b.md":             "/a/b/",
		"a/index.md":         "/a/",
		"a/b/index.markdown": "/a/b/",
	} {
		assert.Equal(t, want, source.URL(rel), rel)
	}
	assert.Equal(t, "index.html", outputPath("/"))
	assert.Equal(t, "a/b/index.html", outputPath("/a/b/"))
}
