package generator

import (
	"context"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/pack"
	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// packKinds counts the records of the pack at path by key kind ("page",
// "verify", "html", "base").
func packKinds(t *testing.T, path string) map[string]int {
	t.Helper()
	r, err := pack.Open(path)
	require.NoError(t, err)
	defer r.Close()
	m := map[string]int{}
	for _, k := range r.Keys() {
		m[strings.FieldsFunc(k, func(r rune) bool { return r == 0 || r == ':' })[0]]++
	}
	return m
}

// A one-page edit rebuild encodes only what changed and writes it as a
// delta beside the untouched base; when most of the base is no longer used,
// the used entries become a new base and the delta goes.
func TestDiskCacheEditWritesADelta(t *testing.T) {
	cfg := cachedSite(t)
	_, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	base, delta := filepath.Join(cfg.CacheDir, stagesFile), filepath.Join(cfg.CacheDir, deltaFile)
	first := packKinds(t, base)
	require.Equal(t, 13, first["page"])
	require.Equal(t, 13, first["html"])
	require.Equal(t, 12, first["verify"])
	require.NoFileExists(t, delta)
	baseBytes, err := os.ReadFile(base)
	require.NoError(t, err)

	check := func() {
		t.Helper()
		res, hit := cachedBuild(t, cfg)
		assert.False(t, hit)
		want, wantRes := fresh(t, cfg)
		assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
		assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
	}
	appendFile(t, filepath.Join(cfg.ContentDir, "section-00/page-0003.md"), "\nAn edited paragraph.\n")
	check()
	after, err := os.ReadFile(base)
	require.NoError(t, err)
	assert.Equal(t, baseBytes, after, "the base is untouched")
	d := packKinds(t, delta)
	assert.Equal(t, map[string]int{"page": 1, "verify": 1, "html": 13, "base": 1}, d,
		"the edited page's render and run, and where every page is published")
	fi, err := os.Stat(delta)
	require.NoError(t, err)
	assert.Less(t, fi.Size()*5, int64(len(baseBytes)), "one page of 13: a fraction of the base")
	assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm())

	appendFile(t, filepath.Join(cfg.ContentDir, "section-00/page-0005.md"), "\nAnother edit.\n")
	check()
	d = packKinds(t, delta)
	assert.Equal(t, 2, d["page"], "the first edit's entries are carried into the new delta")
	assert.Equal(t, 2, d["verify"])
	require.NoError(t, os.Remove(filepath.Join(cfg.CacheDir, "memo.gob")))
	check() // from base + delta alone

	for i := range 12 {
		appendFile(t, filepath.Join(cfg.ContentDir, corpus.PagePath(i)), "\nEdited everywhere.\n")
	}
	check()
	assert.NoFileExists(t, delta)
	second := packKinds(t, base)
	assert.Equal(t, first["page"], second["page"])
	assert.Equal(t, first["verify"], second["verify"])
	assert.Equal(t, first["html"], second["html"])
}

// A delta applies only to the base it was written against.
func TestDiskStoreIgnoresADeltaOfAnotherBase(t *testing.T) {
	cfg := cachedSite(t)
	_, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	appendFile(t, filepath.Join(cfg.ContentDir, "section-00/page-0003.md"), "\nAn edited paragraph.\n")
	_, err = Build(context.Background(), cfg)
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(cfg.CacheDir, deltaFile))
	c := openDiskCache(cfg.CacheDir, cfg.cacheVersion, cfg.OutDir, testCodec(t))
	require.NotNil(t, c.disk.delta)
	c.disk.abort()

	// Another base (as a concurrent build might leave): the delta is not read.
	w, err := pack.Create(filepath.Join(cfg.CacheDir, stagesFile), packHeader(cfg.cacheVersion, testCodec(t).Preamble()))
	require.NoError(t, err)
	require.NoError(t, w.Commit())
	c = openDiskCache(cfg.CacheDir, cfg.cacheVersion, cfg.OutDir, testCodec(t))
	require.NotNil(t, c.disk.base)
	assert.Nil(t, c.disk.delta)
	c.disk.abort()
	// And a damaged delta is not read either.
	require.NoError(t, os.WriteFile(filepath.Join(cfg.CacheDir, deltaFile), []byte("garbage"), 0o600))
	c = openDiskCache(cfg.CacheDir, cfg.cacheVersion, cfg.OutDir, testCodec(t))
	assert.Nil(t, c.disk.delta)
	c.disk.abort()
	require.NoError(t, os.Remove(filepath.Join(cfg.CacheDir, "memo.gob")))
	res, _ := cachedBuild(t, cfg)
	want, wantRes := fresh(t, cfg)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
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
	c := openDiskCache(cfg.CacheDir, cfg.cacheVersion, dcfg.OutDir, testCodec(t))
	dcfg.Cache, dcfg.CacheDir = c, ""
	_, err = Build(context.Background(), dcfg)
	require.NoError(t, err)
	var hits atomic.Int32
	files, err := manifest(dcfg.OutDir, func(rel string, fi os.FileInfo) ([sha256.Size]byte, bool) {
		sum, ok := c.disk.knownSum(rel, fi)
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
	require.NoError(t, c.disk.commit(files))

	// A page changed in place after the check (same inode) is read again.
	c = openDiskCache(cfg.CacheDir, cfg.cacheVersion, dcfg.OutDir, testCodec(t))
	defer c.disk.abort()
	_, ok := c.Load("html\x00/section-00/page-0001/")
	require.True(t, ok)
	page := filepath.Join(dcfg.OutDir, "section-00/page-0001/index.html")
	fi, err := os.Lstat(page)
	require.NoError(t, err)
	_, ok = c.disk.knownSum("section-00/page-0001/index.html", fi)
	assert.True(t, ok)
	appendFile(t, page, "tampered")
	fi, err = os.Lstat(page)
	require.NoError(t, err)
	_, ok = c.disk.knownSum("section-00/page-0001/index.html", fi)
	assert.False(t, ok)
}
