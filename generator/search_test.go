package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/generator/theme"
)

func searchFixture() []*markdown.Page {
	return []*markdown.Page{
		{Title: "Agent tokens", URL: "/agent/v3/tokens/", Sections: []markdown.Section{
			{Anchor: "", Heading: "", Text: "Intro   text\n about tokens."},
			{Anchor: "session-tokens", Heading: "Session tokens", Text: "The register call returns an access token."},
			{Anchor: "example", Heading: "Example", Text: "A value like 3f9a1c0e77b24d6a9c51e0f2b8d4a6c1e9f03b7d is never indexed, nor 0b1e5c2a-4d7f-4a8e-9c3b-2f6d8e1a7b90."},
		}},
		{Title: "Home", URL: "/", Sections: nil},
		{Title: "Secret draft", URL: "/draft/", Front: source.FrontMatter{Draft: true}, Sections: []markdown.Section{{Text: "unpublished"}}},
	}
}

// buildSearchIndex is the index of pages as a Go value, made the plain way:
// one entry per heading section of every published page, ordered by URL.
// Tests hold the build's fragments equal to encoding it.
func buildSearchIndex(pages []*markdown.Page, c *Cache) search.Index {
	idx := search.Index{Version: 1, Pages: []search.IndexPage{}, Sections: []search.IndexSection{}}
	for n, p := range publishedByURL(pages) {
		e := search.PageEntry(p, c.orNone().search.Entries)
		idx.Pages = append(idx.Pages, e.Page)
		for _, s := range e.Sections {
			s.Page = n
			idx.Sections = append(idx.Sections, s)
		}
	}
	return idx
}

// publishedByURL is pages without drafts, sorted by URL: the index's order.
func publishedByURL(pages []*markdown.Page) []*markdown.Page {
	sorted := make([]*markdown.Page, 0, len(pages))
	for _, p := range pages {
		if !p.Front.Draft {
			sorted = append(sorted, p)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].URL < sorted[j].URL })
	return sorted
}

// encodeSearchIndex is search-index.json of pages joined from their cached
// fragments, and those fragments in file order.
func encodeSearchIndex(pages []*markdown.Page, cache *Cache) ([]byte, []search.PagePart, error) {
	sorted := publishedByURL(pages)
	frags := make([]search.PagePart, len(sorted))
	plain := make([]search.Fragment, len(sorted))
	for n, p := range sorted {
		f := search.PageFragment(p, n, cache.orNone().search)
		frags[n], plain[n] = f, f.Fragment
	}
	return search.Join(plain), frags, nil
}

// writeSearchIndex writes the index of pages to w and returns its URL.
func writeSearchIndex(w theme.Writer, pages []*markdown.Page, cache *Cache) (string, error) {
	url, _, err := writeSearchIndexFrags(w, pages, cache)
	return url, err
}

// writeSearchIndexFrags is writeSearchIndex, also returning the fragments.
func writeSearchIndexFrags(w theme.Writer, pages []*markdown.Page, cache *Cache) (string, []search.PagePart, error) {
	data, frags, err := encodeSearchIndex(pages, cache)
	if err != nil {
		return "", nil, err
	}
	if err := w.WriteFile(search.Name, data); err != nil {
		return "", nil, err
	}
	return "/" + search.Name, frags, nil
}

func TestBuildSearchIndexOneEntryPerSection(t *testing.T) {
	idx := buildSearchIndex(searchFixture(), nil)
	require.Equal(t, []search.IndexPage{{Title: "Home", URL: "/"}, {Title: "Agent tokens", URL: "/agent/v3/tokens/"}}, idx.Pages)
	require.Len(t, idx.Sections, 4, "one entry for the page without sections, one per section of the other")
	assert.Equal(t, search.IndexSection{Page: 0}, idx.Sections[0])
	assert.Equal(t, search.IndexSection{Page: 1, Text: "Intro text about tokens."}, idx.Sections[1], "whitespace collapsed")
	assert.Equal(t, search.IndexSection{Page: 1, Anchor: "session-tokens", Heading: "Session tokens",
		Text: "The register call returns an access token."}, idx.Sections[2])
}

func TestWriteSearchIndex(t *testing.T) {
	dir := t.TempDir()
	url, err := writeSearchIndex(testtree.Dir(dir), searchFixture(), nil)
	require.NoError(t, err)
	require.Equal(t, "/search-index.json", url, "a stable name: a text edit must not change every page")
	data, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(url, "/")))
	require.NoError(t, err)
	var idx search.Index
	require.NoError(t, json.Unmarshal(data, &idx))
	assert.Equal(t, 1, idx.Version)
	assert.NotContains(t, string(data), "3f9a1c0e77b24d6a9c51e0f2b8d4a6c1e9f03b7d")
	assert.NotContains(t, string(data), "unpublished", "drafts are not indexed")

	again, err := writeSearchIndex(testtree.Dir(t.TempDir()), searchFixture(), nil)
	require.NoError(t, err)
	assert.Equal(t, url, again, "the index is deterministic")
}

func TestWriteSearchIndexEmptySite(t *testing.T) {
	dir := t.TempDir()
	url, err := writeSearchIndex(testtree.Dir(dir), nil, nil)
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(url, "/")))
	require.NoError(t, err)
	assert.JSONEq(t, `{"v":1,"pages":[],"sections":[]}`, string(data))
}

// BenchmarkWriteSearchIndex measures indexing a 500-page site with ten
// sections a page, which every build and every `docproof serve` rebuild pays.
func BenchmarkWriteSearchIndex(b *testing.B) {
	text := strings.Repeat("The agent access token lets a connected agent poll for work and accept jobs. ", 12)
	pages := make([]*markdown.Page, 500)
	for i := range pages {
		p := &markdown.Page{Title: "Page " + strings.Repeat("x", i%7), URL: "/section/page-" + strings.Repeat("y", i%11) + "/"}
		for s := range 10 {
			p.Sections = append(p.Sections, markdown.Section{Anchor: "a" + strings.Repeat("z", s), Heading: "Heading", Text: text})
		}
		pages[i] = p
	}
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := writeSearchIndex(testtree.Dir(dir), pages, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBuildSearchIndexCache(t *testing.T) {
	pages := searchFixture()
	want := buildSearchIndex(pages, nil)
	c := NewCache()
	assert.Equal(t, want, buildSearchIndex(pages, c), "cold cache")
	assert.Equal(t, want, buildSearchIndex(pages, c), "warm cache")
	// A page re-rendered (a new *markdown.Page at the same URL) is indexed afresh.
	edited := *pages[0]
	edited.Sections = []markdown.Section{{Text: "Rewritten intro."}}
	pages[0] = &edited
	got := buildSearchIndex(pages, c)
	assert.Equal(t, buildSearchIndex(pages, nil), got)
	assert.Contains(t, got.Sections, search.IndexSection{Page: 1, Text: "Rewritten intro."})
}
