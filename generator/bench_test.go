package generator

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

// realisticPage is a ~12 KB page shaped like the agent-token docs: front
// matter, a TOC, prose with links, tables, and many curl/json/graphql blocks.
func realisticPage() string {
	var b strings.Builder
	b.WriteString("---\ntitle: Agent tokens\ndescription: How the agent authenticates.\nweight: 2\n---\n{:toc}\n\n")
	for i := range 8 {
		fmt.Fprintf(&b, "## Section %d\n\nThe agent **registration token** is exchanged at `POST /v3/register` for an\n", i)
		b.WriteString("agent access token; see [the overview](index.md#overview) and [job tokens](jobs.md).\n\n")
		b.WriteString("| Token | Held by | Lives |\n| --- | --- | --- |\n| registration | you | until revoked |\n| access | the agent | while connected |\n\n")
		fmt.Fprintf(&b, "### Example %d\n\n```bash {sample=s%d}\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n", i, i)
		b.WriteString("  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\"name\": \"agent-1\", \"meta_data\": [\"queue=default\"]}'\n```\n\n")
		b.WriteString("```json {response}\n{\n  \"id\": \"<uuid:agent-id>\",\n  \"name\": \"agent-1\",\n  \"access_token\": \"<token:access-token>\",\n  \"meta_data\": [\"queue=default\"]\n}\n```\n\n")
		b.WriteString("```graphql\nmutation {\n  agentTokenCreate(input: {organizationID: \"org\", description: \"ci\"}) {\n    tokenValue\n    agentTokenEdge { node { id description } }\n  }\n}\n```\n\n")
		b.WriteString("- a list item with *emphasis*\n- another with a [link](../other.md)\n\n")
	}
	return b.String()
}

// BenchmarkRenderPage renders one realistic page with a fresh highlighter
// cache each time (a cold build: goldmark, ids, TOC, links and chroma).
func BenchmarkRenderPage(b *testing.B) {
	src := source.Source{Rel: "agent/tokens.md", File: "content/agent/tokens.md", Data: []byte(realisticPage())}
	b.SetBytes(int64(len(src.Data)))
	b.ReportAllocs()
	for b.Loop() {
		p, _ := markdown.New(markdown.Options{}).Render(src)
		if len(p.Blocks) != 24 {
			b.Fatalf("got %d blocks", len(p.Blocks))
		}
	}
}

// BenchmarkRenderPageWarm renders the page with the code-block cache warm,
// as a rebuild in `docproof serve` does after an edit to the prose.
func BenchmarkRenderPageWarm(b *testing.B) {
	src := source.Source{Rel: "agent/tokens.md", File: "content/agent/tokens.md", Data: []byte(realisticPage())}
	m := markdown.New(markdown.Options{Highlight: NewCache().highlight})
	m.Render(src)
	b.SetBytes(int64(len(src.Data)))
	b.ReportAllocs()
	for b.Loop() {
		m.Render(src)
	}
}

// localLinks points the realistic page's links at its own headings.
var localLinks = strings.NewReplacer("(index.md#overview)", "(#section-0)", "(jobs.md)", "(#example-1)", "(../other.md)", "(#section-1)")

// benchSite writes n realistic pages (no samples run: Verify.Skip) and
// returns a Config for them.
func benchSite(b *testing.B, n int) Config {
	root := b.TempDir()
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("content/s%d/p%03d.md", i%10, i)] = localLinks.Replace(realisticPage())
	}
	testtree.Write(b, root, files)
	cfg := Config{ContentDir: root + "/content", OutDir: root + "/public", SiteFile: root + "/none.yaml", siteFileOptional: true}
	cfg.Verify.Skip = true
	return cfg
}

// BenchmarkBuildCold builds 200 pages from scratch: load, render, links,
// templates, secrets scan and publish.
func BenchmarkBuildCold(b *testing.B) {
	cfg := benchSite(b, 200)
	for i := 0; b.Loop(); i++ {
		coldOut(&cfg, i)
		if _, err := Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildWarm rebuilds the same 200 pages with a shared Cache, as
// `docproof serve` does after a save that changed one page.
func BenchmarkBuildWarm(b *testing.B) {
	cfg := benchSite(b, 200)
	cfg.Cache = NewCache()
	if _, err := Build(context.Background(), cfg); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		testtree.Write(b, cfg.ContentDir, map[string]string{"s0/p000.md": localLinks.Replace(realisticPage()) + fmt.Sprintf("\nEdit %d.\n", i)})
		if _, err := Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}
