package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/docproof/docproof/generator/source"
)

// TestRenderDiagnostics checks that each kind of bad input is reported at
// the right line of the FILE (front matter lines included), with no panic.
func TestRenderDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		md   string
		want []string // every diagnostic, rendered
	}{
		{
			name: "yaml syntax error is at its file line",
			md:   "---\ntitle: ok\nweight: [1\n---\n# x\n",
			want: []string{"content/p.md:3: front matter: sequence end token ']' not found"},
		},
		{
			name: "yaml type error is at its file line",
			md:   "---\ntitle: ok\ndescription: fine\nweight: heavy\n---\n# x\n",
			want: []string{"content/p.md:4: front matter: weight must be a number"},
		},
		{
			name: "draft that is not a boolean",
			md:   "---\ntitle: ok\ndraft: maybe\n---\n# x\n",
			want: []string{"content/p.md:3: front matter: draft must be true or false"},
		},
		{
			name: "bind that is not a mapping",
			md:   "---\nbind: [a, b]\n---\n# x\n",
			want: []string{"content/p.md:2: front matter: sequence was used where mapping is expected"},
		},
		{
			name: "unknown front matter key",
			md:   "---\ntitle: ok\nwieght: 3\n---\n# x\n",
			want: []string{`content/p.md:3: front matter: unknown field "wieght" (known keys: title, description, weight, draft, toc, bind, env)`},
		},
		{
			name: "front matter that is a list",
			md:   "---\n- a\n- b\n---\n# x\n",
			want: []string{"content/p.md:2: front matter must be a mapping of keys to values, not a sequence (write e.g. title: My page)"},
		},
		{
			name: "front matter that is a scalar",
			md:   "---\njust text\n---\n# x\n",
			want: []string{"content/p.md:2: front matter must be a mapping of keys to values, not a string (write e.g. title: My page)"},
		},
		{
			name: "front matter never closed",
			md:   "---\ntitle: x\n# x\n",
			want: []string{"content/p.md:1: front matter is never closed (end the YAML block with a line holding only ---)"},
		},
		{
			name: "unclosed fence at its opening line, after front matter",
			md:   "---\ntitle: t\n---\ntext\n\n```bash\ncurl x\n",
			want: []string{"content/p.md:6: code block is never closed (add a closing fence line (```) after the code)"},
		},
		{
			name: "unclosed fence inside a list item",
			md:   "# t\n\n- item\n\n  ~~~~json\n  {}\n- next\n",
			want: []string{"content/p.md:5: code block is never closed (add a closing fence line (~~~~) after the code)"},
		},
		{
			name: "closed fence inside a blockquote is fine",
			md:   "# t\n\n> ```json\n> {}\n> ```\n",
		},
		{
			name: "a shorter closing fence does not close",
			md:   "# t\n\n````\n```\n",
			want: []string{"content/p.md:3: code block is never closed (add a closing fence line (````) after the code)"},
		},
		{
			name: "unknown fence attribute",
			md:   "# t\n\n```bash {sample=x stauts=401}\ncurl https://agent.buildkite.com/v3/ping\n```\n",
			want: []string{`content/p.md:3: unknown fence attribute "stauts" (known attributes: bind, capture, exact, example, response, sample, shape, skip, status, token, variables)`},
		},
		{
			name: "fence attribute syntax error has a column",
			md:   "# t\n\n```bash {skip=\"never closed}\ncurl x\n```\n",
			want: []string{`content/p.md:3:15: fence attributes: unterminated "-quoted value (write attributes as {key=value key2="two words" flag})`},
		},
		{
			name: "missing closing brace",
			md:   "# t\n\n```json {response\n{}\n```\n",
			want: []string{`content/p.md:3:18: fence attributes: missing closing '}' (write attributes as {key=value key2="two words" flag})`},
		},
		{
			name: "page without any title",
			md:   "just text\n",
			want: []string{`content/p.md:1: warning: page has no title; using "P" (add title: to the front matter or start the page with a # heading)`},
		},
		{
			name: "raw html is rendered without a warning",
			md:   "# t\n\ntext <b>bold</b>\n\n<div>x</div>\n",
		},
		{
			name: "raw html link with a bad escape is at its line",
			md:   "# t\n\n<div>\n<a\n  href=\"a%zz.md\">x</a>\n</div>\n",
			want: []string{`content/p.md:5: link "a%zz.md": bad %-escape in the path`},
		},
		{
			name: "duplicate explicit ids",
			md:   "# t\n\n## A {#same}\n\n## B {#same}\n",
			want: []string{`content/p.md:5: heading id "same" is used twice on this page (give each {#id} a different name)`},
		},
		{
			name: "empty link",
			md:   "# t\n\nsee [this]() and ![]()\n",
			want: []string{
				"content/p.md:3: warning: link with an empty destination (write [text](page.md) or [text](#anchor))",
				`content/p.md:3: warning: image "" has no alt text (describe the image for readers who cannot see it: ![what it shows](path))`,
				"content/p.md:3: warning: link with an empty destination (write [text](page.md) or [text](#anchor))",
			},
		},
		{
			name: "empty toc",
			md:   "# t\n\n{:toc}\n\ntext\n",
			want: []string{"content/p.md:3: warning: {:toc} on a page without ## or ### headings: nothing to list"},
		},
		{
			name: "link outside content",
			md:   "# t\n\n[up](../../etc/passwd)\n",
			want: []string{`content/p.md:3: link "../../etc/passwd" points outside the content directory (link to pages and files inside content/)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := renderSource(t, "p.md", tt.md)
			var got []string
			for _, d := range diags {
				got = append(got, d.Error())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCheckText(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string
	}{
		{"nul byte", "# t\n\nab\x00c\n", "content/p.md:3:3: NUL byte in Markdown (is this a binary file? give it a non-.md extension)"},
		{"invalid utf-8", "# t\nok\n\xffbad\n", "content/p.md:3:1: invalid UTF-8 byte 0xff (save the file as UTF-8)"},
		{"utf-8 is fine", "# café — ok\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := source.CheckText("content/p.md", []byte(tt.data))
			if tt.want == "" {
				assert.True(t, ok)
				return
			}
			assert.False(t, ok)
			assert.Equal(t, tt.want, d.Error())
		})
	}
}
