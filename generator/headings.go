package generator

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode"

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
	explicit := map[*ast.Heading]bool{}
	for _, h := range d.headings {
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
		explicit[h] = true
	}
	for _, h := range d.headings {
		if explicit[h] {
			continue
		}
		base := slugify(plainText(h, d.body))
		id := base
		for n := 1; d.page.IDs[id] || d.m.reserved[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		d.page.IDs[id] = true
		h.SetAttributeString("id", []byte(id))
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

// headingID returns the id assigned to h.
func headingID(h *ast.Heading) string {
	v, _ := h.AttributeString("id")
	return attrString(v)
}

// slugify makes a GitHub-style anchor: lower-cased, punctuation dropped,
// spaces turned into hyphens. Text without letters or digits gives "section".
func slugify(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) || r == '_' || r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	if strings.Trim(b.String(), "-") == "" {
		return "section"
	}
	return b.String()
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
type nodeRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
	reg.Register(kindRawBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*rawBlock).html)
		}
		return ast.WalkSkipChildren, nil
	})
}

func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := strconv.Itoa(n.Level)
	if entering {
		_, _ = w.WriteString("<h" + level)
		if n.Attributes() != nil {
			ghtml.RenderAttributes(w, node, ghtml.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id := headingID(n); id != "" {
		_, _ = w.WriteString(` <a class="anchor" href="#` + html.EscapeString(id) + `" aria-label="Link to this section">#</a>`)
	}
	_, _ = w.WriteString("</h" + level + ">\n")
	return ast.WalkContinue, nil
}
