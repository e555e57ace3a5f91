package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/docproof/docproof/generator/diag"
)

// writeSite writes the whole site into a new temp dir beside cfg.OutDir and
// returns it: assets, search index, every page (in parallel), static files
// and the extras (sitemap, robots, 404). It also returns what the secrets
// scan may reuse: for each page file (slash path below the site) the hash of
// everything its bytes derive from, and the search index's fragments. On
// error the temp dir is removed and "" is returned.
func writeSite(ctx context.Context, cfg Config, site Site, st *siteTemplates, nav []NavItem, pages []*Page, srcs []Source) (string, scanMemo, diag.List) {
	out, err := filepath.Abs(cfg.OutDir)
	if err != nil {
		return "", scanMemo{}, diag.List{diag.Errorf(cfg.OutDir, 0, "bad output path: %v", err)}
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return "", scanMemo{}, diag.List{diag.Errorf(cfg.OutDir, 0, "cannot create the output's parent directory: %v", err)}
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".public-tmp-")
	if err != nil {
		return "", scanMemo{}, diag.List{diag.Errorf(cfg.OutDir, 0, "cannot create a temp dir beside the output: %v", err)}
	}
	w, diags := fillSite(ctx, cfg, out, tmp, site, st, nav, pages, srcs)
	if diags.Err() == nil && ctx.Err() != nil {
		diags = append(diags, diag.Errorf("", 0, "build cancelled: %v", ctx.Err()))
	}
	if diags.Err() != nil {
		discard(tmp)
		return "", scanMemo{}, diags
	}
	memo := scanMemo{known: make(map[string]string, len(pages)), index: w.index, cache: cfg.Cache}
	for i, p := range pages {
		if w.keys[i] != "" {
			memo.known[outputPath(p.URL)] = w.keys[i]
		}
	}
	return tmp, memo, diags
}

func fillSite(ctx context.Context, cfg Config, out, tmp string, site Site, st *siteTemplates, nav []NavItem, pages []*Page, srcs []Source) (*pageWriter, diag.List) {
	w := &pageWriter{tmp: tmp, out: out, dirs: newDirSet(tmp), st: st, nav: indexNav(nav), side: newSidebar(nav, navFullLimit),
		cache: cfg.Cache, keys: make([]string, len(pages))}
	assets, err := writeAssets(st.fsys, tmp)
	if err != nil {
		return w, diag.List{diag.Errorf(st.dir, 0, "cannot write assets: %v", err)}
	}
	index, frags, err := writeSearchIndexFrags(tmp, pages, cfg.Cache)
	w.index = frags
	if err != nil {
		return w, diag.List{diag.Errorf(cfg.OutDir, 0, "cannot write the search index: %v", err)}
	}
	w.sd = SiteData{Title: site.Title, BaseURL: site.BaseURL, Description: site.Description,
		Nav: nav, NavHTML: st.nav.html(nav), Assets: assets, SearchIndex: index}
	w.base = siteKey(st, w.sd)
	results := make([]diag.List, len(pages))
	parallel(ctx, cfg.Workers, len(pages), func(i int) {
		results[i] = w.write(i, pages[i])
	})
	var diags diag.List
	seen := map[string]bool{}
	for _, r := range results {
		for _, d := range r {
			if key := d.Pos() + d.Message; !seen[key] { // one template bug, reported once
				seen[key] = true
				diags = append(diags, d)
			}
		}
	}
	diags = append(diags, copyStatic(tmp, w.dirs, pages, srcs)...)
	render := func(w io.Writer, name string, data any) error { return st.t.ExecuteTemplate(w, name, data) }
	if err := writeExtras(tmp, w.sd, pages, render); err != nil {
		diags = append(diags, st.diag(err))
	}
	return w, diags
}

// pageWriter executes the page template for each page. The HTML is cached
// in Config.Cache under the page's URL, keyed by everything the template
// sees (templates, site data, nav and the page), so a rebuild re-executes
// only pages whose inputs changed.
type pageWriter struct {
	tmp   string
	out   string // the published site (absolute), where the pages written now will be
	dirs  *dirSet
	st    *siteTemplates
	sd    SiteData
	nav   navIndex
	side  sidebar // each page's navigation
	cache *Cache
	base  string       // hash of the templates and the site-wide data
	keys  []string     // per page (by index): the hash of its HTML's inputs, once written
	index []searchJSON // the search index's fragments, in file order
}

// cachedHTML is one page's last rendered HTML and the hash of its inputs,
// plus the file it was written to (which becomes the published file).
type cachedHTML struct {
	key       string
	html      []byte
	written   os.FileInfo // nil until written
	published string      // absolute path the written file was published at; "" means below Config.OutDir
	of        *Page       // the page whose Body hashes to body (pages are never modified)
	body      string      // hash of of.Body
	base      string      // pageWriter.base the key was computed with
}

// siteKey hashes the templates' source and the site-wide template data.
func siteKey(st *siteTemplates, sd SiteData) string {
	h := sha256.New()
	h.Write([]byte(st.hash))
	_ = json.NewEncoder(h).Encode(sd)
	return hex.EncodeToString(h.Sum(nil))
}

