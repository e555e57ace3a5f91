package generator

import (
	"context"
	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/internal/mockbackend"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// TestVerifyMemoFollowsThePage: with a warm Cache an unchanged page's run is
// reused (the same *markdown.Page comes back from the render cache), and an edited
// page is verified again, so drift in it is still caught.
func TestVerifyMemoFollowsThePage(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, corpus.Write(root, corpus.Options{Pages: 4, Seed: 3}))
	cfg := Config{ContentDir: filepath.Join(root, "content"), OutDir: filepath.Join(root, "public"),
		SiteFile: filepath.Join(root, "none.yaml"), siteFileOptional: true, Cache: NewCache(), Verify: VerifyOptions{Mock: mockbackend.Mock{}}}
	first, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	srcs, diags := source.List(cfg.ContentDir)
	require.Empty(t, diags)
	memos := 0
	for _, s := range srcs {
		if _, ok := cfg.Cache.runMemo.Load(s.File); ok {
			memos++
		}
	}
	assert.Equal(t, 4, memos, "one per page with samples")
	again, err := Build(context.Background(), cfg)
	require.NoError(t, err)
	assert.Equal(t, first.Samples, again.Samples, "the same runs, durations included: nothing ran again")

	page := filepath.Join(cfg.ContentDir, filepath.FromSlash(corpus.PagePath(2)))
	data, err := os.ReadFile(page)
	require.NoError(t, err)
	drifted := strings.Replace(string(data), `"sent_at": "2026-01-02T03:04:05Z",`+"\n", `"sent_at": "1999-01-02T03:04:05Z",`+"\n", 1)
	require.NotEqual(t, string(data), drifted)
	require.NoError(t, os.WriteFile(page, []byte(drifted), 0o644))
	_, err = Build(context.Background(), cfg)
	require.Error(t, err, "the edited page is verified again")
	assert.Contains(t, err.Error(), "page-0002.md")
}

// TestVerifyKeyFollowsSiteOptions: the on-disk cache keeps a page's sample
// run under verifyKey, so every docproof.yaml setting that changes a run's
// outcome must change the key (else flipping "unmodelled: skip" would reuse
// the old failures).
func TestVerifyKeyFollowsSiteOptions(t *testing.T) {
	p := &markdown.Page{}
	p.File, p.Rel, p.Data = "content/a.md", "a.md", []byte("# A\n")
	base := verifyKey(p, sample.Options{}, VerifyOptions{})
	for name, v := range map[string]VerifyOptions{
		"adjacent":        {Adjacent: true},
		"skip unmodelled": {SkipUnmodelled: true},
		"env":             {Env: sample.EnvMap{Vars: map[string]string{"TOKEN": "BUILDKITE_API_TOKEN"}}},
	} {
		assert.NotEqual(t, base, verifyKey(p, sample.Options{}, v), name)
	}
	keys := map[string]bool{}
	for name, site := range map[string]Site{
		"bind":           {Bind: map[string]string{"{org.slug}": "BUILDKITE_ORGANIZATION_SLUG"}},
		"other bind":     {Bind: map[string]string{"{org.slug}": "BUILDKITE_ORGANIZATION_SLUG_OTHER_ORG"}},
		"capture":        {Capture: map[string][]string{"X": {"id"}}},
		"graphql_schema": {GraphQLSchema: "published.graphql"},
	} {
		cfg := Config{SiteFile: "testdata/dialectsamples/docproof.yaml", Verify: VerifyOptions{Mock: mockbackend.Mock{}}}
		require.NoError(t, site.applyVerify(&cfg), name)
		k := verifyKey(p, sample.Options{}, cfg.Verify)
		assert.NotEqual(t, base, k, name)
		assert.False(t, keys[k], "%s: a key of its own", name)
		keys[k] = true
	}
	cfg := Config{}
	require.NoError(t, Site{}.applyVerify(&cfg))
	assert.Equal(t, base, verifyKey(p, sample.Options{}, cfg.Verify), "no sample keys: the key stays as it was")
	assert.Equal(t, base, verifyKey(p, sample.Options{}, VerifyOptions{}), "the key is stable")
}
