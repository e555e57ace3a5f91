// Package templates holds the site's default HTML templates and assets,
// embedded in the docproof binary. `--templates DIR` replaces them.
//
// # Data templates receive
//
// Defined in generator/sitedata.go:
//
//	type PageData struct { Site SiteData; Page PageView }
//	type SiteData struct { Title, BaseURL, Description string; Nav []NavItem; NavHTML template.HTML;
//	                       Assets map[string]string; Parts map[string]template.HTML; SearchIndex string }
//	type PageView struct { Title, Description, URL, Canonical, Src string; Content template.HTML; HasH1, NoIndex bool;
//	                       TOC []TOCEntry; TOCHTML template.HTML; Breadcrumbs []Crumb; Prev, Next *Crumb }
//	type NavItem struct { Title, URL string; Active, Open bool; Children []NavItem }
//
// What the generator fills in (siteBuild.open and pageWriter, generator/sitebuild.go and generator/site.go):
//   - `Site.Assets` = `writeAssets(templatesFS, w)`; `Site.SearchIndex` = `/search-index.json` (written at the end from the pages' fragments, entries cached by `*Page`). Both return
//     root-absolute URLs (`/assets/site.3f2a1b9c.css`, `/search-index.json`: a stable name, since every page links it and a hashed one would change every page on any text
//     edit; search.js fetches it with `cache: "no-cache"`). Call them before executing pages.
//   - Base path (issue 7): `Page.URL`, `NavItem.URL`, `Crumb.URL`, `Site.Assets`, `Site.SearchIndex` and the search
//     index's page URLs stay root-relative (they are keys for link checking, caches and output paths). The prefix is
//     applied only when emitting, by one function, `sitePath(base, p)` (generator/config.go): the template func `url`,
//     render-time link rewriting (generator/markdown/links.go: rewritten `.md` links, images, and root-absolute Markdown links
//     such as `[x](/robots.txt)`), and search.js (joins the input's `data-base` with the index's URLs). `Config.basePath`
//     is set by Build from the site config; it is part of the page render cache variant and the templates' hash, and
//     `Config.AtRoot` is part of the on-disk cache key. Raw HTML in Markdown (ast.HTMLBlock, ast.RawHTML) is rendered
//     as written by `rawHTMLRenderer` (generator/markdown/rawhtml.go) except for its site links: `pageDoc.rawHTML` tokenizes
//     each node (golang.org/x/net/html; `tagValueSpans` finds where each attribute value is in the tag, mirroring the
//     tokenizer, a fuzzer holds them equal), sends every non-empty `href`/`src` value through the same `resolveAt` as
//     Markdown links (recorded in `Page.Links` with the attribute's line, so CheckLinks covers it; an inline node, one
//     complete tag, skips the tokenizer unless a value holds a `&`: `scanInlineTag`, fuzzed equal to it) and stores the
//     node's markup with only those values replaced (HTML-escaped) as a node attribute for the renderer. Comments,
//     text and script-like element content (also across inline nodes, `pageDoc.rawText`) are skipped. `id` (and
//     `<a name>`) values join `Page.IDs` before heading slugs are assigned; a raw `<h1>` sets `HasH1`.
//   - `Page.Canonical` = base_url + URL (absolute) when base_url is set, else "". `Page.Description` = front matter
//     description, else the site description. `Page.HasH1` = Content already contains an `<h1>` (else the template
//     prints Title as the `<h1>`). `Page.Breadcrumbs` = ancestors from Home down, without the current page.
//     `Page.Prev/Next` = neighbours in nav order. `NavItem.Active` on the current page, `Open` on its ancestors.
//     `Site.Nav` is the whole tree for a site of up to 300 nav items; above that it is compact (generator/nav/sidebar.go): the
//     sections on the way to the page keep their children, every other section has no `Children` and links to its index
//     page, or to its first page when it has none (output would otherwise grow with the square of the page count).
//     `Site.NavHTML` is `Site.Nav` already rendered as the built-in `"nav-items"` markup (generator/nav/navhtml.go: the
//     `<ul>/<li>/<details>` structure written in Go around each item's link, which html/template escapes once per build
//     with the same pipelines as `"nav-link"`; a test and a fuzzer hold it byte-identical to executing `"nav-items"`).
//     The built-in `_nav.html` prints it and falls back to `{{template "nav-items" .Site.Nav}}` when it is empty; custom
//     templates may print it or range over `Site.Nav` (still filled for every page and the 404 page).
//     `Page.TOCHTML` is `Page.TOC` rendered as the built-in `"toc-items"` markup (generator/markdown/outline.go, html/template's
//     URL-part and HTML-text escapers written out in Go; test + fuzzer against the template), set only where the page
//     template runs; `_toc.html` prints it with the same fallback.
//   - Site parts: every template whose name starts with `site-` is executed once per build with the site-wide data
//     (`PageData{Site: sd}`: Nav unmarked, no Page) and its output stored in `Site.Parts[name]`
//     (`siteTemplates.siteData`, which also sets `Site.NavHTML`). The built-in `"head"`, `"header"` and `"footer"` print
//     `site-head` (stylesheets, scripts, favicon), `site-header` and `site-footer` from there:
//     `{{with index .Site.Parts "site-header"}}{{.}}{{else}}{{template "site-header" $}}{{end}}` (the fallback runs for
//     data built without parts, and for a part that failed, so its error is reported at its line). Only put markup that
//     is the same on every page in a `site-` template, and print parts in HTML text context.
//     Why: executing the sidebar, outline, header, footer and asset links per page was ~85% of the page template's CPU
//     (`BenchmarkPageTemplate`, a page of a 1,000-page site: ~6× less time, 10× fewer allocations; PERFORMANCE.md).
//   - Templates are parsed from `fsys`'s `*.html` (partials are `_*.html` at the root) with one custom func, `url`:
//     `{{url .URL}}` prefixes a root-absolute site path with the site's base path (base_url's path, "/docs/"; "/" when
//     base_url is unset or has no path, or when `Config.AtRoot` is set, as `docproof serve` does). Every site link a
//     template emits (nav, breadcrumbs, prev/next, assets, favicon, search index, 404 links) goes through `url`;
//     absolute URLs and `#anchors` pass through unchanged. Pages execute `"page.html"`. Then `writeExtras(w, siteData, pages, render)` writes
//     `sitemap.xml` (only when base_url is set: its locations must be absolute; Build warns at the site file when one
//     exists without base_url, except with `Config.AtRoot`), `robots.txt` and `404.html` (rendered as `"404.html"` with a `PageData`), where
//     `render = func(w io.Writer, name string, data any) error { return tmpl.ExecuteTemplate(w, name, data) }`.
//     Note: writeExtras takes the pages' `SiteData` (not `Site`) so the 404 page gets nav, assets and search.
//   - A `--templates` directory must hold both `page.html` and `404.html` (an error names the missing one).
//   - Chroma: `html.New(html.WithClasses(true))` (default prefix); `templates/assets/chroma.css` (generated by
//     `go generate ./templates`) holds the light and dark colours. Code blocks are highlighted by package
//     generator/highlight (its hand-written lexers and token writer are held equal to chroma's output).
//   - Headings render as `<h2 id="x">Text <a class="anchor" href="#x" aria-label="Link to this section">#</a></h2>`.
//   - `Page.Sections[].Text` is prose only (no code block text): the search index is built from it.
//   - Class names the stylesheet relies on: the sidebar `nav#sidebar`, the page outline `aside.page-toc` (template),
//     and the generator's `{:toc}` block `nav.toc` inside the page body; `.codeblock-label` for "Response".
//   - `templates/internal/chromacss` generates `assets/chroma.css` from chroma's styles (`go generate ./templates`);
//     a test fails when the committed file is stale, and `templates` tests check WCAG AA contrast and the 60 KB budget.
//   - `internal/browsertest` (tests only) drives chromium over the built fixture site and the real `content/`.
//
// Code blocks render as below; a sample and the blocks that follow it
// directly (variables, its response) are framed by one div.sample-card:
//
//	<div class="sample-card">
//	<div class="codeblock" data-lang="bash" data-sample="register"> <!-- data-sample only on verified samples -->
//	  <div class="codeblock-bar"><span class="codeblock-lang">bash</span>
//	    <span class="verified" role="img" aria-label="verified: status 200 and 4 fields matched"
//	      title="Verified at build time against the docproof mock of the Buildkite agent API: status 200 and 4 fields matched">verified</span>
//	    <button class="copy" type="button" aria-label="Copy code">Copy</button></div>
//	  <pre tabindex="0" role="group" aria-label="bash code" class="chroma"><code>…</code></pre>
//	</div>
//	<div class="codeblock" data-lang="json" data-response="">… &#34;<a class="ph" href="/samples-legend.html"
//	  title="varies: any UUID; later samples use it as $AGENT_ID">3f9b…</a>&#34; …</div>
//	</div>
//
// A placeholder is an a.ph (a.ph.ph-unknown, in italics, names it when the
// sample did not run); a failed sample's mark is span.verified.drifted and
// its card ends with details.drift (package generator/card).
// The <pre> scrolls sideways, so it is in the tab order with a name ("Response
// json code" under a Response label), a group rather than a region landmark.
// The sidebar writes a section that has a page as its link and, beside it, a
// details whose summary is only the toggle (never a link inside a summary):
//
//	<li class="nav-section"><a href="/guides/">Guides</a><details open><summary aria-label="Guides pages"></summary>
//	<ul>…</ul></details></li>
//
// The mark's label says what the sample's verification compared and found
// equal (card.Verdict of its result: "status 200 matched", "status 200 and
// 4 fields matched", "status 200 and the shape of 3 fields matched"); the
// verify stage's results fill it in after the page is rendered (card.Fill).
package templates
