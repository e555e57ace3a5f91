package mockapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/docproof/docproof/mockapi"
)

// jsonRoute is one route that decodes a JSON body, with the token and ids it
// needs from a mock holding a registered agent and a running job.
type jsonRoute struct {
	method, path string // {job}, {build}, {agent} are filled in
	token        string // "reg", "session", "job", "api" or "" (control API)
}

// fuzzRoutes is every route of the mock that decodes a JSON body, GraphQL included.
var fuzzRoutes = []jsonRoute{
	{"POST", "/v3/register", "reg"},
	{"POST", "/v3/connect", "session"},
	{"POST", "/v3/heartbeat", "session"},
	{"POST", "/v3/disconnect", "session"},
	{"PUT", "/v3/jobs/{job}", "job"},
	{"PUT", "/v3/jobs/{job}/start", "job"},
	{"PUT", "/v3/jobs/{job}/finish", "job"},
	{"POST", "/v3/jobs/{job}/header_times", "job"},
	{"POST", "/v3/jobs/{job}/data/set", "job"},
	{"POST", "/v3/jobs/{job}/data/get", "job"},
	{"POST", "/v3/jobs/{job}/data/exists", "job"},
	{"POST", "/v3/jobs/{job}/data/keys", "job"},
	{"POST", "/v3/builds/{build}/data/get", "job"},
	{"POST", "/v3/builds/{build}/data/exists", "job"},
	{"POST", "/v3/builds/{build}/data/keys", "job"},
	{"POST", "/v3/jobs/{job}/annotations", "job"},
	{"POST", "/v3/jobs/{job}/artifacts", "job"},
	{"PUT", "/v3/jobs/{job}/artifacts", "job"},
	{"POST", "/v3/jobs/{job}/pipelines", "job"},
	{"POST", "/v3/jobs/{job}/oidc/tokens", "job"},
	{"POST", "/v3/jobs/{job}/github_code_access_token", "job"},
	{"POST", "/v3/jobs/{job}/repository_access_token", "job"},
	{"POST", "/v3/jobs/{job}/data/set-batch", "job"},
	{"PUT", "/v3/jobs/{job}/promise_failure", "job"},
	{"POST", "/v3/steps/{job}/export", "job"},
	{"PUT", "/v3/steps/{job}", "job"},
	{"POST", "/v3/steps/{job}/cancel", "job"},
	{"POST", "/v3/pause", "job"},
	{"POST", "/v3/stop", "session"},
	{"POST", "/_mock/secrets", ""},
	{"POST", "/_mock/faults", ""},
	{"POST", "/v1", "api"},
	{"POST", "/v2/organizations/acme/clusters", "api"},
	{"POST", "/v2/organizations/acme/clusters/{cluster}/queues", "api"},
	{"POST", "/v2/organizations/acme/clusters/{cluster}/queues/{queue}/pause_dispatch", "api"},
	{"POST", "/v2/organizations/acme/clusters/{cluster}/queues/{queue}/resume_dispatch", "api"},
	{"POST", "/v2/organizations/acme/clusters/{cluster}/tokens", "api"},
	{"PUT", "/v2/organizations/acme/clusters/{cluster}", "api"},
	{"PUT", "/v2/organizations/acme/clusters/{cluster}/queues/{queue}", "api"},
	{"PUT", "/v2/organizations/acme/clusters/{cluster}/tokens/{token}", "api"},
	{"PATCH", "/v2/organizations/acme/clusters/{cluster}", "api"},
	{"PATCH", "/v2/organizations/acme/clusters/{cluster}/queues/{queue}", "api"},
	{"PATCH", "/v2/organizations/acme/clusters/{cluster}/tokens/{token}", "api"},
	{"POST", "/_mock/jobs", ""},
	{"POST", "/_mock/api-tokens", ""},
	{"POST", "/_mock/clock", ""},
	{"POST", "/_mock/agents/{agent}/action", ""},
}

