package generator

import (
	"context"
	"errors"
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/sample"
)

const dialectSamples = "testdata/dialectsamples/content"

// TestDialectSamples checks the fixture pages written in the Buildkite
// docs' sample style (testdata/dialectsamples, its docproof.yaml spelling
// out the keys the dialect supplies): $TOKEN per host, URL templates,
// GraphQL literals and a capture, a query invalid against the published
// schema, and unmodelled requests (shell docproof does not run among them:
// pipes, command substitution, other hosts) listed once each.
func TestDialectSamples(t *testing.T) {
	res, err := Build(context.Background(), Config{ContentDir: dialectSamples, NoWrite: true, OutDir: filepath.Join(t.TempDir(), "public"), Verify: VerifyOptions{Mock: mockbackend.Mock{}}})
	var list diag.List
	require.True(t, errors.As(err, &list), "want the drift page's failure, got %v", err)
	require.Len(t, list.Errors(), 1, "%v", list)
	assert.Equal(t, "testdata/dialectsamples/content/drift.md", list.Errors()[0].File)
	assert.Equal(t, 9, list.Errors()[0].Line, "the line of the renamed field, not the fence")

	var b strings.Builder
	for _, r := range res.Samples {
		why := r.Message + r.SkipReason
		line := fmt.Sprintf("%s %s:%d %s %s", r.Outcome, strings.TrimPrefix(r.File, "testdata/dialectsamples/"), r.Line, r.Kind, why)
		fmt.Fprintln(&b, strings.TrimSpace(line))
	}
	sum := sample.Summarize(res.Samples)
	fmt.Fprintf(&b, "\nverified %d, failed %d, skipped %d (unmodelled %d)\n", sum.Verified, sum.Failed, sum.Skipped, sum.Unmodelled)
	for _, r := range sum.SkipReasons {
		fmt.Fprintln(&b, strings.ReplaceAll(r, "testdata/dialectsamples/", ""))
	}
	golden(t, "dialectsamples.golden", b.String())
}

