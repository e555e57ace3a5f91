package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/cache"
)

func TestCacheSweep(t *testing.T) {
	c := NewCache()
	c.runs.Store("kept", pageRun{})
	c.html.Store("dropped", cachedHTML{})
	for i := range cache.SweepAfter + 1 { // "dropped" is used in the first build only
		_, ok := c.runs.Load("kept")
		require.True(t, ok, "build %d", i)
		c.sweep()
		assert.Equal(t, i+1 <= cache.SweepAfter, c.size() == 2, "after build %d: an entry survives %d builds unused", i, cache.SweepAfter)
	}
	assert.Equal(t, 1, c.size())
	var nilCache *Cache
	nilCache.sweep()
	assert.Zero(t, nilCache.size())
}

// TestCacheDoesNotGrowInLongSessions edits one page many times and deletes
// another, building each time with one Cache (as serve does): entries of
// old versions and of the deleted page go, and failed builds do not count.
func TestCacheDoesNotGrowInLongSessions(t *testing.T) {
	cfg := newSite(t, map[string]string{"guide/gone.md": "# Gone\n\n```json\n{\"gone\": true}\n```\n"})
	cfg.Cache = NewCache()
	_, err := build(t, cfg)
	require.NoError(t, err)
	require.NoError(t, os.Remove(filepath.Join(cfg.ContentDir, "guide", "gone.md")))
	_, err = build(t, cfg)
	require.NoError(t, err)
	base := cfg.Cache.size()
	tokens := filepath.Join(cfg.ContentDir, "guide", "tokens.md")
	for i := range 3 * cache.SweepAfter {
		body := strings.Replace(siteFiles["guide/tokens.md"], `"a": 1`, fmt.Sprintf(`"a": %d`, i+2), 1)
		require.NoError(t, os.WriteFile(tokens, []byte(body), 0o644))
		_, err = build(t, cfg)
		require.NoError(t, err, "edit %d", i)
	}
	assert.LessOrEqual(t, cfg.Cache.size(), base+2*cache.SweepAfter+2, "old versions are dropped")
	_, ok := cfg.Cache.html.Load("/guide/gone/")
	assert.False(t, ok, "entries of a deleted page are dropped")
	_, ok = cfg.Cache.search.Entries.Load("/guide/gone/")
	assert.False(t, ok)

	// Broken saves do not age the entries a fix needs.
	require.NoError(t, os.WriteFile(tokens, []byte(siteFiles["guide/tokens.md"]+"\n[broken](nowhere.md)\n"), 0o644))
	for range cache.SweepAfter + 1 {
		_, err = build(t, cfg)
		require.Error(t, err)
	}
	_, ok = cfg.Cache.html.Load("/guide/")
	assert.True(t, ok, "an unchanged page's HTML survives failed builds")
}
