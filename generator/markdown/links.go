package markdown

import (
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/generator/source/urlscheme"
)

// link resolves an internal link, rewrites a .md destination to the
// target's pretty URL (keeping ?query and #anchor) and records it for
// CheckLinks. External links are left alone and never fetched.
// dest is the destination as parsed; it is decoded as CommonMark says
// (decodeDest) before it is resolved.
func (d *pageDoc) link(n *ast.Link, dest string) {
	if out, ok := d.resolve(n, decodeDest(dest), false); ok {
		n.Destination = []byte(keepDest(out))
	}
}

func (d *pageDoc) image(n *ast.Image) {
	line := d.nodeLine(n)
	dest := decodeDest(string(n.Destination))
	if plainText(n, d.body) == "" {
		d.diags = append(d.diags, diag.Warnf(d.page.File, line, "image %q has no alt text", dest).
			WithHint("describe the image for readers who cannot see it: ![what it shows](path)"))
	}
	if out, ok := d.resolve(n, dest, true); ok {
		n.Destination = []byte(keepDest(out))
	}
}

// decodeDest decodes a Markdown link destination as CommonMark says and as
// goldmark's renderer does before it writes an href: backslash escapes of
// ASCII punctuation, then numeric and entity character references.
// foo\_bar.md, caf&eacute;.md and my&#95;page.md name foo_bar.md, café.md and
// my_page.md.
func decodeDest(dest string) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations([]byte(dest)))))
}

