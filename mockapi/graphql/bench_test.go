package graphql

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// benchPost sends body as acme's admin and fails the benchmark on a non-200.
func benchPost(b *testing.B, h http.Handler, body string) {
	req := httptest.NewRequest(http.MethodPost, "/v1", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+acmeAPI)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
		b.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
}

// BenchmarkListAgentTokens is the docs' GetAgentTokenID query over 50 tokens.
func BenchmarkListAgentTokens(b *testing.B) {
	store := newFakeStore()
	for i := range 49 {
		if _, err := store.CreateAgentToken(acmeUUID, fmt.Sprint("token ", i), false); err != nil {
			b.Fatal(err)
		}
	}
	h := NewHandler(store)
	body := gqlBody(b, `query GetAgentTokenID { organization(slug: "acme") { agentTokens(first: 50) { count edges { node { id uuid description revokedAt createdBy { email } } } } } }`, "{ }")
	b.ReportAllocs()
	for b.Loop() {
		benchPost(b, h, body)
	}
}

// BenchmarkCreateAgentToken is the docs' agentTokenCreate mutation.
func BenchmarkCreateAgentToken(b *testing.B) {
	h := NewHandler(newFakeStore())
	body := gqlBody(b, fmt.Sprintf(`mutation { agentTokenCreate(input: {organizationID: %q, description: "A description"}) { tokenValue agentTokenEdge { node { id } } } }`, orgID()), nil)
	b.ReportAllocs()
	for b.Loop() {
		benchPost(b, h, body)
	}
}

// BenchmarkNewHandler measures parsing the embedded schema.
func BenchmarkNewHandler(b *testing.B) {
	store := newFakeStore()
	b.ReportAllocs()
	for b.Loop() {
		if h, ok := NewHandler(store).(*handler); !ok || h.err != nil {
			b.Fatal("schema does not parse")
		}
	}
}