func TestSampleKeysOfDocproofYAML(t *testing.T) {
	tests := []struct {
		name, yaml string
		line       int
		msg        string
	}{
		{"bind to a non-variable", "title: x\nbind:\n  \"{org.slug}\": org slug\n", 2, `bind: "{org.slug}": "org slug" is not a variable name`},
		{"capture into a non-variable", "title: x\ncapture:\n  1X: [id]\n", 2, `capture: "1X" is not a variable name`},
		{"capture an empty segment", "title: x\ncapture:\n  X: [data..id]\n", 2, `capture: X: "data..id" is not a JSON path`},
		{"missing schema", "title: x\ngraphql_schema: nope.graphql\n", 2, "graphql_schema: " + filepath.Join("DIR", "nope.graphql") + " does not exist"},
		{"broken schema", "title: x\ngraphql_schema: bad.graphql\n", 2, "graphql_schema: bad.graphql: not a GraphQL schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			content := filepath.Join(dir, "content")
			require.NoError(t, os.Mkdir(content, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.graphql"), []byte("type Query {"), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "docproof.yaml"), []byte(tt.yaml), 0o644))
			_, err := Build(context.Background(), Config{ContentDir: content, NoWrite: true, OutDir: filepath.Join(dir, "public"), Verify: VerifyOptions{Mock: mockbackend.Mock{}}})
			var ce *ConfigError
			require.True(t, errors.As(err, &ce), "want a ConfigError, got %v", err)
			assert.Equal(t, tt.line, ce.Line)
			assert.Contains(t, ce.Msg, strings.ReplaceAll(tt.msg, "DIR", dir))
		})
	}
}

func TestWithSampleDialect(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "pages"), 0o755))
	cfg := Config{ContentDir: filepath.Join(dir, "pages"), SiteFile: filepath.Join(dir, "docproof.yaml")}
	d := sample.Buildkite()

	// Nothing set: the dialect's settings; no schema file, no schema.
	got := Site{}.withSampleDialect(d, cfg)
	assert.Equal(t, "adjacent", got.Responses)
	assert.Equal(t, "skip", got.Unmodelled)
	assert.Equal(t, "BUILDKITE_ORGANIZATION_SLUG", got.Bind["{org.slug}"])
	assert.Equal(t, "BUILDKITE_API_TOKEN", got.Env.Hosts["api.buildkite.com"]["TOKEN"])
	assert.Equal(t, "BUILDKITE_AGENT_TOKEN", got.Env.Hosts["agent.buildkite.com"]["TOKEN"])
	assert.Equal(t, []string{"data.clusterAgentTokenCreate.clusterAgentToken.id", "data.agentTokenCreate.agentTokenEdge.node.id"}, got.Capture["TOKEN_ID"])
	assert.Empty(t, got.GraphQLSchema)

	// The site's own keys win; the schema beside pages/ is found.
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "data", "graphql"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "data", "graphql", "schema.graphql"), []byte("type Query { a: Int }"), 0o644))
	own := Site{Responses: "marked", Unmodelled: "fail", Bind: map[string]string{"{org.slug}": "MY_ORG"}, Capture: map[string][]string{"TOKEN_ID": {"id"}}}
	own.Env.EnvMap = sample.EnvMap{Hosts: map[string]map[string]string{"api.buildkite.com": {"TOKEN": "BUILDKITE_API_TOKEN_READ_ONLY"}}}
	got = own.withSampleDialect(d, cfg)
	assert.Equal(t, "marked", got.Responses)
	assert.Equal(t, "fail", got.Unmodelled)
	assert.Equal(t, "MY_ORG", got.Bind["{org.slug}"])
	assert.Equal(t, "BUILDKITE_CLUSTER_ID", got.Bind["{cluster.id}"], "the dialect's other binds stay")
	assert.Equal(t, []string{"id"}, got.Capture["TOKEN_ID"])
	assert.Equal(t, "BUILDKITE_API_TOKEN_READ_ONLY", got.Env.Hosts["api.buildkite.com"]["TOKEN"])
	assert.Equal(t, "BUILDKITE_AGENT_TOKEN", got.Env.Hosts["agent.buildkite.com"]["TOKEN"])
	assert.Equal(t, filepath.Join("data", "graphql", "schema.graphql"), got.GraphQLSchema)
}

// TestDialectBuildkiteSamples: `dialect: buildkite` alone supplies what the
// fixture's docproof.yaml spells out (tokens per host, binds, the capture,
// the published schema beside pages/), so the pages check the same way.
func TestDialectBuildkiteSamples(t *testing.T) {
	dir := t.TempDir()
	pages := filepath.Join(dir, "pages")
	require.NoError(t, os.CopyFS(pages, os.DirFS(dialectSamples)))
	schema, err := os.ReadFile("testdata/dialectsamples/published.graphql")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "data", "graphql"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "data", "graphql", "schema.graphql"), schema, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "docproof.yaml"), []byte("title: x\ndialect: buildkite\n"), 0o644))

	res, err := Build(context.Background(), Config{ContentDir: pages, NoWrite: true, OutDir: filepath.Join(dir, "public"), Verify: VerifyOptions{Mock: mockbackend.Mock{}}})
	var list diag.List
	require.True(t, errors.As(err, &list), "want the drift page's failure, got %v", err)
	require.Len(t, list.Errors(), 1, "%v", list)
	assert.Equal(t, 9, list.Errors()[0].Line)
	assert.Contains(t, list.Errors()[0].Message, "not valid against the published schema "+filepath.Join("data", "graphql", "schema.graphql"))
	sum := sample.Summarize(res.Samples)
	assert.Equal(t, [4]int{7, 1, 8, 8}, [4]int{sum.Verified, sum.Failed, sum.Skipped, sum.Unmodelled})
}
