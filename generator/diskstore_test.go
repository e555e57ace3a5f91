package generator

import (
	"context"
	"crypto/sha256"
	"fmt"
	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/source"
)

// openTestDisk opens the disk stores in dir for version v1.
func openTestDisk(t testing.TB, dir, out string) (*Cache, *diskStores) {
	t.Helper()
	c, d, ok := openDiskCache(dir, "v1", out)
	require.True(t, ok)
	return c, d
}

// entryFiles lists the entry files of every disk store under dir, with
// their modification times.
func entryFiles(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	files := map[string]time.Time{}
	for _, store := range []string{pagesDir, runsDir} {
		paths, err := filepath.Glob(filepath.Join(dir, store, "*-d"))
		require.NoError(t, err)
		for _, p := range paths {
			fi, err := os.Stat(p)
			require.NoError(t, err)
			rel, _ := filepath.Rel(dir, p)
			files[rel] = fi.ModTime()
		}
	}
	return files
}

// kinds counts entry files by store.
func kinds(files map[string]time.Time) map[string]int {
	m := map[string]int{}
	for rel := range files {
		m[strings.Split(filepath.ToSlash(rel), "/")[0]]++
	}
	return m
}

// The render and verify stages' values come back from disk as they were
// stored; another docproof binary loads none of them.
func TestDiskStoresRoundTrip(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	c, _ := openTestDisk(t, dir, out)
	src := []byte("# Page 1\n")
	p := &markdown.Page{Source: source.Source{Rel: "p1.md", Data: src}, Title: "Page 1", Body: "<h1>x</h1>", IDs: map[string]bool{"x": true}, BrokenBlocks: true}
	c.pages.Store("p1.md", markdown.CacheEntry{Hash: "h1", Variant: "v", Src: src, Result: markdown.Rendered{Page: p}})
	c.runs.Store("k7", pageRun{res: sample.PageResult{Results: []sample.Result{{File: "p1.md", Line: 3, Outcome: "pass"}},
		Issued: []string{"tok"}}, diags: diag.List{diag.Errorf("p1.md", 1, "warn 7")}})
	assert.Nil(t, c.highlight, "highlighted code is not kept between processes")
	assert.Nil(t, c.scans.Files)

	c, _ = openTestDisk(t, dir, out)
	r, ok := c.pages.Load("p1.md")
	require.True(t, ok)
	assert.Equal(t, "h1", r.Hash)
	assert.Equal(t, "v", r.Variant)
	assert.Equal(t, src, r.Src, "the render stage compares bytes, not hashes, on a hit")
	assert.Equal(t, src, r.Result.Page.Data)
	assert.Equal(t, "Page 1", r.Result.Page.Title)
	assert.True(t, r.Result.Page.BrokenBlocks)
	assert.Equal(t, map[string]bool{"x": true}, r.Result.Page.IDs)
	run, ok := c.runs.Load("k7")
	require.True(t, ok)
	assert.Equal(t, "tok", run.res.Issued[0])
	assert.Equal(t, "warn 7", run.diags[0].Message)
	_, ok = c.runs.Load("missing")
	assert.False(t, ok)

	for rel := range entryFiles(t, dir) {
		fi, err := os.Stat(filepath.Join(dir, rel))
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm(), "sample runs hold mock token values")
	}
	other, _, ok := openDiskCache(dir, "v2", out)
	require.True(t, ok)
	_, ok = other.pages.Load("p1.md")
	assert.False(t, ok, "another docproof binary: nothing loads")
}

// Page HTML is recorded at commit with the hash of the file the build
// published, and loads only while that file is unchanged.
func TestDiskStorePageHTML(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	testtree.Write(t, out, map[string]string{"a/index.html": "<p>a</p>", "b/index.html": "<p>b</p>"})
	c, d := openTestDisk(t, dir, out)
	c.html.Store("/a/", cachedHTML{key: "ka", html: []byte("<p>a</p>")})
	c.html.Store("/b/", cachedHTML{key: "kb"})
	c.html.Store("/gone/", cachedHTML{key: "kg"}) // not in the output: not recorded
	_, ok := c.html.Load("/a/")
	assert.False(t, ok, "stored this build: written at commit")
	assert.NoFileExists(t, filepath.Join(dir, htmlFile))
	files, err := manifest(out, nil)
	require.NoError(t, err)
	require.NoError(t, d.html.commit(files))
	_, d = openTestDisk(t, dir, out)
	assert.Len(t, d.html.last, 2)
	fi, err := os.Stat(filepath.Join(dir, htmlFile))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm())

	appendFile(t, filepath.Join(out, "b/index.html"), "tampered")
	c, _ = openTestDisk(t, dir, out)
	h, ok := c.html.Load("/a/")
	require.True(t, ok)
	assert.Equal(t, "ka", h.key)
	assert.Nil(t, h.html, "the HTML itself is never kept")
	require.NotNil(t, h.written)
	_, ok = c.html.Load("/b/")
	assert.False(t, ok, "the published file changed")
	_, ok = c.html.Load("/gone/")
	assert.False(t, ok)
}

