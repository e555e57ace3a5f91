package generator

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// The on-disk cache as `docproof build` uses it, on the 1,000-page corpus
// (5,000 samples): an empty cache, a one-page edit, and no change. Each
// reports live-MB, the largest heap still reachable after a GC during the
// timed builds (what a build holds, which peak RSS follows at about twice
// that with GOGC=100), and cpu-ms/op, the process's user and system CPU
// per build (on a shared machine wall time is noise), besides time and
// allocations:
//
//	go test -run '^$' -bench BenchmarkDiskCache -benchtime 5x ./generator
func BenchmarkDiskCacheCold(b *testing.B) {
	cfg := diskCacheConfig(b)
	peak := watchLiveHeap(b)
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(cfg.CacheDir); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu0 := processCPU(b)
		buildOK(b, cfg)
		cpu += processCPU(b) - cpu0
	}
	peak()
	reportCPU(b, cpu)
}

func BenchmarkDiskCacheEdit(b *testing.B) {
	cfg := diskCacheConfig(b)
	buildOK(b, cfg)
	edit := pageEditor(b, cfg)
	peak := watchLiveHeap(b)
	cpu0 := processCPU(b)
	for i := 0; b.Loop(); i++ {
		edit(i)
		buildOK(b, cfg)
	}
	peak()
	reportCPU(b, processCPU(b)-cpu0)
}

func BenchmarkDiskCacheNoChange(b *testing.B) {
	cfg := diskCacheConfig(b)
	buildOK(b, cfg)
	peak := watchLiveHeap(b)
	cpu0 := processCPU(b)
	for b.Loop() {
		buildOK(b, cfg)
	}
	peak()
	reportCPU(b, processCPU(b)-cpu0)
}

// BenchmarkDiskCacheNone is BenchmarkDiskCacheCold's build without a cache
// (--no-cache), for the cost of writing one: compare their cpu-ms/op.
func BenchmarkDiskCacheNone(b *testing.B) {
	cfg := diskCacheConfig(b)
	cfg.CacheDir = ""
	peak := watchLiveHeap(b)
	cpu0 := processCPU(b)
	for b.Loop() {
		buildOK(b, cfg)
	}
	peak()
	reportCPU(b, processCPU(b)-cpu0)
}

// reportCPU reports cpu, the CPU time of b.N builds, per build.
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func diskCacheConfig(b *testing.B) Config {
	cfg := corpusConfig(b, 1000)
	cfg.CacheDir = filepath.Join(b.TempDir(), "cache")
	cfg.cacheVersion = "bench"
	return cfg
}

func buildOK(b *testing.B, cfg Config) {
	res, err := Build(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Samples) != 5000 {
		b.Fatalf("got %d samples", len(res.Samples))
	}
}

// watchLiveHeap samples the live heap until the returned func is called,
// which reports the largest value seen as live-MB.
func watchLiveHeap(b *testing.B) func() {
	runtime.GC() // what the setup left is not the timed builds'
	done := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if s[0].Value.Kind() == metrics.KindUint64 {
				peak = max(peak, s[0].Value.Uint64())
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		b.ReportMetric(float64(peak)/(1<<20), "live-MB")
	}
}
