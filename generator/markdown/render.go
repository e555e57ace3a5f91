package markdown

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/docproof/docproof/generator/cache"
	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/highlight"
	"github.com/docproof/docproof/generator/markdown/callout"
	"github.com/docproof/docproof/generator/source"
)

// Options configure a Renderer. The zero value renders pages as a build
// without a site config does.
type Options struct {
	// Pages keeps rendered pages between builds, by source file and path
	// (generator/cache); nil keeps none. Load may miss: the page is then
	// rendered again.
	Pages cache.Store[string, CacheEntry]
	// Highlight keeps highlighted code blocks between builds; nil keeps none.
	Highlight highlight.Store

	NoVerify    bool     // samples are not run: do not mark them verified
	Adjacent    bool     // responses: adjacent: a plain json block after a sample is compared (the verified mark says so)
	ReservedIDs []string // ids the templates use: heading slugs avoid them
	BasePath    string   // site links are emitted below it: "/" or base_url's path

	// Extensions are goldmark extensions added after the built-in ones
	// (GFM, footnotes, definition lists), e.g. a dialect's block syntax.
	Extensions []goldmark.Extender
	// NodeRenderers render node kinds beside docproof's own renderers
	// (util.Prioritized(r, n): a lower n is tried first; docproof's are 100).
	NodeRenderers []util.PrioritizedValue
	// Variant names what Extensions, NodeRenderers and the conventions
	// below change: it is part of the page cache key, so two option sets
	// that render a page differently must have different variants.
	Variant string

	Conventions Conventions // a dialect's conventions (dialect.go); the zero value is docproof's own
}

// Renderer is what a build sets up once and shares between page workers:
// the goldmark parser and renderer and the code highlighter.
type Renderer struct {
	md       goldmark.Markdown
	plain    parser.Parser // md's parser without linkify, for pages it cannot change (mayLinkify)
	hl       *highlight.Highlighter
	pages    cache.Store[string, CacheEntry]
	noVerify bool            // samples are not run: do not mark them verified
	adjacent bool            // responses: adjacent: a plain json block after a sample is compared (the verified mark says so)
	reserved map[string]bool // ids the templates use: heading slugs avoid them
	basePath string          // site links are emitted below it: "/" or base_url's path
	conv     Conventions     // a dialect's conventions
	variant  string          // the settings above, as part of the page cache key
	bodies   sync.Pool       // *bodyBuffer: page HTML is rendered into a reused buffer
}

// New sets up a Renderer for opts.
func New(opts Options) *Renderer {
	nr := nodeRenderer{text: goldmarkText()}
	renderers := append([]util.PrioritizedValue{util.Prioritized(nr, 100), util.Prioritized(rawHTMLRenderer{}, 100)}, opts.NodeRenderers...)
	md := newGoldmark(renderers, append([]goldmark.Extender{extension.GFM, extension.Footnote, extension.DefinitionList, callout.New()}, opts.Extensions...))
	// GFM without Linkify: Table, Strikethrough and TaskList.
	plain := newGoldmark(renderers, append([]goldmark.Extender{extension.Table, extension.Strikethrough, extension.TaskList, extension.Footnote, extension.DefinitionList, callout.New()}, opts.Extensions...))
	m := &Renderer{md: md, plain: plain.Parser(), hl: highlight.New(opts.Highlight), pages: opts.Pages,
		noVerify: opts.NoVerify, adjacent: opts.Adjacent, reserved: map[string]bool{}, basePath: opts.BasePath, conv: opts.Conventions}
	for _, id := range opts.ReservedIDs {
		m.reserved[id] = true
	}
	m.variant = strconv.FormatBool(m.noVerify) + "\x00" + strings.Join(opts.ReservedIDs, " ") + "\x00" + m.basePath + "\x00" + strconv.FormatBool(m.adjacent)
	if opts.Variant != "" {
		m.variant += "\x00" + opts.Variant
	}
	return m
}

// newGoldmark sets up goldmark with exts, heading attributes and the node
// renderers.
func newGoldmark(renderers []util.PrioritizedValue, exts []goldmark.Extender) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(parser.WithAttribute()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(renderers...)),
	)
}

// parser returns the parser for a page body: md's, or the same without
// linkify when that renders the page byte for byte the same (mayLinkify).
// Linkify is an inline parser tried at every space of the prose: a fifth of
// parsing a page.
func (m *Renderer) parser(body []byte) parser.Parser {
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
func (m *Renderer) renderBody(body []byte, doc ast.Node) (string, error) {
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

// Rendered is a page render result, cached by source content.
type Rendered struct {
	Page  *Page     // nil when rendering failed (Diags says why)
	Diags diag.List // the page's problems, at their file lines
}

// RenderCached renders src, or returns the result of an earlier build with the
// same path and bytes. Cached pages are never modified by later stages.
// One entry per file (the newest version), so a long serve session does not
// keep every version of every page.
//
// fr, when not nil, is src's front matter decoded already (the streaming
// build's first pass); a cache hit does not need it.
func (m *Renderer) RenderCached(src source.Source, fr *source.Front) Rendered {
	if m.pages == nil || m.includes(src.Data) { // nothing to look up or keep, or partials the key would not cover
		return m.safePage(src, fr)
	}
	key := src.File + "\x00" + src.Rel
	c, hit := m.pages.Load(key)
	if hit && c.Src != nil && c.Variant == m.variant && bytes.Equal(c.Src, src.Data) {
		return c.Result // the very bytes rendered last time: no need to hash them (a rebuild compares every page)
	}
	sum := sha256.Sum256(src.Data)
	hash := hex.EncodeToString(sum[:]) + "\x00" + m.variant
	if hit && c.Hash == hash {
		return c.Result
	}
	r := m.safePage(src, fr)
	m.pages.Store(key, CacheEntry{Hash: hash, Result: r, Src: src.Data, Variant: m.variant})
	return r
}

// CacheEntry is what RenderCached keeps in Options.Pages for a page.
type CacheEntry struct {
	Hash    string   // content hash of the page's Markdown and the render variant
	Result  Rendered // the page as rendered
	Src     []byte   // the Markdown rendered; pages never modify it
	Variant string   // the renderer's variant it was rendered with
}

// safePage turns a panic into a diagnostic: no input may crash the build.
func (m *Renderer) safePage(src source.Source, fr *source.Front) (r Rendered) {
	defer func() {
		if v := recover(); v != nil {
			r = Rendered{Diags: diag.List{diag.Errorf(src.File, 0, "internal error rendering this page: %v", v).
				WithHint("this is a docproof bug: please report it with the page")}}
		}
	}()
	if fr == nil {
		split := source.ParseFrontWith(src.File, src.Data, m.conv.LenientFrontMatter)
		fr = &split
	}
	p, diags := m.renderSplit(src, *fr)
	return Rendered{Page: p, Diags: diags}
}
