package ial

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Attr
	}{
		{`{: codeblock-file="pipeline.yml"}`, []Attr{{"codeblock-file", "pipeline.yml"}}},
		{`  {: class="responsive-table"}  `, []Attr{{"class", "responsive-table"}}},
		{`{: .wide #t1 class='two-column' lang=en}`, []Attr{{"id", "t1"}, {"lang", "en"}, {"class", "wide two-column"}}},
		{`{:toc}`, nil},
		{`{: }`, nil},
		{`{: key="unclosed}`, nil},
		{`{ class="x" }`, nil},
		{`{: . }`, nil},
	} {
		got, ok := Parse(tc.in)
		assert.Equal(t, tc.want, got, tc.in)
		assert.Equal(t, tc.want != nil, ok, tc.in)
	}
}

func TestTransform(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, Extension))
	for _, tc := range []struct{ name, in, want string }{
		{"table class, IAL right after the last row",
			"| a | b |\n| - | - |\n| 1 | 2 |\n{: class=\"responsive-table\"}\n\nnext\n",
			"<table class=\"responsive-table\">\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n<p>next</p>\n"},
		{"list class",
			"- one\n- two\n\n{: class=\"two-column\"}\n",
			"<ul class=\"two-column\">\n<li>one</li>\n<li>two</li>\n</ul>\n"},
		{"an IAL with nothing before it stays text",
			"{: class=\"x\"}\n",
			"<p>{: class=&quot;x&quot;}</p>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, md.Convert([]byte(tc.in), &b))
			assert.Equal(t, tc.want, b.String())
		})
	}
}

func TestTransformFenceAttribute(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(Extension))
	src := []byte("```yaml\nsteps: []\n```\n{: codeblock-file=\"pipeline.yml\"}\n")
	doc := md.Parser().Parse(text.NewReader(src))
	f, ok := doc.FirstChild().(*ast.FencedCodeBlock)
	require.True(t, ok)
	v, ok := f.AttributeString("codeblock-file")
	require.True(t, ok)
	assert.Equal(t, "pipeline.yml", string(v.([]byte)))
	assert.Nil(t, f.NextSibling(), "the IAL line is gone")
}
