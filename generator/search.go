package generator

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/docproof/docproof/generator/secret"
)

// searchIndex is the JSON the site's search script loads. Page titles and
// URLs are stored once; each section points at its page by index.
type searchIndex struct {
	Version  int             `json:"v"`
	Pages    []searchPage    `json:"pages"`
	Sections []searchSection `json:"sections"`
}

type searchPage struct {
	Title string `json:"t"`
	URL   string `json:"u"`
}

type searchSection struct {
	Page    int    `json:"p"`           // index into Pages
	Anchor  string `json:"a,omitempty"` // heading id; "" is the page top
	Heading string `json:"h,omitempty"`
	Text    string `json:"x,omitempty"`
}

// maxSectionText caps the text indexed per section, so one huge section
// cannot bloat the index every reader downloads.
const maxSectionText = 4000

// minOpaque is the length from which a run of letters, digits, '_' and '-'
// that holds a digit counts as opaque: a token value, hash or UUID. Such
// runs are useless as search terms and may be secrets, so the index never
// carries them.
const minOpaque = 20

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// dropOpaque blanks every opaque run in s, in one pass.
func dropOpaque(s string) string {
	var b []byte // allocated on the first opaque run
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j, digit := i, false
		for ; j < len(s) && isWordByte(s[j]); j++ {
			digit = digit || s[j] >= '0' && s[j] <= '9'
		}
		if digit && j-i >= minOpaque {
			if b == nil {
				b = []byte(s)
			}
			for k := i; k < j; k++ {
				b[k] = ' '
			}
		}
		i = j
	}
	if b == nil {
		return s
	}
	return string(b)
}

// indexText collapses whitespace, drops opaque and token-shaped words and
// caps the length. Section text comes collapsed already and seldom holds
// anything to drop, so one scan (indexClean) usually shows there is nothing
// to do.
func indexText(s string) string {
	if strings.Contains(s, "bk") { // every token shape secret.Find knows starts with "bk"
		s = blankSpans(s, secret.Find(s, nil))
	}
	if !indexClean(s) {
		s = collapseSpace(dropOpaque(s))
	}
	if len(s) > maxSectionText {
		cut := strings.LastIndexByte(s[:maxSectionText], ' ')
		if cut <= 0 {
			cut = maxSectionText
		}
		s = s[:cut]
	}
	return s
}

// indexClean reports whether collapseSpace(dropOpaque(s)) is s itself: s is
// ASCII, collapsed (isCollapsed) and holds no opaque run. Non-ASCII text
// takes the long way.
func indexClean(s string) bool {
	prevSpace := true // a space at the start is not collapsed
	run, digit := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isWordByte(c) {
			run++
			digit = digit || c >= '0' && c <= '9'
			prevSpace = false
			continue
		}
		if digit && run >= minOpaque {
			return false
		}
		run, digit = 0, false
		switch {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case c >= utf8.RuneSelf || asciiSpace(c):
			return false
		default:
			prevSpace = false
		}
	}
	return !(digit && run >= minOpaque) && (!prevSpace || s == "")
}

// blankSpans replaces the bytes of every span with spaces; overlapping or
// out-of-range spans are tolerated.
func blankSpans(s string, spans []secret.Span) string {
	if len(spans) == 0 {
		return s
	}
	b := []byte(s)
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(b) || sp.Start >= sp.End {
			continue
		}
		for i := sp.Start; i < sp.End; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

// buildSearchIndex makes one entry per heading section of every published
// page, ordered by page URL so the output is deterministic. A page's entries
// are kept in cache (by URL, for that very *Page, which later stages never
// modify), so a rebuild after an edit cleans the text of the edited page only.
func buildSearchIndex(pages []*Page, cache *Cache) searchIndex {
	sorted := make([]*Page, 0, len(pages))
	for _, p := range pages {
		if !p.Front.Draft {
			sorted = append(sorted, p)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].URL < sorted[j].URL })
	idx := searchIndex{Version: 1, Pages: []searchPage{}, Sections: []searchSection{}}
	for _, p := range sorted {
		e := pageSearchEntry(p, cache)
		n := len(idx.Pages)
		idx.Pages = append(idx.Pages, e.page)
		for _, s := range e.sections {
			s.Page = n
			idx.Sections = append(idx.Sections, s)
		}
	}
	return idx
}

// searchEntry is one page's part of the search index (section Page fields unset).
type searchEntry struct {
	of       *Page
	page     searchPage
	sections []searchSection
}

func pageSearchEntry(p *Page, cache *Cache) searchEntry {
	key := "search\x00" + p.URL
	if v, ok := cache.Load(key); ok && v.(searchEntry).of == p {
		return v.(searchEntry)
	}
	e := searchEntry{of: p, page: searchPage{Title: indexText(p.Title), URL: p.URL}}
	if len(p.Sections) == 0 {
		e.sections = []searchSection{{}}
	}
	for _, s := range p.Sections {
		e.sections = append(e.sections, searchSection{Anchor: s.Anchor, Heading: indexText(s.Heading), Text: indexText(s.Text)})
	}
	if cache != nil && !cache.lean { // a one-shot build has no later build to serve
		cache.Store(key, e)
	}
	return e
}

// writeSearchIndex writes the search index for pages to
// search-index.json and returns its root-absolute URL. The name is stable
// on purpose: every page links it, so a content-hashed name would change every
// page's HTML on any text edit (a rebuild could then reuse no page). search.js
// fetches it with cache: "no-cache", so browsers revalidate it instead of
// keeping a stale copy. Entries are one per heading section, so a
// result links to page.URL + "#" + anchor. Only prose is indexed (Sections
// hold no code); words shaped like tokens, hashes or UUIDs are dropped.
func writeSearchIndex(w fileWriter, pages []*Page, cache *Cache) (string, error) {
	url, _, err := writeSearchIndexFrags(w, pages, cache)
	return url, err
}

// searchIndexName is the search index's file name at the site root.
const searchIndexName = "search-index.json"

// writeSearchIndexFrags is writeSearchIndex, also returning the per-page
// fragments the file is made of (generator/searchjson.go), in file order.
func writeSearchIndexFrags(w fileWriter, pages []*Page, cache *Cache) (string, []searchJSON, error) {
	data, frags, err := encodeSearchIndex(pages, cache)
	if err != nil {
		return "", nil, err
	}
	if err := w.WriteFile(searchIndexName, data); err != nil {
		return "", nil, fmt.Errorf("writing search index: %w", err)
	}
	return "/" + searchIndexName, frags, nil
}
