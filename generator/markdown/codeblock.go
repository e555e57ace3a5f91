package markdown

import (
	"errors"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/docproof/docproof/generator/card"
	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/sample"
)

// fenceAttrs is the closed set of fence attributes (README.md "Sample attributes"), sorted.
const fenceAttrs = "bind, capture, exact, example, response, sample, shape, skip, status, token, variables"

// isFenceAttr reports whether key is one of fenceAttrs.
func isFenceAttr(key string) bool {
	switch key {
	case "bind", "capture", "exact", "example", "response", "sample", "shape", "skip", "status", "token", "variables":
		return true
	}
	return false
}

// codeBlocks records every fenced block in Page.Blocks (with file lines),
// checks its info string and closing fence, and replaces it by its
// highlighted HTML, so attributes never reach the page. A sample and the
// blocks that belong to it are framed as one card (package card), with
// slots for what its run gives: the blocks are replaced once all are known.
func (d *pageDoc) codeBlocks() {
	samples := 0
	type shown struct {
		b        fence.Block
		kind     sample.Kind
		id, code string
	}
	blocks := make([]shown, 0, len(d.fenced))
	for i, n := range d.fenced {
		errs := len(d.diags.Errors())
		b := d.fenceBlock(i, n)
		if len(d.diags.Errors()) > errs {
			d.page.BrokenBlocks = true
		}
		d.page.Blocks = append(d.page.Blocks, b)
		kind := sample.Classify(b)
		id := ""
		if kind.IsSample() {
			samples++
			id = strings.TrimSuffix(d.page.Rel, ".md") + "#" + strconv.Itoa(samples)
			if v, ok := b.Attrs.Get("sample"); ok && v != "" {
				id = v
			}
			if b.Attrs.Has("skip") || d.m.noVerify {
				id = "" // not run, so not marked verified
			}
		}
		code, known := d.m.hl.Highlight(d.m.language(b.Lang), b.Code)
		if !known {
			d.diags = append(d.diags, diag.Warnf(d.page.File, b.Line, "unknown code language %q: shown as plain text", b.Lang).
				WithHint("use a language chroma knows (bash, console, json, graphql, yaml, go, http, text…)"))
		}
		blocks = append(blocks, shown{b, kind, id, code})
	}
	cards := d.sampleCards(kinds(blocks, func(s shown) sample.Kind { return s.kind }))
	for i, n := range d.fenced {
		s, c := blocks[i], cards[i]
		state := ""
		if s.id != "" {
			state = card.State(s.b.Line)
		}
		code := s.code
		if c.response > 0 {
			code = responseSlots(s.b, code, c.response, d.legend())
		}
		out := codeBlockHTML(s.b, s.kind, s.id, state, code)
		if file, ok := n.AttributeString("codeblock-file"); ok { // ial: the file the code is in
			out = withFileName(out, attrString(file))
		}
		n.Parent().ReplaceChild(n.Parent(), n, &rawBlock{html: c.open + out + c.close})
	}
}

// fenceBlock turns a goldmark fenced block into a fence.Block with file
// lines, reporting bad attributes and a missing closing fence.
func (d *pageDoc) fenceBlock(i int, n *ast.FencedCodeBlock) fence.Block {
	file := d.page.File
	open := d.lines.line(n.Pos())
	b := fence.Block{Index: i, Line: open, EndLine: open}
	var info string
	if n.Info != nil {
		info = string(n.Info.Segment.Value(d.body))
	}
	parsed, err := fence.Parse(info)
	if err != nil {
		diagnostic := diag.Errorf(file, open, "%v", err).WithHint(`write attributes as {key=value key2="two words" flag}`)
		var se *fence.SyntaxError
		if errors.As(err, &se) && n.Info != nil {
			diagnostic.Col = n.Info.Segment.Start - d.lines.start(open) + se.Col
			diagnostic.Message = "fence attributes: " + se.Msg
		}
		d.diags = append(d.diags, diagnostic)
		parsed = fence.Info{Lang: strings.ToLower(firstField(info)), Attrs: fence.Attrs{Values: map[string]string{}}}
		if i := strings.IndexByte(parsed.Lang, '{'); i >= 0 {
			parsed.Lang = parsed.Lang[:i]
		}
	}
	b.Lang, b.Attrs = parsed.Lang, parsed.Attrs
	for _, k := range b.Attrs.Keys {
		if !isFenceAttr(k) {
			d.diags = append(d.diags, diag.Errorf(file, open, "unknown fence attribute %q", k).
				WithHint("known attributes: "+fenceAttrs))
		}
	}
	lines := n.Lines()
	b.Code = linesText(lines, d.body)
	last := open
	if lines.Len() > 0 {
		last = d.lines.line(lines.At(lines.Len() - 1).Start)
	}
	b.EndLine = last
	if d.closedAt(n, last+1) {
		b.EndLine = last + 1
	} else {
		d.diags = append(d.diags, diag.Errorf(file, open, "code block is never closed").
			WithHint("add a closing fence line ("+d.fenceMarker(n)+") after the code"))
	}
	return b
}

