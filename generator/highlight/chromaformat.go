package highlight

import (
	"html"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
)

// tokenWriter writes tokens exactly as the highlighter's chroma HTML
// formatter does (CSS classes, preWrapper, no line numbers, no highlighted
// lines), without its per-token fmt calls: chroma's writeHTML was the larger
// half of highlighting a block once lexing got fast. Every piece of markup
// comes from the formatter itself: the line wrapper and, per token type, the
// <span class="…"> it opens, found by formatting a one-token document (in
// class mode the markup depends on the token type only). chromaformat_test.go
// compares whole blocks with the formatter.
type tokenWriter struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style

	once                sync.Once
	lineOpen, lineClose string   // `<span class="line"><span class="cl">`, `</span></span>`
	pre, preEnd         string   // preWrapper's start and end
	ok                  bool     // the probe had the expected shape
	spans               sync.Map // chroma.TokenType → string: the opening tag, "" for none
}

// probe is a token value that no escaping changes and no markup contains.
const probe = "x9Q"

// format returns the formatter's HTML for toks, or false when the markup of
// some token type could not be derived (then the formatter must be used).
func (t *tokenWriter) format(toks []chroma.Token) (string, bool) {
	t.once.Do(t.setup)
	if !t.ok || len(toks) == 0 {
		return "", false
	}
	lines := chroma.SplitTokensIntoLines(toks)
	n := len(t.pre) + len(t.preEnd)
	for _, tok := range toks {
		n += len(tok.Value) + 32
	}
	var b strings.Builder
	b.Grow(n + len(lines)*(len(t.lineOpen)+len(t.lineClose)))
	b.WriteString(t.pre)
	for _, line := range lines {
		b.WriteString(t.lineOpen)
		for _, tok := range line {
			open, ok := t.span(tok.Type)
			if !ok {
				return "", false
			}
			if open == "" {
				b.WriteString(html.EscapeString(tok.Value))
				continue
			}
			b.WriteString(open)
			b.WriteString(html.EscapeString(tok.Value))
			b.WriteString("</span>")
		}
		b.WriteString(t.lineClose)
	}
	b.WriteString(t.preEnd)
	return b.String(), true
}

// setup finds the line wrapper from the formatted probe, a Text token (which
// has no class).
func (t *tokenWriter) setup() {
	t.pre, t.preEnd = preWrapper{}.Start(true, ""), preWrapper{}.End(true)
	out, ok := t.formatOne(chroma.Text)
	if !ok {
		return
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(out, t.pre), t.preEnd)
	open, end, found := strings.Cut(inner, probe)
	if !found || len(inner) == len(out) || strings.Contains(end, probe) {
		return
	}
	t.lineOpen, t.lineClose, t.ok = open, end, true
	t.spans.Store(chroma.Text, "")
}

// span returns the tag the formatter opens around a token of type tt.
func (t *tokenWriter) span(tt chroma.TokenType) (string, bool) {
	if v, ok := t.spans.Load(tt); ok {
		return v.(string), true
	}
	out, ok := t.formatOne(tt)
	if !ok {
		return "", false
	}
	inner, found := strings.CutPrefix(out, t.pre+t.lineOpen)
	if !found {
		return "", false
	}
	inner, found = strings.CutSuffix(inner, t.lineClose+t.preEnd)
	if !found {
		return "", false
	}
	open := ""
	if inner != probe {
		open, found = strings.CutSuffix(inner, probe+"</span>")
		if !found || !strings.HasPrefix(open, "<span") || strings.Contains(open, probe) {
			return "", false
		}
	}
	t.spans.Store(tt, open)
	return open, true
}

// formatOne formats a document of one probe token of type tt.
func (t *tokenWriter) formatOne(tt chroma.TokenType) (string, bool) {
	var b strings.Builder
	if err := t.formatter.Format(&b, t.style, chroma.Literator(chroma.Token{Type: tt, Value: probe})); err != nil {
		return "", false
	}
	return b.String(), true
}
