package generator

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
)

// TestBuildNoticesSourceChangedBetweenPasses checks that a page edited after
// the first pass read it and before the second does fails the build with a
// clear error, rather than publishing a page whose nav title is stale.
func TestBuildNoticesSourceChangedBetweenPasses(t *testing.T) {
	cfg := newSite(t, nil)
	_, err := build(t, cfg)
	require.NoError(t, err)
	before := testtree.Read(t, cfg.OutDir, output.MarkerFile)
	cfg.Workers = 1 // one page at a time, in source order: guide/index.md, then guide/tokens.md
	edited := false
	cfg.onPage = func(alive bool) {
		if alive && !edited {
			edited = true
			testtree.Write(t, cfg.ContentDir, map[string]string{"guide/tokens.md": "---\ntitle: Renamed\n---\n## Revoking\n"})
		}
	}
	_, err = Build(context.Background(), cfg)
	require.Error(t, err)
	assert.Equal(t, filepath.ToSlash(cfg.ContentDir)+"/guide/tokens.md: the file changed while the site was being built (build again)", err.Error())
	assert.Equal(t, before, testtree.Read(t, cfg.OutDir, output.MarkerFile))
}
