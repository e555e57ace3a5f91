package callout

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// transformer turns marked blockquotes into Callouts once a document is
// parsed (inline content included: a title keeps its emphasis and code).
type transformer struct{ buildkite bool }

// Transform implements parser.ASTTransformer.
func (t transformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	source := reader.Source()
	for _, q := range quotes {
		para, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		first := para.Lines().At(0)
		kind, n := t.marker(string(first.Value(source)))
		if kind == "" {
			continue
		}
		q.Parent().ReplaceChild(q.Parent(), q, toCallout(source, q, para, kind, first.Start+n, first.Stop))
	}
}

// githubKinds are the kinds of `[!KIND]`, lower-cased.
var githubKinds = map[string]Kind{"note": KindNote, "tip": KindTip, "important": KindImportant, "warning": KindWarning, "caution": KindCaution}

// buildkiteMarks are the emoji that open Buildkite's callouts.
var buildkiteMarks = []struct {
	mark string
	kind Kind
}{{"📘", KindInfo}, {"🚧", KindWarning}, {"🛠", KindTool}}

// marker reads the marker a blockquote's first line opens with: its kind
// ("" for none) and the length of the marker with the white space after it.
func (t transformer) marker(line string) (Kind, int) {
	rest := ""
	var kind Kind
	switch {
	case strings.HasPrefix(line, "[!"):
		end := strings.IndexByte(line, ']')
		if end < 0 {
			return "", 0
		}
		k, ok := githubKinds[strings.ToLower(line[2:end])]
		if !ok {
			return "", 0
		}
		rest, kind = line[end+1:], k
		if rest != "" && !isSpace(rest[0]) { // "[!NOTE]x" is text
			return "", 0
		}
	case t.buildkite:
		for _, m := range buildkiteMarks {
			if strings.HasPrefix(line, m.mark) {
				rest, kind = strings.TrimPrefix(line[len(m.mark):], "\uFE0F"), m.kind
				break
			}
		}
		if kind == "" {
			return "", 0
		}
	default:
		return "", 0
	}
	trimmed := strings.TrimLeft(rest, " \t")
	return kind, len(line) - len(trimmed)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// toCallout moves q's blocks into a new Callout: the inline nodes of the
// first line after the marker (source offsets titleStart to lineStop) make
// its Title, the marker's own nodes are dropped, and the paragraph keeps
// the rest (or goes, when nothing is left).
func toCallout(source []byte, q *ast.Blockquote, para *ast.Paragraph, kind Kind, titleStart, lineStop int) *Callout {
	title := &Title{}
	for c := para.FirstChild(); c != nil; {
		next := c.NextSibling()
		start, stop, ok := span(c)
		if ok && start >= lineStop {
			break
		}
		switch {
		case ok && stop <= titleStart: // the marker
			para.RemoveChild(para, c)
		default:
			if t, isText := c.(*ast.Text); isText && ok && start < titleStart {
				t.Segment = t.Segment.WithStart(titleStart)
			}
			para.RemoveChild(para, c)
			title.AppendChild(title, c)
		}
		c = next
	}
	if t, ok := title.LastChild().(*ast.Text); ok {
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		t.Segment = t.Segment.TrimRightSpace(source)
	}
	lines := para.Lines()
	lines.SetSliced(1, lines.Len())
	if para.ChildCount() == 0 {
		q.RemoveChild(q, para)
	}
	c := &Callout{CalloutKind: kind}
	c.SetBlankPreviousLines(q.HasBlankPreviousLines())
	c.AppendChild(c, title)
	for b := q.FirstChild(); b != nil; {
		next := b.NextSibling()
		q.RemoveChild(q, b)
		c.AppendChild(c, b)
		b = next
	}
	return c
}

// span is the source range of an inline node's text, from its first text
// segment to its last; ok is false for a node holding none.
func span(n ast.Node) (start, stop int, ok bool) {
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, isText := n.(*ast.Text); isText && entering {
			if !ok {
				start, ok = t.Segment.Start, true
			}
			stop = t.Segment.Stop
		}
		return ast.WalkContinue, nil
	})
	return start, stop, ok
}
