package search

import (
	"bytes"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/docproof/docproof/generator/markdown"
)

// Name is the index's file name at the site root. It is stable on purpose:
// every page links it, so a content-hashed name would change every page's
// HTML on any text edit. search.js fetches it with cache: "no-cache".
const Name = "search-index.json"

// Index is search-index.json as a Go value, what the site's search script
// loads: page titles and URLs once, each section pointing at its page by
// position. The build writes it from fragments (Join, Spill); tests hold that
// equal to encoding an Index with encoding/json (HTML characters unescaped,
// a final newline).
type Index struct {
	Version  int            `json:"v"`
	Pages    []IndexPage    `json:"pages"`
	Sections []IndexSection `json:"sections"`
}

// IndexPage is one page of the index.
type IndexPage struct {
	Title string `json:"t"`
	URL   string `json:"u"`
}

// IndexSection is one heading section of the index.
type IndexSection struct {
	Page    int    `json:"p"`           // index into Pages
	Anchor  string `json:"a,omitempty"` // heading id; "" is the page top
	Heading string `json:"h,omitempty"`
	Text    string `json:"x,omitempty"`
}

// Entry is one page's part of the index with its text cleaned (Text): its
// page and its sections, whose Page fields are set only when encoded.
type Entry struct {
	Page     IndexPage
	Sections []IndexSection
}

// NewEntry makes a page's entry: one section per heading section (a page
// without any still gets one, its top), words shaped like tokens, hashes or
// UUIDs dropped.
func NewEntry(title, url string, sections []markdown.Section) Entry {
	e := Entry{Page: IndexPage{Title: Text(title), URL: url}}
	if len(sections) == 0 {
		e.Sections = []IndexSection{{}}
	}
	for _, s := range sections {
		e.Sections = append(e.Sections, IndexSection{Anchor: s.Anchor, Heading: Text(s.Heading), Text: Text(s.Text)})
	}
	return e
}

// Fragment is one page's part of search-index.json, already encoded: its
// element of "pages" and its elements of "sections" (comma-separated), which
// name the page by its position N.
type Fragment struct {
	URL      string
	N        int
	Page     []byte
	Sections []byte
}

// Encode encodes e as the page at position n, as encoding/json would.
func Encode(e Entry, n int) Fragment {
	f := Fragment{URL: e.Page.URL, N: n}
	f.Page = appendSearchPage(make([]byte, 0, len(e.Page.Title)+len(e.Page.URL)+16), e.Page)
	size := 0
	for _, s := range e.Sections {
		size += len(s.Anchor) + len(s.Heading) + len(s.Text) + 40
	}
	sections := make([]byte, 0, size)
	for i, s := range e.Sections {
		if i > 0 {
			sections = append(sections, ',')
		}
		sections = appendSearchSection(sections, n, s)
	}
	f.Sections = sections
	return f
}

// The constant parts of search-index.json around the fragments: Head, the
// pages' fragments, Mid, the sections' fragments, Tail.
const (
	Head = `{"v":1,"pages":[`
	Mid  = `],"sections":[`
	Tail = "]}\n"
)

// Join returns search-index.json made of frags, in order.
func Join(frags []Fragment) []byte {
	size := 0
	for _, f := range frags {
		size += len(f.Page) + len(f.Sections) + 2
	}
	var buf bytes.Buffer
	buf.Grow(size + 64)
	writeIndex(&buf, len(frags), func(n int) (Fragment, error) { return frags[n], nil })
	return buf.Bytes()
}

// indexWriter is what writeIndex needs: *bytes.Buffer and *bufio.Writer.
type indexWriter interface {
	io.Writer
	io.ByteWriter
	io.StringWriter
}

// writeIndex writes the index of n fragments, got one at a time, to bw; a
// write error is the caller's to find (bytes.Buffer has none, bufio.Writer
// returns it from Flush).
func writeIndex(bw indexWriter, n int, get func(int) (Fragment, error)) error {
	bw.WriteString(Head)
	for i := range n {
		fr, err := get(i)
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.Write(fr.Page)
	}
	bw.WriteString(Mid)
	first := true
	for i := range n {
		fr, err := get(i)
		if err != nil {
			return err
		}
		if len(fr.Sections) == 0 {
			continue
		}
		if !first {
			bw.WriteByte(',')
		}
		bw.Write(fr.Sections)
		first = false
	}
	bw.WriteString(Tail)
	return nil
}

// appendSearchPage appends the JSON of p: {"t":…,"u":…}.
func appendSearchPage(dst []byte, p IndexPage) []byte {
	dst = append(dst, `{"t":`...)
	dst = appendJSONString(dst, p.Title)
	dst = append(dst, `,"u":`...)
	dst = appendJSONString(dst, p.URL)
	return append(dst, '}')
}

// appendSearchSection appends the JSON of s as the section of page n:
// {"p":n,"a":…,"h":…,"x":…}, empty strings left out (omitempty).
func appendSearchSection(dst []byte, n int, s IndexSection) []byte {
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
