// Package ial applies kramdown's block inline attribute lists (IALs): a
// line holding only `{: key="value" .class #id}` right after a block sets
// those attributes on it. Buildkite's docs use them for a code block's file
// name (`{: codeblock-file="pipeline.yml"}` after a fence) and a table's
// class (`{: class="responsive-table"}` after a table).
//
// In CommonMark such a line is a paragraph of its own after most blocks,
// and the last row of a table it follows directly (GFM tables take every
// following line up to a blank one). The transformer finds both, sets the
// attributes on the block before the paragraph or on the table, and removes
// the line. Attributes land on the node as goldmark attributes: goldmark
// renders the ones HTML allows on that element (class and id on a table);
// a caller renders others itself (codeblock-file on a fenced code block).
package ial

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Extension is the goldmark extension: goldmark.New(goldmark.WithExtensions(ial.Extension)).
var Extension goldmark.Extender = ialExtension{}

type ialExtension struct{}

// Extend implements goldmark.Extender.
func (ialExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(Transformer{}, 400)))
}

// Transformer is the AST transformer applying the IALs.
type Transformer struct{}

// Attr is one attribute of an IAL.
type Attr struct{ Key, Value string }

// Parse reads an IAL line ("{: a="b" .c #d}"). ok is false when line is not one.
func Parse(line string) ([]Attr, bool) {
	s := strings.TrimSpace(line)
	if !strings.HasPrefix(s, "{:") || !strings.HasSuffix(s, "}") || len(s) < 4 {
		return nil, false
	}
	s = strings.TrimSpace(s[2 : len(s)-1])
	var attrs []Attr
	var classes []string
	for s != "" {
		switch {
		case s[0] == '.' || s[0] == '#':
			end := strings.IndexAny(s, " \t")
			if end < 0 {
				end = len(s)
			}
			if end == 1 {
				return nil, false
			}
			if s[0] == '.' {
				classes = append(classes, s[1:end])
			} else {
				attrs = append(attrs, Attr{"id", s[1:end]})
			}
			s = s[end:]
		default:
			eq := strings.IndexByte(s, '=')
			if eq <= 0 || strings.ContainsAny(s[:eq], " \t\"'") || eq+1 >= len(s) {
				return nil, false
			}
			key, rest := s[:eq], s[eq+1:]
			var value string
			if q := rest[0]; q == '"' || q == '\'' {
				end := strings.IndexByte(rest[1:], q)
				if end < 0 {
					return nil, false
				}
				value, s = rest[1:end+1], rest[end+2:]
			} else {
				end := strings.IndexAny(rest, " \t")
				if end < 0 {
					end = len(rest)
				}
				value, s = rest[:end], rest[end:]
			}
			if key == "class" {
				classes = append(classes, value)
			} else {
				attrs = append(attrs, Attr{key, value})
			}
		}
		s = strings.TrimLeft(s, " \t")
	}
	if len(classes) > 0 {
		attrs = append(attrs, Attr{"class", strings.Join(classes, " ")})
	}
	return attrs, len(attrs) > 0
}

// Transform implements parser.ASTTransformer.
func (Transformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	type change struct {
		remove, target ast.Node
		attrs          []Attr
	}
	var changes []change
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph:
			if n.Lines().Len() == 1 && n.PreviousSibling() != nil {
				if attrs, ok := Parse(string(segValue(n.Lines().At(0), src))); ok {
					changes = append(changes, change{n, n.PreviousSibling(), attrs})
				}
			}
			return ast.WalkSkipChildren, nil
		case *east.Table:
			last := n.LastChild()
			if row, ok := last.(*east.TableRow); ok && row != n.FirstChild() {
				if attrs, ok := Parse(rowText(row, src)); ok {
					changes = append(changes, change{row, n, attrs})
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, c := range changes {
		for _, a := range c.attrs {
			if a.Key == "class" {
				if old, ok := c.target.AttributeString("class"); ok {
					a.Value = string(attrBytes(old)) + " " + a.Value
				}
			}
			c.target.SetAttributeString(a.Key, []byte(a.Value))
		}
		c.remove.Parent().RemoveChild(c.remove.Parent(), c.remove)
	}
}

// rowText is the text of a table row holding text in its first cell only,
// "" for any other row.
func rowText(row *east.TableRow, src []byte) string {
	var b bytes.Buffer
	for c := row.FirstChild(); c != nil; c = c.NextSibling() {
		var cell bytes.Buffer
		for t := c.FirstChild(); t != nil; t = t.NextSibling() {
			switch t := t.(type) {
			case *ast.Text:
				cell.Write(t.Segment.Value(src))
			case *ast.String:
				cell.Write(t.Value)
			default:
				return ""
			}
		}
		if c != row.FirstChild() && cell.Len() > 0 {
			return ""
		}
		b.Write(cell.Bytes())
	}
	return b.String()
}

func segValue(s text.Segment, src []byte) []byte { return s.Value(src) }

func attrBytes(v any) []byte {
	switch v := v.(type) {
	case []byte:
		return v
	case string:
		return []byte(v)
	}
	return nil
}
