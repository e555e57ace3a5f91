package generator

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/internal/gobrec"
	"github.com/docproof/docproof/generator/internal/pack"
	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/source"
)

func testCodec(t testing.TB) *gobrec.Codec[diskEntry] {
	t.Helper()
	c, err := gobrec.New[diskEntry]()
	require.NoError(t, err)
	return c
}

// storeEntries fills c as a build of n pages would: a rendered page, a
// sample run and a highlighted block each (which the disk does not keep).
func storeEntries(c *Cache, n int) {
	for i := range n {
		p := &markdown.Page{Source: source.Source{Rel: fmt.Sprintf("p%d.md", i), Data: []byte(fmt.Sprintf("# Page %d\n", i))},
			Title: fmt.Sprint("Page ", i), Body: "<h1>x</h1>", IDs: map[string]bool{"x": true}, BrokenBlocks: i == 1}
		c.Store(fmt.Sprint("page\x00", i), markdown.CacheEntry{Hash: fmt.Sprint("h", i), Result: markdown.Rendered{Page: p}, Src: p.Data})
		c.Store(fmt.Sprint("verify:", i), pageRun{res: sample.PageResult{Results: []sample.Result{{File: p.Rel, Line: 3,
			Outcome: "pass"}}, Issued: []string{"tok"}}, diags: diag.List{diag.Errorf(p.Rel, 1, "warn %d", i)}})
		c.Store(fmt.Sprint("highlight\x00", i), fmt.Sprint("<pre>", i, "</pre>"))
	}
}

func TestDiskStoreHoldsNoValues(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	codec := testCodec(t)
	c := openDiskCache(dir, "v1", out, codec)
	require.NotNil(t, c.disk)
	storeEntries(c, 50)
	c.Store("scan\x00a/index.html", struct{ key string }{"k"}) // a memo of one build (the secrets scan's): not kept
	assert.Zero(t, c.size(), "a disk-backed cache keeps no values in memory")
	assert.Empty(t, c.used)
	_, ok := c.Load("page\x003")
	assert.False(t, ok, "stored this build: a miss, not a read of the unfinished pack")
	require.NoError(t, c.disk.commit(nil))
	assert.Equal(t, 100, c.disk.appended, "pages and runs; highlighted code is not kept")

	fi, err := os.Stat(filepath.Join(dir, stagesFile))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm(), "sample runs hold mock token values")

	c = openDiskCache(dir, "v1", out, codec)
	require.NotNil(t, c.disk.base)
	v, ok := c.Load("page\x001")
	require.True(t, ok)
	r := v.(markdown.CacheEntry)
	assert.Equal(t, "h1", r.Hash)
	assert.Nil(t, r.Src, "bytes are compared only after a hash match")
	assert.Nil(t, r.Result.Page.Data, "the Markdown is not kept: the render stage puts back the bytes it read")
	assert.Equal(t, "Page 1", r.Result.Page.Title)
	assert.True(t, r.Result.Page.BrokenBlocks, "kept although gob drops unexported fields")
	assert.Equal(t, map[string]bool{"x": true}, r.Result.Page.IDs)
	v, ok = c.Load("verify:7")
	require.True(t, ok)
	assert.Equal(t, "tok", v.(pageRun).res.Issued[0])
	assert.Equal(t, "warn 7", v.(pageRun).diags[0].Message)
	_, ok = c.Load("highlight\x009")
	assert.False(t, ok, "highlighted code is not kept")
	_, ok = c.Load("scan\x00a/index.html")
	assert.False(t, ok)
	_, ok = c.Load("missing")
	assert.False(t, ok)

	// The render stage stores a hit again with its bytes: same hash, so it
	// is copied at commit rather than encoded again.
	r.Src = []byte("# Page 1\n")
	c.Store("page\x001", r)
	assert.Zero(t, c.disk.appended)
	assert.Zero(t, c.size())
	require.NoError(t, c.disk.commit(nil))
	assert.True(t, c.disk.rebased, "2 of 100 entries used: a new base")
	assert.Equal(t, 2, c.disk.carried, "only what this build used is kept")

	c = openDiskCache(dir, "v1", out, codec)
	assert.Equal(t, 2, c.disk.base.r.Len())
	assert.Nil(t, c.disk.delta)
	v, ok = c.Load("page\x001")
	require.True(t, ok)
	assert.Equal(t, "Page 1", v.(markdown.CacheEntry).Result.Page.Title)
	c.disk.abort()

	c = openDiskCache(dir, "v2", out, codec)
	_, ok = c.Load("page\x001")
	assert.False(t, ok, "another docproof binary: nothing loads")
	c.disk.abort()
}

