package generator

import (
	"path"
	"sort"
	"strings"
)

// BuildNav makes the site navigation: each folder is a section whose page is
// its index.md (a folder without one gets a title from its name and no URL).
// Items are ordered by front matter weight (pages without a weight come
// last), then title. The home page (content/index.md) comes first.
func BuildNav(pages []*Page) []NavItem {
	byDir := map[string][]*Page{}
	index := map[string]*Page{}
	dirs := map[string][]string{} // folder → subfolders
	seen := map[string]bool{".": true}
	for _, p := range pages {
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
	var build func(dir string) []NavItem
	build = func(dir string) []NavItem {
		var items []NavItem
		for _, p := range byDir[dir] {
			items = append(items, NavItem{Title: p.Title, URL: p.URL, Weight: p.Front.Weight})
		}
		for _, sub := range dirs[dir] {
			it := NavItem{Title: titleFromPath(sub), Children: build(sub)}
			if p := index[sub]; p != nil {
				it.Title, it.URL, it.Weight = p.Title, p.URL, p.Front.Weight
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
		items = append([]NavItem{{Title: home.Title, URL: home.URL, Weight: home.Front.Weight}}, items...)
	}
	return items
}

func isIndex(rel string) bool {
	base := path.Base(rel)
	return strings.TrimSuffix(base, path.Ext(base)) == "index"
}

func sortNav(items []NavItem) {
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

// navFor copies nav with the page at url marked Active and its sections Open.
func navFor(nav []NavItem, url string) ([]NavItem, bool) {
	out := make([]NavItem, len(nav))
	found := false
	for i, it := range nav {
		it.Active = it.URL == url
		var open bool
		it.Children, open = navFor(it.Children, url)
		it.Open = open || (it.Active && len(it.Children) > 0)
		found = found || it.Active || open
		out[i] = it
	}
	return out, found
}

// navIndex answers breadcrumbs and prev/next for any page in O(1); it is
// computed once per build from the nav tree.
type navIndex struct {
	flat   []Crumb            // every item with a URL, in nav order
	pos    map[string]int     // URL → index in flat
	crumbs map[string][]Crumb // URL → sections above it, from the home page down
}

func indexNav(nav []NavItem) navIndex {
	ix := navIndex{pos: map[string]int{}, crumbs: map[string][]Crumb{}}
	var home []Crumb
	if len(nav) > 0 && nav[0].URL == "/" {
		home = []Crumb{{Title: nav[0].Title, URL: "/"}}
	}
	var walk func(items []NavItem, above []Crumb)
	walk = func(items []NavItem, above []Crumb) {
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

// prevNext finds the pages before and after url in nav order.
func (ix navIndex) prevNext(url string) (prev, next *Crumb) {
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
