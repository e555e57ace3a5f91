package mockapi_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnknownRoutesAndMethods(t *testing.T) {
	h := newHarness(t)
	session := h.agent()
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{"POST", "/agentedge.v1.AgentEdgeService/StreamPings", 404, ""},
		{"GET", "/nope", 404, ""},
		{"POST", "/", 405, "GET, HEAD"},
		{"GET", "/v3/nope", 404, ""},
		{"GET", "/v2/organizations", 404, ""},
		{"GET", "/_mock/nope", 404, ""},
		{"GET", "/v3/register", 405, "POST"},
		{"POST", "/v3/ping", 405, "GET, HEAD"},
		{"DELETE", "/v3/jobs/x/chunks", 405, "POST"},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := h.do(req{method: tc.method, path: tc.path, token: session,
				header: map[string]string{"Content-Type": "application/grpc"}})
			require.Equal(t, tc.status, r.Status, "%s", r.Body)
			assert.NotEmpty(t, r.Message(t))
			assert.Equal(t, tc.allow, r.Header.Get("Allow"))
		})
	}
}

// GraphQL answers every refusal in GraphQL's own error shape, a wrong method included.
func TestGraphQLWrongMethodHasGraphQLErrorShape(t *testing.T) {
	h := newHarness(t)
	for _, method := range []string{"GET", "PUT", "DELETE"} {
		r := h.do(req{method: method, path: "/v1", token: h.env["BUILDKITE_API_TOKEN"]})
		require.Equal(t, 405, r.Status, "%s", r.Body)
		assert.Equal(t, "POST", r.Header.Get("Allow"))
		errs, ok := r.Obj(t)["errors"].([]any)
		require.True(t, ok, "%s", r.Body)
		require.Len(t, errs, 1)
		assert.NotEmpty(t, errs[0].(map[string]any)["message"])
	}
}

func TestControlAPI(t *testing.T) {
	h := newHarness(t)
	assert.Equal(t, len(h.env), len(h.must(200, "GET", "/_mock/env", "", nil).Obj(t)))

	h.must(422, "POST", "/_mock/jobs", "", map[string]string{"command": " "})
	h.must(404, "POST", "/_mock/jobs", "", map[string]string{"command": "x", "org": "initech"})
	h.must(400, "POST", "/_mock/jobs", "", "[")
	c := h.must(201, "POST", "/_mock/jobs", "", map[string]any{"command": "echo hi", "org": "globex", "queue": "e2e",
		"env": map[string]string{"EXTRA": "1"}}).Obj(t)
	id, build := c["id"].(string), c["build_id"].(string)
	j := h.controlJob(id)
	assert.Equal(t, map[string]any{"id": id, "build_id": build, "queue": "e2e", "state": "scheduled", "agent_id": "",
		"exit_status": "", "signal": "", "signal_reason": "", "chunks_failed_count": 0.0, "log": "",
		"updates": map[string]any{}, "step_id": j["step_id"], "step_updates": map[string]any{}, "promised_failure": nil,
		"log_bytes": 0.0, "log_url": "/_mock/jobs/" + id + "/log"}, j)
	assert.Regexp(t, `^[0-9a-f-]{36}$`, j["step_id"])
	b := h.must(200, "GET", "/_mock/builds/"+build, "", nil).Obj(t)
	assert.Equal(t, map[string]any{}, b["meta_data"])
	assert.Equal(t, []any{}, b["annotations"])
	assert.Equal(t, []any{}, b["artifacts"])
	assert.Equal(t, "mock", b["pipeline"])
	h.must(404, "GET", "/_mock/builds/nope", "", nil)
	h.must(404, "GET", "/_mock/jobs/nope", "", nil)

	// The globex e2e agent gets it, with the env the real agent needs.
	_, session := h.register(h.env["BUILDKITE_AGENT_TOKEN_OTHER_ORG"], "queue=e2e")
	h.must(200, "POST", "/v3/connect", session, nil)
	got, _ := h.takeJob(session)
	require.Equal(t, id, got)

	// Reset: fixture back, same token values, created job gone.
	h.must(200, "POST", "/_mock/reset", "", nil)
	h.must(404, "GET", "/_mock/jobs/"+id, "", nil)
	assert.Equal(t, h.env, h.srv.Env())
	assert.Equal(t, 401, h.call("GET", "/v3/ping", session, nil).Status, "agents are gone after reset")
	assert.Contains(t, h.srv.IssuedTokens(), session, "issued tokens survive a reset")
	assert.Equal(t, "scheduled", h.controlJob(acmeTestJob)["state"])
}
