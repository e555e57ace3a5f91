package generator

import (
	"fmt"
	"github.com/docproof/docproof/generator/source"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/generator/search"
)

// TestWarmRebuildKeepsCachedSources checks pass 1 with an in-memory cache
// (serve): a file that still holds the cached bytes keeps the cached slice
// (no copy), and an edited one gets bytes of its own, never the read buffer
// that the next file is read into.
func TestWarmRebuildKeepsCachedSources(t *testing.T) {
	extra := map[string]string{}
	for i := range 40 {
		extra[fmt.Sprintf("many/p%02d.md", i)] = fmt.Sprintf("# Page %d\n\n%s\n", i, strings.Repeat("Words. ", 20+i))
	}
	cfg := newSite(t, extra)
	cfg.Output, cfg.Cache, cfg.Workers = &memOutput{}, NewCache(), 2
	_, err := build(t, cfg)
	require.NoError(t, err)
	cached := func() map[string][]byte {
		out := map[string][]byte{}
		srcs, diags := source.List(cfg.ContentDir)
		require.Empty(t, diags)
		for _, s := range srcs {
			if e, ok := cfg.Cache.meta.Load(s.File + "\x00" + s.Rel + "\x00"); ok { // the default front matter convention
				out[s.File] = e.data
			}
		}
		return out
	}
	before := cached()
	require.Len(t, before, len(extra)+4)

	edited := map[string]bool{}
	for _, name := range []string{"many/p03.md", "many/p17.md", "guide/tokens.md"} {
		p := filepath.Join(cfg.ContentDir, filepath.FromSlash(name))
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(p, append(data, "\nAn edit.\n"...), 0o644))
		edited[filepath.ToSlash(p)] = true
	}
	_, err = build(t, cfg)
	require.NoError(t, err)
	after := cached()
	require.Len(t, after, len(before))
	for file, data := range after {
		onDisk, err := os.ReadFile(file)
		require.NoError(t, err)
		assert.Equal(t, string(onDisk), string(data), "%s: the cache holds the file's bytes", file)
		assert.Equal(t, !edited[file], sameSlice(data, before[file]), "%s: unchanged files keep the cached slice", file)
	}
}

// TestCachedSiteDataFollowsTheNav checks that the site-wide markup cached
// across builds (sidebar HTML, site parts) is made again when the nav
// changes: a warm rebuild after a title edit equals a cold build.
func TestCachedSiteDataFollowsTheNav(t *testing.T) {
	cfg := newSite(t, nil)
	mem := &memOutput{}
	warm := cfg
	warm.Output, warm.Cache = mem, NewCache()
	_, err := build(t, warm)
	require.NoError(t, err)
	entry := func() siteDataEntry {
		e, ok := warm.Cache.siteData.Load("site")
		require.True(t, ok)
		return e
	}
	first := entry()
	require.Contains(t, string(first.navHTML), ">Tokens<")

	_, err = build(t, warm) // unchanged: the entry is reused as it is
	require.NoError(t, err)
	assert.Equal(t, first.base, entry().base)

	tokens := filepath.Join(cfg.ContentDir, "guide", "tokens.md")
	require.NoError(t, os.WriteFile(tokens, []byte(strings.Replace(siteFiles["guide/tokens.md"], "title: Tokens", "title: Agent tokens", 1)), 0o644))
	_, err = build(t, warm)
	require.NoError(t, err)
	second := entry()
	assert.NotEqual(t, first.base, second.base)
	assert.Contains(t, string(second.navHTML), ">Agent tokens<")

	_, err = build(t, cfg) // cold, to disk
	require.NoError(t, err)
	got := map[string]string{}
	for rel, data := range mem.site {
		got[rel] = string(data)
	}
	assert.Equal(t, testtree.Read(t, cfg.OutDir, output.MarkerFile), got)
}

// TestSearchIndexReusedWhenFragmentsEqual checks that a warm build hands the
// last search index over when no fragment changed (an unchanged save, an
// edit inside a code block) and joins a new one when prose changed, always
// equal to a cold build's.
func TestSearchIndexReusedWhenFragmentsEqual(t *testing.T) {
	cfg := newSite(t, nil)
	mem := &memOutput{}
	warm := cfg
	warm.Output, warm.Cache = mem, NewCache()
	tokens := filepath.Join(cfg.ContentDir, "guide", "tokens.md")
	steps := []struct {
		name, body string
		reused     bool
	}{
		{"first build", siteFiles["guide/tokens.md"], false},
		{"unchanged save", siteFiles["guide/tokens.md"], true},
		{"code block edit", strings.Replace(siteFiles["guide/tokens.md"], `"a": 1`, `"a": 2`, 1), true},
		{"prose edit", strings.Replace(siteFiles["guide/tokens.md"], "Text.", "Other text.", 1), false},
		{"edit undone", siteFiles["guide/tokens.md"], false},
	}
	var last []byte
	for _, st := range steps {
		require.NoError(t, os.WriteFile(tokens, []byte(st.body), 0o644))
		_, err := build(t, warm)
		require.NoError(t, err, st.name)
		got := mem.site[search.Name]
		assert.Equal(t, st.reused, sameSlice(got, last), "%s: the last index reused", st.name)
		last = got
		_, err = build(t, cfg) // cold, to disk
		require.NoError(t, err)
		assert.Equal(t, testtree.Read(t, cfg.OutDir, output.MarkerFile)[search.Name], string(got), st.name)
	}
}

// sameSlice reports whether a and b are the very same bytes in memory.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
