package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// defaultCacheDir is where `docproof build` keeps its on-disk cache unless
// --cache-dir moves it: .cache/docproof beside the content folder (the site's
// root, git-ignored), so CI can keep it between runs.
func defaultCacheDir(contentDir string) string {
	abs, err := filepath.Abs(contentDir)
	if err != nil {
		return filepath.Join(".cache", "docproof")
	}
	return filepath.Join(filepath.Dir(abs), ".cache", "docproof")
}

// startCPUProfile writes a pprof CPU profile to path until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
