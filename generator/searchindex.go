package generator

import (
	"bytes"
	"github.com/docproof/docproof/generator/cache"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/search"
)

// The search index (package search) as the build keeps it: each page's
// entry and encoded fragment cached per URL for that very *markdown.Page (later stages
// never modify one), so a rebuild after an edit cleans and encodes the text
// of the edited page only, and the fragments spilled until the index is
// written.

// Section is the plain text under one heading, for the search index.
type Section = search.Section

// searchIndexName is the search index's file name at the site root.
const searchIndexName = search.Name

// searchEntry is a page's search entry and the page it was made from.
type searchEntry struct {
	search.Entry
	of *markdown.Page
}

// pageSearchEntry returns p's search entry, from entries (by URL; nil keeps
// nothing) when it holds one for this very *markdown.Page.
func pageSearchEntry(p *markdown.Page, entries cache.Store[string, searchEntry]) search.Entry {
	if entries == nil {
		return search.NewEntry(p.Title, p.URL, p.Sections)
	}
	if e, ok := entries.Load(p.URL); ok && e.of == p {
		return e.Entry
	}
	e := search.NewEntry(p.Title, p.URL, p.Sections)
	entries.Store(p.URL, searchEntry{Entry: e, of: p})
	return e
}

// searchJSON is one page's fragment of search-index.json and the page it was
// made from (nil when the fragment was made from a page not kept), so a
// cached fragment serves that very *markdown.Page at that position only.
type searchJSON struct {
	search.Fragment
	of *markdown.Page
}

// pageSearchJSON returns p's fragment at position n, from c's stores (by
// URL) when they hold one for this very *markdown.Page and position.
func pageSearchJSON(p *markdown.Page, n int, c *Cache) (searchJSON, error) {
	c = c.orNone()
	if c.searchJSON != nil {
		if f, ok := c.searchJSON.Load(p.URL); ok && f.of == p && f.N == n {
			return f, nil
		}
	}
	f := searchJSON{Fragment: search.Encode(pageSearchEntry(p, c.search), n), of: p}
	if c.searchJSON != nil {
		c.searchJSON.Store(p.URL, f)
	}
	return f, nil
}

// searchSpill is the build's search.Spill and, while the fragments stay in
// memory, the page each was made from (the secrets scan's memo checks it).
type searchSpill struct {
	*search.Spill
	of []*markdown.Page // by position; nil when spilled to a file
}

// newSearchSpill makes room for n fragments, spilled to a temp file when
// toFile (see search.NewSpill).
func newSearchSpill(n int, toFile bool) *searchSpill {
	s := &searchSpill{Spill: search.NewSpill(n, toFile)}
	if s.InMemory() {
		s.of = make([]*markdown.Page, n)
	}
	return s
}

// put keeps fr at its position.
func (s *searchSpill) put(fr searchJSON) error {
	if s.of != nil {
		s.of[fr.N] = fr.of // a slot of its own: no lock needed
	}
	return s.Put(fr.Fragment)
}

// get returns the fragment at position n.
func (s *searchSpill) get(n int) (searchJSON, error) {
	fr, err := s.Get(n)
	out := searchJSON{Fragment: fr}
	if s.of != nil {
		out.of = s.of[n]
	}
	return out, err
}

// indexEntry is the search index a build joined in memory and the
// fragments (page, sections) it was joined from, by position.
type indexEntry struct {
	parts [][2][]byte
	data  []byte // never modified: the tree it was written to keeps it
}

// bytes returns search-index.json in memory. With a store for the last
// index (serve), when every fragment holds the bytes of the last index's (the same
// slices for unchanged pages: a save that changes nothing, an edit of code
// blocks only), the last index itself is returned: not joined again, and the
// same slice for the served site.
func (s *searchSpill) bytes(c cache.Store[string, indexEntry]) ([]byte, error) {
	const key = search.Name
	keep := c != nil && s.InMemory()
	var last indexEntry
	if keep {
		last, _ = c.Load(key)
	}
	parts := make([][2][]byte, s.Len())
	same, moved := last.data != nil && len(last.parts) == len(parts), false
	for n := range parts {
		fr, err := s.Get(n)
		if err != nil {
			return nil, err
		}
		parts[n] = [2][]byte{fr.Page, fr.Sections}
		if same {
			old := last.parts[n]
			if !sameSlice(old[0], fr.Page) || !sameSlice(old[1], fr.Sections) {
				moved = true
				same = bytes.Equal(old[0], fr.Page) && bytes.Equal(old[1], fr.Sections)
			}
		}
	}
	if same {
		if moved { // equal bytes in new slices: compare those next time
			c.Store(key, indexEntry{parts: parts, data: last.data})
		}
		return last.data, nil
	}
	var buf bytes.Buffer
	buf.Grow(int(s.Size()) + 2*s.Len() + 64) // fragments, commas and the frame: one allocation
	if err := s.WriteIndex(&buf); err != nil {
		return nil, err
	}
	if keep {
		c.Store(key, indexEntry{parts: parts, data: buf.Bytes()})
	}
	return buf.Bytes(), nil
}

// sameSlice reports whether a and b are the very same bytes in memory.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// close removes the spill file; s may be nil (no page was planned).
func (s *searchSpill) close() {
	if s != nil {
		s.Close()
	}
}
