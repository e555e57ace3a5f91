package sample

// Dialect is what a documentation dialect supplies to its samples by
// default: the settings of docproof.yaml's sample keys (env:, bind:,
// capture:, responses:, unmodelled:, graphql_schema:) a site of that
// dialect would otherwise write out. A site's own keys go over them.
type Dialect struct {
	Env        EnvMap            // reader-facing variables → the mock's, per host
	Bind       map[string]string // literals and URL templates → variables
	Capture    []Capture         // variables set from any answer on the page that has the path
	Responses  string            // "adjacent": a plain json block after a sample is its response, by shape
	Unmodelled string            // "skip": samples of requests the mock does not model are skipped, listed once per route
	// GraphQLSchema is where the dialect's sites keep their published
	// schema, relative to the content folder's parent.
	GraphQLSchema string
}

// Buildkite is the dialect of the Buildkite docs (buildkite/docs: pages/
// and data/graphql/schema.graphql beside it). Its samples show $TOKEN for
// whichever token the host takes, URL templates such as {org.slug} and
// {cluster.id} (and {id} after the collection it names), and GraphQL
// literals such as "organization-id". Each is bound to the mock's seeded
// value; "token-id" is the seeded cluster token until a sample on the page
// creates a token, then the created one. Templates without a value here
// ({pipeline.slug}, {build.number}...) name requests the mock does not
// model: those samples are skipped as unmodelled, one line per route.
func Buildkite() Dialect {
	return Dialect{
		Env: EnvMap{
			Vars: map[string]string{"TOKEN_ID": "BUILDKITE_CLUSTER_TOKEN_GRAPHQL_ID"},
			Hosts: map[string]map[string]string{
				"api.buildkite.com":     {"TOKEN": "BUILDKITE_API_TOKEN"},   // REST API v2: an API access token with scopes
				"graphql.buildkite.com": {"TOKEN": "BUILDKITE_API_TOKEN"},   // GraphQL: the same API access token
				"agent.buildkite.com":   {"TOKEN": "BUILDKITE_AGENT_TOKEN"}, // agent API v3: an agent token
			},
		},
		Bind: map[string]string{
			"{org.slug}":          "BUILDKITE_ORGANIZATION_SLUG",
			"{organization.slug}": "BUILDKITE_ORGANIZATION_SLUG",
			"{cluster.id}":        "BUILDKITE_CLUSTER_ID",
			"{queue.id}":          "BUILDKITE_CLUSTER_QUEUE_ID",
			"{token.id}":          "BUILDKITE_CLUSTER_TOKEN_ID",
			"clusters/{id}":       "BUILDKITE_CLUSTER_ID",
			"queues/{id}":         "BUILDKITE_CLUSTER_QUEUE_ID",
			"tokens/{id}":         "BUILDKITE_CLUSTER_TOKEN_ID",
			"organization-id":     "BUILDKITE_ORGANIZATION_ID",
			"organization-slug":   "BUILDKITE_ORGANIZATION_SLUG",
			"cluster-id":          "BUILDKITE_CLUSTER_GRAPHQL_ID",
			"cluster-uuid":        "BUILDKITE_CLUSTER_ID",
			"token-id":            "TOKEN_ID",
			"agent-token-id":      "TOKEN_ID",
		},
		Capture: []Capture{
			{Name: "TOKEN_ID", Path: "data.clusterAgentTokenCreate.clusterAgentToken.id"},
			{Name: "TOKEN_ID", Path: "data.agentTokenCreate.agentTokenEdge.node.id"},
		},
		Responses:     "adjacent",
		Unmodelled:    "skip",
		GraphQLSchema: "data/graphql/schema.graphql",
	}
}

// DialectNamed is the sample defaults of the dialect docproof.yaml names
// (dialect: buildkite); ok is false for a name without any.
func DialectNamed(name string) (d Dialect, ok bool) {
	switch name {
	case "buildkite":
		return Buildkite(), true
	}
	return Dialect{}, false
}
