package generator

// navFullLimit is the largest navigation (counted in items) that every page
// shows in full. A bigger site gets a compact navigation on each page: the
// sections on the way to the page are open with their items, every other
// section is one link (to its index page, or to its first page when it has
// none). Without it each page would carry the whole tree, and output size and
// build time would grow with the square of the page count (1,000 pages:
// 90 KB of navigation per page; 10,000 pages: 900 KB).
const navFullLimit = 300

// sidebar gives each page its navigation: navFor of the whole tree for a
// small site, the compact form above limit (navFullLimit). It is computed once per
// build; For is cheap enough to call for every page.
type sidebar struct {
	nav     []NavItem
	compact bool
	first   map[*NavItem]string // compact: a URL-less section → its first page's URL
	paths   map[string][]int    // compact: page URL → item index at each level down to it
}

func newSidebar(nav []NavItem, limit int) sidebar {
	s := sidebar{nav: nav}
	if countNav(nav) <= limit {
		return s
	}
	s.compact = true
	s.first = map[*NavItem]string{}
	s.paths = map[string][]int{}
	var walk func(items []NavItem, path []int) string
	walk = func(items []NavItem, path []int) string {
		firstURL := ""
		for i := range items {
			it := &items[i]
			u := it.URL
			here := append(path[:len(path):len(path)], i)
			if _, dup := s.paths[u]; u != "" && !dup {
				s.paths[u] = here
			}
			if sub := walk(it.Children, here); u == "" {
				u = sub
				s.first[it] = sub
			}
			if firstURL == "" {
				firstURL = u
			}
		}
		return firstURL
	}
	walk(nav, nil)
	return s
}

// countNav is the number of items in the tree.
func countNav(items []NavItem) int {
	n := len(items)
	for _, it := range items {
		n += countNav(it.Children)
	}
	return n
}

// For returns the navigation of the page at url (Active and Open marked).
func (s sidebar) For(url string) []NavItem {
	if !s.compact {
		nav, _ := navFor(s.nav, url)
		return nav
	}
	return s.compactFor(s.nav, url, s.paths[url])
}

// compactFor copies one level of items: the section on path (the way down
// to url) keeps its children, marked recursively; every other section loses
// them and becomes a link.
func (s sidebar) compactFor(items []NavItem, url string, path []int) []NavItem {
	out := make([]NavItem, len(items))
	for i := range items {
		it := items[i]
		it.Active = it.URL == url
		it.Open = false
		if len(it.Children) > 0 {
			if len(path) > 0 && path[0] == i {
				it.Children = s.compactFor(it.Children, url, path[1:])
				it.Open = true // the page is this section or inside it
			} else {
				it.Children = nil
				if it.URL == "" {
					it.URL = s.first[&items[i]]
				}
			}
		}
		out[i] = it
	}
	return out
}
