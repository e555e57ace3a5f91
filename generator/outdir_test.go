package generator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
)

// TestBuildRefusesForeignOut is the data-loss reproduction: `--out DIR`
// with a folder docproof did not make (the home folder, /etc, a project)
// fails with exit-2 configuration error and leaves every file in it; the
// same folder becomes usable once emptied, and is docproof's from then on.
func TestBuildRefusesForeignOut(t *testing.T) {
	cfg := newSite(t, nil)
	cfg.OutDir = filepath.Join(filepath.Dir(cfg.ContentDir), "mine")
	testtree.Write(t, cfg.OutDir, map[string]string{"thesis.tex": "years of work", "photos/a.jpg": "jpeg"})
	_, err := build(t, cfg)
	var cfgErr *ConfigError
	require.ErrorAs(t, err, &cfgErr)
	assert.Equal(t, map[string]string{"thesis.tex": "years of work", "photos/a.jpg": "jpeg"}, testtree.Read(t, cfg.OutDir, output.MarkerFile))
	entries, err := os.ReadDir(filepath.Dir(cfg.OutDir))
	require.NoError(t, err)
	assert.Len(t, entries, 2, "nothing created beside it (content/ and mine/ only)")

	require.NoError(t, os.RemoveAll(cfg.OutDir))
	require.NoError(t, os.Mkdir(cfg.OutDir, 0o755))
	_, err = build(t, cfg)
	require.NoError(t, err, "an empty folder is fine")
	assert.FileExists(t, filepath.Join(cfg.OutDir, output.MarkerFile))
	_, err = build(t, cfg)
	require.NoError(t, err, "and docproof's own from then on")
}
