// Package theme is the site's look: the page templates (the built-in ones
// embedded from templates/, or --templates DIR opened as an os.Root), the
// assets copied under content-hash names (WriteAssets), and the files beside
// the pages
// (WriteExtras: 404.html from its template, robots.txt, and sitemap.xml when
// base_url is set).
//
// Load parses every *.html template once per build and gives them one
// function, url, which puts a root-absolute site path below the base path.
// Templates named "site-…" are rendered once per build (Parts); ids the
// templates write literally are reserved (IDs) so heading slugs avoid them.
// The data templates receive (PageData, SiteData, PageView) is the
// generator's: a template's error names its type as templates see it. A template error is a diagnostic at the template
// file and line (Diag).
package theme
