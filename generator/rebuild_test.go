package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
)

// TestRebuildIntoNewFolderRelinks builds the way `docproof serve` does: one
// Cache, every build published into a new folder, the previous one removed
// after the next is published. Unchanged pages are hard-linked from the
// folder the last build published, and every build equals a cold build.
func TestRebuildIntoNewFolderRelinks(t *testing.T) {
	cfg := newSite(t, nil)
	cfg.Cache = NewCache()
	root := cfg.OutDir
	outs := []string{root + "-1", root + "-2", root + "-3"}
	stat := func(out, rel string) os.FileInfo {
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
		require.NoError(t, err)
		return fi
	}
	for i, out := range outs {
		if i > 0 {
			code := strings.Replace(siteFiles["guide/tokens.md"], `"a": 1`, `"a": `+string(rune('1'+i)), 1)
			testtree.Write(t, cfg.ContentDir, map[string]string{"guide/tokens.md": code})
		}
		cfg.OutDir = out
		_, err := build(t, cfg)
		require.NoError(t, err, "build %d", i)
		cold := cfg
		cold.Cache, cold.OutDir = nil, root+"-cold"
		_, err = build(t, cold)
		require.NoError(t, err)
		require.Equal(t, testtree.Read(t, cold.OutDir, output.MarkerFile), testtree.Read(t, out, output.MarkerFile), "build %d equals a cold build", i)
		if i == 0 {
			continue
		}
		prev := outs[i-1]
		assert.True(t, os.SameFile(stat(prev, "guide/index.html"), stat(out, "guide/index.html")), "build %d: unchanged page linked from the last output", i)
		assert.True(t, os.SameFile(stat(prev, "index.html"), stat(out, "index.html")), "build %d: unchanged page linked from the last output", i)
		assert.False(t, os.SameFile(stat(prev, "guide/tokens/index.html"), stat(out, "guide/tokens/index.html")), "build %d: edited page written afresh", i)
		require.NoError(t, os.RemoveAll(prev), "serve removes the folder it no longer serves")
	}
}

// TestRebuildAfterFailedBuildRelinks checks that a failed build (its temp
// folder discarded) costs the next good build no correctness and no reuse.
func TestRebuildAfterFailedBuildRelinks(t *testing.T) {
	cfg := newSite(t, nil)
	cfg.Cache = NewCache()
	root := cfg.OutDir
	cfg.OutDir = root + "-1"
	_, err := build(t, cfg)
	require.NoError(t, err)
	first, err := os.Stat(filepath.Join(cfg.OutDir, "guide", "index.html"))
	require.NoError(t, err)

	broken := siteFiles["guide/tokens.md"] + "\nA [broken link](nowhere.md).\n"
	testtree.Write(t, cfg.ContentDir, map[string]string{"guide/tokens.md": broken})
	cfg.OutDir = root + "-2"
	_, err = build(t, cfg)
	require.Error(t, err)
	require.NoDirExists(t, cfg.OutDir)

	testtree.Write(t, cfg.ContentDir, map[string]string{"guide/tokens.md": strings.Replace(siteFiles["guide/tokens.md"], "Text.", "Other text.", 1)})
	cfg.OutDir = root + "-3"
	_, err = build(t, cfg)
	require.NoError(t, err)
	again, err := os.Stat(filepath.Join(cfg.OutDir, "guide", "index.html"))
	require.NoError(t, err)
	assert.True(t, os.SameFile(first, again), "the last good output is still the link source")
	cold := cfg
	cold.Cache, cold.OutDir = nil, root+"-cold"
	_, err = build(t, cold)
	require.NoError(t, err)
	assert.Equal(t, testtree.Read(t, cold.OutDir, output.MarkerFile), testtree.Read(t, cfg.OutDir, output.MarkerFile))
}
