package nav

import (
	htmltemplate "html/template"
	"strings"
	"sync"
)

// navLinkSource escapes one nav item's link the way the built-in "nav-link"
// template (templates/_nav.html) does: the same pipelines in the same HTML
// contexts, so html/template applies the same escapers.
const navLinkSource = `{{define "a"}}<a href="{{url .URL}}">{{.Title}}</a>{{end}}{{define "span"}}<span>{{.Title}}</span>{{end}}` +
	`{{define "toggle"}}<summary aria-label="{{.Title}} pages"></summary>{{end}}`

// Markup writes the Sidebar list (SiteData.NavHTML) without executing a
// template per item: the built-in "nav-items" markup assembled in Go around
// each item's link, which is escaped once per build by html/template and
// remembered. A page of a 1,000-page site shows ~70 items; executing
// "nav-items" for them was most of the page template's cost.
type Markup struct {
	t     *htmltemplate.Template // navLinkSource, with the site's url func
	links sync.Map               // navLinkKey → navLink
}

type navLinkKey struct {
	url, title string
	section    bool
}

// navLink is one item's escaped link, split where the built-in template
// puts aria-current: `<a href="/x/"` + `>Title</a>`. An item without a URL
// has only rest: `<span>Title</span>`. toggle is the summary of a section
// with a URL (the built-in "nav-toggle"), set for those only.
type navLink struct{ open, rest, toggle string }

// NewMarkup prepares the link escaping with the site's template functions
// (the "url" func of the built-in templates).
func NewMarkup(funcs htmltemplate.FuncMap) (*Markup, error) {
	t, err := htmltemplate.New("nav-link-pieces").Funcs(funcs).Parse(navLinkSource)
	if err != nil {
		return nil, err
	}
	return &Markup{t: t}, nil
}

// HTML renders items as the built-in "nav-items" template would. On the
// (unexpected) failure to escape a link it returns "", and the built-in
// templates then execute "nav-items" over SiteData.Nav instead.
func (m *Markup) HTML(items []Item) htmltemplate.HTML {
	var b strings.Builder
	b.Grow(64 + 120*Count(items))
	if err := m.write(&b, items); err != nil {
		return ""
	}
	return htmltemplate.HTML(b.String())
}

func (m *Markup) write(b *strings.Builder, items []Item) error {
	b.WriteString("<ul>\n")
	for i := range items {
		if err := m.writeItem(b, &items[i]); err != nil {
			return err
		}
	}
	b.WriteString("</ul>")
	return nil
}

// writeItem writes one item of a list, with its children.
func (m *Markup) writeItem(b *strings.Builder, it *Item) error {
	if len(it.Children) > 0 && it.URL != "" {
		return m.writeSection(b, it)
	}
	b.WriteString("<li>")
	if len(it.Children) > 0 {
		b.WriteString("<details")
		if it.Open || it.Active {
			b.WriteString(" open")
		}
		b.WriteString("><summary>")
		if err := m.writeLink(b, it); err != nil {
			return err
		}
		b.WriteString("</summary>\n")
		if err := m.write(b, it.Children); err != nil {
			return err
		}
		b.WriteString("</details>")
	} else if err := m.writeLink(b, it); err != nil {
		return err
	}
	b.WriteString("</li>\n")
	return nil
}

// writeSection writes a section that has a page of its own: its link and,
// as a sibling, the details whose summary is only the toggle (a link inside
// a summary is a nested interactive control).
func (m *Markup) writeSection(b *strings.Builder, it *Item) error {
	b.WriteString(`<li class="nav-section">`)
	if err := m.writeLink(b, it); err != nil {
		return err
	}
	l, err := m.link(it.URL, it.Title, true)
	if err != nil {
		return err
	}
	b.WriteString("<details")
	if it.Open || it.Active {
		b.WriteString(" open")
	}
	b.WriteString(">" + l.toggle + "\n")
	if err := m.write(b, it.Children); err != nil {
		return err
	}
	b.WriteString("</details></li>\n")
	return nil
}

func (m *Markup) writeLink(b *strings.Builder, it *Item) error {
	l, err := m.link(it.URL, it.Title, false)
	if err != nil {
		return err
	}
	if l.open == "" {
		b.WriteString(l.rest)
		return nil
	}
	b.WriteString(l.open)
	if it.Active {
		b.WriteString(` aria-current="page"`)
	}
	b.WriteString(l.rest)
	return nil
}

// link returns the escaped link of an item, executing navLinkSource the
// first time a URL and title are seen in this build; with section, the
// toggle of a section too.
func (m *Markup) link(url, title string, section bool) (navLink, error) {
	key := navLinkKey{url, title, section}
	if v, ok := m.links.Load(key); ok {
		return v.(navLink), nil
	}
	var b strings.Builder
	if url == "" {
		if err := m.t.ExecuteTemplate(&b, "span", Item{Title: title}); err != nil {
			return navLink{}, err
		}
		l := navLink{rest: b.String()}
		m.links.Store(key, l)
		return l, nil
	}
	if err := m.t.ExecuteTemplate(&b, "a", Item{URL: url, Title: title}); err != nil {
		return navLink{}, err
	}
	// Escaped, neither the href nor the title holds a '"' or a '>', so the
	// first `">` ends the href.
	s := b.String()
	cut := strings.Index(s, `">`) + 1
	l := navLink{open: s[:cut], rest: s[cut:]}
	if section {
		b.Reset()
		if err := m.t.ExecuteTemplate(&b, "toggle", Item{Title: title}); err != nil {
			return navLink{}, err
		}
		l.toggle = b.String()
	}
	m.links.Store(key, l)
	return l, nil
}
