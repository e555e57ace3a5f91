package markdown

import (
	"html"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/internal/space"
)

// buildTOC nests the page's h2 headings with the h3 headings that follow
// them. An h3 before any h2 becomes a top-level entry.
func (d *pageDoc) buildTOC() []TOCEntry {
	var toc []TOCEntry
	for i, h := range d.headings {
		if h.Level != 2 && h.Level != 3 {
			continue
		}
		e := TOCEntry{ID: d.headIDs[i], Text: d.headingText(i), Level: h.Level}
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

// sectionDraft is a search section as the walk gathers it: the index of its
// heading (-1 for the text before the first heading) and its collapsed text.
type sectionDraft struct {
	head int
	text string
}

// endSection closes the section being gathered (collect calls it at every
// heading and at the end of the document).
func (d *pageDoc) endSection() {
	collapsed := space.AppendCollapsed(d.secText[:0], d.secText) // in place: the output never passes the input
	d.secs = append(d.secs, sectionDraft{head: d.secHead, text: string(collapsed)})
	d.secText = d.secText[:0]
}

// sections splits the page's prose at headings: one Section per heading (and
// one for text before the first heading, when there is any). Code blocks and
// raw HTML are left out, so no sample or token text reaches the search index.
// The text was gathered by collect's walk; headings have their ids now.
func (d *pageDoc) sections() []Section {
	var out []Section
	for _, s := range d.secs {
		sec := Section{Text: s.text}
		if s.head >= 0 {
			sec.Anchor, sec.Heading = d.headIDs[s.head], d.headingText(s.head)
		}
		if sec.Anchor != "" || sec.Text != "" {
			out = append(out, sec)
		}
	}
	return out
}
