package generator

import (
	"context"
	"github.com/docproof/docproof/internal/mockbackend"
	"math/rand/v2"
	"testing"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// BenchmarkVerifyCorpusPage verifies the samples of one page of the benchmark
// corpus as a cold build does (`docproof build --no-cache`): extraction, a
// fresh mock from the build's prototype, and the page's five curl samples run
// in-process and compared with their JSON response blocks. ns/sample is the
// figure issue 8 tracks.
//
//	go test -run '^$' -bench BenchmarkVerifyCorpusPage -benchmem ./generator/
func BenchmarkVerifyCorpusPage(b *testing.B) {
	src := source.Source{Rel: "section-00/page-0003.md", File: "content/section-00/page-0003.md",
		Data: corpus.Page(rand.New(rand.NewPCG(1, 3)), 3, 1000)}
	p, d := markdown.New(markdown.Options{}).Render(src)
	if d.Err() != nil {
		b.Fatal(d)
	}
	backends := mockbackend.Mock{}.Backends()
	ctx := context.Background()
	cfg := Config{}
	opts := sample.Options{}
	check := func() {
		run := verifyPage(ctx, cfg, p, backends, nil, opts)
		if len(run.diags) > 0 || len(run.res.Results) != 5 {
			b.Fatalf("%d results, diagnostics: %v", len(run.res.Results), run.diags)
		}
	}
	check() // builds the prototype's route table
	b.ReportAllocs()
	for b.Loop() {
		check()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*5), "ns/sample")
}