// A one-page edit rebuild writes the entries of what changed and no other:
// the edited page's render and sample run (and the page HTML records).
func TestDiskCacheEditWritesOnlyWhatChanged(t *testing.T) {
	cfg := cachedSite(t)
	_, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	first := entryFiles(t, cfg.CacheDir)
	assert.Equal(t, map[string]int{pagesDir: 13, runsDir: 12}, kinds(first))

	appendFile(t, filepath.Join(cfg.ContentDir, "section-00/page-0003.md"), "\nAn edited paragraph.\n")
	res, hit := cachedBuild(t, cfg)
	assert.False(t, hit)
	want, wantRes := fresh(t, cfg)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
	changed := map[string]time.Time{}
	for rel, mt := range entryFiles(t, cfg.CacheDir) {
		if old, ok := first[rel]; !ok || !old.Equal(mt) {
			changed[rel] = mt
		}
	}
	assert.Equal(t, map[string]int{pagesDir: 1, runsDir: 1}, kinds(changed))

	require.NoError(t, os.Remove(filepath.Join(cfg.CacheDir, "memo.gob")))
	res, hit = cachedBuild(t, cfg) // from the stores alone
	assert.False(t, hit)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
}

// Damaged entries are misses: the build recomputes them and is
// byte-identical to a --no-cache build; the files of earlier layouts go.
func TestDiskCacheDamagedEntriesGoCold(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(good []byte) []byte
	}{
		{"garbage", func([]byte) []byte { return []byte("garbage") }},
		{"empty", func([]byte) []byte { return nil }},
		{"truncated to half", func(good []byte) []byte { return good[:len(good)/2] }},
		{"last byte missing", func(good []byte) []byte { return good[:len(good)-1] }},
		{"overwritten", func(good []byte) []byte {
			bad := append([]byte{}, good...)
			for i := len(bad) / 4; i < len(bad)/2; i++ {
				bad[i] = 0
			}
			return bad
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := cachedSite(t)
			_, err := Build(context.Background(), cfg)
			require.NoError(t, err)
			for rel := range entryFiles(t, cfg.CacheDir) {
				p := filepath.Join(cfg.CacheDir, rel)
				good, err := os.ReadFile(p)
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(p, tc.damage(good), 0o600))
			}
			for _, old := range []string{"stages.gob", "stages.pack", "stages.delta.pack"} {
				require.NoError(t, os.WriteFile(filepath.Join(cfg.CacheDir, old), []byte("old"), 0o600))
			}
			require.NoError(t, os.Remove(filepath.Join(cfg.CacheDir, "memo.gob")))
			appendFile(t, filepath.Join(cfg.ContentDir, "section-00/page-0001.md"), "\nEdited.\n")

			res, hit := cachedBuild(t, cfg)
			assert.False(t, hit)
			want, wantRes := fresh(t, cfg)
			assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
			assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
			for _, old := range []string{"stages.gob", "stages.pack", "stages.delta.pack"} {
				assert.NoFileExists(t, filepath.Join(cfg.CacheDir, old), "earlier layouts are removed")
			}
		})
	}
}

// A failed build keeps what it computed (entries are keyed by content) but
// records no page HTML; the fix then builds warm.
func TestDiskCacheFailedBuildThenFix(t *testing.T) {
	cfg := cachedSite(t)
	_, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	old := time.Now().Add(-2 * time.Hour)
	stale := filepath.Join(cfg.CacheDir, ".tmp-memo")
	require.NoError(t, os.WriteFile(stale, []byte("half"), 0o600))
	require.NoError(t, os.Chtimes(stale, old, old))
	before, err := os.ReadFile(filepath.Join(cfg.CacheDir, htmlFile))
	require.NoError(t, err)

	page := filepath.Join(cfg.ContentDir, "section-00/page-0002.md")
	appendFile(t, page, "\n[broken](nowhere.md)\n")
	_, err = Build(context.Background(), cfg)
	require.Error(t, err)
	after, err := os.ReadFile(filepath.Join(cfg.CacheDir, htmlFile))
	require.NoError(t, err)
	assert.Equal(t, before, after, "no page HTML recorded by a failed build")
	assert.NoFileExists(t, stale, "a killed build's memo temp file is removed after an hour")

	replaceIn(t, page, "\n[broken](nowhere.md)\n", "")
	require.NoError(t, os.Remove(filepath.Join(cfg.CacheDir, "memo.gob")))
	_, hit := cachedBuild(t, cfg)
	assert.False(t, hit)
	want, _ := fresh(t, cfg)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	fi, err := os.Stat(filepath.Join(cfg.CacheDir, "memo.gob"))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm())
}

