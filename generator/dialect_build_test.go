package generator

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageParts is what the golden files of the dialect fixtures hold of a
// built page: its article and its table of contents (the layout around
// them belongs to the templates' tests).
var pageParts = regexp.MustCompile(`(?s)<article class="prose">.*?</article>|<aside class="page-toc".*?</aside>`)

// TestBuildkiteDialectGolden builds the fixture site written in the
// Buildkite docs' dialect (testdata/buildkite/site, docproof.yaml with
// dialect: buildkite) and compares every page with its golden HTML.
func TestBuildkiteDialectGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{ContentDir: "testdata/buildkite/site/pages", SiteFile: "testdata/buildkite/site/docproof.yaml", OutDir: out}
	res, err := build(t, cfg)
	require.NoError(t, err)
	var warnings strings.Builder
	for _, w := range res.Warnings {
		warnings.WriteString(w.Error() + "\n")
	}
	golden(t, "buildkite/site.warnings", warnings.String())

	var pages []string
	require.NoError(t, filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "index.html" {
			rel, _ := filepath.Rel(out, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return err
	}))
	sort.Strings(pages)
	assert.Equal(t, []string{
		"docs/agent/index.html",
		"docs/agent/self-hosted/tokens/index.html",
		"docs/apis/rest-api/index.html",
		"docs/pipelines/release-notes/index.html",
	}, pages, "URLs are /docs/a-b/c-d; the partial _token_note.md is no page")
	for _, p := range pages {
		html, err := os.ReadFile(filepath.Join(out, p))
		require.NoError(t, err)
		got := strings.Join(pageParts.FindAllString(string(html), -1), "\n") + "\n"
		assert.NotContains(t, got, "<%", "%s: no ERB reaches the HTML", p)
		golden(t, "buildkite/"+strings.ReplaceAll(strings.TrimSuffix(p, "/index.html"), "/", "_")+".html", got)
	}
}

// TestBuildkiteDialectErrors checks the fixture site with mistakes: a broken
// link in a partial two includes deep is reported in the partial, with the
// lines that included it; a missing partial and a broken nested anchor at
// their lines in the page.
func TestBuildkiteDialectErrors(t *testing.T) {
	cfg := Config{ContentDir: "testdata/buildkite/bad/pages", SiteFile: "testdata/buildkite/bad/docproof.yaml",
		OutDir: filepath.Join(t.TempDir(), "public"), NoWrite: true}
	_, err := build(t, cfg)
	require.Error(t, err)
	golden(t, "buildkite/bad.errors", err.Error()+"\n")
}

// TestNoDialectChangesNothing: the conventions are off without a dialect,
// so a Buildkite-style tree builds as docproof's own Markdown does.
func TestNoDialectChangesNothing(t *testing.T) {
	cfg := Config{ContentDir: "testdata/buildkite/bad/pages", SiteFile: "none.yaml", siteFileOptional: true,
		OutDir: filepath.Join(t.TempDir(), "public"), NoWrite: true}
	_, err := build(t, cfg)
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, `no page or file at /docs/agent/tokens`, "pages are at /agent/tokens/, not /docs/…")
	assert.NotContains(t, msg, "partial", "ERB stays text")
}
