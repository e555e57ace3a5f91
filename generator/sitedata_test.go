package generator

import (
	"bytes"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/theme"
)

func samplePageData() PageData {
	return PageData{
		Site: SiteData{
			Title: "Agent docs", BaseURL: "https://docs.example.com", Description: "Site description",
			Assets: map[string]string{
				"site.css": "/assets/site.11111111.css", "chroma.css": "/assets/chroma.22222222.css",
				"site.js": "/assets/site.33333333.js", "search.js": "/assets/search.44444444.js",
				"favicon.svg": "/assets/favicon.55555555.svg",
			},
			SearchIndex: "/search-index.66666666.json",
			Nav: []NavItem{
				{Title: "Home", URL: "/"},
				{Title: "Agent", URL: "/agent/", Open: true, Children: []NavItem{
					{Title: "Tokens", URL: "/agent/tokens/", Active: true},
					{Title: "Jobs", URL: "/agent/jobs/"},
				}},
				{Title: "APIs", Children: []NavItem{{Title: "GraphQL", URL: "/apis/graphql/"}}},
			},
		},
		Page: PageView{
			Title: "Agent tokens", Description: "How <agent> tokens work", URL: "/agent/tokens/",
			Canonical: "https://docs.example.com/agent/tokens/", Src: "content/agent/tokens.md",
			Content:     template.HTML(`<p>Intro</p><h2 id="session">Session <a class="anchor" href="#session" aria-label="Link to this section">#</a></h2>`),
			TOC:         []markdown.TOCEntry{{ID: "session", Text: "Session", Level: 2, Children: []markdown.TOCEntry{{ID: "expiry", Text: "Expiry", Level: 3}}}},
			Breadcrumbs: []Crumb{{Title: "Home", URL: "/"}, {Title: "Agent", URL: "/agent/"}},
			Prev:        &Crumb{Title: "Agent", URL: "/agent/"},
			EditURL:     "https://git.example/docs/edit/main/content/agent/tokens.md",
			Next:        &Crumb{Title: "Jobs", URL: "/agent/jobs/"},
			LastUpdated: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC),
		},
	}
}

func renderPage(t *testing.T, data PageData) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, embeddedRender(t)(&buf, "page.html", data))
	return buf.String()
}

func TestPageTemplateLandmarksAndNavigation(t *testing.T) {
	html := renderPage(t, samplePageData())
	for _, want := range []string{
		`<html lang="en">`,
		`<a class="skip" href="#content">`,
		`<header class="site-header">`,
		`<nav id="sidebar" class="sidebar" aria-label="Site">`,
		`<main id="content" tabindex="-1">`,
		`<aside class="page-toc" aria-labelledby="toc-heading">`,
		`<footer class="site-footer">`,
		`<a href="/agent/tokens/" aria-current="page">Tokens</a>`,
		`<li class="nav-section"><a href="/agent/">Agent</a><details open><summary aria-label="Agent pages"></summary>`,
		`<details><summary><span>APIs</span></summary>`,
		`<nav class="breadcrumbs" aria-label="Breadcrumb">`,
		`<li aria-current="page">Agent tokens</li>`,
		`<a class="prev" href="/agent/" rel="prev">`,
		`<a class="next" href="/agent/jobs/" rel="next">`,
		`<a href="#expiry">Expiry</a>`,
		`<h1>Agent tokens</h1>`,
		`data-index="/search-index.66666666.json"`,
		`role="combobox"`,
		`aria-controls="sidebar" aria-expanded="false"`,
	} {
		assert.Contains(t, html, want)
	}
	for _, s := range strings.Split(html, "<summary")[1:] {
		inside, _, _ := strings.Cut(s, "</summary>")
		assert.NotContains(t, inside, "<a ", "no link inside a section toggle (axe nested-interactive)")
	}
	assert.Equal(t, 1, strings.Count(html, `aria-current="page">`)-strings.Count(html, `<li aria-current="page">`),
		"exactly one nav link is the current page")
}

