package search

import (
	"bytes"

	"github.com/docproof/docproof/generator/cache"
	"github.com/docproof/docproof/generator/markdown"
)

// The index as a build keeps it: each page's entry and encoded fragment
// cached per URL for that very *markdown.Page (later stages never modify
// one), so a rebuild after an edit cleans and encodes the text of the edited
// page only, and the fragments spilled until the index is written.

// Stores keep entries, fragments and the last index between builds, each a
// typed store (generator/cache) by URL; a nil store keeps nothing. Load may
// miss: the page's text is cleaned and encoded again.
type Stores struct {
	Entries   cache.Store[string, PageEntryOf]
	Fragments cache.Store[string, PagePart]
	Index     cache.Store[string, JoinedIndex] // the last index joined in memory (one entry)
}

// PagePart is one page's fragment of the index and the page it was made from
// (nil when made from a page not kept), so a cached fragment, or the secrets
// scan's finds in it, serve that very page at that position only.
type PagePart struct {
	Fragment
	Of *markdown.Page
}

// PageEntryOf is a page's entry and the page it was made from.
type PageEntryOf struct {
	Entry
	of *markdown.Page
}

// PageEntry returns p's entry, from c (nil: none) when it holds one for this
// very page.
func PageEntry(p *markdown.Page, c cache.Store[string, PageEntryOf]) Entry {
	if c != nil {
		if e, ok := c.Load(p.URL); ok && e.of == p {
			return e.Entry
		}
	}
	e := NewEntry(p.Title, p.URL, p.Sections)
	if c != nil {
		c.Store(p.URL, PageEntryOf{Entry: e, of: p})
	}
	return e
}

// PageFragment returns p's fragment at position n, from s when it holds one
// for this very page and position.
func PageFragment(p *markdown.Page, n int, s Stores) PagePart {
	if s.Fragments != nil {
		if f, ok := s.Fragments.Load(p.URL); ok && f.Of == p && f.N == n {
			return f
		}
	}
	f := PagePart{Fragment: Encode(PageEntry(p, s.Entries), n), Of: p}
	if s.Fragments != nil {
		s.Fragments.Store(p.URL, f)
	}
	return f
}

// PageSpill is a build's Spill and, while the fragments stay in memory, the
// page each was made from (the secrets scan's memo checks it).
type PageSpill struct {
	*Spill
	of []*markdown.Page // by position; nil when spilled to a file
}

// NewPageSpill makes room for n fragments, spilled to a temp file when
// toFile (see NewSpill).
func NewPageSpill(n int, toFile bool) *PageSpill {
	s := &PageSpill{Spill: NewSpill(n, toFile)}
	if s.InMemory() {
		s.of = make([]*markdown.Page, n)
	}
	return s
}

// PutPart keeps fr at its position.
func (s *PageSpill) PutPart(fr PagePart) error {
	if s.of != nil {
		s.of[fr.N] = fr.Of // a slot of its own: no lock needed
	}
	return s.Put(fr.Fragment)
}

// Part returns the fragment at position n.
func (s *PageSpill) Part(n int) (PagePart, error) {
	fr, err := s.Get(n)
	out := PagePart{Fragment: fr}
	if s.of != nil {
		out.Of = s.of[n]
	}
	return out, err
}

// JoinedIndex is the index a build joined in memory and the fragments
// (page, sections) it was joined from, by position.
type JoinedIndex struct {
	parts [][2][]byte
	data  []byte // never modified: the tree it was written to keeps it
}

// Bytes returns search-index.json in memory. With a store for the last
// index (c; serve), when every fragment holds the bytes of the last index's (the same
// slices for unchanged pages: a save that changes nothing, an edit of code
// blocks only), the last index itself is returned: not joined again, and the
// same slice for the served site.
func (s *PageSpill) Bytes(c cache.Store[string, JoinedIndex]) ([]byte, error) {
	const key = Name
	keep := c != nil && s.InMemory()
	var last JoinedIndex
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
			c.Store(key, JoinedIndex{parts: parts, data: last.data})
		}
		return last.data, nil
	}
	var buf bytes.Buffer
	buf.Grow(int(s.Size()) + 2*s.Len() + 64) // fragments, commas and the frame: one allocation
	if err := s.WriteIndex(&buf); err != nil {
		return nil, err
	}
	if keep {
		c.Store(key, JoinedIndex{parts: parts, data: buf.Bytes()})
	}
	return buf.Bytes(), nil
}

// sameSlice reports whether a and b are the very same bytes in memory.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// Discard removes the spill file; s may be nil (no page was planned).
func (s *PageSpill) Discard() {
	if s != nil {
		s.Close()
	}
}
