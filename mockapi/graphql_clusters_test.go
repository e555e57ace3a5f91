package mockapi_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dig walks a decoded JSON value by object keys.
func digMap(t *testing.T, v any, keys ...string) any {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]any)
		require.True(t, ok, "not an object at %q: %v", k, v)
		v = m[k]
	}
	return v
}

func TestGraphQLClusters(t *testing.T) {
	h := newHarness(t)
	api, env := h.env["BUILDKITE_API_TOKEN"], h.env

	data, errs := h.graphql(api, `{ organization(slug: "acme") { clusters(first: 10) { count edges { node {
		id uuid name color emoji description defaultQueue { key } createdBy { name }
		queues(first: 5) { count edges { node { id uuid key hosted dispatchPaused retryAgentAffinity cluster { name } } } }
		agentTokens(first: 5) { count edges { node { id uuid description allowedIpAddresses expiresAt token } } } } } } } }`, nil)
	require.Empty(t, errs)
	edges := digMap(t, data, "organization", "clusters", "edges").([]any)
	require.Len(t, edges, 1)
	c := digMap(t, edges[0], "node").(map[string]any)
	assert.Equal(t, env["BUILDKITE_CLUSTER_GRAPHQL_ID"], c["id"])
	assert.Equal(t, env["BUILDKITE_CLUSTER_ID"], c["uuid"])
	assert.Equal(t, "default", digMap(t, c, "defaultQueue", "key"))
	q := digMap(t, c, "queues", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)
	assert.Equal(t, map[string]any{"id": q["id"], "uuid": env["BUILDKITE_CLUSTER_QUEUE_ID"], "key": "default", "hosted": false,
		"dispatchPaused": false, "retryAgentAffinity": "prefer-warmest", "cluster": map[string]any{"name": "Default"}}, q)
	tok := digMap(t, c, "agentTokens", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)
	assert.Equal(t, env["BUILDKITE_CLUSTER_TOKEN_GRAPHQL_ID"], tok["id"])
	assert.Equal(t, "[REDACTED]", tok["token"])
	assert.Equal(t, "0.0.0.0/0", tok["allowedIpAddresses"])
	assert.Nil(t, tok["expiresAt"])

	// cluster(id:) takes the UUID; another organization's is null.
	data, errs = h.graphql(api, `query($id: ID!) { organization(slug: "acme") { cluster(id: $id) { name } } }`,
		map[string]any{"id": env["BUILDKITE_CLUSTER_ID_OTHER_ORG"]})
	require.Empty(t, errs)
	assert.Nil(t, digMap(t, data, "organization", "cluster"))

	// Create, update, revoke; the value only in the create payload.
	vars := map[string]any{"org": env["BUILDKITE_ORGANIZATION_ID"], "cluster": env["BUILDKITE_CLUSTER_GRAPHQL_ID"]}
	data, errs = h.graphql(api, `mutation($org: ID!, $cluster: ID!) { clusterAgentTokenCreate(input: {organizationId: $org, clusterId: $cluster,
		description: "Build farm", expiresAt: "2026-06-01T00:00:00Z", allowedIpAddresses: "192.0.2.0/24"}) {
		tokenValue clusterAgentToken { id uuid description expiresAt allowedIpAddresses cluster { uuid } createdBy { email } } } }`, vars)
	require.Empty(t, errs)
	value := digMap(t, data, "clusterAgentTokenCreate", "tokenValue").(string)
	assert.Regexp(t, `^bkct_[0-9A-Za-z]{73}$`, value)
	created := digMap(t, data, "clusterAgentTokenCreate", "clusterAgentToken").(map[string]any)
	assert.Equal(t, "2026-06-01T00:00:00Z", created["expiresAt"])
	assert.Equal(t, "admin@acme.example", digMap(t, created, "createdBy", "email"))
	id := created["id"].(string)

	// The REST API sees the same token.
	r := h.rest("GET", "/v2/organizations/acme/clusters/"+env["BUILDKITE_CLUSTER_ID"]+"/tokens/"+created["uuid"].(string), api, nil)
	require.Equal(t, 200, r.Status)
	assert.Equal(t, "Build farm", r.Obj(t)["description"])

	data, errs = h.graphql(api, `mutation($org: ID!, $id: ID!) { clusterAgentTokenUpdate(input: {organizationId: $org, id: $id,
		description: "Build farm (office)", allowedIpAddresses: "198.51.100.0/24"}) { clusterAgentToken { description allowedIpAddresses expiresAt } } }`,
		map[string]any{"org": env["BUILDKITE_ORGANIZATION_ID"], "id": id})
	require.Empty(t, errs)
	assert.Equal(t, map[string]any{"description": "Build farm (office)", "allowedIpAddresses": "198.51.100.0/24", "expiresAt": "2026-06-01T00:00:00Z"},
		digMap(t, data, "clusterAgentTokenUpdate", "clusterAgentToken"))

	assert.Equal(t, 200, h.registerFrom("198.51.100.20:4000", value).Status)
	data, errs = h.graphql(api, `mutation($org: ID!, $id: ID!) { clusterAgentTokenRevoke(input: {organizationId: $org, id: $id}) { deletedClusterAgentTokenId } }`,
		map[string]any{"org": env["BUILDKITE_ORGANIZATION_ID"], "id": id})
	require.Empty(t, errs)
	assert.Equal(t, id, digMap(t, data, "clusterAgentTokenRevoke", "deletedClusterAgentTokenId"))
	assert.Equal(t, 401, h.registerFrom("198.51.100.20:4000", value).Status)

	// Errors: another organization's cluster, a revoked token, a blank description, a too-near expiry.
	tests := []struct {
		name, query string
		vars        map[string]any
		message     string
	}{
		{"foreign cluster", `mutation($org: ID!, $c: ID!) { clusterAgentTokenCreate(input: {organizationId: $org, clusterId: $c, description: "x"}) { tokenValue } }`,
			map[string]any{"org": env["BUILDKITE_ORGANIZATION_ID"], "c": env["BUILDKITE_CLUSTER_GRAPHQL_ID_OTHER_ORG"]}, "no cluster found"},
		{"foreign organization", `mutation($org: ID!, $c: ID!) { clusterAgentTokenCreate(input: {organizationId: $org, clusterId: $c, description: "x"}) { tokenValue } }`,
			map[string]any{"org": env["BUILDKITE_ORGANIZATION_ID_OTHER_ORG"], "c": env["BUILDKITE_CLUSTER_GRAPHQL_ID"]}, "no organization found"},
		{"revoked token", `mutation($org: ID!, $id: ID!) { clusterAgentTokenRevoke(input: {organizationId: $org, id: $id}) { deletedClusterAgentTokenId } }`,
			map[string]any{"org": env["BUILDKITE_ORGANIZATION_ID"], "id": id}, "no agent token found"},
		{"blank description", `mutation($org: ID!, $c: ID!) { clusterAgentTokenCreate(input: {organizationId: $org, clusterId: $c, description: ""}) { tokenValue } }`,
			map[string]any{"org": env["BUILDKITE_ORGANIZATION_ID"], "c": env["BUILDKITE_CLUSTER_GRAPHQL_ID"]}, "Description can't be blank"},
		{"expiry too near", `mutation($org: ID!, $c: ID!) { clusterAgentTokenCreate(input: {organizationId: $org, clusterId: $c, description: "x", expiresAt: "2026-01-15T09:31:00Z"}) { tokenValue } }`,
			map[string]any{"org": env["BUILDKITE_ORGANIZATION_ID"], "c": env["BUILDKITE_CLUSTER_GRAPHQL_ID"]}, "at least 10 minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := h.graphql(api, tt.query, tt.vars)
			require.Len(t, errs, 1)
			assert.Contains(t, digMap(t, errs[0], "message"), tt.message)
		})
	}
}

