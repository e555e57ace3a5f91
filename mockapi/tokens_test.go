package mockapi_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/docproof/docproof/mockapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnvAndTokenShapes(t *testing.T) {
	h := newHarness(t)
	env := h.env
	assert.Equal(t, "https://agent.buildkite.com/v3", env["BUILDKITE_AGENT_ENDPOINT"])
	assert.Equal(t, "https://graphql.buildkite.com/v1", env["BUILDKITE_GRAPHQL_ENDPOINT"])
	assert.Equal(t, "acme", env["BUILDKITE_ORGANIZATION_SLUG"])
	assert.Equal(t, "globex", env["BUILDKITE_ORGANIZATION_SLUG_OTHER_ORG"])
	assert.Equal(t, "3f9b1c2e-5a47-4d8e-9c61-0b2a7e4d5f10", env["BUILDKITE_ORGANIZATION_UUID"])
	// base64("Organization---3f9b1c2e-5a47-4d8e-9c61-0b2a7e4d5f10")
	assert.Equal(t, "T3JnYW5pemF0aW9uLS0tM2Y5YjFjMmUtNWE0Ny00ZDhlLTljNjEtMGIyYTdlNGQ1ZjEw", env["BUILDKITE_ORGANIZATION_ID"])
	for _, k := range []string{"", "_OTHER_ORG"} {
		assert.Regexp(t, `^bkar_[0-9A-Za-z]{73}$`, env["BUILDKITE_AGENT_TOKEN"+k])
		assert.Regexp(t, `^bkua_[0-9A-Za-z]{53}$`, env["BUILDKITE_API_TOKEN"+k])
		assert.Regexp(t, `^bkua_[0-9A-Za-z]{53}$`, env["BUILDKITE_API_TOKEN_READ_ONLY"+k])
		assert.Regexp(t, `^bkct_[0-9A-Za-z]{73}$`, env["BUILDKITE_CLUSTER_AGENT_TOKEN"+k])
		for _, name := range []string{"BUILDKITE_ORGANIZATION_SLUG", "BUILDKITE_ORGANIZATION_ID", "BUILDKITE_ORGANIZATION_UUID",
			"BUILDKITE_CLUSTER_ID", "BUILDKITE_CLUSTER_GRAPHQL_ID", "BUILDKITE_CLUSTER_QUEUE_ID", "BUILDKITE_CLUSTER_TOKEN_ID", "BUILDKITE_CLUSTER_TOKEN_GRAPHQL_ID"} {
			assert.NotEmpty(t, env[name+k], name+k)
		}
	}
	assert.Equal(t, "https://api.buildkite.com/v2", env["BUILDKITE_REST_ENDPOINT"])
	assert.Equal(t, "c1a2b3c4-d5e6-4f70-8a91-b2c3d4e5f601", env["BUILDKITE_CLUSTER_ID"])
	assert.Len(t, env, 27)

	pub := mockapi.New(mockapi.WithPublicURL("http://127.0.0.1:9999/")).Env()
	assert.Equal(t, "http://127.0.0.1:9999/v3", pub["BUILDKITE_AGENT_ENDPOINT"])
	assert.Equal(t, "http://127.0.0.1:9999/v1", pub["BUILDKITE_GRAPHQL_ENDPOINT"])
	assert.Equal(t, "http://127.0.0.1:9999/v2", pub["BUILDKITE_REST_ENDPOINT"])

	session, jobID, jobToken := h.runningJob()
	assert.Regexp(t, `^bkaa_[0-9A-Za-z]{75}$`, session)
	assert.Regexp(t, `^bkaj_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`, jobToken)
	assert.Greater(t, len(jobToken), 150)
	assert.NotEmpty(t, jobID)
	issued := h.srv.IssuedTokens()
	for _, tok := range []string{session, jobToken, env["BUILDKITE_AGENT_TOKEN"], env["BUILDKITE_API_TOKEN_OTHER_ORG"]} {
		assert.Contains(t, issued, tok)
	}
}

