package generator

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantSearchJSON is the index as encoding/json writes it in one go.
func wantSearchJSON(t *testing.T, pages []*Page) string {
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
	pages[0].Sections = append(pages[0].Sections, Section{Anchor: "html", Heading: `<b> & "quotes"`, Text: "a < b && c > d \u2028 é"})
	c := NewCache()
	steps := []struct {
		name string
		edit func([]*Page) []*Page
	}{
		{"cold", func(p []*Page) []*Page { return p }},
		{"warm", func(p []*Page) []*Page { return p }},
		{"edited page", func(p []*Page) []*Page {
			e := *p[0]
			e.Sections = []Section{{Text: "Rewritten."}}
			p[0] = &e
			return p
		}},
		{"page added first", func(p []*Page) []*Page {
			return append(p, &Page{Title: "A", URL: "/a/", Sections: []Section{{Anchor: "x", Heading: "X", Text: "first"}}})
		}},
		{"page removed", func(p []*Page) []*Page { return p[1:] }},
		{"no pages", func([]*Page) []*Page { return nil }},
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

// checkSearchJSON fails when the hand-written JSON of a page and a section
// made of s differs from encoding/json's.
func checkSearchJSON(t *testing.T, s string, n int) {
	t.Helper()
	page := searchPage{Title: s, URL: s}
	want, err := marshalNoEscape(page)
	require.NoError(t, err)
	if got := appendSearchPage([]byte("x"), page); string(got) != "x"+string(want) {
		t.Fatalf("page %q:\n got %s\nwant %s", s, got, want)
	}
	for _, sec := range []searchSection{{Page: n}, {Page: n, Text: s}, {Page: n, Anchor: s, Heading: s + "h"}, {Page: n, Anchor: "a", Heading: s, Text: s}} {
		want, err := marshalNoEscape(sec)
		require.NoError(t, err)
		if got := appendSearchSection(nil, n, sec); string(got) != string(want) {
			t.Fatalf("section %+v:\n got %s\nwant %s", sec, got, want)
		}
	}
}

func TestSearchJSONMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{
		"", "plain text", `quotes " and \ backslash`, "<b> & </b>", "tab\tnl\nlf\rff\fbs\b", "\x00\x01\x1f\x7f",
		"é ünïcode ☃ 😀", "bad \xff\xfe utf8", "cut \xe2\x80", "line\u2028para\u2029sep", "\u2027\u202a",
	} {
		checkSearchJSON(t, s, 7)
	}
}

func FuzzSearchJSON(f *testing.F) {
	for _, s := range []string{"", "a\"b\\c", "\x00\u2028\xff", "<&>", "é😀"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		checkSearchJSON(t, s, n)
	})
}
