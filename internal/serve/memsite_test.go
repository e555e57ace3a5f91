package serve

import (
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
)

var t0 = time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)

// commitFiles writes files into a new tree of out and commits it.
func commitFiles(t *testing.T, out *memOutput, files map[string]string) *snapshot {
	t.Helper()
	tree := out.newTree()
	for rel, body := range files {
		require.NoError(t, tree.WriteFile(rel, []byte(body)))
	}
	require.NoError(t, tree.Commit())
	snap := out.result()
	require.NotNil(t, snap)
	return snap
}

// TestSnapshotIsAnFS: the snapshot passes the standard library's file
// system conformance test (Open, Stat, ReadDir of synthesized folders, Seek).
func TestSnapshotIsAnFS(t *testing.T) {
	snap := commitFiles(t, newMemOutput(nil, func() time.Time { return t0 }, 1), map[string]string{
		"index.html": "<p>home</p>", "agent/v3/tokens/index.html": "tokens", "agent/index.html": "agent",
		"assets/site.1234.css": "body{}", "empty.txt": "", "search-index.json": `[]`,
	})
	require.NoError(t, fstest.TestFS(snap, "index.html", "agent/v3/tokens/index.html", "agent/index.html",
		"assets/site.1234.css", "empty.txt", "search-index.json"))
	fi, err := fs.Stat(snap, "agent/v3")
	require.NoError(t, err)
	assert.True(t, fi.IsDir())
	_, err = fs.Stat(snap, "agent/v4")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	_, err = snap.Open("../index.html")
	assert.ErrorIs(t, err, fs.ErrInvalid)
}

