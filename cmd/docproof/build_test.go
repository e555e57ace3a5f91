package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// site writes a small content tree into a temp dir and chdirs there, as a
// writer running `docproof build` in their repository would.
func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	t.Chdir(dir)
	return dir
}

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBuildCommand(t *testing.T) {
	good := map[string]string{
		"docproof.yaml":    "title: Test site\nbase_url: https://docs.example.invalid/\n",
		"content/index.md": "---\ntitle: Home\n---\nSee [the guide](guide.md#usage).\n",
		"content/guide.md": "# Guide\n\n## Usage\n\n![](pic.png)\n",
		"content/pic.png":  "png",
	}
	summary := regexp.MustCompile(`^docproof: built 2 pages into public, 0 samples verified, 0 skipped, 1 warning in \d+ms\n$`)

	t.Run("success prints one summary line and warnings", func(t *testing.T) {
		dir := site(t, good)
		code, out, errOut := runCLI("build")
		assert.Equal(t, 0, code, errOut)
		assert.Regexp(t, summary, out)
		assert.Equal(t, "content/guide.md:5: warning: image \"pic.png\" has no alt text (describe the image for readers who cannot see it: ![what it shows](path))\n", errOut)
		assert.FileExists(t, filepath.Join(dir, "public", "guide", "index.html"))
	})
	t.Run("content errors exit 1 with file:line", func(t *testing.T) {
		files := map[string]string{"content/bad.md": "---\ntitle: Bad\n---\n[x](missing.md)\n\n```bash {colour=red}\necho\n```\n"}
		for k, v := range good {
			files[k] = v
		}
		dir := site(t, files)
		code, out, errOut := runCLI("build", "--out", "site")
		assert.Equal(t, 1, code)
		assert.Empty(t, out)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		require.Len(t, lines, 4, errOut)
		assert.Equal(t, `content/bad.md:4: broken link "missing.md": no published page at /missing/ (is the file missing, misspelt or a draft?) (link to a .md file relative to this page, e.g. ../tokens.md#revoking)`, lines[1])
		assert.True(t, strings.HasPrefix(lines[2], `content/bad.md:6: unknown fence attribute "colour"`), lines[2])
		assert.True(t, strings.HasPrefix(lines[3], "docproof: FAILED with 2 errors"), lines[3])
		assert.NoDirExists(t, filepath.Join(dir, "site"))
	})
	t.Run("missing content dir exits 2", func(t *testing.T) {
		site(t, map[string]string{"docproof.yaml": "title: x\n"})
		code, _, errOut := runCLI("build")
		assert.Equal(t, 2, code)
		assert.Equal(t, "docproof: content directory \"content\" does not exist (create it, or pass --content DIR)\n", errOut)
	})
	t.Run("bad config exits 2 with its line", func(t *testing.T) {
		files := map[string]string{"docproof.yaml": "title: x\ntitel: y\n"}
		files["content/index.md"] = good["content/index.md"]
		site(t, files)
		code, _, errOut := runCLI("build")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "docproof: docproof.yaml:2: unknown field \"titel\"")
	})
	t.Run("explicit --config that is missing exits 2", func(t *testing.T) {
		site(t, good)
		code, _, errOut := runCLI("build", "--config", "other.yaml")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "other.yaml: cannot read site config")
	})
	t.Run("--content and --templates", func(t *testing.T) {
		dir := site(t, map[string]string{
			"docs/index.md":  "# Hi\n",
			"tpl/page.html":  `<title>{{.Page.Title}}</title>{{.Page.Content}}`,
			"tpl/404.html":   `not found`,
			"tpl/_part.html": `{{define "part"}}x{{end}}`,
		})
		code, out, errOut := runCLI("build", "--content", "docs", "--templates", "tpl", "--out", "o")
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, "built 1 page into o")
		data, err := os.ReadFile(filepath.Join(dir, "o", "index.html"))
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(data), "<title>Hi</title><h1 id=\"hi\">Hi"), string(data))
	})
	t.Run("template errors name the template file and line", func(t *testing.T) {
		site(t, map[string]string{
			"content/index.md": "# Hi\n",
			"tpl/page.html":    "<title>{{.Page.Title}}</title>\n{{.Page.Nope}}\n",
			"tpl/404.html":     "x",
		})
		code, _, errOut := runCLI("build", "--templates", "tpl")
		assert.Equal(t, 1, code)
		assert.Contains(t, errOut, "tpl/page.html:2: template: executing \"page.html\" at <.Page.Nope>: can't evaluate field Nope in type generator.PageView (while rendering content/index.md)")

		site(t, map[string]string{"content/index.md": "# Hi\n", "tpl/page.html": "ok\n{{if}}\n"})
		code, _, errOut = runCLI("build", "--templates", "tpl")
		assert.Equal(t, 1, code)
		assert.Contains(t, errOut, "tpl/page.html:2: template: missing value for if")
	})
	t.Run("--help exits 0 and lists the flags", func(t *testing.T) {
		code, out, _ := runCLI("build", "--help")
		assert.Equal(t, 0, code)
		for _, f := range []string{"-content", "-out", "-templates", "-config", "usage: docproof build"} {
			assert.Contains(t, out, f)
		}
	})
	t.Run("bad usage exits 2", func(t *testing.T) {
		code, _, errOut := runCLI("build", "--nope")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "flag provided but not defined: -nope")
		code, _, errOut = runCLI("build", "stray")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, `unexpected argument "stray"`)
	})
}

