package secretscan

import (
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/cache"
	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/internal/pool"
	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/search"
	"github.com/docproof/docproof/generator/source"
)

// scanMemo is a Memo for tests: the build cache, and what scanSite takes
// as known: the HTML key of output files, and the fragments
// search-index.json was written from.
type scanMemo struct {
	cache Memo
	known map[string]string
	index []search.PagePart
}

// newMemCache is a Memo with in-memory stores.
func newMemCache() Memo {
	return Memo{Files: cache.NewMemory[string, FileFinds](), Fragments: cache.NewMemory[string, FragmentFinds]()}
}

// indexParts writes the search index of pages into dir and returns the
// fragments it was joined from, as the build makes them.
func indexParts(t *testing.T, dir string, pages []*markdown.Page) []search.PagePart {
	t.Helper()
	parts := make([]search.PagePart, len(pages))
	plain := make([]search.Fragment, len(pages))
	for n, p := range pages {
		parts[n] = search.PagePart{Fragment: search.Encode(search.NewEntry(p.Title, p.URL, p.Sections), n), Of: p}
		plain[n] = parts[n].Fragment
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, search.Name), search.Join(plain), 0o644))
	return parts
}

// scanSite is the reference secrets scan the build's scan-as-written must
// equal: it lists dir (the site as written) and scans every file, reusing
// memo.known keys for pages and memo.index for the search index.
func scanSite(dir string, pages []*markdown.Page, issued []string, memo scanMemo) diag.List {
	t := testtree.Dir(dir)
	s := New(memo.cache, issued)
	files, err := listFiles(dir)
	if err != nil {
		s.Fail(err)
	}
	for _, rel := range files {
		switch key := memo.known[rel]; {
		case rel == search.Name && memo.index != nil:
			s.Index(t, len(memo.index), func(i int) (search.PagePart, error) { return memo.index[i], nil })
		case key != "":
			s.Known(t, rel, key)
		default:
			data, err := t.ReadFile(rel)
			if err != nil {
				s.Fail(err)
				continue
			}
			s.File(rel, data, "")
		}
	}
	return s.Finish(t, LocatePages(pages))
}

// scanSecrets is scanSite without a memo.
func scanSecrets(dir string, pages []*markdown.Page, issued []string) diag.List {
	return scanSite(dir, pages, issued, scanMemo{})
}

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
		pool.Run(context.Background(), runtime.GOMAXPROCS(0), len(level), func(i int) {
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
	slices.SortFunc(files, source.WalkOrder)
	return files, nil
}

// TestListFilesWalkOrder checks listFiles against filepath.WalkDir on names
// whose byte order differs from a depth-first walk's ("a-c" < "a/b").
func TestListFilesWalkOrder(t *testing.T) {
	dir := t.TempDir()
	testtree.Write(t, dir, map[string]string{
		"a/b": "", "a-c": "", "a.b/x/y/z.html": "", "a/b2/index.html": "", "A": "", "z/index.html": "",
		"a/b1/c/index.html": "", "a/b1/index.html": "", "sitemap.xml": "", "x-/y": "", "x/y": "",
	})
	require.NoError(t, os.Symlink("a", filepath.Join(dir, "link")))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "empty", "deeper"), 0o755))
	var want []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			want = append(want, filepath.ToSlash(rel))
		}
		return err
	}))
	got, err := listFiles(dir)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	_, err = listFiles(filepath.Join(dir, "missing"))
	assert.Error(t, err)
}