// Page HTML is recorded with the hash of the file the build published, and
// loads only while that file is unchanged.
func TestDiskStorePageHTML(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	codec := testCodec(t)
	testtree.Write(t, out, map[string]string{"a/index.html": "<p>a</p>", "b/index.html": "<p>b</p>"})
	c := openDiskCache(dir, "v1", out, codec)
	c.Store("html\x00/a/", cachedHTML{key: "ka", html: []byte("<p>a</p>")})
	c.Store("html\x00/b/", cachedHTML{key: "kb"})
	c.Store("html\x00/gone/", cachedHTML{key: "kg"}) // not in the output: not recorded
	files, err := manifest(out, nil)
	require.NoError(t, err)
	require.NoError(t, c.disk.commit(files))

	appendFile(t, filepath.Join(out, "b/index.html"), "tampered")
	c = openDiskCache(dir, "v1", out, codec)
	assert.Equal(t, 2, c.disk.base.r.Len())
	v, ok := c.Load("html\x00/a/")
	require.True(t, ok)
	h := v.(cachedHTML)
	assert.Equal(t, "ka", h.key)
	assert.Nil(t, h.html, "the HTML itself is never kept")
	require.NotNil(t, h.written)
	fi, err := os.Stat(filepath.Join(out, "a/index.html"))
	require.NoError(t, err)
	assert.True(t, os.SameFile(fi, h.written))
	_, ok = c.Load("html\x00/b/")
	assert.False(t, ok, "the published file changed")
	// Loaded and not stored again (an unchanged page): recorded at commit.
	files, err = manifest(out, nil)
	require.NoError(t, err)
	require.NoError(t, c.disk.commit(files))
	c = openDiskCache(dir, "v1", out, codec)
	defer c.disk.abort()
	_, ok = c.Load("html\x00/a/")
	assert.True(t, ok)
}

// diskEntryV2 has diskEntry's fields: its records decode as diskEntry, but
// its gob preamble differs (other type ids), as a pack written by a process
// that met gob types in another order would.
type diskEntryV2 struct {
	Key    string
	Run    *diskRun
	Render *diskRender
	HTML   *diskHTML
}

func TestDiskStoreCarriesAcrossPreambles(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	other, err := gobrec.New[diskEntryV2]()
	require.NoError(t, err)
	w, err := pack.Create(filepath.Join(dir, stagesFile), packHeader("v1", other.Preamble()))
	require.NoError(t, err)
	for i := range 5 {
		e := diskEntryV2{Key: fmt.Sprint("verify:", i), Run: &diskRun{Res: sample.PageResult{Issued: []string{fmt.Sprint("tok", i)}}}}
		rec, err := other.Append(nil, &e)
		require.NoError(t, err)
		require.NoError(t, w.Append(e.Key, rec))
	}
	require.NoError(t, w.Commit())

	codec := testCodec(t)
	require.NotEqual(t, other.Preamble(), codec.Preamble())
	c := openDiskCache(dir, "v1", out, codec)
	for _, i := range []int{4, 0} { // 2 of 5 used: the base is rewritten
		v, ok := c.Load(fmt.Sprint("verify:", i))
		require.True(t, ok)
		assert.Equal(t, []string{fmt.Sprint("tok", i)}, v.(pageRun).res.Issued)
	}
	require.NoError(t, c.disk.commit(nil))
	assert.True(t, c.disk.rebased)
	assert.Equal(t, 2, c.disk.carried)

	c = openDiskCache(dir, "v1", out, codec)
	defer c.disk.abort()
	assert.Equal(t, codec.Preamble(), c.disk.base.codec.Preamble(), "re-encoded with this process's preamble")
	assert.Equal(t, 2, c.disk.base.r.Len())
	for _, i := range []int{0, 4} {
		v, ok := c.Load(fmt.Sprint("verify:", i))
		require.True(t, ok)
		assert.Equal(t, []string{fmt.Sprint("tok", i)}, v.(pageRun).res.Issued)
	}
}

