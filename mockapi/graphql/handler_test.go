package graphql

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireErrorBody asserts the body is exactly {"errors":[{"message":...}]}
// and returns the message.
func requireErrorBody(t *testing.T, res result) string {
	t.Helper()
	assert.Equal(t, "application/json; charset=utf-8", res.header.Get("Content-Type"))
	var body struct {
		Errors []map[string]any `json:"errors"`
	}
	dec := json.NewDecoder(strings.NewReader(res.body))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&body), res.body)
	require.Len(t, body.Errors, 1, res.body)
	require.Len(t, body.Errors[0], 1, "only a message: %s", res.body)
	msg, ok := body.Errors[0]["message"].(string)
	require.True(t, ok, res.body)
	require.NotEmpty(t, msg)
	return msg
}

func TestMethodNotAllowed(t *testing.T) {
	h := NewHandler(newFakeStore())
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead} {
		t.Run(method, func(t *testing.T) {
			req := httptest.NewRequest(method, "/v1?query=%7Bx%7D", nil)
			req.Header.Set("Authorization", "Bearer "+acmeAPI)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
			assert.Equal(t, "POST", rec.Header().Get("Allow"))
			if method == http.MethodHead {
				return
			}
			msg := requireErrorBody(t, result{status: rec.Code, header: rec.Header(), body: rec.Body.String()})
			assert.Contains(t, msg, method)
			assert.Contains(t, msg, "POST")
		})
	}
}

func TestAuthRefused(t *testing.T) {
	store := newFakeStore()
	h := NewHandler(store)
	body := gqlBody(t, `{ organization(slug: "acme") { id } }`, nil)
	tests := []struct {
		name   string
		header string
		want   string
	}{
		{"missing", "", "Authentication required"},
		{"blank", "   ", "Authentication required"},
		{"token scheme", "Token " + acmeAPI, "not a Bearer token"},
		{"basic scheme", "Basic YWRtaW46YWRtaW4=", "not a Bearer token"},
		{"bearer without token", "Bearer ", "not a Bearer token"},
		{"unknown api token", "Bearer bkua_doesnotexist", "Invalid API access token"},
		{"registration token", "Bearer " + store.values()[0], "agent, cluster and package tokens don't"},
		{"session token", "Bearer bkaa_sessiontokenvalue", "agent, cluster and package tokens don't"},
		{"job token", "Bearer bkaj_jobtokenvalue", "agent, cluster and package tokens don't"},
		{"cluster token", "Bearer bkct_clustertokenvalue", "agent, cluster and package tokens don't"},
		{"package registry token", "Bearer bkpt_packagetokenvalue", "agent, cluster and package tokens don't"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/v1", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := result{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
			require.Equal(t, http.StatusUnauthorized, res.status, res.body)
			assert.Contains(t, res.header.Get("WWW-Authenticate"), "Bearer")
			msg := requireErrorBody(t, res)
			assert.Contains(t, msg, tt.want)
			assert.Contains(t, msg, "Authorization: Bearer <token>", "says what to do")
			for _, v := range store.values() {
				assert.NotContains(t, res.body, v, "a refusal never echoes a token")
			}
		})
	}
}

