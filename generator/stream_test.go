package generator

import (
	"context"
	"github.com/docproof/docproof/internal/mockbackend"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// corpusSite writes the benchmark corpus with n pages for a test.
func corpusSite(t *testing.T, n int) Config {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, corpus.Write(root, corpus.Options{Pages: n, Seed: 1}))
	return Config{ContentDir: filepath.Join(root, "content"), OutDir: filepath.Join(root, "public"),
		SiteFile: filepath.Join(root, "none.yaml"), siteFileOptional: true, Verify: VerifyOptions{Mock: mockbackend.Mock{}}}
}

// TestStreamingBoundsPagesInFlight checks that a build holds at most
// Workers pages' sources and renderings at once, however many pages the
// site has: each page is dropped before a worker takes the next.
func TestStreamingBoundsPagesInFlight(t *testing.T) {
	cfg := corpusSite(t, 120)
	for _, workers := range []int{1, 3} {
		var mu sync.Mutex
		live, peak, seen := 0, 0, 0
		cfg.Workers = workers
		cfg.OutDir = filepath.Join(t.TempDir(), "public")
		cfg.onPage = func(alive bool) {
			mu.Lock()
			defer mu.Unlock()
			if alive {
				live++
				seen++
				peak = max(peak, live)
			} else {
				live--
			}
		}
		res, err := Build(context.Background(), cfg)
		require.NoError(t, err)
		assert.Equal(t, 121, res.Pages)
		assert.Equal(t, 121, seen, "every page passes through a worker once")
		assert.Zero(t, live)
		assert.LessOrEqual(t, peak, workers, "pages alive at once with %d workers", workers)
	}
}

// TestStreamingLiveHeapIsSubLinear measures the live heap (after a forced
// GC, sampled during pass 2) of a build of 100 pages and of 400 pages: the
// 300 extra pages may add only their small metadata (links, ids, title, sample
// results), not themselves. A page of this corpus kept whole holds ~9 KB of
// source, ~20 KB of rendered body, ~7 KB of section text and its code blocks.
func TestStreamingLiveHeapIsSubLinear(t *testing.T) {
	peak := func(n int) uint64 {
		cfg := corpusSite(t, n)
		cfg.Workers = 2
		var mu sync.Mutex
		var count int
		var top uint64
		cfg.onPage = func(alive bool) {
			mu.Lock()
			defer mu.Unlock()
			if count++; !alive || count%(n/10) != 0 {
				return
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			top = max(top, ms.HeapAlloc)
		}
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		_, err := Build(context.Background(), cfg)
		require.NoError(t, err)
		require.NotZero(t, top)
		return top - min(top, base.HeapAlloc)
	}
	small, big := peak(100), peak(400)
	perPage := (float64(big) - float64(small)) / 300
	t.Logf("live heap while streaming: 100 pages %d KiB, 400 pages %d KiB: %.1f KiB per added page", small>>10, big>>10, perPage/1024)
	assert.Less(t, perPage, 16.0*1024, "live heap per added page: a build that kept its pages would hold 38 KB or more each")
}

// TestStreamedIndexEqualsWholeSiteIndex checks that the search index a
// streaming build assembles from spilled fragments (pages finishing in any
// order) is the one encodeSearchIndex makes from every rendered page at once,
// with and without an in-memory cache (fragments kept in memory).
func TestStreamedIndexEqualsWholeSiteIndex(t *testing.T) {
	cfg := corpusSite(t, 60)
	srcs, diags := loadSources(t, cfg.ContentDir)
	require.Empty(t, diags)
	pages, diags := renderPages(context.Background(), cfg, srcs)
	require.Empty(t, diags.Errors())
	want, _, err := encodeSearchIndex(pages, nil)
	require.NoError(t, err)
	for _, cache := range []*Cache{nil, NewCache()} {
		cfg.Cache, cfg.Workers = cache, 3
		cfg.OutDir = filepath.Join(t.TempDir(), "public")
		_, err := Build(context.Background(), cfg)
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(cfg.OutDir, search.Name))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "cache %v", cache != nil)
	}
}
