package generator

import (
	"html/template"
	"time"

	"github.com/docproof/docproof/generator/card"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/theme"
)

// PageData is what templates receive for each page.
type PageData struct {
	Site SiteData
	Page PageView
}

// SiteData is the site-wide part of PageData.
type SiteData struct {
	Title       string
	BaseURL     string
	Description string
	Nav         []NavItem
	// NavHTML is Nav rendered as the built-in templates' sidebar list
	// (<ul>…</ul>, the "nav-items" markup), assembled once per page without
	// executing a template per item. Templates may print it or range over Nav.
	NavHTML template.HTML
	Assets  map[string]string // logical name ("site.css") → hashed URL ("/assets/site.3f2a1b9c.css")
	// Parts holds every template named "site-…" rendered once per build with
	// the site-wide data (Nav unmarked, no Page), by name, so a part that is
	// the same on every page is not executed for each. Print one in HTML text
	// context: {{with index .Site.Parts "site-header"}}{{.}}{{else}}{{template "site-header" $}}{{end}}.
	Parts       map[string]template.HTML
	SearchIndex string // URL of the search index JSON
	EditURL     string // docproof.yaml's edit_url ("" for none), ending in "/"
}

// PageView is the page-specific part of PageData.
type PageView struct {
	Title       string              // page title (front matter title, else first H1)
	Description string              // front matter description, else the site description
	URL         string              // root-absolute pretty URL, "/agent/v3/tokens/"
	Canonical   string              // absolute URL (base_url + URL); "" when base_url is unset
	Src         string              // source file as shown in diagnostics, "content/agent/v3/tokens.md"
	Content     template.HTML       // rendered Markdown body
	HasH1       bool                // Content already holds the page's <h1>; else the template prints Title as <h1>
	NoIndex     bool                // ask crawlers not to index the page (404.html)
	TOC         []markdown.TOCEntry // "On this page": h2 entries with h3 children
	// TOCHTML is TOC rendered as the built-in "toc-items" markup (<ul>…</ul>),
	// "" without a TOC. Templates may print it or range over TOC.
	TOCHTML     template.HTML
	Breadcrumbs []Crumb // ancestors from the home page down, without the current page
	Prev, Next  *Crumb  // neighbours in nav order; nil at either end
	EditURL     string  // where to edit the page's source (Site.EditURL + its path in content/); "" without edit_url
	// LastUpdated is the date of the last commit that changed the page's
	// source (generator/gitdate), UTC; zero without one (no git, outside a
	// repository, never committed, or last_updated: false). Never the build
	// time: the page HTML cache hashes it with the rest of the view.
	LastUpdated time.Time
}

// Crumb is a titled link.
type Crumb = nav.Crumb

// NavItem is one entry of the site navigation: a page or a section (folder),
// with Title, URL ("" for a section without an index page), Active (this is
// the current page), Open (the current page is inside this section), Weight
// and Children.
type NavItem = nav.Item

// BuildNav makes the site navigation of pages (nav.Build): each folder is a
// section whose page is its index.md, ordered by front matter weight, then
// title; the home page first.
func BuildNav(pages []*markdown.Page) []NavItem {
	in := make([]nav.Page, len(pages))
	for i, p := range pages {
		in[i] = nav.Page{Rel: p.Rel, Title: p.Title, URL: p.URL, Weight: p.Front.Weight}
	}
	return nav.Build(in)
}

// siteData completes the site-wide template data: NavHTML for its Nav, and
// Parts, each "site-…" template executed once with it (no Page).
func siteData(st *theme.Templates, sd SiteData) SiteData {
	sd.NavHTML = st.Nav().HTML(sd.Nav)
	sd.Parts = nil
	sd.Parts = st.Parts(PageData{Site: sd})
	return sd
}

// notFoundData is the template data of 404.html: the site's, no content.
func notFoundData(site SiteData) PageData {
	return PageData{Site: site, Page: PageView{
		Title:       "Page not found",
		Description: site.Description,
		URL:         "/404.html",
		NoIndex:     true,
	}}
}

// legendData is the legend page of sample cards (card.LegendPath), rendered by
// page.html like every page, kept out of search engines' indexes.
func legendData(site SiteData) PageData {
	return PageData{Site: site, Page: PageView{Title: card.LegendTitle, Description: site.Description,
		URL: card.LegendPath, Content: template.HTML(card.Legend), NoIndex: true}}
}
