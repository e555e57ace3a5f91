package generator

import (
	"context"
	"errors"
	"github.com/docproof/docproof/internal/mockbackend"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/output"
	"github.com/docproof/docproof/generator/source"
)

var siteFiles = map[string]string{
	"index.md":        "---\ntitle: Home\n---\n# Welcome\n\nRead the [guide](guide/index.md) and [tokens](guide/tokens.md#revoking).\n",
	"guide/index.md":  "---\ntitle: Guide\nweight: 2\n---\n{:toc}\n\n## Start\n\n![A diagram](../img/d.svg)\n",
	"guide/tokens.md": "---\ntitle: Tokens\nweight: 1\ndescription: All about tokens.\n---\n## Revoking\n\nText.\n\n```json\n{\"a\": 1}\n```\n",
	"guide/wip.md":    "---\ntitle: Work in progress\ndraft: true\n---\nNot yet.\n",
	"img/d.svg":       "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
}

// newSite writes siteFiles (plus extra) into a temp dir and returns a Config
// for it with OutDir beside the content.
func newSite(t testing.TB, extra map[string]string) Config {
	t.Helper()
	root := t.TempDir()
	content := filepath.Join(root, "content")
	testtree.Write(t, content, siteFiles)
	testtree.Write(t, content, extra)
	return Config{ContentDir: content, OutDir: filepath.Join(root, "public"), SiteFile: filepath.Join(root, "none.yaml"),
		siteFileOptional: true, Verify: VerifyOptions{Mock: mockbackend.Mock{}}}
}

// build runs Build, against the embedded mock unless cfg names a backend.
func build(t testing.TB, cfg Config) (*Result, error) {
	t.Helper()
	if cfg.Verify.Mock == nil && cfg.Verify.NewBackend == nil {
		cfg.Verify.Mock = mockbackend.Mock{}
	}
	return Build(context.Background(), cfg)
}

func TestBuildWritesSite(t *testing.T) {
	cfg := newSite(t, nil)
	res, err := build(t, cfg)
	require.NoError(t, err)
	assert.Equal(t, 3, res.Pages, "the draft is not published")
	tree := testtree.Read(t, cfg.OutDir, output.MarkerFile)
	for _, f := range []string{"index.html", "guide/index.html", "guide/tokens/index.html", "img/d.svg", "404.html", "robots.txt"} {
		assert.Contains(t, tree, f)
	}
	assert.NotContains(t, tree, "sitemap.xml", "no base_url: sitemap locations cannot be absolute")
	assert.NotContains(t, tree, "guide/wip/index.html")
	home := tree["index.html"]
	assert.Contains(t, home, `<a href="/guide/tokens/#revoking">tokens</a>`)
	assert.Contains(t, home, `<a href="/guide/">guide</a>`)
	assert.Contains(t, tree["guide/index.html"], `<img src="/img/d.svg" alt="A diagram">`)
	assert.Contains(t, tree["guide/index.html"], `<nav class="toc"`)
	assert.Equal(t, siteFiles["img/d.svg"], tree["img/d.svg"])
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg.OutDir), ".public-*"))
	assert.Empty(t, leftovers, "no temp dirs left beside the output")
}

func TestBuildIsDeterministic(t *testing.T) {
	cfg := newSite(t, nil)
	cfg.Workers = 1
	_, err := build(t, cfg)
	require.NoError(t, err)
	first := testtree.Read(t, cfg.OutDir, output.MarkerFile)
	cfg.Workers = 8
	cfg.OutDir += "-2"
	_, err = build(t, cfg)
	require.NoError(t, err)
	assert.Equal(t, first, testtree.Read(t, cfg.OutDir, output.MarkerFile))
}

func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	cfg := newSite(t, nil)
	_, err := build(t, cfg)
	require.NoError(t, err)
	before := testtree.Read(t, cfg.OutDir, output.MarkerFile)
	testtree.Write(t, cfg.ContentDir, map[string]string{
		"guide/tokens.md": "# Tokens\n\nChanged text, [broken](nowhere.md).\n\n## Revoking\n",
	})
	_, err = build(t, cfg)
	var list diag.List
	require.ErrorAs(t, err, &list)
	assert.Equal(t, filepath.ToSlash(cfg.ContentDir)+`/guide/tokens.md:3: broken link "nowhere.md": no published page at /guide/nowhere/ (is the file missing, misspelt or a draft?) (link to a .md file relative to this page, e.g. ../tokens.md#revoking)`, err.Error())
	assert.Equal(t, before, testtree.Read(t, cfg.OutDir, output.MarkerFile), "public/ must be byte-for-byte what it was")
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg.OutDir), ".public-*"))
	assert.Empty(t, leftovers)
}

