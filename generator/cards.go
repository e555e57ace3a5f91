package generator

import (
	"html/template"

	"github.com/docproof/docproof/generator/card"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/generator/sample"
)

// cardFrame is what a fenced block adds around its HTML for sample cards.
type cardFrame struct {
	open, close string // card.Open before a sample; its drift slot and card.Close after its last block
	response    int    // a response block: the opening fence line of its sample (its slots' key)
}

// sampleCards frames each sample with the blocks that belong to it and
// follow it directly (nothing between them in the Markdown): a graphql
// sample's variables block, then its response block. A response after
// prose is still its sample's (sample.Extract), with slots, outside the
// card.
func (d *pageDoc) sampleCards(kinds []sample.Kind) []cardFrame {
	out := make([]cardFrame, len(kinds))
	line := 0 // the sample a response block belongs to
	for i, k := range kinds {
		switch {
		case k.IsSample():
			line = d.page.Blocks[i].Line
			out[i].open = card.Open
			last := i
			for j := i + 1; j < len(kinds) && d.fenced[j-1].NextSibling() == d.fenced[j]; j++ {
				if kinds[j] != sample.Response && (kinds[j] != sample.Variables || j != i+1) {
					break
				}
				last = j
				if kinds[j] == sample.Response {
					break
				}
			}
			out[last].close += card.Drift(line) + card.Close
		case k == sample.Response && line > 0:
			out[i].response = line
			line = 0
		case k != sample.Variables:
			line = 0
		}
	}
	return out
}

// kinds lists each block's sample.Kind.
func kinds[T any](blocks []T, kind func(T) sample.Kind) []sample.Kind {
	out := make([]sample.Kind, len(blocks))
	for i, b := range blocks {
		out[i] = kind(b)
	}
	return out
}

// responseSlots turns the placeholders of a documented response block's
// highlighted HTML into card slots keyed by its sample's line; when the
// highlighter split one, the block is shown as plain text with its slots.
func responseSlots(b fence.Block, code string, line int, legend string) string {
	holes := sample.ResponseHoles(&b)
	if len(holes) == 0 {
		return code
	}
	if out, ok := card.Holes(code, holes, line, legend); ok {
		return out
	}
	return card.Plain(b.Code, holes, line, legend)
}

// legend is the URL of the sample cards' legend page on this site.
func (d *pageDoc) legend() string { return sitePath(d.m.basePath, card.LegendPath) }

// fillCards fills the card slots of p's body from its samples' results
// (card.Fill), after the verify stage and before the page's template: a copy
// of p when anything changed, p itself is never changed (it may be cached).
func fillCards(p *Page, results []sample.Result, basePath string) *Page {
	body := card.Fill(string(p.Body), results, sitePath(basePath, card.LegendPath))
	if body == string(p.Body) {
		return p
	}
	cp := *p
	cp.Body = template.HTML(body)
	return &cp
}

// cards finishes a verified page's sample cards: unmarkSkipped, then
// fillCards. With an in-memory cache (docproof serve) a warm rebuild gets
// the very same rendered *Page and results for an unchanged file (render
// cache, verify memo), and gets back the very same finished *Page: the page
// writer's HTML memo, keyed by *Page, then skips the template and the hash
// (BenchmarkServeRebuild: a new copy per build tripled its CPU time).
func (s *pageStream) cards(p *Page, results []sample.Result) *Page {
	c := s.cfg.Cache
	if c == nil || c.lean {
		return fillCards(unmarkSkipped(p, results), results, s.cfg.basePath)
	}
	var first *sample.Result
	if len(results) > 0 {
		first = &results[0]
	}
	key := "cards\x00" + p.File
	if v, ok := c.Load(key); ok {
		if m, ok := v.(cardsMemo); ok && m.of == p && m.first == first && m.n == len(results) {
			return m.done
		}
	}
	done := fillCards(unmarkSkipped(p, results), results, s.cfg.basePath)
	c.Store(key, cardsMemo{of: p, first: first, n: len(results), done: done})
	return done
}

// cardsMemo is the last finished page of a file, by the identity of its
// rendered page and of its results.
type cardsMemo struct {
	of    *Page
	first *sample.Result // &results[0], nil for none
	n     int
	done  *Page
}
