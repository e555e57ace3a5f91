package generator

import (
	"math/rand/v2"
	"testing"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// corpusSources returns the first n pages of the benchmark corpus (seed 1, as
// `make bench` writes it) as sources.
func corpusSources(n, of int) []source.Source {
	rng := rand.New(rand.NewPCG(1, 1^0x9e3779b97f4a7c15))
	srcs := make([]source.Source, n)
	for i := range srcs {
		rel := corpus.PagePath(i)
		srcs[i] = source.Source{Rel: rel, File: "content/" + rel, Data: corpus.Page(rng, i, of)}
	}
	return srcs
}

// BenchmarkRenderPageCorpus is a cold build's render stage for one page of the
// benchmark corpus, as a page worker of `docproof build --no-cache` runs it:
// one markdown shared by the pages (its highlighter memo warm with the samples
// nearby pages repeat), the front matter decoded already (pass 1 did), the
// page rendered and its search index fragment encoded. ns/op and allocs/op
// are per page.
func BenchmarkRenderPageCorpus(b *testing.B) {
	srcs := corpusSources(64, 1000)
	fronts := make([]source.Front, len(srcs))
	m := markdown.New(markdown.Options{})
	for i, src := range srcs { // the highlighter's memo as in the middle of a build
		fronts[i] = source.ParseFront(src.File, src.Data)
		m.Render(src)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		src := srcs[i%len(srcs)]
		r := m.RenderCached(src, &fronts[i%len(srcs)])
		p := r.Page
		if len(r.Diags) > 0 || len(p.Blocks) != 10 {
			b.Fatalf("%s: %d blocks, %v", src.File, len(p.Blocks), r.Diags)
		}
		search.PageFragment(p, i, search.Stores{})
	}
}
