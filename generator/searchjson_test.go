package generator

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/markdown"
)

// wantSearchJSON is the index as encoding/json writes it in one go.
func wantSearchJSON(t *testing.T, pages []*markdown.Page) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(buildSearchIndex(pages, nil)))
	return buf.String()
}

// TestEncodeSearchIndexFragments checks that the index assembled from cached
// per-page fragments is byte for byte the one-go encoding, through edits,
// a page added before the others (every position shifts) and one removed.
func TestEncodeSearchIndexFragments(t *testing.T) {
	pages := searchFixture()
	pages[0].Sections = append(pages[0].Sections, markdown.Section{Anchor: "html", Heading: `<b> & "quotes"`, Text: "a < b && c > d \u2028 é"})
	c := NewCache()
	steps := []struct {
		name string
		edit func([]*markdown.Page) []*markdown.Page
	}{
		{"cold", func(p []*markdown.Page) []*markdown.Page { return p }},
		{"warm", func(p []*markdown.Page) []*markdown.Page { return p }},
		{"edited page", func(p []*markdown.Page) []*markdown.Page {
			e := *p[0]
			e.Sections = []markdown.Section{{Text: "Rewritten."}}
			p[0] = &e
			return p
		}},
		{"page added first", func(p []*markdown.Page) []*markdown.Page {
			return append(p, &markdown.Page{Title: "A", URL: "/a/", Sections: []markdown.Section{{Anchor: "x", Heading: "X", Text: "first"}}})
		}},
		{"page removed", func(p []*markdown.Page) []*markdown.Page { return p[1:] }},
		{"no pages", func([]*markdown.Page) []*markdown.Page { return nil }},
	}
	for _, st := range steps {
		pages = st.edit(pages)
		got, _, err := encodeSearchIndex(pages, c)
		require.NoError(t, err, st.name)
		assert.Equal(t, wantSearchJSON(t, pages), string(got), st.name)
		got, _, err = encodeSearchIndex(pages, nil)
		require.NoError(t, err, st.name)
		assert.Equal(t, wantSearchJSON(t, pages), string(got), st.name+" (no cache)")
	}
}
