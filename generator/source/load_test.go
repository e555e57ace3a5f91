package source

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// TestListKeepsWalkOrder checks that List returns every file in lexical walk
// order and that ReadMarkdown then reads each page's bytes, normalised, or
// says at which line it cannot.
func TestListKeepsWalkOrder(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	var wantRels, wantDiags []string
	for i := range 60 {
		name := fmt.Sprintf("p%02d.md", i)
		switch i % 4 {
		case 1:
			files[name] = fmt.Sprintf("# P%d\n\x00", i)
			wantDiags = append(wantDiags, filepath.ToSlash(filepath.Join(dir, name))+":2")
			continue
		case 2:
			name = fmt.Sprintf("p%02d.png", i)
			files[name] = "\x89PNG\x00"
		default:
			files[name] = fmt.Sprintf("# Page %d\r\n\r\nText.\r\n", i)
		}
		wantRels = append(wantRels, name)
	}
	testtree.Write(t, dir, files)
	require.NoError(t, os.Symlink("p00.md", filepath.Join(dir, "z-link.md")))
	wantRels = append(wantRels, "z-link.md")

	srcs, diags := List(dir)
	require.Empty(t, diags)
	var rels, pos []string
	var last []byte
	for _, s := range srcs {
		assert.Nil(t, s.Data, "nothing is read while listing")
		if !IsMarkdown(s.Rel) {
			rels = append(rels, s.Rel)
			continue
		}
		data, d, ok := ReadMarkdown(s)
		if !ok {
			pos = append(pos, fmt.Sprintf("%s:%d", d.File, d.Line))
			continue
		}
		rels = append(rels, s.Rel)
		assert.NotContains(t, string(data), "\r", s.Rel)
		assert.Contains(t, string(data), "# Page ", s.Rel)
		last = data
	}
	assert.Equal(t, wantRels, rels)
	assert.Equal(t, wantDiags, pos)
	assert.Equal(t, "# Page 0\n\nText.\n", string(last), "a symlinked page is read through the link")
}

func BenchmarkList(b *testing.B) {
	root := b.TempDir()
	if err := corpus.Write(root, corpus.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, d := List(filepath.Join(root, "content")); len(d) > 0 {
			b.Fatal(d)
		}
	}
}
