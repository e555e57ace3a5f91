package generator

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// corpusConfig writes the benchmark corpus (the one `make bench` builds) with
// n pages and returns a Config for it, samples verified against the mock.
func corpusConfig(b *testing.B, n int) Config {
	b.Helper()
	root := b.TempDir()
	if err := corpus.Write(root, corpus.Options{Pages: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return Config{ContentDir: filepath.Join(root, "content"), OutDir: filepath.Join(root, "public"),
		SiteFile: filepath.Join(root, "none.yaml"), siteFileOptional: true}
}

// BenchmarkCorpusCold builds 200 pages of the benchmark corpus from scratch,
// verifying all 1,000 samples: the whole pipeline as `docproof build --no-cache` runs it.
func BenchmarkCorpusCold(b *testing.B) {
	cfg := corpusConfig(b, 1000)
	for b.Loop() {
		res, err := Build(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Samples) != 5000 {
			b.Fatalf("got %d samples", len(res.Samples))
		}
	}
	b.ReportMetric(float64(b.N*5000)/b.Elapsed().Seconds(), "samples/s")
}
