package secretscan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/search"
)

// TestIndexFindsEqualFileScan checks that the search index's finds taken
// from its cached fragments equal a scan of the file, through edits that
// change one page or shift every page's position, and that an issued value
// that could span two fragments makes the scan read the file.
func TestIndexFindsEqualFileScan(t *testing.T) {
	const leaked, other = "not-shaped-secret", "issued-sections"
	pages := []*markdown.Page{
		{Title: "Tokens", URL: "/tokens/", Sections: []markdown.Section{{Anchor: "a", Heading: "Leak", Text: "The value " + leaked + " is here."}}},
		{Title: "Home", URL: "/", Sections: []markdown.Section{{Text: "Nothing " + other}}},
		{Title: "Guide", URL: "/guide/", Sections: []markdown.Section{{Text: "Also " + leaked + "."}}},
	}
	issued := []string{leaked, other, "sections\"", issuedToken}
	c := newMemCache()
	dir := t.TempDir()
	check := func(name string, pages []*markdown.Page) scanMemo {
		t.Helper()
		frags := indexParts(t, dir, pages)
		memo := scanMemo{index: frags, cache: c}
		want := scanSite(dir, pages, issued, scanMemo{})
		require.NotEmpty(t, want, name)
		assert.Equal(t, want, scanSite(dir, pages, issued, memo), name)
		assert.Equal(t, want, scanSite(dir, pages, issued, memo), name+" (warm)")
		return memo
	}
	check("cold", pages)
	edited := *pages[1]
	edited.Sections = []markdown.Section{{Text: "Edited, " + leaked}}
	pages[1] = &edited
	check("one page edited", pages)
	pages = append(pages, &markdown.Page{Title: "A", URL: "/a/", Sections: []markdown.Section{{Text: other + " first"}}})
	memo := check("a page added before the others", pages)

	// The memo answers without reading the file ...
	want := scanSite(dir, pages, issued, memo)
	path := filepath.Join(dir, search.Name)
	require.NoError(t, os.WriteFile(path, []byte(`{"x":"`+issuedToken+`"}`), 0o644))
	assert.Equal(t, want, scanSite(dir, pages, issued, memo))
	// ... unless an issued value holds a joining character.
	joined := append(issued, "value,"+issuedToken)
	got := scanSite(dir, pages, joined, memo)
	assert.Equal(t, scanSite(dir, pages, joined, scanMemo{}), got)
	assert.NotEqual(t, want, got, "the file was read")
}

func TestJoinSafe(t *testing.T) {
	assert.True(t, joinSafe(nil))
	assert.True(t, joinSafe([]string{"bkaa_abc", "a.b-c_d"}))
	for _, v := range []string{"a,b", "a[b", "a]b", "a{b", "a}b"} {
		assert.False(t, joinSafe([]string{"ok", v}), v)
	}
}
