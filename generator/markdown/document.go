package markdown

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
	"github.com/docproof/docproof/generator/internal/space"
	"github.com/docproof/docproof/generator/markdown/erb"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/source"
)

// pageDoc is the state of rendering one page: its source, the parsed
// document and what the walk collects from it.
type pageDoc struct {
	m           *Renderer
	page        *Page
	body        []byte // Markdown with the front matter blanked: offsets match the file
	lines       lineIndex
	diags       diag.List
	headings    []*ast.Heading
	headText    []string // plain text of each heading ("" until headingText computes it)
	headIDs     []string // id of each heading, set by assignIDs
	fenced      []*ast.FencedCodeBlock
	tocs        []*ast.Paragraph
	rawText     string // the script-like element raw HTML left open ("" for none)
	rawTextLine int    // where it opened

	// The search sections, gathered by the same walk (toc.go).
	secs      []sectionDraft
	secHead   int    // heading of the section being gathered; -1 before the first
	secText   []byte // its prose so far, white space not yet collapsed
	inHeading bool   // the walk is inside a heading: its text is the section's heading, not its prose
}

// Render turns one Markdown source into a Page. It always returns the
// page (so other pages' links to it still resolve), with diagnostics.
func (m *Renderer) Render(src source.Source) (*Page, diag.List) {
	return m.renderSplit(src, source.ParseFrontWith(src.File, src.Data, m.conv.LenientFrontMatter))
}

// renderSplit is Render with the front matter already decoded.
func (m *Renderer) renderSplit(src source.Source, fr source.Front) (*Page, diag.List) {
	fm, body, diags := fr.FM, fr.Body(src.Data), slices.Clone(fr.Diags)
	p := &Page{Source: src, Front: fm, URL: m.conv.URLs.PageURL(src.Rel), IDs: map[string]bool{}}
	p.BrokenBlocks = diags.Err() != nil // front matter (bind:, env:) the samples need is broken: run none
	var expanded *erb.Result
	if m.includes(body) {
		r := m.expandERB(src, body)
		expanded, body = &r, r.Text
	}
	d := &pageDoc{m: m, page: p, body: body, lines: newLineIndex(body), diags: diags, secHead: -1}
	doc := m.parser(body).Parse(text.NewReader(body))
	d.collect(doc)
	d.unclosedRawText()
	d.assignIDs()
	d.codeBlocks()
	p.TOC = d.buildTOC()
	if fm.TOC != nil && !*fm.TOC {
		p.TOC = nil // toc: false
	}
	d.replaceTOCMarkers()
	p.Sections = d.sections()
	out, err := m.renderBody(body, doc)
	if err != nil {
		d.diags = append(d.diags, diag.Errorf(src.File, 0, "cannot render Markdown: %v", err))
	}
	p.Body = template.HTML(out)
	if expanded != nil {
		d.diags = append(d.placeIncluded(*expanded), erbDiagnostics(src.File, *expanded)...)
		p.ERBLeftOut, p.origins = len(expanded.Unknown) > 0, expanded.Lines
	}
	p.Title = fm.Title
	if p.Title == "" {
		p.Title = d.firstH1()
	}
	if p.Title == "" {
		p.Title = nav.TitleFromPath(src.Rel)
		d.diags = append(d.diags, diag.Warnf(src.File, 1, "page has no title; using %q", p.Title).
			WithHint("add title: to the front matter or start the page with a # heading"))
	}
	return p, d.diags
}

// collect walks the document once and records the nodes later steps need,
// resolving links and gathering the search sections' text on the way.
func (d *pageDoc) collect(doc ast.Node) {
	_ = ast.Walk(doc, d.visit)
	d.endSection()
}

// visit is collect's walker.
func (d *pageDoc) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		d.leave(n)
		return ast.WalkContinue, nil
	}
	switch n := n.(type) {
	case *ast.Text:
		if !d.inHeading {
			d.secText = append(d.secText, n.Segment.Value(d.body)...)
			if n.SoftLineBreak() || n.HardLineBreak() {
				d.secText = append(d.secText, ' ')
			}
		}
	case *ast.String:
		if !d.inHeading {
			d.secText = append(d.secText, n.Value...)
		}
	case *ast.AutoLink:
		if !d.inHeading {
			d.secText = append(d.secText, n.Label(d.body)...)
		}
	case *ast.Heading:
		d.endSection()
		d.secHead, d.inHeading = len(d.headings), true
		d.headings = append(d.headings, n)
		if n.Level == 1 {
			d.page.HasH1 = true
		}
	case *ast.FencedCodeBlock:
		d.fenced = append(d.fenced, n)
		return ast.WalkSkipChildren, nil
	case *ast.CodeBlock:
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
}

// leave is visit for a node's exit: the end of a block separates words of
// the section text, except for blocks that give it no text (headings, code,
// raw HTML, {:toc} markers).
func (d *pageDoc) leave(n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		d.inHeading = false
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML:
	case *ast.Paragraph:
		if len(d.tocs) == 0 || d.tocs[len(d.tocs)-1] != n {
			d.secText = append(d.secText, ' ')
		}
	default:
		if n.Type() == ast.TypeBlock {
			d.secText = append(d.secText, ' ')
		}
	}
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

// firstH1 is the text of the page's first level-1 heading, "" when there is none.
func (d *pageDoc) firstH1() string {
	for i, h := range d.headings {
		if h.Level == 1 {
			return d.headingText(i)
		}
	}
	return ""
}

// headingText is the plain text of d.headings[i], computed once.
func (d *pageDoc) headingText(i int) string {
	if d.headText == nil {
		d.headText = make([]string, len(d.headings))
	}
	if d.headText[i] == "" {
		d.headText[i] = plainText(d.headings[i], d.body)
	}
	return d.headText[i]
}

// Title is the title Render gives a page: the front matter title, else
// its first H1 (found by parsing the body, without rendering), else one made
// from its path.
func (m *Renderer) Title(rel string, fm source.FrontMatter, body []byte) string {
	if fm.Title != "" {
		return fm.Title
	}
	var heads []*ast.Heading
	doc := m.parser(body).Parse(text.NewReader(body))
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
	return nav.TitleFromPath(rel)
}

// isTOCMarker reports a paragraph that holds only "{:toc}".
func isTOCMarker(p *ast.Paragraph, src []byte) bool {
	lines := p.Lines()
	if lines.Len() != 1 {
		return false
	}
	seg := lines.At(0)
	return string(bytes.TrimSpace(seg.Value(src))) == "{:toc}" // compared, not copied
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
	idx := make(lineIndex, 1, bytes.Count(src, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return idx
		}
		off += i + 1
		idx = append(idx, off)
	}
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
	return space.Collapse(b.String())
}
