package graphql

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGraphQLSemantics checks that the endpoint behaves like a real GraphQL
// server: aliases, fragments, variables (object or string), defaults,
// operationName and __typename.
func TestGraphQLSemantics(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	tok := store.AgentTokens(acmeUUID)[0]
	tests := []struct {
		name string
		body map[string]any
		want string
	}{
		{
			name: "aliases",
			body: map[string]any{"query": `{ a: organization(slug: "acme") { s: slug } b: organization(slug: "acme") { n: name id } }`},
			want: `{"a": {"s": "acme"}, "b": {"n": "Acme Inc", "id": "` + orgID() + `"}}`,
		},
		{
			name: "same field twice with different arguments under aliases",
			body: map[string]any{"query": `{ organization(slug: "acme") { valid: agentTokens(revoked: false) { count } revoked: agentTokens(revoked: true) { count } } }`},
			want: `{"organization": {"valid": {"count": 1}, "revoked": {"count": 0}}}`,
		},
		{
			name: "named fragments, nested",
			body: map[string]any{"query": `query { organization(slug: "acme") { ...Org } }
fragment Org on Organization { slug agentTokens(first: 1) { edges { node { ...Tok } } } }
fragment Tok on AgentToken { uuid description }`},
			want: `{"organization": {"slug": "acme", "agentTokens": {"edges": [{"node": {"uuid": "` + tok.UUID + `", "description": "Default agent token"}}]}}}`,
		},
		{
			name: "inline fragments on the Node interface",
			body: map[string]any{"query": `query Node($id: ID!) { node(id: $id) { __typename id ... on AgentToken { description } ... on Organization { slug } } }`,
				"variables": map[string]any{"id": tokenID(tok.UUID)}},
			want: `{"node": {"__typename": "AgentToken", "id": "` + tokenID(tok.UUID) + `", "description": "Default agent token"}}`,
		},
		{
			name: "variables as an object",
			body: map[string]any{"query": `query Q($slug: ID) { organization(slug: $slug) { slug } }`,
				"variables": map[string]any{"slug": "acme"}},
			want: `{"organization": {"slug": "acme"}}`,
		},
		{
			name: "variables as a JSON string",
			body: map[string]any{"query": `query Q($slug: ID, $n: Int) { organization(slug: $slug) { agentTokens(first: $n) { count } } }`,
				"variables": `{"slug": "acme", "n": 1}`},
			want: `{"organization": {"agentTokens": {"count": 1}}}`,
		},
		{
			name: "variables as the docs' empty string object",
			body: map[string]any{"query": `{ organization(slug: "acme") { slug } }`, "variables": "{ }"},
			want: `{"organization": {"slug": "acme"}}`,
		},
		{
			name: "variables null and empty string",
			body: map[string]any{"query": `{ organization(slug: "acme") { slug } }`, "variables": ""},
			want: `{"organization": {"slug": "acme"}}`,
		},
		{
			name: "variable default value",
			body: map[string]any{"query": `query Q($slug: ID = "acme") { organization(slug: $slug) { name } }`},
			want: `{"organization": {"name": "Acme Inc"}}`,
		},
		{
			name: "operationName picks one of several operations",
			body: map[string]any{"query": `query A { organization(slug: "acme") { slug } } query B { organization(slug: "acme") { name } }`,
				"operationName": "B"},
			want: `{"organization": {"name": "Acme Inc"}}`,
		},
		{
			name: "typename of the roots",
			body: map[string]any{"query": `{ __typename organization(slug: "acme") { __typename } }`},
			want: `{"__typename": "Query", "organization": {"__typename": "Organization"}}`,
		},
		{
			name: "include and skip directives",
			body: map[string]any{"query": `query($yes: Boolean!) { organization(slug: "acme") { slug @include(if: $yes) name @skip(if: $yes) } }`,
				"variables": map[string]any{"yes": true}},
			want: `{"organization": {"slug": "acme"}}`,
		},
		{
			name: "deprecated token field is redacted",
			body: map[string]any{"query": `{ organization(slug: "acme") { agentTokens { edges { node { token } } } } }`},
			want: `{"organization": {"agentTokens": {"edges": [{"node": {"token": "[REDACTED]"}}]}}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := json.Marshal(tt.body)
			require.NoError(t, err)
			res := send(t, h, acmeAPI, string(raw))
			require.Equal(t, http.StatusOK, res.status, res.body)
			var resp gqlResponse
			require.NoError(t, json.Unmarshal([]byte(res.body), &resp))
			require.Empty(t, resp.Errors, res.body)
			assert.JSONEq(t, tt.want, string(resp.Data))
		})
	}
}

// TestValidationErrors checks that bad documents get status 200 and
// {"errors":[{"message","locations"}]} without data, as GraphQL servers do.
func TestValidationErrors(t *testing.T) {
	h := NewHandler(newFakeStore())
	tests := []struct {
		name string
		body map[string]any
		want string
	}{
		{"syntax error", map[string]any{"query": `{ organization(slug: "acme") { id }`}, `syntax error`},
		{"unknown field", map[string]any{"query": `{ organization(slug: "acme") { nope } }`}, `Cannot query field "nope" on type "Organization"`},
		{"unknown root field", map[string]any{"query": `{ viewer { id } }`}, `Cannot query field "viewer" on type "Query"`},
		{"wrong argument type", map[string]any{"query": `{ organization(slug: "acme") { agentTokens(first: "ten") { count } } }`}, `Int cannot represent non-integer value: "ten"`},
		{"unknown argument", map[string]any{"query": `{ organization(slug: "acme") { agentTokens(after: "x") { count } } }`}, `Unknown argument "after"`},
		{"missing selection set", map[string]any{"query": `{ organization(slug: "acme") }`}, `must have a selection of subfields`},
		{"selection on a scalar", map[string]any{"query": `{ organization(slug: "acme") { slug { x } } }`}, `must not have a selection`},
		{"missing required variable", map[string]any{"query": `query($id: ID!) { node(id: $id) { id } }`}, `Variable "id" has invalid value null`},
		{"variable of the wrong type", map[string]any{"query": `query($n: Int) { organization(slug: "acme") { agentTokens(first: $n) { count } } }`, "variables": map[string]any{"n": "five"}}, `Variable "$n" got invalid value "five"; Int cannot represent non-integer value: "five"`},
		{"undefined variable", map[string]any{"query": `{ organization(slug: $slug) { id } }`}, `Variable "$slug" is not defined`},
		{"unknown fragment", map[string]any{"query": `{ organization(slug: "acme") { ...Nope } }`}, `Unknown fragment "Nope"`},
		{"fragment on the wrong type", map[string]any{"query": `{ organization(slug: "acme") { ... on AgentToken { uuid } } }`}, `can never be of type "AgentToken"`},
		{"missing required input field", map[string]any{"query": `mutation { agentTokenCreate(input: {description: "x"}) { tokenValue } }`}, `organizationID`},
		{"revoke without reason", map[string]any{"query": `mutation { agentTokenRevoke(input: {id: "x"}) { clientMutationId } }`}, `reason`},
		{"several operations without operationName", map[string]any{"query": `query A { __typename } query B { __typename }`}, `more than one operation`},
		{"unknown operationName", map[string]any{"query": `query A { __typename }`, "operationName": "C"}, `no operation with name "C"`},
		{"subscription", map[string]any{"query": `subscription { x }`}, `not configured to execute subscription operations`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := json.Marshal(tt.body)
			require.NoError(t, err)
			res := send(t, h, acmeAPI, string(raw))
			require.Equal(t, http.StatusOK, res.status, res.body)
			var resp map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(res.body), &resp))
			assert.NotContains(t, resp, "data", "a document that does not validate is not executed")
			var errs []struct {
				Message string `json:"message"`
			}
			require.NoError(t, json.Unmarshal(resp["errors"], &errs), res.body)
			require.NotEmpty(t, errs)
			var all []string
			for _, e := range errs {
				all = append(all, e.Message)
			}
			assert.Contains(t, strings.Join(all, "\n"), tt.want)
		})
	}
}

func TestResolverErrorsHavePathAndPartialData(t *testing.T) {
	h := NewHandler(newFakeStore())
	resp, body := exec(t, h, `{
  organization(slug: "acme") {
    slug
    agentTokens(first: -1) { count }
  }
}`, nil)
	require.Len(t, resp.Errors, 1, body)
	assert.Equal(t, "argument first must be zero or more, got -1", resp.Errors[0].Message)
	assert.Equal(t, []any{"organization", "agentTokens"}, resp.Errors[0].Path)
	assert.JSONEq(t, `{"organization": {"slug": "acme", "agentTokens": null}}`, string(resp.Data))
}

// TestVariableCoercion checks variable values against their declared types
// (which graphql-go leaves to the server) and that a bad value stops the whole
// request before any resolver runs.
func TestVariableCoercion(t *testing.T) {
	create := `mutation($input: AgentTokenCreateInput!) { agentTokenCreate(input: $input) { tokenValue } }`
	page := `query($n: Int, $m: Int) { organization(slug: "acme") { agentTokens(first: $n, last: $m) { count } } }`
	tests := []struct {
		name  string
		query string
		vars  any
		want  []string // messages; nil means the request succeeds
	}{
		{"bool field as a string", create, map[string]any{"input": map[string]any{"organizationID": orgID(), "public": "yes"}},
			[]string{`Variable "$input" got invalid value {"organizationID":"` + orgID() + `","public":"yes"}; At "public": Boolean cannot represent a non boolean value: "yes"`}},
		{"string field as a number", create, map[string]any{"input": map[string]any{"organizationID": orgID(), "description": 5}},
			[]string{`Variable "$input" got invalid value {"description":5,"organizationID":"` + orgID() + `"}; At "description": String cannot represent a non string value: 5`}},
		{"input not an object", create, `{"input": "x"}`,
			[]string{"Variable \"input\" has invalid type string.\nExpected type \"AgentTokenCreateInput\", found x."}},
		{"fractional Int", page, map[string]any{"n": 1.5},
			[]string{`Variable "$n" got invalid value 1.5; Int cannot represent non-integer value: 1.5`}},
		{"Int out of range", page, map[string]any{"n": 3e10},
			[]string{`Variable "$n" got invalid value 30000000000; Int cannot represent non 32-bit signed integer value: 30000000000`}},
		{"two bad variables, in name order", page, map[string]any{"m": "x", "n": true},
			[]string{`Variable "$m" got invalid value "x"; Int cannot represent non-integer value: "x"`,
				`Variable "$n" got invalid value true; Int cannot represent non-integer value: true`}},
		{"ID given as a boolean", `query($s: ID) { organization(slug: $s) { id } }`, map[string]any{"s": true},
			[]string{`Variable "$s" got invalid value true; ID cannot represent value: true`}},
		{"ID given as an integer is fine", `query($s: ID) { organization(slug: $s) { id } }`, map[string]any{"s": 42}, nil},
		{"null for a nullable Int is fine", page, map[string]any{"n": nil}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore()
			h := NewHandler(store)
			res := send(t, h, acmeAPI, gqlBody(t, tt.query, tt.vars))
			require.Equal(t, http.StatusOK, res.status, res.body)
			var resp map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(res.body), &resp))
			if tt.want == nil {
				assert.NotContains(t, resp, "errors", res.body)
				return
			}
			assert.NotContains(t, resp, "data", "nothing is executed: %s", res.body)
			var errs []map[string]any
			require.NoError(t, json.Unmarshal(resp["errors"], &errs))
			var got []string
			for _, e := range errs {
				got = append(got, e["message"].(string))
			}
			assert.Equal(t, tt.want, got)
			assert.Len(t, store.AgentTokens(acmeUUID), 1, "no token was created")
		})
	}
}

// TestIntegerIDVariableIsCoerced: the spec lets an ID variable be an integer;
// graphql-go alone would fail on it, the coercion hands the resolver "7".
func TestIntegerIDVariableIsCoerced(t *testing.T) {
	h := NewHandler(newFakeStore())
	resp, body := exec(t, h, `mutation($in: AgentTokenRevokeInput!) { agentTokenRevoke(input: $in) { clientMutationId } }`,
		map[string]any{"in": map[string]any{"id": 7, "reason": "r"}})
	require.Len(t, resp.Errors, 1, body)
	assert.Equal(t, `id "7" is not an AgentToken ID; query agentTokens { edges { node { id } } } for it`, resp.Errors[0].Message)
}

// TestPathologicalQueriesAreRefused: documents built to make validation or
// execution explode get a GraphQL error instead of hanging the mock.
func TestPathologicalQueriesAreRefused(t *testing.T) {
	h := NewHandler(newFakeStore())
	deep := `{ organization(slug: "acme") { agentTokens { edges { node { organization { agentTokens { edges { node { organization { agentTokens { edges { node { organization { agentTokens { edges { node { organization { agentTokens { edges { node { organization { id } } } } } } } } } } } } } } } } } } } } } }`
	tests := []struct {
		name, query, want string
	}{
		{"one field repeated", `{ organization(slug: "acme") { ` + strings.Repeat("slug ", 20000) + `} }`, "Overlapping field validation aborted"},
		{"one alias repeated", `{ ` + strings.Repeat(`a: organization(slug: "acme") { slug } `, 5000) + `}`, "Overlapping field validation aborted"},
		{"nested too deep", deep, "exceeds max depth 20"},
		{"fragment cycle", `{ organization(slug: "acme") { ...A } } fragment A on Organization { ...B } fragment B on Organization { ...A }`, `Cannot spread fragment "A" within itself`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := exec(t, h, tt.query, nil)
			require.NotEmpty(t, resp.Errors, body[:min(len(body), 300)])
			assert.Contains(t, resp.Errors[0].Message, tt.want)
			assert.Nil(t, resp.Data)
		})
	}
}
