package generator

import (
	"bytes"
	"context"
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/generator/source"
)

// renderAt renders one page as a build with the given base path does.
func renderAt(t testing.TB, base, rel, md string) (*markdown.Page, []string) {
	t.Helper()
	m := markdown.New(markdown.Options{BasePath: base})
	p, diags := m.Render(source.Source{Rel: rel, File: "content/" + rel, Data: []byte(md)})
	var out []string
	for _, d := range diags {
		if !strings.Contains(d.Message, "page has no title") {
			out = append(out, d.Error())
		}
	}
	return p, out
}

func TestRawHTMLLinks(t *testing.T) {
	tests := []struct {
		name  string
		base  string
		md    string
		body  string   // the rendered body holds it
		links []string // "line dest -> target #fragment"
	}{
		{"md link rewritten", "/docs/", `<a href="tokens.md#x">t</a>`,
			`<p><a href="/docs/guide/tokens/#x">t</a></p>`, []string{"1 tokens.md#x -> /guide/tokens/ #x"}},
		{"no base path", "/", `<a href="tokens.md">t</a>`,
			`<a href="/guide/tokens/">t</a>`, []string{"1 tokens.md -> /guide/tokens/ #"}},
		{"root-absolute gets the prefix", "/docs/", `<a href="/robots.txt">r</a>`,
			`<a href="/docs/robots.txt">r</a>`, []string{"1 /robots.txt -> /robots.txt #"}},
		{"root-absolute without prefix kept", "/", `<a href="/robots.txt">r</a>`,
			`<a href="/robots.txt">r</a>`, []string{"1 /robots.txt -> /robots.txt #"}},
		{"relative image", "/docs/", "<img src=../img/x.png alt=x>",
			`<img src=/docs/img/x.png alt=x>`, []string{"1 ../img/x.png -> /img/x.png #"}},
		{"single quotes kept", "/docs/", "<a href='a.md' title=\"a\">a</a>",
			`<a href='/docs/guide/a/' title="a">a</a>`, []string{"1 a.md -> /guide/a/ #"}},
		{"query escaped back", "/docs/", `<a href="a.md?x=1&amp;y=2#f">a</a>`,
			`<a href="/docs/guide/a/?x=1&amp;y=2#f">a</a>`, []string{"1 a.md?x=1&y=2#f -> /guide/a/ #f"}},
		{"upper-case attribute", "/docs/", `<A HREF="a.md">a</A>`,
			`<A HREF="/docs/guide/a/">a</A>`, []string{"1 a.md -> /guide/a/ #"}},
		{"external, mailto and data kept", "/docs/",
			`<a href="https://x.example/a.md">x</a> <a href="mailto:a@b.c">m</a> <img src="data:image/gif;base64,AA" alt=""> <a href="//cdn.example/x">c</a>`,
			`<a href="https://x.example/a.md">x</a> <a href="mailto:a@b.c">m</a> <img src="data:image/gif;base64,AA" alt=""> <a href="//cdn.example/x">c</a>`, nil},
		{"same-page anchor checked, kept", "/docs/", "# T\n\n<a href=\"#t\">t</a>",
			`<a href="#t">t</a>`, []string{"3 #t -> /guide/p/ #t"}},
		{"empty href kept", "/docs/", `<a href="">me</a>`, `<a href="">me</a>`, nil},
		{"comment and text untouched", "/docs/", "<div>\n<!-- <a href=\"a.md\"> -->\n&lt;a href=\"b.md\"&gt;\n</div>",
			"<div>\n<!-- <a href=\"a.md\"> -->\n&lt;a href=\"b.md\"&gt;\n</div>", nil},
		{"script in a block untouched", "/docs/", "<script>\nvar a = '<a href=\"/x\">';\n</script>",
			"<script>\nvar a = '<a href=\"/x\">';\n</script>", nil},
		{"inline script content untouched", "/docs/", `x <script>var a = "<a href='/x'>"</script> <a href="/y">y</a>`,
			`<a href='/x'>`, []string{"1 /y -> /y #"}},
		{"a real tag in <pre> is a real link", "/docs/", "<pre>\n<a href=\"a.md\">a</a> &lt;a href=\"b.md\"&gt;\n</pre>",
			"<pre>\n<a href=\"/docs/guide/a/\">a</a> &lt;a href=\"b.md\"&gt;\n</pre>", []string{"2 a.md -> /guide/a/ #"}},
		{"code span is not HTML", "/docs/", "`<a href=\"a.md\">`", `<code>&lt;a href=&quot;a.md&quot;&gt;</code>`, nil},
		{"attribute on a later line", "/docs/", "<div>\n<a class=x\n   href=\"a.md\">a</a>\n</div>",
			"<a class=x\n   href=\"/docs/guide/a/\">a</a>", []string{"3 a.md -> /guide/a/ #"}},
		{"inline tag across lines", "/docs/", "text <a\nhref=\"a.md\">a</a>",
			"<a\nhref=\"/docs/guide/a/\">a</a>", []string{"2 a.md -> /guide/a/ #"}},
		{"inside a blockquote", "/docs/", "> <div>\n> <a href=\"a.md\">a</a>\n> </div>",
			"<blockquote>\n<div>\n<a href=\"/docs/guide/a/\">a</a>\n</div></blockquote>", []string{"2 a.md -> /guide/a/ #"}},
		{"repeated attribute: the first counts", "/docs/", `<a href="a.md" href="b.md">a</a>`,
			`<a href="/docs/guide/a/" href="b.md">a</a>`, []string{"1 a.md -> /guide/a/ #"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := renderAt(t, tt.base, "guide/p.md", tt.md)
			assert.Empty(t, diags)
			assert.Contains(t, string(p.Body), tt.body)
			var links []string
			for _, l := range p.Links {
				links = append(links, fmt.Sprintf("%d %s -> %s #%s", l.Line, l.Dest, l.Target, l.Fragment))
			}
			assert.Equal(t, tt.links, links)
		})
	}
}

