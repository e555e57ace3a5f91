package generator

import (
	"context"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/internal/pool"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

// renderPages renders every Markdown source in parallel (at most cfg.Workers
// at a time) and returns the published pages in source order: drafts are
// left out. Two pages with the same URL are an error naming both. Tests
// render pages through it without building a site; Build renders in its
// page stream.
func renderPages(ctx context.Context, cfg Config, srcs []source.Source) ([]*markdown.Page, diag.List) {
	cfg = cfg.withDefaults()
	m := newMarkdownFor(cfg)
	var md []source.Source
	for _, s := range srcs {
		if source.IsMarkdown(s.Rel) {
			md = append(md, s)
		}
	}
	results := make([]markdown.Rendered, len(md))
	pool.Run(ctx, cfg.Workers, len(md), func(i int) {
		results[i] = m.RenderCached(md[i], nil)
	})
	var pages []*markdown.Page
	var diags diag.List
	if err := ctx.Err(); err != nil {
		return nil, diag.List{diag.Errorf("", 0, "build cancelled: %v", err)}
	}
	byURL := map[string]*markdown.Page{}
	for _, r := range results {
		diags = append(diags, r.Diags...)
		if r.Page == nil || r.Page.Front.Draft {
			continue
		}
		if other, dup := byURL[r.Page.URL]; dup {
			diags = append(diags, diag.Errorf(r.Page.File, 0, "page URL %s is also the URL of %s", r.Page.URL, other.File).
				WithHint("rename or move one of them"))
			continue
		}
		byURL[r.Page.URL] = r.Page
		pages = append(pages, r.Page)
	}
	return pages, diags
}
