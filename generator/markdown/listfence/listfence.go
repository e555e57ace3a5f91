// Package listfence makes fenced code blocks of fences indented too far
// inside list items, as Redcarpet (the Buildkite docs' renderer) reads them.
// CommonMark reads a fence indented four or more spaces past a list item's
// content as an indented code block showing its backticks; with this
// extension such a block inside a list item, whose first line is an
// opening fence and whose last line closes it, is a fenced code block with
// that info string, its lines dedented by the fence's indentation.
//
// Blocks outside list items are left alone: there an indented fence is how
// CommonMark shows a fence as code, and pages may mean it.
package listfence

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Extension is the goldmark extension: goldmark.New(goldmark.WithExtensions(listfence.Extension)).
var Extension goldmark.Extender = extension{}

type extension struct{}

// Extend implements goldmark.Extender.
func (extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(Transformer{}, 500)))
}

// Transformer is the AST transformer that turns the code blocks.
type Transformer struct{}

// Transform implements parser.ASTTransformer.
func (Transformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var blocks []*ast.CodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if cb, ok := n.(*ast.CodeBlock); ok && entering {
			if inListItem(cb) {
				blocks = append(blocks, cb)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, cb := range blocks {
		if f := fenced(cb, src); f != nil {
			cb.Parent().ReplaceChild(cb.Parent(), cb, f)
		}
	}
}

func inListItem(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindListItem {
			return true
		}
	}
	return false
}

// fenced is the fenced code block cb holds, or nil when cb is not an
// opening fence, code and its closing fence.
func fenced(cb *ast.CodeBlock, src []byte) *ast.FencedCodeBlock {
	lines := cb.Lines()
	if lines.Len() < 2 {
		return nil
	}
	first := lines.At(0)
	open := first.Value(src)
	indent := len(open) - len(bytes.TrimLeft(open, " "))
	open = bytes.TrimRight(open[indent:], "\n")
	char, n := fenceRun(open)
	if n < 3 || (char == '`' && bytes.IndexByte(open[n:], '`') >= 0) {
		return nil
	}
	last := lines.Len() - 1
	for last > 0 && len(bytes.TrimSpace(value(lines.At(last), src))) == 0 {
		last-- // an indented code block keeps the blank lines after it
	}
	closing := bytes.TrimSpace(value(lines.At(last), src))
	if c, m := fenceRun(closing); last == 0 || c != char || m < n || m != len(closing) {
		return nil
	}
	infoStart := first.Start + indent + n
	infoText := bytes.TrimSpace(open[n:])
	var info *ast.Text
	if len(infoText) > 0 {
		lead := len(open[n:]) - len(bytes.TrimLeft(open[n:], " \t"))
		info = ast.NewTextSegment(text.NewSegment(infoStart+lead, infoStart+lead+len(infoText)))
	}
	f := ast.NewFencedCodeBlock(info)
	f.SetPos(first.Start + indent)
	for i := 1; i < last; i++ {
		seg := lines.At(i)
		v := seg.Value(src)
		k := 0
		for k < indent && k < len(v) && v[k] == ' ' {
			k++
		}
		f.Lines().Append(seg.WithStart(seg.Start + k))
	}
	return f
}

// fenceRun is the fence character of line and how many times it starts it.
func fenceRun(line []byte) (byte, int) {
	if len(line) == 0 || (line[0] != '`' && line[0] != '~') {
		return 0, 0
	}
	n := 0
	for n < len(line) && line[n] == line[0] {
		n++
	}
	return line[0], n
}

func value(s text.Segment, src []byte) []byte { return s.Value(src) }
