package generator

import (
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBodyAt(t *testing.T) {
	body := "<p>the body, long enough to need more than the 32-byte probe</p>"
	decoy := "<main><p>the body, long enough to need more than the 32-byte probe!</p>"
	for _, tc := range []struct {
		name, html string
		want       int
	}{
		{"in the page", "<main>" + body + "</main>", 6},
		{"probe matches first, body later", decoy + body, len(decoy)},
		{"truncated at the end", "<main>" + body[:len(body)-1], -1},
		{"absent", "<main></main>", -1},
		{"escaped by the template", "<main>" + template.HTMLEscapeString(body) + "</main>", -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, bodyAt([]byte(tc.html), body))
		})
	}
	assert.Equal(t, -1, bodyAt([]byte("<p></p>"), ""), "an empty body is kept in the record")
	assert.Equal(t, 0, bodyAt([]byte("<p>"), "<p>"), "shorter than the probe")
}

// bodyBuild stores a page's render and HTML entries as one build would,
// publishes the HTML (html(body)) under out and commits.
func bodyBuild(t *testing.T, dir, out string, p *Page, html func(body string) string) {
	t.Helper()
	c := openDiskCache(dir, "v1", out, testCodec(t))
	c.Store("page\x00"+p.File, cachedRender{hash: "h-" + p.File, r: rendered{page: p}})
	h := []byte(html(string(p.Body)))
	c.Store("html\x00"+p.URL, cachedHTML{key: "k", html: h, of: p})
	writeTree(t, out, map[string]string{outputPath(p.URL): string(h)})
	files, err := manifest(out, nil)
	require.NoError(t, err)
	require.NoError(t, c.disk.commit(files))
}

// loadRender loads page p's render entry from the packs in dir.
func loadRender(t *testing.T, dir, out string, p *Page) (*Page, bool) {
	t.Helper()
	c := openDiskCache(dir, "v1", out, testCodec(t))
	defer c.disk.abort()
	v, ok := c.Load("page\x00" + p.File)
	if !ok {
		return nil, false
	}
	return v.(cachedRender).r.page, true
}

// A page's body is not written to the pack when its published HTML holds
// it: it loads from the published file, and only while that file is the
// one recorded.
func TestDiskStoreBodyFromPublishedHTML(t *testing.T) {
	body := template.HTML("<h2 id=\"a\">A</h2>\n<p>Text of the page, with <code>code</code>.</p>\n")
	page := func() *Page {
		return &Page{Source: Source{File: "content/a.md"}, Title: "A", URL: "/a/", Body: body,
			Sections: []Section{{Anchor: "a", Heading: "A", Text: "Text of the page"}}}
	}
	wrap := func(b string) string { return "<html><nav>x</nav><main>" + b + "</main></html>" }

	t.Run("loaded from the published page", func(t *testing.T) {
		dir, out := t.TempDir(), t.TempDir()
		bodyBuild(t, dir, out, page(), wrap)
		r := packRecord(t, dir, "page\x00content/a.md")
		assert.Empty(t, r.Render.Page.Body, "the body is not in the pack")
		assert.Equal(t, len(body), r.Render.BodyLen)
		p, ok := loadRender(t, dir, out, page())
		require.True(t, ok)
		assert.Equal(t, body, p.Body)
		assert.Equal(t, page().Sections, p.Sections)
	})
	t.Run("published page changed", func(t *testing.T) {
		dir, out := t.TempDir(), t.TempDir()
		bodyBuild(t, dir, out, page(), wrap)
		writeTree(t, out, map[string]string{"a/index.html": wrap(string(body[:len(body)-2]) + "X\n")})
		_, ok := loadRender(t, dir, out, page())
		assert.False(t, ok, "the file no longer hashes as recorded: rendered again")
	})
	t.Run("published site gone", func(t *testing.T) {
		dir, out := t.TempDir(), t.TempDir()
		bodyBuild(t, dir, out, page(), wrap)
		require.NoError(t, os.RemoveAll(out))
		_, ok := loadRender(t, dir, out, page())
		assert.False(t, ok)
	})
	t.Run("templates that do not print the body as it is", func(t *testing.T) {
		dir, out := t.TempDir(), t.TempDir()
		bodyBuild(t, dir, out, page(), func(b string) string { return "<main>" + template.HTMLEscapeString(b) + "</main>" })
		r := packRecord(t, dir, "page\x00content/a.md")
		assert.Equal(t, body, r.Render.Page.Body, "kept in the record")
		assert.Zero(t, r.Render.BodyLen)
		require.NoError(t, os.RemoveAll(out))
		p, ok := loadRender(t, dir, out, page())
		require.True(t, ok, "loads without the published site")
		assert.Equal(t, body, p.Body)
	})
	t.Run("a body taken from elsewhere is refused", func(t *testing.T) {
		dir, out := t.TempDir(), t.TempDir()
		bodyBuild(t, dir, out, page(), wrap)
		// Another build records the page's HTML with a body of the same
		// length (the render record is not rewritten: as if loaded).
		other := page()
		other.Body = template.HTML(string(body[:len(body)-2]) + "X\n")
		c := openDiskCache(dir, "v1", out, testCodec(t))
		_, ok := c.Load("page\x00content/a.md") // used this build: carried
		require.True(t, ok)
		h := []byte(wrap(string(other.Body)))
		c.Store("html\x00/a/", cachedHTML{key: "k2", html: h, of: other})
		writeTree(t, out, map[string]string{"a/index.html": string(h)})
		files, err := manifest(out, nil)
		require.NoError(t, err)
		require.NoError(t, c.disk.commit(files))
		_, ok = loadRender(t, dir, out, page())
		assert.False(t, ok, "the CRC of the body differs")
	})
}

