package generator

import (
	"context"
	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/internal/mockbackend"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/gitdate"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/internal/benchcorpus/corpus"
	"github.com/docproof/docproof/templates"
)

// cachedSite writes a 12-page benchmark corpus (60 verified samples, links,
// TOCs, tables) plus a static file, a site config and a copy of the
// templates, and returns a Config using all of them with a disk cache.
func cachedSite(t *testing.T) Config {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, corpus.Write(filepath.Join(root, "corpus"), corpus.Options{Pages: 12, Seed: 7}))
	require.NoError(t, os.CopyFS(filepath.Join(root, "templates"), templates.FS()))
	testtree.Write(t, root, map[string]string{
		"corpus/content/img/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
		"docproof.yaml":               "title: Cache test\nbase_url: https://docs.example.com/\n",
	})
	return Config{ContentDir: filepath.Join(root, "corpus", "content"), OutDir: filepath.Join(root, "public"),
		TemplatesDir: filepath.Join(root, "templates"), SiteFile: filepath.Join(root, "docproof.yaml"),
		CacheDir: filepath.Join(root, "cache"), cacheVersion: "test-1", Verify: VerifyOptions{Mock: mockbackend.Mock{}},
		Dates: fixedDates(gitdate.Dates{corpus.PagePath(3): time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})}
}

// fresh builds cfg's inputs with no cache at all into another directory and
// returns the published tree and the result.
func fresh(t *testing.T, cfg Config) (map[string]string, *Result) {
	t.Helper()
	cfg.CacheDir, cfg.Cache = "", nil
	cfg.OutDir = filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	return testtree.Read(t, cfg.OutDir, output.MarkerFile), res
}

// cachedBuild builds with the disk cache and reports whether the memo
// answered (the published directory is the very one from before: a build
// publishes a new directory in its place).
func cachedBuild(t *testing.T, cfg Config) (res *Result, memoHit bool) {
	t.Helper()
	before, _ := os.Stat(cfg.OutDir)
	res, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	after, err := os.Stat(cfg.OutDir)
	require.NoError(t, err)
	return res, before != nil && os.SameFile(before, after)
}

func TestDiskCacheRebuildsAreByteIdentical(t *testing.T) {
	cfg := cachedSite(t)
	res, hit := cachedBuild(t, cfg)
	assert.False(t, hit)
	require.Len(t, res.Samples, 60)
	want, wantRes := fresh(t, cfg)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile), "a cold build with the cache equals a --no-cache build")

	res2, hit := cachedBuild(t, cfg)
	assert.True(t, hit, "nothing changed: answered from the memo")
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	assert.Equal(t, timeless(wantRes.Samples), timeless(res2.Samples))
	assert.Equal(t, wantRes.Warnings, res2.Warnings)
	assert.Equal(t, wantRes.Pages, res2.Pages)

	// Without the memo, from the per-stage snapshot alone (a one-page edit's path).
	require.NoError(t, os.Remove(filepath.Join(cfg.CacheDir, "memo.gob")))
	res3, hit := cachedBuild(t, cfg)
	assert.False(t, hit)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile), "a rebuild from the stage snapshot equals a --no-cache build")
	assert.Equal(t, timeless(wantRes.Samples), timeless(res3.Samples))
}

// A CI that keeps only the cache folder (not public/) renders no page
// again and runs no sample again: a page's record holds its body, and the
// rebuild is byte-identical to a --no-cache build.
func TestDiskCacheWithoutPublishedSite(t *testing.T) {
	cfg := cachedSite(t)
	_, hit := cachedBuild(t, cfg)
	require.False(t, hit)
	c, _, ok := openDiskCache(cfg.CacheDir, cfg.cacheVersion, cfg.OutDir)
	require.True(t, ok)
	srcs, diags := source.List(cfg.ContentDir)
	require.Empty(t, diags)
	key := ""
	for _, s := range srcs {
		if s.Rel == corpus.PagePath(3) {
			key = s.File + "\x00" + s.Rel
		}
	}
	r, ok := c.pages.Load(key)
	require.True(t, ok, "the page's render record")
	require.NotNil(t, r.Result.Page)
	assert.Contains(t, string(r.Result.Page.Body), "<p>", "the record holds the rendered body")
	first := entryFiles(t, cfg.CacheDir)

	require.NoError(t, os.RemoveAll(cfg.OutDir))
	res, hit := cachedBuild(t, cfg)
	assert.False(t, hit, "the memo needs the published site")
	want, wantRes := fresh(t, cfg)
	assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
	assert.Equal(t, kinds(first), kinds(entryFiles(t, cfg.CacheDir)))
	for rel, mt := range entryFiles(t, cfg.CacheDir) {
		assert.Equal(t, first[rel], mt, "no page rendered nor sample run again: %s", rel)
	}
}