// A damaged, foreign or half-written pack is never trusted: the build goes
// cold, equals a --no-cache build, and leaves an intact pack behind.
func TestDiskCacheDamagedPackGoesCold(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string, good []byte)
	}{
		{"garbage", func(t *testing.T, path string, _ []byte) {
			require.NoError(t, os.WriteFile(path, []byte("garbage"), 0o600))
		}},
		{"empty", func(t *testing.T, path string, _ []byte) { require.NoError(t, os.WriteFile(path, nil, 0o600)) }},
		{"truncated to half", func(t *testing.T, path string, good []byte) {
			require.NoError(t, os.WriteFile(path, good[:len(good)/2], 0o600))
		}},
		{"last byte missing", func(t *testing.T, path string, good []byte) {
			require.NoError(t, os.WriteFile(path, good[:len(good)-1], 0o600))
		}},
		{"records overwritten", func(t *testing.T, path string, good []byte) {
			bad := append([]byte{}, good...)
			for i := len(bad) / 4; i < len(bad)/2; i++ {
				bad[i] = 0
			}
			require.NoError(t, os.WriteFile(path, bad, 0o600))
		}},
		{"old stages.gob only", func(t *testing.T, path string, good []byte) {
			require.NoError(t, os.Remove(path))
			require.NoError(t, os.WriteFile(filepath.Join(filepath.Dir(path), "stages.gob"), good, 0o600))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := cachedSite(t)
			_, err := Build(context.Background(), cfg)
			require.NoError(t, err)
			path := filepath.Join(cfg.CacheDir, stagesFile)
			good, err := os.ReadFile(path)
			require.NoError(t, err)
			require.NoError(t, os.Remove(filepath.Join(cfg.CacheDir, "memo.gob")))
			tc.damage(t, path, good)
			appendFile(t, filepath.Join(cfg.ContentDir, "section-00/page-0001.md"), "\nEdited.\n")

			res, hit := cachedBuild(t, cfg)
			assert.False(t, hit)
			want, wantRes := fresh(t, cfg)
			assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
			assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
			r, err := pack.Open(path)
			require.NoError(t, err, "the build left an intact pack")
			assert.Positive(t, r.Len())
			require.NoError(t, r.Close())
			_, err = os.Stat(filepath.Join(cfg.CacheDir, "stages.gob"))
			assert.ErrorIs(t, err, fs.ErrNotExist, "the pre-pack file is removed")
		})
	}
}

// A failed build (or a crash, which leaves a temp file) keeps the last
// pack as it was; the fix then builds warm from it.
func TestDiskCacheFailedBuildKeepsLastPack(t *testing.T) {
	cfg := cachedSite(t)
	_, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	path := filepath.Join(cfg.CacheDir, stagesFile)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	crashed := filepath.Join(cfg.CacheDir, stagesFile+".tmp-crashed")
	require.NoError(t, os.WriteFile(crashed, before[:100], 0o600))
	old := time.Now().Add(-2 * time.Hour)
	for _, name := range []string{stagesFile + ".tmp-stale", ".tmp-memo"} {
		stale := filepath.Join(cfg.CacheDir, name)
		require.NoError(t, os.WriteFile(stale, before[:100], 0o600))
		require.NoError(t, os.Chtimes(stale, old, old))
	}

	page := filepath.Join(cfg.ContentDir, "section-00/page-0002.md")
	appendFile(t, page, "\n[broken](nowhere.md)\n")
	_, err = Build(context.Background(), cfg)
	require.Error(t, err)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "a failed build does not touch the last pack")
	left, err := filepath.Glob(filepath.Join(cfg.CacheDir, "*tmp*"))
	require.NoError(t, err)
	assert.Equal(t, []string{crashed}, left, "its own temp file is gone; a crashed build's are removed after an hour")

	replaceIn(t, page, "\n[broken](nowhere.md)\n", "")
	require.NoError(t, os.Remove(filepath.Join(cfg.CacheDir, "memo.gob")))
	_, hit := cachedBuild(t, cfg)
	assert.False(t, hit)
	want, _ := fresh(t, cfg)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	for _, name := range []string{stagesFile, "memo.gob"} {
		fi, err := os.Stat(filepath.Join(cfg.CacheDir, name))
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm(), name)
	}
}

