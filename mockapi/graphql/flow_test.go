package graphql

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDocumentedFlow runs the operations of the agent-token docs (create, find
// the id, list, revoke, list again) and compares every answer with
// testdata/flow.golden. Token values are replaced by <tokenValue> before the
// comparison, and the test proves the value shows up in the create payload
// only.
func TestDocumentedFlow(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	var transcript strings.Builder
	step := func(name, query string) string {
		t.Helper()
		res := send(t, h, acmeAPI, gqlBody(t, query, "{ }"))
		require.Equal(t, 200, res.status, res.body)
		redacted := res.body
		for _, v := range store.values() {
			redacted = strings.ReplaceAll(redacted, v, "<tokenValue>")
		}
		fmt.Fprintf(&transcript, "### %s\n%s\n%s\n", name, strings.TrimSpace(query), redacted)
		return res.body
	}

	got := data(t, h, `query GetOrgID { organization(slug: "acme") { id } }`, nil)
	require.Equal(t, orgID(), dig(t, got, "organization", "id"))
	step("GetOrgID", `query GetOrgID { organization(slug: "acme") { id } }`)

	created := step("agentTokenCreate", fmt.Sprintf(`mutation {
  agentTokenCreate(input: {organizationID: %q, description: "A description"}) {
    tokenValue
    agentTokenEdge { node { id } }
  }
}`, orgID()))
	values := store.values()
	newValue := values[len(values)-1]
	require.True(t, strings.HasPrefix(newValue, "bkar_"))
	assert.Equal(t, 1, strings.Count(created, newValue), "the create payload shows the value once")
	newTok := store.AgentTokens(acmeUUID)[1]
	assert.Equal(t, "A description", newTok.Description)
	assert.Contains(t, created, tokenID(newTok.UUID))

	later := []string{
		step("GetAgentTokenID", `query GetAgentTokenID {
  organization(slug: "acme") {
    agentTokens(first: 50) { edges { node { id uuid description } } }
  }
}`),
		step("token", `query token {
  organization(slug: "acme") {
    id
    name
    agentTokens(first: 5) { edges { node { id description } } }
  }
}`),
		step("agentTokenRevoke", fmt.Sprintf(`mutation {
  agentTokenRevoke(input: {id: %q, reason: "A reason"}) {
    agentToken { description revokedAt revokedReason }
  }
}`, tokenID(newTok.UUID))),
		step("list again", `query {
  organization(slug: "acme") {
    agentTokens(first: 50) {
      count
      edges { node { uuid description token revokedAt revokedReason revokedBy { name } } }
    }
  }
}`),
	}
	for _, body := range later {
		for _, v := range store.values() {
			assert.NotContains(t, body, v, "no later answer reveals a token value")
		}
	}
	revoked, ok := store.AgentToken(newTok.UUID)
	require.True(t, ok)
	require.NotNil(t, revoked.RevokedAt)
	assert.Equal(t, "A reason", revoked.RevokedReason)
	golden(t, "flow.golden", transcript.String())
}

func TestRevokeSetsFieldsAndRefusesTwice(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	tok := store.AgentTokens(acmeUUID)[0]
	revoke := fmt.Sprintf(`mutation {
  agentTokenRevoke(input: {id: %q, reason: "Leaked in a build log", clientMutationId: "m1"}) {
    clientMutationId
    agentToken { uuid revokedAt revokedReason revokedBy { email } permissions { agentTokenRevoke { allowed message } } }
  }
}`, tokenID(tok.UUID))
	got := data(t, h, revoke, nil)
	assert.Equal(t, "m1", dig(t, got, "agentTokenRevoke", "clientMutationId"))
	node := dig(t, got, "agentTokenRevoke", "agentToken")
	assert.Equal(t, "Leaked in a build log", dig(t, node, "revokedReason"))
	assert.Equal(t, "2025-03-01T09:03:00Z", dig(t, node, "revokedAt"))
	assert.Equal(t, "admin@acme.example", dig(t, node, "revokedBy", "email"))
	assert.Equal(t, false, dig(t, node, "permissions", "agentTokenRevoke", "allowed"))
	assert.Contains(t, dig(t, node, "permissions", "agentTokenRevoke", "message"), "already been revoked")

	again, body := exec(t, h, revoke, nil)
	require.Len(t, again.Errors, 1, body)
	assert.Contains(t, again.Errors[0].Message, "already been revoked")
	assert.Equal(t, []any{"agentTokenRevoke"}, again.Errors[0].Path)
	assert.JSONEq(t, `{"agentTokenRevoke": null}`, string(again.Data))
	after, _ := store.AgentToken(tok.UUID)
	assert.Equal(t, "Leaked in a build log", after.RevokedReason, "the second call changed nothing")
}

func TestCreatePayloadFields(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	got := data(t, h, `mutation Create($input: AgentTokenCreateInput!) {
  agentTokenCreate(input: $input) {
    clientMutationId
    organization { slug }
    agentTokenEdge { cursor node { uuid description public revokedAt revokedReason createdAt createdBy { name } organization { slug } } }
  }
}`, map[string]any{"input": map[string]any{
		"organizationID": orgID(), "public": true, "clientMutationId": "abc",
	}})
	tok := store.AgentTokens(acmeUUID)[1]
	want := fmt.Sprintf(`{"agentTokenCreate": {
  "clientMutationId": "abc",
  "organization": {"slug": "acme"},
  "agentTokenEdge": {"cursor": %q, "node": {
    "uuid": %q, "description": null, "public": true, "revokedAt": null, "revokedReason": null,
    "createdAt": "2025-03-01T09:03:00Z", "createdBy": {"name": "Acme Inc Admin"}, "organization": {"slug": "acme"}}}}}`,
		cursor(tok.UUID), tok.UUID)
	assert.JSONEq(t, want, mustJSON(t, got))
	assert.True(t, tok.Public)
	assert.Empty(t, tok.Description)
}

// TestStoreErrorsBecomeGraphQLErrors proves a failing Store is reported, not
// hidden.
func TestStoreErrorsBecomeGraphQLErrors(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(&failingStore{fakeStore: store})
	resp, body := exec(t, h, fmt.Sprintf(`mutation { agentTokenCreate(input: {organizationID: %q}) { tokenValue } }`, orgID()), nil)
	require.Len(t, resp.Errors, 1, body)
	assert.Equal(t, "agent token not created: disk full", resp.Errors[0].Message)

	tok := store.AgentTokens(acmeUUID)[0]
	resp, body = exec(t, h, fmt.Sprintf(`mutation { agentTokenRevoke(input: {id: %q, reason: "r"}) { agentToken { uuid } } }`, tokenID(tok.UUID)), nil)
	require.Len(t, resp.Errors, 1, body)
	assert.Equal(t, "agent token not revoked: disk full", resp.Errors[0].Message)
}

type failingStore struct{ *fakeStore }

func (failingStore) CreateAgentToken(string, string, bool) (AgentToken, error) {
	return AgentToken{}, fmt.Errorf("disk full")
}

func (failingStore) RevokeAgentToken(string, string) (AgentToken, error) {
	return AgentToken{}, fmt.Errorf("disk full")
}

// TestErrorTranscript pins the exact wire answers (status and body) of every
// kind of refusal and error in testdata/errors.golden.
func TestErrorTranscript(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	type call struct {
		name, method, auth, contentType, body string
	}
	q := func(query string, vars any) string { return gqlBody(t, query, vars) }
	calls := []call{
		{"GET", "GET", "Bearer " + acmeAPI, "", ""},
		{"no Authorization", "POST", "", "application/json", q(`{ __typename }`, nil)},
		{"Token scheme", "POST", "Token " + acmeAPI, "application/json", q(`{ __typename }`, nil)},
		{"registration token as Bearer", "POST", "Bearer " + store.values()[0], "application/json", q(`{ __typename }`, nil)},
		{"unknown API token", "POST", "Bearer bkua_unknown", "application/json", q(`{ __typename }`, nil)},
		{"form body", "POST", "Bearer " + acmeAPI, "application/x-www-form-urlencoded", q(`{ __typename }`, nil)},
		{"too large", "POST", "Bearer " + acmeAPI, "application/json", strings.Repeat(" ", MaxBodyBytes+1)},
		{"malformed JSON", "POST", "Bearer " + acmeAPI, "application/json", `{"query": `},
		{"syntax error", "POST", "Bearer " + acmeAPI, "application/json", q(`{ organization(slug: "acme") { id }`, nil)},
		{"unknown field", "POST", "Bearer " + acmeAPI, "application/json", q(`{ organization(slug: "acme") { tokens } }`, nil)},
		{"bad variable", "POST", "Bearer " + acmeAPI, "application/json", q(`query($n: Int) { organization(slug: "acme") { agentTokens(first: $n) { count } } }`, `{"n": "ten"}`)},
		{"resolver error", "POST", "Bearer " + acmeAPI, "application/json", q(`mutation { agentTokenCreate(input: {organizationID: "organization-id"}) { tokenValue } }`, nil)},
	}
	var transcript strings.Builder
	for _, c := range calls {
		req := httptest.NewRequest(c.method, "/v1", strings.NewReader(c.body))
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		if c.contentType != "" {
			req.Header.Set("Content-Type", c.contentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Fprintf(&transcript, "### %s\n%d %s\n", c.name, rec.Code, rec.Body.String())
		for _, v := range store.values() {
			assert.NotContains(t, rec.Body.String(), v)
		}
	}
	golden(t, "errors.golden", transcript.String())
}