func TestSeedDerivesTokens(t *testing.T) {
	a1 := mockapi.New(mockapi.WithSeed(7)).Env()
	a2 := mockapi.New(mockapi.WithSeed(7)).Env()
	b := mockapi.New(mockapi.WithSeed(8)).Env()
	assert.Equal(t, a1, a2)
	assert.NotEqual(t, a1["BUILDKITE_AGENT_TOKEN"], b["BUILDKITE_AGENT_TOKEN"])
	assert.NotEqual(t, a1["BUILDKITE_AGENT_TOKEN"], a1["BUILDKITE_AGENT_TOKEN_OTHER_ORG"])
	assert.Equal(t, a1["BUILDKITE_ORGANIZATION_UUID"], b["BUILDKITE_ORGANIZATION_UUID"], "fixture ids do not depend on the seed")
}

func TestRegister(t *testing.T) {
	h := newHarness(t)
	reg := h.env["BUILDKITE_AGENT_TOKEN"]
	_, session := h.register(reg)
	body := map[string]any{"name": "builder-1", "hostname": "h", "meta_data": []string{"queue=default", "os=linux"}}
	tests := []struct {
		name   string
		header string
		body   any
		status int
		msg    string
	}{
		{"registration token", "Token " + reg, body, 200, ""},
		{"lower-case scheme", "token " + reg, body, 200, ""},
		{"session token", "Token " + session, body, 401, "registration token"},
		{"API token", "Token " + h.env["BUILDKITE_API_TOKEN"], body, 401, "bkua_"},
		{"bearer scheme", "Bearer " + reg, body, 401, "Token <token>"},
		{"no header", "", body, 401, "Missing Authorization"},
		{"unknown token", "Token bkar_nope", body, 401, "Invalid access token"},
		{"malformed JSON", "Token " + reg, `{"name":`, 400, "not valid JSON"},
		{"trailing garbage", "Token " + reg, `{"name":"x"} {}`, 400, "not valid JSON"},
		{"wrong field type", "Token " + reg, `{"meta_data":"queue=x"}`, 400, "not valid JSON"},
		{"oversized body", "Token " + reg, `{"name":"` + strings.Repeat("x", 1<<20) + `"}`, 413, "larger than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hdr := map[string]string{}
			if tc.header != "" {
				hdr["Authorization"] = tc.header
			}
			r := h.do(req{method: "POST", path: "/v3/register", body: tc.body, header: hdr})
			require.Equal(t, tc.status, r.Status, "%s", r.Body)
			if tc.status != 200 {
				assert.Contains(t, r.Message(t), tc.msg)
				return
			}
			m := r.Obj(t)
			assert.Equal(t, "builder-1", m["name"])
			assert.Regexp(t, `^bkaa_`, m["access_token"])
			assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, m["id"])
			assert.Equal(t, []any{"queue=default", "os=linux"}, m["meta_data"])
			assert.Equal(t, "", m["endpoint"])
			assert.Equal(t, map[string]any{}, m["request_headers"])
			for _, k := range []string{"ping_interval", "job_status_interval", "heartbeat_interval"} {
				assert.Greater(t, m[k].(float64), 0.0, k)
			}
		})
	}
}

func TestRegisterGivesUniqueAgents(t *testing.T) {
	h := newHarness(t)
	ids, tokens := map[string]bool{}, map[string]bool{}
	for range 20 {
		id, tok := h.register(h.env["BUILDKITE_AGENT_TOKEN"], "queue=default")
		ids[id], tokens[tok] = true, true
	}
	assert.Len(t, ids, 20)
	assert.Len(t, tokens, 20)
	r := h.must(200, "POST", "/v3/register", h.env["BUILDKITE_AGENT_TOKEN"], map[string]any{"hostname": "box"})
	assert.Equal(t, "box-21", r.Obj(t)["name"], "an empty name becomes <hostname>-<n>")
}

