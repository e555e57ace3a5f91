package mockapi_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/mockapi"
)

func TestGreeting(t *testing.T) {
	h := newHarness(t)
	g := h.must(200, "GET", "/", "", nil).Obj(t)
	assert.Equal(t, "👋", g["message"])
	assert.Equal(t, float64(fixedClock().Unix()), g["timestamp"])
}

func TestAsyncPipelineUpload(t *testing.T) {
	steps := map[string]any{"steps": []any{map[string]any{"key": "later", "command": "echo later", "agents": map[string]string{"queue": "later"}}}}
	tests := []struct {
		name     string
		pipeline any
		final    string
		message  string
		jobs     int
	}{
		{"applied after one pending poll", steps, "applied", "", 1},
		{"a pipeline without steps is rejected", map[string]any{"env": map[string]string{"A": "b"}}, "rejected", "no steps", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			_, jobID, tok := h.runningJob()
			up := h.must(202, "POST", "/v3/jobs/"+jobID+"/pipelines?async=true", tok, map[string]any{"uuid": "u-1", "pipeline": tc.pipeline})
			assert.Equal(t, "https://agent.buildkite.com/v3/jobs/"+jobID+"/pipelines/u-1", up.Header.Get("Location"))
			assert.Equal(t, "1", up.Header.Get("Retry-After"))
			assert.Equal(t, "pending", up.Obj(t)["state"])
			again := h.must(202, "POST", "/v3/jobs/"+jobID+"/pipelines?async=true", tok, map[string]any{"uuid": "u-1", "pipeline": tc.pipeline})
			assert.Equal(t, "pending", again.Obj(t)["state"], "a retried upload (same uuid) is the same upload")

			first := h.must(200, "GET", "/v3/jobs/"+jobID+"/pipelines/u-1", tok, nil)
			assert.Equal(t, map[string]any{"state": "pending", "message": ""}, first.Obj(t))
			assert.Equal(t, "1", first.Header.Get("Retry-After"))
			second := h.must(200, "GET", "/v3/jobs/"+jobID+"/pipelines/u-1", tok, nil).Obj(t)
			assert.Equal(t, tc.final, second["state"])
			assert.Contains(t, second["message"], tc.message)

			b := h.must(200, "GET", "/_mock/builds/"+h.controlJob(jobID)["build_id"].(string), "", nil).Obj(t)
			p := b["pipelines"].([]any)[0].(map[string]any)
			assert.Equal(t, tc.final, p["state"])
			assert.Equal(t, 2.0, p["polls"])
			assert.Len(t, p["job_ids"], tc.jobs)
		})
	}
	t.Run("without async the upload is applied at once", func(t *testing.T) {
		h := newHarness(t)
		_, jobID, tok := h.runningJob()
		r := h.must(201, "POST", "/v3/jobs/"+jobID+"/pipelines", tok, map[string]any{"pipeline": steps})
		assert.Equal(t, "applied", r.Obj(t)["state"])
		assert.Empty(t, r.Header.Get("Location"))
		h.must(422, "POST", "/v3/jobs/"+jobID+"/pipelines", tok, map[string]any{"pipeline": map[string]any{}})
	})
}

func TestMetaDataBatchAndLimits(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	big := strings.Repeat("a", 100*1024+1)
	tests := []struct {
		name   string
		path   string
		body   any
		status int
	}{
		{"batch", "set-batch", map[string]any{"items": []map[string]string{{"key": "a", "value": "1"}, {"key": "b", "value": "2"}}}, 201},
		{"empty batch", "set-batch", map[string]any{"items": []any{}}, 422},
		{"batch with a blank value sets nothing", "set-batch", map[string]any{"items": []map[string]string{{"key": "c", "value": "3"}, {"key": "d", "value": " "}}}, 422},
		{"batch with a value over 100 KB sets nothing", "set-batch", map[string]any{"items": []map[string]string{{"key": "c", "value": "3"}, {"key": "e", "value": big}}}, 422},
		{"value of exactly 100 KB", "set", map[string]string{"key": "f", "value": big[1:]}, 201},
		{"value over 100 KB", "set", map[string]string{"key": "g", "value": big}, 422},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h.must(tc.status, "POST", "/v3/jobs/"+jobID+"/data/"+tc.path, tok, tc.body)
		})
	}
	keys := h.must(200, "POST", "/v3/jobs/"+jobID+"/data/keys", tok, nil).JSON(t)
	assert.Equal(t, []any{"a", "b", "f"}, keys)
}

