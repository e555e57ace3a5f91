package nav

import (
	htmltemplate "html/template"
	"strings"
	"sync"
)

// FullLimit is the largest navigation (counted in items) that every page
// shows in full. A bigger site gets a compact navigation on each page: the
// sections on the way to the page are open with their items, every other
// section is one link (to its index page, or to its first page when it has
// none). Without it each page would carry the whole tree, and output size and
// build time would grow with the square of the page count (1,000 pages:
// 90 KB of navigation per page; 10,000 pages: 900 KB).
const FullLimit = 300

// Sidebar gives each page its navigation: Mark of the whole tree for a
// small site, the compact form above limit (FullLimit). It is computed once per
// build; For is cheap enough to call for every page.
type Sidebar struct {
	nav     []Item
	compact bool
	first   map[*Item]string // compact: a URL-less section → its first page's URL
	paths   map[string][]int // compact: page URL → item index at each level down to it
	multi   map[string]bool  // compact: URLs the tree holds more than once
	top     *collapsedTop    // compact: the top level's markup, rendered once
}

// collapsedTop is a compact navigation's top level with every item collapsed
// (collapse) and none active, rendered once per build. A page's list is this
// markup with the one top-level item on the page's path rendered in its
// place, so a page costs its own section's items, not one link lookup per
// top-level folder (200 at 10,000 pages in the bench corpus).
type collapsedTop struct {
	once sync.Once
	html string // every top-level item's <li>…</li> line
	off  []int  // item i is html[off[i]:off[i+1]]
	err  error
}

// NewSidebar prepares each page's navigation of nav: in full up to limit
// items, compact above.
func NewSidebar(nav []Item, limit int) Sidebar {
	s := Sidebar{nav: nav}
	if Count(nav) <= limit {
		return s
	}
	s.compact = true
	s.first = map[*Item]string{}
	s.paths = map[string][]int{}
	s.multi = map[string]bool{}
	s.top = &collapsedTop{}
	var walk func(items []Item, path []int) string
	walk = func(items []Item, path []int) string {
		firstURL := ""
		for i := range items {
			it := &items[i]
			u := it.URL
			here := append(path[:len(path):len(path)], i)
			if _, dup := s.paths[u]; u != "" && !dup {
				s.paths[u] = here
			} else if u != "" {
				s.multi[u] = true
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

// Compact reports whether pages get the compact form (the tree is larger
// than the limit given to NewSidebar).
func (s Sidebar) Compact() bool { return s.compact }

// Count is the number of items in the tree.
func Count(items []Item) int {
	n := len(items)
	for _, it := range items {
		n += Count(it.Children)
	}
	return n
}

// For returns the navigation of the page at url (Active and Open marked).
func (s Sidebar) For(url string) []Item {
	if !s.compact {
		nav, _ := Mark(s.nav, url)
		return nav
	}
	return s.compactFor(s.nav, url, s.paths[url])
}

// compactFor copies one level of items: the section on path (the way down
// to url) keeps its children, marked recursively; every other item is
// collapsed.
func (s Sidebar) compactFor(items []Item, url string, path []int) []Item {
	out := make([]Item, len(items))
	for i := range items {
		if len(path) > 0 && path[0] == i && len(items[i].Children) > 0 {
			it := items[i]
			it.Active = it.URL == url
			it.Children = s.compactFor(it.Children, url, path[1:])
			it.Open = true // the page is this section or inside it
			out[i] = it
			continue
		}
		out[i] = s.collapse(items, i)
		out[i].Active = items[i].URL == url
	}
	return out
}

// collapse is items[i] as the navigation of a page outside it shows it: not
// open, not active, and a section loses its children and becomes a link to
// its index page, or to its first page when it has none.
func (s Sidebar) collapse(items []Item, i int) Item {
	it := items[i]
	it.Active, it.Open = false, false
	if len(it.Children) > 0 {
		it.Children = nil
		if it.URL == "" {
			it.URL = s.first[&items[i]]
		}
	}
	return it
}

// HTML is the Sidebar markup (SiteData.NavHTML) of the page at url, whose
// navigation nav is (For(url)): what m.HTML(nav) returns. In compact form
// only the top-level item on the page's path is rendered for the page; the
// others come from collapsedTop. A URL the tree holds twice (more than one
// item active) goes the long way.
func (s Sidebar) HTML(m *Markup, url string, nav []Item) htmltemplate.HTML {
	if !s.compact || url == "" || s.multi[url] || len(nav) != len(s.nav) {
		return m.HTML(nav)
	}
	top := s.top
	top.once.Do(func() { top.render(m, s) })
	if top.err != nil {
		return m.HTML(nav)
	}
	var b strings.Builder
	b.Grow(len(top.html) + 16<<10)
	b.WriteString("<ul>\n")
	if path := s.paths[url]; len(path) == 0 {
		b.WriteString(top.html)
	} else {
		k := path[0]
		b.WriteString(top.html[:top.off[k]])
		if err := m.writeItem(&b, &nav[k]); err != nil {
			return m.HTML(nav)
		}
		b.WriteString(top.html[top.off[k+1]:])
	}
	b.WriteString("</ul>")
	return htmltemplate.HTML(b.String())
}

// render writes every top-level item collapsed, with its offsets.
func (t *collapsedTop) render(m *Markup, s Sidebar) {
	var b strings.Builder
	t.off = make([]int, 0, len(s.nav)+1)
	for i := range s.nav {
		t.off = append(t.off, b.Len())
		it := s.collapse(s.nav, i)
		if t.err = m.writeItem(&b, &it); t.err != nil {
			return
		}
	}
	t.off = append(t.off, b.Len())
	t.html = b.String()
}
