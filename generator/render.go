package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"github.com/docproof/docproof/generator/cache"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/highlight"
)

// markdown is what a build sets up once and shares between page workers:
// the goldmark parser and renderer and the code highlighter.
type markdown struct {
	md       goldmark.Markdown
	plain    parser.Parser // md's parser without linkify, for pages it cannot change (mayLinkify)
	hl       *highlight.Highlighter
	pages    cache.Store[string, cachedRender] // nil: rendered pages are not kept
	noVerify bool                              // samples are not run: do not mark them verified
	adjacent bool                              // responses: adjacent: a plain json block after a sample is compared (the verified mark says so)
	reserved map[string]bool                   // ids the templates use: heading slugs avoid them
	basePath string                            // site links are emitted below it: "/" or base_url's path
	variant  string                            // the settings above, as part of the page cache key
	bodies   sync.Pool                         // *bodyBuffer: page HTML is rendered into a reused buffer
}

func newMarkdown(c *Cache) *markdown {
	c = c.orNone()
	nr := nodeRenderer{text: goldmarkText()}
	md := newGoldmark(nr, extension.GFM, extension.Footnote, extension.DefinitionList)
	// GFM without Linkify: Table, Strikethrough and TaskList.
	plain := newGoldmark(nr, extension.Table, extension.Strikethrough, extension.TaskList, extension.Footnote, extension.DefinitionList)
	return &markdown{md: md, plain: plain.Parser(), hl: highlight.New(c.highlight), pages: c.pages}
}

// newGoldmark sets up goldmark with exts, heading attributes and docproof's
// node renderers.
func newGoldmark(nr nodeRenderer, exts ...goldmark.Extender) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(parser.WithAttribute()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(nr, 100),
			util.Prioritized(rawHTMLRenderer{}, 100),
		)),
	)
}

// parser returns the parser for a page body: md's, or the same without
// linkify when that renders the page byte for byte the same (mayLinkify).
// Linkify is an inline parser tried at every space of the prose: a fifth of
// parsing a page.
func (m *markdown) parser(body []byte) parser.Parser {
	if m.plain == nil || mayLinkify(body) {
		return m.md.Parser()
	}
	return m.plain
}

// mayLinkify reports whether goldmark's linkify could change how body
// renders. It turns text into a link only where a line goes on with "://"
// (after http, https or ftp), "www." or an e-mail address's '@'. Being tried
// at every white space character, it also splits the text of a line there,
// and goldmark trims the white space at the end of a line from the line's
// last piece only: a line of text ending with two white space characters or
// more (besides the two spaces of a hard break) keeps all but the last of
// them. Without those, the page is the same without linkify
// (FuzzLinkifyShortcut).
func mayLinkify(body []byte) bool {
	if bytes.IndexByte(body, '@') >= 0 || bytes.Contains(body, []byte("://")) || bytes.Contains(body, []byte("www.")) {
		return true
	}
	for start := 0; start <= len(body); {
		end, next := len(body), len(body)+1 // the line is body[start:end]
		if i := bytes.IndexByte(body[start:], '\n'); i >= 0 {
			end, next = start+i, start+i+1
		}
		k := 0 // white space at the end of the line
		for k < end-start && trailingSpace(body[end-1-k]) {
			k++
		}
		if k == end-start { // a blank line (front matter is blanked to one) holds no text
			k = 0
		}
		if k >= 2 && next <= len(body) && body[end-1] == ' ' && body[end-2] == ' ' {
			k -= 2 // a hard break: goldmark leaves these two out of the line
		}
		if k >= 2 {
			return true
		}
		start = next
	}
	return false
}

// trailingSpace reports the characters goldmark trims from the end of a line.
func trailingSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' }

// bodyBuffer is where a page's HTML is rendered: a bytes.Buffer that is its
// own util.BufWriter, so goldmark writes into it without a bufio.Writer.
type bodyBuffer struct{ bytes.Buffer }

// Buffered implements util.BufWriter.
func (b *bodyBuffer) Buffered() int { return b.Len() }

// Flush implements util.BufWriter: the bytes are in the buffer already.
func (b *bodyBuffer) Flush() error { return nil }

// maxPooledBody is the largest buffer kept for the next page: a huge page's
// buffer is left to the garbage collector.
const maxPooledBody = 1 << 20

// renderBody renders doc as HTML, in a reused buffer.
func (m *markdown) renderBody(body []byte, doc ast.Node) (string, error) {
	b, _ := m.bodies.Get().(*bodyBuffer)
	if b == nil {
		b = &bodyBuffer{}
	}
	b.Grow(2 * len(body))
	err := m.md.Renderer().Render(b, body, doc)
	out := b.String()
	if b.Cap() <= maxPooledBody {
		b.Reset()
		m.bodies.Put(b)
	}
	return out, err
}

// rendered is a page render result, cached by source content.
type rendered struct {
	page  *Page
	diags diag.List
}

// cachedPage renders src, or returns the result of an earlier build with the
// same path and bytes. Cached pages are never modified by later stages.
// One entry per file (the newest version), so a long serve session does not
// keep every version of every page.
//
// fr, when not nil, is src's front matter decoded already (the streaming
// build's first pass); a cache hit does not need it.
func (m *markdown) cachedPage(src Source, fr *frontSplit) rendered {
	if m.pages == nil { // nothing to look up or keep: no key to hash
		return m.safePage(src, fr)
	}
	key := src.File + "\x00" + src.Rel
	c, hit := m.pages.Load(key)
	if hit && c.src != nil && c.variant == m.variant && bytes.Equal(c.src, src.Data) {
		return c.r // the very bytes rendered last time: no need to hash them (a rebuild compares every page)
	}
	sum := sha256.Sum256(src.Data)
	hash := hex.EncodeToString(sum[:]) + "\x00" + m.variant
	if hit && c.hash == hash {
		return c.r
	}
	r := m.safePage(src, fr)
	m.pages.Store(key, cachedRender{hash: hash, r: r, src: src.Data, variant: m.variant})
	return r
}

type cachedRender struct {
	hash    string
	r       rendered
	src     []byte // the Markdown rendered; pages never modify it
	variant string // m.variant it was rendered with
}

// safePage turns a panic into a diagnostic: no input may crash the build.
func (m *markdown) safePage(src Source, fr *frontSplit) (r rendered) {
	defer func() {
		if v := recover(); v != nil {
			r = rendered{diags: diag.List{diag.Errorf(src.File, 0, "internal error rendering this page: %v", v).
				WithHint("this is a docproof bug: please report it with the page")}}
		}
	}()
	if fr == nil {
		split := parseFront(src.File, src.Data)
		fr = &split
	}
	p, diags := m.renderSplit(src, *fr)
	return rendered{page: p, diags: diags}
}
