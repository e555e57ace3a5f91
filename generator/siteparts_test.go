package generator

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/theme"
)

// The built-in header, footer and site-wide head are rendered once per build
// (SiteData.Parts); printing them gives the page the template would have made.
func TestSitePartsBuiltIn(t *testing.T) {
	st, diags := theme.Load("", "/docs/")
	require.NoError(t, diags.Err())
	assert.Equal(t, []string{"site-footer", "site-head", "site-header"}, slices.Sorted(maps.Keys(siteData(st, SiteData{}).Parts)))
	for _, name := range []string{theme.PageTemplate, theme.NotFoundTemplate} {
		d := samplePageData()
		var inline, viaParts bytes.Buffer
		require.NoError(t, st.Execute(&inline, name, d))
		d.Site = siteData(st, d.Site)
		require.Len(t, d.Site.Parts, 3)
		require.NotEmpty(t, d.Site.NavHTML)
		require.NoError(t, st.Execute(&viaParts, name, d))
		assert.Equal(t, inline.String(), viaParts.String(), name)
		assert.Contains(t, string(d.Site.Parts["site-header"]), `href="/docs/"`, "parts see the url func")
	}
}

// A custom "site-…" template is a part too: rendered with the site data and
// no page. One that fails is left out, so the page executes it and the
// error comes from there, at its line.
func TestSitePartsCustom(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"page.html": `{{define "page.html"}}{{with index .Site.Parts "site-x"}}{{.}}{{else}}{{template "site-x" $}}{{end}}|{{.Page.Title}}{{end}}`,
		"404.html":  `{{define "404.html"}}{{with index .Site.Parts "site-bad"}}{{.}}{{else}}{{template "site-bad" $}}{{end}}{{end}}`,
		"_parts.html": `{{define "site-x"}}<p>{{.Site.Title}}[{{.Page.Title}}]</p>{{end}}
{{define "site-bad"}}{{index .Site.Assets 1}}{{end}}`,
	}
	for name, src := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	st, diags := theme.Load(dir, "")
	require.NoError(t, diags.Err())
	sd := siteData(st, SiteData{Title: "A & B"})
	assert.Equal(t, map[string]string{"site-x": "<p>A &amp; B[]</p>"}, stringMap(sd.Parts))
	var out bytes.Buffer
	require.NoError(t, st.Execute(&out, theme.PageTemplate, PageData{Site: sd, Page: PageView{Title: "T"}}))
	assert.Equal(t, "<p>A &amp; B[]</p>|T", out.String())
	err := st.Execute(&out, theme.NotFoundTemplate, PageData{Site: sd})
	require.Error(t, err)
	d := st.Diag(err)
	assert.Equal(t, filepath.ToSlash(filepath.Join(dir, "_parts.html")), d.File)
	assert.Equal(t, 2, d.Line)
}

func stringMap[V ~string](m map[string]V) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}