// Pages waiting for their HTML are bounded: past pendingLimit their records
// are written with their bodies, and drafts (no HTML) at commit.
func TestDiskStorePendingIsBounded(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	c := openDiskCache(dir, "v1", out, testCodec(t))
	for i := range 3 * pendingLimit {
		p := &Page{Source: Source{File: fmt.Sprint("content/", i, ".md")}, URL: fmt.Sprint("/", i, "/"), Body: "<p>x</p>"}
		c.Store("page\x00"+p.File, cachedRender{hash: fmt.Sprint("h", i), r: rendered{page: p}})
		c.disk.mu.Lock()
		assert.LessOrEqual(t, len(c.disk.pending), pendingLimit)
		c.disk.mu.Unlock()
	}
	require.NoError(t, c.disk.commit(nil))
	assert.Equal(t, 3*pendingLimit, c.disk.appended)
	for i := range 3 * pendingLimit {
		p, ok := loadRender(t, dir, out, &Page{Source: Source{File: fmt.Sprint("content/", i, ".md")}})
		require.True(t, ok)
		assert.Equal(t, template.HTML("<p>x</p>"), p.Body)
	}
}

// packRecord decodes key's record of the stages pack in dir.
func packRecord(t *testing.T, dir, key string) diskEntry {
	t.Helper()
	src := openPack(filepath.Join(dir, stagesFile), "v1")
	require.NotNil(t, src)
	defer src.r.Close()
	rec, ok, err := src.r.Get(key, nil)
	require.NoError(t, err)
	require.True(t, ok)
	var e diskEntry
	require.NoError(t, src.codec.Decode(rec, &e))
	return e
}

// bodyAt finds what strings.Index finds (an empty body: nothing).
func FuzzBodyAt(f *testing.F) {
	f.Add("<main><p>x</p></main>", "<p>x</p>")
	f.Add("<p>the body, long enough to need more than the 32-byte probe!</p><p>the body, long enough to need more than the 32-byte probe</p>",
		"<p>the body, long enough to need more than the 32-byte probe</p>")
	f.Add("aaaa", "")
	f.Fuzz(func(t *testing.T, html, body string) {
		want := strings.Index(html, body)
		if body == "" {
			want = -1
		}
		if got := bodyAt([]byte(html), body); got != want {
			t.Fatalf("bodyAt(%q, %q) = %d, want %d", html, body, got, want)
		}
	})
}
