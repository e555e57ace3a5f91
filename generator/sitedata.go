package generator

import "html/template"

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
	Assets      map[string]string // logical name ("site.css") → hashed URL ("/assets/site.3f2a1b9c.css")
	SearchIndex string            // URL of the search index JSON
}

// PageView is the page-specific part of PageData.
type PageView struct {
	Title       string
	Description string
	URL         string
	Canonical   string
	Src         string
	Content     template.HTML
	TOC         []TOCEntry
	Breadcrumbs []Crumb
	Prev, Next  *Crumb
}

// Crumb is a titled link.
type Crumb struct {
	Title string
	URL   string
}

// NavItem is one entry of the site navigation: a page or a section (folder).
type NavItem struct {
	Title    string
	URL      string // "" for a section without an index page
	Active   bool   // this is the current page
	Open     bool   // the current page is inside this section
	Weight   int
	Children []NavItem
}
