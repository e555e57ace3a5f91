package generator

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/generator/theme"
)

// execTemplate renders data with the built-in template name: the reference
// the hand-assembled markup (NavHTML, TOCHTML) must reproduce byte for byte.
func execTemplate(t testing.TB, st *theme.Templates, name string, data any) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, st.Execute(&buf, name, data))
	return buf.String()
}

func TestNavHTMLMatchesTemplate(t *testing.T) {
	odd := []NavItem{
		{Title: `A+B <b>"quoted"</b> & 'single'`, URL: "/a+b/"},
		{Title: "Tab\tnew\nline \x00 nul", URL: `/q"uote/<x>/`},
		{Title: "Script", URL: "javascript:alert(1)"},
		{Title: "Absolute", URL: "https://example.com/a b?x=1&y=2#frag"},
		{Title: "Anchor", URL: "#top", Active: true},
		{Title: "Empty children", URL: "/e/", Children: []NavItem{}},
		{Title: "Ünïcødé 日本", Children: []NavItem{
			{Title: "Deep", Active: true, Children: []NavItem{{Title: "Deeper", URL: "/d/d/", Active: true}}},
			{Title: "", URL: "/untitled/"},
		}},
	}
	tree := BuildNav(navPages())
	full, _ := nav.Mark(tree, "/agent/v3/tokens/")
	compact := nav.NewSidebar(tree, 1)
	cases := map[string][]NavItem{
		"empty":          nil,
		"sample":         samplePageData().Site.Nav,
		"unmarked tree":  tree,
		"full, marked":   full,
		"compact, leaf":  compact.For("/agent/v3/tokens/"),
		"compact, index": compact.For("/agent/"),
		"compact, home":  compact.For("/"),
		"odd values":     odd,
	}
	for _, base := range []string{"", "/docs/"} {
		st, diags := theme.Load("", base)
		require.NoError(t, diags.Err())
		for name, items := range cases {
			want := execTemplate(t, st, "nav-items", items)
			assert.Equal(t, want, string(st.Nav().HTML(items)), "%s, base %q", name, base)
			// Twice: the second time every link comes from the memo.
			assert.Equal(t, want, string(st.Nav().HTML(items)), "%s, base %q, memo", name, base)
		}
	}
}

// The page template prints NavHTML when it is set and falls back to ranging
// over Nav (data built by hand, or an escaping failure), with the same result.
func TestPageTemplateNavHTMLOrNav(t *testing.T) {
	st, diags := theme.Load("", "")
	require.NoError(t, diags.Err())
	d := samplePageData()
	var viaNav, viaHTML bytes.Buffer
	require.NoError(t, st.Execute(&viaNav, theme.PageTemplate, d))
	d.Site.NavHTML = st.Nav().HTML(d.Site.Nav)
	require.NotEmpty(t, d.Site.NavHTML)
	require.NoError(t, st.Execute(&viaHTML, theme.PageTemplate, d))
	assert.Equal(t, viaNav.String(), viaHTML.String())
	// NavHTML is what is printed: the template does not range over Nav too.
	d.Site.NavHTML = "<ul>\n<li>marker</li>\n</ul>"
	viaHTML.Reset()
	require.NoError(t, st.Execute(&viaHTML, theme.PageTemplate, d))
	assert.Contains(t, viaHTML.String(), "<li>marker</li>")
	assert.NotContains(t, viaHTML.String(), `aria-current="page">Tokens`)
}

func FuzzNavHTML(f *testing.F) {
	f.Add("Tokens", "/agent/tokens/", "Agent", "", true, false)
	f.Add(`<"&'+>`, `javascript:x"`, "\x00\n", "/a b/", false, true)
	var sts []*theme.Templates
	for _, base := range []string{"", "/docs/"} {
		st, diags := theme.Load("", base)
		require.NoError(f, diags.Err())
		sts = append(sts, st)
	}
	f.Fuzz(func(t *testing.T, title, url, title2, url2 string, active, open bool) {
		items := []NavItem{
			{Title: title, URL: url, Active: active},
			{Title: title2, URL: url2, Open: open, Children: []NavItem{{Title: title, URL: url2, Active: !active}}},
		}
		for _, st := range sts {
			assert.Equal(t, execTemplate(t, st, "nav-items", items), string(st.Nav().HTML(items)))
		}
	})
}

func BenchmarkNavHTML(b *testing.B) {
	pages := make([]*markdown.Page, 0, 1001)
	pages = append(pages, &markdown.Page{Source: source.Source{Rel: "index.md"}, Title: "Home", URL: "/"})
	for i := range 1000 {
		rel := "section-" + string(rune('a'+i/50%26)) + string(rune('a'+i/50/26)) + "/page-" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + ".md"
		pages = append(pages, &markdown.Page{Source: source.Source{Rel: rel}, Title: "Page " + rel, URL: source.URL(rel)})
	}
	tree := BuildNav(pages)
	side := nav.NewSidebar(tree, nav.FullLimit)
	st, diags := theme.Load("", "")
	require.NoError(b, diags.Err())
	items := side.For(pages[500].URL)
	b.Run("template", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			_ = st.Execute(&buf, "nav-items", items)
		}
	})
	b.Run("navHTML", func(b *testing.B) {
		for b.Loop() {
			_ = st.Nav().HTML(items)
		}
	})
}
