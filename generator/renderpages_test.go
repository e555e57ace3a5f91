package generator

import (
	"context"

	"github.com/docproof/docproof/generator/diag"
)

// renderPages renders every Markdown source in parallel (at most cfg.Workers
// at a time) and returns the published pages in source order: drafts are
// left out. Two pages with the same URL are an error naming both. Tests
// render pages through it without building a site; Build renders in its
// page stream.
func renderPages(ctx context.Context, cfg Config, srcs []Source) ([]*Page, diag.List) {
	cfg = cfg.withDefaults()
	m := newMarkdownFor(cfg)
	var md []Source
	for _, s := range srcs {
		if isMarkdown(s.Rel) {
			md = append(md, s)
		}
	}
	results := make([]rendered, len(md))
	parallel(ctx, cfg.Workers, len(md), func(i int) {
		results[i] = m.cachedPage(md[i], nil)
	})
	var pages []*Page
	var diags diag.List
	if err := ctx.Err(); err != nil {
		return nil, diag.List{diag.Errorf("", 0, "build cancelled: %v", err)}
	}
	byURL := map[string]*Page{}
	for _, r := range results {
		diags = append(diags, r.diags...)
		if r.page == nil || r.page.Front.Draft {
			continue
		}
		if other, dup := byURL[r.page.URL]; dup {
			diags = append(diags, diag.Errorf(r.page.File, 0, "page URL %s is also the URL of %s", r.page.URL, other.File).
				WithHint("rename or move one of them"))
			continue
		}
		byURL[r.page.URL] = r.page
		pages = append(pages, r.page)
	}
	return pages, diags
}
