package mockapi_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docproof/docproof/mockapi"
	"github.com/stretchr/testify/require"
)

// fixedClock is the injected clock of most tests.
func fixedClock() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }

// Fixture ids (doc.go).
const (
	acmeTestJob    = "01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01"
	acmeLintJob    = "01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b02"
	acmeDeployJob  = "01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b03"
	acmeWebBuild   = "01f7a2c4-3d5e-4b6f-8a7c-1e2d3c4b5a01"
	acmeDeployBld  = "01f7a2c4-3d5e-4b6f-8a7c-1e2d3c4b5a02"
	globexTestJob  = "02e8b3d5-4e6f-4c7a-9c9e-3a4f5e6d7c01"
	globexWebBuild = "02e8b3d5-4e6f-4c7a-8b8d-2f3e4d5c6b01"
)

// harness drives a mock through its http.Handler.
type harness struct {
	t   testing.TB
	srv *mockapi.Server
	env map[string]string
}

func newHarness(t testing.TB, opts ...mockapi.Option) *harness {
	t.Helper()
	srv := mockapi.New(append([]mockapi.Option{mockapi.WithClock(fixedClock)}, opts...)...)
	return &harness{t: t, srv: srv, env: srv.Env()}
}

type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value.
func (r resp) JSON(t testing.TB) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(r.Body, &v), "body: %s", r.Body)
	return v
}

// Obj decodes the body as an object.
func (r resp) Obj(t testing.TB) map[string]any {
	t.Helper()
	m, ok := r.JSON(t).(map[string]any)
	require.True(t, ok, "body is not an object: %s", r.Body)
	return m
}

// Message is the {"message": ...} of an error body, followed by its
// DetailHeader (docproof's explanation) when it has one.
func (r resp) Message(t testing.TB) string {
	t.Helper()
	m := r.Obj(t)
	msg, ok := m["message"].(string)
	require.True(t, ok, "no message in %s", r.Body)
	require.NotEmpty(t, msg)
	if d := r.Header.Get(mockapi.DetailHeader); d != "" {
		msg += ": " + d
	}
	return msg
}

// req is one request: body may be nil, a string or []byte (sent raw), or any
// other value (sent as JSON).
type req struct {
	method, path, token string
	body                any
	header              map[string]string
	remote              string // the client's address (host:port); httptest's default when empty
}

func (h *harness) do(q req) resp {
	h.t.Helper()
	var body io.Reader = http.NoBody
	switch b := q.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(h.t, err)
		body = bytes.NewReader(data)
	}
	r := httptest.NewRequest(q.method, q.path, body)
	if q.token != "" {
		r.Header.Set("Authorization", "Token "+q.token)
	}
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	if q.remote != "" {
		r.RemoteAddr = q.remote
	}
	w := httptest.NewRecorder()
	h.srv.ServeHTTP(w, r)
	res := w.Result()
	data, err := io.ReadAll(res.Body)
	require.NoError(h.t, err)
	if res.StatusCode >= 400 {
		require.Equal(h.t, "application/json; charset=utf-8", res.Header.Get("Content-Type"), "error bodies are JSON: %s", data)
	}
	return resp{Status: res.StatusCode, Header: res.Header, Body: data}
}

func (h *harness) call(method, path, token string, body any) resp {
	h.t.Helper()
	return h.do(req{method: method, path: path, token: token, body: body})
}

// must calls and requires status.
func (h *harness) must(status int, method, path, token string, body any) resp {
	h.t.Helper()
	r := h.call(method, path, token, body)
	require.Equal(h.t, status, r.Status, "%s %s: %s", method, path, r.Body)
	return r
}

// register registers an agent with tags and returns its id and session token.
func (h *harness) register(regToken string, tags ...string) (string, string) {
	h.t.Helper()
	m := h.must(200, "POST", "/v3/register", regToken, map[string]any{"name": "", "hostname": "host", "meta_data": tags}).Obj(h.t)
	return m["id"].(string), m["access_token"].(string)
}

// agent registers and connects an agent of org 1.
func (h *harness) agent(tags ...string) string {
	h.t.Helper()
	_, session := h.register(h.env["BUILDKITE_AGENT_TOKEN"], tags...)
	h.must(200, "POST", "/v3/connect", session, nil)
	return session
}

// takeJob pings until a job is dispatched, accepts it and returns its id and
// job token.
func (h *harness) takeJob(session string) (string, string) {
	h.t.Helper()
	m := h.must(200, "GET", "/v3/ping", session, nil).Obj(h.t)
	job, ok := m["job"].(map[string]any)
	require.True(h.t, ok, "no job dispatched: %v", m)
	id := job["id"].(string)
	acc := h.must(200, "PUT", "/v3/jobs/"+id+"/accept", session, nil).Obj(h.t)
	tok, _ := acc["token"].(string)
	return id, tok
}

// runningJob gives a started job of org 1 with its tokens.
func (h *harness) runningJob() (session, jobID, jobToken string) {
	h.t.Helper()
	session = h.agent()
	jobID, jobToken = h.takeJob(session)
	h.must(200, "PUT", "/v3/jobs/"+jobID+"/start", jobToken, map[string]string{"started_at": "2026-01-15T09:30:01Z"})
	return session, jobID, jobToken
}

func chunkPath(jobID string, seq, offset, size int) string {
	return "/v3/jobs/" + jobID + "/chunks?sequence=" + itoa(seq) + "&offset=" + itoa(offset) + "&size=" + itoa(size)
}

func itoa(n int) string { return strconv.Itoa(n) }

func gz(t testing.TB, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, err := w.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// sendChunk posts a gzip chunk like the agent does.
func (h *harness) sendChunk(token, jobID string, seq, offset int, text string) resp {
	h.t.Helper()
	return h.do(req{method: "POST", path: chunkPath(jobID, seq, offset, len(text)), token: token, body: gz(h.t, text),
		header: map[string]string{"Content-Encoding": "gzip", "Content-Type": "text/plain"}})
}

// controlJob reads a job through the control API.
func (h *harness) controlJob(id string) map[string]any {
	h.t.Helper()
	return h.must(200, "GET", "/_mock/jobs/"+id, "", nil).Obj(h.t)
}
