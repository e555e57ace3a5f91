package generator

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listTree lists everything below dir, folders with a trailing slash and
// symlinks with " ->", so a stale empty folder or a link left behind shows.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch rel = filepath.ToSlash(rel); {
		case d.Type()&fs.ModeSymlink != 0:
			rel += " ->"
		case d.IsDir():
			rel += "/"
		}
		out = append(out, rel)
		return nil
	}))
	slices.Sort(out)
	return out
}

// commitTree writes files into a new disk tree for out and publishes it; it
// returns whether the tree reused a spare.
func commitTree(t *testing.T, out string, files map[string]string) bool {
	t.Helper()
	tree, err := diskOutput{out: out}.NewTree(context.Background())
	require.NoError(t, err)
	defer tree.Discard()
	for rel, body := range files {
		require.NoError(t, tree.WriteFile(rel, []byte(body)))
	}
	require.NoError(t, tree.Commit())
	return tree.(*diskTree).reuse
}

// TestReusedTreePublishesExactlyTheBuild publishes three sites in a row: the
// third is written into the first's tree (the spare), which held other
// files, other folders, a folder where a file goes, a file where a folder
// goes and a symlink out of the tree. The published site must be exactly the
// third build's files, and nothing outside the tree may change.
func TestReusedTreePublishesExactlyTheBuild(t *testing.T) {
	if !canReuseTrees {
		t.Log("this system writes every build into a fresh tree; checking that no spare is kept")
	}
	root := t.TempDir()
	out := filepath.Join(root, "public")
	outside := filepath.Join(root, "outside")
	writeTree(t, outside, map[string]string{"keep.txt": "outside"})

	assert.False(t, commitTree(t, out, map[string]string{
		"index.html": "one", "a/index.html": "one", "gone/deep/index.html": "one", "file-then-dir": "one",
		"dir-then-file/index.html": "one", "assets/site.css": "one",
	}), "no spare before the first publish")
	assert.False(t, commitTree(t, out, map[string]string{"index.html": "two", "b/index.html": "two"}))
	spare := spareOf(out)
	if !canReuseTrees {
		assert.NoDirExists(t, spare)
		return
	}
	require.DirExists(t, spare, "the replaced site is kept for the next build")
	require.NoError(t, os.Symlink(outside, filepath.Join(spare, "evil")))
	require.NoError(t, os.Symlink(filepath.Join(outside, "keep.txt"), filepath.Join(spare, "evil.html")))

	third := map[string]string{
		"index.html": "three", "a/index.html": "three, longer than before", "file-then-dir/index.html": "three",
		"dir-then-file": "three", "evil/index.html": "three", "evil.html": "three", "new/page/index.html": "three",
	}
	assert.True(t, commitTree(t, out, third), "the third build reuses the first's tree")
	assert.Equal(t, third, readTree(t, out))
	assert.Equal(t, []string{"a/", "a/index.html", "dir-then-file", "evil.html", "evil/", "evil/index.html",
		"file-then-dir/", "file-then-dir/index.html", "index.html", "new/", "new/page/", "new/page/index.html"}, listTree(t, out),
		"no stale file, folder or symlink")
	assert.Equal(t, map[string]string{"keep.txt": "outside"}, readTree(t, outside), "symlinks are replaced, never followed")
	assert.Equal(t, map[string]string{"index.html": "two", "b/index.html": "two"}, readTree(t, spare), "the second site is the spare now")
	leftovers, _ := filepath.Glob(filepath.Join(root, ".public-tmp-*"))
	assert.Empty(t, leftovers)
}

// TestReusedTreeKeepsLinkedFiles checks that a file the published site
// shares with the spare (a page the disk cache hard-linked) is replaced, not
// truncated, when the next build writes it: the published site must not
// change before Commit, nor after a failed build.
func TestReusedTreeKeepsLinkedFiles(t *testing.T) {
	if !canReuseTrees {
		t.Skip("no spare is kept on this system") // TestReusedTreePublishesExactlyTheBuild checks that
	}
	root := t.TempDir()
	out := filepath.Join(root, "public")
	commitTree(t, out, map[string]string{"p/index.html": "one", "q/index.html": "one"})

	tree, err := diskOutput{out: out}.NewTree(context.Background())
	require.NoError(t, err)
	dt := tree.(*diskTree)
	written, err := os.Stat(filepath.Join(out, "p", "index.html"))
	require.NoError(t, err)
	require.True(t, dt.link("p/index.html", filepath.Join(out, "p", "index.html"), written))
	require.NoError(t, tree.WriteFile("q/index.html", []byte("two")))
	require.NoError(t, tree.Commit())
	tree.Discard()

	// Now the spare's p/index.html is the published file (two links).
	tree, err = diskOutput{out: out}.NewTree(context.Background())
	require.NoError(t, err)
	dt = tree.(*diskTree)
	require.True(t, dt.reuse)
	require.NoError(t, tree.WriteFile("p/index.html", []byte("three")))
	require.NoError(t, tree.WriteFile("q/index.html", []byte("three"))) // linked nowhere: truncated in place
	assert.Equal(t, map[string]string{"p/index.html": "one", "q/index.html": "two"}, readTree(t, out), "nothing published before Commit")
	tree.Discard()
	assert.Equal(t, map[string]string{"p/index.html": "one", "q/index.html": "two"}, readTree(t, out), "a failed build changes nothing")
	assert.NoDirExists(t, spareOf(out), "a discarded tree is removed, spare or not")

	// A page unchanged since the spare was published is that very file:
	// linking it again is a no-op.
	commitTree(t, out, map[string]string{"p/index.html": "four", "q/index.html": "four"})
	linkP := func(q string) {
		t.Helper()
		tree, err := diskOutput{out: out}.NewTree(context.Background())
		require.NoError(t, err)
		defer tree.Discard()
		dt := tree.(*diskTree)
		require.True(t, dt.reuse)
		written, err := os.Stat(filepath.Join(out, "p", "index.html"))
		require.NoError(t, err)
		require.True(t, dt.link("p/index.html", filepath.Join(out, "p", "index.html"), written))
		assert.False(t, dt.link("q/index.html", filepath.Join(out, "q", "index.html"), dt.stat("q/index.html")),
			"a file that is not the one recorded is never linked")
		require.NoError(t, tree.WriteFile("q/index.html", []byte(q)))
		require.NoError(t, tree.Commit())
		fi, err := os.Stat(filepath.Join(out, "p", "index.html"))
		require.NoError(t, err)
		assert.True(t, os.SameFile(fi, written), "the linked page is the file the last build published")
	}
	linkP("five") // the spare's p is another file: replaced by the link
	linkP("six")  // the spare's p is the published file already
	assert.Equal(t, map[string]string{"p/index.html": "four", "q/index.html": "six"}, readTree(t, out))
	assert.Equal(t, map[string]string{"p/index.html": "four", "q/index.html": "five"}, readTree(t, spareOf(out)))
}

// TestSpareNotAFolder checks that something else at the spare's name is
// removed and the build writes a fresh tree.
func TestSpareNotAFolder(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	require.NoError(t, os.WriteFile(spareOf(out), []byte("junk"), 0o644))
	assert.False(t, commitTree(t, out, map[string]string{"index.html": "one"}))
	assert.Equal(t, map[string]string{"index.html": "one"}, readTree(t, out))
	_, err := os.Lstat(spareOf(out))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}