func TestMainUsage(t *testing.T) {
	code, out, _ := runCLI()
	assert.Equal(t, 2, code)
	assert.Contains(t, out, "usage: docproof <command>")
	code, _, errOut := runCLI("frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown command "frobnicate"`)
	code, out, _ = runCLI("--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "build")
}

func TestHelpPrintedOnce(t *testing.T) {
	for _, cmd := range []string{"build", "check", "serve", "mock"} {
		t.Run(cmd, func(t *testing.T) {
			code, out, errOut := runCLI(cmd, "--help")
			assert.Equal(t, 0, code)
			assert.Equal(t, 1, strings.Count(out, "usage: docproof "+cmd), "stdout: %s", out)
			assert.Empty(t, errOut)

			code, out, errOut = runCLI(cmd, "--no-such-flag")
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.Equal(t, 1, strings.Count(errOut, "usage: docproof "+cmd), "stderr: %s", errOut)
		})
	}
}

func TestSiteConfigDiscovery(t *testing.T) {
	page := map[string]string{"docs/content/index.md": "# Home\n"}
	tests := []struct {
		name      string
		files     map[string]string
		wantTitle string
		wantWarn  string
	}{
		{"beside the content folder", map[string]string{"docs/docproof.yaml": "title: Beside\n", "docproof.yaml": "title: Working\n"}, "Beside", ""},
		{"the working folder", map[string]string{"docproof.yaml": "title: Working\n"}, "Working", ""},
		{"none: one warning naming the paths tried", nil, "", "warning: no docproof.yaml found (looked for docs/docproof.yaml and docproof.yaml): building with the default settings"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range page {
				files[k] = v
			}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := site(t, files)
			code, _, errOut := runCLI("build", "--content", "docs/content", "--out", "public", "--no-cache")
			require.Equal(t, 0, code, errOut)
			if tc.wantWarn != "" {
				assert.Equal(t, 1, strings.Count(errOut, tc.wantWarn), errOut)
				return
			}
			assert.NotContains(t, errOut, "docproof.yaml found")
			html, err := os.ReadFile(filepath.Join(dir, "public", "index.html"))
			require.NoError(t, err)
			assert.Contains(t, string(html), tc.wantTitle)
		})
	}
}

func TestEnvMapping(t *testing.T) {
	page := "# Ping\n\n```bash\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" -H \"Authorization: Token $MY_TOKEN\" -H \"Content-Type: application/json\" -d '{\"name\": \"a\"}'\n```\n"
	tests := []struct {
		name  string
		files map[string]string
		code  int
		want  string
	}{
		{"docproof.yaml", map[string]string{"docproof.yaml": "title: T\nbase_url: https://d.example.invalid/\nenv:\n  MY_TOKEN: BUILDKITE_AGENT_TOKEN\n", "content/index.md": page}, 0, "1 sample verified"},
		{"docproof.yaml per host", map[string]string{"docproof.yaml": "title: T\nbase_url: https://d.example.invalid/\nenv:\n  MY_TOKEN: BUILDKITE_API_TOKEN\n  agent.buildkite.com:\n    MY_TOKEN: BUILDKITE_AGENT_TOKEN\n", "content/index.md": page}, 0, "1 sample verified"},
		{"front matter", map[string]string{"docproof.yaml": "title: T\nbase_url: https://d.example.invalid/\n", "content/index.md": "---\nenv: {MY_TOKEN: BUILDKITE_AGENT_TOKEN}\n---\n" + page}, 0, "1 sample verified"},
		{"front matter over docproof.yaml", map[string]string{"docproof.yaml": "title: T\nbase_url: https://d.example.invalid/\nenv: {MY_TOKEN: BUILDKITE_API_TOKEN}\n", "content/index.md": "---\nenv: {MY_TOKEN: BUILDKITE_AGENT_TOKEN}\n---\n" + page}, 0, "1 sample verified"},
		{"a bad mapping in docproof.yaml", map[string]string{"docproof.yaml": "env:\n  MY_TOKEN: [a]\n", "content/index.md": page}, 2, "env: MY_TOKEN: the value must be the name of a variable the mock sets"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			site(t, tc.files)
			code, out, errOut := runCLI("build", "--no-cache")
			assert.Equal(t, tc.code, code, errOut)
			assert.Contains(t, out+errOut, tc.want)
		})
	}
}

func TestResponsesAdjacent(t *testing.T) {
	page := "# Register\n\n```bash\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" -H \"Content-Type: application/json\" -d '{\"name\": \"builder-1\"}'\n```\n\nThe answer:\n\n```json\n{\"name\": \"an-illustrative-name\", \"ping_interval\": \"ten\"}\n```\n"
	const cfg = "title: T\nbase_url: https://d.example.invalid/\n"
	tests := []struct {
		name, config string
		code         int
		want         string
	}{
		{"marked (default): a warning", cfg, 0, "content/index.md:9: warning: sample \"index#1\": this looks like the documented response of the sample at line 3: mark it `json {response}`, or add `{example}` to say it is not compared"},
		{"adjacent: compared by shape", cfg + "responses: adjacent\n", 1, "$.ping_interval: type number, documented string"},
		{"not a mode", cfg + "responses: nearby\n", 2, `docproof.yaml:3: responses: "nearby" is not a mode`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			site(t, map[string]string{"docproof.yaml": tc.config, "content/index.md": page})
			code, out, errOut := runCLI("build", "--no-cache")
			assert.Equal(t, tc.code, code, errOut)
			assert.Contains(t, out+errOut, tc.want)
		})
	}
}
