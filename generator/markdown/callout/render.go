package callout

import (
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer writes Callout and Title nodes as HTML.
type nodeRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCallout, renderCallout)
	reg.Register(KindTitle, renderTitle)
}

func renderCallout(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<div class="callout callout-` + string(n.(*Callout).CalloutKind) + `" role="note">` + "\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func renderTitle(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</p>\n")
		return ast.WalkContinue, nil
	}
	kind := KindNote
	if c, ok := n.Parent().(*Callout); ok {
		kind = c.CalloutKind
	}
	_, _ = w.WriteString(`<p class="callout-title">` + Icon(kind))
	if !n.HasChildren() {
		_, _ = w.WriteString(html.EscapeString(kind.DefaultTitle()))
	}
	return ast.WalkContinue, nil
}

// iconPaths are the icons' shapes, drawn on a 16×16 grid with round 1.5px
// strokes in the text colour.
var iconPaths = map[Kind]string{
	KindNote:      `<circle cx="8" cy="8" r="6.5"/><path d="M8 7.5v4M8 4.75v.5"/>`,
	KindInfo:      `<circle cx="8" cy="8" r="6.5"/><path d="M8 7.5v4M8 4.75v.5"/>`,
	KindTip:       `<path d="M5.25 10.75a4.25 4.25 0 1 1 5.5 0V12h-5.5zM6.25 14.5h3.5"/>`,
	KindImportant: `<path d="M2 2.5h12v9H8.5L5 14.5v-3H2zM8 4.75v3M8 9.5v.25"/>`,
	KindWarning:   `<path d="M8 1.75l6.75 12.5H1.25zM8 6v4M8 12v.25"/>`,
	KindCaution:   `<path d="M5.25 1.5h5.5l3.75 3.75v5.5l-3.75 3.75h-5.5L1.5 10.75v-5.5zM8 4.5v4.5M8 11.25v.25"/>`,
	KindTool:      `<path d="M10.75 1.5a3.75 3.75 0 0 0-3.4 5.3L1.75 12.4l1.85 1.85 5.6-5.6a3.75 3.75 0 0 0 5.3-3.4l-2.1 2.1-2.2-.55-.55-2.2z"/>`,
}

// Icon is the inline SVG of kind, hidden from assistive technology (the
// title says the kind in words).
func Icon(kind Kind) string {
	return `<svg class="callout-icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">` +
		iconPaths[kind] + `</svg>`
}
