package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"

	"github.com/docproof/docproof/generator/diag"
)

// rawHTMLKey names the node attribute that holds a raw HTML node's markup
// once its site links are rewritten (only set when one was).
const rawHTMLKey = "docproof-raw-html"

// isRawText reports the elements whose content the tokenizer reads as text,
// not markup: a link-shaped string in a script is not a link.
func isRawText(tag string) bool {
	switch tag {
	case "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext":
		return true
	}
	return false
}

// rawHTML handles one raw HTML node, a block or an inline tag: the site
// links in its href and src attributes are resolved, recorded and rewritten
// like Markdown links (pretty URLs, base path), and the ids it defines
// become anchors of the page. The node's markup is otherwise kept byte for
// byte; text, comments and the content of script-like elements are never
// touched.
func (d *pageDoc) rawHTML(n ast.Node) {
	segs := rawSegments(n)
	var markup bytes.Buffer
	starts := make([]int, len(segs)) // where each segment begins in markup
	for i, s := range segs {
		starts[i] = markup.Len()
		markup.Write(s.Value(d.body))
	}
	srcOffset := func(off int) int {
		i := len(starts) - 1
		for i > 0 && starts[i] > off {
			i--
		}
		s := segs[i]
		return s.Start + max(0, off-starts[i]-s.Padding)
	}
	var edits []rawEdit
	visit := func(t rawTag) {
		switch t.name {
		case "h1":
			d.page.HasH1 = true
		case "img":
			if !t.has("alt") {
				d.diags = append(d.diags, diag.Warnf(d.page.File, d.lines.line(srcOffset(t.start)), "<img> has no alt attribute").
					WithHint(`describe the image for readers who cannot see it: alt="what it shows" (alt="" for decoration)`))
			}
		}
		for _, a := range t.attrs {
			switch {
			case a.key == "id" || (a.key == "name" && t.name == "a"):
				if a.val != "" {
					d.page.IDs[a.val] = true
				}
			case a.key == "href" || a.key == "src":
				if a.val == "" {
					continue // the page itself
				}
				line := d.lines.line(srcOffset(a.start))
				if out, ok := d.resolveAt(line, a.val, a.key == "src"); ok {
					edits = append(edits, rawEdit{a.start, a.end, html.EscapeString(out)})
				}
			}
		}
	}
	wasOpen := d.rawText
	defer func() {
		if wasOpen == "" && d.rawText != "" {
			d.rawTextLine = d.lines.line(srcOffset(0))
		}
	}()
	if _, inline := n.(*ast.RawHTML); inline {
		if rt, ok := scanInlineTag(markup.Bytes(), d.rawText, visit); ok {
			d.rawText = rt
		} else {
			d.rawText = scanRawHTML(markup.Bytes(), d.rawText, visit)
		}
	} else {
		d.rawText = scanRawHTML(markup.Bytes(), d.rawText, visit)
	}
	if len(edits) > 0 {
		n.SetAttributeString(rawHTMLKey, applyEdits(markup.Bytes(), edits))
	}
}

// unclosedRawText warns about a script-like element the page's raw HTML
// never closes: a browser reads the rest of the page as its text.
func (d *pageDoc) unclosedRawText() {
	if d.rawText == "" {
		return
	}
	d.diags = append(d.diags, diag.Warnf(d.page.File, d.rawTextLine, "<%s> is never closed: the rest of the page is its content", d.rawText).
		WithHint("close it with </"+d.rawText+">"))
}

// rawSegments are the source segments of a raw HTML node, in order.
func rawSegments(n ast.Node) []text.Segment {
	switch n := n.(type) {
	case *ast.HTMLBlock:
		segs := n.Lines().Sliced(0, n.Lines().Len())
		if n.HasClosure() {
			segs = append(segs, n.ClosureLine)
		}
		return segs
	case *ast.RawHTML:
		return n.Segments.Sliced(0, n.Segments.Len())
	}
	return nil
}

// rawEdit replaces markup[start:end] with repl.
type rawEdit struct {
	start, end int
	repl       string
}

// applyEdits returns markup with edits (in order, not overlapping) applied.
func applyEdits(markup []byte, edits []rawEdit) []byte {
	out := make([]byte, 0, len(markup)+16*len(edits))
	last := 0
	for _, e := range edits {
		out = append(out, markup[last:e.start]...)
		out = append(out, e.repl...)
		last = e.end
	}
	return append(out, markup[last:]...)
}

// rawTag is a start tag found in raw HTML.
type rawTag struct {
	name  string // lower case
	start int    // where the tag starts in the markup
	attrs []rawAttr
}

// has reports whether the tag has the attribute key (lower case).
func (t rawTag) has(key string) bool {
	for _, a := range t.attrs {
		if a.key == key {
			return true
		}
	}
	return false
}

// rawAttr is an attribute of a start tag with where its value is.
type rawAttr struct {
	key        string // lower case
	val        string // unescaped
	start, end int    // the value's bytes in the markup, without quotes
}

