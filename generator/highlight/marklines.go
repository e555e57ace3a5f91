package highlight

import (
	"strings"
)

// lineOpen and lineClose wrap each line of the highlighter's markup.
const (
	lineOpen  = `<span class="line"><span class="cl">`
	lineClose = `</span></span>`
	markOpen  = `<mark class="line"><span class="cl">`
	markClose = `</span></mark>`
)

// MarkLines returns code, markup from Highlight, with each line for which
// marked(n) holds (n from 1) wrapped in <mark class="line"> instead of
// <span class="line">: a highlighted line, which browsers also expose to
// assistive technology as marked text. Plain-text markup (a language the
// highlighter does not know) gets the line wrappers first.
func MarkLines(code string, marked func(line int) bool) string {
	if !strings.Contains(code, lineOpen) {
		code = wrapLines(code)
	}
	var b strings.Builder
	b.Grow(len(code) + 64)
	rest := code
	for n := 1; ; n++ {
		i := strings.Index(rest, lineOpen)
		if i < 0 {
			break
		}
		b.WriteString(rest[:i])
		rest = rest[i:]
		end := strings.Index(rest[len(lineOpen):], lineOpen) // the line runs to the next one, or to </code>
		if end >= 0 {
			end += len(lineOpen)
		} else if end = strings.LastIndex(rest, "</code>"); end < 0 {
			end = len(rest)
		}
		line := rest[:end]
		inner, ok := strings.CutSuffix(line[len(lineOpen):], lineClose)
		if ok && marked(n) {
			line = markOpen + inner + markClose
		}
		b.WriteString(line)
		rest = rest[end:]
	}
	b.WriteString(rest)
	return b.String()
}

// wrapLines puts the highlighter's line wrappers around each line of plain
// <pre …><code>…</code></pre> markup, each line's newline inside it.
func wrapLines(code string) string {
	start := strings.Index(code, "<code>")
	end := strings.LastIndex(code, "</code>")
	if start < 0 || end < start {
		return code
	}
	body := code[start+len("<code>") : end]
	var b strings.Builder
	b.WriteString(code[:start+len("<code>")])
	for body != "" {
		line := body
		if i := strings.IndexByte(body, '\n'); i >= 0 {
			line = body[:i+1]
		}
		b.WriteString(lineOpen + line + lineClose)
		body = body[len(line):]
	}
	b.WriteString(code[end:])
	return b.String()
}