func TestMemTree(t *testing.T) {
	now := func() time.Time { return t0 }
	t.Run("concurrent writes, data shared not copied", func(t *testing.T) {
		out := newMemOutput(nil, now, 1)
		tree := out.newTree()
		shared := []byte("shared page")
		var wg sync.WaitGroup
		for i := range 64 {
			wg.Go(func() { assert.NoError(t, tree.WriteFile(fmt.Sprintf("p%d/index.html", i), shared)) })
		}
		wg.Wait()
		require.NoError(t, tree.Commit())
		snap := out.result()
		assert.Len(t, snap.files, 64)
		f, ok := snap.lookup("p7/index.html")
		require.True(t, ok)
		assert.True(t, &f.data[0] == &shared[0], "the generator's slice is kept, not copied")
	})
	t.Run("bad paths", func(t *testing.T) {
		tree := newMemOutput(nil, now, 1).newTree()
		for _, rel := range []string{"", ".", "/abs", "../up", "a/../b", "a//b", "a/"} {
			assert.ErrorIs(t, tree.WriteFile(rel, []byte("x")), fs.ErrInvalid, rel)
		}
	})
	t.Run("a path both a file and a folder", func(t *testing.T) {
		out := newMemOutput(nil, now, 1)
		tree := out.newTree()
		require.NoError(t, tree.WriteFile("a", []byte("file")))
		require.NoError(t, tree.WriteFile("a/index.html", []byte("page")))
		err := tree.Commit()
		require.ErrorIs(t, err, errFileAndFolder)
		assert.Contains(t, err.Error(), "write a:")
		assert.Nil(t, out.result(), "nothing committed")
	})
	t.Run("closed trees refuse writes", func(t *testing.T) {
		out := newMemOutput(nil, now, 1)
		tree := out.newTree()
		require.NoError(t, tree.WriteFile("a.txt", []byte("a")))
		tree.Discard()
		assert.ErrorIs(t, tree.WriteFile("b.txt", nil), errTreeClosed)
		assert.ErrorIs(t, tree.Commit(), errTreeClosed)
		assert.Nil(t, out.result(), "a discarded tree is never served")

		tree = out.newTree()
		require.NoError(t, tree.Commit())
		assert.ErrorIs(t, tree.WriteFile("late.txt", nil), errTreeClosed)
		assert.ErrorIs(t, tree.Commit(), errTreeClosed)
		_, ok := out.result().lookup("late.txt")
		assert.False(t, ok)
	})
	t.Run("CopyFile reads the source once", func(t *testing.T) {
		src := filepath.Join(t.TempDir(), "logo.svg")
		require.NoError(t, os.WriteFile(src, []byte("<svg/>"), 0o644))
		out := newMemOutput(nil, now, 1)
		tree := out.newTree()
		require.NoError(t, tree.CopyFile("img/logo.svg", openSource(t, src)))
		require.NoError(t, tree.Commit())
		require.NoError(t, os.WriteFile(src, []byte("changed"), 0o644))
		data, err := fs.ReadFile(out.result(), "img/logo.svg")
		require.NoError(t, err)
		assert.Equal(t, "<svg/>", string(data), "the served site changes only with a build")
	})
	t.Run("an unchanged static file is read once across builds", func(t *testing.T) {
		src := filepath.Join(t.TempDir(), "big.bin")
		require.NoError(t, os.WriteFile(src, []byte("version 1"), 0o644))
		build := func(prev *snapshot) *snapshot {
			out := newMemOutput(prev, now, 2)
			tree := out.newTree()
			require.NoError(t, tree.CopyFile("dl/big.bin", openSource(t, src)))
			require.NoError(t, tree.WriteFile("index.html", []byte("page")))
			require.NoError(t, tree.Commit())
			return out.result()
		}
		first := build(nil)
		second := build(first)
		a, _ := first.lookup("dl/big.bin")
		b, _ := second.lookup("dl/big.bin")
		assert.True(t, &a.data[0] == &b.data[0], "the same bytes, not read again")

		// Changed in place, even to the same size: read again.
		require.NoError(t, os.WriteFile(src, []byte("version 2"), 0o644))
		require.NoError(t, os.Chtimes(src, time.Now(), time.Now().Add(time.Second)))
		third := build(second)
		c, _ := third.lookup("dl/big.bin")
		assert.Equal(t, "version 2", string(c.data))
		// Replaced by another file with the same size and time: read again.
		other := src + ".new"
		require.NoError(t, os.WriteFile(other, []byte("version 3"), 0o644))
		fi, err := os.Stat(src)
		require.NoError(t, err)
		require.NoError(t, os.Chtimes(other, fi.ModTime(), fi.ModTime()))
		require.NoError(t, os.Rename(other, src))
		d, _ := build(third).lookup("dl/big.bin")
		assert.Equal(t, "version 3", string(d.data))
		// A page written at the same path is not a static file: never reused.
		out := newMemOutput(third, now, 5)
		tree := out.newTree()
		require.NoError(t, tree.WriteFile("dl/big.bin", []byte("generated")))
		require.NoError(t, tree.Commit())
		e, _ := out.result().lookup("dl/big.bin")
		assert.Nil(t, e.src)
	})
	t.Run("Last-Modified and the build of the bytes move only for files a build changed", func(t *testing.T) {
		shared := []byte("unchanged, from the cache")
		first := newMemOutput(nil, now, 1)
		tree := first.newTree()
		require.NoError(t, tree.WriteFile("a/index.html", shared))
		require.NoError(t, tree.WriteFile("b/index.html", []byte("b1")))
		require.NoError(t, tree.WriteFile("robots.txt", []byte("User-agent: *")))
		require.NoError(t, tree.WriteFile("d.json", []byte("[1]")))
		require.NoError(t, tree.Commit())
		t1 := t0.Add(time.Minute)
		second := newMemOutput(first.result(), func() time.Time { return t1 }, 2)
		tree = second.newTree()
		require.NoError(t, tree.WriteFile("a/index.html", shared))
		require.NoError(t, tree.WriteFile("b/index.html", []byte("b1"))) // a page, equal bytes, new slice: counts as changed
		require.NoError(t, tree.WriteFile("c/index.html", []byte("new")))
		require.NoError(t, tree.WriteFile("robots.txt", []byte("User-agent: *"))) // regenerated, same bytes: unchanged
		require.NoError(t, tree.WriteFile("d.json", []byte("[2]")))               // same length, other bytes: changed
		require.NoError(t, tree.Commit())
		snap := second.result()
		for rel, want := range map[string]time.Time{"a/index.html": t0, "b/index.html": t1, "c/index.html": t1,
			"robots.txt": t0, "d.json": t1} {
			f, ok := snap.lookup(rel)
			require.True(t, ok, rel)
			assert.Equal(t, want, f.modTime, rel)
			assert.Equal(t, map[bool]int{true: 1, false: 2}[want == t0], f.since, rel)
		}
	})
	t.Run("Discard after Commit is harmless", func(t *testing.T) {
		out := newMemOutput(nil, now, 1)
		tree := out.newTree()
		require.NoError(t, tree.WriteFile("x.txt", []byte("x")))
		require.NoError(t, tree.Commit())
		tree.Discard()
		_, ok := out.result().lookup("x.txt")
		assert.True(t, ok)
	})
}

