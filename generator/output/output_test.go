package output

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
)

func TestDiskTreeCommitAndDiscard(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	testtree.Write(t, out, map[string]string{"old.html": "old"})
	static := filepath.Join(root, "logo.svg")
	require.NoError(t, os.WriteFile(static, []byte("<svg/>"), 0o644))

	tree, err := diskOutput{out: out}.NewTree(context.Background())
	require.NoError(t, err)
	require.NoError(t, tree.WriteFile("a/b/index.html", []byte("page")))
	f, err := os.Open(static)
	require.NoError(t, err)
	require.NoError(t, tree.CopyFile("img/logo.svg", f))
	require.NoError(t, f.Close())
	got, err := tree.ReadFile("img/logo.svg")
	require.NoError(t, err)
	assert.Equal(t, "<svg/>", string(got))
	require.Error(t, tree.WriteFile("../escape", []byte("x")), "paths stay below the site root")
	require.Error(t, tree.WriteFile("/abs", []byte("x")))
	assert.Equal(t, map[string]string{"old.html": "old"}, testtree.Read(t, out, MarkerFile), "nothing published before Commit")
	require.NoError(t, tree.Commit())
	tree.Discard() // after Commit: removes the replaced site
	replaced, _ := filepath.Glob(filepath.Join(root, ".public-tmp-*"))
	assert.Empty(t, replaced, "the replaced site is deleted")
	assert.FileExists(t, filepath.Join(out, MarkerFile), "the published site carries docproof's marker")
	assert.Equal(t, map[string]string{"a/b/index.html": "page", "img/logo.svg": "<svg/>"}, testtree.Read(t, out, MarkerFile))

	tree, err = diskOutput{out: out}.NewTree(context.Background())
	require.NoError(t, err)
	require.NoError(t, tree.WriteFile("index.html", []byte("new")))
	tree.Discard()
	assert.Equal(t, map[string]string{"a/b/index.html": "page", "img/logo.svg": "<svg/>"}, testtree.Read(t, out, MarkerFile), "a discarded tree changes nothing")
	leftovers, _ := filepath.Glob(filepath.Join(root, ".public*"))
	assert.Empty(t, leftovers, "the discarded tree and the site the first Commit replaced are gone")
}
