package graphql

import (
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// result is one HTTP answer of the endpoint.
type result struct {
	status int
	header http.Header
	body   string
}

// gqlResponse is the decoded JSON of a GraphQL answer.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message   string `json:"message"`
		Path      []any  `json:"path"`
		Locations []struct {
			Line, Column int
		} `json:"locations"`
	} `json:"errors"`
}

// send posts a raw body with the given bearer token (none when empty).
func send(t testing.TB, h http.Handler, token, body string) result {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/v1", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return result{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
}

// gqlBody builds a request body; vars may be nil, a map, or a string.
func gqlBody(t testing.TB, query string, vars any) string {
	t.Helper()
	m := map[string]any{"query": query}
	if vars != nil {
		m["variables"] = vars
	}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return string(b)
}

// exec runs a query as acme's admin and decodes the 200 answer.
func exec(t testing.TB, h http.Handler, query string, vars any) (gqlResponse, string) {
	t.Helper()
	return execAs(t, h, acmeAPI, query, vars)
}

func execAs(t testing.TB, h http.Handler, token, query string, vars any) (gqlResponse, string) {
	t.Helper()
	res := send(t, h, token, gqlBody(t, query, vars))
	require.Equal(t, http.StatusOK, res.status, res.body)
	var out gqlResponse
	require.NoError(t, json.Unmarshal([]byte(res.body), &out), res.body)
	return out, res.body
}

// data decodes the data of a response that must have no errors.
func data(t testing.TB, h http.Handler, query string, vars any) map[string]any {
	t.Helper()
	resp, body := exec(t, h, query, vars)
	require.Empty(t, resp.Errors, body)
	var m map[string]any
	require.NoError(t, json.Unmarshal(resp.Data, &m))
	return m
}

// dig walks a decoded JSON value along keys and list indexes.
func dig(t testing.TB, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			require.Truef(t, ok, "at %q: %v is not an object", k, v)
			v, ok = m[k]
			require.Truef(t, ok, "no key %q in %v", k, m)
		case int:
			l, ok := v.([]any)
			require.Truef(t, ok, "at %d: %v is not a list", k, v)
			require.Less(t, k, len(l))
			v = l[k]
		}
	}
	return v
}

// golden compares got with testdata/<name>, rewriting it with -update.
func golden(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./mockapi/graphql -update to create it")
	require.Equal(t, string(want), got)
}

// orgID is the node ID of acme.
func orgID() string { return string(nodeID(kindOrganization, acmeUUID)) }

// otherOrgID is the node ID of the other organization.
func otherOrgID() string { return string(nodeID(kindOrganization, otherUUID)) }

// tokenID is the node ID of an agent token.
func tokenID(uuid string) string { return string(nodeID(kindAgentToken, uuid)) }

// mustJSON encodes v for JSONEq comparisons.
func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
