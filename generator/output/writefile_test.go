package output

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
)

// TestDirSetWritesTree writes a site of many folders from several
// goroutines: every file lands at its path with its bytes and modes.
func TestDirSetWritesTree(t *testing.T) {
	root := t.TempDir()
	s := newDirSet(root)
	want := map[string]string{}
	var rels []string
	for i := range 80 {
		for j := range 3 {
			rel := fmt.Sprintf("s%03d/p%d/index.html", i, j)
			rels = append(rels, rel)
			want[rel] = strings.Repeat(rel, 1+i%7)
		}
		rel := fmt.Sprintf("s%03d/deep/er/still/index.html", i)
		rels = append(rels, rel)
		want[rel] = rel
	}
	rels = append(rels, "index.html", "404.html")
	want["index.html"], want["404.html"] = "home", ""

	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(rels); i += 4 {
				assert.NoError(t, s.writeFile(filepath.Join(root, filepath.FromSlash(rels[i])), []byte(want[rels[i]])))
			}
		})
	}
	wg.Wait()
	assert.Equal(t, want, testtree.Read(t, root, MarkerFile))

	require.NoError(t, s.writeFile(filepath.Join(root, "s000", "p0", "index.html"), []byte("x")), "an existing file is replaced")
	got := testtree.Read(t, root, MarkerFile)
	assert.Equal(t, "x", got["s000/p0/index.html"])

	fi, err := os.Stat(filepath.Join(root, "s001", "p1", "index.html"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644)&^umask(t), fi.Mode().Perm())
	fi, err = os.Stat(filepath.Join(root, "s001", "p1"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755)&^umask(t), fi.Mode().Perm())
}

// umask is the process's file creation mask, read from a probe file.
func umask(t *testing.T) os.FileMode {
	p := filepath.Join(t.TempDir(), "probe")
	require.NoError(t, os.WriteFile(p, nil, 0o777))
	fi, err := os.Stat(p)
	require.NoError(t, err)
	return 0o777 &^ fi.Mode().Perm()
}

// TestDirSetErrors checks that a file in the way of a folder is an error
// naming the folder, as os.Mkdir words it, and that nothing is written.
func TestDirSetErrors(t *testing.T) {
	root := t.TempDir()
	s := newDirSet(root)
	require.NoError(t, s.writeFile(filepath.Join(root, "blocked"), []byte("a file")))
	page := filepath.Join(root, "blocked", "page", "index.html")
	err := s.writeFile(page, []byte("x"))
	require.Error(t, err)
	assert.Equal(t, "mkdir "+filepath.Join(root, "blocked", "page")+": not a directory", err.Error())
	assert.ErrorIs(t, err, syscall.ENOTDIR)

	require.NoError(t, os.Mkdir(filepath.Join(root, "dir.html"), 0o755))
	err = s.writeFile(filepath.Join(root, "dir.html"), []byte("x"))
	require.Error(t, err, "a folder in the way of a file")
	assert.Equal(t, "write dir.html: open "+filepath.Join(root, "dir.html")+": is a directory", err.Error())
	assert.Equal(t, map[string]string{"blocked": "a file"}, testtree.Read(t, root, MarkerFile))
}

// BenchmarkTreeWrite writes 200 page files of a realistic size into a new
// disk tree, each in its own folder below ten section folders: the per-page
// output cost of a cold build (mkdir, create, write, close) without
// rendering. The trees are removed only after the timing: on a journal-less
// ext4 a removal slows the inode allocations of the next 30 s.
func BenchmarkTreeWrite(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	page := []byte(strings.Repeat("<p>Register the agent with its token.</p>\n", 28000/43))
	b.SetBytes(200 * int64(len(page)))
	b.ReportAllocs()
	var trees []Tree
	b.Cleanup(func() {
		for _, t := range trees {
			t.Discard()
		}
	})
	for b.Loop() {
		tree, err := diskOutput{out: out}.NewTree(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		trees = append(trees, tree)
		for i := range 200 {
			if err := tree.WriteFile(fmt.Sprintf("s%d/p%03d/index.html", i%10, i), page); err != nil {
				b.Fatal(err)
			}
		}
	}
}
