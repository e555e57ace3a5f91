package nav

import (
	"path"
	"sort"
	"strings"
)

// Item is one entry of the site navigation: a page or a section (folder).
// Templates receive it as the generator's NavItem.
type Item struct {
	Title    string
	URL      string // "" for a section without an index page
	Active   bool   // this is the current page
	Open     bool   // the current page is inside this section
	Weight   int
	Children []Item
}

// Crumb is a titled link: a breadcrumb, or the previous or next page.
type Crumb struct {
	Title string
	URL   string
}

// Page is what the navigation needs of a published page.
type Page struct {
	Rel    string // slash path below the content folder, "agent/tokens.md"
	Title  string
	URL    string // "/agent/tokens/"
	Weight int    // front matter weight; 0: none
}

// Build makes the site navigation: each folder is a section whose page is
// its index.md (a folder without one gets a title from its name and no URL).
// Items are ordered by front matter weight (pages without a weight come
// last), then title. The home page (content/index.md) comes first.
func Build(pages []Page) []Item {
	byDir := map[string][]*Page{}
	index := map[string]*Page{}
	dirs := map[string][]string{} // folder → subfolders
	seen := map[string]bool{".": true}
	for i := range pages {
		p := &pages[i]
		dir := path.Dir(p.Rel)
		if isIndex(p.Rel) {
			index[dir] = p
		} else {
			byDir[dir] = append(byDir[dir], p)
		}
		for d := dir; !seen[d]; d = path.Dir(d) {
			seen[d] = true
			parent := path.Dir(d)
			dirs[parent] = append(dirs[parent], d)
		}
	}
	var build func(dir string) []Item
	build = func(dir string) []Item {
		var items []Item
		for _, p := range byDir[dir] {
			items = append(items, Item{Title: p.Title, URL: p.URL, Weight: p.Weight})
		}
		for _, sub := range dirs[dir] {
			it := Item{Title: TitleFromPath(sub), Children: build(sub)}
			if p := index[sub]; p != nil {
				it.Title, it.URL, it.Weight = p.Title, p.URL, p.Weight
			}
			if it.URL != "" || len(it.Children) > 0 {
				items = append(items, it)
			}
		}
		sortNav(items)
		return items
	}
	items := build(".")
	if home := index["."]; home != nil {
		items = append([]Item{{Title: home.Title, URL: home.URL, Weight: home.Weight}}, items...)
	}
	return items
}

func isIndex(rel string) bool {
	base := path.Base(rel)
	return strings.TrimSuffix(base, path.Ext(base)) == "index"
}

func sortNav(items []Item) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if (a.Weight == 0) != (b.Weight == 0) {
			return a.Weight != 0
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.URL < b.URL
	})
}

// Mark copies nav with the page at url marked Active and its sections Open.
func Mark(nav []Item, url string) ([]Item, bool) {
	out := make([]Item, len(nav))
	found := false
	for i, it := range nav {
		it.Active = it.URL == url
		var open bool
		it.Children, open = Mark(it.Children, url)
		it.Open = open || (it.Active && len(it.Children) > 0)
		found = found || it.Active || open
		out[i] = it
	}
	return out, found
}

// Index answers breadcrumbs and prev/next for any page in O(1); it is
// computed once per build from the nav tree.
type Index struct {
	flat   []Crumb            // every item with a URL, in nav order
	pos    map[string]int     // URL → index in flat
	crumbs map[string][]Crumb // URL → sections above it, from the home page down
}

// NewIndex indexes the navigation nav.
func NewIndex(nav []Item) Index {
	ix := Index{pos: map[string]int{}, crumbs: map[string][]Crumb{}}
	var home []Crumb
	if len(nav) > 0 && nav[0].URL == "/" {
		home = []Crumb{{Title: nav[0].Title, URL: "/"}}
	}
	var walk func(items []Item, above []Crumb)
	walk = func(items []Item, above []Crumb) {
		for _, it := range items {
			if it.URL != "" {
				if _, dup := ix.pos[it.URL]; !dup {
					ix.pos[it.URL] = len(ix.flat)
					ix.flat = append(ix.flat, Crumb{Title: it.Title, URL: it.URL})
					if it.URL != "/" {
						ix.crumbs[it.URL] = above
					}
				}
			}
			walk(it.Children, append(above[:len(above):len(above)], Crumb{Title: it.Title, URL: it.URL}))
		}
	}
	walk(nav, home)
	return ix
}

// Crumbs returns the sections above the page at url, from the home page
// down (nil for the home page and pages not in the navigation).
func (ix Index) Crumbs(url string) []Crumb { return ix.crumbs[url] }

// PrevNext finds the pages before and after url in nav order.
func (ix Index) PrevNext(url string) (prev, next *Crumb) {
	i, ok := ix.pos[url]
	if !ok {
		return nil, nil
	}
	if i > 0 {
		c := ix.flat[i-1]
		prev = &c
	}
	if i+1 < len(ix.flat) {
		c := ix.flat[i+1]
		next = &c
	}
	return prev, next
}

// TitleFromPath makes a title from a file or folder name: "agent-tokens.md" → "Agent tokens".
func TitleFromPath(rel string) string {
	base := rel[strings.LastIndex(rel, "/")+1:]
	base = strings.TrimSuffix(base, ".md")
	base = strings.TrimSuffix(base, ".markdown")
	if base == "index" {
		if i := strings.LastIndex(rel, "/"); i > 0 {
			return TitleFromPath(rel[:i])
		}
		return "Home"
	}
	base = strings.NewReplacer("-", " ", "_", " ").Replace(base)
	if base == "" {
		return ""
	}
	return strings.ToUpper(base[:1]) + base[1:]
}

// SitePath prefixes a root-absolute site path ("/agent/v3/", "/assets/x.css")
// with base, the site's base path ("/docs/"). Anything else (an external URL,
// "#anchor", a relative path) is returned as is.
func SitePath(base, p string) string {
	if base == "" || base == "/" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return p
	}
	return base + p[1:]
}
