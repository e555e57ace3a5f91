package theme

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/docproof/docproof/generator/card"
	"github.com/docproof/docproof/generator/markdown"
)

// NotFoundTemplate is the template WriteExtras renders into 404.html.
const NotFoundTemplate = "404.html"

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc string `xml:"loc"`
}

// absURL joins the site's base_url and a root-absolute path. With no base_url
// the path is returned as is.
func absURL(base, p string) string {
	if base == "" {
		return p
	}
	return strings.TrimRight(base, "/") + "/" + strings.TrimLeft(p, "/")
}

// sitemap renders sitemap.xml for the published pages, sorted by URL.
func sitemap(base string, pages []*markdown.Page) ([]byte, error) {
	set := sitemapURLSet{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range pages {
		if p.Front.Draft {
			continue
		}
		set.URLs = append(set.URLs, sitemapURL{Loc: absURL(base, p.URL)})
	}
	sort.Slice(set.URLs, func(i, j int) bool { return set.URLs[i].Loc < set.URLs[j].Loc })
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(set); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// robots renders robots.txt: everything is crawlable, and the sitemap is
// named when base_url makes its absolute URL known.
func robots(base string) []byte {
	s := "User-agent: *\nAllow: /\n"
	if base != "" {
		s += "\nSitemap: " + absURL(base, "/sitemap.xml") + "\n"
	}
	return []byte(s)
}

// WriteExtras writes sitemap.xml (only when base_url is set), robots.txt,
// 404.html and the sample cards' legend (card.LegendPath) into w.
//
// 404.html is rendered by calling render(w, "404.html", notFound): the
// template data of a page the same as every other (site title, nav, asset
// URLs) with no content; the legend by render(w, "page.html", legend). Sitemap locations must be absolute URLs, so
// without baseURL (base_url) there is no sitemap.xml.
func WriteExtras(w Writer, baseURL string, pages []*markdown.Page, notFound, legend any, render func(w io.Writer, name string, data any) error) error {
	var sm []byte
	if baseURL != "" {
		var err error
		if sm, err = sitemap(baseURL, pages); err != nil {
			return fmt.Errorf("encoding sitemap.xml: %w", err)
		}
	}
	var page bytes.Buffer
	if err := render(&page, NotFoundTemplate, notFound); err != nil {
		// Returned as is: a template error already names 404.html and its line,
		// and the caller turns it into a diagnostic at that position.
		return err
	}
	var legendPage bytes.Buffer
	if err := render(&legendPage, "page.html", legend); err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
	}{
		{"sitemap.xml", sm},
		{"robots.txt", robots(baseURL)},
		{"404.html", page.Bytes()},
		{strings.TrimPrefix(card.LegendPath, "/"), legendPage.Bytes()},
	}
	for _, f := range files {
		if f.data == nil {
			continue // sitemap.xml without base_url
		}
		if err := w.WriteFile(f.name, f.data); err != nil {
			return fmt.Errorf("writing %s: %w", f.name, err)
		}
	}
	return nil
}
