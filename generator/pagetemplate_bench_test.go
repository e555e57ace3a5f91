package generator

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/generator/theme"
)

// BenchmarkPageTemplate executes page.html for one page of a 1,000-page site
// (compact sidebar of ~70 items, 16-entry outline): "inline" with the data
// alone, as before the pre-rendered parts (the templates fall back to
// executing nav-items, toc-items, header, footer and the asset links), and
// "prerendered" as a build does it (NavHTML, TOCHTML, Site.Parts).
func BenchmarkPageTemplate(b *testing.B) {
	pages := []*markdown.Page{{Source: source.Source{Rel: "index.md"}, Title: "Home", URL: "/"}}
	for i := range 1000 {
		rel := fmt.Sprintf("section-%02d/page-%04d.md", i/50, i)
		pages = append(pages, &markdown.Page{Source: source.Source{Rel: rel}, Title: fmt.Sprintf("Page %d", i), URL: source.URL(rel)})
	}
	tree := BuildNav(pages)
	side := nav.NewSidebar(tree, nav.FullLimit)
	ix := nav.NewIndex(tree)
	st, diags := theme.Load("", "/docs/")
	require.NoError(b, diags.Err())
	var toc []markdown.TOCEntry
	for i := range 8 {
		toc = append(toc, markdown.TOCEntry{ID: fmt.Sprintf("section-%d", i), Text: fmt.Sprintf("Section %d", i), Level: 2,
			Children: []markdown.TOCEntry{{ID: fmt.Sprintf("detail-%d", i), Text: "Details & more", Level: 3}}})
	}
	p := pages[500]
	prev, next := ix.PrevNext(p.URL)
	site := samplePageData().Site
	site.Nav = tree
	data := PageData{Site: site, Page: PageView{Title: p.Title, Description: "About page 500", URL: p.URL,
		Canonical: "https://docs.example.com/docs" + p.URL, Content: "<p>Body</p>", TOC: toc,
		Breadcrumbs: ix.Crumbs(p.URL), Prev: prev, Next: next}}
	run := func(b *testing.B, prepare func(d *PageData)) {
		var buf bytes.Buffer
		for b.Loop() {
			d := data
			d.Site.Nav = side.For(p.URL)
			prepare(&d)
			buf.Reset()
			if err := st.Execute(&buf, theme.PageTemplate, d); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	}
	b.Run("inline", func(b *testing.B) { run(b, func(*PageData) {}) })
	sd := siteData(st, data.Site) // once per build
	b.Run("prerendered", func(b *testing.B) {
		run(b, func(d *PageData) {
			d.Site.Parts = sd.Parts
			d.Site.NavHTML = st.Nav().HTML(d.Site.Nav)
			d.Page.TOCHTML = markdown.OutlineHTML(d.Page.TOC)
		})
	})
}
