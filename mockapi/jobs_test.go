package mockapi_test

import (
	"testing"

	"github.com/docproof/docproof/mockapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDispatchOrderAndQueues(t *testing.T) {
	h := newHarness(t)
	e2e := h.agent("queue=e2e")
	assert.Equal(t, `{"action":"idle"}`+"\n", string(h.must(200, "GET", "/v3/ping", e2e, nil).Body), "no fixture job for queue e2e")
	var got []string
	for range 3 {
		id, _ := h.takeJob(h.agent("queue=default", "os=linux"))
		got = append(got, id)
	}
	assert.Equal(t, []string{acmeTestJob, acmeDeployJob, acmeLintJob}, got)
	assert.Equal(t, "idle", h.must(200, "GET", "/v3/ping", h.agent(), nil).Obj(t)["action"])

	created := h.must(201, "POST", "/_mock/jobs", "", map[string]string{"command": "echo hi", "queue": "e2e"}).Obj(t)
	id, _ := h.takeJob(e2e)
	assert.Equal(t, created["id"], id)
}

func TestPingRules(t *testing.T) {
	h := newHarness(t)
	_, session := h.register(h.env["BUILDKITE_AGENT_TOKEN"])
	r := h.must(422, "GET", "/v3/ping", session, nil)
	assert.Contains(t, r.Message(t), "connect")
	h.must(200, "POST", "/v3/connect", session, nil)
	first := h.must(200, "GET", "/v3/ping", session, nil)
	assert.Equal(t, `{"job":{"id":"`+acmeTestJob+`"}}`+"\n", string(first.Body))
	// A dispatched job is handed out once; the agent is then busy.
	assert.Equal(t, "idle", h.must(200, "GET", "/v3/ping", session, nil).Obj(t)["action"])
	// Another agent cannot accept it.
	other := h.agent()
	r = h.must(422, "PUT", "/v3/jobs/"+acmeTestJob+"/accept", other, nil)
	assert.Contains(t, r.Message(t), "not assigned to this agent")

	agents := h.must(200, "GET", "/_mock/agents", "", nil).JSON(t).([]any)
	require.Len(t, agents, 2)
	id := agents[0].(map[string]any)["id"].(string)
	assert.Equal(t, acmeTestJob, agents[0].(map[string]any)["job_id"])
	// A paused agent is told so on every ping and given no job until resumed.
	h.must(201, "POST", "/_mock/jobs", "", map[string]string{"command": "x", "queue": "paused"})
	pausedSession := h.agent("queue=paused")
	agents = h.must(200, "GET", "/_mock/agents", "", nil).JSON(t).([]any)
	pausedID := agents[2].(map[string]any)["id"].(string)
	h.must(200, "POST", "/_mock/agents/"+pausedID+"/action", "", map[string]string{"action": "pause"})
	for range 2 {
		assert.Equal(t, "pause", h.must(200, "GET", "/v3/ping", pausedSession, nil).Obj(t)["action"])
	}
	h.must(200, "POST", "/_mock/agents/"+pausedID+"/action", "", map[string]string{"action": "resume"})
	h.takeJob(pausedSession)
	// disconnect is answered once.
	h.must(200, "POST", "/_mock/agents/"+id+"/action", "", map[string]string{"action": "disconnect"})
	assert.Equal(t, "disconnect", h.must(200, "GET", "/v3/ping", session, nil).Obj(t)["action"])
	assert.Equal(t, "idle", h.must(200, "GET", "/v3/ping", session, nil).Obj(t)["action"])
	h.must(422, "POST", "/_mock/agents/"+id+"/action", "", map[string]string{"action": "explode"})
	h.must(404, "POST", "/_mock/agents/nope/action", "", map[string]string{"action": "pause"})
}

