package mockapi

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnmodelledHeader(t *testing.T) {
	tests := []struct {
		method, path string
		status       int
		header       string
	}{
		{"POST", "/v3/stacks/register", 404, "route"},
		{"GET", "/v2/organizations/acme/pipelines", 404, "route"}, // REST v2 is modelled in part
		{"GET", "/v9/organizations", 404, "api"},
		{"GET", "/v3", 404, "route"},
		{"GET", "/v3/jobs/no-such-job", 401, ""},      // a route: its own answer
		{"DELETE", "/v3/jobs/x/chunks", 405, ""},      // a modelled path, another method
		{"POST", "/_mock/nothing-here", 404, "route"}, // control API paths count as routes
	}
	s := New()
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, http.NoBody))
			assert.Equal(t, tt.status, rec.Code)
			assert.Equal(t, tt.header, rec.Header().Get(UnmodelledHeader))
		})
	}
}

func TestUnmodelledProbe(t *testing.T) {
	s := New()
	before := len(s.IssuedTokens())
	for _, tt := range []struct {
		method, path string
		status       int
		header       string
	}{
		{"POST", "/v3/register", 204, ""}, // a route matches: it does not run
		{"POST", "/v3/stacks/register", 404, "route"},
		{"GET", "/v9/user", 404, "api"},
	} {
		req := httptest.NewRequest(tt.method, tt.path, http.NoBody)
		req.Header.Set(UnmodelledHeader, "probe")
		req.Header.Set("Authorization", "Token "+s.Env()["BUILDKITE_AGENT_TOKEN"]) // a register that ran would issue a token
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		assert.Equal(t, tt.status, rec.Code, tt.path)
		assert.Equal(t, tt.header, rec.Header().Get(UnmodelledHeader), tt.path)
	}
	assert.Len(t, s.IssuedTokens(), before, "a probe never runs a route")
}
