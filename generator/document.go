package generator

import (
	"bytes"
	"html/template"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/docproof/docproof/generator/diag"
)

// pageDoc is the state of rendering one page: its source, the parsed
// document and what the walk collects from it.
type pageDoc struct {
	m           *markdown
	page        *Page
	body        []byte // Markdown with the front matter blanked: offsets match the file
	lines       lineIndex
	diags       diag.List
	headings    []*ast.Heading
	fenced      []*ast.FencedCodeBlock
	tocs        []*ast.Paragraph
	rawText     string // the script-like element raw HTML left open ("" for none)
	rawTextLine int    // where it opened
}

// renderPage turns one Markdown source into a Page. It always returns the
// page (so other pages' links to it still resolve), with diagnostics.
func (m *markdown) renderPage(src Source) (*Page, diag.List) {
	return m.renderSplit(src, parseFront(src.File, src.Data))
}

// renderSplit is renderPage with the front matter already decoded.
func (m *markdown) renderSplit(src Source, fr frontSplit) (*Page, diag.List) {
	fm, body, diags := fr.fm, fr.body(src.Data), slices.Clone(fr.diags)
	p := &Page{Source: src, Front: fm, URL: pageURL(src.Rel), IDs: map[string]bool{}}
	d := &pageDoc{m: m, page: p, body: body, lines: newLineIndex(body), diags: diags}
	doc := m.md.Parser().Parse(text.NewReader(body))
	d.collect(doc)
	d.unclosedRawText()
	d.assignIDs()
	d.codeBlocks()
	p.TOC = buildTOC(d.headings, body)
	d.replaceTOCMarkers()
	p.Sections = sections(doc, body)
	var buf bytes.Buffer
	if err := m.md.Renderer().Render(&buf, body, doc); err != nil {
		d.diags = append(d.diags, diag.Errorf(src.File, 0, "cannot render Markdown: %v", err))
	}
	p.Body = template.HTML(buf.String())
	p.Title = fm.Title
	if p.Title == "" {
		p.Title = firstH1(d.headings, body)
	}
	if p.Title == "" {
		p.Title = titleFromPath(src.Rel)
		d.diags = append(d.diags, diag.Warnf(src.File, 1, "page has no title; using %q", p.Title).
			WithHint("add title: to the front matter or start the page with a # heading"))
	}
	return p, d.diags
}

// collect walks the document once and records the nodes later steps need.
func (d *pageDoc) collect(doc ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			d.headings = append(d.headings, n)
			if n.Level == 1 {
				d.page.HasH1 = true
			}
		case *ast.FencedCodeBlock:
			d.fenced = append(d.fenced, n)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph:
			if isTOCMarker(n, d.body) {
				d.tocs = append(d.tocs, n)
				return ast.WalkSkipChildren, nil
			}
		case *ast.HTMLBlock, *ast.RawHTML:
			d.rawHTML(n)
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			d.link(n, string(n.Destination))
		case *ast.Image:
			d.image(n)
		case *east.Footnote:
			d.page.IDs["fn:"+strconv.Itoa(n.Index)] = true
		case *east.FootnoteLink:
			if n.RefIndex > 0 {
				d.page.IDs["fnref"+strconv.Itoa(n.RefIndex)+":"+strconv.Itoa(n.Index)] = true
			} else {
				d.page.IDs["fnref:"+strconv.Itoa(n.Index)] = true
			}
		}
		return ast.WalkContinue, nil
	})
}

// firstH1 is the text of the first level-1 heading among headings (in
// document order), "" when there is none.
func firstH1(headings []*ast.Heading, body []byte) string {
	for _, h := range headings {
		if h.Level == 1 {
			return plainText(h, body)
		}
	}
	return ""
}

// titleOf is the title renderPage gives a page: the front matter title, else
// its first H1 (found by parsing the body, without rendering), else one made
// from its path.
func (m *markdown) titleOf(rel string, fm FrontMatter, body []byte) string {
	if fm.Title != "" {
		return fm.Title
	}
	var heads []*ast.Heading
	doc := m.md.Parser().Parse(text.NewReader(body))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Heading:
			if entering && n.Level == 1 {
				heads = append(heads, n)
				return ast.WalkStop, nil
			}
		case *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if t := firstH1(heads, body); t != "" {
		return t
	}
	return titleFromPath(rel)
}

// isTOCMarker reports a paragraph that holds only "{:toc}".
func isTOCMarker(p *ast.Paragraph, src []byte) bool {
	lines := p.Lines()
	if lines.Len() != 1 {
		return false
	}
	seg := lines.At(0)
	return strings.TrimSpace(string(seg.Value(src))) == "{:toc}"
}

// nodeLine is the 1-based file line of a node: its own position, else the
// first line of its nearest block ancestor.
func (d *pageDoc) nodeLine(n ast.Node) int {
	for c := n; c != nil; c = c.Parent() {
		if pos := c.Pos(); pos >= 0 {
			return d.lines.line(pos)
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return d.lines.line(c.Lines().At(0).Start)
		}
	}
	return 0
}

// lineIndex maps byte offsets to 1-based lines.
type lineIndex []int // offset where each line starts

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(off int) int {
	return sort.Search(len(l), func(i int) bool { return l[i] > off })
}

// start is the offset where 1-based line n starts.
func (l lineIndex) start(n int) int { return l[n-1] }

// plainText is the text of a node's inline content, as a reader sees it.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return collapseSpace(b.String())
}

// titleFromPath makes a title from a file or folder name: "agent-tokens.md" → "Agent tokens".
func titleFromPath(rel string) string {
	base := rel[strings.LastIndex(rel, "/")+1:]
	base = strings.TrimSuffix(base, ".md")
	base = strings.TrimSuffix(base, ".markdown")
	if base == "index" {
		if i := strings.LastIndex(rel, "/"); i > 0 {
			return titleFromPath(rel[:i])
		}
		return "Home"
	}
	base = strings.NewReplacer("-", " ", "_", " ").Replace(base)
	if base == "" {
		return ""
	}
	return strings.ToUpper(base[:1]) + base[1:]
}
