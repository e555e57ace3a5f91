package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// searchJSON is one page's part of search-index.json, already encoded: its
// element of "pages" and its elements of "sections" (comma-separated), which
// name the page by its position n. Cached per URL for that very *Page and
// position, so a rebuild after an edit encodes one page, not the whole index.
type searchJSON struct {
	of       *Page // nil when the fragment was made from a page not kept
	url      string
	n        int
	page     []byte
	sections []byte
}

// The constant parts of search-index.json around the fragments.
const (
	indexHead = `{"v":1,"pages":[`
	indexMid  = `],"sections":[`
	indexTail = "]}\n"
)

// encodeSearchIndex returns what encoding/json writes for
// buildSearchIndex(pages) (HTML characters unescaped, a final newline),
// assembled from per-page fragments, and those fragments in file order.
func encodeSearchIndex(pages []*Page, cache *Cache) ([]byte, []searchJSON, error) {
	sorted := make([]*Page, 0, len(pages))
	size := 0
	for _, p := range pages {
		if !p.Front.Draft {
			sorted = append(sorted, p)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].URL < sorted[j].URL })
	frags := make([]searchJSON, len(sorted))
	for n, p := range sorted {
		f, err := pageSearchJSON(p, n, cache)
		if err != nil {
			return nil, nil, err
		}
		frags[n] = f
		size += len(f.page) + len(f.sections) + 2
	}
	var buf bytes.Buffer
	buf.Grow(size + 64)
	buf.WriteString(indexHead)
	for n, f := range frags {
		if n > 0 {
			buf.WriteByte(',')
		}
		buf.Write(f.page)
	}
	buf.WriteString(indexMid)
	first := true
	for _, f := range frags {
		if len(f.sections) == 0 {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		buf.Write(f.sections)
		first = false
	}
	buf.WriteString(indexTail)
	return buf.Bytes(), frags, nil
}

func pageSearchJSON(p *Page, n int, cache *Cache) (searchJSON, error) {
	key := "searchjson\x00" + p.URL
	if v, ok := cache.Load(key); ok {
		if f := v.(searchJSON); f.of == p && f.n == n {
			return f, nil
		}
	}
	e := pageSearchEntry(p, cache)
	f := searchJSON{of: p, url: p.URL, n: n}
	var err error
	if f.page, err = marshalNoEscape(e.page); err != nil {
		return f, fmt.Errorf("encoding search index: %w", err)
	}
	var sections bytes.Buffer
	for i, s := range e.sections {
		s.Page = n
		b, err := marshalNoEscape(s)
		if err != nil {
			return f, fmt.Errorf("encoding search index: %w", err)
		}
		if i > 0 {
			sections.WriteByte(',')
		}
		sections.Write(b)
	}
	f.sections = sections.Bytes()
	if cache != nil && !cache.lean { // a one-shot build has no later build to serve
		cache.Store(key, f)
	}
	return f, nil
}

// marshalNoEscape is json.Marshal without escaping <, > and &, as the index
// is fetched as JSON, never inlined into HTML.
func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
