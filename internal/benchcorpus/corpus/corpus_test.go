package corpus_test

import (
	"context"
	"github.com/docproof/docproof/internal/mockbackend"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// TestCorpusBuildsGreen builds a 120-page corpus (three folders, so links
// cross folders) and demands every one of its 600 samples verify against the
// mock: the benchmark measures nothing if the corpus does not build green.
func TestCorpusBuildsGreen(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, corpus.Write(dir, corpus.Options{Pages: 120, Seed: 1}))
	res, err := generator.Build(context.Background(), generator.Config{
		ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "public"), SiteFile: filepath.Join(dir, "docproof.yaml"),
		Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}},
	})
	require.NoError(t, err)
	assert.Equal(t, 121, res.Pages)
	assert.Empty(t, res.Warnings)
	sum := sample.Summarize(res.Samples)
	assert.Equal(t, 600, sum.Verified)
	assert.Zero(t, sum.Failed)
	assert.Zero(t, sum.Skipped)
}

// TestCorpusIsReproducible: the same seed writes the same bytes, another seed different ones.
func TestCorpusIsReproducible(t *testing.T) {
	read := func(seed uint64) map[string]string {
		dir := t.TempDir()
		require.NoError(t, corpus.Write(dir, corpus.Options{Pages: 60, Seed: seed}))
		files := map[string]string{}
		require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = string(data)
			return err
		}))
		return files
	}
	a, b, c := read(1), read(1), read(2)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	assert.Contains(t, a, "content/section-01/page-0059.md")
	assert.Equal(t, a["content/section-00/page-0007.md"], a["hugo/content/section-00/page-0007.md"], "Hugo gets the same Markdown")
}

// TestWriteRefusesForeignFolder: Write replaces only a folder it wrote
// itself; anything else is refused and left as it was.
func TestWriteRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(keep, []byte("mine"), 0o644))
	err := corpus.Write(dir, corpus.Options{Pages: 2, Seed: 1})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not written by benchcorpus")
	data, err := os.ReadFile(keep)
	require.NoError(t, err)
	assert.Equal(t, "mine", string(data))

	again := filepath.Join(t.TempDir(), "corpus")
	require.NoError(t, corpus.Write(again, corpus.Options{Pages: 3, Seed: 1}))
	require.NoError(t, corpus.Write(again, corpus.Options{Pages: 2, Seed: 1}), "an earlier corpus is replaced")
	_, err = os.Stat(filepath.Join(again, "content", corpus.PagePath(2)))
	assert.ErrorIs(t, err, os.ErrNotExist, "nothing of the earlier corpus is left")
}
