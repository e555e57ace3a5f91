package nav

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// testPages is a small site: sections with and without index pages,
// weights, and a section (v3) with no page of its own.
func testPages() []Page {
	return []Page{
		{Rel: "index.md", Title: "Home", URL: "/"},
		{Rel: "agent/index.md", Title: "Agent", URL: "/agent/", Weight: 2},
		{Rel: "agent/b.md", Title: "Bravo", URL: "/agent/b/"},
		{Rel: "agent/a.md", Title: "Alpha", URL: "/agent/a/"},
		{Rel: "agent/z.md", Title: "Zulu first", URL: "/agent/z/", Weight: 1},
		{Rel: "agent/v3/tokens.md", Title: "Tokens", URL: "/agent/v3/tokens/"},
		{Rel: "apis/graphql.md", Title: "GraphQL", URL: "/apis/graphql/"},
		{Rel: "about.md", Title: "About", URL: "/about/", Weight: 1},
	}
}

func dumpNav(items []Item, indent string, b *strings.Builder) {
	for _, it := range items {
		fmt.Fprintf(b, "%s%s %s active=%v open=%v\n", indent, it.Title, it.URL, it.Active, it.Open)
		dumpNav(it.Children, indent+"  ", b)
	}
}

func TestBuildNavOrder(t *testing.T) {
	tree := Build(testPages())
	marked, found := Mark(tree, "/agent/v3/tokens/")
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
	ix := NewIndex(marked)
	assert.Equal(t, []Crumb{{Title: "Home", URL: "/"}, {Title: "Agent", URL: "/agent/"}, {Title: "V3", URL: ""}}, ix.Crumbs("/agent/v3/tokens/"))
	assert.Equal(t, []Crumb{{Title: "Home", URL: "/"}}, ix.Crumbs("/about/"))
	assert.Nil(t, ix.Crumbs("/"))
	prev, next := ix.PrevNext("/agent/v3/tokens/")
	assert.Equal(t, &Crumb{Title: "Bravo", URL: "/agent/b/"}, prev)
	assert.Equal(t, &Crumb{Title: "GraphQL", URL: "/apis/graphql/"}, next)
	prev, next = ix.PrevNext("/")
	assert.Nil(t, prev)
	assert.Equal(t, &Crumb{Title: "About", URL: "/about/"}, next)
	_, found = Mark(tree, "/not-there/")
	assert.False(t, found)
}

func TestSidebarFullBelowLimit(t *testing.T) {
	tree := Build(testPages())
	s := NewSidebar(tree, Count(tree))
	for _, url := range []string{"/", "/agent/", "/agent/v3/tokens/", "/apis/graphql/", "/nowhere/"} {
		want, _ := Mark(tree, url)
		assert.Equal(t, want, s.For(url), url)
	}
}

func TestSidebarCompact(t *testing.T) {
	tree := Build(testPages())
	s := NewSidebar(tree, Count(tree)-1)
	for _, tc := range []struct{ url, want string }{
		{"/agent/v3/tokens/", `Home / active=false open=false
About /about/ active=false open=false
Agent /agent/ active=false open=true
  Zulu first /agent/z/ active=false open=false
  Alpha /agent/a/ active=false open=false
  Bravo /agent/b/ active=false open=false
  V3  active=false open=true
    Tokens /agent/v3/tokens/ active=true open=false
Apis /apis/graphql/ active=false open=false
`},
		// A section's own page keeps its items; sub-sections collapse to a link.
		{"/agent/", `Home / active=false open=false
About /about/ active=false open=false
Agent /agent/ active=true open=true
  Zulu first /agent/z/ active=false open=false
  Alpha /agent/a/ active=false open=false
  Bravo /agent/b/ active=false open=false
  V3 /agent/v3/tokens/ active=false open=false
Apis /apis/graphql/ active=false open=false
`},
		{"/", `Home / active=true open=false
About /about/ active=false open=false
Agent /agent/ active=false open=false
Apis /apis/graphql/ active=false open=false
`},
	} {
		var b strings.Builder
		dumpNav(s.For(tc.url), "", &b)
		assert.Equal(t, tc.want, b.String(), tc.url)
	}
	// For never modifies the shared tree.
	var b strings.Builder
	dumpNav(tree, "", &b)
	assert.Equal(t, 10, strings.Count(b.String(), "\n"))
	assert.NotContains(t, b.String(), "active=true")
}

func TestTitleFromPath(t *testing.T) {
	for rel, want := range map[string]string{
		"agent-tokens.md": "Agent tokens", "a/b_c.md": "B c", "index.md": "Home", "agent/index.md": "Agent", "x.markdown": "X",
	} {
		assert.Equal(t, want, TitleFromPath(rel), rel)
	}
}
