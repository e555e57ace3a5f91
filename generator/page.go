package generator

import (
	"html/template"

	"github.com/docproof/docproof/generator/fence"
)

// Source is one file under content/.
type Source struct {
	Rel  string // slash path relative to the content dir, e.g. "agent/v3/tokens.md"
	File string // path as shown in diagnostics, e.g. "content/agent/v3/tokens.md"
	Data []byte // file contents (Markdown only; nil for static files)
	Path string // OS path the file was read from; static files are copied from it
}

// FrontMatter is the YAML block at the top of a page.
type FrontMatter struct {
	Title       string            `yaml:"title"`
	Description string            `yaml:"description"`
	Weight      int               `yaml:"weight"`
	Draft       bool              `yaml:"draft"`
	Bind        map[string]string `yaml:"bind"` // literal placeholder in samples → variable name
	BodyLine    int               `yaml:"-"`    // 1-based line where the Markdown body starts
}

// TOCEntry is one heading in a page's table of contents.
type TOCEntry struct {
	ID       string
	Text     string
	Level    int
	Children []TOCEntry
}

// Section is the plain text under one heading, for the search index.
type Section struct {
	Anchor  string // heading id; "" for the text before the first heading
	Heading string
	Text    string
}

// Link is an internal link found in a page, with its source line.
type Link struct {
	Dest     string // as written, e.g. "../tokens.md#revoking"
	Line     int
	Target   string // root-absolute site path it resolves to, e.g. "/agent/v3/tokens/"
	Fragment string // anchor without '#', "" when none
	Image    bool   // an image source rather than a link
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
	HasH1    bool            // the body holds an <h1>

	brokenBlocks bool // a code block has bad attributes or no closing fence: the page's samples are not run
}
