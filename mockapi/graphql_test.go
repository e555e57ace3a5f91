package mockapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// graphql posts a query to /v1 with a Bearer token and returns data.
func (h *harness) graphql(bearer, query string, vars map[string]any) (map[string]any, []any) {
	h.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	require.NoError(h.t, err)
	r := httptest.NewRequest("POST", "/v1", strings.NewReader(string(body)))
	r.Header.Set("Authorization", "Bearer "+bearer)
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.srv.ServeHTTP(w, r)
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	require.NoError(h.t, json.Unmarshal(w.Body.Bytes(), &out), "%s", w.Body)
	return out.Data, out.Errors
}

const createToken = `mutation($org: ID!) { agentTokenCreate(input: {organizationID: $org, description: "CI"}) {
  tokenValue agentTokenEdge { node { id uuid } } } }`

const revokeToken = `mutation($id: ID!) { agentTokenRevoke(input: {id: $id, reason: "leaked"}) {
  agentToken { revokedAt revokedReason } } }`

// newToken creates a registration token through GraphQL; it returns the value and the node id.
func (h *harness) newToken() (string, string) {
	h.t.Helper()
	data, errs := h.graphql(h.env["BUILDKITE_API_TOKEN"], createToken, map[string]any{"org": h.env["BUILDKITE_ORGANIZATION_ID"]})
	require.Empty(h.t, errs)
	p := data["agentTokenCreate"].(map[string]any)
	return p["tokenValue"].(string), p["agentTokenEdge"].(map[string]any)["node"].(map[string]any)["id"].(string)
}

// revokedToken creates a registration token and revokes it.
func (h *harness) revokedToken() string {
	h.t.Helper()
	value, id := h.newToken()
	_, errs := h.graphql(h.env["BUILDKITE_API_TOKEN"], revokeToken, map[string]any{"id": id})
	require.Empty(h.t, errs)
	return value
}

func TestGraphQLTokensDriveRegistration(t *testing.T) {
	h := newHarness(t)
	value, id := h.newToken()
	assert.Regexp(t, `^bkar_[0-9A-Za-z]{73}$`, value)
	assert.Contains(t, h.srv.IssuedTokens(), value)

	agentID, session := h.register(value, "queue=default")
	h.must(200, "POST", "/v3/connect", session, nil)

	data, errs := h.graphql(h.env["BUILDKITE_API_TOKEN"], revokeToken, map[string]any{"id": id})
	require.Empty(t, errs)
	revoked := data["agentTokenRevoke"].(map[string]any)["agentToken"].(map[string]any)
	assert.Equal(t, "leaked", revoked["revokedReason"])
	assert.Equal(t, "2026-01-15T09:30:00Z", revoked["revokedAt"], "the injected clock")

	r := h.call("POST", "/v3/register", value, map[string]string{"name": "late"})
	require.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Contains(t, r.Message(t), "revoked")
	// The agent registered before the revocation keeps working, job included.
	jobID, tok := h.takeJob(session)
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/start", tok, nil)
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/finish", tok, map[string]string{"exit_status": "0"})
	assert.NotEmpty(t, agentID)

	// Org scoping: the other org's API token cannot see or revoke acme's tokens.
	data, _ = h.graphql(h.env["BUILDKITE_API_TOKEN_OTHER_ORG"],
		`query($slug: ID!) { organization(slug: $slug) { agentTokens(first: 50) { edges { node { uuid } } } } }`,
		map[string]any{"slug": "globex"})
	edges := data["organization"].(map[string]any)["agentTokens"].(map[string]any)["edges"].([]any)
	require.Len(t, edges, 1)
	assert.Equal(t, "b2e1d4c3-7c6f-4a8b-9e0d-1f2a3b4c5d02", edges[0].(map[string]any)["node"].(map[string]any)["uuid"])
	_, errs = h.graphql(h.env["BUILDKITE_API_TOKEN_OTHER_ORG"], revokeToken, map[string]any{"id": id})
	assert.NotEmpty(t, errs)
	// An agent token is not a GraphQL credential.
	_, errs = h.graphql(h.env["BUILDKITE_AGENT_TOKEN"], `{ organization(slug: "acme") { id } }`, nil)
	assert.NotEmpty(t, errs)
}
