package search

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/markdown"
)

// marshalNoEscape is json.Marshal without escaping <, > and &, as the index
// is fetched as JSON, never inlined into HTML. Tests compare the hand-written
// encoding with it.
func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// checkSearchJSON fails when the hand-written JSON of a page and a section
// made of s differs from encoding/json's.
func checkSearchJSON(t *testing.T, s string, n int) {
	t.Helper()
	page := IndexPage{Title: s, URL: s}
	want, err := marshalNoEscape(page)
	require.NoError(t, err)
	if got := appendSearchPage([]byte("x"), page); string(got) != "x"+string(want) {
		t.Fatalf("page %q:\n got %s\nwant %s", s, got, want)
	}
	for _, sec := range []IndexSection{{Page: n}, {Page: n, Text: s}, {Page: n, Anchor: s, Heading: s + "h"}, {Page: n, Anchor: "a", Heading: s, Text: s}} {
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

// TestJoinMatchesEncodingJSON holds the index joined from fragments equal to
// encoding/json's encoding of the same Index, and the spill (in memory and
// in a file) equal to Join.
func TestJoinMatchesEncodingJSON(t *testing.T) {
	entries := []Entry{
		NewEntry("Home", "/", nil),
		NewEntry("Agent <tokens>", "/agent/", []markdown.Section{{Text: "Intro   text"}, {Anchor: "a", Heading: "A & B", Text: "x \u2028 y"}}),
	}
	idx := Index{Version: 1, Pages: []IndexPage{}, Sections: []IndexSection{}}
	var frags []Fragment
	for n, e := range entries {
		idx.Pages = append(idx.Pages, e.Page)
		for _, s := range e.Sections {
			s.Page = n
			idx.Sections = append(idx.Sections, s)
		}
		frags = append(frags, Encode(e, n))
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(idx))
	assert.Equal(t, want.String(), string(Join(frags)))
	assert.Equal(t, `{"v":1,"pages":[],"sections":[]}`+"\n", string(Join(nil)))
	for _, toFile := range []bool{false, true} {
		s := NewSpill(len(frags), toFile)
		for i := len(frags) - 1; i >= 0; i-- { // pages finish in any order
			require.NoError(t, s.Put(frags[i]))
		}
		assert.Equal(t, !toFile, s.InMemory())
		var got bytes.Buffer
		require.NoError(t, s.WriteIndex(&got))
		assert.Equal(t, want.String(), got.String(), "spill to file: %v", toFile)
		s.Close()
	}
}