// A registration token works on register, metrics and token only.
func TestRegistrationTokenRefusedElsewhere(t *testing.T) {
	h := newHarness(t)
	reg := h.env["BUILDKITE_AGENT_TOKEN"]
	_, jobID, _ := h.runningJob()
	calls := []struct{ method, path string }{
		{"POST", "/v3/connect"}, {"POST", "/v3/disconnect"}, {"POST", "/v3/heartbeat"}, {"GET", "/v3/ping"},
		{"PUT", "/v3/jobs/" + acmeDeployJob + "/accept"}, {"PUT", "/v3/jobs/" + acmeDeployJob + "/acquire"},
		{"GET", "/v3/jobs/" + jobID}, {"PUT", "/v3/jobs/" + jobID}, {"PUT", "/v3/jobs/" + jobID + "/start"},
		{"PUT", "/v3/jobs/" + jobID + "/finish"}, {"POST", chunkPath(jobID, 9, 0, 0)},
		{"POST", "/v3/jobs/" + jobID + "/header_times"}, {"POST", "/v3/jobs/" + jobID + "/data/set"},
		{"POST", "/v3/jobs/" + jobID + "/data/get"}, {"POST", "/v3/jobs/" + jobID + "/data/exists"},
		{"POST", "/v3/jobs/" + jobID + "/data/keys"}, {"POST", "/v3/builds/" + acmeWebBuild + "/data/keys"},
		{"POST", "/v3/jobs/" + jobID + "/annotations"}, {"DELETE", "/v3/jobs/" + jobID + "/annotations/x"},
		{"POST", "/v3/jobs/" + jobID + "/artifacts"}, {"PUT", "/v3/jobs/" + jobID + "/artifacts"},
		{"GET", "/v3/builds/" + acmeWebBuild + "/artifacts/search"}, {"POST", "/v3/jobs/" + jobID + "/pipelines"},
		{"POST", "/v3/jobs/" + jobID + "/oidc/tokens"}, {"POST", "/v3/jobs/" + jobID + "/github_code_access_token"},
		{"GET", "/v3/jobs/" + jobID + "/pipelines/x"},
	}
	for _, c := range calls {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			body := any(map[string]any{"key": "k", "value": "v", "exit_status": "0", "body": "b",
				"artifacts": []map[string]string{{"path": "a", "id": "x", "state": "finished"}}, "pipeline": map[string]any{"steps": []any{}}})
			if strings.Contains(c.path, "chunks") {
				body = ""
			}
			r := h.call(c.method, c.path, reg, body)
			require.Equal(t, http.StatusUnauthorized, r.Status, "%s", r.Body)
			assert.Contains(t, r.Message(t), "registration token can only register")
		})
	}
	h.must(200, "GET", "/v3/metrics", reg, nil)
	h.must(200, "GET", "/v3/token", reg, nil)
}

func TestSessionTokenDiesOnDisconnect(t *testing.T) {
	h := newHarness(t)
	session := h.agent()
	other := h.agent()
	h.must(200, "GET", "/v3/ping", session, nil)
	m := h.must(200, "POST", "/v3/disconnect", session, nil).Obj(t)
	assert.Equal(t, "disconnected", m["connection_state"])
	for _, c := range []struct{ method, path string }{
		{"GET", "/v3/ping"}, {"POST", "/v3/heartbeat"}, {"POST", "/v3/connect"}, {"POST", "/v3/disconnect"},
		{"PUT", "/v3/jobs/" + acmeTestJob + "/accept"}, {"POST", "/v3/jobs/" + acmeTestJob + "/data/keys"},
		{"GET", "/v3/token"},
	} {
		r := h.call(c.method, c.path, session, nil)
		require.Equal(t, 401, r.Status, "%s %s: %s", c.method, c.path, r.Body)
		assert.Contains(t, r.Message(t), "disconnected")
	}
	// The job dispatched to the disconnected agent goes back to the queue.
	assert.Equal(t, "scheduled", h.controlJob(acmeTestJob)["state"])
	id, _ := h.takeJob(other)
	assert.Equal(t, acmeTestJob, id)
}

