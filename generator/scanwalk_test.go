package generator

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestListFilesWalkOrder checks listFiles against filepath.WalkDir on names
// whose byte order differs from a depth-first walk's ("a-c" < "a/b").
func TestListFilesWalkOrder(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a/b": "", "a-c": "", "a.b/x/y/z.html": "", "a/b2/index.html": "", "A": "", "z/index.html": "",
		"a/b1/c/index.html": "", "a/b1/index.html": "", "sitemap.xml": "", "x-/y": "", "x/y": "",
	})
	require.NoError(t, os.Symlink("a", filepath.Join(dir, "link")))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "empty", "deeper"), 0o755))
	var want []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			want = append(want, filepath.ToSlash(rel))
		}
		return err
	}))
	got, err := listFiles(dir)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	_, err = listFiles(filepath.Join(dir, "missing"))
	assert.Error(t, err)
}

func TestWalkOrder(t *testing.T) {
	assert.Negative(t, walkOrder("a/b", "a-c"))
	assert.Positive(t, walkOrder("a-c", "a/b"))
	assert.Zero(t, walkOrder("a/b/c", "a/b/c"))
	assert.Negative(t, walkOrder("a/b", "a/c/d"))
}
