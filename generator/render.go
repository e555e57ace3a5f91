package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/docproof/docproof/generator/diag"
)

// markdown is what a build sets up once and shares between page workers:
// the goldmark parser and renderer and the code highlighter.
type markdown struct {
	md       goldmark.Markdown
	hl       *highlighter
	cache    *Cache
	noVerify bool            // samples are not run: do not mark them verified
	reserved map[string]bool // ids the templates use: heading slugs avoid them
	basePath string          // site links are emitted below it: "/" or base_url's path
	variant  string          // the settings above, as part of the page cache key
}

func newMarkdown(cache *Cache) *markdown {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAttribute()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(nodeRenderer{}, 100),
			util.Prioritized(rawHTMLRenderer{}, 100),
		)),
	)
	return &markdown{md: md, hl: newHighlighter(cache), cache: cache}
}

// rendered is a page render result, cached by source content.
type rendered struct {
	page  *Page
	diags diag.List
}

// RenderPages renders every Markdown source in parallel (at most cfg.Workers
// at a time) and returns the published pages in source order: drafts are
// left out. Two pages with the same URL are an error naming both.
func RenderPages(ctx context.Context, cfg Config, srcs []Source) ([]*Page, diag.List) {
	cfg = cfg.withDefaults()
	m := newMarkdownFor(cfg)
	var md []Source
	for _, s := range srcs {
		if isMarkdown(s.Rel) {
			md = append(md, s)
		}
	}
	results := make([]rendered, len(md))
	parallel(ctx, cfg.Workers, len(md), func(i int) {
		results[i] = m.cachedPage(md[i], nil)
	})
	var pages []*Page
	var diags diag.List
	if err := ctx.Err(); err != nil {
		return nil, diag.List{diag.Errorf("", 0, "build cancelled: %v", err)}
	}
	byURL := map[string]*Page{}
	for _, r := range results {
		diags = append(diags, r.diags...)
		if r.page == nil || r.page.Front.Draft {
			continue
		}
		if other, dup := byURL[r.page.URL]; dup {
			diags = append(diags, diag.Errorf(r.page.File, 0, "page URL %s is also the URL of %s", r.page.URL, other.File).
				WithHint("rename or move one of them"))
			continue
		}
		byURL[r.page.URL] = r.page
		pages = append(pages, r.page)
	}
	return pages, diags
}

// parallel calls fn(i) for i in [0,n) on at most workers goroutines and
// stops handing out work when ctx is done.
func parallel(ctx context.Context, workers, n int, fn func(i int)) {
	if workers > n {
		workers = n
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
}

// cachedPage renders src, or returns the result of an earlier build with the
// same path and bytes. Cached pages are never modified by later stages.
// One entry per file (the newest version), so a long serve session does not
// keep every version of every page.
//
// fr, when not nil, is src's front matter decoded already (the streaming
// build's first pass); a cache hit does not need it.
func (m *markdown) cachedPage(src Source, fr *frontSplit) rendered {
	key := "page\x00" + src.File + "\x00" + src.Rel
	v, hit := m.cache.Load(key)
	c, _ := v.(cachedRender)
	if hit && c.src != nil && c.variant == m.variant && bytes.Equal(c.src, src.Data) {
		return c.r // the very bytes rendered last time: no need to hash them (a rebuild compares every page)
	}
	sum := sha256.Sum256(src.Data)
	hash := hex.EncodeToString(sum[:]) + "\x00" + m.variant
	if hit && c.hash == hash {
		if c.src == nil { // preloaded from disk: compare bytes from now on
			c.src, c.variant = src.Data, m.variant
			if c.r.page != nil && c.r.page.Data == nil { // a fresh copy the pack stores without its Markdown
				c.r.page.Data = src.Data
			}
			m.cache.Store(key, c)
		}
		return c.r
	}
	r := m.safePage(src, fr)
	m.cache.Store(key, cachedRender{hash: hash, r: r, src: src.Data, variant: m.variant})
	return r
}

type cachedRender struct {
	hash    string
	r       rendered
	src     []byte // the Markdown rendered (nil when preloaded from disk); pages never modify it
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