// htmlKey hashes what the page template sees of p. The body, the bulk of it,
// is hashed once per rendered *Page (entry remembers it) rather than
// JSON-escaped into the hash on every build.
func (w *pageWriter) htmlKey(p *Page, view PageView, entry cachedHTML, hit bool) (key, body string) {
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

func (w *pageWriter) write(i int, p *Page) diag.List {
	cacheKey := "html\x00" + p.URL
	rel := filepath.FromSlash(outputPath(p.URL))
	dst := filepath.Join(w.tmp, rel)
	v, _ := w.cache.Load(cacheKey)
	entry, hit := v.(cachedHTML)
	var view PageView
	key, body := entry.key, entry.body
	// The view is a function of the page and the site data, and base hashes
	// the latter: the same *Page under the same base has the same key.
	if !hit || entry.of != p || entry.base != w.base || entry.key == "" {
		view = w.view(p)
		key, body = w.htmlKey(p, view, entry, hit)
	}
	published := filepath.Join(w.out, rel)
	if hit && entry.key == key && w.relink(entry, rel, dst) {
		entry.published, entry.of, entry.body, entry.base = published, p, body, w.base
		w.cache.Store(cacheKey, entry)
		w.keys[i] = key
		return nil
	}
	if !hit || entry.key != key || entry.html == nil { // nil: a lean cache kept only where it was written
		if view.URL == "" {
			view = w.view(p)
		}
		sd := w.sd
		sd.Nav = w.side.For(p.URL)
		sd.NavHTML = w.st.nav.html(sd.Nav)
		var buf bytes.Buffer
		if err := w.st.t.ExecuteTemplate(&buf, pageTemplate, PageData{Site: sd, Page: view}); err != nil {
			d := w.st.diag(err)
			d.Message += " (while rendering " + p.File + ")"
			return diag.List{d}
		}
		entry = cachedHTML{key: key, html: buf.Bytes()}
	}
	if err := w.dirs.writeFile(dst, entry.html); err != nil {
		return diag.List{diag.Errorf(p.File, 0, "cannot write page: %v", err)}
	}
	w.keys[i] = key
	if w.cache != nil {
		entry.written, _ = os.Stat(dst)
		entry.published, entry.of, entry.body, entry.base = published, p, body, w.base
		if w.cache.lean {
			entry.html = nil
		}
		w.cache.Store(cacheKey, entry)
	}
	return nil
}

// relink hard-links the published copy of an unchanged page into the new
// tree instead of writing it again (a rebuild after a one-page edit then
// writes one page, not the whole site). The copy is where the last build
// published it, which need not be the output of this build: `docproof
// serve` publishes every build into a new folder. It only links when that
// file is still exactly the one this cache wrote: same inode, size and
// modification time. Any doubt, or a failed link, means writing it afresh.
func (w *pageWriter) relink(entry cachedHTML, rel, dst string) bool {
	if entry.written == nil {
		return false
	}
	src := entry.published
	if src == "" {
		src = filepath.Join(w.out, rel)
	}
	fi, err := os.Lstat(src)
	if err != nil || !fi.Mode().IsRegular() || !os.SameFile(fi, entry.written) ||
		fi.Size() != entry.written.Size() || !fi.ModTime().Equal(entry.written.ModTime()) {
		return false
	}
	if err := w.dirs.ensure(filepath.Dir(dst)); err != nil {
		return false
	}
	return os.Link(src, dst) == nil
}

// view is the page part of the template data for p.
func (w *pageWriter) view(p *Page) PageView {
	desc := p.Front.Description
	if desc == "" {
		desc = w.sd.Description
	}
	canonical := ""
	if w.sd.BaseURL != "" {
		canonical = strings.TrimSuffix(w.sd.BaseURL, "/") + p.URL
	}
	prev, next := w.nav.prevNext(p.URL)
	return PageView{
		Title: p.Title, Description: desc, URL: p.URL, Canonical: canonical, Src: p.File,
		Content: p.Body, HasH1: p.HasH1, TOC: p.TOC,
		Breadcrumbs: w.nav.crumbs[p.URL], Prev: prev, Next: next,
	}
}

// copyStatic copies the non-Markdown files. A file that would overwrite a
// page or a generated file is an error naming both.
func copyStatic(tmp string, dirs *dirSet, pages []*Page, srcs []Source) diag.List {
	taken := map[string]string{
		"sitemap.xml": "the generated sitemap", "robots.txt": "the generated robots.txt", "404.html": "the generated 404 page",
	}
	for _, p := range pages {
		taken[outputPath(p.URL)] = "the page " + p.File
	}
	var diags diag.List
	for _, s := range srcs {
		if isMarkdown(s.Rel) {
			continue
		}
		if what, ok := taken[s.Rel]; ok {
			diags = append(diags, diag.Errorf(s.File, 0, "this file would overwrite %s", what).
				WithHint("rename or move the file"))
			continue
		}
		if err := copyFile(dirs, filepath.Join(tmp, filepath.FromSlash(s.Rel)), s); err != nil {
			diags = append(diags, diag.Errorf(s.File, 0, "cannot copy file: %v", err))
		}
	}
	return diags
}

func copyFile(dirs *dirSet, dst string, s Source) error {
	if s.Data != nil || s.Path == "" {
		return dirs.writeFile(dst, s.Data)
	}
	in, err := os.Open(s.Path)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := dirs.ensure(filepath.Dir(dst)); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// dirSet creates the folders of a new tree, remembering which exist so each
// page costs one mkdir and one write instead of a stat per path level.
type dirSet struct {
	mu   sync.Mutex
	made map[string]bool
}

func newDirSet(root string) *dirSet { return &dirSet{made: map[string]bool{root: true}} }

// ensure creates dir and its missing parents.
func (s *dirSet) ensure(dir string) error {
	s.mu.Lock()
	known := s.made[dir]
	s.mu.Unlock()
	if known {
		return nil
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := s.ensure(filepath.Dir(dir)); err != nil {
			return err
		}
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	s.mu.Lock()
	s.made[dir] = true
	s.mu.Unlock()
	return nil
}

// writeFile writes data to path, creating its folder.
func (s *dirSet) writeFile(path string, data []byte) error {
	if err := s.ensure(filepath.Dir(path)); err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return nil
}