func TestRawHTMLUnclosedScriptWarns(t *testing.T) {
	for md, want := range map[string]string{
		"# T\n\nA <textarea>\n\n<a href=\"a.md\">x</a>\n":            `content/p.md:3: warning: <textarea> is never closed: the rest of the page is its content (close it with </textarea>)`,
		"# T\n\ntext\n\n<script>\nvar x = 1;\n\n<a href=\"a.md\">\n": `content/p.md:5: warning: <script> is never closed: the rest of the page is its content (close it with </script>)`,
	} {
		p, diags := renderAt(t, "/", "p.md", md)
		assert.Equal(t, []string{want}, diags, md)
		assert.Empty(t, p.Links, "a link inside the open element is text")
	}
	_, diags := renderAt(t, "/", "p.md", "# T\n\nA <textarea>x</textarea> and <script>1</script>\n")
	assert.Empty(t, diags)
}

func TestRawHTMLIDsAndH1(t *testing.T) {
	p, _ := renderAt(t, "/", "p.md", "<h1 id=\"top\">T</h1>\n\n<a name=\"old\"></a>\n\n## Top\n")
	assert.True(t, p.HasH1, "a raw <h1> is the page's h1: the template must not add one")
	assert.True(t, p.IDs["top"])
	assert.True(t, p.IDs["old"])
	assert.True(t, p.IDs["top-1"], "the heading slug avoids the raw id")
}

// TestRawHTMLWithoutLinksIsByteIdentical: raw HTML without a site link to
// rewrite is written exactly as goldmark's pass-through (unsafe) renderer
// writes it, under a base path too.
func TestRawHTMLWithoutLinksIsByteIdentical(t *testing.T) {
	passThrough := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
	)
	for _, md := range []string{
		"<div class='x'>\n<p>hi &amp; bye</p>\n</div>\n",
		"a <b>b</b> <!-- c --> <br/> d <?php x ?> <![CDATA[ y ]]>\n",
		"<table><tr><td>\n\n*md*\n\n</td></tr></table>\n",
		"- item <span\n  class=x>two\n  lines</span>\n\n  <div>\n  in a list\n  </div>\n",
		"> <pre>\n> code\n> </pre>\n",
		"> <div>\n> x\n> </div>",
		"<a href=\"https://x.example/\">x</a> <img src='data:,x' alt=''> <a href=\"#\">top</a>\n",
		"<style>\np { color: red }\n</style>\n\nAfter.\n",
	} {
		var want bytes.Buffer
		require.NoError(t, passThrough.Convert([]byte(md), &want))
		for _, base := range []string{"/", "/docs/"} {
			got, _ := renderAt(t, base, "p.md", md)
			assert.Equal(t, want.String(), string(got.Body), "%q under %s", md, base)
		}
	}
}