// FuzzMockJSON sends an arbitrary body to each JSON route of a fresh mock
// that holds a registered agent and a running job. The mock must never panic
// or answer 500, every answer must be JSON (errors as {"message"}, GraphQL as
// {"data"|"errors"}), no answer may echo a token value the request did not
// carry, and the mock must still serve its control API afterwards.
// Seed corpus: testdata/fuzz/FuzzMockJSON/.
func FuzzMockJSON(f *testing.F) {
	seeds := map[string][]string{
		"/v3/register":                 {`{"name":"a","hostname":"h","meta_data":["queue=default"]}`, `{"meta_data":"x"}`},
		"/v3/jobs/{job}/finish":        {`{"exit_status":"0","chunks_failed_count":0}`, `{"exit_status":-1}`},
		"/v3/jobs/{job}/data/set":      {`{"key":"k","value":"v"}`, `{"key":"","value":null}`},
		"/v3/jobs/{job}/pipelines":     {`{"uuid":"u","pipeline":{"steps":[{"command":"echo"}]},"replace":false}`},
		"/v3/jobs/{job}/artifacts":     {`{"artifacts":[{"path":"a.txt","file_size":3,"sha1sum":"x"}]}`},
		"/v1":                          {`{"query":"{ viewer { id } }"}`, `{"query":"mutation { agentTokenCreate(input:{organizationId:\"x\",description:\"d\"}) { tokenValue } }"}`},
		"/_mock/jobs":                  {`{"command":"echo hi","queue":"q","env":{"A":"b"}}`, `{"command":"x","org":"nope"}`},
		"/_mock/agents/{agent}/action": {`{"action":"pause"}`},
		"/v2/organizations/acme/clusters/{cluster}/tokens": {`{"description":"d","expires_at":"2030-01-01T00:00:00Z","allowed_ip_addresses":"10.0.0.0/8 192.0.2.7"}`,
			`{"description":"d","allowed_ip_addresses":"::1/128"}`},
		"/v2/organizations/acme/clusters": {`{"name":"n","emoji":":x:","color":"#fff"}`, `{"name":"Default"}`},
		"/v3/jobs/{job}/oidc/tokens":      {`{"audience":"sts.amazonaws.com","lifetime":300,"claims":["organization_id"]}`},
		"/v3/jobs/{job}/data/set-batch":   {`{"items":[{"key":"a","value":"1"},{"key":"b","value":"2"}]}`, `{"items":[]}`},
		"/v3/jobs/{job}/promise_failure":  {`{"exit_status":3,"reason":"tests failed"}`, `{"exit_status":"3"}`, `{"exit_status":0}`},
		"/v3/steps/{job}/export":          {`{"attribute":"label","format":"json"}`, `{}`},
		"/v3/steps/{job}":                 {`{"idempotency_uuid":"u","attribute":"label","value":"New","append":true}`},
		"/v3/steps/{job}/cancel":          {`{"build_id":"","force":true,"force_grace_period":10}`},
		"/v3/pause":                       {`{"note":"maintenance","timeout_in_minutes":5}`},
		"/v3/stop":                        {`{"force":true}`},
		"/_mock/secrets":                  {`{"key":"DEPLOY_KEY","value":"v","cluster":"c"}`},
		"/_mock/faults":                   {`{"route":"GET /v3/ping","status":429,"count":2}`, `{"route":"POST /v3/register","status":503,"count":1}`},
	}
	for i, r := range fuzzRoutes {
		f.Add(uint8(i), []byte(`{}`))
		f.Add(uint8(i), []byte(`{"a":`))
		for _, s := range seeds[r.path] {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		r := fuzzRoutes[int(which)%len(fuzzRoutes)]
		h := newHarness(t, mockapi.WithSeed(7))
		agentID, session := h.register(h.env["BUILDKITE_AGENT_TOKEN"])
		h.must(200, "POST", "/v3/connect", session, nil)
		jobID, jobTok := h.takeJob(session)
		h.must(200, "PUT", "/v3/jobs/"+jobID+"/start", jobTok, nil)
		buildID, _ := h.controlJob(jobID)["build_id"].(string)

		tokens := map[string]string{"reg": h.env["BUILDKITE_AGENT_TOKEN"], "session": session, "job": jobTok, "api": h.env["BUILDKITE_API_TOKEN"]}
		path := strings.NewReplacer("{job}", jobID, "{build}", buildID, "{agent}", agentID,
			"{cluster}", h.env["BUILDKITE_CLUSTER_ID"], "{queue}", h.env["BUILDKITE_CLUSTER_QUEUE_ID"],
			"{token}", h.env["BUILDKITE_CLUSTER_TOKEN_ID"]).Replace(r.path)
		q := req{method: r.method, path: path, body: body, header: map[string]string{"Content-Type": "application/json"}}
		if r.token == "api" {
			q.header["Authorization"] = "Bearer " + tokens["api"]
		} else {
			q.token = tokens[r.token]
		}
		before := h.srv.IssuedTokens()
		res := h.do(q) // h.do already demands JSON error bodies
		if res.Status == 500 || res.Status < 200 {
			t.Fatalf("%s %s answered %d for %q: %s", r.method, r.path, res.Status, body, res.Body)
		}
		var answer map[string]json.RawMessage
		if err := json.Unmarshal(res.Body, &answer); err != nil && res.Status != 200 && (res.Status != 204 || len(res.Body) != 0) {
			t.Fatalf("%s %s: answer is not a JSON object (%v): %s", r.method, r.path, err, res.Body)
		}
		if r.path == "/v1" {
			if answer["data"] == nil && answer["errors"] == nil {
				t.Fatalf("GraphQL answer has neither data nor errors: %s", res.Body)
			}
		} else if res.Status >= 400 && answer["message"] == nil {
			t.Fatalf("%s %s: error without a message: %s", r.method, r.path, res.Body)
		}
		sent := string(body) + q.token
		for _, v := range before {
			if strings.Contains(string(res.Body), v) && !strings.Contains(sent, v) {
				t.Fatalf("%s %s answer carries a token value it was not given: %s", r.method, r.path, res.Body)
			}
		}
		h.must(200, "GET", "/_mock/jobs/"+jobID, "", nil)
		h.must(200, "GET", "/_mock/agents", "", nil)
	})
}

