package generator

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSidebarFullBelowLimit(t *testing.T) {
	nav := BuildNav(navPages())
	s := newSidebar(nav, countNav(nav))
	for _, url := range []string{"/", "/agent/", "/agent/v3/tokens/", "/apis/graphql/", "/nowhere/"} {
		want, _ := navFor(nav, url)
		assert.Equal(t, want, s.For(url), url)
	}
}

func TestSidebarCompact(t *testing.T) {
	nav := BuildNav(navPages())
	s := newSidebar(nav, countNav(nav)-1)
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
	dumpNav(nav, "", &b)
	assert.Equal(t, 10, strings.Count(b.String(), "\n"))
	assert.NotContains(t, b.String(), "active=true")
}

// allURLs lists every item's URL in the tree, "" included.
func allURLs(items []NavItem, into []string) []string {
	for _, it := range items {
		into = allURLs(it.Children, append(into, it.URL))
	}
	return into
}

// randomNav is a tree of pages and sections, some sections without an index
// page, some URLs twice, up to four levels deep.
func randomNav(r *rand.Rand, depth int, n *int) []NavItem {
	items := make([]NavItem, 1+r.IntN(6))
	for i := range items {
		*n++
		it := NavItem{Title: fmt.Sprintf("T%d <&>", *n), URL: fmt.Sprintf("/p%d/", *n)}
		switch {
		case r.IntN(10) == 0:
			it.URL = fmt.Sprintf("/p%d/", r.IntN(*n)+1) // maybe another item's URL
		case depth < 4 && r.IntN(3) == 0:
			it.Children = randomNav(r, depth+1, n)
			if r.IntN(2) == 0 {
				it.URL = ""
			}
		}
		items[i] = it
	}
	return items
}

// The compact sidebar's markup from its pre-rendered top level is what
// rendering the page's whole navigation gives, for every page and for URLs
// outside the tree.
func TestSidebarHTMLEqualsFullRender(t *testing.T) {
	st, diags := loadTemplates(Config{basePath: "/docs/"})
	require.NoError(t, diags.Err())
	navs := [][]NavItem{BuildNav(navPages())}
	r := rand.New(rand.NewPCG(1, 2))
	for range 40 {
		n := 0
		navs = append(navs, randomNav(r, 0, &n))
	}
	for i, nav := range navs {
		s := newSidebar(nav, 0)
		require.True(t, s.compact)
		for _, url := range append(allURLs(nav, nil), "/nowhere/", "") {
			items := s.For(url)
			want := string(st.nav.html(items))
			require.NotEmpty(t, want)
			assert.Equal(t, want, string(s.html(st.nav, url, items)), "nav %d, %q", i, url)
		}
	}
	// Below the limit the whole tree is shown, and html is the plain render.
	nav := BuildNav(navPages())
	s := newSidebar(nav, countNav(nav))
	items := s.For("/agent/")
	assert.Equal(t, st.nav.html(items), s.html(st.nav, "/agent/", items))
}
