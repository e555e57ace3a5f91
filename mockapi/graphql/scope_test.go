package graphql

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOrganizationScope: an API token sees its own organization only, and an
// organization it cannot see answers exactly like one that does not exist.
func TestOrganizationScope(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)

	_, other := exec(t, h, `{ organization(slug: "other") { id slug agentTokens { count } } }`, nil)
	_, missing := exec(t, h, `{ organization(slug: "no-such-org") { id slug agentTokens { count } } }`, nil)
	assert.Equal(t, `{"data":{"organization":null}}`+"\n", other)
	assert.Equal(t, missing, other, "no difference reveals that the slug exists")

	_, noSlug := exec(t, h, `{ organization { id } }`, nil)
	assert.Equal(t, `{"data":{"organization":null}}`+"\n", noSlug)

	// The other organization's token sees its own organization, not acme.
	resp, _ := execAs(t, h, otherAPI, `{ mine: organization(slug: "other") { slug agentTokens { count edges { node { description } } } } acme: organization(slug: "acme") { slug } }`, nil)
	assert.JSONEq(t, `{"mine": {"slug": "other", "agentTokens": {"count": 1, "edges": [{"node": {"description": "Other default"}}]}}, "acme": null}`, string(resp.Data))
}

func TestNodeScope(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	mine := store.AgentTokens(acmeUUID)[0]
	theirs := store.AgentTokens(otherUUID)[0]
	query := `query($id: ID!) { node(id: $id) { __typename id ... on Organization { slug } ... on AgentToken { uuid } ... on User { email } } }`
	admin := orgAdmin(Org{UUID: acmeUUID, Slug: "acme", Name: "Acme Inc"})
	otherAdmin := orgAdmin(Org{UUID: otherUUID, Slug: "other", Name: "Other Org"})
	tests := []struct {
		name string
		id   string
		want string
	}{
		{"own organization", orgID(), `{"node": {"__typename": "Organization", "id": "` + orgID() + `", "slug": "acme"}}`},
		{"own agent token", tokenID(mine.UUID), `{"node": {"__typename": "AgentToken", "id": "` + tokenID(mine.UUID) + `", "uuid": "` + mine.UUID + `"}}`},
		{"own admin", string(nodeID(kindUser, admin.uuid)), `{"node": {"__typename": "User", "id": "` + string(nodeID(kindUser, admin.uuid)) + `", "email": "admin@acme.example"}}`},
		{"id without padding", strings.TrimRight(tokenID(mine.UUID), "="), `{"node": {"__typename": "AgentToken", "id": "` + tokenID(mine.UUID) + `", "uuid": "` + mine.UUID + `"}}`},
		{"other organization", otherOrgID(), `{"node": null}`},
		{"other organization's token", tokenID(theirs.UUID), `{"node": null}`},
		{"other organization's admin", string(nodeID(kindUser, otherAdmin.uuid)), `{"node": null}`},
		{"unknown token", tokenID("00000000-0000-4000-8000-000000000000"), `{"node": null}`},
		{"unknown kind", base64.StdEncoding.EncodeToString([]byte("Pipeline---" + mine.UUID)), `{"node": null}`},
		{"organization kind with a token uuid", string(nodeID(kindOrganization, mine.UUID)), `{"node": null}`},
		{"not base64", "!!not-an-id!!", `{"node": null}`},
		{"base64 without separator", base64.StdEncoding.EncodeToString([]byte("AgentToken" + mine.UUID)), `{"node": null}`},
		{"raw uuid", mine.UUID, `{"node": null}`},
		{"empty", "", `{"node": null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := exec(t, h, query, map[string]any{"id": tt.id})
			require.Empty(t, resp.Errors, body)
			assert.JSONEq(t, tt.want, string(resp.Data))
		})
	}
}

func TestCreateRefusedOutsideOwnOrganization(t *testing.T) {
	mine := func(s *fakeStore) string { return tokenID(s.AgentTokens(acmeUUID)[0].UUID) }
	tests := []struct {
		name  string
		orgID func(*fakeStore) string
		want  string
	}{
		{"other organization", func(*fakeStore) string { return otherOrgID() },
			`no organization found for organizationID "` + otherOrgID() + `" that this API token can access`},
		{"organization that does not exist", func(*fakeStore) string {
			return string(nodeID(kindOrganization, "11111111-1111-4111-8111-111111111111"))
		},
			`no organization found for organizationID "` + string(nodeID(kindOrganization, "11111111-1111-4111-8111-111111111111")) + `" that this API token can access`},
		{"an agent token id", mine,
			`is not an Organization ID; query organization(slug: "...") { id } for it`},
		{"the organization slug instead of its id", func(*fakeStore) string { return "acme" },
			`organizationID "acme" is not an Organization ID`},
		{"the organization uuid instead of its id", func(*fakeStore) string { return acmeUUID },
			`is not an Organization ID`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore()
			h := NewHandler(store)
			before := len(store.values())
			resp, body := exec(t, h, `mutation($id: ID!) { agentTokenCreate(input: {organizationID: $id, description: "x"}) { tokenValue } }`,
				map[string]any{"id": tt.orgID(store)})
			require.Len(t, resp.Errors, 1, body)
			assert.Contains(t, resp.Errors[0].Message, tt.want)
			assert.Equal(t, []any{"agentTokenCreate"}, resp.Errors[0].Path)
			assert.JSONEq(t, `{"agentTokenCreate": null}`, string(resp.Data))
			assert.Len(t, store.values(), before, "no token was created anywhere")
		})
	}
}

func TestRevokeRefusedOutsideOwnOrganization(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	theirs := store.AgentTokens(otherUUID)[0]
	revoke := `mutation($id: ID!) { agentTokenRevoke(input: {id: $id, reason: "r"}) { agentToken { uuid } } }`

	resp, body := exec(t, h, revoke, map[string]any{"id": tokenID(theirs.UUID)})
	require.Len(t, resp.Errors, 1, body)
	assert.Equal(t, fmt.Sprintf(`no agent token found for id %q that this API token can access`, tokenID(theirs.UUID)), resp.Errors[0].Message)
	assert.JSONEq(t, `{"agentTokenRevoke": null}`, string(resp.Data))
	after, _ := store.AgentToken(theirs.UUID)
	assert.Nil(t, after.RevokedAt, "the other organization's token is still valid")

	unknown := tokenID("22222222-2222-4222-8222-222222222222")
	resp, body = exec(t, h, revoke, map[string]any{"id": unknown})
	require.Len(t, resp.Errors, 1, body)
	assert.Equal(t, fmt.Sprintf(`no agent token found for id %q that this API token can access`, unknown), resp.Errors[0].Message)

	resp, body = exec(t, h, revoke, map[string]any{"id": orgID()})
	require.Len(t, resp.Errors, 1, body)
	assert.Contains(t, resp.Errors[0].Message, "is not an AgentToken ID")
}

// TestTokenValueNeverRevealedAfterCreate queries every field of every token
// through every path and proves no stored value appears.
func TestTokenValueNeverRevealedAfterCreate(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	data(t, h, fmt.Sprintf(`mutation { agentTokenCreate(input: {organizationID: %q, public: true}) { tokenValue } }`, orgID()), nil)
	all := `fragment All on AgentToken { id uuid description public createdAt revokedAt revokedReason token
  createdBy { id uuid name email } revokedBy { id } organization { id uuid slug name }
  permissions { agentTokenRevoke { allowed code message } } }`
	bodies := []string{}
	_, b := exec(t, h, `{ organization(slug: "acme") { agentTokens { edges { cursor node { ...All } } pageInfo { startCursor endCursor } } } } `+all, nil)
	bodies = append(bodies, b)
	for _, tok := range store.AgentTokens(acmeUUID) {
		_, b := exec(t, h, `query($id: ID!) { node(id: $id) { ...All } } `+all, map[string]any{"id": tokenID(tok.UUID)})
		bodies = append(bodies, b)
		_, b = exec(t, h, `mutation($id: ID!) { agentTokenRevoke(input: {id: $id, reason: "x"}) { agentToken { ...All } } } `+all, map[string]any{"id": tokenID(tok.UUID)})
		bodies = append(bodies, b)
	}
	for _, body := range bodies {
		assert.Contains(t, body, `"token":"[REDACTED]"`)
		for _, v := range store.values() {
			assert.NotContains(t, body, v)
		}
	}
}

// TestIDErrorsNeverEchoTokens: an ID argument is quoted back to help the
// writer, unless it is a token value pasted by mistake.
func TestIDErrorsNeverEchoTokens(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	value := store.values()[0]
	for _, q := range []string{
		`mutation($id: ID!) { agentTokenCreate(input: {organizationID: $id}) { tokenValue } }`,
		`mutation($id: ID!) { agentTokenRevoke(input: {id: $id, reason: "r"}) { clientMutationId } }`,
	} {
		resp, body := exec(t, h, q, map[string]any{"id": value})
		require.Len(t, resp.Errors, 1, body)
		assert.NotContains(t, body, value)
		assert.Contains(t, resp.Errors[0].Message, "(a token value, not an ID)")

		resp, body = exec(t, h, q, map[string]any{"id": "organization-id"})
		require.Len(t, resp.Errors, 1, body)
		assert.Contains(t, resp.Errors[0].Message, `"organization-id" is not an`, "an unbound placeholder is named")
	}
}