func TestCancelledBuildLeavesOutputUntouched(t *testing.T) {
	cfg := newSite(t, nil)
	_, err := build(t, cfg)
	require.NoError(t, err)
	before := testtree.Read(t, cfg.OutDir, output.MarkerFile)
	testtree.Write(t, cfg.ContentDir, map[string]string{"new.md": "# New\n"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Build(ctx, cfg)
	require.Error(t, err)
	assert.Equal(t, "build cancelled: context canceled", err.Error(), "said once")
	assert.Equal(t, before, testtree.Read(t, cfg.OutDir, output.MarkerFile))
}

func TestDeletedPageDisappears(t *testing.T) {
	cfg := newSite(t, map[string]string{"old.md": "# Old page\n", "old.txt": "static\n"})
	_, err := build(t, cfg)
	require.NoError(t, err)
	require.Contains(t, testtree.Read(t, cfg.OutDir, output.MarkerFile), "old/index.html")
	require.NoError(t, os.Remove(filepath.Join(cfg.ContentDir, "old.md")))
	require.NoError(t, os.Remove(filepath.Join(cfg.ContentDir, "old.txt")))
	_, err = build(t, cfg)
	require.NoError(t, err)
	tree := testtree.Read(t, cfg.OutDir, output.MarkerFile)
	assert.NotContains(t, tree, "old/index.html")
	assert.NotContains(t, tree, "old.txt")
	assert.NoDirExists(t, filepath.Join(cfg.OutDir, "old"))
}

func TestAllErrorsReportedTogether(t *testing.T) {
	cfg := newSite(t, map[string]string{
		"a.md": "---\ntitle: [unclosed\n---\n# A\n",
		"b.md": "# B\n\n```bash {nope=1}\necho\n```\n\n```json\n{}\n",
		"c.md": "# C\n\n[gone](gone.md#x)\n",
	})
	_, err := build(t, cfg)
	var list diag.List
	require.ErrorAs(t, err, &list)
	var got []string
	for _, d := range list {
		got = append(got, strings.TrimPrefix(d.Pos(), filepath.ToSlash(cfg.ContentDir)+"/")+" "+d.Message)
	}
	assert.Equal(t, []string{
		"a.md:2 front matter: sequence end token ']' not found",
		`b.md:3 unknown fence attribute "nope"`,
		"b.md:7 code block is never closed",
		`c.md:3 broken link "gone.md#x": no published page at /gone/ (is the file missing, misspelt or a draft?)`,
	}, got)
	assert.NoDirExists(t, cfg.OutDir)
}

func TestDuplicateURL(t *testing.T) {
	cfg := newSite(t, map[string]string{"guide/tokens/index.md": "# Tokens again\n"})
	_, err := build(t, cfg)
	require.Error(t, err)
	c := filepath.ToSlash(cfg.ContentDir)
	assert.Contains(t, err.Error(), c+"/guide/tokens.md: page URL /guide/tokens/ is also the URL of "+c+"/guide/tokens/index.md (rename or move one of them)")
}

func TestStaticFileClashes(t *testing.T) {
	cfg := newSite(t, map[string]string{"guide/index.html": "<p>hand-written</p>\n"})
	_, err := build(t, cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/guide/index.html: this file would overwrite the page ")
}

func TestLoadProblems(t *testing.T) {
	cfg := newSite(t, map[string]string{"bin.md": "# Bin\n\x00\x01", "latin1.md": "# Caf\xe9\n"})
	require.NoError(t, os.Symlink("..", filepath.Join(cfg.ContentDir, "guide", "loop")))
	require.NoError(t, os.Symlink("missing-target", filepath.Join(cfg.ContentDir, "dangling.md")))
	outside := t.TempDir()
	testtree.Write(t, outside, map[string]string{"secret.txt": "TOP-SECRET", "dir/page.md": "# Outside"})
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(cfg.ContentDir, "secret.txt")))
	require.NoError(t, os.Symlink(filepath.Join(outside, "dir"), filepath.Join(cfg.ContentDir, "outdir")))
	require.NoError(t, os.Symlink("../../../"+filepath.Base(outside)+"/secret.txt", filepath.Join(cfg.ContentDir, "guide", "rel.txt")))
	require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(cfg.ContentDir, "passwd.txt")))
	require.NoError(t, os.Symlink(filepath.Join(cfg.ContentDir, "index.md"), filepath.Join(cfg.ContentDir, "abs.md")))
	big := strings.Repeat("x", source.MaxMarkdownSize+1)
	testtree.Write(t, cfg.ContentDir, map[string]string{"big.md": big})
	_, err := build(t, cfg)
	var list diag.List
	require.ErrorAs(t, err, &list)
	c := filepath.ToSlash(cfg.ContentDir)
	msg := strings.ReplaceAll(err.Error(), c+"/", "")
	assert.Equal(t, strings.Join([]string{
		"abs.md: symlink has an absolute target (index.md) (make it relative (ln -sr), so it stays inside the content directory wherever the folder moves)",
		"big.md: Markdown file is 10 MiB, larger than the 10 MiB limit (split the page into several pages)",
		"bin.md:2:1: NUL byte in Markdown (is this a binary file? give it a non-.md extension)",
		"dangling.md: broken symlink: its target does not exist (fix or remove the symlink)",
		"guide/loop: symlink loop: this directory links back to one of its parents (remove the symlink)",
		"guide/rel.txt: symlink leads outside the content directory (to ../../../" + filepath.Base(outside) + "/secret.txt) (copy what it points to into " + c + ", or point the link inside it)",
		"latin1.md:1:6: invalid UTF-8 byte 0xe9 (save the file as UTF-8)",
		"outdir: symlink leads outside the content directory (to " + filepath.ToSlash(filepath.Join(outside, "dir")) + ") (copy what it points to into " + c + ", or point the link inside it)",
		"passwd.txt: symlink leads outside the content directory (to /etc/passwd) (copy what it points to into " + c + ", or point the link inside it)",
		"secret.txt: symlink leads outside the content directory (to " + filepath.ToSlash(filepath.Join(outside, "secret.txt")) + ") (copy what it points to into " + c + ", or point the link inside it)",
	}, "\n"), msg)
}

