package generator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkServeRebuild is the generator's part of `docproof serve`'s
// edit-to-reload on the 1,000-page corpus, built the way serve builds: one
// warm Cache, each build published into a new folder (on /dev/shm when there
// is one, as serve does), the folder before it removed once the next is out.
// Each iteration is a one-sentence edit of one page.
//
//	go test -run '^$' -bench BenchmarkServeRebuild -benchtime 40x -cpuprofile cpu.out ./generator
func BenchmarkServeRebuild(b *testing.B) {
	cfg := corpusConfig(b, 1000)
	cfg.Cache = NewCache()
	root := b.TempDir()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "docproof-bench-"); err == nil {
			root = dir
			b.Cleanup(func() { _ = os.RemoveAll(dir) })
		}
	}
	out := func(i int) string { return filepath.Join(root, fmt.Sprintf("site-%d", i)) }
	cfg.OutDir = out(0)
	if _, err := Build(context.Background(), cfg); err != nil {
		b.Fatal(err)
	}
	edit := pageEditor(b, cfg)
	for i := 1; b.Loop(); i++ {
		edit(i)
		cfg.OutDir = out(i)
		if _, err := Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := os.RemoveAll(out(i - 1)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
