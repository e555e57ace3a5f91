package markdown

import (
	"html/template"
	"sort"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/markdown/erb"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/source"
)

// TOCEntry is one heading in a page's table of contents.
type TOCEntry struct {
	ID       string
	Text     string
	Level    int
	Children []TOCEntry
}

// Link is an internal link found in a page, with its source line.
type Link struct {
	Dest     string // decoded as CommonMark says (backslash escapes, character references), e.g. "../tokens.md#revoking"
	Line     int
	Target   string // root-absolute site path it resolves to, e.g. "/agent/v3/tokens/"
	Fragment string // anchor without '#', "" when none
	Image    bool   // an image source rather than a link

	// File is the partial the link is written in ("" for the page itself),
	// IncludedFrom where that partial was included (partials: erb).
	File         string       `json:",omitempty"`
	IncludedFrom []diag.Place `json:",omitempty"`
}

// Page is a rendered Markdown page.
type Page struct {
	source.Source
	Front  source.FrontMatter
	Title  string
	URL    string          // pretty URL, e.g. "/agent/v3/tokens/"
	Body   template.HTML   // rendered Markdown
	TOC    []TOCEntry      // h2 entries with h3 children
	Blocks []fence.Block   // every fenced code block, in order
	Links  []Link          // internal links
	IDs    map[string]bool // every element id on the page (headings, footnotes)
	HasH1  bool            // the body holds an <h1>

	// ERBLeftOut: ERB fragments docproof cannot run were left out of the
	// page (partials: erb), so it may lack ids the real site's page has.
	ERBLeftOut bool

	Sections []Section // one per heading section
	// BrokenBlocks is set when the front matter or a code block has errors
	// (bad attributes, no closing fence): the page's samples are not run.
	BrokenBlocks bool

	origins []erb.Origin // partials: erb: where each line of the expanded body comes from; nil when unexpanded
	idList  string       // instead of IDs in a streaming build's metadata: every id, each followed by NUL, after a NUL
	unread  bool         // streaming metadata of a page pass 2 could not read: its ids are unknown
}

// MarkUnread records that the page (streaming metadata) could not be read
// again: its ids are unknown, and links to it are not checked for them.
func (p *Page) MarkUnread() { p.unread = true }

// CompactIDs replaces p.IDs by the ids (sorted, in one string), a fraction
// of a map's memory: HasID still answers.
func (p *Page) CompactIDs(ids map[string]bool) {
	all := make([]string, 0, len(ids))
	for id := range ids {
		all = append(all, id)
	}
	sort.Strings(all)
	p.IDs, p.idList = nil, "\x00"+strings.Join(all, "\x00")+"\x00"
}

// HasID reports whether the page has an element with this id.
func (p *Page) HasID(id string) bool {
	if p.unread { // the page's own error is reported: do not add one per link to it
		return true
	}
	if p.IDs != nil || p.idList == "" {
		return p.IDs[id]
	}
	return !strings.Contains(id, "\x00") && strings.Contains(p.idList, "\x00"+id+"\x00")
}

// IDSet returns the page's ids as a set.
func (p *Page) IDSet() map[string]bool {
	if p.IDs != nil || p.idList == "" {
		return p.IDs
	}
	set := map[string]bool{}
	for _, id := range strings.Split(strings.Trim(p.idList, "\x00"), "\x00") {
		if id != "" {
			set[id] = true
		}
	}
	return set
}

// SampleInput is what sample.Extract needs of the page: the verify stage and
// the render stage's "verified" marks read the page's samples the same way.
// env maps reader-facing variable names to the mock's (it changes what is sent,
// not what is compared); adjacent is responses: adjacent.
func (p *Page) SampleInput(env sample.EnvMap, adjacent bool) sample.PageInput {
	return sample.PageInput{File: p.File, Rel: p.Rel, Blocks: p.Blocks, Bind: p.Front.Bind, Env: env, Adjacent: adjacent}
}

// Section is the plain text under one heading of a page, for the search
// index: gathered by the same walk that renders the page.
type Section struct {
	Anchor  string // heading id; "" for the text before the first heading
	Heading string
	Text    string
}