func TestHeartbeat(t *testing.T) {
	h := newHarness(t)
	session := h.agent()
	m := h.must(200, "POST", "/v3/heartbeat", session, map[string]string{"sent_at": "2026-01-15T10:29:59.5+01:00"}).Obj(t)
	assert.Equal(t, map[string]any{"sent_at": "2026-01-15T10:29:59.5+01:00", "received_at": "2026-01-15T09:30:00Z"}, m)
	h.must(400, "POST", "/v3/heartbeat", session, `{"sent_at": 5}`)
	agents := h.must(200, "GET", "/_mock/agents", "", nil).JSON(t).([]any)
	assert.Equal(t, "2026-01-15T09:30:00Z", agents[0].(map[string]any)["last_heartbeat_at"])
}

func TestJobStateMachine(t *testing.T) {
	h := newHarness(t)
	session := h.agent()
	h.must(200, "GET", "/v3/ping", session, nil)
	// start before accept: the job is only assigned.
	h.must(422, "PUT", "/v3/jobs/"+acmeTestJob+"/start", session, nil)
	acc := h.must(200, "PUT", "/v3/jobs/"+acmeTestJob+"/accept", session, nil).Obj(t)
	assert.Equal(t, "accepted", acc["state"])
	assert.Greater(t, acc["chunks_max_size_bytes"].(float64), 0.0)
	env := acc["env"].(map[string]any)
	for k, v := range map[string]string{
		"BUILDKITE_JOB_ID": acmeTestJob, "BUILDKITE_BUILD_ID": acmeWebBuild, "BUILDKITE_PIPELINE_SLUG": "website",
		"BUILDKITE_ORGANIZATION_SLUG": "acme", "BUILDKITE_SKIP_CHECKOUT": "true", "BUILDKITE_BRANCH": "main",
		"BUILDKITE_COMMIT": "HEAD", "BUILDKITE_PIPELINE_PROVIDER": "github", "BUILDKITE_AGENT_NAME": "host-1",
	} {
		assert.Equal(t, v, env[k], k)
	}
	assert.NotEmpty(t, env["BUILDKITE_REPO"])
	assert.NotEmpty(t, env["BUILDKITE_COMMAND"])
	_, hasRegToken := env["BUILDKITE_AGENT_TOKEN"]
	assert.False(t, hasRegToken)
	tok := acc["token"].(string)
	h.must(422, "PUT", "/v3/jobs/"+acmeTestJob+"/accept", session, nil)
	r := h.sendChunk(tok, acmeTestJob, 1, 0, "early\n")
	assert.Equal(t, 422, r.Status, "chunks before start")
	h.must(422, "PUT", "/v3/jobs/"+acmeTestJob+"/finish", tok, map[string]string{"exit_status": "0"})
	h.must(200, "PUT", "/v3/jobs/"+acmeTestJob+"/start", tok, map[string]string{"started_at": "2026-01-15T09:30:01Z"})
	h.must(422, "PUT", "/v3/jobs/"+acmeTestJob+"/start", tok, nil)
	h.must(400, "PUT", "/v3/jobs/"+acmeTestJob+"/start", session, map[string]string{"started_at": "yesterday"})
	h.must(200, "PUT", "/v3/jobs/"+acmeTestJob, tok, map[string]string{"timeout_in_minutes": "30"})
	assert.Equal(t, map[string]any{"timeout_in_minutes": "30"}, h.controlJob(acmeTestJob)["updates"])
	h.must(400, "PUT", "/v3/jobs/"+acmeTestJob, tok, map[string]string{})
	h.must(400, "PUT", "/v3/jobs/"+acmeTestJob+"/finish", tok, map[string]string{})
	fin := h.must(200, "PUT", "/v3/jobs/"+acmeTestJob+"/finish", session, map[string]any{"exit_status": 3, "finished_at": "2026-01-15T09:31:00Z"}).Obj(t)
	assert.Equal(t, map[string]any{"id": acmeTestJob, "state": "finished", "exit_status": "3",
		"started_at": "2026-01-15T09:30:01Z", "finished_at": "2026-01-15T09:31:00Z"}, fin)
	h.must(422, "PUT", "/v3/jobs/"+acmeTestJob+"/finish", session, map[string]string{"exit_status": "0"})
	h.must(422, "PUT", "/v3/jobs/"+acmeTestJob, session, map[string]string{"a": "b"})
	// The agent is free again.
	id, _ := h.takeJob(session)
	assert.Equal(t, acmeDeployJob, id)
}

