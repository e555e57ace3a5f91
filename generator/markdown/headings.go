package markdown

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/docproof/docproof/generator/diag"
)

// assignIDs gives every heading a page-unique id: an explicit `{#id}` is
// kept (a duplicate is an error); otherwise the GitHub-style slug of its
// text, with "-1", "-2"… added when the slug is already taken on the page
// or by the templates (a "## Content" heading gets "content-1", since the
// layout's <main> is id="content").
func (d *pageDoc) assignIDs() {
	d.headIDs = make([]string, len(d.headings))
	for i, h := range d.headings {
		v, ok := h.AttributeString("id")
		if !ok {
			continue
		}
		id := attrString(v)
		if id == "" {
			h.RemoveAttributes()
			continue
		}
		if d.page.IDs[id] {
			d.diags = append(d.diags, diag.Errorf(d.page.File, d.nodeLine(h), "heading id %q is used twice on this page", id).
				WithHint("give each {#id} a different name"))
		}
		d.page.IDs[id] = true
		h.SetAttributeString("id", []byte(id))
		d.headIDs[i] = id // explicit ids are never empty
	}
	nested := d.nestedSlugs()
	for i, h := range d.headings {
		if d.headIDs[i] != "" {
			continue
		}
		var base string
		if nested != nil {
			base = nested[i]
		} else {
			base = slugify(d.headingText(i))
		}
		id := base
		for n := 1; d.page.IDs[id] || d.m.reserved[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		d.page.IDs[id] = true
		h.SetAttributeString("id", []byte(id))
		d.headIDs[i] = id
	}
}

func attrString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// slugify makes a GitHub-style anchor: lower-cased, punctuation dropped,
// spaces turned into hyphens. Text without letters or digits gives "section".
func slugify(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf { // the rest by runes, as strings.ToLower would see them
			return slugifyRunes(b, s[i:])
		}
		switch {
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '-':
			b = append(b, c)
		case c == ' ':
			b = append(b, '-')
		}
	}
	return slugDone(b)
}

// slugifyRunes is slugify for the rest of a text holding non-ASCII
// characters, b the slug of what came before.
func slugifyRunes(b []byte, s string) string {
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) || r == '_' || r == '-':
			b = utf8.AppendRune(b, r)
		case r == ' ':
			b = append(b, '-')
		}
	}
	return slugDone(b)
}

// slugDone is the slug b, or "section" when it holds nothing but hyphens.
func slugDone(b []byte) string {
	for _, c := range b {
		if c != '-' {
			return string(b)
		}
	}
	return "section"
}

// rawBlock is a block whose HTML was produced while walking the document
// (highlighted code blocks, the {:toc} navigation).
type rawBlock struct {
	ast.BaseBlock
	html string
}

var kindRawBlock = ast.NewNodeKind("DocproofRawBlock")

// Kind implements ast.Node.
func (n *rawBlock) Kind() ast.NodeKind { return kindRawBlock }

// Dump implements ast.Node.
func (n *rawBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// nodeRenderer renders headings with their anchor link, and raw blocks.
// With text set (goldmark's own text renderer) it also renders text.
type nodeRenderer struct {
	text renderer.NodeRendererFunc
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
	reg.Register(kindRawBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*rawBlock).html)
		}
		return ast.WalkSkipChildren, nil
	})
	if r.text != nil {
		reg.Register(ast.KindText, r.renderText)
	}
}

// funcCapture is a renderer.NodeRendererFuncRegisterer that keeps what it is given.
type funcCapture map[ast.NodeKind]renderer.NodeRendererFunc

// Register implements renderer.NodeRendererFuncRegisterer.
func (c funcCapture) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { c[k] = f }

// goldmarkText is the text renderer of goldmark's HTML renderer with the
// settings docproof uses (its defaults).
func goldmarkText() renderer.NodeRendererFunc {
	c := funcCapture{}
	ghtml.NewRenderer().RegisterFuncs(c)
	return c[ast.KindText]
}

// renderText writes a text node as goldmark's HTML renderer does, copying
// it at once when it holds nothing that renderer would change (no
// backslash escape, entity or character reference, NUL, or character HTML
// escapes): nearly all prose. Other text goes to goldmark's renderer.
func (r nodeRenderer) renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	value := n.Segment.Value(source)
	if n.IsRaw() || !verbatimText(value) {
		return r.text(w, source, node, entering)
	}
	_, _ = w.Write(value)
	switch {
	case n.HardLineBreak():
		_, _ = w.WriteString("<br>\n")
	case n.SoftLineBreak():
		_ = w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}

// verbatimText reports text goldmark's HTML writer copies unchanged.
func verbatimText(b []byte) bool {
	for _, c := range b {
		switch c {
		case '\\', '&', 0, '"', '<', '>':
			return false
		}
	}
	return true
}

func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := byte('0' + n.Level) // goldmark headings are h1 to h6
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(level)
		if n.Attributes() != nil {
			ghtml.RenderAttributes(w, node, ghtml.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if v, ok := n.AttributeString("id"); ok {
		if id, isBytes := v.([]byte); isBytes && len(id) > 0 {
			_, _ = w.WriteString(` <a class="anchor" href="#`)
			writeEscaped(w, id)
			_, _ = w.WriteString(`" aria-label="Link to this section">#</a>`)
		} else if id := attrString(v); id != "" {
			_, _ = w.WriteString(` <a class="anchor" href="#` + html.EscapeString(id) + `" aria-label="Link to this section">#</a>`)
		}
	}
	_, _ = w.WriteString("</h")
	_ = w.WriteByte(level)
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

// writeEscaped writes b escaped as html.EscapeString escapes it.
func writeEscaped(w util.BufWriter, b []byte) {
	for _, c := range b {
		switch c {
		case '<', '>', '&', '\'', '"':
			_, _ = w.WriteString(html.EscapeString(string(b)))
			return
		}
	}
	_, _ = w.Write(b)
}
