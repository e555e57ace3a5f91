package generator

import (
	"context"
	"github.com/docproof/docproof/generator/cache"
	"html/template"
	"io"
	"path/filepath"
	"strings"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/generator/secretscan"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/generator/theme"
)

// siteBuild is the state of one streaming build (Build): the plan of the
// first pass, the output tree, the secrets scan and the search spill.
type siteBuild struct {
	ctx       context.Context
	cfg       Config
	site      Site
	tmpl      *theme.Templates
	m         *markdown.Renderer
	sp        sitePlan
	nav       []NavItem
	tree      output.Tree
	treeErr   diag.List // making the tree or writing its assets failed: reported when nothing else did
	committed bool
	scan      *secretscan.Scan
	spill     *search.PageSpill
	pw        *pageWriter // nil when pages are not written
	ps        *pageStream
	onPage    func(live bool) // tests: see pageStream.onPage
}

func newSiteBuild(ctx context.Context, cfg Config, site Site, tmpl *theme.Templates) *siteBuild {
	return &siteBuild{ctx: ctx, cfg: cfg, site: site, tmpl: tmpl, m: newMarkdownFor(cfg),
		scan: secretscan.New(cfg.Cache.orNone().scans, nil), onPage: cfg.onPage}
}

// plan is pass 1 (planSite) and the nav built from it.
func (b *siteBuild) plan(srcs []source.Source) diag.List {
	b.sp = planSite(b.ctx, b.cfg, b.m, srcs)
	b.nav = BuildNav(b.sp.pages)
	return b.sp.diags
}

// open starts the output tree, writes the assets and sets up the page
// writer, unless checking or the build has failed already (ok false).
func (b *siteBuild) open(ok bool) {
	if !ok || b.cfg.NoWrite || b.tmpl == nil {
		return
	}
	tree, d := newTree(b.ctx, b.cfg)
	if tree == nil {
		b.treeErr = d
		return
	}
	b.tree = tree
	c := b.cfg.Cache.orNone()
	b.spill = search.NewPageSpill(len(b.sp.pages), !c.resident)
	assets, err := theme.WriteAssets(b.tmpl.FS(), siteWriter{tree: tree, scan: b.scan})
	if err != nil {
		b.treeErr = diag.List{diag.Errorf(b.tmpl.Dir(), 0, "cannot write assets: %v", err)}
		return
	}
	w := &pageWriter{tree: tree, scan: b.scan, st: b.tmpl, nav: nav.NewIndex(b.nav), side: nav.NewSidebar(b.nav, nav.FullLimit), html: c.html,
		dates: b.cfg.dates}
	w.link, _ = tree.(output.Linker)
	sd := SiteData{Title: b.site.Title, BaseURL: b.site.BaseURL, Description: b.site.Description,
		Nav: b.nav, Assets: assets, SearchIndex: "/" + search.Name, EditURL: b.site.EditURL}
	w.base = siteKey(b.tmpl, sd) // NavHTML and Parts derive from sd and the templates: not hashed again
	w.sd = cachedSiteData(c.siteData, b.tmpl, sd, w.base)
	b.pw = w
}

// siteDataEntry is the site-wide markup of a build (theme.Templates.SiteData)
// and the siteKey it was made for.
type siteDataEntry struct {
	base    string
	navHTML template.HTML
	parts   map[string]template.HTML // read-only
}

// cachedSiteData is siteData(st, sd), taken from c (nil keeps nothing) when
// the templates and the site-wide data hash to base as they did then: a text
// edit that keeps every title and URL does not render the sidebar again.
func cachedSiteData(c cache.Store[string, siteDataEntry], st *theme.Templates, sd SiteData, base string) SiteData {
	const key = "site"
	if c == nil {
		return siteData(st, sd)
	}
	if e, ok := c.Load(key); ok && e.base == base {
		sd.NavHTML, sd.Parts = e.navHTML, e.parts
		return sd
	}
	sd = siteData(st, sd)
	c.Store(key, siteDataEntry{base: base, navHTML: sd.NavHTML, parts: sd.Parts})
	return sd
}

// stream is pass 2 (pageStream), then what needs every page: the link
// check and the sample report.
func (b *siteBuild) stream() (sample.Report, diag.List) {
	opts := b.cfg.Verify
	ps := &pageStream{ctx: b.ctx, cfg: b.cfg, plan: &b.sp, w: b.pw, scan: b.scan, spill: b.spill,
		newBackend: opts.backends(), opts: opts.runOptions(), onPage: b.onPage}
	var diags diag.List
	if opts.Target != "" && !opts.Skip {
		r, err := sample.NewRemote(opts.Target, nil)
		if err != nil { // pages are still rendered and checked; no sample runs
			diags = append(diags, diag.Errorf("", 0, "%v", err))
			ps.noSamples = true
		}
		ps.remote = r
	}
	b.ps = ps
	ps.run()
	for _, o := range ps.out {
		diags = append(diags, o.diags...)
	}
	if err := b.ctx.Err(); err != nil {
		return sample.Report{}, append(diags, diag.Errorf("", 0, "build cancelled: %v", err))
	}
	diags = append(diags, markdown.CheckLinks(b.sp.pages, b.sp.static)...)
	rep, d := ps.report()
	return rep, append(diags, d...)
}

