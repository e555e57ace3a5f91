package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func navPages() []*Page {
	mk := func(rel, title string, weight int) *Page {
		return &Page{Source: Source{Rel: rel}, Title: title, URL: pageURL(rel), Front: FrontMatter{Weight: weight}}
	}
	return []*Page{
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
		assert.Equal(t, want, pageURL(rel), rel)
	}
	assert.Equal(t, "index.html", outputPath("/"))
	assert.Equal(t, "a/b/index.html", outputPath("/a/b/"))
}
