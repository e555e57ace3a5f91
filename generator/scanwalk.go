package generator

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// listFiles returns the regular files below root (slash paths relative to
// it) in the order filepath.WalkDir visits them: depth first, each folder's
// entries by name. Symlinks are not followed. Folders of one depth are read
// in parallel: a rebuild publishes into a fresh tree of about one folder per
// page, and reading a thousand folders one by one is most of a scan whose
// files are already known.
func listFiles(root string) ([]string, error) {
	var (
		mu    sync.Mutex
		files []string
		first error
	)
	level := []string{""}
	for len(level) > 0 {
		next := make([][]string, len(level))
		parallel(context.Background(), runtime.GOMAXPROCS(0), len(level), func(i int) {
			dir := level[i]
			entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if first == nil {
					first = err
				}
				return
			}
			for _, e := range entries {
				rel := path.Join(dir, e.Name())
				switch {
				case e.IsDir():
					next[i] = append(next[i], rel)
				case e.Type().IsRegular():
					files = append(files, rel)
				}
			}
		})
		if first != nil {
			return nil, first
		}
		level = slices.Concat(next...)
	}
	slices.SortFunc(files, walkOrder)
	return files, nil
}

// walkOrder compares slash paths the way a depth-first walk with sorted
// folder entries meets them: segment by segment.
func walkOrder(a, b string) int {
	for {
		sa, ra, _ := strings.Cut(a, "/")
		sb, rb, _ := strings.Cut(b, "/")
		if c := strings.Compare(sa, sb); c != 0 || (ra == "" && rb == "") {
			return c
		}
		a, b = ra, rb
	}
}