// publish finishes a build that has no content errors: the pages' write
// errors, the search index, static files and extras, then the secrets
// verdict, then Commit.
func (b *siteBuild) publish() diag.List {
	if b.treeErr != nil || b.pw == nil {
		return b.treeErr
	}
	var diags diag.List
	seen := map[string]bool{}
	for _, o := range b.ps.out {
		for _, d := range o.write {
			if key := d.Pos() + d.Message; !seen[key] { // one template bug, reported once
				seen[key] = true
				diags = append(diags, d)
			}
		}
	}
	sw := siteWriter{tree: b.tree, scan: b.scan}
	if err := b.writeIndex(); err != nil {
		diags = append(diags, diag.Errorf(b.cfg.OutDir, 0, "cannot write the search index: %v", err))
	}
	diags = append(diags, copyStatic(sw, b.sp.pages, b.sp.static)...)
	render := func(w io.Writer, name string, data any) error { return b.tmpl.Execute(w, name, data) }
	if err := theme.WriteExtras(sw, b.pw.sd.BaseURL, b.sp.pages, notFoundData(b.pw.sd), legendData(b.pw.sd), render); err != nil {
		if d := b.tmpl.Diag(err); !reported(diags, d) {
			diags = append(diags, d)
		}
	}
	if diags.Err() != nil {
		return diags
	}
	if diags = append(diags, b.scan.Finish(b.tree, b.locate)...); diags.Err() != nil {
		return diags
	}
	if err := b.tree.Commit(); err != nil {
		return append(diags, diag.Errorf(filepath.ToSlash(b.cfg.OutDir), 0, "cannot publish the site: %v", err))
	}
	b.committed = true
	b.pw.commitLinks()
	return diags
}

// writeIndex writes search-index.json from the spilled fragments and scans it.
func (b *siteBuild) writeIndex() error {
	var err error
	if st, ok := b.tree.(output.Streamer); ok {
		err = st.WriteStream(search.Name, b.spill.WriteIndex)
	} else {
		var data []byte
		if data, err = b.spill.Bytes(b.cfg.Cache.orNone().search.Index); err == nil {
			err = b.tree.WriteFile(search.Name, data)
		}
	}
	if err == nil {
		b.scan.Index(b.tree, b.spill.Len(), b.spill.Part)
	}
	return err
}

// sources calls fn with each published page's source, in source order, then
// each partial (urls: docs),
// reading again what the first pass did not keep.
func (b *siteBuild) sources(fn func(file string, data []byte) bool) {
	for _, sp := range b.sp.md {
		if sp.meta == nil {
			continue
		}
		data := sp.src.Data
		if data == nil {
			var ok bool
			if data, _, ok = source.ReadMarkdown(sp.src); !ok {
				continue
			}
		}
		if !fn(sp.src.File, data) {
			return
		}
	}
	for _, src := range b.sp.partials {
		if data, _, ok := source.ReadMarkdown(src); ok && !fn(src.File, data) {
			return
		}
	}
}

// locate moves a leak to the first page source holding its value.
func (b *siteBuild) locate(l *secretscan.Leak) {
	b.sources(func(file string, data []byte) bool { return !l.LocateIn(file, data) })
}

// scanSources applies the secret rules to the page sources (scanSources).
func (b *siteBuild) scanSources(issued []string) diag.List {
	return secretscan.ScanSources(issued, func(fn func(file string, data []byte)) {
		b.sources(func(file string, data []byte) bool { fn(file, data); return true })
	})
}

// close discards the tree (after a commit: what it replaced) and removes
// the spill.
func (b *siteBuild) close() {
	if b.tree != nil {
		b.tree.Discard()
	}
	b.spill.Discard()
}

// newTree starts the build's output tree: cfg.Output's, else a temp dir
// beside cfg.OutDir.
func newTree(ctx context.Context, cfg Config) (output.Tree, diag.List) {
	out := cfg.Output
	if out == nil {
		abs, err := filepath.Abs(cfg.OutDir)
		if err != nil {
			return nil, diag.List{diag.Errorf(cfg.OutDir, 0, "bad output path: %v", err)}
		}
		out = output.Disk(abs, cfg.onDiskStep)
	}
	tree, err := out.NewTree(ctx)
	if err != nil {
		return nil, diag.List{diag.Errorf(cfg.OutDir, 0, "%v", err)}
	}
	return tree, nil
}

// reported reports whether diags holds d already, as a page's template error
// (which adds "(while rendering …)"): the legend page runs page.html too.
func reported(diags diag.List, d diag.Diagnostic) bool {
	for _, o := range diags {
		if o.Pos() == d.Pos() && strings.HasPrefix(o.Message, d.Message) {
			return true
		}
	}
	return false
}

// setDates hands pass 2 the pages' last commit dates read by cfg's readDates
// and returns the lookup's warning, if any.
func (b *siteBuild) setDates(cfg Config) diag.List {
	b.cfg.dates = cfg.dates
	return cfg.datesDiags
}