func TestPageTemplateHeadMetadata(t *testing.T) {
	html := renderPage(t, samplePageData())
	for _, want := range []string{
		`<title>Agent tokens · Agent docs</title>`,
		`<meta name="description" content="How &lt;agent&gt; tokens work">`,
		`<link rel="canonical" href="https://docs.example.com/agent/tokens/">`,
		`<meta property="og:title" content="Agent tokens">`,
		`<meta property="og:description" content="How &lt;agent&gt; tokens work">`,
		`<meta property="og:url" content="https://docs.example.com/agent/tokens/">`,
		`<meta property="og:type" content="article">`,
		`<link rel="stylesheet" href="/assets/site.11111111.css">`,
		`<script src="/assets/search.44444444.js" defer></script>`,
	} {
		assert.Contains(t, html, want)
	}
	theme := strings.Index(html, `localStorage.getItem("docproof-theme")`)
	css := strings.Index(html, `rel="stylesheet"`)
	require.Positive(t, theme)
	assert.Less(t, theme, css, "the theme is set before the stylesheets load (no flash)")
}

func TestPageTemplateOptionalParts(t *testing.T) {
	d := samplePageData()
	d.Page.HasH1 = true
	d.Page.TOC, d.Page.Breadcrumbs, d.Page.Prev, d.Page.Next, d.Page.Canonical = nil, nil, nil, nil, ""
	d.Site.SearchIndex = ""
	html := renderPage(t, d)
	for _, absent := range []string{"<h1>", `class="page-toc"`, `class="breadcrumbs"`, `class="pager"`,
		`rel="canonical"`, `og:url`, `id="search-input"`, `search.44444444.js`} {
		assert.NotContains(t, html, absent)
	}
}

func TestPageTemplateRequestsNothingOffSite(t *testing.T) {
	html := renderPage(t, samplePageData())
	html = strings.ReplaceAll(html, "https://docs.example.com/", "")
	// "Edit this page" is a link the reader may follow, not a request the page makes.
	html = strings.ReplaceAll(html, `<a href="https://git.example/docs/edit/main/content/agent/tokens.md">`, "")
	assert.NotRegexp(t, regexp.MustCompile(`(src|href)="(https?:)?//`), html)
}

// TestPageTemplateGolden pins the whole page markup, so a template change is
// reviewed as a diff (go test ./generator -run TestPageTemplateGolden -update).
func TestPageTemplateGolden(t *testing.T) {
	golden(t, "page-template.golden.html", renderPage(t, samplePageData()))
	var buf bytes.Buffer
	d := samplePageData()
	d.Page = PageView{Title: "Page not found", Description: "Site description", URL: "/404.html", NoIndex: true}
	require.NoError(t, embeddedRender(t)(&buf, "404.html", d))
	golden(t, "404-template.golden.html", buf.String())
}

// embeddedRender executes the embedded templates, as the build does.
func embeddedRender(t *testing.T) func(w io.Writer, name string, data any) error {
	t.Helper()
	st, diags := theme.Load("", "")
	require.NoError(t, diags.Err())
	return st.Execute
}

func TestWriteExtrasWritesAllThreeFiles(t *testing.T) {
	dir := t.TempDir()
	site := SiteData{Title: "Docs", BaseURL: "https://docs.example.com", Description: "Proven docs",
		Assets: map[string]string{"site.css": "/assets/site.12345678.css"}, SearchIndex: "/search-index.1.json",
		Nav: []NavItem{{Title: "Home", URL: "/"}}}
	require.NoError(t, theme.WriteExtras(testtree.Dir(dir), site.BaseURL, []*markdown.Page{{URL: "/"}}, notFoundData(site), legendData(site), embeddedRender(t)))
	for _, f := range []string{"sitemap.xml", "robots.txt", "404.html"} {
		_, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
	}
	page, err := os.ReadFile(filepath.Join(dir, "404.html"))
	require.NoError(t, err)
	html := string(page)
	assert.Contains(t, html, `<meta name="robots" content="noindex">`)
	assert.Contains(t, html, `<title>Page not found · Docs</title>`)
	assert.Contains(t, html, `href="/assets/site.12345678.css"`, "the 404 page is styled from any URL")
	assert.NotContains(t, html, `rel="canonical"`)
}