func TestRawHTMLBrokenLinksAreReported(t *testing.T) {
	srcs := []source.Source{
		{Rel: "index.md", File: "content/index.md", Data: []byte("# Home\n\n<div>\n<a href=\"tokens.md\">t</a>\n<a href=\"a.md#nope\">a</a>\n</div>\n\nx <img src=\"img/gone.png\" alt=\"g\">\n")},
		{Rel: "a.md", File: "content/a.md", Data: []byte("# A\n\n<span id=\"here\"></span>\n\n<a href=\"index.md#here\">wrong page</a> <a href=\"#here\">ok</a>\n")},
	}
	pages, diags := renderPages(context.Background(), Config{Workers: 2}, srcs)
	require.Empty(t, diags)
	var got []string
	for _, d := range markdown.CheckLinks(pages, nil) {
		got = append(got, d.Error())
	}
	assert.Equal(t, []string{
		`content/index.md:4: broken link "tokens.md": no published page at /tokens/ (is the file missing, misspelt or a draft?) (link to a .md file relative to this page, e.g. ../tokens.md#revoking)`,
		`content/index.md:5: broken link "a.md#nope": no anchor #nope in content/a.md (anchors there include #a, #here)`,
		`content/index.md:8: broken link "img/gone.png": no page or file at /img/gone.png (relative paths start from this Markdown file's folder; link to pages by their .md file)`,
		`content/a.md:5: broken link "index.md#here": no anchor #here in content/index.md (anchors there include #home)`,
	}, got)
}

// TestRawHTMLGolden builds testdata/rawhtml (base_url with a path) and
// compares every page's render with testdata/rawhtml.golden; the built site
// must be free of broken links.
func TestRawHTMLGolden(t *testing.T) {
	cfg := Config{ContentDir: "testdata/rawhtml/content", OutDir: filepath.Join(t.TempDir(), "public"),
		SiteFile: "testdata/rawhtml/docproof.yaml", Verify: VerifyOptions{Mock: mockbackend.Mock{}}}
	res, err := build(t, cfg)
	require.NoError(t, err)
	assert.Empty(t, res.Warnings)
	tree := testtree.Read(t, cfg.OutDir, output.MarkerFile)
	assert.Contains(t, tree["index.html"], `<a href="/agent-docs/guide/tokens/#revoking" class=primary>`)

	srcs, loadDiags := loadSources(t, cfg.ContentDir)
	require.Empty(t, loadDiags)
	cfg.basePath = "/agent-docs/"
	pages, diags := renderPages(context.Background(), cfg, srcs)
	require.Empty(t, diags)
	require.Empty(t, markdown.CheckLinks(pages, srcs))
	var b strings.Builder
	for _, p := range pages {
		b.WriteString("######## " + p.File + "\n" + dumpPage(p, nil))
		assert.Contains(t, tree[strings.TrimPrefix(p.URL, "/")+"index.html"], string(p.Body), "the page publishes the body")
	}
	golden(t, "rawhtml.golden", b.String())
}

// BenchmarkRenderRawHTML renders a page of 200 links and images written as
// raw HTML, beside the same page written in Markdown, under a base path.
func BenchmarkRenderRawHTML(b *testing.B) {
	var raw, md strings.Builder
	raw.WriteString("# Links\n\n")
	md.WriteString("# Links\n\n")
	for i := range 100 {
		fmt.Fprintf(&raw, "See <a href=\"tokens.md#s%d\" class=x>tokens</a> and <img src=\"../img/d%d.svg\" alt=\"d\"><br>\n\n", i, i)
		fmt.Fprintf(&md, "See [tokens](tokens.md#s%d) and ![d](../img/d%d.svg)\\\n\n", i, i)
		if i%10 == 0 {
			fmt.Fprintf(&raw, "<div class=\"note\" id=\"n%d\">\n<p>A <b>note</b> with <a href=\"/robots.txt\">a link</a>.</p>\n</div>\n\n", i)
			fmt.Fprintf(&md, "A **note** with [a link](/robots.txt).\n\n")
		}
	}
	for _, c := range []struct{ name, md string }{{"raw", raw.String()}, {"markdown", md.String()}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				renderAt(b, "/docs/", "guide/p.md", c.md)
			}
		})
	}
}
