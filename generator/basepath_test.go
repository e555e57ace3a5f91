package generator

import (
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/generator/search"
)

// linkAttr finds the attributes through which a page points at another
// resource: href, src, and the search box's data-index and data-base. The
// templates and goldmark always quote attribute values with ".
var linkAttr = regexp.MustCompile(`\s(href|src|data-index|data-base)="([^"]*)"`)

// prefixedSite builds newSite's pages, plus a page with a root-absolute link
// and a static file, under the given base_url.
func prefixedSite(t *testing.T, baseURL string, atRoot bool) Config {
	t.Helper()
	cfg := newSite(t, map[string]string{
		"guide/more.md": "---\ntitle: More\n---\nSee [robots](/robots.txt), [the image](/img/d.svg) and [home](../index.md).\n",
	})
	cfg.SiteFile = filepath.Join(filepath.Dir(cfg.OutDir), "docproof.yaml")
	cfg.siteFileOptional = false
	cfg.AtRoot = atRoot
	require.NoError(t, os.WriteFile(cfg.SiteFile, []byte("title: Docs\nbase_url: "+baseURL+"\n"), 0o644))
	_, err := build(t, cfg)
	require.NoError(t, err)
	return cfg
}

// servedFile maps a site path ("/guide/", "/img/d.svg") to the file a static
// server answers it with, and reports whether the site has it.
func servedFile(tree map[string]string, p string) bool {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	_, ok := tree[p]
	return ok
}

func TestBasePathPrefixesEveryLink(t *testing.T) {
	const prefix = "/agent-docs/"
	cfg := prefixedSite(t, "https://docs.example.com/agent-docs/", false)
	tree := testtree.Read(t, cfg.OutDir, output.MarkerFile)
	checked := map[string]int{}
	for name, body := range tree {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range linkAttr.FindAllStringSubmatch(body, -1) {
			attr, val := m[1], html.UnescapeString(m[2])
			u, err := url.Parse(val)
			require.NoError(t, err, "%s: %s=%q", name, attr, val)
			if u.Scheme != "" || u.Host != "" || (u.Path == "" && u.Fragment != "") {
				continue // external, or an anchor on the same page
			}
			checked[attr]++
			require.True(t, strings.HasPrefix(u.Path, prefix), "%s: %s=%q does not start with %s", name, attr, val, prefix)
			if attr != "data-base" {
				assert.True(t, servedFile(tree, strings.TrimPrefix(u.Path, prefix[:len(prefix)-1])),
					"%s: %s=%q names no file of the site", name, attr, val)
			}
		}
	}
	for _, attr := range []string{"href", "src", "data-index", "data-base"} {
		assert.Positive(t, checked[attr], "no %s attribute was checked", attr)
	}

	home := tree["index.html"]
	assert.Contains(t, home, `<a href="/agent-docs/guide/tokens/#revoking">tokens</a>`, "rewritten .md link")
	assert.Contains(t, home, `<link rel="canonical" href="https://docs.example.com/agent-docs/">`)
	assert.Contains(t, home, `<meta property="og:url" content="https://docs.example.com/agent-docs/">`)
	assert.Contains(t, home, `<a class="site-title" href="/agent-docs/">`)
	assert.Contains(t, home, `data-base="/agent-docs/"`)
	more := tree["guide/more/index.html"]
	assert.Contains(t, more, `<a href="/agent-docs/robots.txt">robots</a>`, "root-absolute link in Markdown")
	assert.Contains(t, more, `<a href="/agent-docs/">home</a>`)
	assert.Contains(t, tree["guide/index.html"], `<img src="/agent-docs/img/d.svg" alt="A diagram">`)
	assert.Contains(t, tree["404.html"], `<a href="/agent-docs/">the home page</a>`)
	assert.Contains(t, tree["sitemap.xml"], "<loc>https://docs.example.com/agent-docs/guide/tokens/</loc>")
	assert.NotContains(t, tree["sitemap.xml"], "<loc>/")
	assert.Contains(t, tree["robots.txt"], "Sitemap: https://docs.example.com/agent-docs/sitemap.xml\n")
	assert.Contains(t, tree[search.Name], `"/guide/tokens/"`, "the index keeps root-relative URLs; search.js prefixes them with data-base")
}

