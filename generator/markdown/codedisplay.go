package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/sample"
)

// display reads b's display attributes (title, hl, tab), reporting each bad
// value at the block's line with what to write instead.
func (d *pageDoc) display(b fence.Block) fence.Display {
	disp, errs := fence.ParseDisplay(b.Attrs, lineCount(b.Code))
	for _, e := range errs {
		v, _ := b.Attrs.Get(e.Key)
		d.diags = append(d.diags, diag.Errorf(d.page.File, b.Line, "%s=%q: %s", e.Key, v, e.Msg).WithHint(e.Hint))
	}
	return disp
}

// lineCount is how many lines code shows.
func lineCount(code string) int {
	n := strings.Count(code, "\n")
	if code != "" && !strings.HasSuffix(code, "\n") {
		n++
	}
	return n
}

// displayName is the accessible name of a code block's scrolling region:
// name ("yaml code") after the block's title, then its highlighted lines.
func displayName(name string, disp fence.Display) string {
	if disp.Title != "" {
		name = disp.Title + ", " + name
	}
	if len(disp.Lines) > 0 {
		word := "line "
		if len(disp.Lines) > 1 || disp.Lines[0].To > disp.Lines[0].From {
			word = "lines "
		}
		name += ", " + word + disp.Lines.String() + " highlighted"
	}
	return name
}

// tabBlock is a rendered code block as tab grouping sees it.
type tabBlock struct {
	node  ast.Node // the block's node in the document
	label string   // its tab="…" ("" for none)
	kind  sample.Kind
	line  int
}

// groupTabs gathers runs of adjacent code blocks with tab labels into tab
// groups: a tab is a block with tab="…" and the Response and Variables
// blocks right after it; the group ends at anything else. Each group
// becomes one node of markup (templates/doc.go, "Tabs"), which site.js
// turns into an ARIA tab list; without JavaScript every panel shows under
// its label.
func (d *pageDoc) groupTabs(blocks []tabBlock) {
	for i, b := range blocks {
		if b.label != "" && (b.kind == sample.Response || b.kind == sample.Variables) {
			d.diags = append(d.diags, diag.Warnf(d.page.File, b.line, "tab=%q on a %s block: ignored", b.label, b.kind).
				WithHint("put tab=\"…\" on the sample's block: its response and variables blocks go in its tab"))
			blocks[i].label = ""
		}
	}
	for i := 0; i < len(blocks); {
		if blocks[i].label == "" {
			i++
			continue
		}
		panels := [][]tabBlock{{blocks[i]}}
		j := i + 1
		for ; j < len(blocks) && blocks[j-1].node.NextSibling() == blocks[j].node; j++ {
			b := blocks[j]
			if b.label != "" {
				panels = append(panels, []tabBlock{b})
			} else if b.kind == sample.Response || b.kind == sample.Variables {
				panels[len(panels)-1] = append(panels[len(panels)-1], b)
			} else {
				break
			}
		}
		d.tabGroup(panels)
		i = j
	}
}

// tabGroup replaces the blocks of panels by one tab group's markup, or
// reports why it cannot.
func (d *pageDoc) tabGroup(panels [][]tabBlock) {
	first := panels[0][0]
	if len(panels) == 1 {
		d.diags = append(d.diags, diag.Warnf(d.page.File, first.line, "tab=%q has no other tab next to it: shown as a plain block", first.label).
			WithHint("put the blocks of a tab group one right after the other, each tab's block with its own tab=\"…\""))
		return
	}
	seen := map[string]bool{}
	for _, p := range panels {
		if seen[p[0].label] {
			d.diags = append(d.diags, diag.Errorf(d.page.File, p[0].line, "tab=%q is given twice in one tab group", p[0].label).
				WithHint("give each tab of the group its own label"))
			return
		}
		seen[p[0].label] = true
	}
	var s strings.Builder
	s.WriteString(`<div class="tabs">` + "\n")
	for _, p := range panels {
		label := html.EscapeString(p[0].label)
		s.WriteString(`<div class="tab-panel" data-tab="` + label + `"><p class="tab-label">` + label + "</p>\n")
		for _, b := range p {
			s.WriteString(b.node.(*rawBlock).html)
		}
		s.WriteString("</div>\n")
	}
	s.WriteString("</div>\n")
	parent := first.node.Parent()
	for _, p := range panels {
		for _, b := range p {
			if b.node != first.node {
				parent.RemoveChild(parent, b.node)
			}
		}
	}
	parent.ReplaceChild(parent, first.node, &rawBlock{html: s.String()})
}

// renderIndentedCode writes an indented code block as goldmark does, its
// <pre> a named group in the tab order like a fenced block's: it may scroll
// sideways, and a keyboard must reach it to scroll it.
func renderIndentedCode(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<pre tabindex="0" role="group" aria-label="code"><code>`)
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}
