package generator

import (
	"html/template"
	"os"
	"sort"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
)

// Source is one file under content/.
type Source struct {
	Rel  string // slash path relative to the content dir, e.g. "agent/v3/tokens.md"
	File string // path as shown in diagnostics, e.g. "content/agent/v3/tokens.md"
	Data []byte // file contents (Markdown only; nil for static files)
	Path string // OS path of the file, for diagnostics and tools

	root *os.Root // the content folder Load found the file in: it is opened through it (readSourceInto)
}

// FrontMatter is the YAML block at the top of a page.
type FrontMatter struct {
	Title       string            `yaml:"title"`
	Description string            `yaml:"description"`
	Weight      int               `yaml:"weight"`
	Draft       bool              `yaml:"draft"`
	TOC         *bool             `yaml:"toc"`  // false: no table of contents on the page
	Bind        map[string]string `yaml:"bind"` // literal placeholder in samples → variable name
	Env         EnvConfig         `yaml:"env"`  // reader-facing variable names → the mock's, over docproof.yaml's
	BodyLine    int               `yaml:"-"`    // 1-based line where the Markdown body starts
}

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
	Source
	Front    FrontMatter
	Title    string
	URL      string          // pretty URL, e.g. "/agent/v3/tokens/"
	Body     template.HTML   // rendered Markdown
	TOC      []TOCEntry      // h2 entries with h3 children
	Sections []Section       // one per heading section
	Blocks   []fence.Block   // every fenced code block, in order
	Links    []Link          // internal links
	IDs      map[string]bool // every element id on the page (headings, footnotes)
	// ERBLeftOut: ERB fragments docproof cannot run were left out of the
	// page (partials: erb), so it may lack ids the real site's page has.
	ERBLeftOut bool
	HasH1      bool // the body holds an <h1>

	brokenBlocks bool   // the front matter or a code block has errors (bad attributes, no closing fence): the page's samples are not run
	idList       string // instead of IDs in a streaming build's metadata: every id, each followed by NUL, after a NUL
	unread       bool   // streaming metadata of a page pass 2 could not read: its ids are unknown
}

// compactIDs replaces p.IDs by idList, a fraction of a map's memory.
func (p *Page) compactIDs(ids map[string]bool) {
	all := make([]string, 0, len(ids))
	for id := range ids {
		all = append(all, id)
	}
	sort.Strings(all)
	p.IDs, p.idList = nil, "\x00"+strings.Join(all, "\x00")+"\x00"
}

// hasID reports whether the page has an element with this id.
func (p *Page) hasID(id string) bool {
	if p.unread { // the page's own error is reported: do not add one per link to it
		return true
	}
	if p.IDs != nil || p.idList == "" {
		return p.IDs[id]
	}
	return !strings.Contains(id, "\x00") && strings.Contains(p.idList, "\x00"+id+"\x00")
}

// idSet returns the page's ids as a set.
func (p *Page) idSet() map[string]bool {
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