func TestAnnotationContextLimit(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	h.must(201, "POST", "/v3/jobs/"+jobID+"/annotations", tok, map[string]string{"body": "x", "context": strings.Repeat("é", 100)})
	r := h.must(422, "POST", "/v3/jobs/"+jobID+"/annotations", tok, map[string]string{"body": "x", "context": strings.Repeat("c", 101)})
	assert.Contains(t, r.Message(t), "Context is too long")
}

func TestSecrets(t *testing.T) {
	h := newHarness(t)
	h.must(201, "POST", "/_mock/secrets", "", map[string]string{"key": "DEPLOY_KEY", "value": "org-value"})
	h.must(201, "POST", "/_mock/secrets", "", map[string]string{"key": "DEPLOY_KEY", "value": "cluster-value", "cluster": "Default"})
	h.must(404, "POST", "/_mock/secrets", "", map[string]string{"key": "DEPLOY_KEY", "value": "x", "cluster": "nope"})
	h.must(200, "POST", "/_mock/secrets", "", map[string]string{"key": "deploy_key", "value": "org-value-2"})
	h.must(201, "POST", "/_mock/secrets", "", map[string]string{"key": "OTHER_ORG", "value": "g", "org": "globex"})
	h.must(422, "POST", "/_mock/secrets", "", map[string]string{"key": "1BAD", "value": "x"})
	list := h.must(200, "GET", "/_mock/secrets", "", nil).JSON(t).([]any)
	require.Len(t, list, 3)
	assert.NotContains(t, list[0], "value", "the control API never shows a value")
	assert.Contains(t, h.srv.IssuedTokens(), "cluster-value", "secret values are refused on the site like tokens")

	c := h.must(201, "POST", "/_mock/jobs", "", map[string]string{"command": "x", "cluster": "Default"}).Obj(t)
	_, session := h.register(h.env["BUILDKITE_CLUSTER_AGENT_TOKEN"], "queue=default")
	h.must(200, "POST", "/v3/connect", session, nil)
	jobID, tok := h.takeJob(session)
	require.Equal(t, c["id"], jobID)
	h.must(422, "GET", "/v3/jobs/"+jobID+"/secrets?key=DEPLOY_KEY", tok, nil)
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/start", tok, nil)
	tests := []struct {
		key, value string
		status     int
	}{
		{"deploy_key", "cluster-value", 200},
		{"Deploy_Key", "cluster-value", 200},
		{"OTHER_ORG", "", 404},
		{"NOPE", "", 404},
	}
	for _, tc := range tests {
		r := h.must(tc.status, "GET", "/v3/jobs/"+jobID+"/secrets?key="+tc.key, tok, nil)
		if tc.status == 200 {
			assert.Equal(t, tc.value, r.Obj(t)["value"], tc.key)
			assert.Equal(t, "DEPLOY_KEY", r.Obj(t)["key"])
			assert.NotEmpty(t, r.Obj(t)["uuid"])
		} else {
			assert.Equal(t, "Not Found: method = GET, url = /v3/jobs/"+jobID+"/secrets?key="+tc.key, r.Message(t))
		}
	}
	_, other, otherTok := h.runningJob() // no cluster: the organization's secret
	assert.Equal(t, "org-value-2", h.must(200, "GET", "/v3/jobs/"+other+"/secrets?key=DEPLOY_KEY", otherTok, nil).Obj(t)["value"])
	h.must(403, "GET", "/v3/jobs/"+jobID+"/secrets?key=DEPLOY_KEY", otherTok, nil)
}

