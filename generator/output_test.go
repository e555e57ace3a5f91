package generator

import (
	"context"
	"io"
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

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/internal/pool"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

// dirTree is a Tree over an existing folder, for tests of the stages that
// write files.
func dirTree(dir string) *diskTree {
	return &diskTree{root: dir, out: dir + "-published", dirs: newDirSet(dir)}
}

// scanSite is the reference secrets scan the build's scan-as-written must
// equal: it lists dir (the site as written) and scans every file, reusing
// memo.known keys for pages and memo.index for the search index.
func scanSite(dir string, pages []*markdown.Page, issued []string, memo scanMemo) diag.List {
	t := dirTree(dir)
	s := newSiteScan(memo, issued)
	files, err := listFiles(dir)
	if err != nil {
		s.fail(err)
	}
	for _, rel := range files {
		switch key := memo.known[rel]; {
		case rel == searchIndexName && memo.index != nil:
			s.index(t, len(memo.index), func(i int) (searchJSON, error) { return memo.index[i], nil })
		case key != "":
			s.known(t, rel, key)
		default:
			data, err := t.ReadFile(rel)
			if err != nil {
				s.fail(err)
				continue
			}
			s.file(rel, data, "")
		}
	}
	return s.finish(t, locatePages(pages))
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

func TestDiskTreeCommitAndDiscard(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	writeTree(t, out, map[string]string{"old.html": "old"})
	static := filepath.Join(root, "logo.svg")
	require.NoError(t, os.WriteFile(static, []byte("<svg/>"), 0o644))

	tree, err := diskOutput{out: out}.NewTree(context.Background())
	require.NoError(t, err)
	require.NoError(t, tree.WriteFile("a/b/index.html", []byte("page")))
	f, err := os.Open(static)
	require.NoError(t, err)
	require.NoError(t, tree.CopyFile("img/logo.svg", f))
	require.NoError(t, f.Close())
	got, err := tree.ReadFile("img/logo.svg")
	require.NoError(t, err)
	assert.Equal(t, "<svg/>", string(got))
	require.Error(t, tree.WriteFile("../escape", []byte("x")), "paths stay below the site root")
	require.Error(t, tree.WriteFile("/abs", []byte("x")))
	assert.Equal(t, map[string]string{"old.html": "old"}, readTree(t, out), "nothing published before Commit")
	require.NoError(t, tree.Commit())
	tree.Discard() // after Commit: removes the replaced site
	replaced, _ := filepath.Glob(filepath.Join(root, ".public-tmp-*"))
	assert.Empty(t, replaced, "the replaced site is deleted")
	assert.FileExists(t, filepath.Join(out, MarkerFile), "the published site carries docproof's marker")
	assert.Equal(t, map[string]string{"a/b/index.html": "page", "img/logo.svg": "<svg/>"}, readTree(t, out))

	tree, err = diskOutput{out: out}.NewTree(context.Background())
	require.NoError(t, err)
	require.NoError(t, tree.WriteFile("index.html", []byte("new")))
	tree.Discard()
	assert.Equal(t, map[string]string{"a/b/index.html": "page", "img/logo.svg": "<svg/>"}, readTree(t, out), "a discarded tree changes nothing")
	leftovers, _ := filepath.Glob(filepath.Join(root, ".public*"))
	assert.Empty(t, leftovers, "the discarded tree and the site the first Commit replaced are gone")
}

// memOutput is a minimal in-memory Output, as `docproof serve` keeps the
// site: Build must reach its files only through the Tree.
type memOutput struct {
	mu   sync.Mutex
	site map[string][]byte
}

type memTree struct {
	o     *memOutput
	mu    sync.Mutex
	files map[string][]byte
}

func (o *memOutput) NewTree(context.Context) (Tree, error) {
	return &memTree{o: o, files: map[string][]byte{}}, nil
}

func (t *memTree) WriteFile(rel string, data []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.files[rel] = data
	return nil
}

func (t *memTree) CopyFile(rel string, src *os.File) error {
	data, err := io.ReadAll(src)
	if err != nil {
		return err
	}
	return t.WriteFile(rel, data)
}

func (t *memTree) ReadFile(rel string) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	data, ok := t.files[rel]
	if !ok {
		return nil, os.ErrNotExist
	}
	return data, nil
}

func (t *memTree) Commit() error {
	t.o.mu.Lock()
	defer t.o.mu.Unlock()
	t.o.site = t.files
	return nil
}

func (t *memTree) Discard() {}

// TestBuildIntoMemoryOutputEqualsDisk checks that a build through another
// Output writes exactly the files of a disk build, and nothing to OutDir,
// cold and warm (a shared Cache, as serve rebuilds).
func TestBuildIntoMemoryOutputEqualsDisk(t *testing.T) {
	cfg := newSite(t, nil)
	_, err := build(t, cfg)
	require.NoError(t, err)
	want := readTree(t, cfg.OutDir)

	mem := &memOutput{}
	mcfg := cfg
	mcfg.OutDir = filepath.Join(t.TempDir(), "never")
	mcfg.Output, mcfg.Cache = mem, NewCache()
	for range 2 {
		_, err = build(t, mcfg)
		require.NoError(t, err)
		got := map[string]string{}
		for rel, data := range mem.site {
			got[rel] = string(data)
		}
		assert.Equal(t, want, got)
	}
	assert.NoDirExists(t, mcfg.OutDir)
}

// TestMemoryOutputRefusesToken checks that the secrets scan does not depend
// on a disk tree: a token in a page fails a build into memory, which commits
// nothing.
func TestMemoryOutputRefusesToken(t *testing.T) {
	cfg := newSite(t, map[string]string{"leak.md": "# Leak\n\n`bkar_" + secretBody73 + "`\n"})
	mem := &memOutput{}
	cfg.Output = mem
	_, err := build(t, cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "leak.md:3: refusing to publish a string shaped like a real Buildkite token")
	assert.Nil(t, mem.site, "nothing committed")
}

// TestListFilesWalkOrder checks listFiles against filepath.WalkDir on names
// whose byte order differs from a depth-first walk's ("a-c" < "a/b").
func TestListFilesWalkOrder(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
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
