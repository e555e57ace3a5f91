package generator

import (
	"bytes"
	"context"
	"github.com/docproof/docproof/internal/mockbackend"
	"strings"
	"testing"
	"time"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

// FuzzFrontMatter feeds arbitrary text to the front matter splitter: it must
// never panic, keep every body offset where it was in the file (the body has
// the file's length and newlines), and put every error on a line of the file.
// Seed corpus: testdata/fuzz/FuzzFrontMatter/.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\nweight: 2\n---\n# Body\n",
		"---\n- a\n---\n",
		"---\ntitle: [unclosed\n---\n",
		"---\ntitle: A\n",
		"---\n---\n",
		"---\ntitle: A\n...\nbody\n",
		"---\ntitle: a\n---\ntitle: b\n---\n",
		"---\nbind:\n  x: y\ndraft: yes\n---\n",
		"--- \r\ncolour: red\r\n---\r\n",
		"---\n&a [*a]\n---\n",
		"---\n%YAML 1.2\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr := source.ParseFront("content/f.md", data)
		fm, body, diags := fr.FM, fr.Body(data), fr.Diags
		lines := bytes.Count(data, []byte("\n")) + 1
		if len(body) != len(data) {
			t.Fatalf("body is %d bytes, the file %d: offsets moved", len(body), len(data))
		}
		if bytes.Count(body, []byte("\n")) != lines-1 {
			t.Fatalf("body has %d newlines, the file %d: lines moved", bytes.Count(body, []byte("\n")), lines-1)
		}
		if fm.BodyLine < 1 || fm.BodyLine > lines+1 {
			t.Fatalf("BodyLine %d outside the file (%d lines)", fm.BodyLine, lines)
		}
		for _, d := range diags {
			checkDiag(t, d, "content/f.md", lines)
		}
	})
}

// FuzzPagePipeline runs one arbitrary Markdown page through every stage a
// build runs before writing: text check, front matter, render, tree, links,
// sample extraction and running against the in-process mock. Nothing may
// panic (a recovered panic shows up as an "internal error" diagnostic) and
// every diagnostic must carry the page's file and a line inside it.
// Seed corpus: testdata/fuzz/FuzzPagePipeline/ plus testdata/render/*.md.
func FuzzPagePipeline(f *testing.F) {
	for _, s := range []string{
		"# Tokens\n\n```bash\ncurl -X POST https://agent.buildkite.com/v3/register \\\n  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" \\\n  -H \"Content-Type: application/json\" -d '{\"name\":\"a\"}'\n```\n\n```json {response}\n{\"access_token\": \"<token:session>\"}\n```\n",
		"---\ntitle: T\nbind:\n  abc: BUILDKITE_AGENT_TOKEN\n---\n```bash {sample=x status=401}\ncurl https://agent.buildkite.com/v3/ping -H 'Authorization: Token abc'\n```\n",
		"```graphql {token=BUILDKITE_API_TOKEN}\nquery { viewer { id } }\n```\n```json {variables}\n{}\n```\n",
		"```http\nGET https://agent.buildkite.com/v3/ping HTTP/1.1\n```\n```http {response}\nHTTP/1.1 401\n```\n",
		"```json {response}\n{}\n```\n",
		"```bash {capture=\"A=x.y\"}\ncurl https://agent.buildkite.com/v3/token -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\"\n```\n```bash\ncurl https://agent.buildkite.com/v3/token -H \"Authorization: Token $A\"\n```\n",
		"```bash\ncurl 'https://agent.buildkite.com/v3/register\n```\n",
		"```console\n$ curl --retry 3 https://example.com/\n```\n",
		"[a](missing.md#x) [b](#nope)\n\n{:toc}\n",
		"```bash {skip}\ncurl https://agent.buildkite.com/v3/ping\n```\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "content/d/f.md"
		if _, ok := source.CheckText(file, data); !ok {
			return // Load rejects it with a positioned error before rendering
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		cfg := Config{Workers: 1, Verify: VerifyOptions{Timeout: 2 * time.Second, Mock: mockbackend.Mock{}}}
		srcs := []source.Source{{Rel: "d/f.md", File: file, Data: data}}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		pages, diags := renderPages(ctx, cfg, srcs)
		_ = BuildNav(pages)
		diags = append(diags, markdown.CheckLinks(pages, srcs)...)
		rep, d := verifySamples(ctx, cfg, pages)
		diags = append(diags, d...)
		for _, d := range diags {
			checkDiag(t, d, file, lines)
		}
		for _, r := range rep.Results {
			if r.File != file || r.Line < 1 || r.Line > lines {
				t.Fatalf("sample result at %s:%d, outside %s (%d lines)", r.File, r.Line, file, lines)
			}
			if r.Outcome == "fail" && r.Message == "" && r.Diff == "" {
				t.Fatalf("failed sample %s:%d says nothing", r.File, r.Line)
			}
		}
	})
}

// checkDiag fails on a diagnostic that hides a panic, has no message, or
// does not point into file.
func checkDiag(t *testing.T, d diag.Diagnostic, file string, lines int) {
	t.Helper()
	if strings.Contains(d.Message, "internal error") || strings.Contains(d.Message, "mock panic") {
		t.Fatalf("panic turned into a diagnostic: %v", d)
	}
	if d.Message == "" {
		t.Fatalf("diagnostic without a message: %+v", d)
	}
	if d.File != file {
		t.Fatalf("diagnostic names %q, not the page %q: %v", d.File, file, d)
	}
	if d.Line < 0 || d.Line > lines {
		t.Fatalf("diagnostic line %d outside the file (%d lines): %v", d.Line, lines, d)
	}
}