func TestStepsAndBuildCancel(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	h.must(201, "POST", "/v3/jobs/"+jobID+"/pipelines", tok, map[string]any{"pipeline": map[string]any{"steps": []any{
		map[string]any{"key": "later", "label": "Later", "command": "echo later", "agents": map[string]string{"queue": "later"}}}}})
	step := h.controlJob(jobID)["step_id"].(string)
	build := h.controlJob(jobID)["build_id"].(string)
	export := func(stepID, attr string) string {
		return h.must(200, "POST", "/v3/steps/"+stepID+"/export", tok, map[string]string{"attribute": attr, "build_id": build}).Obj(t)["output"].(string)
	}
	assert.Equal(t, ":test_tube: Test", export(step, "label"))
	assert.Equal(t, "scheduled", export("later", "state"))
	assert.Contains(t, export(step, ""), `"id":"`+step+`"`)

	upd := map[string]any{"idempotency_uuid": "u1", "attribute": "label", "value": " (retried)", "append": true}
	assert.Equal(t, step, h.must(200, "PUT", "/v3/steps/"+step, tok, upd).Obj(t)["uuid"])
	h.must(200, "PUT", "/v3/steps/"+step, tok, upd) // a retry changes nothing
	assert.Equal(t, ":test_tube: Test (retried)", export(step, "label"))
	assert.Equal(t, map[string]any{"label": ":test_tube: Test (retried)"}, h.controlJob(jobID)["step_updates"])
	h.must(422, "PUT", "/v3/steps/"+step, tok, map[string]any{"attribute": "state", "value": "passed"})
	h.must(404, "POST", "/v3/steps/nope/export", tok, map[string]string{"attribute": "label"})

	h.must(200, "POST", "/v3/steps/later/cancel", tok, map[string]any{"build_id": build, "force": true})
	assert.Equal(t, "canceled", export("later", "state"))
	assert.Equal(t, "running", h.must(200, "GET", "/_mock/builds/"+build, "", nil).Obj(t)["state"])

	assert.Equal(t, build, h.must(200, "POST", "/v3/builds/"+build+"/cancel", tok, nil).Obj(t)["uuid"])
	assert.Equal(t, "canceling", h.must(200, "GET", "/v3/jobs/"+jobID, tok, nil).Obj(t)["state"])
	assert.Equal(t, "canceling", h.must(200, "GET", "/_mock/builds/"+build, "", nil).Obj(t)["state"])
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/finish", tok, map[string]any{"exit_status": "-1", "signal_reason": "cancel"})
	assert.Equal(t, "canceled", h.must(200, "GET", "/_mock/builds/"+build, "", nil).Obj(t)["state"])
	h.must(401, "POST", "/v3/builds/"+build+"/cancel", tok, nil)
}

func TestPauseResumeStop(t *testing.T) {
	h := newHarness(t)
	session, jobID, tok := h.runningJob()
	ping := func() map[string]any { return h.must(200, "GET", "/v3/ping", session, nil).Obj(t) }
	h.must(401, "POST", "/v3/pause", h.env["BUILDKITE_AGENT_TOKEN"], map[string]string{"note": "x"})
	h.must(422, "POST", "/v3/pause", tok, map[string]any{"timeout_in_minutes": -1})
	assert.Equal(t, true, h.must(200, "POST", "/v3/pause", tok, map[string]any{"note": "upgrade"}).Obj(t)["paused"])
	assert.Equal(t, map[string]any{"action": "pause", "message": "upgrade"}, ping())
	agents := h.must(200, "GET", "/_mock/agents", "", nil).JSON(t).([]any)
	assert.Equal(t, "upgrade", agents[0].(map[string]any)["pause_note"])
	h.must(200, "POST", "/v3/resume", tok, nil)
	assert.Equal(t, map[string]any{"action": "idle"}, ping(), "running its job")

	assert.Equal(t, true, h.must(200, "POST", "/v3/stop", tok, map[string]any{}).Obj(t)["stop_requested"])
	assert.Equal(t, map[string]any{"action": "idle"}, ping(), "a stop waits for the job")
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/finish", tok, map[string]any{"exit_status": "0"})
	assert.Equal(t, "disconnect", ping()["action"])
}