// TestServeFromMemory: the HTTP semantics of files served from a snapshot
// (what http.ServeContent gives static files: Last-Modified, conditional
// GET, ranges, HEAD) and that pages stay no-store.
func TestServeFromMemory(t *testing.T) {
	s, content := newTestServer(t, map[string]string{"index.md": "home", "data.json": `{"a":1}`, "notes.txt": "0123456789"})
	require.True(t, s.Rebuild(t.Context()).OK)
	h := s.Handler()
	do := func(method, target string, hdr map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, target, nil)
		r.Host = "localhost"
		for k, v := range hdr {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	w := do(http.MethodGet, "/notes.txt", nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "text/plain; charset=utf-8", w.Header().Get("Content-Type"))
	assert.Equal(t, "no-cache", w.Header().Get("Cache-Control"), "static files are revalidated on every use")
	lm, etag := w.Header().Get("Last-Modified"), w.Header().Get("ETag")
	require.NotEmpty(t, lm)
	require.Equal(t, `"`+s.id+`.1"`, etag)

	assert.Equal(t, http.StatusNotModified, do(http.MethodGet, "/notes.txt", map[string]string{"If-Modified-Since": lm}).Code)
	assert.Equal(t, http.StatusNotModified, do(http.MethodGet, "/notes.txt", map[string]string{"If-None-Match": etag}).Code)
	w = do(http.MethodGet, "/notes.txt", map[string]string{"Range": "bytes=2-4"})
	assert.Equal(t, http.StatusPartialContent, w.Code)
	assert.Equal(t, "234", w.Body.String())

	w = do(http.MethodHead, "/data.json", nil)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "7", w.Header().Get("Content-Length"))
	assert.Empty(t, w.Body.String())

	w = do(http.MethodHead, "/", nil)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	assert.NotEqual(t, "0", w.Header().Get("Content-Length"))
	assert.Empty(t, w.Body.String())

	w = do(http.MethodGet, "/nope.txt", nil)
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Contains(t, w.Body.String(), "Not found", "no 404.html in this site: the built-in page")
	assert.Contains(t, w.Body.String(), clientTag(s.site(1)))

	// A rebuild that changes the file changes its ETag at once (even within
	// the second Last-Modified is counted in): the browser's copy is stale.
	writeFile(t, filepath.Join(content, "notes.txt"), "9876543210")
	require.True(t, s.Rebuild(t.Context()).OK)
	w = do(http.MethodGet, "/notes.txt", map[string]string{"If-None-Match": etag})
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "9876543210", w.Body.String())
	assert.NotEqual(t, etag, w.Header().Get("ETag"))
}

// TestETagKeptForUnchangedFiles: with the real generator, a rebuild after a
// page edit leaves the assets' and other files' ETags as they were (304 for
// the browser), and changes the search index's.
func TestETagKeptForUnchangedFiles(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	writeFile(t, filepath.Join(content, "index.md"), "# Home\n\nSee [a](a.md).\n")
	writeFile(t, filepath.Join(content, "a.md"), "# A\n\nFirst text.\n")
	writeFile(t, filepath.Join(content, "logo.svg"), "<svg/>")
	writeFile(t, filepath.Join(dir, "docproof.yaml"), "title: ETags\n")
	s, err := New(Options{Config: generator.Config{ContentDir: content, SiteFile: filepath.Join(dir, "docproof.yaml"), Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}}})
	require.NoError(t, err)
	defer s.Close()
	st := s.Rebuild(t.Context())
	require.True(t, st.OK, "%+v", st.Problems)
	h := s.Handler()
	tags := map[string]string{}
	require.NoError(t, fs.WalkDir(s.Site(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !isHTML(p) {
			tags[p] = get(t, h, "/"+p).Header().Get("ETag")
		}
		return err
	}))
	require.Contains(t, tags, "search-index.json")
	require.Contains(t, tags, "logo.svg")

	writeFile(t, filepath.Join(content, "a.md"), "# A\n\nSecond text.\n")
	st = s.Rebuild(t.Context())
	require.True(t, st.OK, "%+v", st.Problems)
	for p, tag := range tags {
		r := httptest.NewRequest(http.MethodGet, "/"+p, nil)
		r.Host = "localhost"
		r.Header.Set("If-None-Match", tag)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if p == "search-index.json" {
			assert.Equal(t, http.StatusOK, w.Code, "the edited text is in the index")
			assert.Contains(t, w.Body.String(), "Second text")
		} else {
			assert.Equal(t, http.StatusNotModified, w.Code, p)
		}
	}
}

