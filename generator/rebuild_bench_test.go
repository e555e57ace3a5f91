package generator

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// BenchmarkServeRebuild is the generator's part of `docproof serve`'s
// edit-to-reload on the 1,000-page corpus, built the way serve builds: one
// warm Cache and the site kept in memory through Config.Output (memOutput,
// as internal/serve's output does). Each iteration is a one-sentence edit of
// one page.
//
//	go test -run '^$' -bench BenchmarkServeRebuild -benchtime 40x -cpuprofile cpu.out ./generator
func BenchmarkServeRebuild(b *testing.B) {
	cfg := corpusConfig(b, 1000)
	cfg.Cache = NewCache()
	out := &memOutput{}
	cfg.Output = out
	if _, err := Build(context.Background(), cfg); err != nil {
		b.Fatal(err)
	}
	edit := pageEditor(b, cfg)
	cpu0 := processCPU(b)
	n := 0
	for i := 1; b.Loop(); i++ {
		edit(i)
		if _, err := Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
		n++
	}
	// CPU time per rebuild, both cores: unlike ns/op it barely moves with
	// the machine's load.
	b.ReportMetric(float64((processCPU(b)-cpu0).Microseconds())/1000/float64(n), "cpu-ms/op")
	out.mu.Lock()
	defer out.mu.Unlock()
	if len(out.site) < 1000 {
		b.Fatalf("the memory site holds %d files, want every page", len(out.site))
	}
}

// processCPU is the user and system CPU time this process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