// A cache directory that cannot be created costs speed, never the build.
func TestDiskCacheUnusableDir(t *testing.T) {
	cfg := cachedSite(t)
	require.NoError(t, os.WriteFile(cfg.CacheDir, []byte("a file, not a folder"), 0o600))
	_, _, ok := openDiskCache(cfg.CacheDir, "v1", cfg.OutDir)
	assert.False(t, ok)
	res, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	want, wantRes := fresh(t, cfg)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
	data, err := os.ReadFile(cfg.CacheDir)
	require.NoError(t, err)
	assert.Equal(t, "a file, not a folder", string(data))
}

// The output manifest does not read again the pages whose published file
// was hashed when their entry loaded and was then linked into the new site,
// and it comes out the same as hashing everything.
func TestManifestReusesVerifiedHashes(t *testing.T) {
	cfg := cachedSite(t)
	_, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	appendFile(t, filepath.Join(cfg.ContentDir, "section-00/page-0003.md"), "\nAn edited paragraph.\n")
	dcfg := cfg.withDefaults()
	c, d, ok := openDiskCache(cfg.CacheDir, cfg.cacheVersion, dcfg.OutDir)
	require.True(t, ok)
	dcfg.Cache, dcfg.CacheDir = c, ""
	_, err = Build(context.Background(), dcfg)
	require.NoError(t, err)
	var hits atomic.Int32
	files, err := manifest(dcfg.OutDir, func(rel string, fi os.FileInfo) ([sha256.Size]byte, bool) {
		sum, ok := d.html.knownSum(rel, fi)
		if ok {
			hits.Add(1)
		}
		return sum, ok
	})
	require.NoError(t, err)
	assert.Equal(t, int32(13), hits.Load(), "13 pages: 12 linked, one edited and written")
	all, err := manifest(dcfg.OutDir, nil)
	require.NoError(t, err)
	assert.Equal(t, all, files)
	require.NoError(t, d.html.commit(files))

	// A page changed in place after the check (same inode) is read again.
	c, d, ok = openDiskCache(cfg.CacheDir, cfg.cacheVersion, dcfg.OutDir)
	require.True(t, ok)
	_, ok = c.html.Load("/section-00/page-0001/")
	require.True(t, ok)
	page := filepath.Join(dcfg.OutDir, "section-00/page-0001/index.html")
	fi, err := os.Lstat(page)
	require.NoError(t, err)
	_, ok = d.html.knownSum("section-00/page-0001/index.html", fi)
	assert.True(t, ok)
	appendFile(t, page, "tampered")
	fi, err = os.Lstat(page)
	require.NoError(t, err)
	_, ok = d.html.knownSum("section-00/page-0001/index.html", fi)
	assert.False(t, ok)
}

// heapAfterGC is the live heap right after a full collection.
func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// The disk stores' memory does not depend on the size of what they store
// or load: 20 MB of rendered pages leave under 4 MB behind, where an
// in-memory Cache keeps all of it (the check that this measure would see it).
func TestDiskStoreMemoryIsIndependentOfValues(t *testing.T) {
	const n, size = 200, 100 << 10
	page := func(i int) markdown.CacheEntry {
		body := strings.Repeat(fmt.Sprintf("<p>page %d</p>", i), size/16)
		return markdown.CacheEntry{Hash: fmt.Sprint("h", i), Result: markdown.Rendered{Page: &markdown.Page{Title: fmt.Sprint(i), Body: template.HTML(body)}}}
	}
	fill := func(c *Cache) {
		for i := range n {
			c.pages.Store(fmt.Sprint(i), page(i))
		}
	}
	dir, out := t.TempDir(), t.TempDir()

	before := heapAfterGC()
	mem := NewCache()
	fill(mem)
	held := int64(heapAfterGC()) - int64(before)
	runtime.KeepAlive(mem)
	mem = nil
	require.Greater(t, held, int64(n*size/2), "an in-memory cache holds the pages")

	before = heapAfterGC()
	c, _ := openTestDisk(t, dir, out)
	fill(c)
	grew := int64(heapAfterGC()) - int64(before)
	t.Logf("in memory %d KB, on disk after storing %d KB", held>>10, grew>>10)
	assert.Less(t, grew, int64(4<<20), "after storing %d MB", n*size>>20)

	before = heapAfterGC()
	for i := range n {
		v, ok := c.pages.Load(fmt.Sprint(i))
		require.True(t, ok)
		require.Len(t, string(v.Result.Page.Body), len(page(i).Result.Page.Body))
	}
	assert.Less(t, int64(heapAfterGC())-int64(before), int64(4<<20), "after loading %d MB", n*size>>20)
	runtime.KeepAlive(c)
}
