package generator

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/theme"
)

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
	st, diags := theme.Load("", "/docs/")
	require.NoError(t, diags.Err())
	navs := [][]NavItem{BuildNav(navPages())}
	r := rand.New(rand.NewPCG(1, 2))
	for range 40 {
		n := 0
		navs = append(navs, randomNav(r, 0, &n))
	}
	for i, tree := range navs {
		s := nav.NewSidebar(tree, 0)
		require.True(t, s.Compact())
		for _, url := range append(allURLs(tree, nil), "/nowhere/", "") {
			items := s.For(url)
			want := string(st.Nav().HTML(items))
			require.NotEmpty(t, want)
			assert.Equal(t, want, string(s.HTML(st.Nav(), url, items)), "nav %d, %q", i, url)
		}
	}
	// Below the limit the whole tree is shown, and html is the plain render.
	tree := BuildNav(navPages())
	s := nav.NewSidebar(tree, nav.Count(tree))
	items := s.For("/agent/")
	assert.Equal(t, st.Nav().HTML(items), s.HTML(st.Nav(), "/agent/", items))
}
