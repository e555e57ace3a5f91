package generator

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

// TestRenderCacheByBytes checks the page cache: the same bytes (a fresh
// copy, as every rebuild loads them) give the same *markdown.Page, other bytes or
// other render settings a new one, and an entry without its bytes is
// still matched by hash.
func TestRenderCacheByBytes(t *testing.T) {
	c := NewCache()
	cfg := Config{Cache: c}
	src := func(body string) []source.Source {
		return []source.Source{{Rel: "a.md", File: "content/a.md", Data: []byte(body)}}
	}
	render := func(cfg Config, body string) *markdown.Page {
		pages, diags := renderPages(context.Background(), cfg, src(body))
		require.Empty(t, diags)
		require.Len(t, pages, 1)
		return pages[0]
	}
	first := render(cfg, "# A\n\nText.\n")
	assert.Same(t, first, render(cfg, "# A\n\nText.\n"), "same bytes, new slice: cached")
	edited := render(cfg, "# A\n\nText!\n")
	assert.NotSame(t, first, edited)
	assert.Contains(t, string(edited.Body), "Text!")

	other := cfg
	other.reservedIDs = []string{"content"}
	assert.NotSame(t, edited, render(other, "# A\n\nText!\n"), "other render settings: rendered again")

	// An entry without its bytes: matched by hash.
	e, ok := c.pages.Load("content/a.md\x00a.md")
	require.True(t, ok)
	e.Src, e.Variant = nil, ""
	c.pages.Store("content/a.md\x00a.md", e)
	assert.Same(t, e.Result.Page, render(other, "# A\n\nText!\n"), "matched by hash")
	assert.Same(t, e.Result.Page, render(other, "# A\n\nText!\n"), "then by bytes")
	assert.NotSame(t, e.Result.Page, render(other, "# A\n\nText?\n"))
}
