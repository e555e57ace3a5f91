package generator

import (
	"bytes"
	"context"
	"hash/maphash"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/internal/pool"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/generator/secretscan"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/generator/source/urlscheme"
)

// The build streams pages: a first pass learns what every page's template
// needs from all the others (URL, title, weight, draft), then each page is
// read, rendered, verified, written and scanned by one worker and dropped.
// Across the whole build only small per-page metadata is kept (meta: its
// links and element ids for the link check, its sample results); its search
// index fragment goes to a spill file (search.PageSpill).

// srcPage is one Markdown source as the first pass saw it.
type srcPage struct {
	src  source.Source // Data only when kept (keepSources)
	fr   source.Front  // its decoded front matter
	size int           // length of the bytes read, and their hash: pass 2 notices a file changed in between
	sum  uint64
	meta *markdown.Page // the published page's metadata; nil for a draft or a duplicate URL
	n    int            // its position in the search index
}

// sitePlan is the outcome of the first pass.
type sitePlan struct {
	md       []srcPage        // every readable Markdown source, in source order
	pages    []*markdown.Page // published pages in source order: metadata only, no Data, Body, Blocks or Sections
	static   []source.Source  // the other files
	partials []source.Source  // urls: docs: files included by pages, never published (secrets are looked for in them too)
	diags    diag.List
	seed     maphash.Seed
}

// keepSources reports whether the first pass keeps what it read: with an
// in-memory cache (docproof serve) the render cache holds every page anyway,
// and a warm rebuild then reads each file once.
func keepSources(c *Cache) bool { return c != nil && c.resident }

// metaEntry caches the first pass's work on one file by its bytes.
type metaEntry struct {
	data  []byte
	fr    source.Front
	title string
}

// planSite reads every Markdown source once (in parallel) for its front
// matter and title, and returns the published pages' metadata, the nav's
// input. Duplicate URLs are errors here, as the render stage reports them.
func planSite(ctx context.Context, cfg Config, m *markdown.Renderer, srcs []source.Source) sitePlan {
	plan := sitePlan{seed: maphash.MakeSeed()}
	scheme := urlscheme.Scheme(cfg.conv.URLs)
	for _, s := range srcs {
		switch {
		case scheme.IsPartial(s.Rel): // included by pages, never one (urls: docs)
			plan.partials = append(plan.partials, s)
		case source.IsMarkdown(s.Rel):
			plan.md = append(plan.md, srcPage{src: s})
		default:
			plan.static = append(plan.static, s)
		}
	}
	keep := keepSources(cfg.Cache)
	titles := make([]string, len(plan.md))
	bad := make([]*diag.Diagnostic, len(plan.md))
	var bufs sync.Pool // read buffers: a file's bytes are copied only when they are new
	pool.Run(ctx, cfg.Workers, len(plan.md), func(i int) {
		sp := &plan.md[i]
		buf, _ := bufs.Get().(*[]byte)
		if buf == nil {
			buf = new([]byte)
		}
		defer bufs.Put(buf)
		var key string
		var e metaEntry
		if keep {
			key = sp.src.File + "\x00" + sp.src.Rel + "\x00" + cfg.conv.FrontMatter // lenient parses differently
			e, _ = cfg.Cache.meta.Load(key)
		}
		data, d, ok := source.ReadMarkdownInto(sp.src, buf, e.data)
		if !ok {
			bad[i] = &d
			return
		}
		sp.size = len(data)
		switch {
		case !keep: // pass 2 reads the file again and checks it is the same
			sp.sum = maphash.Bytes(plan.seed, data)
		case e.data != nil && bytes.Equal(e.data, data):
			// The cached bytes (readMarkdownInto returned them), not a
			// copy: later stages compare them with their own cache
			// entries' in no time.
			sp.src.Data, sp.fr, titles[i] = e.data, e.fr, e.title
			return
		default:
			data = bytes.Clone(data) // kept: no longer the read buffer
			sp.src.Data = data
		}
		sp.fr = source.ParseFrontWith(sp.src.File, data, cfg.conv.FrontMatter == "lenient")
		titles[i] = m.Title(sp.src.Rel, sp.fr.FM, sp.fr.Body(data))
		if keep {
			cfg.Cache.meta.Store(key, metaEntry{data: data, fr: sp.fr, title: titles[i]})
		}
	})
	if ctx.Err() != nil {
		plan.md = nil // pass 2 reports the cancellation
		return plan
	}
	byURL := map[string]*markdown.Page{}
	kept := plan.md[:0]
	for i, sp := range plan.md {
		if bad[i] != nil {
			plan.diags = append(plan.diags, *bad[i])
			continue
		}
		if !sp.fr.FM.Draft {
			src := sp.src
			src.Data = nil // the metadata keeps no Markdown
			p := &markdown.Page{Source: src, Front: sp.fr.FM,
				Title: titles[i], URL: urlscheme.Scheme(cfg.conv.URLs).PageURL(sp.src.Rel)}
			if other, dup := byURL[p.URL]; dup {
				plan.diags = append(plan.diags, diag.Errorf(p.File, 0, "page URL %s is also the URL of %s", p.URL, other.File).
					WithHint("rename or move one of them"))
			} else {
				byURL[p.URL] = p
				sp.meta = p
				plan.pages = append(plan.pages, p)
			}
		}
		kept = append(kept, sp)
	}
	plan.md = kept
	byPos := make([]*srcPage, 0, len(plan.pages)) // the search index lists pages by URL
	for i := range plan.md {
		if plan.md[i].meta != nil {
			byPos = append(byPos, &plan.md[i])
		}
	}
	sort.SliceStable(byPos, func(i, j int) bool { return byPos[i].meta.URL < byPos[j].meta.URL })
	for n, sp := range byPos {
		sp.n = n
	}
	return plan
}