func TestJobTokenLifetime(t *testing.T) {
	h := newHarness(t)
	session, jobID, jobToken := h.runningJob()
	assert.Equal(t, `{"state":"running"}`+"\n", string(h.must(200, "GET", "/v3/jobs/"+jobID, jobToken, nil).Body))
	require.Equal(t, 201, h.sendChunk(jobToken, jobID, 1, 0, "hello\n").Status)
	h.must(200, "POST", "/v3/jobs/"+jobID+"/header_times", jobToken, map[string]any{"header_times": map[string]string{"0": "2026-01-15T09:30:02Z"}})
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/finish", jobToken, map[string]any{"exit_status": "0", "finished_at": "2026-01-15T09:31:00Z", "chunks_failed_count": 0})
	for _, c := range []struct{ method, path string }{
		{"GET", "/v3/jobs/" + jobID}, {"POST", chunkPath(jobID, 2, 6, 0)}, {"PUT", "/v3/jobs/" + jobID + "/finish"},
		{"POST", "/v3/jobs/" + jobID + "/data/keys"}, {"POST", "/v3/jobs/" + acmeDeployJob + "/data/keys"},
		{"POST", "/v3/builds/" + acmeWebBuild + "/data/keys"}, {"GET", "/v3/builds/" + acmeWebBuild + "/artifacts/search"},
	} {
		r := h.call(c.method, c.path, jobToken, nil)
		require.Equal(t, 401, r.Status, "%s %s: %s", c.method, c.path, r.Body)
		assert.Contains(t, r.Message(t), "expired")
	}
	// The agent's session still sees the job, now finished; its log is closed.
	assert.Equal(t, "finished", h.must(200, "GET", "/v3/jobs/"+jobID, session, nil).Obj(t)["state"])
	assert.Equal(t, 422, h.sendChunk(session, jobID, 2, 6, "late\n").Status)
	assert.Equal(t, "hello\n", h.controlJob(jobID)["log"])
}

func TestJobTokenOnOtherJobs(t *testing.T) {
	h := newHarness(t)
	_, _, jobToken := h.runningJob() // website Test
	deploySession := h.agent()
	deployID, _ := h.takeJob(deploySession)
	require.Equal(t, acmeDeployJob, deployID)
	h.must(200, "PUT", "/v3/jobs/"+deployID+"/start", deploySession, nil)
	tests := []struct {
		method, path string
		body         any
		status       int
	}{
		{"PUT", "/v3/jobs/" + deployID + "/start", map[string]string{}, 403},
		{"PUT", "/v3/jobs/" + deployID + "/finish", map[string]string{"exit_status": "0"}, 403},
		{"PUT", "/v3/jobs/" + deployID, map[string]string{"label": "x"}, 403},
		{"GET", "/v3/jobs/" + deployID, nil, 403},
		{"POST", "/v3/jobs/" + deployID + "/header_times", map[string]any{}, 403},
		{"POST", "/v3/jobs/" + deployID + "/pipelines", map[string]any{"pipeline": map[string]any{"steps": []any{map[string]string{"command": "x"}}}}, 403},
		{"POST", "/v3/jobs/" + deployID + "/data/set", map[string]string{"key": "tested", "value": "yes"}, 201},
		{"POST", "/v3/jobs/" + deployID + "/data/get", map[string]string{"key": "tested"}, 200},
		{"POST", "/v3/builds/" + acmeDeployBld + "/data/exists", map[string]string{"key": "tested"}, 200},
		{"POST", "/v3/builds/" + acmeDeployBld + "/data/keys", nil, 200},
		{"POST", "/v3/jobs/" + deployID + "/annotations", map[string]string{"body": "hi", "context": "c"}, 201},
		{"DELETE", "/v3/jobs/" + deployID + "/annotations/c", nil, 200},
		{"POST", "/v3/jobs/" + deployID + "/artifacts", map[string]any{"artifacts": []map[string]any{{"path": "a.txt"}}}, 201},
		{"GET", "/v3/builds/" + acmeDeployBld + "/artifacts/search", nil, 200},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := h.call(tc.method, tc.path, jobToken, tc.body)
			require.Equal(t, tc.status, r.Status, "%s", r.Body)
			if tc.status == 403 {
				assert.Contains(t, r.Message(t), "own job")
			}
		})
	}
	r := h.sendChunk(jobToken, deployID, 1, 0, "forged\n")
	assert.Equal(t, 403, r.Status)
	// The deploy agent's session token is refused on the website job it does not hold.
	assert.Equal(t, 403, h.call("PUT", "/v3/jobs/"+acmeTestJob+"/finish", deploySession, map[string]string{"exit_status": "0"}).Status)
}