// A caller's in-memory Cache with a cache directory: the entries its builds
// used are written as a pack, which a later one-shot build reads.
func TestDiskCacheSnapshotOfInMemoryCache(t *testing.T) {
	cfg := cachedSite(t)
	cfg.Cache = NewCache()
	_, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	assert.Positive(t, cfg.Cache.size(), "the caller's cache keeps its values")
	r, err := pack.Open(filepath.Join(cfg.CacheDir, stagesFile))
	require.NoError(t, err)
	assert.Positive(t, r.Len())
	require.NoError(t, r.Close())

	cfg.Cache = nil
	require.NoError(t, os.Remove(filepath.Join(cfg.CacheDir, "memo.gob")))
	appendFile(t, filepath.Join(cfg.ContentDir, "section-00/page-0001.md"), "\nEdited.\n")
	res, hit := cachedBuild(t, cfg)
	assert.False(t, hit)
	want, wantRes := fresh(t, cfg)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
}

// A cache directory that cannot be created costs speed, never the build.
func TestDiskCacheUnusableDir(t *testing.T) {
	cfg := cachedSite(t)
	require.NoError(t, os.WriteFile(cfg.CacheDir, []byte("a file, not a folder"), 0o600))
	assert.Nil(t, openDiskCache(cfg.CacheDir, "v1", cfg.OutDir, testCodec(t)))
	res, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	want, wantRes := fresh(t, cfg)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
	data, err := os.ReadFile(cfg.CacheDir)
	require.NoError(t, err)
	assert.Equal(t, "a file, not a folder", string(data))
}

// heapAfterGC is the live heap right after a full collection.
func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// A disk-backed Cache's memory does not depend on the size of what it
// stores or loads: 20 MB of rendered pages leave under 4 MB behind, where an
// in-memory Cache keeps all of it (the check that this measure would see it).
func TestDiskStoreMemoryIsIndependentOfValues(t *testing.T) {
	const n, size = 200, 100 << 10
	page := func(i int) markdown.CacheEntry {
		body := strings.Repeat(fmt.Sprintf("<p>page %d</p>", i), size/16)
		return markdown.CacheEntry{Hash: fmt.Sprint("h", i), Result: markdown.Rendered{Page: &markdown.Page{Title: fmt.Sprint(i), Body: template.HTML(body)}}}
	}
	fill := func(c *Cache) {
		for i := range n {
			c.Store(fmt.Sprint("page\x00", i), page(i))
		}
	}
	dir, out := t.TempDir(), t.TempDir()
	codec := testCodec(t)

	before := heapAfterGC()
	mem := NewCache()
	fill(mem)
	held := int64(heapAfterGC()) - int64(before)
	runtime.KeepAlive(mem)
	mem = nil
	require.Greater(t, held, int64(n*size/2), "an in-memory cache holds the pages")

	before = heapAfterGC()
	c := openDiskCache(dir, "v1", out, codec)
	fill(c)
	grew := int64(heapAfterGC()) - int64(before)
	t.Logf("in memory %d KB, disk-backed after storing %d KB", held>>10, grew>>10)
	assert.Less(t, grew, int64(4<<20), "after storing %d MB", n*size>>20)
	require.NoError(t, c.disk.commit(nil))

	c = openDiskCache(dir, "v1", out, codec)
	defer c.disk.abort()
	before = heapAfterGC()
	for i := range n {
		v, ok := c.Load(fmt.Sprint("page\x00", i))
		require.True(t, ok)
		require.Len(t, string(v.(markdown.CacheEntry).Result.Page.Body), len(page(i).Result.Page.Body))
	}
	assert.Less(t, int64(heapAfterGC())-int64(before), int64(4<<20), "after loading %d MB", n*size>>20)
	runtime.KeepAlive(c)
}
