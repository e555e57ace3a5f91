package generator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/secret"
)

func searchFixture() []*Page {
	return []*Page{
		{Title: "Agent tokens", URL: "/agent/v3/tokens/", Sections: []Section{
			{Anchor: "", Heading: "", Text: "Intro   text\n about tokens."},
			{Anchor: "session-tokens", Heading: "Session tokens", Text: "The register call returns an access token."},
			{Anchor: "example", Heading: "Example", Text: "A value like 3f9a1c0e77b24d6a9c51e0f2b8d4a6c1e9f03b7d is never indexed, nor 0b1e5c2a-4d7f-4a8e-9c3b-2f6d8e1a7b90."},
		}},
		{Title: "Home", URL: "/", Sections: nil},
		{Title: "Secret draft", URL: "/draft/", Front: FrontMatter{Draft: true}, Sections: []Section{{Text: "unpublished"}}},
	}
}

func TestBuildSearchIndexOneEntryPerSection(t *testing.T) {
	idx := buildSearchIndex(searchFixture(), nil)
	require.Equal(t, []searchPage{{Title: "Home", URL: "/"}, {Title: "Agent tokens", URL: "/agent/v3/tokens/"}}, idx.Pages)
	require.Len(t, idx.Sections, 4, "one entry for the page without sections, one per section of the other")
	assert.Equal(t, searchSection{Page: 0}, idx.Sections[0])
	assert.Equal(t, searchSection{Page: 1, Text: "Intro text about tokens."}, idx.Sections[1], "whitespace collapsed")
	assert.Equal(t, searchSection{Page: 1, Anchor: "session-tokens", Heading: "Session tokens",
		Text: "The register call returns an access token."}, idx.Sections[2])
}

func TestIndexTextDropsOpaqueWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"token 3f9a1c0e77b24d6a9c51e0f2b8d4a6c1e9f03b7d here", "token here"},
		{"uuid 0b1e5c2a-4d7f-4a8e-9c3b-2f6d8e1a7b90.", "uuid ."},
		{"BUILDKITE_AGENT_ACCESS_TOKEN stays", "BUILDKITE_AGENT_ACCESS_TOKEN stays"},
		{"short abc123 stays", "short abc123 stays"},
		{"real shape bkua_QwErTyUiOpAsDfGhJkLzXcVbNm gone", "real shape gone"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, indexText(tt.in), tt.in)
	}
}

func TestIndexTextCapsLength(t *testing.T) {
	long := strings.Repeat("word ", 2000)
	got := indexText(long)
	assert.LessOrEqual(t, len(got), maxSectionText)
	assert.False(t, strings.HasSuffix(got, " "))
	assert.True(t, strings.HasSuffix(got, "word"), "cut at a word boundary")
}

func TestWriteSearchIndex(t *testing.T) {
	dir := t.TempDir()
	url, err := writeSearchIndex(dirTree(dir), searchFixture(), nil)
	require.NoError(t, err)
	require.Equal(t, "/search-index.json", url, "a stable name: a text edit must not change every page")
	data, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(url, "/")))
	require.NoError(t, err)
	var idx searchIndex
	require.NoError(t, json.Unmarshal(data, &idx))
	assert.Equal(t, 1, idx.Version)
	assert.NotContains(t, string(data), "3f9a1c0e77b24d6a9c51e0f2b8d4a6c1e9f03b7d")
	assert.NotContains(t, string(data), "unpublished", "drafts are not indexed")

	again, err := writeSearchIndex(dirTree(t.TempDir()), searchFixture(), nil)
	require.NoError(t, err)
	assert.Equal(t, url, again, "the index is deterministic")
}

func TestWriteSearchIndexEmptySite(t *testing.T) {
	dir := t.TempDir()
	url, err := writeSearchIndex(dirTree(dir), nil, nil)
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(url, "/")))
	require.NoError(t, err)
	assert.JSONEq(t, `{"v":1,"pages":[],"sections":[]}`, string(data))
}

// BenchmarkWriteSearchIndex measures indexing a 500-page site with ten
// sections a page, which every build and every `docproof serve` rebuild pays.
func BenchmarkWriteSearchIndex(b *testing.B) {
	text := strings.Repeat("The agent access token lets a connected agent poll for work and accept jobs. ", 12)
	pages := make([]*Page, 500)
	for i := range pages {
		p := &Page{Title: "Page " + strings.Repeat("x", i%7), URL: "/section/page-" + strings.Repeat("y", i%11) + "/"}
		for s := range 10 {
			p.Sections = append(p.Sections, Section{Anchor: "a" + strings.Repeat("z", s), Heading: "Heading", Text: text})
		}
		pages[i] = p
	}
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := writeSearchIndex(dirTree(dir), pages, nil); err != nil {
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
	// A page re-rendered (a new *Page at the same URL) is indexed afresh.
	edited := *pages[0]
	edited.Sections = []Section{{Text: "Rewritten intro."}}
	pages[0] = &edited
	got := buildSearchIndex(pages, c)
	assert.Equal(t, buildSearchIndex(pages, nil), got)
	assert.Contains(t, got.Sections, searchSection{Page: 1, Text: "Rewritten intro."})
}

// indexTextRef is indexText without its shortcuts: every step on every text.
func indexTextRef(s string) string {
	s = collapseSpace(dropOpaque(blankSpans(s, secret.Find(s, nil))))
	if len(s) > maxSectionText {
		cut := strings.LastIndexByte(s[:maxSectionText], ' ')
		if cut <= 0 {
			cut = maxSectionText
		}
		s = s[:cut]
	}
	return s
}

func TestIndexTextShortcuts(t *testing.T) {
	for _, s := range []string{
		"", "plain collapsed text", " lead", "trail ", "two  spaces", "tab\there", "é accent",
		"abcdefghij0123456789", "abcdefghij012345678", "end abcdefghij0123456789", "bkua_QwErTyUiOpAsDfGhJkLzXcVbNm",
		"a bk b", "bkpat_ x", "9" + strings.Repeat("a", 19) + " x",
	} {
		assert.Equal(t, indexTextRef(s), indexText(s), "%q", s)
	}
}

func FuzzIndexText(f *testing.F) {
	for _, s := range []string{"", "a  b", "x 0123456789abcdefghij y", "bkaa_0123456789abcdefghijk", "\u00a0é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := indexText(s), indexTextRef(s); got != want {
			t.Fatalf("indexText(%q) = %q, want %q", s, got, want)
		}
	})
}
