package graphql

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// typeRef is an introspected type reference.
type typeRef struct {
	Kind   string   `json:"kind"`
	Name   *string  `json:"name"`
	OfType *typeRef `json:"ofType"`
}

func (t *typeRef) String() string {
	switch t.Kind {
	case "NON_NULL":
		return t.OfType.String() + "!"
	case "LIST":
		return "[" + t.OfType.String() + "]"
	default:
		return *t.Name
	}
}

// TestSchemaMatchesSpec reads the served schema back through introspection and
// checks names, types, arguments and nullability against Buildkite's SDL
// (shared/agent-api.md §7).
func TestSchemaMatchesSpec(t *testing.T) {
	h := NewHandler(newFakeStore())
	const ref = `kind name ofType { kind name ofType { kind name ofType { kind name } } }`
	got := data(t, h, `{ __schema { types { name
  fields(includeDeprecated: true) { name isDeprecated deprecationReason type { `+ref+` } args { name type { `+ref+` } defaultValue } }
  inputFields { name type { `+ref+` } defaultValue }
  interfaces { name }
} } }`, nil)
	var schema struct {
		Types []struct {
			Name   string `json:"name"`
			Fields []struct {
				Name         string  `json:"name"`
				IsDeprecated bool    `json:"isDeprecated"`
				Reason       *string `json:"deprecationReason"`
				Type         typeRef `json:"type"`
				Args         []struct {
					Name    string  `json:"name"`
					Type    typeRef `json:"type"`
					Default *string `json:"defaultValue"`
				} `json:"args"`
			} `json:"fields"`
			InputFields []struct {
				Name    string  `json:"name"`
				Type    typeRef `json:"type"`
				Default *string `json:"defaultValue"`
			} `json:"inputFields"`
			Interfaces []struct{ Name string } `json:"interfaces"`
		} `json:"types"`
	}
	raw, err := json.Marshal(got["__schema"])
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &schema))

	// served lists every field as "Type.field(arg: T = default): T" and
	// "Input.field: T = default", deprecated fields marked.
	var served []string
	for _, ty := range schema.Types {
		if strings.HasPrefix(ty.Name, "__") {
			continue
		}
		for _, f := range ty.Fields {
			var args []string
			for _, a := range f.Args {
				args = append(args, a.Name+": "+a.Type.String()+defaultSuffix(a.Default))
			}
			line := ty.Name + "." + f.Name
			if len(args) > 0 {
				line += "(" + strings.Join(args, ", ") + ")"
			}
			line += ": " + f.Type.String()
			if f.IsDeprecated {
				line += " @deprecated(" + *f.Reason + ")"
			}
			served = append(served, line)
		}
		for _, f := range ty.InputFields {
			served = append(served, ty.Name+"."+f.Name+": "+f.Type.String()+defaultSuffix(f.Default))
		}
		for _, i := range ty.Interfaces {
			served = append(served, ty.Name+" implements "+i.Name)
		}
	}
	sort.Strings(served)
	// The cluster lines (Cluster*, Organization.cluster(s), Mutation.cluster*)
	// equal the public SDL's (buildkite/docs data/graphql/schema.graphql) for the
	// fields modelled. Not modelled: ClusterQueue.hostedAgents, .metrics,
	// .stackHealth, ClusterQueueCreateInput.hostedAgents, and the public
	// connections' "implements Connection".
	want := []string{
		"AgentToken implements Node",
		"AgentToken.createdAt: DateTime",
		"AgentToken.createdBy: User",
		"AgentToken.description: String",
		"AgentToken.id: ID!",
		"AgentToken.organization: Organization",
		"AgentToken.permissions: AgentTokenPermissions!",
		"AgentToken.public: Boolean!",
		"AgentToken.revokedAt: DateTime",
		"AgentToken.revokedBy: User",
		"AgentToken.revokedReason: String",
		"AgentToken.token: String! @deprecated(Hiding these after creation to improve security. Use the `token_value` field on AgentTokenCreate instead.)",
		"AgentToken.uuid: ID!",
		"AgentTokenConnection.count: Int!",
		"AgentTokenConnection.edges: [AgentTokenEdge]",
		"AgentTokenConnection.pageInfo: PageInfo",
		"AgentTokenCreateInput.clientMutationId: String",
		"AgentTokenCreateInput.description: String",
		"AgentTokenCreateInput.organizationID: ID!",
		"AgentTokenCreateInput.public: Boolean = false",
		"AgentTokenCreatePayload.agentTokenEdge: AgentTokenEdge!",
		"AgentTokenCreatePayload.clientMutationId: String",
		"AgentTokenCreatePayload.organization: Organization!",
		"AgentTokenCreatePayload.tokenValue: String!",
		"AgentTokenEdge.cursor: String!",
		"AgentTokenEdge.node: AgentToken",
		"AgentTokenPermissions.agentTokenRevoke: Permission",
		"AgentTokenRevokeInput.clientMutationId: String",
		"AgentTokenRevokeInput.id: ID!",
		"AgentTokenRevokeInput.reason: String!",
		"AgentTokenRevokePayload.agentToken: AgentToken!",
		"AgentTokenRevokePayload.clientMutationId: String",
		"Cluster implements Node",
		"Cluster.agentTokens(first: Int, last: Int): ClusterAgentTokenConnection",
		"Cluster.color: String",
		"Cluster.createdBy: User",
		"Cluster.defaultQueue: ClusterQueue",
		"Cluster.description: String",
		"Cluster.emoji: String",
		"Cluster.id: ID!",
		"Cluster.name: String!",
		"Cluster.organization: Organization",
		"Cluster.queues(after: String, before: String, first: Int, last: Int, order: ClusterQueueOrder = KEY): ClusterQueueConnection",
		"Cluster.uuid: ID!",
		"ClusterAgentTokenConnection.count: Int!",
		"ClusterAgentTokenConnection.edges: [ClusterAgentTokenEdge]",
		"ClusterAgentTokenConnection.pageInfo: PageInfo",
		"ClusterAgentTokenCreateInput.allowedIpAddresses: String",
		"ClusterAgentTokenCreateInput.clientMutationId: String",
		"ClusterAgentTokenCreateInput.clusterId: ID!",
		"ClusterAgentTokenCreateInput.description: String!",
		"ClusterAgentTokenCreateInput.expiresAt: DateTime",
		"ClusterAgentTokenCreateInput.organizationId: ID!",
		"ClusterAgentTokenCreatePayload.clientMutationId: String",
		"ClusterAgentTokenCreatePayload.clusterAgentToken: ClusterToken!",
		"ClusterAgentTokenCreatePayload.tokenValue: String!",
		"ClusterAgentTokenEdge.cursor: String!",
		"ClusterAgentTokenEdge.node: ClusterToken",
		"ClusterAgentTokenRevokeInput.clientMutationId: String",
		"ClusterAgentTokenRevokeInput.id: ID!",
		"ClusterAgentTokenRevokeInput.organizationId: ID!",
		"ClusterAgentTokenRevokePayload.clientMutationId: String",
		"ClusterAgentTokenRevokePayload.deletedClusterAgentTokenId: ID!",
		"ClusterAgentTokenUpdateInput.allowedIpAddresses: String",
		"ClusterAgentTokenUpdateInput.clientMutationId: String",
		"ClusterAgentTokenUpdateInput.description: String!",
		"ClusterAgentTokenUpdateInput.id: ID!",
		"ClusterAgentTokenUpdateInput.organizationId: ID!",
		"ClusterAgentTokenUpdatePayload.clientMutationId: String",
		"ClusterAgentTokenUpdatePayload.clusterAgentToken: ClusterToken!",
		"ClusterConnection.count: Int!",
		"ClusterConnection.edges: [ClusterEdge]",
		"ClusterConnection.pageInfo: PageInfo",
		"ClusterCreateInput.clientMutationId: String",
		"ClusterCreateInput.color: String",
		"ClusterCreateInput.description: String",
		"ClusterCreateInput.emoji: String",
		"ClusterCreateInput.name: String!",
		"ClusterCreateInput.organizationId: ID!",
		"ClusterCreatePayload.clientMutationId: String",
		"ClusterCreatePayload.cluster: Cluster!",
		"ClusterEdge.cursor: String!",
		"ClusterEdge.node: Cluster",
		"ClusterQueue implements Node",
		"ClusterQueue.cluster: Cluster",
		"ClusterQueue.createdBy: User",
		"ClusterQueue.description: String",
		"ClusterQueue.dispatchPaused: Boolean!",
		"ClusterQueue.dispatchPausedAt: DateTime",
		"ClusterQueue.dispatchPausedBy: User",
		"ClusterQueue.dispatchPausedNote: String",
		"ClusterQueue.hosted: Boolean!",
		"ClusterQueue.id: ID!",
		"ClusterQueue.key: String!",
		"ClusterQueue.retryAgentAffinity: String!",
		"ClusterQueue.uuid: ID!",
		"ClusterQueueConnection.count: Int!",
		"ClusterQueueConnection.edges: [ClusterQueueEdge]",
		"ClusterQueueConnection.pageInfo: PageInfo",
		"ClusterQueueCreateInput.clientMutationId: String",
		"ClusterQueueCreateInput.clusterId: ID!",
		"ClusterQueueCreateInput.description: String",
		"ClusterQueueCreateInput.key: String!",
		"ClusterQueueCreateInput.organizationId: ID!",
		"ClusterQueueCreateInput.retryAgentAffinity: String",
		"ClusterQueueCreatePayload.clientMutationId: String",
		"ClusterQueueCreatePayload.clusterQueue: ClusterQueue!",
		"ClusterQueueEdge.cursor: String!",
		"ClusterQueueEdge.node: ClusterQueue",
		"ClusterToken implements Node",
		"ClusterToken.allowedIpAddresses: String",
		"ClusterToken.cluster: Cluster",
		"ClusterToken.createdBy: User",
		"ClusterToken.description: String",
		"ClusterToken.expiresAt: DateTime",
		"ClusterToken.id: ID!",
		"ClusterToken.token: String! @deprecated(Hiding these after creation to improve security. Use the `token_value` field on ClusterAgentTokenCreate instead.)",
		"ClusterToken.uuid: ID!",
		"Mutation.agentTokenCreate(input: AgentTokenCreateInput!): AgentTokenCreatePayload",
		"Mutation.agentTokenRevoke(input: AgentTokenRevokeInput!): AgentTokenRevokePayload",
		"Mutation.clusterAgentTokenCreate(input: ClusterAgentTokenCreateInput!): ClusterAgentTokenCreatePayload",
		"Mutation.clusterAgentTokenRevoke(input: ClusterAgentTokenRevokeInput!): ClusterAgentTokenRevokePayload",
		"Mutation.clusterAgentTokenUpdate(input: ClusterAgentTokenUpdateInput!): ClusterAgentTokenUpdatePayload",
		"Mutation.clusterCreate(input: ClusterCreateInput!): ClusterCreatePayload",
		"Mutation.clusterQueueCreate(input: ClusterQueueCreateInput!): ClusterQueueCreatePayload",
		"Node.id: ID!",
		"Organization implements Node",
		"Organization.agentTokens(first: Int, last: Int, revoked: Boolean): AgentTokenConnection",
		"Organization.cluster(id: ID!): Cluster",
		"Organization.clusters(after: String, before: String, first: Int, last: Int, order: ClusterOrder = NAME): ClusterConnection",
		"Organization.id: ID!",
		"Organization.name: String!",
		"Organization.slug: String!",
		"Organization.uuid: String!",
		"PageInfo.endCursor: String",
		"PageInfo.hasNextPage: Boolean!",
		"PageInfo.hasPreviousPage: Boolean!",
		"PageInfo.startCursor: String",
		"Permission.allowed: Boolean!",
		"Permission.code: String",
		"Permission.message: String",
		"Query.node(id: ID!): Node",
		"Query.organization(slug: ID): Organization",
		"User implements Node",
		"User.email: String!",
		"User.id: ID!",
		"User.name: String!",
		"User.uuid: String!",
	}
	assert.Equal(t, want, served)
}

