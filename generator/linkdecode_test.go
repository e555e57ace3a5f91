package generator

import (
	"bytes"
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

// firstURL is the first href or src of a rendered body.
var firstURL = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestLinkDestinationsAreDecoded renders one link on content/index.md and
// checks it against the site's files: a Markdown destination is decoded as
// CommonMark says (backslash escapes, entity and numeric references) before
// it is resolved and checked, a raw HTML href has its entities decoded but
// not backslash escapes, and the published href is the resolved site path
// as goldmark prints it (root-absolute, so "/" + goldmark's href for a
// non-Markdown file). Cases 495, 498 and 500 are CommonMark spec examples.
func TestLinkDestinationsAreDecoded(t *testing.T) {
	tests := []struct {
		name  string
		md    string
		files []string // other files of the site ("x.md" is a page)
		href  string   // published href, unescaped; "" when it must be "/" + goldmark's own
		err   string   // the link check's one error, "" for none
	}{
		{name: "backslash escape", md: `[a](foo\_bar.md)`, files: []string{"foo_bar.md"}, href: "/foo_bar/"},
		{name: "entity reference", md: `[b](caf&eacute;.md)`, files: []string{"café.md"}, href: "/caf%C3%A9/"},
		{name: "numeric reference", md: `[c](my&#95;page.md)`, files: []string{"my_page.md"}, href: "/my_page/"},
		{name: "hex reference", md: `[c](my&#x5F;page.md)`, files: []string{"my_page.md"}, href: "/my_page/"},
		{name: "spec 495", md: `[link](\(foo\))`, files: []string{"(foo)"}},
		{name: "spec 498", md: `[link](foo\(and\(bar\))`, files: []string{"foo(and(bar)"}},
		{name: "spec 500", md: `[link](foo\)\:)`, files: []string{"foo):"}},
		{name: "image", md: `![d](img/caf&eacute;\*.png)`, files: []string{"img/café*.png"}},
		{name: "escaped backslash", md: `[e](back\\slash.png)`, files: []string{`back\slash.png`}},
		{name: "ampersand in a file name", md: `[e](a&amp;amp;b.png)`, files: []string{"a&amp;b.png"}},
		{name: "query and fragment", md: `[q](foo\_bar.md?a=1&amp;b=2#x\_y)`, files: []string{"foo_bar.md"}, href: "/foo_bar/?a=1&b=2#x_y"},
		{name: "angle brackets", md: `[s](<my page\_1.md>)`, files: []string{"my page_1.md"}, href: "/my%20page_1/"},
		{name: "reference definition", md: "[r][x]\n\n[x]: foo\\_bar.md", files: []string{"foo_bar.md"}, href: "/foo_bar/"},
		{name: "missing after decoding", md: `[a](gone\_page.md)`,
			err: `content/index.md:3: broken link "gone_page.md": no published page at /gone_page/ (is the file missing, misspelt or a draft?) (link to a .md file relative to this page, e.g. ../tokens.md#revoking)`},
		{name: "missing anchor after decoding", md: `[a](foo\_bar.md#x&#95;z)`, files: []string{"foo_bar.md"},
			err: `content/index.md:3: broken link "foo_bar.md#x_z": no anchor #x_z in content/foo_bar.md (anchors there include #x_y, #foo)`},
		{name: "raw HTML entities", md: `<a href="caf&eacute;.md">b</a>`, files: []string{"café.md"}, href: "/caf%C3%A9/"},
		{name: "raw HTML keeps backslashes", md: `<a href="foo\_bar.md">a</a>`, files: []string{"foo_bar.md"},
			err: `content/index.md:3: broken link "foo\\_bar.md": no published page at /foo\_bar/ (is the file missing, misspelt or a draft?) (link to a .md file relative to this page, e.g. ../tokens.md#revoking)`},
	}
	gm := goldmark.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs := []source.Source{{Rel: "index.md", File: "content/index.md", Data: []byte("# Home\n\n" + tt.md + "\n")}}
			for _, f := range tt.files {
				s := source.Source{Rel: f, File: "content/" + f}
				if source.IsMarkdown(f) {
					s.Data = []byte("# Foo\n\n<span id=\"x_y\"></span>\n")
				}
				srcs = append(srcs, s)
			}
			pages, diags := renderPages(context.Background(), Config{Workers: 1}, srcs)
			require.Empty(t, diags)
			var errs []string
			for _, d := range markdown.CheckLinks(pages, srcs) {
				errs = append(errs, d.Error())
			}
			if tt.err == "" {
				assert.Empty(t, errs)
			} else {
				assert.Equal(t, []string{tt.err}, errs)
			}
			if tt.err != "" {
				return
			}
			_, body, _ := strings.Cut(string(pages[0].Body), "</h1>")
			m := firstURL.FindStringSubmatch(body)
			require.NotNil(t, m, "%s", pages[0].Body)
			want := tt.href
			if want == "" {
				var plain bytes.Buffer
				require.NoError(t, gm.Convert([]byte(tt.md), &plain))
				pm := firstURL.FindSubmatch(plain.Bytes())
				require.NotNil(t, pm)
				want = "/" + html.UnescapeString(string(pm[1]))
			}
			assert.Equal(t, want, html.UnescapeString(m[1]))
		})
	}
}
