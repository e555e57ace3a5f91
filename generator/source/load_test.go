package source

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// TestLoadKeepsWalkOrder checks that reading pages in parallel still returns
// sources and problems in lexical walk order, with the right bytes.
func TestLoadKeepsWalkOrder(t *testing.T) {
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
	writeTree(t, dir, files)
	require.NoError(t, os.Symlink("p00.md", filepath.Join(dir, "z-link.md")))
	wantRels = append(wantRels, "z-link.md")

	srcs, diags := Load(dir)
	var rels, pos []string
	for _, s := range srcs {
		rels = append(rels, s.Rel)
		if IsMarkdown(s.Rel) {
			assert.NotContains(t, string(s.Data), "\r", s.Rel)
			assert.Contains(t, string(s.Data), "# Page ", s.Rel)
		} else {
			assert.Nil(t, s.Data, "static files are copied, not loaded")
		}
	}
	for _, d := range diags {
		pos = append(pos, fmt.Sprintf("%s:%d", d.File, d.Line))
	}
	assert.Equal(t, wantRels, rels)
	assert.Equal(t, wantDiags, pos)
	assert.Equal(t, "# Page 0\n\nText.\n", string(srcs[len(srcs)-1].Data), "a symlinked page is read through the link")
}

func BenchmarkLoad(b *testing.B) {
	root := b.TempDir()
	if err := corpus.Write(root, corpus.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, d := Load(filepath.Join(root, "content")); len(d) > 0 {
			b.Fatal(d)
		}
	}
}

// writeTree writes files (slash path → contents) below dir.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
}
