package generator

import (
	"context"
	"github.com/docproof/docproof/generator/cache"
	"html/template"
	"io"
	"os"
	"path/filepath"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/generator/source"
)

// siteBuild is the state of one streaming build (Build): the plan of the
// first pass, the output tree, the secrets scan and the search spill.
type siteBuild struct {
	ctx       context.Context
	cfg       Config
	site      Site
	tmpl      *siteTemplates
	m         *markdown.Renderer
	sp        sitePlan
	nav       []NavItem
	tree      Tree
	treeErr   diag.List // making the tree or writing its assets failed: reported when nothing else did
	committed bool
	scan      *siteScan
	spill     *searchSpill
	pw        *pageWriter // nil when pages are not written
	ps        *pageStream
	onPage    func(live bool) // tests: see pageStream.onPage
}

func newSiteBuild(ctx context.Context, cfg Config, site Site, tmpl *siteTemplates) *siteBuild {
	c := cfg.Cache.orNone()
	return &siteBuild{ctx: ctx, cfg: cfg, site: site, tmpl: tmpl, m: newMarkdownFor(cfg),
		scan: newSiteScan(scanMemo{files: c.scans, fragments: c.indexScan}, nil), onPage: cfg.onPage}
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
	b.spill = newSearchSpill(len(b.sp.pages), !c.resident)
	assets, err := writeAssets(b.tmpl.fsys, siteWriter{tree: tree, scan: b.scan})
	if err != nil {
		b.treeErr = diag.List{diag.Errorf(b.tmpl.dir, 0, "cannot write assets: %v", err)}
		return
	}
	w := &pageWriter{tree: tree, scan: b.scan, st: b.tmpl, nav: nav.NewIndex(b.nav), side: nav.NewSidebar(b.nav, nav.FullLimit), html: c.html}
	w.link, _ = tree.(linker)
	sd := SiteData{Title: b.site.Title, BaseURL: b.site.BaseURL, Description: b.site.Description,
		Nav: b.nav, Assets: assets, SearchIndex: "/" + search.Name}
	w.base = siteKey(b.tmpl, sd) // NavHTML and Parts derive from sd and the templates: not hashed again
	w.sd = cachedSiteData(c.siteData, b.tmpl, sd, w.base)
	b.pw = w
}

// siteDataEntry is the site-wide markup of a build (siteTemplates.siteData)
// and the siteKey it was made for.
type siteDataEntry struct {
	base    string
	navHTML template.HTML
	parts   map[string]template.HTML // read-only
}

// cachedSiteData is st.siteData(sd), taken from c (nil keeps nothing) when
// the templates and the site-wide data hash to base as they did then: a text
// edit that keeps every title and URL does not render the sidebar again.
func cachedSiteData(c cache.Store[string, siteDataEntry], st *siteTemplates, sd SiteData, base string) SiteData {
	const key = "site"
	if c == nil {
		return st.siteData(sd)
	}
	if e, ok := c.Load(key); ok && e.base == base {
		sd.NavHTML, sd.Parts = e.navHTML, e.parts
		return sd
	}
	sd = st.siteData(sd)
	c.Store(key, siteDataEntry{base: base, navHTML: sd.NavHTML, parts: sd.Parts})
	return sd
}

// stream is pass 2 (pageStream), then what needs every page: the link
// check and the sample report.
func (b *siteBuild) stream() (sample.Report, diag.List) {
	opts := b.cfg.Verify
	ps := &pageStream{ctx: b.ctx, cfg: b.cfg, plan: &b.sp, w: b.pw, scan: b.scan, spill: b.spill,
		newBackend: opts.backends(), opts: sample.Options{Timeout: opts.Timeout, Update: opts.Update, SkipUnmodelled: opts.SkipUnmodelled}, onPage: b.onPage}
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

// streamer is a Tree that can take a file as a stream (diskTree): the
// search index is copied from the spill file instead of assembled in memory.
type streamer interface {
	writeStream(rel string, fill func(io.Writer) error) error
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
	render := func(w io.Writer, name string, data any) error { return b.tmpl.t.ExecuteTemplate(w, name, data) }
	if err := writeExtras(sw, b.pw.sd, b.sp.pages, render); err != nil {
		diags = append(diags, b.tmpl.diag(err))
	}
	if diags.Err() != nil {
		return diags
	}
	if diags = append(diags, b.scan.finish(b.tree, b.locate)...); diags.Err() != nil {
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
	if st, ok := b.tree.(streamer); ok {
		err = st.writeStream(search.Name, b.spill.WriteIndex)
	} else {
		var data []byte
		if data, err = b.spill.bytes(b.cfg.Cache.orNone().index); err == nil {
			err = b.tree.WriteFile(search.Name, data)
		}
	}
	if err == nil {
		b.scan.index(b.tree, b.spill.Len(), b.spill.get)
	}
	return err
}

// sources calls fn with each published page's source, in source order,
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
}

// locate moves a leak to the first page source holding its value.
func (b *siteBuild) locate(l *leak) {
	b.sources(func(file string, data []byte) bool { return !locateIn(l, file, data) })
}

// scanSources applies the secret rules to the page sources (scanSources).
func (b *siteBuild) scanSources(issued []string) diag.List {
	return scanSourceTexts(issued, func(fn func(file string, data []byte)) {
		b.sources(func(file string, data []byte) bool { fn(file, data); return true })
	})
}

// close discards the tree (after a commit: what it replaced) and removes
// the spill.
func (b *siteBuild) close() {
	if b.tree != nil {
		b.tree.Discard()
	}
	b.spill.close()
}

// writeStream writes rel from fill, through the file system's buffers.
func (t *diskTree) writeStream(rel string, fill func(io.Writer) error) error {
	p, err := t.path(rel)
	if err != nil {
		return err
	}
	if err := t.dirs.ensure(filepath.Dir(p)); err != nil {
		return err
	}
	t.note("write " + rel)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