func TestGraphQLClusterAndQueueCreate(t *testing.T) {
	h := newHarness(t)
	api, env := h.env["BUILDKITE_API_TOKEN"], h.env
	data, errs := h.graphql(api, `mutation($org: ID!) { clusterCreate(input: {organizationId: $org, name: "Open Source", emoji: ":technologist:"}) {
		cluster { id uuid name emoji defaultQueue { key } } } }`, map[string]any{"org": env["BUILDKITE_ORGANIZATION_ID"]})
	require.Empty(t, errs)
	c := digMap(t, data, "clusterCreate", "cluster").(map[string]any)
	assert.Nil(t, c["defaultQueue"])
	data, errs = h.graphql(api, `mutation($org: ID!, $c: ID!) { clusterQueueCreate(input: {organizationId: $org, clusterId: $c, key: "linux", description: "Linux"}) {
		clusterQueue { key description hosted cluster { name defaultQueue { key } } } } }`, map[string]any{"org": env["BUILDKITE_ORGANIZATION_ID"], "c": c["id"]})
	require.Empty(t, errs)
	assert.Equal(t, map[string]any{"key": "linux", "description": "Linux", "hosted": false,
		"cluster": map[string]any{"name": "Open Source", "defaultQueue": map[string]any{"key": "linux"}}}, digMap(t, data, "clusterQueueCreate", "clusterQueue"))

	data, errs = h.graphql(api, `query($id: ID!) { node(id: $id) { id ... on Cluster { name } } }`, map[string]any{"id": c["id"]})
	require.Empty(t, errs)
	assert.Equal(t, "Open Source", digMap(t, data, "node", "name"))
	data, _ = h.graphql(api, `{ organization(slug: "acme") { clusters(order: RECENTLY_CREATED) { edges { node { name } } } a: clusters { edges { node { name } } } } }`, nil)
	names := func(key string) []string {
		var out []string
		for _, e := range digMap(t, data, "organization", key, "edges").([]any) {
			out = append(out, digMap(t, e, "node", "name").(string))
		}
		return out
	}
	assert.Equal(t, []string{"Open Source", "Default"}, names("clusters"))
	assert.Equal(t, []string{"Default", "Open Source"}, names("a"))
}
