package markdown

import (
	htmltemplate "html/template"
	"strings"
)

// OutlineHTML renders entries (the page outline, aside.page-toc) as the built-in "toc-items" template does
// (PageView.TOCHTML), with html/template's escapers for the two contexts
// involved written out in Go: executing the template cost ~3.5 µs per entry,
// most of the page template's time once the sidebar was pre-rendered.
// outline_test.go holds it byte-identical to the template, fuzzed.
func OutlineHTML(entries []TOCEntry) htmltemplate.HTML {
	if len(entries) == 0 {
		return ""
	}
	var b strings.Builder
	writeOutline(&b, entries)
	return htmltemplate.HTML(b.String())
}

// writeOutline follows templates/_toc.html:
//
//	<ul>\n{{range .}}<li><a href="#{{.ID}}">{{.Text}}</a>{{with .Children}}\n{{template "toc-items" .}}{{end}}</li>\n{{end}}</ul>
func writeOutline(b *strings.Builder, entries []TOCEntry) {
	b.WriteString("<ul>\n")
	for i := range entries {
		e := &entries[i]
		b.WriteString(`<li><a href="#`)
		escapeURLPart(b, e.ID)
		b.WriteString(`">`)
		escapeHTMLText(b, e.Text)
		b.WriteString("</a>")
		if len(e.Children) > 0 {
			b.WriteString("\n")
			writeOutline(b, e.Children)
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul>")
}

// escapeURLPart writes s as html/template escapes an action in a URL's query
// or fragment inside a quoted attribute: its urlescaper (every byte but
// [A-Za-z0-9-._~] percent-encoded, lower-case hex), then its attrescaper,
// which leaves that alphabet alone.
func escapeURLPart(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' || c == '.' || c == '_' || c == '~' ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		b.WriteString(s[written:i])
		b.Write([]byte{'%', hex[c>>4], hex[c&0xf]})
		written = i + 1
	}
	b.WriteString(s[written:])
}

// escapeHTMLText writes s as html/template's htmlescaper does for a string in
// element content: NUL becomes U+FFFD and " & ' + < > become entities; every
// other byte, invalid UTF-8 included, is copied.
func escapeHTMLText(b *strings.Builder, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b.WriteString(s[written:i])
		b.WriteString(repl)
		written = i + 1
	}
	b.WriteString(s[written:])
}
