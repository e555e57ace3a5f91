package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/gitdate"
	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
)

// fixedDates is a lookup that answers dates whatever the folder.
func fixedDates(dates gitdate.Dates) gitdate.Lookup {
	return func(context.Context, string) (gitdate.Dates, error) { return dates, nil }
}

const tokensUpdated = `<p class="page-updated">Last updated <time datetime="2025-11-30T08:09:10Z">30 November 2025</time></p>`

// TestLastUpdated builds a site with an injected lookup: the page it dates
// shows the date, the others none; last_updated: false asks for none and
// calls no lookup; a failing lookup is a warning and no date.
func TestLastUpdated(t *testing.T) {
	dates := gitdate.Dates{"guide/tokens.md": time.Date(2025, 11, 30, 8, 9, 10, 0, time.UTC)}
	for _, tc := range []struct {
		name    string
		site    string
		lookup  gitdate.Lookup
		want    bool   // the tokens page shows its date
		warning string // "" for none
	}{
		{"dated", "title: x\nbase_url: https://docs.example.com/\n", fixedDates(dates), true, ""},
		{"turned off", "title: x\nbase_url: https://docs.example.com/\nlast_updated: false\n", func(context.Context, string) (gitdate.Dates, error) {
			panic("last_updated: false must not read git history")
		}, false, ""},
		{"explicitly on", "title: x\nbase_url: https://docs.example.com/\nlast_updated: true\n", fixedDates(dates), true, ""},
		{"git fails", "title: x\nbase_url: https://docs.example.com/\n", func(context.Context, string) (gitdate.Dates, error) {
			return nil, errors.New("git log in content: fatal: bad object")
		}, false, `pages get no "Last updated" date: git log in content: fatal: bad object`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := newSite(t, nil)
			cfg.SiteFile = filepath.Join(t.TempDir(), "docproof.yaml")
			testtree.Write(t, filepath.Dir(cfg.SiteFile), map[string]string{"docproof.yaml": tc.site})
			cfg.Dates = tc.lookup
			res, err := build(t, cfg)
			require.NoError(t, err)
			page, err := os.ReadFile(filepath.Join(cfg.OutDir, "guide", "tokens", "index.html"))
			require.NoError(t, err)
			if tc.want {
				assert.Contains(t, string(page), tokensUpdated)
			} else {
				assert.NotContains(t, string(page), "Last updated")
			}
			home, err := os.ReadFile(filepath.Join(cfg.OutDir, "index.html"))
			require.NoError(t, err)
			assert.NotContains(t, string(home), "Last updated", "an undated page shows no date")
			if tc.warning == "" {
				assert.Empty(t, res.Warnings)
			} else {
				require.Len(t, res.Warnings, 1)
				assert.Contains(t, res.Warnings[0].Message, tc.warning)
			}
		})
	}
}

// TestLastUpdatedOutsideGit builds a temp site with the real lookup: outside
// a repository no page has a date (never the build time nor an mtime).
func TestLastUpdatedOutsideGit(t *testing.T) {
	cfg := newSite(t, nil)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(filepath.Dir(cfg.ContentDir)))
	res, err := build(t, cfg)
	require.NoError(t, err)
	assert.Empty(t, res.Warnings)
	for rel, body := range testtree.Read(t, cfg.OutDir, output.MarkerFile) {
		assert.NotContains(t, body, "Last updated", rel)
	}
}

// TestLastUpdatedCacheEquality changes only a page's commit date between two
// builds sharing an in-memory cache (docproof serve): the rebuild shows the
// new date and equals a build without a cache byte for byte.
func TestLastUpdatedCacheEquality(t *testing.T) {
	cfg := newSite(t, nil)
	cfg.Cache = NewCache()
	cfg.Dates = fixedDates(gitdate.Dates{"guide/tokens.md": time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	_, err := build(t, cfg)
	require.NoError(t, err)
	cfg.Dates = fixedDates(gitdate.Dates{"guide/tokens.md": time.Date(2025, 11, 30, 8, 9, 10, 0, time.UTC)})
	_, err = build(t, cfg)
	require.NoError(t, err)
	got := testtree.Read(t, cfg.OutDir, output.MarkerFile)
	assert.Contains(t, got["guide/tokens/index.html"], tokensUpdated)

	plain := cfg
	plain.Cache = nil
	plain.OutDir = filepath.Join(t.TempDir(), "public")
	_, err = build(t, plain)
	require.NoError(t, err)
	assert.Equal(t, testtree.Read(t, plain.OutDir, output.MarkerFile), got)
}
