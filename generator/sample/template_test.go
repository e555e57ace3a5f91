package sample

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/mockapi"
	mockgraphql "github.com/docproof/docproof/mockapi/graphql"
)

func TestMarkTemplates(t *testing.T) {
	tests := []struct {
		name, code, want string
		templates        []urlTemplate
	}{
		{"none", `curl https://api.buildkite.com/v2/user`, `curl https://api.buildkite.com/v2/user`, nil},
		{"in a quoted URL", `curl "https://api.buildkite.com/v2/organizations/{org.slug}/clusters/{id}"`,
			`curl "https://api.buildkite.com/v2/organizations/docproof-template-0x/clusters/docproof-template-1x"`,
			[]urlTemplate{{"{org.slug}", "organizations"}, {"{id}", "clusters"}}},
		{"request line path", "GET /v2/organizations/{org.slug} HTTP/1.1", "GET /v2/organizations/docproof-template-0x HTTP/1.1",
			[]urlTemplate{{"{org.slug}", "organizations"}}},
		{"shell ${VAR} is not a template", `curl "https://api.buildkite.com/v2/organizations/${ORG}"`,
			`curl "https://api.buildkite.com/v2/organizations/${ORG}"`, nil},
		{"braces in a JSON body are not", `curl -d '{"query":"{viewer{id}}"}' https://graphql.buildkite.com/v1`,
			`curl -d '{"query":"{viewer{id}}"}' https://graphql.buildkite.com/v1`, nil},
		{"not after a slash: no segment", `curl "https://api.buildkite.com/v2/x?org={org.slug}"`,
			`curl "https://api.buildkite.com/v2/x?org=docproof-template-0x"`, []urlTemplate{{"{org.slug}", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, templates := markTemplates(tt.code)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.templates, templates)
		})
	}
}

func TestIsTemplate(t *testing.T) {
	for lit, want := range map[string]bool{
		"{org.slug}": true, "tokens/{id}": true, "{id}": true,
		"organization-id": false, "{org slug}": false, "tokens/id": false, "{a}{b}": false, "": false,
	} {
		assert.Equal(t, want, isTemplate(lit), lit)
	}
}

// TestBuildkiteTokenPerHost: $TOKEN is the API access token for the REST
// and GraphQL hosts and the agent token for the agent API, by the
// dialect's env mapping alone.
func TestBuildkiteTokenPerHost(t *testing.T) {
	env := mockapi.New(mockapi.WithSeed(1)).Env()
	m := Buildkite().Env
	for host, want := range map[string]string{
		"api.buildkite.com":     env["BUILDKITE_API_TOKEN"],
		"graphql.buildkite.com": env["BUILDKITE_API_TOKEN"],
		"agent.buildkite.com":   env["BUILDKITE_AGENT_TOKEN"],
	} {
		assert.Equal(t, want, m.apply(env, host)["TOKEN"], host)
	}
	_, set := m.apply(env, "example.com")["TOKEN"]
	assert.False(t, set, "no token for a host the dialect does not know")
}

// runMock runs blocks as one page against the real mock, with the
// Buildkite dialect's binds, env and captures.
func runMock(t *testing.T, opts Options, specs ...string) PageResult {
	t.Helper()
	d := Buildkite()
	ss, diags := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t, specs...), Env: d.Env, Bind: d.Bind, Capture: d.Capture})
	require.Empty(t, diags)
	mock := mockapi.New(mockapi.WithSeed(1), mockapi.WithClock(func() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }))
	return RunPage(context.Background(), ss, mock, opts)
}

func TestURLTemplates(t *testing.T) {
	const api = `curl -H "Authorization: Bearer $TOKEN" "https://api.buildkite.com/v2/organizations/{org.slug}/clusters/{cluster.id}`
	tests := []struct {
		name    string
		blocks  []string
		outcome string
		message string // of the failure or skip
		hint    string
	}{
		{"org and cluster", []string{"bash\n" + api + `"`, `json {response}` + "\n" + `{"name": "Default"}`}, "pass", "", ""},
		{"token by {token.id}", []string{"bash\n" + api + `/tokens/{token.id}"`, "json {response}\n{\"description\": \"<any>\"}"}, "pass", "", ""},
		{"{id} after tokens/", []string{"bash\n" + api + `/tokens/{id}"`}, "pass", "", ""},
		{"{id} after queues/", []string{"bash\n" + api + `/queues/{id}"`, "json {response}\n{\"key\": \"default\"}"}, "pass", "", ""},
		{"unbound on a modelled route", []string{"bash\n" + api + `/queues/{queue.key}"`}, "fail",
			"URL template {queue.key} is not bound to a value", `bind: {"queues/{queue.key}": NAME}`},
		{"unbound on an unmodelled route is unmodelled", []string{"bash\n" + `curl -H "Authorization: Bearer $TOKEN" "https://api.buildkite.com/v2/organizations/{org.slug}/pipelines/{pipeline.slug}"`},
			"fail", "the mock does not model GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}", ""},
		{"bound to an unset variable", []string{"bash {bind=\"{cluster.id}=NOPE\"}\n" + api + `"`}, "fail", `bind "{cluster.id}"=NOPE: $NOPE is not set`, ""},
		{"a value that is not a path segment", []string{"bash {bind=\"{cluster.id}=BUILDKITE_REST_ENDPOINT\"}\n" + api + `"`}, "fail", "is not a URL path segment", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr := runMock(t, Options{}, tt.blocks...)
			require.Len(t, pr.Results, 1)
			r := pr.Results[0]
			assert.Equal(t, tt.outcome, r.Outcome, "%s %s", r.Message, r.SkipReason)
			if tt.message != "" {
				assert.Contains(t, r.Message+r.SkipReason, tt.message)
			}
			if tt.hint != "" {
				require.NotEmpty(t, pr.Diags)
				assert.Contains(t, pr.Diags[0].Hint, tt.hint)
			}
		})
	}
}

