package generator

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
)

func TestEditURL(t *testing.T) {
	const base = "https://git.example/docs/edit/main/content/"
	assert.Equal(t, "", editURL("", "tokens/index.md"))
	assert.Equal(t, base+"tokens/index.md", editURL(base, "tokens/index.md"))
	assert.Equal(t, base+"a%20b/c%3Fd.md", editURL(base, "a b/c?d.md"), "each segment is path-escaped")
}

// TestEditThisPage builds a site with edit_url: each page links to its own
// source; without edit_url no page has the link.
func TestEditThisPage(t *testing.T) {
	cfg := newSite(t, nil)
	cfg.SiteFile = filepath.Join(t.TempDir(), "docproof.yaml")
	testtree.Write(t, filepath.Dir(cfg.SiteFile), map[string]string{"docproof.yaml": "edit_url: https://git.example/docs/edit/main/content\n"})
	_, err := build(t, cfg)
	require.NoError(t, err)
	page, err := os.ReadFile(filepath.Join(cfg.OutDir, "guide", "tokens", "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), `<p class="page-edit"><a href="https://git.example/docs/edit/main/content/guide/tokens.md">Edit this page</a></p>`)

	plain := newSite(t, nil)
	_, err = build(t, plain)
	require.NoError(t, err)
	page, err = os.ReadFile(filepath.Join(plain.OutDir, "guide", "tokens", "index.html"))
	require.NoError(t, err)
	assert.NotContains(t, string(page), "Edit this page")

	bad := newSite(t, nil)
	bad.SiteFile = filepath.Join(t.TempDir(), "docproof.yaml")
	testtree.Write(t, filepath.Dir(bad.SiteFile), map[string]string{"docproof.yaml": "title: x\nedit_url: github.com/org/docs\n"})
	_, err = build(t, bad)
	var ce *ConfigError
	require.True(t, errors.As(err, &ce), "want a *ConfigError, got %v", err)
	assert.Equal(t, 2, ce.Line)
	assert.Contains(t, ce.Msg, `edit_url "github.com/org/docs" is not an absolute http(s) URL: write`)
}