func defaultSuffix(d *string) string {
	if d == nil {
		return ""
	}
	return " = " + *d
}

// TestDeterministicOutput: the same store state gives byte-identical answers,
// also for errors raised by fields resolved in parallel.
func TestDeterministicOutput(t *testing.T) {
	run := func() []string {
		store := paginationStore(t)
		h := NewHandler(store)
		var out []string
		queries := []string{
			`{ organization(slug: "acme") { id agentTokens { count edges { cursor node { id uuid description createdAt revokedAt revokedReason createdBy { id } } } pageInfo { startCursor endCursor } } } }`,
			`{ a: organization(slug: "acme") { agentTokens(first: -1) { count } } b: organization(slug: "acme") { agentTokens(last: -2) { count } } c: organization(slug: "acme") { x: agentTokens(first: -3) { count } y: agentTokens(last: -4) { count } } }`,
			`{ __schema { types { name kind fields(includeDeprecated: true) { name type { name kind ofType { name } } } interfaces { name } possibleTypes { name } } } }`,
			fmt.Sprintf(`mutation { a: agentTokenCreate(input: {organizationID: %q, description: "n"}) { agentTokenEdge { cursor node { id } } } b: agentTokenCreate(input: {organizationID: %q}) { clientMutationId } }`, orgID(), otherOrgID()),
		}
		for _, q := range queries {
			_, body := exec(t, h, q, nil)
			out = append(out, body)
		}
		return out
	}
	first := run()
	for range 20 {
		assert.Equal(t, first, run())
	}
	var errs gqlResponse
	require.NoError(t, json.Unmarshal([]byte(first[1]), &errs))
	assert.Contains(t, first[3], `"path":["b"]`, "the refused second create is reported")
	var paths []string
	for _, e := range errs.Errors {
		paths = append(paths, fmt.Sprintln(e.Path...))
	}
	assert.Equal(t, []string{"a agentTokens\n", "b agentTokens\n", "c x\n", "c y\n"}, paths, "errors in query order")
}

// TestConcurrentRequests exercises the handler from many goroutines (run
// with -race): every create lands once and lists stay consistent.
func TestConcurrentRequests(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				body := gqlBody(t, fmt.Sprintf(`mutation { agentTokenCreate(input: {organizationID: %q, description: "w%d-%d"}) { tokenValue } }`, orgID(), w, i), nil)
				if res := send(t, h, acmeAPI, body); res.status != 200 {
					t.Errorf("create: %d %s", res.status, res.body)
				}
				if res := send(t, h, otherAPI, gqlBody(t, `{ organization(slug: "other") { agentTokens { count } } }`, nil)); res.body != `{"data":{"organization":{"agentTokens":{"count":1}}}}`+"\n" {
					t.Errorf("other org changed: %s", res.body)
				}
			}
		})
	}
	wg.Wait()
	got := data(t, h, `{ organization(slug: "acme") { agentTokens { count } } }`, nil)
	assert.EqualValues(t, 1+workers*each, dig(t, got, "organization", "agentTokens", "count"))
}