// The fuzz target must cover every route whose handler decodes a JSON body:
// this fails when a route is added to the mock without being added above.
func TestFuzzRoutesCoverJSONRoutes(t *testing.T) {
	noJSONBody := map[string]bool{ // routes that read no JSON body (or none at all)
		"GET /v3/ping": true, "GET /v3/metrics": true, "GET /v3/token": true, "GET /v3/jobs/{id}": true,
		"PUT /v3/jobs/{id}/accept": true, "PUT /v3/jobs/{id}/acquire": true, "POST /v3/jobs/{id}/chunks": true,
		"DELETE /v3/jobs/{id}/annotations/{context}": true, "GET /v3/builds/{id}/artifacts/search": true,
		"GET /v3/jobs/{id}/pipelines/{uuid}": true, "GET /_mock/jobs/{id}": true, "POST /_mock/jobs/{id}/cancel": true,
		"GET /_mock/builds/{id}": true, "GET /_mock/agents": true, "GET /_mock/env": true, "POST /_mock/reset": true,
		"GET /_mock/clusters": true, "GET /v2/access-token": true, "DELETE /v2/access-token": true,
		"GET /{$}": true, "GET /v3/jobs/{id}/secrets": true, "POST /v3/builds/{id}/cancel": true, "POST /v3/resume": true,
		"GET /_mock/jobs/{id}/log": true, "GET /_mock/secrets": true, "GET /_mock/faults": true,
		"DELETE /_mock/faults": true, "GET /_mock/routes": true,
	}
	for _, route := range mockapi.New().Routes() { // REST v2 reads and deletes take no body
		if strings.Contains(route, " /v2/") && (strings.HasPrefix(route, "GET ") || strings.HasPrefix(route, "DELETE ")) {
			noJSONBody[route] = true
		}
	}
	fuzzed := map[string]bool{}
	for _, r := range fuzzRoutes {
		p := strings.NewReplacer("{job}", "{id}", "{build}", "{id}", "{agent}", "{id}", "/acme/", "/{org}/").Replace(r.path)
		fuzzed[r.method+" "+p] = true
	}
	for _, route := range mockapi.New().Routes() {
		if noJSONBody[route] || strings.Contains(route, "/_artifacts/") {
			continue
		}
		if !fuzzed[route] {
			t.Errorf("route %s decodes a JSON body but FuzzMockJSON does not send to it: add it to fuzzRoutes", route)
		}
	}
}
