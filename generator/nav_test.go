package generator

import (
	"fmt"
	"strings"
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

func dumpNav(items []NavItem, indent string, b *strings.Builder) {
	for _, it := range items {
		fmt.Fprintf(b, "%s%s %s active=%v open=%v\n", indent, it.Title, it.URL, it.Active, it.Open)
		dumpNav(it.Children, indent+"  ", b)
	}
}

func TestBuildNavOrder(t *testing.T) {
	nav := BuildNav(navPages())
	marked, found := navFor(nav, "/agent/v3/tokens/")
	assert.True(t, found)
	var b strings.Builder
	dumpNav(marked, "", &b)
	assert.Equal(t, `Home / active=false open=false
About /about/ active=false open=false
Agent /agent/ active=false open=true
  Zulu first /agent/z/ active=false open=false
  Alpha /agent/a/ active=false open=false
  Bravo /agent/b/ active=false open=false
  V3  active=false open=true
    Tokens /agent/v3/tokens/ active=true open=false
Apis  active=false open=false
  GraphQL /apis/graphql/ active=false open=false
`, b.String())
	ix := indexNav(marked)
	assert.Equal(t, []Crumb{{"Home", "/"}, {"Agent", "/agent/"}, {"V3", ""}}, ix.crumbs["/agent/v3/tokens/"])
	assert.Equal(t, []Crumb{{"Home", "/"}}, ix.crumbs["/about/"])
	assert.Nil(t, ix.crumbs["/"])
	prev, next := ix.prevNext("/agent/v3/tokens/")
	assert.Equal(t, &Crumb{"Bravo", "/agent/b/"}, prev)
	assert.Equal(t, &Crumb{"GraphQL", "/apis/graphql/"}, next)
	prev, next = ix.prevNext("/")
	assert.Nil(t, prev)
	assert.Equal(t, &Crumb{"About", "/about/"}, next)
	_, found = navFor(nav, "/not-there/")
	assert.False(t, found)
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