func TestBasePathAtRootAndWithoutPath(t *testing.T) {
	tests := []struct {
		name    string
		baseURL string
		atRoot  bool
	}{
		{"no path", "https://docs.example.com/", false},
		{"path ignored by AtRoot", "https://docs.example.com/agent-docs/", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := prefixedSite(t, tt.baseURL, tt.atRoot)
			tree := testtree.Read(t, cfg.OutDir, output.MarkerFile)
			home := tree["index.html"]
			assert.Contains(t, home, `<a href="/guide/tokens/#revoking">tokens</a>`)
			assert.Contains(t, home, `<a class="site-title" href="/">`)
			assert.Contains(t, home, `data-base="/"`)
			assert.NotContains(t, home, `href="/agent-docs/`)
			assert.Contains(t, tree["guide/more/index.html"], `<a href="/robots.txt">robots</a>`)
			assert.Contains(t, home, `<link rel="canonical" href="`+tt.baseURL+`">`, "canonical is the published URL")
		})
	}
}

func TestSitePath(t *testing.T) {
	tests := []struct{ base, in, want string }{
		{"/docs/", "/", "/docs/"},
		{"/docs/", "/a/b/#x", "/docs/a/b/#x"},
		{"/docs/", "https://x.example/", "https://x.example/"},
		{"/docs/", "//cdn.example/x.js", "//cdn.example/x.js"},
		{"/docs/", "#top", "#top"},
		{"/docs/", "rel.png", "rel.png"},
		{"/", "/a/", "/a/"},
		{"", "/a/", "/a/"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, nav.SitePath(tt.base, tt.in), "nav.SitePath(%q, %q)", tt.base, tt.in)
	}
	for in, want := range map[string]string{
		"": "/", "https://x.example": "/", "https://x.example/": "/",
		"https://x.example/docs/": "/docs/", "https://x.example/a%20b/": "/a%20b/",
	} {
		assert.Equal(t, want, Site{BaseURL: in}.basePath(), in)
	}
}

func TestNoBaseURLMeansNoSitemap(t *testing.T) {
	t.Run("site config without base_url warns", func(t *testing.T) {
		cfg := newSite(t, nil)
		cfg.SiteFile = filepath.Join(filepath.Dir(cfg.OutDir), "docproof.yaml")
		cfg.siteFileOptional = false
		require.NoError(t, os.WriteFile(cfg.SiteFile, []byte("title: Docs\n"), 0o644))
		res, err := build(t, cfg)
		require.NoError(t, err)
		require.Len(t, res.Warnings, 1)
		assert.Equal(t, cfg.SiteFile, res.Warnings[0].File)
		assert.Contains(t, res.Warnings[0].Message, "base_url is not set")
		tree := testtree.Read(t, cfg.OutDir, output.MarkerFile)
		assert.NotContains(t, tree, "sitemap.xml")
		assert.Equal(t, "User-agent: *\nAllow: /\n", tree["robots.txt"])
		assert.NotContains(t, tree["index.html"], `rel="canonical"`)
		assert.NotContains(t, tree["index.html"], `og:url`)
	})
	t.Run("serve preview and no site config say nothing", func(t *testing.T) {
		for _, atRoot := range []bool{false, true} {
			cfg := newSite(t, nil)
			cfg.AtRoot = atRoot
			res, err := build(t, cfg)
			require.NoError(t, err)
			assert.Empty(t, res.Warnings)
		}
		cfg := newSite(t, nil)
		cfg.SiteFile = filepath.Join(filepath.Dir(cfg.OutDir), "docproof.yaml")
		require.NoError(t, os.WriteFile(cfg.SiteFile, []byte("title: Docs\n"), 0o644))
		cfg.AtRoot = true
		res, err := build(t, cfg)
		require.NoError(t, err)
		assert.Empty(t, res.Warnings)
	})
}
