package secret_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/secret"
	"github.com/docproof/docproof/mockapi"
)

// mockIssued drives a mock through an agent's life (register, ping,
// accept, start, an OIDC token, a GraphQL-created registration token) and
// returns every value it issued: bkar_, bkua_, bkaa_, bkaj_ and the rest.
func mockIssued(t testing.TB) []string {
	mock := mockapi.New(mockapi.WithSeed(7))
	env := mock.Env()
	call := func(method, path, auth string, body any) map[string]any {
		t.Helper()
		var data []byte
		if body != nil {
			var err error
			data, err = json.Marshal(body)
			require.NoError(t, err)
		}
		r := httptest.NewRequest(method, path, bytes.NewReader(data))
		r.Header.Set("Authorization", auth)
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		mock.ServeHTTP(w, r)
		require.Less(t, w.Code, 300, "%s %s: %s", method, path, w.Body.String())
		var out map[string]any
		_ = json.Unmarshal(w.Body.Bytes(), &out)
		return out
	}
	reg := call("POST", "/v3/register", "Token "+env["BUILDKITE_AGENT_TOKEN"], map[string]any{"name": "fuzz"})
	session := "Token " + reg["access_token"].(string)
	call("POST", "/v3/connect", session, nil)
	job := call("GET", "/v3/ping", session, nil)["job"].(map[string]any)["id"].(string)
	acc := call("PUT", "/v3/jobs/"+job+"/accept", session, nil)
	jobToken := "Token " + acc["token"].(string)
	call("PUT", "/v3/jobs/"+job+"/start", jobToken, map[string]string{"started_at": "2026-01-15T09:30:01Z"})
	call("POST", "/v3/jobs/"+job+"/oidc/tokens", jobToken, map[string]string{"audience": "fuzz"})
	call("POST", "/v1", "Bearer "+env["BUILDKITE_API_TOKEN"], map[string]any{
		"query":     `mutation($org: ID!) { agentTokenCreate(input: {organizationID: $org, description: "fuzz"}) { tokenValue } }`,
		"variables": map[string]string{"org": env["BUILDKITE_ORGANIZATION_ID"]},
	})
	issued := mock.IssuedTokens()
	for _, prefix := range []string{"bkar_", "bkua_", "bkaa_", "bkaj_"} {
		found := false
		for _, v := range issued {
			found = found || strings.HasPrefix(v, prefix)
		}
		require.True(t, found, "the mock issued no %s value", prefix)
	}
	return issued
}

var (
	issuedOnce   sync.Once
	issuedValues []string
	issuedFinder *secret.Finder
)

// FuzzRedactIssued checks the redaction property of issue 19: no value the
// mock issued (any kind, any prefix), glued into any text with any bytes
// before and after it, survives Redact.
func FuzzRedactIssued(f *testing.F) {
	f.Add("", "", uint8(0))
	f.Add("bkaa_exampleexampleexample1", "", uint8(2))
	f.Add("bkar_xxxxxxxxxxxxxxxxxxxxxxxx", "…", uint8(1))
	f.Add(`"Token `, `"}`, uint8(3))
	f.Add("x", "...", uint8(4))
	f.Add("bkaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_", "<redacted>", uint8(5))
	f.Add("%62", "&amp;", uint8(6))
	f.Add("bk", "_", uint8(7))
	f.Fuzz(func(t *testing.T, before, after string, pick uint8) {
		issuedOnce.Do(func() {
			issuedValues = mockIssued(t)
			issuedFinder = secret.NewFinder(issuedValues)
		})
		v := issuedValues[int(pick)%len(issuedValues)]
		if len(v) < 8 {
			return // too short to tell from text (secret.minIssued)
		}
		out := issuedFinder.Redact(before + v + after)
		if strings.Contains(out, v) {
			t.Fatalf("issued value %s survives redaction of %q + it + %q", secret.Mask(v), before, after)
		}
	})
}
