package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/docproof/docproof/generator/cache"
	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/gitdate"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/generator/secretscan"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/generator/theme"
)

// siteWriter writes files into a tree and hands their bytes to the secrets
// scan.
type siteWriter struct {
	tree output.Tree
	scan *secretscan.Scan
}

// WriteFile writes data to rel and scans it.
func (w siteWriter) WriteFile(rel string, data []byte) error {
	if err := w.tree.WriteFile(rel, data); err != nil {
		return err
	}
	w.scan.File(rel, data, "")
	return nil
}

// CopyFile copies a static file to rel and scans the copy. The file is
// opened through the content folder (openSource), never by a path that
// could have changed since Load checked it.
func (w siteWriter) CopyFile(src source.Source) error {
	f, err := source.Open(src)
	if err != nil {
		return err
	}
	err = w.tree.CopyFile(src.Rel, f)
	f.Close()
	if err != nil {
		return err
	}
	rel := src.Rel
	data, err := w.tree.ReadFile(rel)
	if err != nil {
		return err
	}
	w.scan.File(rel, data, "")
	return nil
}

// pageWriter executes the page template for each page. The HTML is cached
// in its store under the page's URL, keyed by everything the template
// sees (templates, site data, nav and the page), so a rebuild re-executes
// only pages whose inputs changed.
type pageWriter struct {
	mu      sync.Mutex
	pending []pendingLink // where this build's pages will be, once committed

	tree  output.Tree
	link  output.Linker // nil when the tree cannot link
	scan  *secretscan.Scan
	st    *theme.Templates
	sd    SiteData
	nav   nav.Index
	side  nav.Sidebar                     // each page's navigation
	html  cache.Store[string, cachedHTML] // by URL; nil keeps nothing
	base  string                          // hash of the templates and the site-wide data
	dates gitdate.Dates                   // each page's last commit date, by content-relative path; nil for none
}

// cachedHTML is one page's last rendered HTML and the hash of its inputs,
// plus the file it was written to (which becomes the published file).
type cachedHTML struct {
	key       string
	html      []byte
	written   os.FileInfo    // nil until written
	published string         // absolute path the written file was published at; "" means below Config.OutDir
	of        *markdown.Page // the page whose Body hashes to body (pages are never modified)
	body      string         // hash of of.Body
	base      string         // pageWriter.base the key was computed with
	updated   time.Time      // the page's LastUpdated the key was computed with
}

// siteKey hashes the templates' source and the site-wide template data.
func siteKey(st *theme.Templates, sd SiteData) string {
	h := sha256.New()
	h.Write([]byte(st.Hash()))
	_ = json.NewEncoder(h).Encode(sd)
	return hex.EncodeToString(h.Sum(nil))
}

// htmlKey hashes what the page template sees of p. The body, the bulk of it,
// is hashed once per rendered *markdown.Page (entry remembers it) rather than
// JSON-escaped into the hash on every build.
func (w *pageWriter) htmlKey(p *markdown.Page, view PageView, entry cachedHTML, hit bool) (key, body string) {
	if hit && entry.of == p && entry.body != "" {
		body = entry.body
	} else {
		sum := sha256.Sum256([]byte(p.Body))
		body = hex.EncodeToString(sum[:])
	}
	view.Content = ""
	h := sha256.New()
	h.Write([]byte(w.base))
	h.Write([]byte(body))
	_ = json.NewEncoder(h).Encode(view)
	return hex.EncodeToString(h.Sum(nil)), body
}