// pageOutcome is what one page leaves behind in pass 2.
type pageOutcome struct {
	diags   diag.List       // render and verify
	write   diag.List       // template and write errors
	results []sample.Result // its samples' results (detached, see keep)
	updates []sample.Update // --update
}

// pageStream is pass 2: every page read, rendered, verified, written and
// scanned by one worker at a time.
type pageStream struct {
	ctx        context.Context
	cfg        Config
	plan       *sitePlan
	w          *pageWriter // nil in check mode or when the tree could not be made
	scan       *secretscan.Scan
	spill      *search.PageSpill
	newBackend func() sample.Backend
	remote     *sample.Remote
	remoteMu   sync.Mutex  // one page at a time against a running server
	noSamples  bool        // --target could not be used: run no sample
	failed     atomic.Bool // a page had an error: the build will not publish
	opts       sample.Options
	out        []pageOutcome

	mu     sync.Mutex
	strs   map[string]string           // interned result strings
	reqs   map[string][]sample.Request // shared one-request lists, by "METHOD path"
	onPage func(live bool)             // tests: a page's body is alive (true) or dropped (false)
}

// run processes every page on cfg.Workers goroutines, each with its own
// markdown.
func (s *pageStream) run() {
	s.out = make([]pageOutcome, len(s.plan.md))
	pool.RunWith(s.ctx, s.cfg.Workers, len(s.plan.md), func() func(int) {
		m := newMarkdownFor(s.cfg)
		return func(i int) { s.page(m, i) }
	})
}

func (s *pageStream) page(m *markdown.Renderer, i int) {
	sp := &s.plan.md[i]
	out := &s.out[i]
	if s.onPage != nil {
		s.onPage(true)
		defer s.onPage(false)
	}
	src := sp.src
	if src.Data == nil {
		data, d, ok := source.ReadMarkdown(src)
		switch {
		case !ok:
			out.diags = diag.List{d}
		case len(data) != sp.size || maphash.Bytes(s.plan.seed, data) != sp.sum:
			out.diags = diag.List{diag.Errorf(src.File, 0, "the file changed while the site was being built").
				WithHint("build again")}
		}
		if out.diags != nil {
			if sp.meta != nil {
				sp.meta.MarkUnread()
			}
			s.failed.Store(true)
			return
		}
		src.Data = data
	}
	r := m.RenderCached(src, &sp.fr)
	out.diags = r.Diags
	p, meta := r.Page, sp.meta
	if p == nil || meta == nil { // a draft or a duplicate: its diagnostics only
		return
	}
	if p.Title != meta.Title || p.URL != meta.URL {
		out.diags = append(out.diags, diag.Errorf(src.File, 0, "internal error: the page's title %q differs from the first pass's %q", p.Title, meta.Title).
			WithHint("this is a docproof bug: please report it with the page"))
		return
	}
	meta.Links, meta.IDs, meta.HasH1, meta.ERBLeftOut = p.Links, p.IDs, p.HasH1, p.ERBLeftOut
	if !keepSources(s.cfg.Cache) {
		meta.CompactIDs(p.IDs) // the page is dropped: its ids need not stay a map
	}
	var results []sample.Result
	if !s.noSamples {
		run := s.verify(p)
		placeRun(p, &run)
		out.diags = append(out.diags, run.diags...)
		s.scan.AddIssued(run.res.Issued) // the scan keeps the set
		s.keep(out, run.res)
		results = run.res.Results
	}
	p = s.cards(p, results)
	if out.diags.Err() != nil {
		s.failed.Store(true)
	}
	if s.w == nil || s.failed.Load() { // a failed build publishes nothing: stop writing
		return
	}
	out.write = s.w.write(p)
	frag := search.PageFragment(p, sp.n, s.cfg.Cache.orNone().search)
	if err := s.spill.PutPart(frag); err != nil {
		out.write = append(out.write, diag.Errorf(s.cfg.OutDir, 0, "cannot write the search index: %v", err))
	}
}