func TestAuthAcceptsBearerCaseInsensitive(t *testing.T) {
	h := NewHandler(newFakeStore())
	req := httptest.NewRequest(http.MethodPost, "/v1", strings.NewReader(`{"query":"{ organization(slug: \"acme\") { slug } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "bearer "+acmeAPI)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.JSONEq(t, `{"data":{"organization":{"slug":"acme"}}}`, rec.Body.String())
}

func TestContentType(t *testing.T) {
	h := NewHandler(newFakeStore())
	body := `{"query":"{ organization(slug: \"acme\") { slug } }"}`
	tests := []struct {
		contentType string
		status      int
	}{
		{"application/json", http.StatusOK},
		{"application/json; charset=utf-8", http.StatusOK},
		{"Application/JSON", http.StatusOK},
		{"", http.StatusUnsupportedMediaType},
		{"application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
		{"text/plain", http.StatusUnsupportedMediaType},
		{"application/graphql", http.StatusUnsupportedMediaType},
		{"application/json; charset", http.StatusUnsupportedMediaType},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/v1", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+acmeAPI)
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := result{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
			require.Equal(t, tt.status, res.status, res.body)
			if tt.status != http.StatusOK {
				assert.Contains(t, requireErrorBody(t, res), "Content-Type: application/json")
			}
		})
	}
}

func TestBodyTooLarge(t *testing.T) {
	h := NewHandler(newFakeStore())
	query := `{ __typename }`
	pad := strings.Repeat(" ", MaxBodyBytes)
	big := `{"query":"` + query[:1] + pad + query[1:] + `"}`
	t.Run("known length", func(t *testing.T) {
		res := send(t, h, acmeAPI, big)
		require.Equal(t, http.StatusRequestEntityTooLarge, res.status)
		assert.Contains(t, requireErrorBody(t, res), "larger than 1048576 bytes")
	})
	t.Run("chunked", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/v1", io.MultiReader(strings.NewReader(big)))
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+acmeAPI)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		requireErrorBody(t, result{status: rec.Code, header: rec.Header(), body: rec.Body.String()})
	})
	t.Run("just under the limit", func(t *testing.T) {
		fits := `{"query":"` + query + `"}`
		fits = fits[:len(fits)-2] + strings.Repeat(" ", MaxBodyBytes-len(fits)) + `"}`
		require.Len(t, fits, MaxBodyBytes)
		res := send(t, h, acmeAPI, fits)
		require.Equal(t, http.StatusOK, res.status, res.body[:min(len(res.body), 200)])
	})
}

func TestBadRequests(t *testing.T) {
	h := NewHandler(newFakeStore())
	tests := []struct {
		name, body, want string
	}{
		{"empty body", ``, "not valid JSON"},
		{"truncated", `{"query": "{ organization`, "not valid JSON"},
		{"not json", `query { organization(slug: "acme") { id } }`, "not valid JSON"},
		{"trailing data", `{"query": "{ __typename }"} {}`, "not valid JSON"},
		{"array", `[{"query": "{ __typename }"}]`, "must be a JSON object"},
		{"string", `"{ __typename }"`, "must be a JSON object"},
		{"null", `null`, "must be a JSON object"},
		{"no query", `{"variables": {}}`, `no "query"`},
		{"null query", `{"query": null}`, `no "query"`},
		{"query not a string", `{"query": 42}`, `"query" must be a string`},
		{"blank query", `{"query": "  \n "}`, `"query" is empty`},
		{"operationName not a string", `{"query": "{ __typename }", "operationName": 1}`, `"operationName" must be a string`},
		{"variables a number", `{"query": "{ __typename }", "variables": 3}`, `"variables" must be a JSON object`},
		{"variables a list", `{"query": "{ __typename }", "variables": []}`, `"variables" must be a JSON object`},
		{"variables string not json", `{"query": "{ __typename }", "variables": "{ slug: acme }"}`, `"variables" must be a JSON object`},
		{"variables string holding a list", `{"query": "{ __typename }", "variables": "[1]"}`, `"variables" must be a JSON object`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := send(t, h, acmeAPI, tt.body)
			require.Equal(t, http.StatusBadRequest, res.status, res.body)
			assert.Contains(t, requireErrorBody(t, res), tt.want)
		})
	}
}

func TestBrokenSchemaIsReportedNotPanicked(t *testing.T) {
	h := &handler{err: assert.AnError}
	res := send(t, h, acmeAPI, `{"query":"{ __typename }"}`)
	require.Equal(t, http.StatusInternalServerError, res.status)
	assert.Equal(t, assert.AnError.Error(), requireErrorBody(t, res))
}

func TestNilStoreIsReportedNotPanicked(t *testing.T) {
	res := send(t, NewHandler(nil), acmeAPI, `{"query":"{ __typename }"}`)
	require.Equal(t, http.StatusInternalServerError, res.status)
	assert.Contains(t, requireErrorBody(t, res), "needs a Store")
}