// scanRawHTML tokenizes markup (golang.org/x/net/html) and calls fn for
// every start tag outside comments and the content of script-like elements.
// inRawText is the script-like element the markup starts inside ("" for
// none; inline raw HTML comes one tag per node); the result is the one it
// ends inside.
func scanRawHTML(markup []byte, inRawText string, fn func(rawTag)) string {
	z := xhtml.NewTokenizer(bytes.NewReader(markup))
	off := 0
	for {
		tt := z.Next()
		raw := z.Raw()
		start := off
		off += len(raw)
		switch tt {
		case xhtml.ErrorToken: // io.EOF: the tokenizer reads from memory
			return inRawText
		case xhtml.EndTagToken:
			if name, _ := z.TagName(); string(name) == inRawText {
				inRawText = ""
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := rawTag{name: string(name), start: start}
			if inRawText != "" {
				continue // text to the browser, e.g. a string in a script
			}
			if isRawText(tag.name) { // <script/> too: HTML has no self-closing script
				inRawText = tag.name
			}
			attrs, ok := tagAttrs(z, raw, start)
			if !ok {
				continue // the scan disagrees with the tokenizer: leave the tag alone
			}
			tag.attrs = attrs
			fn(tag)
		}
	}
}

// scanInlineTag is scanRawHTML for the markup of one inline raw HTML node,
// which goldmark guarantees is a single complete tag, comment, processing
// instruction or declaration, without the tokenizer's 4 KiB buffer per node.
// ok is false when it cannot vouch for the result (not a tag, or an
// attribute value with a character reference): use scanRawHTML then.
func scanInlineTag(markup []byte, inRawText string, fn func(rawTag)) (string, bool) {
	if len(markup) < 3 || markup[0] != '<' || markup[len(markup)-1] != '>' {
		return inRawText, false
	}
	isLetter := func(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
	switch {
	case markup[1] == '/' && isLetter(markup[2]): // an end tag
		if asciiLower(markup[2:1+tagNameEnd(markup[1:])]) == inRawText {
			inRawText = ""
		}
		return inRawText, true
	case !isLetter(markup[1]):
		if bytes.HasPrefix(markup, []byte("<!--")) || markup[1] == '?' {
			return inRawText, true // a comment or processing instruction: nothing to see
		}
		return inRawText, false
	}
	if inRawText != "" {
		return inRawText, true
	}
	name := asciiLower(markup[1:tagNameEnd(markup)])
	tag := rawTag{name: name}
	for _, s := range tagValueSpans(markup) {
		v := markup[s.start:s.end]
		if bytes.IndexByte(v, '&') >= 0 {
			return inRawText, false // unescaping as an attribute value is the tokenizer's job
		}
		tag.attrs = append(tag.attrs, rawAttr{key: s.key, val: string(v), start: s.start, end: s.end})
	}
	if isRawText(name) {
		inRawText = name
	}
	fn(tag)
	return inRawText, true
}

// tagNameEnd is where the name of the tag raw ("<name ...") ends.
func tagNameEnd(raw []byte) int {
	i := 1
	for i < len(raw) && strings.IndexByte(" \n\r\t\f/>", raw[i]) < 0 {
		i++
	}
	return i
}

// tagAttrs pairs the tokenizer's attributes of the current tag (key, value
// unescaped as in an attribute) with where their values are in raw (which
// starts at off in the markup), found by tagValueSpans. ok is false if the
// two disagree on the keys.
func tagAttrs(z *xhtml.Tokenizer, raw []byte, off int) ([]rawAttr, bool) {
	spans := tagValueSpans(raw)
	var attrs []rawAttr
	for i := 0; ; i++ {
		key, val, more := z.TagAttr()
		if key == nil && !more {
			break
		}
		if i >= len(spans) || spans[i].key != string(key) {
			return nil, false
		}
		attrs = append(attrs, rawAttr{key: string(key), val: string(val), start: off + spans[i].start, end: off + spans[i].end})
		if !more {
			break
		}
	}
	return attrs, len(attrs) == len(spans)
}

// valueSpan is an attribute of a tag's raw text and where its value is.
type valueSpan struct {
	key        string
	start, end int
}

// tagValueSpans finds the attributes of one start tag's raw text ("<a
// href='x' b=y c>") the way the tokenizer reads them (WHATWG tokenization,
// golang.org/x/net/html's readTag): keys lower-cased, a repeated key ignored.
func tagValueSpans(raw []byte) []valueSpan {
	i, n := tagNameEnd(raw), len(raw)
	isSpace := func(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }
	skipSpace := func() {
		for i < n && isSpace(raw[i]) {
			i++
		}
	}
	skipSpace()
	var spans []valueSpan
	seen := map[string]bool{}
	for i < n && raw[i] != '>' {
		ks := i
		for i < n && (i == ks || raw[i] != '=') && !isSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' {
			i++
		}
		key := asciiLower(raw[ks:i])
		vs, ve := i, i
		skipSpace()
		switch {
		case i < n && raw[i] == '/':
			i++
		case i < n && raw[i] == '=':
			i++
			skipSpace()
			switch {
			case i >= n, raw[i] == '>':
				vs, ve = i, i
			case raw[i] == '"' || raw[i] == '\'':
				q := raw[i]
				i++
				vs = i
				for i < n && raw[i] != q {
					i++
				}
				ve = i
				if i < n {
					i++
				}
			default:
				vs = i
				for i < n && !isSpace(raw[i]) && raw[i] != '>' {
					i++
				}
				ve = i
			}
		}
		if key != "" && !seen[key] {
			seen[key] = true
			spans = append(spans, valueSpan{key: key, start: vs, end: ve})
		}
		skipSpace()
	}
	return spans
}

// rawHTMLRenderer writes raw HTML nodes as written, or with their site
// links rewritten (rawHTMLKey).
type rawHTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (rawHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, renderRawHTML)
	reg.Register(ast.KindRawHTML, renderRawHTML)
}

func renderRawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	if v, ok := n.AttributeString(rawHTMLKey); ok {
		_, _ = w.Write(v.([]byte))
		return ast.WalkSkipChildren, nil
	}
	for _, s := range rawSegments(n) {
		_, _ = w.Write(s.Value(src))
	}
	return ast.WalkSkipChildren, nil
}

// asciiLower lower-cases A-Z only, as the tokenizer does (bytes.ToLower would
// also rewrite non-ASCII and invalid UTF-8).
func asciiLower(b []byte) string {
	out := []byte(string(b))
	for i, c := range out {
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return string(out)
}
