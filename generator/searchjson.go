package generator

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"unicode/utf8"
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

// pageSearchJSON returns page p's fragment at position n. The JSON is
// written by hand (appendJSONString), byte for byte what encoding/json
// writes for searchPage and searchSection without HTML escaping
// (searchjson_test.go holds them equal, fuzzed): reflection cost more than
// the rest of the fragment.
func pageSearchJSON(p *Page, n int, cache *Cache) (searchJSON, error) {
	key := "searchjson\x00" + p.URL
	if v, ok := cache.Load(key); ok {
		if f := v.(searchJSON); f.of == p && f.n == n {
			return f, nil
		}
	}
	e := pageSearchEntry(p, cache)
	f := searchJSON{of: p, url: p.URL, n: n}
	f.page = appendSearchPage(make([]byte, 0, len(e.page.Title)+len(e.page.URL)+16), e.page)
	size := 0
	for _, s := range e.sections {
		size += len(s.Anchor) + len(s.Heading) + len(s.Text) + 40
	}
	sections := make([]byte, 0, size)
	for i, s := range e.sections {
		if i > 0 {
			sections = append(sections, ',')
		}
		sections = appendSearchSection(sections, n, s)
	}
	f.sections = sections
	if cache != nil && !cache.lean { // a one-shot build has no later build to serve
		cache.Store(key, f)
	}
	return f, nil
}

// appendSearchPage appends the JSON of p: {"t":…,"u":…}.
func appendSearchPage(dst []byte, p searchPage) []byte {
	dst = append(dst, `{"t":`...)
	dst = appendJSONString(dst, p.Title)
	dst = append(dst, `,"u":`...)
	dst = appendJSONString(dst, p.URL)
	return append(dst, '}')
}

// appendSearchSection appends the JSON of s as the section of page n:
// {"p":n,"a":…,"h":…,"x":…}, empty strings left out (omitempty).
func appendSearchSection(dst []byte, n int, s searchSection) []byte {
	dst = append(dst, `{"p":`...)
	dst = strconv.AppendInt(dst, int64(n), 10)
	for _, f := range [...]struct{ key, val string }{{`,"a":`, s.Anchor}, {`,"h":`, s.Heading}, {`,"x":`, s.Text}} {
		if f.val != "" {
			dst = append(dst, f.key...)
			dst = appendJSONString(dst, f.val)
		}
	}
	return append(dst, '}')
}

// appendJSONString appends s as a JSON string the way encoding/json writes
// it with HTML escaping off: '"' and '\\' escaped with a backslash, control
// characters as \b \f \n \r \t or \u00XX, invalid UTF-8 as \ufffd, U+2028
// and U+2029 as \u2028 and \u2029; everything else as it is.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

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
