package generator

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
)

// memOutput is a minimal in-memory Output, as `docproof serve` keeps the
// site: Build must reach its files only through the Tree.
type memOutput struct {
	mu   sync.Mutex
	site map[string][]byte
}

type memTree struct {
	o     *memOutput
	mu    sync.Mutex
	files map[string][]byte
}

func (o *memOutput) NewTree(context.Context) (output.Tree, error) {
	return &memTree{o: o, files: map[string][]byte{}}, nil
}

func (t *memTree) WriteFile(rel string, data []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.files[rel] = data
	return nil
}

func (t *memTree) CopyFile(rel string, src *os.File) error {
	data, err := io.ReadAll(src)
	if err != nil {
		return err
	}
	return t.WriteFile(rel, data)
}

func (t *memTree) ReadFile(rel string) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	data, ok := t.files[rel]
	if !ok {
		return nil, os.ErrNotExist
	}
	return data, nil
}

func (t *memTree) Commit() error {
	t.o.mu.Lock()
	defer t.o.mu.Unlock()
	t.o.site = t.files
	return nil
}

func (t *memTree) Discard() {}

// TestBuildIntoMemoryOutputEqualsDisk checks that a build through another
// Output writes exactly the files of a disk build, and nothing to OutDir,
// cold and warm (a shared Cache, as serve rebuilds).
func TestBuildIntoMemoryOutputEqualsDisk(t *testing.T) {
	cfg := newSite(t, nil)
	_, err := build(t, cfg)
	require.NoError(t, err)
	want := testtree.Read(t, cfg.OutDir, output.MarkerFile)

	mem := &memOutput{}
	mcfg := cfg
	mcfg.OutDir = filepath.Join(t.TempDir(), "never")
	mcfg.Output, mcfg.Cache = mem, NewCache()
	for range 2 {
		_, err = build(t, mcfg)
		require.NoError(t, err)
		got := map[string]string{}
		for rel, data := range mem.site {
			got[rel] = string(data)
		}
		assert.Equal(t, want, got)
	}
	assert.NoDirExists(t, mcfg.OutDir)
}

// TestMemoryOutputRefusesToken checks that the secrets scan does not depend
// on a disk tree: a token in a page fails a build into memory, which commits
// nothing.
func TestMemoryOutputRefusesToken(t *testing.T) {
	cfg := newSite(t, map[string]string{"leak.md": "# Leak\n\n`bkar_" + secretBody73 + "`\n"})
	mem := &memOutput{}
	cfg.Output = mem
	_, err := build(t, cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "leak.md:3: refusing to publish a string shaped like a real Buildkite token")
	assert.Nil(t, mem.site, "nothing committed")
}
