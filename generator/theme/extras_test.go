package theme

import (
	"bytes"
	"encoding/xml"
	"errors"
	"html/template"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

func TestSitemap(t *testing.T) {
	pages := []*markdown.Page{{URL: "/b/"}, {URL: "/"}, {URL: "/draft/", Front: source.FrontMatter{Draft: true}}}
	tests := []struct {
		base string
		want []string
	}{
		{"https://docs.example.com/", []string{"https://docs.example.com/", "https://docs.example.com/b/"}},
		{"https://example.com/docs", []string{"https://example.com/docs/", "https://example.com/docs/b/"}},
		{"", []string{"/", "/b/"}},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			data, err := sitemap(tt.base, pages)
			require.NoError(t, err)
			var set sitemapURLSet
			require.NoError(t, xml.Unmarshal(data, &set))
			assert.Equal(t, "http://www.sitemaps.org/schemas/sitemap/0.9", set.NS)
			var got []string
			for _, u := range set.URLs {
				got = append(got, u.Loc)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRobots(t *testing.T) {
	assert.Equal(t, "User-agent: *\nAllow: /\n", string(robots("")))
	assert.Equal(t, "User-agent: *\nAllow: /\n\nSitemap: https://d.example/sitemap.xml\n", string(robots("https://d.example/")))
}

func TestWriteExtrasRenderError(t *testing.T) {
	boom := errors.New("boom")
	err := WriteExtras(testtree.Dir(t.TempDir()), "", nil, nil, nil, func(io.Writer, string, any) error { return boom })
	require.ErrorIs(t, err, boom)
}

func TestWriteExtrasTemplateErrorKeepsItsPosition(t *testing.T) {
	tmpl := template.Must(template.New("404.html").Parse("line one\n{{.Nope}}"))
	render := func(w io.Writer, name string, data any) error { return tmpl.ExecuteTemplate(w, name, data) }
	err := WriteExtras(testtree.Dir(t.TempDir()), "", nil, struct{ Title string }{}, nil, render)
	require.Error(t, err)
	assert.Regexp(t, `^template: 404\.html:2:`, err.Error(), "the template's file and line lead the message")
}

func TestWriteExtrasDoesNotWritePartialFiles(t *testing.T) {
	dir := t.TempDir()
	var called bytes.Buffer
	err := WriteExtras(testtree.Dir(dir), "", nil, nil, nil, func(w io.Writer, _ string, _ any) error {
		called.WriteString("x")
		return errors.New("late failure")
	})
	require.Error(t, err)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is written when rendering fails")
	assert.Equal(t, "x", called.String())
}