// TestGraphQLLiteralsAndCapture: "organization-id" and "cluster-id" are
// the mock's; "token-id" is the token a sample before created (the
// dialect's capture), not the seeded one.
func TestGraphQLLiteralsAndCapture(t *testing.T) {
	create := "graphql\nmutation {\n  clusterAgentTokenCreate(input: {organizationId: \"organization-id\", clusterId: \"cluster-id\", description: \"farm\"}) {\n    clusterAgentToken { id }\n  }\n}"
	revoke := "graphql\nmutation {\n  clusterAgentTokenRevoke(input: {organizationId: \"organization-id\", id: \"token-id\"}) { deletedClusterAgentTokenId }\n}"
	pr := runMock(t, Options{},
		create, "json {response}\n{\"data\": {\"clusterAgentTokenCreate\": {\"clusterAgentToken\": {\"id\": \"<created>\"}}}}",
		revoke, "json {response}\n{\"data\": {\"clusterAgentTokenRevoke\": {\"deletedClusterAgentTokenId\": \"<created>\"}}}")
	require.Empty(t, pr.Diags)
	assert.Equal(t, "pass", pr.Results[1].Outcome)

	// Without a create before it, "token-id" is the seeded cluster token.
	env := mockapi.New(mockapi.WithSeed(1)).Env()
	pr = runMock(t, Options{}, revoke, "json {response}\n{\"data\": {\"clusterAgentTokenRevoke\": {\"deletedClusterAgentTokenId\": \""+env["BUILDKITE_CLUSTER_TOKEN_GRAPHQL_ID"]+"\"}}}")
	require.Empty(t, pr.Diags)
}

func TestSchemaCheck(t *testing.T) {
	published, err := ParseSchema("published.graphql", []byte(`
schema { query: Query }
type Query { organization(slug: ID): Organization }
type Organization { id: ID! name: String! pipelines(first: Int): Int }`))
	require.NoError(t, err)
	modelled, err := ParseSchema("mock", []byte(mockgraphql.Schema()))
	require.NoError(t, err)
	sc := &SchemaCheck{Published: published, Modelled: modelled}
	curlQuery := func(q string) string {
		return "bash\ncurl -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' https://graphql.buildkite.com/v1 \\\n  -d '{\"query\": \"" + q + "\"}'"
	}
	tests := []struct {
		name     string
		block    string
		skip     bool // unmodelled: skip
		outcome  string
		line     int
		message  string
		modelled bool // Result.Unmodelled is false
	}{
		{"valid and modelled runs", "graphql\nquery {\n  organization(slug: \"organization-slug\") { name }\n}", false, "pass", 0, "", true},
		{"a renamed field fails at its page line", "graphql\nquery {\n  organization(slug: \"organization-slug\") {\n    title\n  }\n}", false, "fail", 4,
			`the GraphQL query is not valid against the published schema published.graphql: Cannot query field "title" on type "Organization".`, true},
		{"a syntax error too", "graphql\nquery {\n  organization(slug: \"x\") {\n", false, "fail", 0, "published.graphql: syntax error", true},
		{"valid but unmodelled fails as unmodelled", "graphql\n{ organization(slug: \"x\") { pipelines(first: 1) } }", false, "fail", 1,
			`the mock's GraphQL schema does not model what this query uses: Cannot query field "pipelines" on type "Organization"`, false},
		{"or is skipped with unmodelled: skip", "graphql\n{ organization(slug: \"x\") { pipelines(first: 1) } }", true, "skip", 0,
			`Cannot query field "pipelines" on type "Organization"`, false},
		{"variables that are not an object give no values", "bash\ncurl -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' https://graphql.buildkite.com/v1 \\\n  -d '{\"query\": \"{ organization(slug: \\\"x\\\") { pipelines(first: 1) } }\", \"variables\": \"{ }\"}'",
			true, "skip", 0, `Cannot query field "pipelines"`, false},
		{"a curl body is checked at the curl line", curlQuery(`{ organization { title } }`), false, "fail", 2,
			`Cannot query field "title"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr := runMock(t, Options{Schemas: sc, SkipUnmodelled: tt.skip}, tt.block)
			require.Len(t, pr.Results, 1)
			r := pr.Results[0]
			assert.Equal(t, tt.outcome, r.Outcome, "%s %s", r.Message, r.SkipReason)
			assert.Contains(t, r.Message+r.SkipReason, tt.message)
			assert.Equal(t, !tt.modelled, r.Unmodelled)
			if tt.line > 0 {
				require.Len(t, pr.Diags, 1, "%v", pr.Diags)
				assert.Equal(t, tt.line, pr.Diags[0].Line)
			}
		})
	}
}

// TestEmptyPathIsRoot: curl sends GET / for a URL without a path, and so
// does a sample (the mock's greeting, not a redirect to it).
func TestEmptyPathIsRoot(t *testing.T) {
	pr := runMock(t, Options{}, "bash\ncurl https://agent.buildkite.com", "json {response}\n{\"message\": \"<any>\"}")
	require.Empty(t, pr.Diags)
	assert.Equal(t, 200, pr.Results[0].Status)
}

func TestDialectNamed(t *testing.T) {
	d, ok := DialectNamed("buildkite")
	require.True(t, ok)
	assert.Equal(t, Buildkite(), d)
	_, ok = DialectNamed("hugo")
	assert.False(t, ok)
}