func TestAcquire(t *testing.T) {
	h := newHarness(t)
	session := h.agent()
	acc := h.must(200, "PUT", "/v3/jobs/"+acmeLintJob+"/acquire", session, nil).Obj(t)
	assert.Equal(t, acmeLintJob, acc["id"])
	assert.NotEmpty(t, acc["token"])
	h.must(422, "PUT", "/v3/jobs/"+acmeLintJob+"/acquire", h.agent(), nil)
	r := h.must(422, "PUT", "/v3/jobs/"+acmeDeployJob+"/acquire", session, nil)
	assert.Contains(t, r.Message(t), "already holds")
	h.must(404, "PUT", "/v3/jobs/00000000-0000-4000-8000-000000000000/acquire", session, nil)
	// Acquired jobs are not dispatched again.
	id, _ := h.takeJob(h.agent())
	assert.Equal(t, acmeTestJob, id)
}

func TestWithoutJobTokens(t *testing.T) {
	h := newHarness(t, mockapi.WithJobTokens(false))
	session := h.agent()
	id, tok := h.takeJob(session)
	assert.Empty(t, tok, "no job token issued")
	h.must(200, "PUT", "/v3/jobs/"+id+"/start", session, nil)
	assert.Equal(t, 201, h.sendChunk(session, id, 1, 0, "x\n").Status)
	h.must(201, "POST", "/v3/jobs/"+acmeDeployJob+"/data/set", session, map[string]string{"key": "k", "value": "v"})
	h.must(200, "PUT", "/v3/jobs/"+id+"/finish", session, map[string]string{"exit_status": "0"})
}

func TestCancel(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	assert.Equal(t, map[string]any{"state": "canceling"}, h.must(200, "POST", "/_mock/jobs/"+jobID+"/cancel", "", nil).Obj(t))
	assert.Equal(t, "canceling", h.must(200, "GET", "/v3/jobs/"+jobID, tok, nil).Obj(t)["state"])
	assert.Equal(t, 201, h.sendChunk(tok, jobID, 1, 0, "bye\n").Status, "a canceling job still logs")
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/finish", tok, map[string]string{"exit_status": "-1", "signal": "SIGTERM", "signal_reason": "cancel"})
	j := h.controlJob(jobID)
	assert.Equal(t, "canceled", j["state"])
	assert.Equal(t, "-1", j["exit_status"])
	assert.Equal(t, "cancel", j["signal_reason"])
	assert.Equal(t, "bye\n", j["log"])
	h.must(422, "POST", "/_mock/jobs/"+jobID+"/cancel", "", nil)
	// A scheduled job is canceled outright and never dispatched.
	h.must(200, "POST", "/_mock/jobs/"+acmeDeployJob+"/cancel", "", nil)
	assert.Equal(t, "canceled", h.controlJob(acmeDeployJob)["state"])
	id, _ := h.takeJob(h.agent())
	assert.Equal(t, acmeLintJob, id)
	h.must(404, "POST", "/_mock/jobs/nope/cancel", "", nil)
}

func TestFinishIgnoresAgentInDispatches(t *testing.T) {
	h := newHarness(t)
	session, jobID, tok := h.runningJob()
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/finish", tok, map[string]any{"exit_status": "0", "ignore_agent_in_dispatches": true})
	assert.Equal(t, "idle", h.must(200, "GET", "/v3/ping", session, nil).Obj(t)["action"])
}
