package generator

import (
	"html/template"

	"github.com/docproof/docproof/generator/card"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/nav"
	"github.com/docproof/docproof/generator/sample"
)

// fillCards fills the card slots of p's body from its samples' results
// (card.Fill), after the verify stage and before the page's template: a copy
// of p when anything changed, p itself is never changed (it may be cached).
func fillCards(p *markdown.Page, results []sample.Result, basePath string) *markdown.Page {
	body := card.Fill(string(p.Body), results, nav.SitePath(basePath, card.LegendPath))
	if body == string(p.Body) {
		return p
	}
	cp := *p
	cp.Body = template.HTML(body)
	return &cp
}

// cards finishes a verified page's sample cards: unmarkSkipped, then
// fillCards. With an in-memory cache (docproof serve) a warm rebuild gets
// the very same rendered *markdown.Page and results for an unchanged file (render
// cache, verify memo), and gets back the very same finished *markdown.Page: the page
// writer's HTML memo, keyed by *markdown.Page, then skips the template and the hash
// (BenchmarkServeRebuild: a new copy per build tripled its CPU time).
func (s *pageStream) cards(p *markdown.Page, results []sample.Result) *markdown.Page {
	c := s.cfg.Cache.orNone().cards
	if c == nil {
		return fillCards(markdown.UnmarkSkipped(p, results), results, s.cfg.basePath)
	}
	var first *sample.Result
	if len(results) > 0 {
		first = &results[0]
	}
	if m, ok := c.Load(p.File); ok && m.of == p && m.first == first && m.n == len(results) {
		return m.done
	}
	done := fillCards(markdown.UnmarkSkipped(p, results), results, s.cfg.basePath)
	c.Store(p.File, cardsMemo{of: p, first: first, n: len(results), done: done})
	return done
}

// cardsMemo is the last finished page of a file, by the identity of its
// rendered page and of its results.
type cardsMemo struct {
	of    *markdown.Page
	first *sample.Result // &results[0], nil for none
	n     int
	done  *markdown.Page
}