func TestOrganizationsAreSeparate(t *testing.T) {
	h := newHarness(t)
	_, _, jobToken := h.runningJob()
	_, otherSession := h.register(h.env["BUILDKITE_AGENT_TOKEN_OTHER_ORG"])
	h.must(200, "POST", "/v3/connect", otherSession, nil)
	tests := []struct {
		name, token, method, path string
	}{
		{"acme job token, globex job meta-data", jobToken, "POST", "/v3/jobs/" + globexTestJob + "/data/keys"},
		{"acme job token, globex build meta-data", jobToken, "POST", "/v3/builds/" + globexWebBuild + "/data/keys"},
		{"acme job token, globex job state", jobToken, "GET", "/v3/jobs/" + globexTestJob},
		{"acme job token, globex annotations", jobToken, "POST", "/v3/jobs/" + globexTestJob + "/annotations"},
		{"acme job token, globex artifacts", jobToken, "GET", "/v3/builds/" + globexWebBuild + "/artifacts/search"},
		{"globex session, acme job meta-data", otherSession, "POST", "/v3/jobs/" + acmeTestJob + "/data/keys"},
		{"globex session, acme build meta-data", otherSession, "POST", "/v3/builds/" + acmeWebBuild + "/data/keys"},
		{"globex session, acme job state", otherSession, "GET", "/v3/jobs/" + acmeTestJob},
		{"globex session, accept acme job", otherSession, "PUT", "/v3/jobs/" + acmeTestJob + "/accept"},
		{"globex session, acquire acme job", otherSession, "PUT", "/v3/jobs/" + acmeTestJob + "/acquire"},
		{"globex session, acme artifacts", otherSession, "GET", "/v3/builds/" + acmeWebBuild + "/artifacts/search"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.call(tc.method, tc.path, tc.token, nil)
			require.Equal(t, 404, r.Status, "%s", r.Body)
			assert.Regexp(t, `^No (job|build) found`, r.Message(t))
		})
	}
	// The other org's agent is dispatched the other org's job.
	id, _ := h.takeJob(otherSession)
	assert.Equal(t, globexTestJob, id)
}

func TestTokenIdentityAndMetrics(t *testing.T) {
	h := newHarness(t)
	reg := h.env["BUILDKITE_AGENT_TOKEN"]
	m := h.must(200, "GET", "/v3/token", reg, nil).Obj(t)
	assert.Equal(t, "a1f0c3d2-6b5e-4f7a-8d9c-0e1f2a3b4c01", m["uuid"])
	assert.Equal(t, "registration", m["token_type"])
	assert.Equal(t, "acme", m["organization_slug"])
	session, jobID, jobToken := h.runningJob()
	m = h.must(200, "GET", "/v3/token", session, nil).Obj(t)
	assert.Equal(t, "session", m["token_type"])
	assert.Equal(t, 401, h.call("GET", "/v3/token", jobToken, nil).Status)

	h.agent("queue=e2e") // idle agent on another queue
	metrics := h.must(200, "GET", "/v3/metrics", reg, nil).JSON(t)
	assert.Equal(t, map[string]any{
		"agents": map[string]any{"idle": 1.0, "busy": 1.0, "total": 2.0, "queues": map[string]any{
			"default": map[string]any{"idle": 0.0, "busy": 1.0, "total": 1.0},
			"e2e":     map[string]any{"idle": 1.0, "busy": 0.0, "total": 1.0},
		}},
		"jobs": map[string]any{"scheduled": 2.0, "running": 1.0, "waiting": 0.0, "total": 3.0, "queues": map[string]any{
			"default": map[string]any{"scheduled": 2.0, "running": 1.0, "waiting": 0.0, "total": 3.0},
		}},
		"organization": map[string]any{"slug": "acme"},
	}, metrics)
	for _, tok := range []string{session, jobToken, h.env["BUILDKITE_API_TOKEN"], "bkar_x"} {
		assert.Equal(t, 401, h.call("GET", "/v3/metrics", tok, nil).Status)
	}
	assert.NotEmpty(t, jobID)
}

var tokenShape = regexp.MustCompile(`bk(ar|aa|aj|ua)_[A-Za-z0-9._-]{20,}`)

// No answer carries a token other than the one it is meant to hand out.
func TestErrorsNeverEchoTokens(t *testing.T) {
	h := newHarness(t)
	session, jobID, jobToken := h.runningJob()
	for _, tok := range []string{session, jobToken, h.env["BUILDKITE_AGENT_TOKEN"], h.env["BUILDKITE_API_TOKEN"]} {
		for _, p := range []string{"/v3/register", "/v3/jobs/" + acmeDeployJob + "/start", "/v3/jobs/" + jobID + "/nope"} {
			r := h.call("PUT", p, tok, "{}")
			assert.False(t, tokenShape.Match(r.Body), "%s", r.Body)
		}
	}
}