func TestDiskCacheInvalidation(t *testing.T) {
	page := "section-00/page-0003.md"
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, cfg *Config)
	}{
		{"page prose", func(t *testing.T, cfg *Config) {
			appendFile(t, filepath.Join(cfg.ContentDir, page), "\nAn edited paragraph.\n")
		}},
		{"page title (every page's nav)", func(t *testing.T, cfg *Config) {
			replaceIn(t, filepath.Join(cfg.ContentDir, page), `title: "Benchmark page 3"`, `title: "Renamed page"`)
		}},
		{"documented response (sample now fails)", nil},
		{"new page", func(t *testing.T, cfg *Config) {
			testtree.Write(t, cfg.ContentDir, map[string]string{"section-00/new.md": "# New\n\nHello.\n"})
		}},
		{"deleted static file", func(t *testing.T, cfg *Config) {
			require.NoError(t, os.Remove(filepath.Join(cfg.ContentDir, "img/logo.svg")))
		}},
		{"static file", func(t *testing.T, cfg *Config) {
			appendFile(t, filepath.Join(cfg.ContentDir, "img/logo.svg"), "<!-- v2 -->\n")
		}},
		{"site config", func(t *testing.T, cfg *Config) {
			appendFile(t, cfg.SiteFile, "description: Now with a description.\n")
		}},
		{"template", func(t *testing.T, cfg *Config) {
			replaceIn(t, filepath.Join(cfg.TemplatesDir, "page.html"), "</body>", "<!-- changed --></body>")
		}},
		{"asset", func(t *testing.T, cfg *Config) {
			appendFile(t, filepath.Join(cfg.TemplatesDir, "assets/site.css"), "\n.changed{color:red}\n")
		}},
		{"docproof version", func(t *testing.T, cfg *Config) { cfg.cacheVersion = "test-2" }},
		{"last commit date", func(t *testing.T, cfg *Config) {
			cfg.Dates = fixedDates(gitdate.Dates{page: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)})
		}},
		{"verification turned off", func(t *testing.T, cfg *Config) { cfg.Verify.Skip = true }},
		{"published page edited", func(t *testing.T, cfg *Config) {
			appendFile(t, filepath.Join(cfg.OutDir, "section-00/page-0003/index.html"), "tampered")
		}},
		{"published file deleted", func(t *testing.T, cfg *Config) {
			require.NoError(t, os.Remove(filepath.Join(cfg.OutDir, "sitemap.xml")))
		}},
		{"published site deleted", func(t *testing.T, cfg *Config) { require.NoError(t, os.RemoveAll(cfg.OutDir)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := cachedSite(t)
			_, hit := cachedBuild(t, cfg)
			require.False(t, hit)
			if tc.change == nil { // the mock now answers something the page does not document
				replaceIn(t, filepath.Join(cfg.ContentDir, page), `"sent_at": "2026-01-02T03:04:05Z",`+"\n  \"received_at\"",
					`"sent_at": "1999-01-02T03:04:05Z",`+"\n  \"received_at\"")
				_, err := Build(context.Background(), cfg)
				require.Error(t, err, "a cached sample result must not hide drift")
				assert.Contains(t, err.Error(), "page-0003.md")
				return
			}
			tc.change(t, &cfg)
			res, hit := cachedBuild(t, cfg)
			assert.False(t, hit, "the change must invalidate the memo")
			want, wantRes := fresh(t, cfg)
			assert.Equal(t, want, testtree.Read(t, cfg.OutDir, output.MarkerFile))
			assert.Equal(t, timeless(wantRes.Samples), timeless(res.Samples))
			_, hit = cachedBuild(t, cfg)
			assert.True(t, hit, "and the next build is a no-change rebuild again")
		})
	}
}

func TestDiskCacheNotUsedForRemoteOrUpdate(t *testing.T) {
	cfg := cachedSite(t)
	_, ok := memoKey(cfg.withDefaults(), "v")
	assert.True(t, ok)
	for _, mod := range []func(*Config){
		func(c *Config) { c.Verify.Target = "http://127.0.0.1:1" },
		func(c *Config) { c.Verify.Update = true },
		func(c *Config) { c.Verify.NewBackend = mockbackend.New },
	} {
		c := cfg
		mod(&c)
		_, ok := memoKey(c.withDefaults(), "v")
		assert.False(t, ok)
	}
}

// timeless drops the sample durations, the one thing two runs differ in.
func timeless(rs []sample.Result) []sample.Result {
	out := make([]sample.Result, len(rs))
	for i, r := range rs {
		r.DurationNS = 0
		out[i] = r
	}
	return out
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(text)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

func replaceIn(t *testing.T, path, old, repl string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(data), old)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), old, repl, 1)), 0o644))
}