func TestConfigErrors(t *testing.T) {
	cfg := newSite(t, nil)
	tests := []struct {
		name string
		edit func(c *Config)
		want string
	}{
		{"missing content dir", func(c *Config) { c.ContentDir += "-nope" }, "does not exist (create it, or pass --content DIR)"},
		{"output would replace content", func(c *Config) { c.OutDir = filepath.Dir(c.ContentDir) }, "is or holds the content directory"},
		{"output is the content dir", func(c *Config) { c.OutDir = c.ContentDir }, "is or holds the content directory"},
		{"output inside content", func(c *Config) { c.OutDir = filepath.Join(c.ContentDir, "public") }, "lies inside the content directory"},
		{"explicit config file missing", func(c *Config) { c.siteFileOptional = false }, "cannot read site config"},
		{"bad yaml in config", func(c *Config) {
			c.SiteFile = filepath.Join(t.TempDir(), "docproof.yaml")
			testtree.Write(t, filepath.Dir(c.SiteFile), map[string]string{"docproof.yaml": "title: x\nbase_ur1: https://x/\n"})
		}, `docproof.yaml:2: unknown field "base_ur1"`},
		{"bad base_url", func(c *Config) {
			c.SiteFile = filepath.Join(t.TempDir(), "docproof.yaml")
			testtree.Write(t, filepath.Dir(c.SiteFile), map[string]string{"docproof.yaml": "base_url: docs.example\n"})
		}, `base_url "docs.example" is not an absolute http(s) URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg
			tt.edit(&c)
			_, err := build(t, c)
			var ce *ConfigError
			require.True(t, errors.As(err, &ce), "want a *ConfigError, got %v", err)
			assert.Contains(t, ce.Error(), tt.want)
		})
	}
}

func TestLinksGolden(t *testing.T) {
	cfg := Config{ContentDir: "testdata/links", OutDir: filepath.Join(t.TempDir(), "public"), NoWrite: true,
		SiteFile: "none.yaml", siteFileOptional: true, Verify: VerifyOptions{Mock: mockbackend.Mock{}}}
	res, err := build(t, cfg)
	require.Error(t, err)
	var b strings.Builder
	b.WriteString(err.Error() + "\n== warnings\n")
	for _, w := range res.Warnings {
		b.WriteString(w.Error() + "\n")
	}
	golden(t, "links.golden", b.String())
}

func TestHeadingSlugsAvoidTemplateIDs(t *testing.T) {
	cfg := newSite(t, map[string]string{"c.md": "# C\n\n## Content\n\n## Sidebar\n"})
	_, err := build(t, cfg)
	require.NoError(t, err)
	html := testtree.Read(t, cfg.OutDir, output.MarkerFile)["c/index.html"]
	assert.Contains(t, html, `<h2 id="content-1">`)
	assert.Contains(t, html, `<h2 id="sidebar-1">`)
	assert.Equal(t, 1, strings.Count(html, `id="content"`), "the layout's id stays unique")
}

func TestSkippedVerificationMarksNothingVerified(t *testing.T) {
	sampleMD := "# S\n\n```bash\ncurl -sS \"$BUILDKITE_AGENT_ENDPOINT/ping\"\n```\n"
	cfg := newSite(t, map[string]string{"s.md": sampleMD})
	cfg.Verify.Skip = true
	cfg.Cache = NewCache()
	_, err := build(t, cfg)
	require.NoError(t, err)
	html := testtree.Read(t, cfg.OutDir, output.MarkerFile)["s/index.html"]
	assert.Contains(t, html, `<div class="codeblock" data-lang="bash">`)
	assert.NotContains(t, html, `class="verified"`)
}

// TestWarmRebuildEqualsColdBuild edits, adds and deletes pages between
// builds that share a Cache, and checks each warm build against a cold one.
func TestWarmRebuildEqualsColdBuild(t *testing.T) {
	cfg := newSite(t, map[string]string{"guide/extra.md": "---\ntitle: Extra\n---\nText.\n"})
	cfg.Cache = NewCache()
	edits := []map[string]string{
		{"guide/tokens.md": "---\ntitle: Tokens renamed\nweight: 1\n---\n## Revoking\n\nNew text.\n"},
		{"guide/new.md": "# Brand new\n\nLinks to [tokens](tokens.md#revoking).\n"},
		{"guide/extra.md": ""}, // deleted
		{"guide/index.md": "---\ntitle: Guide\nweight: 9\n---\n{:toc}\n\n## Start again\n"},
	}
	for i, edit := range edits {
		for name, body := range edit {
			p := filepath.Join(cfg.ContentDir, filepath.FromSlash(name))
			if body == "" {
				require.NoError(t, os.Remove(p))
			} else {
				testtree.Write(t, cfg.ContentDir, map[string]string{name: body})
			}
		}
		_, err := build(t, cfg)
		require.NoError(t, err, "edit %d", i)
		cold := cfg
		cold.Cache = nil
		cold.OutDir = cfg.OutDir + "-cold"
		_, err = build(t, cold)
		require.NoError(t, err)
		assert.Equal(t, testtree.Read(t, cold.OutDir, output.MarkerFile), testtree.Read(t, cfg.OutDir, output.MarkerFile), "edit %d", i)
	}
}

func TestLoadNormalisesLineEndings(t *testing.T) {
	dir := t.TempDir()
	testtree.Write(t, dir, map[string]string{"w.md": "\uFEFF---\r\ntitle: W\r\n---\r\n\r\n```bash {nope}\r\necho\r\n```\r\n", "x.bin": "a\r\nb"})
	srcs, diags := loadSources(t, dir)
	require.Empty(t, diags)
	require.Len(t, srcs, 2)
	assert.Equal(t, "---\ntitle: W\n---\n\n```bash {nope}\necho\n```\n", string(srcs[0].Data))
	assert.Nil(t, srcs[1].Data, "static files are copied from disk, not loaded")
	p, pd := renderSource(t, "w.md", string(srcs[0].Data))
	assert.Equal(t, "W", p.Title)
	require.Len(t, pd, 1)
	assert.Equal(t, 5, pd[0].Line)
}

// TestRebuildRelinksUnchangedPages checks that a warm rebuild hard-links
// the published copy of unchanged pages, and never reuses a published file
// that was changed by hand.
func TestRebuildRelinksUnchangedPages(t *testing.T) {
	cfg := newSite(t, nil)
	cfg.Cache = NewCache()
	_, err := build(t, cfg)
	require.NoError(t, err)
	stat := func(rel string) os.FileInfo {
		fi, err := os.Stat(filepath.Join(cfg.OutDir, rel))
		require.NoError(t, err)
		return fi
	}
	tokens, guide := stat("guide/tokens/index.html"), stat("guide/index.html")
	hand := filepath.Join(cfg.OutDir, "index.html")
	require.NoError(t, os.WriteFile(hand, []byte("edited by hand"), 0o644))

	// Change only code (prose changes also change the search index, whose
	// hashed URL is in every page, so every page would be new).
	testtree.Write(t, cfg.ContentDir, map[string]string{"guide/tokens.md": strings.Replace(siteFiles["guide/tokens.md"], `"a": 1`, `"a": 2`, 1)})
	_, err = build(t, cfg)
	require.NoError(t, err)
	assert.True(t, os.SameFile(guide, stat("guide/index.html")), "unchanged page is relinked")
	assert.False(t, os.SameFile(tokens, stat("guide/tokens/index.html")), "edited page is written afresh")
	data, err := os.ReadFile(hand)
	require.NoError(t, err)
	assert.Contains(t, string(data), "<h1", "a hand-edited published file is rewritten, not relinked")
}

// secretBody73 is the body of a real-shaped token (73 characters).
const secretBody73 = "Xq3vB9kLmP2wR7tYz4NcH8sD1fG6jK0aE5uI2oWbVnMxQ7rT9yUe3pLk8JhGf4Ds6Az1Cv5Bn"

// TestBuildRefusesTokens runs the whole pipeline: a page holding a token
// fails the build at the page's line, and public/ keeps the last good site.
func TestBuildRefusesTokens(t *testing.T) {
	issued := mockbackend.New().Env()["BUILDKITE_AGENT_TOKEN"]
	require.NotEmpty(t, issued)
	sample := "```bash\ncurl -sS \"$BUILDKITE_AGENT_ENDPOINT/register\" -X POST -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" -H \"Content-Type: application/json\" -d '{\"name\":\"a\"}'\n```\n"
	tests := []struct {
		name, page string
		line       int
		msg        string
	}{
		{"real token shape in prose", "# Leak\n\nOur token is bkar_" + secretBody73 + ".\n", 3, "shaped like a real Buildkite token: bkar_…(73 chars)"},
		{"real token shape in a code block", "# Leak\n\n```text\nBUILDKITE_AGENT_TOKEN=bkct_" + secretBody73 + "\n```\n", 4, "bkct_…(73 chars)"},
		{"real token glued to a placeholder-looking run", "# Leak\n\nbkaa_exampleexampleexample1bkar_" + secretBody73 + "\n", 3, "bkar_…(73 chars)"},
		{"mock-issued token pasted into a page", "# Leak\n\n" + sample + "\nThe mock's token: `" + issued + "`\n", 7, "issued by the docproof mock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := newSite(t, nil)
			_, err := build(t, cfg)
			require.NoError(t, err)
			before := testtree.Read(t, cfg.OutDir, output.MarkerFile)
			testtree.Write(t, cfg.ContentDir, map[string]string{"leak.md": tt.page})
			_, err = build(t, cfg)
			var list diag.List
			require.ErrorAs(t, err, &list)
			require.Len(t, list, 1, err.Error())
			assert.Equal(t, filepath.Join(cfg.ContentDir, "leak.md"), filepath.FromSlash(list[0].File))
			assert.Equal(t, tt.line, list[0].Line)
			assert.Contains(t, list[0].Message, tt.msg)
			assert.NotContains(t, err.Error(), secretBody73[:20])
			assert.NotContains(t, err.Error(), issued[5:25])
			assert.Equal(t, before, testtree.Read(t, cfg.OutDir, output.MarkerFile), "public/ must be what it was")
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg.OutDir), ".public-*"))
			assert.Empty(t, leftovers)
		})
	}
}

// loadSources lists dir and reads every Markdown page into its Data, as the
// build does page by page.
func loadSources(t testing.TB, dir string) ([]source.Source, diag.List) {
	t.Helper()
	srcs, diags := source.List(dir)
	var out []source.Source
	for _, s := range srcs {
		if source.IsMarkdown(s.Rel) {
			data, d, ok := source.ReadMarkdown(s)
			if !ok {
				diags = append(diags, d)
				continue
			}
			s.Data = data
		}
		out = append(out, s)
	}
	return out, diags
}