func (s *pageStream) verify(p *markdown.Page) pageRun {
	if s.remote != nil {
		s.remoteMu.Lock()
		defer s.remoteMu.Unlock()
	}
	return strictRun(s.cfg, verifyPage(s.ctx, s.cfg, p, s.newBackend, s.remote, s.opts))
}

// keep keeps a page's sample results with its outcome (report joins them
// once, at their total size). In a one-shot build (no in-memory cache) their
// strings are copied or interned first: a sample's URL or method is a slice
// of its code block, and a result kept for the whole build must not keep the
// block (or the page) alive; ids, URLs, methods and paths repeat from page to
// page, so each is held once, and results with the same single request share
// one Requests list (Result.Samples is read-only). With an in-memory cache
// the page stays cached anyway: the results are kept as they are.
func (s *pageStream) keep(out *pageOutcome, res sample.PageResult) {
	out.updates = res.Updates
	if keepSources(s.cfg.Cache) {
		out.results = res.Results
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out.results = make([]sample.Result, len(res.Results))
	for i, r := range res.Results {
		out.results[i] = s.detach(r)
	}
}

func (s *pageStream) detach(r sample.Result) sample.Result {
	if s.strs == nil {
		s.strs, s.reqs = map[string]string{}, map[string][]sample.Request{}
	}
	intern := func(v string) string {
		if v == "" {
			return ""
		}
		if w, ok := s.strs[v]; ok {
			return w
		}
		w := strings.Clone(v)
		s.strs[w] = w
		return w
	}
	r.File, r.Method, r.URL, r.SkipReason = intern(r.File), intern(r.Method), intern(r.URL), intern(r.SkipReason)
	r.ID, r.Message, r.Diff = intern(r.ID), strings.Clone(r.Message), strings.Clone(r.Diff)
	r.Shown = nil             // the page's cards are filled: no longer needed
	if len(r.Requests) == 1 { // the common case: one request, the same on many pages
		q := r.Requests[0]
		key := q.Method + " " + q.Path
		one, ok := s.reqs[key]
		if !ok {
			one = []sample.Request{{Method: intern(q.Method), Path: intern(q.Path)}}
			s.reqs[strings.Clone(key)] = one
		}
		r.Requests = one[:1:1]
	} else if len(r.Requests) > 0 {
		reqs := make([]sample.Request, len(r.Requests))
		for j, q := range r.Requests {
			reqs[j] = sample.Request{Method: intern(q.Method), Path: intern(q.Path)}
		}
		r.Requests = reqs
	}
	return r
}

// report gathers the pages' sample results as verifySamples (a test helper) does: in file
// and line order, and applies --update.
func (s *pageStream) report() (sample.Report, diag.List) {
	var diags diag.List
	var nr, nu int
	for _, o := range s.out {
		nr, nu = nr+len(o.results), nu+len(o.updates)
	}
	var rep sample.Report // nil lists when there is nothing, as before
	if nr > 0 {
		rep.Results = make([]sample.Result, 0, nr)
	}
	if nu > 0 {
		rep.Updates = make([]sample.Update, 0, nu)
	}
	for i := range s.out {
		o := &s.out[i]
		rep.Results, rep.Updates = append(rep.Results, o.results...), append(rep.Updates, o.updates...)
		o.results, o.updates = nil, nil
	}
	s.strs, s.reqs = nil, nil
	sortReport(&rep)
	// No route coverage: Build does not return it (`docproof check` computes its own from the results).
	if s.cfg.Verify.Update && len(rep.Updates) > 0 {
		paths := map[string]string{}
		for _, p := range s.plan.pages {
			paths[p.File] = filepath.Join(s.cfg.ContentDir, filepath.FromSlash(p.Rel))
		}
		if err := sample.ApplyUpdates(rep.Updates, func(f string) string { return paths[f] }); err != nil {
			diags = append(diags, diag.Errorf("", 0, "%v", err))
		}
	}
	rep.Issued = s.scan.Issued()
	return rep, diags
}

// newMarkdownFor sets up the renderer for a build's config.
func newMarkdownFor(cfg Config) *markdown.Renderer {
	c := cfg.Cache.orNone()
	opts := markdown.Options{Pages: c.pages, Highlight: c.highlight,
		NoVerify: cfg.Verify.Skip, Adjacent: cfg.Verify.Adjacent, ReservedIDs: cfg.reservedIDs, BasePath: cfg.basePath}
	cfg.conv.rendering(&opts)
	return markdown.New(opts)
}