func (w *pageWriter) write(p *markdown.Page) diag.List {
	cacheKey := p.URL
	rel := outputPath(p.URL)
	var entry cachedHTML
	var hit bool
	if w.html != nil {
		entry, hit = w.html.Load(cacheKey)
	}
	var view PageView
	key, body := entry.key, entry.body
	// The view is a function of the page and the site data, and base hashes
	// the latter: the same *markdown.Page under the same base has the same key.
	switch {
	case w.html == nil: // no cache to key (nor link or scan memo): the hash would go unused
		view = w.view(p)
	case !hit || entry.of != p || entry.base != w.base || entry.key == "" || !entry.updated.Equal(w.dates[p.Rel]):
		view = w.view(p)
		key, body = w.htmlKey(p, view, entry, hit)
	}
	if hit && entry.key == key && w.link != nil {
		src := entry.published
		if src == "" { // preloaded from the disk cache: published below OutDir
			src = w.link.Published(rel)
		}
		if w.link.Link(rel, src, entry.written) {
			w.pend(cacheKey, key, w.link.Published(rel), entry.written)
			entry.of, entry.body, entry.base, entry.updated = p, body, w.base, w.dates[p.Rel]
			w.html.Store(cacheKey, entry)
			w.scan.Known(w.tree, rel, key)
			return nil
		}
	}
	if !hit || entry.key != key || entry.html == nil { // nil: the store kept only where it was written (disk)
		if view.URL == "" {
			view = w.view(p)
		}
		sd := w.sd
		sd.Nav = w.side.For(p.URL)
		sd.NavHTML = w.side.HTML(w.st.Nav(), p.URL, sd.Nav)
		view.TOCHTML = markdown.OutlineHTML(view.TOC)
		var buf bytes.Buffer
		buf.Grow(len(view.Content) + len(sd.NavHTML) + len(view.TOCHTML) + 8<<10) // + head, header, footer: one allocation
		if err := w.st.Execute(&buf, theme.PageTemplate, PageData{Site: sd, Page: view}); err != nil {
			d := w.st.Diag(err)
			d.Message += " (while rendering " + p.File + ")"
			return diag.List{d}
		}
		entry = cachedHTML{key: key, html: buf.Bytes()}
	}
	if err := w.tree.WriteFile(rel, entry.html); err != nil {
		return diag.List{diag.Errorf(p.File, 0, "cannot write page: %v", err)}
	}
	w.scan.File(rel, entry.html, key)
	if w.html != nil {
		entry.written, entry.published = nil, "" // until the tree is committed (commitLinks)
		if w.link != nil {
			w.pend(cacheKey, key, w.link.Published(rel), w.link.Stat(rel))
		}
		entry.of, entry.body, entry.base, entry.updated = p, body, w.base, w.dates[p.Rel]
		w.html.Store(cacheKey, entry) // the disk store keeps only where it was written and its hash
	}
	return nil
}

// pendingLink is where a page of this build will be published: recorded in
// its cache entry only once the tree is committed, so that a failed build
// (its tree discarded) leaves the entries pointing at the last published
// copies, which the next build can still link.
type pendingLink struct {
	cacheKey, key, published string
	written                  os.FileInfo
}

func (w *pageWriter) pend(cacheKey, key, published string, written os.FileInfo) {
	if w.html == nil || written == nil {
		return
	}
	w.mu.Lock()
	w.pending = append(w.pending, pendingLink{cacheKey: cacheKey, key: key, published: published, written: written})
	w.mu.Unlock()
}

// commitLinks records, after Commit, where each page written or linked now is
// published, for the next build to link from.
func (w *pageWriter) commitLinks() {
	for _, pl := range w.pending {
		if e, ok := w.html.Load(pl.cacheKey); ok && e.key == pl.key {
			e.published, e.written = pl.published, pl.written
			w.html.Store(pl.cacheKey, e)
		}
	}
	w.pending = nil
}

// view is the page part of the template data for p.
func (w *pageWriter) view(p *markdown.Page) PageView {
	desc := p.Front.Description
	if desc == "" {
		desc = w.sd.Description
	}
	canonical := ""
	if w.sd.BaseURL != "" {
		canonical = strings.TrimSuffix(w.sd.BaseURL, "/") + p.URL
	}
	prev, next := w.nav.PrevNext(p.URL)
	return PageView{
		Title: p.Title, Description: desc, URL: p.URL, Canonical: canonical, Src: p.File,
		Content: p.Body, HasH1: p.HasH1, TOC: p.TOC,
		Breadcrumbs: w.nav.Crumbs(p.URL), Prev: prev, Next: next, EditURL: editURL(w.sd.EditURL, p.Rel),
		LastUpdated: w.dates[p.Rel],
	}
}

// editURL is where the page at rel (content/-relative, slash-separated) is
// edited: base with rel's segments path-escaped; "" without base.
func editURL(base, rel string) string {
	if base == "" {
		return ""
	}
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return base + strings.Join(segs, "/")
}

// copyStatic copies the non-Markdown files. A file that would overwrite a
// page or a generated file is an error naming both.
func copyStatic(w siteWriter, pages []*markdown.Page, srcs []source.Source) diag.List {
	taken := map[string]string{
		"sitemap.xml": "the generated sitemap", "robots.txt": "the generated robots.txt", "404.html": "the generated 404 page",
	}
	for _, p := range pages {
		taken[outputPath(p.URL)] = "the page " + p.File
	}
	var diags diag.List
	for _, s := range srcs {
		if source.IsMarkdown(s.Rel) {
			continue
		}
		if what, ok := taken[s.Rel]; ok {
			diags = append(diags, diag.Errorf(s.File, 0, "this file would overwrite %s", what).
				WithHint("rename or move the file"))
			continue
		}
		var err error
		if s.Data != nil || s.Path == "" {
			err = w.WriteFile(s.Rel, s.Data)
		} else {
			err = w.CopyFile(s)
		}
		if err != nil {
			diags = append(diags, diag.Errorf(s.File, 0, "cannot copy file: %v", err))
		}
	}
	return diags
}

// outputPath is where a page's HTML goes below the output dir, slash-separated.
func outputPath(url string) string {
	return strings.TrimPrefix(url, "/") + "index.html"
}
