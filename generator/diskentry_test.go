package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

// A rendered page survives its record: the ids and code block attributes
// the record holds as lists come back as the maps they were, and the
// cached page itself is not modified.
func TestDiskEntryRoundTrip(t *testing.T) {
	src := source.Source{Rel: "agent/tokens.md", File: "content/agent/tokens.md", Data: []byte(realisticPage())}
	p, _ := markdown.New(markdown.Options{}).Render(src)
	require.NotEmpty(t, p.IDs)
	require.NotEmpty(t, p.Blocks[0].Attrs.Keys)
	p.Blocks = append(p.Blocks, fence.Block{Index: len(p.Blocks), Attrs: fence.Attrs{Keys: []string{"a"}, Values: map[string]string{"b": ""}}})
	before := *p
	blocksBefore := append([]fence.Block(nil), p.Blocks...)

	e := toDiskRender(markdown.CacheEntry{Hash: "h", Src: src.Data, Result: markdown.Rendered{Page: p}})
	assert.Nil(t, e.Page.IDs)
	assert.Nil(t, e.Page.Data, "kept once, as Src")
	assert.Nil(t, e.Page.Blocks[0].Attrs.Values, "left out of the record")
	assert.NotNil(t, e.Page.Blocks[len(p.Blocks)-1].Attrs.Values, "a map without its keys is kept")
	assert.Equal(t, before.IDs, p.IDs, "the cached page is not modified")
	assert.Equal(t, blocksBefore, p.Blocks)

	codec := renderCodec()
	rec, err := codec.Append(nil, markdown.CacheEntry{Hash: "h", Src: src.Data, Result: markdown.Rendered{Page: p}})
	require.NoError(t, err)
	back, err := codec.Decode(rec)
	require.NoError(t, err)
	got := back.Result.Page
	assert.Equal(t, p.IDs, got.IDs)
	for i, b := range p.Blocks {
		if len(b.Attrs.Keys) == 0 {
			assert.Empty(t, got.Blocks[i].Attrs.Values, "block %d", i)
			continue
		}
		assert.Equal(t, b, got.Blocks[i], "block %d", i)
	}
	assert.Equal(t, p.Body, got.Body)
	assert.Equal(t, p.Sections, got.Sections)
	assert.Equal(t, src.Data, got.Data)
	assert.Equal(t, src.Data, back.Src)

	// Values that do not fit the blocks: a miss, not a page with wrong attributes.
	bad := toDiskRender(markdown.CacheEntry{Hash: "h", Src: src.Data, Result: markdown.Rendered{Page: p}})
	bad.AttrValues = bad.AttrValues[1:]
	_, err = fromDiskRender(bad)
	assert.Error(t, err)
}
