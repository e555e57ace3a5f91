package generator

import (
	"context"
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"os"
	"path/filepath"
	"strings"
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
		SiteFile: filepath.Join(root, "none.yaml"), siteFileOptional: true, Verify: VerifyOptions{Mock: mockbackend.Mock{}}}
}

// coldOut points cfg at a new output folder for iteration i, so no build
// of a cold benchmark replaces (and deletes) the site an earlier one
// published, and every one creates all its files. The trees are removed
// with the benchmark's temp dir, after the timing.
func coldOut(cfg *Config, i int) {
	cfg.OutDir = filepath.Join(filepath.Dir(cfg.OutDir), fmt.Sprintf("public-%d", i))
}

// pageEditor returns a function that rewrites page 500 of the corpus with a
// prose edit numbered i, as a writer's save would.
func pageEditor(b *testing.B, cfg Config) func(i int) {
	b.Helper()
	page := filepath.Join(cfg.ContentDir, filepath.FromSlash(corpus.PagePath(500)))
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	return func(i int) {
		edited := strings.Replace(string(orig), "\n\n", fmt.Sprintf("\n\nEdit number %d.\n\n", i), 1)
		if err := os.WriteFile(page, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCorpusCold builds 200 pages of the benchmark corpus from scratch,
// verifying all 1,000 samples: the whole pipeline as `docproof build --no-cache` runs it.
func BenchmarkCorpusCold(b *testing.B) {
	cfg := corpusConfig(b, 1000)
	for i := 0; b.Loop(); i++ {
		coldOut(&cfg, i)
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

// BenchmarkCorpusWarmEdit rebuilds the 1,000-page corpus after a one-page
// prose edit with a warm in-memory Cache: the generator's share of
// `docproof serve`'s edit-to-reload time.
func BenchmarkCorpusWarmEdit(b *testing.B) {
	cfg := corpusConfig(b, 1000)
	cfg.Cache = NewCache()
	if _, err := Build(context.Background(), cfg); err != nil {
		b.Fatal(err)
	}
	edit := pageEditor(b, cfg)
	for i := 0; b.Loop(); i++ {
		edit(i)
		if _, err := Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}
