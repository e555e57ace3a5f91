package generator

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSiteScanLateIssuedValues checks that files scanned before a later
// page's mock issued a value are scanned again when they may hold it, and
// only then, and that the verdict equals a scan of the finished tree.
func TestSiteScanLateIssuedValues(t *testing.T) {
	const plain = "not-shaped-secret-value" // no token prefix: any text may hold it
	files := map[string]string{
		"a/index.html": "<p>\n" + plain + "</p>",          // holds the plain value
		"b/index.html": "<p>\n\n" + issuedToken + "</p>",  // holds the shaped value (a token prefix)
		"c/index.html": "<p>nothing to see</p>",           // holds neither, no prefix
		"d/index.html": "<p>bkar_EXAMPLE placeholder</p>", // a prefix, but no value
	}
	scanAll := func(dir string, late []string) (*siteScan, dirTree) {
		tree := dirTree(dir)
		s := newSiteScan(scanMemo{}, nil)
		for _, rel := range []string{"a/index.html", "b/index.html", "c/index.html", "d/index.html"} {
			data, err := tree.ReadFile(rel)
			require.NoError(t, err)
			s.file(rel, data, "")
		}
		s.addIssued(late) // issued by a page verified after these were written
		return s, tree
	}

	dir := writeSecretsSite(t, files)
	s, tree := scanAll(dir, []string{plain, issuedToken})
	got := s.finish(tree, func(*leak) {})
	want := scanSite(dir, nil, []string{plain, issuedToken}, scanMemo{})
	require.Len(t, want, 2)
	assert.Equal(t, want, got, "late values are found as if known from the start")
	assert.Contains(t, got[1].Message, "issued by the docproof mock")

	// A shaped late value cannot be in a file without a token prefix: such a
	// file is not read back (removing it from the tree would otherwise be an
	// error), while one with a prefix is.
	dir = writeSecretsSite(t, files)
	s, tree = scanAll(dir, []string{issuedToken})
	require.NoError(t, os.Remove(filepath.Join(dir, "a", "index.html")))
	require.NoError(t, os.Remove(filepath.Join(dir, "c", "index.html")))
	got = s.finish(tree, func(*leak) {})
	require.Len(t, got, 1)
	assert.Equal(t, "b/index.html", got[0].File)
	assert.Equal(t, 3, got[0].Line)

	// A plain late value may be anywhere: every file scanned before it is read back.
	dir = writeSecretsSite(t, files)
	s, tree = scanAll(dir, []string{plain})
	require.NoError(t, os.Remove(filepath.Join(dir, "c", "index.html")))
	got = s.finish(tree, func(*leak) {})
	require.NotEmpty(t, got)
	assert.Contains(t, got.Error(), "cannot scan the generated site for token values")
}

// TestBuildNoticesSourceChangedBetweenPasses checks that a page edited after
// the first pass read it and before the second does fails the build with a
// clear error, rather than publishing a page whose nav title is stale.
func TestBuildNoticesSourceChangedBetweenPasses(t *testing.T) {
	cfg := newSite(t, nil)
	_, err := build(t, cfg)
	require.NoError(t, err)
	before := readTree(t, cfg.OutDir)
	cfg.Workers = 1 // one page at a time, in source order: guide/index.md, then guide/tokens.md
	edited := false
	cfg.onPage = func(alive bool) {
		if alive && !edited {
			edited = true
			writeTree(t, cfg.ContentDir, map[string]string{"guide/tokens.md": "---\ntitle: Renamed\n---\n## Revoking\n"})
		}
	}
	_, err = Build(context.Background(), cfg)
	require.Error(t, err)
	assert.Equal(t, filepath.ToSlash(cfg.ContentDir)+"/guide/tokens.md: the file changed while the site was being built (build again)", err.Error())
	assert.Equal(t, before, readTree(t, cfg.OutDir))
}
