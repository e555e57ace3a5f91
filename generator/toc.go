package generator

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/docproof/docproof/generator/diag"
)

// buildTOC nests the page's h2 headings with the h3 headings that follow
// them. An h3 before any h2 becomes a top-level entry.
func buildTOC(headings []*ast.Heading, src []byte) []TOCEntry {
	var toc []TOCEntry
	for _, h := range headings {
		if h.Level != 2 && h.Level != 3 {
			continue
		}
		e := TOCEntry{ID: headingID(h), Text: plainText(h, src), Level: h.Level}
		if h.Level == 3 && len(toc) > 0 && toc[len(toc)-1].Level == 2 {
			last := &toc[len(toc)-1]
			last.Children = append(last.Children, e)
			continue
		}
		toc = append(toc, e)
	}
	return toc
}

// replaceTOCMarkers swaps each "{:toc}" paragraph for the rendered TOC.
func (d *pageDoc) replaceTOCMarkers() {
	if len(d.tocs) == 0 {
		return
	}
	nav := tocHTML(d.page.TOC)
	for _, p := range d.tocs {
		if len(d.page.TOC) == 0 {
			d.diags = append(d.diags, diag.Warnf(d.page.File, d.nodeLine(p), "{:toc} on a page without ## or ### headings: nothing to list"))
			p.Parent().RemoveChild(p.Parent(), p)
			continue
		}
		p.Parent().ReplaceChild(p.Parent(), p, &rawBlock{html: nav})
	}
}

// tocHTML renders the TOC as nested lists in a <nav class="toc">.
func tocHTML(toc []TOCEntry) string {
	var b strings.Builder
	b.WriteString(`<nav class="toc" aria-label="Table of contents">`)
	writeTOCList(&b, toc)
	b.WriteString("</nav>\n")
	return b.String()
}

func writeTOCList(b *strings.Builder, entries []TOCEntry) {
	if len(entries) == 0 {
		return
	}
	b.WriteString("<ul>")
	for _, e := range entries {
		b.WriteString(`<li><a href="#` + html.EscapeString(e.ID) + `">` + html.EscapeString(e.Text) + `</a>`)
		writeTOCList(b, e.Children)
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
}

// sections splits the page's prose at headings: one Section per heading (and
// one for text before the first heading, when there is any). Code blocks and
// raw HTML are left out, so no sample or token text reaches the search index.
func sections(doc ast.Node, src []byte) []Section {
	var out []Section
	cur := &Section{}
	var text strings.Builder
	flush := func() {
		cur.Text = collapseSpace(text.String())
		if cur.Anchor != "" || cur.Text != "" {
			out = append(out, *cur)
		}
		text.Reset()
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Heading:
			if entering {
				flush()
				cur = &Section{Anchor: headingID(n), Heading: plainText(n, src)}
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML, *rawBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				text.Write(n.Segment.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					text.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				text.Write(n.Value)
			}
		case *ast.AutoLink:
			if entering {
				text.Write(n.Label(src))
			}
		default:
			if !entering && n.Type() == ast.TypeBlock {
				text.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	flush()
	return out
}
