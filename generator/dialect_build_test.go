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

	"github.com/docproof/docproof/generator/internal/testtree"
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

// TestConventionsAreOptionsOfTheirOwn: a site turns on two conventions
// without the dialect; the others stay off (ERB stays text, an unknown
// front matter key is still an error).
func TestConventionsAreOptionsOfTheirOwn(t *testing.T) {
	root := t.TempDir()
	testtree.Write(t, root, map[string]string{
		"docproof.yaml":      "urls: docs\nheading_ids: nested\n",
		"pages/a_b/c_d.md":   "# C\n\n## Set up\n\n### C++ client\n\nSee [it](/docs/a-b/c-d#set-up-c-plus-plus-client).\n",
		"pages/e.md":         "---\nkeywords: x\n---\n# E\n\n<%= render 'a/b' %>\n",
		"pages/a_b/_note.md": "A partial, never a page.\n",
		"pages/f.md":         "# F\n\n[bad](/docs/a-b/c-d#set-up-c-client)\n",
	})
	cfg := Config{ContentDir: filepath.Join(root, "pages"), SiteFile: filepath.Join(root, "docproof.yaml"),
		OutDir: filepath.Join(root, "public"), NoWrite: true}
	res, err := build(t, cfg)
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, `pages/e.md:2: front matter: unknown field "keywords"`, "front_matter stays strict")
	assert.Contains(t, msg, `pages/f.md:3: broken link "/docs/a-b/c-d#set-up-c-client": no anchor #set-up-c-client`)
	assert.Contains(t, msg, "anchors there include #set-up-c-plus-plus-client")
	assert.NotContains(t, msg, "c_d.md:7", "the link by URL to a nested id resolves")
	assert.Equal(t, 3, res.Pages, "the partial is no page")
}

func TestDialectConfigErrors(t *testing.T) {
	root := t.TempDir()
	testtree.Write(t, root, map[string]string{"docproof.yaml": "title: x\ndialect: hugo\n", "pages/a.md": "# A\n"})
	cfg := Config{ContentDir: filepath.Join(root, "pages"), SiteFile: filepath.Join(root, "docproof.yaml"), NoWrite: true}
	_, err := build(t, cfg)
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 2, ce.Line)
	assert.Equal(t, `dialect: "hugo" is not a dialect docproof knows: use buildkite`, ce.Msg)
}

// TestTokenInPartialIsFoundInThePartial: a token written in a partial is
// refused at the partial's line, both when the build scans its output and
// when check scans the sources.
func TestTokenInPartialIsFoundInThePartial(t *testing.T) {
	for _, noWrite := range []bool{false, true} {
		root := t.TempDir()
		testtree.Write(t, root, map[string]string{
			"docproof.yaml": "dialect: buildkite\n",
			"pages/a.md":    "# A\n\n<%= render 'b' %>\n",
			"pages/_b.md":   "Some text.\n\nOur token is bkar_" + secretBody73 + ".\n",
		})
		cfg := Config{ContentDir: filepath.Join(root, "pages"), SiteFile: filepath.Join(root, "docproof.yaml"),
			OutDir: filepath.Join(root, "public"), NoWrite: noWrite}
		_, err := build(t, cfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "_b.md:3: ", "noWrite=%v", noWrite)
		assert.Contains(t, err.Error(), "bkar_…(73 chars)")
		assert.NotContains(t, err.Error(), secretBody73[:20])
	}
}
