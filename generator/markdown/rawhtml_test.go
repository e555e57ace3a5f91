package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	xhtml "golang.org/x/net/html"
)

func TestTagValueSpans(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`<a href="x">`, `href="x"`},
		{`<a href='x' b=y c>`, `href="x" b="y" c=""`},
		{`<a HREF = x/>`, `href="x/"`},
		{`<a =x href=y>`, `=x="" href="y"`},
		{`<a/b/c=d>`, `b="" c="d"`},
		{`<a b c=>`, `b="" c=""`},
		{`<a x=1 X=2>`, `x="1"`},
		{`<a x="unterminated`, `x="unterminated"`},
		{"<a\n\tx\f=\r'1'>", `x="1"`},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range tagValueSpans([]byte(tt.raw)) {
			got = append(got, fmt.Sprintf("%s=%q", s.key, tt.raw[s.start:s.end]))
		}
		assert.Equal(t, tt.want, strings.Join(got, " "), tt.raw)
	}
}

// FuzzRawHTMLScan holds tagValueSpans to the tokenizer: for every start tag
// of any markup both find the same attributes, every value span lies inside
// the tag, and rewriting each value with itself gives the markup back.
func FuzzRawHTMLScan(f *testing.F) {
	for _, s := range []string{
		`<a href="x.md#y" class=z>t</a>`, `<img src=a.png alt='b'>`, "<div\n id=x\n>", `<a =b c=d e = "f">`,
		`<script>'<a href="x">'</script><a href=y>`, `<!-- <a href=x> --><a href='y'/>`, `<a x=1 X=2 href>`,
		`<textarea><a href=x></textarea>`, `<a href="&amp;&copy=1">`, `<a b='c`, `</script >`, `<br/>`, `<SCRIPT/>`,
		`<!-- x -->`, `<?php x ?>`, `<!DOCTYPE html>`, `<![CDATA[ x ]]>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, markup string) {
		if strings.IndexByte(markup, 0) >= 0 {
			return // pages with a NUL byte are refused before rendering (the tokenizer rewrites NULs)
		}
		z := xhtml.NewTokenizer(strings.NewReader(markup))
		off := 0
		for {
			tt := z.Next()
			raw := z.Raw()
			start := off
			off += len(raw)
			if tt == xhtml.ErrorToken {
				break
			}
			if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
				continue
			}
			if markup[start:off] != string(raw) {
				t.Fatalf("raw token %q is not at %d of the markup", raw, start)
			}
			attrs, ok := tagAttrs(z, raw, start)
			if !ok {
				t.Fatalf("scan and tokenizer disagree on %q", raw)
			}
			var edits []rawEdit
			for _, a := range attrs {
				if a.start < start || a.end > off || a.start > a.end {
					t.Fatalf("value span %d-%d outside the tag %d-%d", a.start, a.end, start, off)
				}
				edits = append(edits, rawEdit{a.start, a.end, markup[a.start:a.end]})
			}
			if got := string(applyEdits([]byte(markup), edits)); got != markup {
				t.Fatalf("identity edits changed the markup: %q", got)
			}
		}
		if off != len(markup) {
			t.Fatalf("tokens cover %d of %d bytes", off, len(markup))
		}
		// The inline fast path agrees with the tokenizer on markup that is one token.
		z = xhtml.NewTokenizer(strings.NewReader(markup))
		if tt := z.Next(); tt == xhtml.ErrorToken || len(z.Raw()) != len(markup) {
			return
		}
		for _, open := range []string{"", "script"} {
			var fast, slow []rawTag
			fastOpen, ok := scanInlineTag([]byte(markup), open, func(t rawTag) { fast = append(fast, t) })
			if !ok {
				continue
			}
			slowOpen := scanRawHTML([]byte(markup), open, func(t rawTag) { slow = append(slow, t) })
			if fmt.Sprint(fast) != fmt.Sprint(slow) || fastOpen != slowOpen {
				t.Fatalf("%q inside %q: fast path %v then %q, tokenizer %v then %q", markup, open, fast, fastOpen, slow, slowOpen)
			}
		}
	})
}