// linesText is the text of a block's lines, as their Values joined: one
// copy of the source when they follow each other in it unchanged (a fence
// at the top level), else joined.
func linesText(lines *text.Segments, src []byte) string {
	if lines.Len() == 0 {
		return ""
	}
	contiguous := true
	for j := 0; j < lines.Len() && contiguous; j++ {
		seg := lines.At(j)
		contiguous = seg.Padding == 0 && (j == 0 || seg.Start == lines.At(j-1).Stop) &&
			(!seg.ForceNewline || seg.Start == seg.Stop || src[seg.Stop-1] == '\n') // Value adds no newline
	}
	if contiguous {
		return string(src[lines.At(0).Start:lines.At(lines.Len()-1).Stop])
	}
	var code strings.Builder
	for j := 0; j < lines.Len(); j++ {
		seg := lines.At(j)
		code.Write(seg.Value(src))
	}
	return code.String()
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// fenceMarker is the run of backticks or tildes that opened n.
func (d *pageDoc) fenceMarker(n *ast.FencedCodeBlock) string {
	s := d.body[n.Pos():]
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	j := i
	for j < len(s) && j-i < 1000 && (s[j] == '`' || s[j] == '~') && s[j] == s[i] {
		j++
	}
	return string(s[i:j])
}

// closedAt reports whether 1-based line holds a fence that closes n (after
// any blockquote or list-item indentation). goldmark closes an unterminated
// fence silently at the end of the document or container; we don't.
func (d *pageDoc) closedAt(n *ast.FencedCodeBlock, line int) bool {
	if line > len(d.lines) {
		return false
	}
	start := d.lines.start(line)
	end := len(d.body)
	if line < len(d.lines) {
		end = d.lines.start(line+1) - 1
	}
	l := strings.TrimRight(string(d.body[start:end]), "\r")
	l = strings.TrimLeft(l, " \t>")
	marker := d.fenceMarker(n)
	if marker == "" || !strings.HasPrefix(l, marker) {
		return false
	}
	return strings.Trim(l, marker[:1]+" \t") == ""
}

// codeBlockHTML renders the codeblock markup of templates/doc.go.
// sampleID is set only on samples that are verified (not skipped); state is
// the slot of their verified mark (card.State), written as is.
func codeBlockHTML(b fence.Block, kind sample.Kind, sampleID, state, code string) string {
	lang := b.Lang
	if lang == "" {
		lang = "text"
	}
	var s strings.Builder
	s.Grow(len(code) + 3*len(lang) + len(sampleID) + len(state) + 420) // the markup around the code
	s.WriteString(`<div class="codeblock" data-lang="` + html.EscapeString(lang) + `"`)
	if sampleID != "" {
		s.WriteString(` data-sample="` + html.EscapeString(sampleID) + `"`)
	}
	if kind == sample.Response {
		s.WriteString(` data-response=""`)
	}
	s.WriteString(`><div class="codeblock-bar">`)
	switch kind {
	case sample.Response:
		s.WriteString(`<span class="codeblock-label">Response</span>`)
	case sample.Variables:
		s.WriteString(`<span class="codeblock-label">Variables</span>`)
	}
	s.WriteString(`<span class="codeblock-lang">` + html.EscapeString(lang) + `</span>`)
	s.WriteString(state)
	s.WriteString(`<button class="copy" type="button" aria-label="Copy code">Copy</button></div>`)
	s.WriteString(focusablePre(code, codeName(kind, lang)))
	s.WriteString("</div>\n")
	return s.String()
}

// codeName is the accessible name of a code block's scrolling region:
// "bash code", "Response json code".
func codeName(kind sample.Kind, lang string) string {
	switch kind {
	case sample.Response:
		return "Response " + lang + " code"
	case sample.Variables:
		return "Variables " + lang + " code"
	}
	return lang + " code"
}

// focusablePre makes the <pre> that opens code (the highlighter's markup) a
// named group in the tab order (a group, not a region: dozens of landmarks
// named "bash code" would crowd the landmark list, axe landmark-unique): a code block scrolls sideways, and a
// keyboard user must be able to reach it to scroll it (axe
// scrollable-region-focusable). Markup without a leading <pre is returned as is.
func focusablePre(code, name string) string {
	if !strings.HasPrefix(code, "<pre") {
		return code
	}
	return `<pre tabindex="0" role="group" aria-label="` + html.EscapeString(name) + `"` + code[len("<pre"):]
}

// UnmarkSkipped returns p, or a copy of it without the data-sample
// attribute of the samples that were skipped only when they ran (the mock
// does not model their request, with "unmodelled: skip"): the render stage
// marked them before they ran (their state slot stays empty: card.Fill
// marks only samples that ran). p itself is never changed (it may be cached).
func UnmarkSkipped(p *Page, results []sample.Result) *Page {
	body := string(p.Body)
	changed := false
	for _, r := range results {
		if r.Outcome != "skip" || !r.Unmodelled {
			continue
		}
		attr := ` data-sample="` + html.EscapeString(r.ID) + `"`
		at := strings.Index(body, `<div class="codeblock" data-lang=`)
		for at >= 0 {
			end := strings.Index(body[at:], ">")
			if end < 0 {
				break
			}
			if i := strings.Index(body[at:at+end], attr); i >= 0 {
				body = body[:at+i] + body[at+i+len(attr):]
				changed = true
				break
			}
			next := strings.Index(body[at+1:], `<div class="codeblock" data-lang=`)
			if next < 0 {
				break
			}
			at += 1 + next
		}
	}
	if !changed {
		return p
	}
	cp := *p
	cp.Body = template.HTML(body)
	return &cp
}