// destEscaper escapes a decoded destination for a Markdown link node.
var destEscaper = strings.NewReplacer(`\`, `\\`, `&`, `&amp;`)

// keepDest returns the destination to store in a link or image node so that
// goldmark's renderer, which decodes the destination again (decodeDest)
// before it percent-encodes it, writes out as given: a backslash and an &
// of out are escaped for Markdown.
func keepDest(out string) string {
	return destEscaper.Replace(out)
}

// pathSpecials escapes the characters that are literal in a file's path but
// would end the path ('?', '#') or start a %-escape in an href.
var pathSpecials = strings.NewReplacer("%", "%25", "#", "%23", "?", "%3F")

// hrefPath percent-encodes a site path as goldmark encodes an href
// (util.URLEscape), so a rewritten link reads as goldmark would print it.
func hrefPath(p string) string {
	return string(util.URLEscape([]byte(pathSpecials.Replace(p)), false))
}

// resolve returns the rewritten destination of an internal link.
func (d *pageDoc) resolve(n ast.Node, dest string, image bool) (string, bool) {
	return d.resolveAt(d.nodeLine(n), dest, image)
}

// resolveAt resolves and records a link written at line (a Markdown link or
// image, or an href or src of raw HTML) and returns its rewritten
// destination; ok is false when it is kept as written.
func (d *pageDoc) resolveAt(line int, dest string, image bool) (string, bool) {
	dest = strings.TrimSpace(dest)
	if dest == "" {
		d.diags = append(d.diags, diag.Warnf(d.page.File, line, "link with an empty destination").
			WithHint("write [text](page.md) or [text](#anchor)"))
		return "", false
	}
	if isExternal(dest) || d.m.outsideImage(dest) {
		return "", false
	}
	rest, frag, hasFrag := strings.Cut(dest, "#")
	p, query, hasQuery := strings.Cut(rest, "?")
	unescaped, err := url.PathUnescape(p)
	if err != nil {
		d.diags = append(d.diags, diag.Errorf(d.page.File, line, "link %q: bad %%-escape in the path", dest))
		return "", false
	}
	target := d.page.URL
	if unescaped != "" {
		var ok bool
		target, ok = linkTarget(d.m.conv.URLs, d.page.Rel, unescaped)
		if !ok {
			d.diags = append(d.diags, diag.Errorf(d.page.File, line, "link %q points outside the content directory", dest).
				WithHint("link to pages and files inside content/"))
			return "", false
		}
	}
	d.page.Links = append(d.page.Links, Link{Dest: dest, Line: line, Target: target, Fragment: frag, Image: image})
	if unescaped == "" {
		return "", false // same-page anchor: kept as written
	}
	if !source.IsMarkdown(strings.TrimSuffix(unescaped, "/")) && strings.HasPrefix(unescaped, "/") {
		if d.m.basePath == "" || d.m.basePath == "/" {
			return "", false // a root-absolute URL: kept as written
		}
		return nav.SitePath(d.m.basePath, dest), true // … below the site's base path
	}
	out := nav.SitePath(d.m.basePath, hrefPath(target))
	if hasQuery {
		out += "?" + query
	}
	if hasFrag {
		out += "#" + frag
	}
	return out, true
}

// isExternal reports links with a scheme (https:, mailto:) or a host (//x).
func isExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	u, err := url.Parse(dest)
	return err == nil && u.Scheme != ""
}

// linkTarget turns a link path found in the page at rel into a root-absolute
// site path: Markdown files become their pretty URL, other paths are
// resolved against the page's folder (like on GitHub). ok is false when the
// link climbs out of the content directory.
func linkTarget(scheme urlscheme.Scheme, rel, p string) (string, bool) {
	var joined string
	if strings.HasPrefix(p, "/") {
		joined = path.Clean(p[1:])
	} else {
		joined = path.Join(path.Dir(rel), p)
	}
	if joined == ".." || strings.HasPrefix(joined, "../") {
		return "", false
	}
	if joined == "." {
		joined = ""
	}
	if source.IsMarkdown(joined) {
		return scheme.PageURL(joined), true
	}
	t := "/" + joined
	if strings.HasSuffix(p, "/") && joined != "" {
		t += "/"
	}
	return t, true
}

// CheckLinks checks every internal link and #anchor of the pages against
// the published pages and the static files: a missing target or anchor is
// an error at the link's line. static are the non-Markdown sources.
func CheckLinks(pages []*Page, static []source.Source) diag.List {
	byURL := make(map[string]*Page, len(pages))
	for _, p := range pages {
		byURL[p.URL] = p
	}
	files := map[string]bool{"/sitemap.xml": true, "/robots.txt": true, "/404.html": true}
	for _, s := range static {
		if !source.IsMarkdown(s.Rel) {
			files["/"+s.Rel] = true
		}
	}
	var diags diag.List
	for _, p := range pages {
		for _, l := range p.Links {
			if d, bad := checkLink(p, l, byURL, files); bad {
				diags = append(diags, d)
			}
		}
	}
	return diags
}

func checkLink(p *Page, l Link, byURL map[string]*Page, files map[string]bool) (diag.Diagnostic, bool) {
	d, bad := checkLinkTarget(p, l, byURL, files)
	if bad && l.File != "" {
		d.File, d.IncludedFrom = l.File, l.IncludedFrom
	}
	return d, bad
}

// checkLinkTarget is checkLink's verdict, at the page's file.
func checkLinkTarget(p *Page, l Link, byURL map[string]*Page, files map[string]bool) (diag.Diagnostic, bool) {
	target := l.Target
	if files[target] {
		return diag.Diagnostic{}, false
	}
	t := strings.TrimSuffix(target, "index.html")
	if !strings.HasSuffix(t, "/") {
		t += "/"
	}
	to, ok := byURL[t]
	if !ok {
		if source.IsMarkdown(strings.SplitN(strings.SplitN(l.Dest, "#", 2)[0], "?", 2)[0]) {
			return diag.Errorf(p.File, l.Line, "broken link %q: no published page at %s (is the file missing, misspelt or a draft?)", l.Dest, target).
				WithHint("link to a .md file relative to this page, e.g. ../tokens.md#revoking"), true
		}
		return diag.Errorf(p.File, l.Line, "broken link %q: no page or file at %s", l.Dest, target).
			WithHint("relative paths start from this Markdown file's folder; link to pages by their .md file"), true
	}
	if l.Fragment == "" || to.HasID(l.Fragment) {
		return diag.Diagnostic{}, false
	}
	d := diag.Errorf(p.File, l.Line, "broken link %q: no anchor #%s in %s", l.Dest, l.Fragment, to.File)
	if to.ERBLeftOut {
		d = diag.Warnf(p.File, l.Line, "link %q: no anchor #%s in %s, whose ERB docproof cannot run may make it", l.Dest, l.Fragment, to.File)
	}
	if ids := closeIDs(to.IDSet(), l.Fragment); len(ids) > 0 {
		d = d.WithHint("anchors there include #" + strings.Join(ids, ", #"))
	}
	return d, true
}

// closeIDs lists up to three ids sharing the longest prefix with want.
func closeIDs(ids map[string]bool, want string) []string {
	all := make([]string, 0, len(ids))
	for id := range ids {
		if !strings.HasPrefix(id, "fn") {
			all = append(all, id)
		}
	}
	score := func(id string) int {
		n := 0
		for n < len(id) && n < len(want) && id[n] == want[n] {
			n++
		}
		return n
	}
	sort.Slice(all, func(i, j int) bool {
		si, sj := score(all[i]), score(all[j])
		if si != sj {
			return si > sj
		}
		return all[i] < all[j]
	})
	if len(all) > 3 {
		all = all[:3]
	}
	return all
}