func TestPromiseFailure(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	path := "/v3/jobs/" + jobID + "/promise_failure"
	tests := []struct {
		body   string
		status int
	}{
		{`{"exit_status":0}`, 422},
		{`{"exit_status":"3"}`, 422},
		{`{"exit_status":3.5}`, 422},
		{`{"exit_status":99999999999}`, 422},
		{`{}`, 422},
		{`{"exit_status":3,"reason":"tests failed"}`, 204},
		{`{"exit_status":3}`, 204},
		{`{"exit_status":4}`, 409},
	}
	for _, tc := range tests {
		r := h.must(tc.status, "PUT", path, tok, tc.body)
		if tc.status == 204 {
			assert.Empty(t, r.Body)
		}
	}
	assert.Equal(t, 3.0, h.controlJob(jobID)["promised_failure"].(map[string]any)["exit_status"])
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/finish", tok, map[string]any{"exit_status": "0"})
	assert.Equal(t, "3", h.controlJob(jobID)["exit_status"], "a promised failure is binding")
}

func TestInjectedFaults(t *testing.T) {
	h := newHarness(t)
	session := h.agent()
	h.must(422, "POST", "/_mock/faults", "", map[string]any{"route": "GET /_mock/agents", "status": 429, "count": 1})
	h.must(422, "POST", "/_mock/faults", "", map[string]any{"route": "GET /v3/ping", "status": 404, "count": 1})
	h.must(422, "POST", "/_mock/faults", "", map[string]any{"route": "GET /v3/ping", "status": 429, "count": 0})
	h.must(201, "POST", "/_mock/faults", "", map[string]any{"route": "GET /v3/ping", "status": 429, "count": 2})
	h.must(201, "POST", "/_mock/faults", "", map[string]any{"route": "POST /v3/heartbeat", "status": 503, "count": 1})
	tests := []struct {
		method, path string
		status       int
		retryAfter   string
	}{
		{"GET", "/v3/ping", 429, "1"},
		{"GET", "/v3/ping", 429, "1"},
		{"GET", "/v3/ping", 200, ""},
		{"POST", "/v3/heartbeat", 503, ""},
		{"POST", "/v3/heartbeat", 200, ""},
	}
	for _, tc := range tests {
		r := h.call(tc.method, tc.path, session, nil)
		assert.Equal(t, tc.status, r.Status, "%s %s: %s", tc.method, tc.path, r.Body)
		assert.Equal(t, tc.retryAfter, r.Header.Get("Retry-After"))
	}
	h.must(201, "POST", "/_mock/faults", "", map[string]any{"route": "PUT /v3/jobs/{id}/acquire", "status": 423, "count": 3, "retry_after": 7})
	assert.Equal(t, []any{map[string]any{"route": "PUT /v3/jobs/{id}/acquire", "status": 423.0, "count": 3.0, "retry_after": 7.0}},
		h.must(200, "GET", "/_mock/faults", "", nil).JSON(t))
	r := h.call("PUT", "/v3/jobs/x/acquire", session, nil)
	assert.Equal(t, 423, r.Status)
	assert.Equal(t, "7", r.Header.Get("Retry-After"))
	h.must(200, "DELETE", "/_mock/faults", "", nil)
	assert.Equal(t, []any{}, h.must(200, "GET", "/_mock/faults", "", nil).JSON(t))
}

// The 401 body is the real API's; docproof's reason sits beside it.
func TestUnauthorizedBodyIsTheRealOne(t *testing.T) {
	h := newHarness(t)
	for _, token := range []string{"bkaa_unknown", h.env["BUILDKITE_AGENT_TOKEN"]} {
		r := h.must(401, "GET", "/v3/ping", token, nil)
		assert.Equal(t, map[string]any{"message": "Invalid access token"}, r.Obj(t))
		assert.NotEmpty(t, r.Header.Get(mockapi.DetailHeader))
	}
}