// TestNotFoundUsesSite404: a site's own 404.html answers missing pages.
func TestNotFoundUsesSite404(t *testing.T) {
	s, _ := newTestServer(t, map[string]string{"index.md": "home", "404.html": "<body>our own 404</body>"})
	require.True(t, s.Rebuild(t.Context()).OK)
	w := get(t, s.Handler(), "/missing/page/")
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Contains(t, w.Body.String(), "our own 404"+clientTag(s.site(1)))
}

// TestServedSiteIsImmutable: a site handed out by Site is never changed by
// later builds, good or failed.
func TestServedSiteIsImmutable(t *testing.T) {
	s, content := newTestServer(t, map[string]string{"index.md": "one"})
	require.True(t, s.Rebuild(t.Context()).OK)
	first := s.Site()
	writeFile(t, filepath.Join(content, "index.md"), "two")
	require.True(t, s.Rebuild(t.Context()).OK)
	writeFile(t, filepath.Join(content, "index.md"), "BROKEN")
	require.False(t, s.Rebuild(t.Context()).OK)
	old, err := fs.ReadFile(first, "index.html")
	require.NoError(t, err)
	assert.Contains(t, string(old), "one")
	cur, err := fs.ReadFile(s.Site(), "index.html")
	require.NoError(t, err)
	assert.Contains(t, string(cur), "two", "the failed build left the last good site")
}

// TestServeNeedsNoOutputFolder: the preview writes no folder, so no --out
// rule applies to it: content/ may be the working directory, and a file
// named like the default output folder is left alone.
func TestServeNeedsNoOutputFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "index.md"), "# Home\n\nHello.\n")
	writeFile(t, filepath.Join(dir, "public"), "not a folder")
	t.Chdir(dir)
	s, err := New(Options{Config: generator.Config{ContentDir: ".", Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}}})
	require.NoError(t, err)
	defer s.Close()
	st := s.Rebuild(t.Context())
	require.True(t, st.OK, "%+v", st.Problems)
	_, err = fs.Stat(s.Site(), "index.html")
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(dir, "public"))
	require.NoError(t, err)
	assert.Equal(t, "not a folder", string(data))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "nothing written beside the content")
}

// BenchmarkCommit measures what serving from memory adds to a build of the
// 1,000-page corpus's shape (1,000 pages, assets, the search index): the
// writes into the tree and the snapshot made at Commit.
//
//	go test -run '^$' -bench BenchmarkCommit ./internal/serve
func BenchmarkCommit(b *testing.B) {
	page := make([]byte, 30_000)
	names := []string{"search-index.json", "404.html", "robots.txt", "assets/site.1234.css", "assets/search.5678.js"}
	for i := range 1000 {
		names = append(names, fmt.Sprintf("section-%d/page-%d/index.html", i/50, i))
	}
	var prev *snapshot
	for b.Loop() {
		out := newMemOutput(prev, time.Now, 1)
		tree := out.newTree()
		for _, rel := range names {
			if err := tree.WriteFile(rel, page); err != nil {
				b.Fatal(err)
			}
		}
		if err := tree.Commit(); err != nil {
			b.Fatal(err)
		}
		prev = out.result()
	}
}

// openSource opens p for reading until the test ends.
func openSource(t *testing.T, p string) *os.File {
	t.Helper()
	f, err := os.Open(p)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}
