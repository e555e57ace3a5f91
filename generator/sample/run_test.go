package sample

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	fakeRegToken  = "bkar_registrationTokenValue0123456789abcdefghij"
	fakeAPIToken  = "bkua_apiTokenValue0123456789abcdefghijklmnop"
	fakeAccessTok = "bkaa_accessTokenValue0123456789abcdefghijklm"
)

// fakeBackend is a tiny stand-in for the mock with the behaviours the runner
// tests need.
type fakeBackend struct {
	mux     *http.ServeMux
	mu      sync.Mutex
	lastGQL map[string]any
	lastReq *http.Request
	release chan struct{}
}

func newFake() *fakeBackend {
	f := &fakeBackend{mux: http.NewServeMux(), release: make(chan struct{})}
	writeJSON := func(w http.ResponseWriter, status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	f.mux.HandleFunc("POST /v3/register", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Token "+fakeRegToken {
			writeJSON(w, 401, map[string]string{"message": "Invalid access token"})
			return
		}
		writeJSON(w, 200, map[string]any{"id": "6c0f6a3e-6e8a-4c4b-9d58-3f0e6b0a8e11", "name": "builder-1", "access_token": fakeAccessTok, "ping_interval": 10})
	})
	f.mux.HandleFunc("GET /v3/ping", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Token "+fakeAccessTok {
			writeJSON(w, 401, map[string]string{"message": "Invalid access token"})
			return
		}
		writeJSON(w, 200, map[string]any{"action": "idle", "agents": []any{map[string]any{"id": "a-1"}}})
	})
	f.mux.HandleFunc("GET /v3/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v3/metrics", http.StatusFound)
	})
	f.mux.HandleFunc("GET /v3/metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-42")
		writeJSON(w, 200, map[string]any{"organization": map[string]string{"slug": "acme"}})
	})
	f.mux.HandleFunc("GET /v3/hang", func(w http.ResponseWriter, r *http.Request) {
		<-f.release
	})
	f.mux.HandleFunc("GET /v3/panic", func(w http.ResponseWriter, r *http.Request) {
		panic("boom")
	})
	f.mux.HandleFunc("POST /v1", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		f.mu.Lock()
		f.lastGQL, f.lastReq = body, r
		f.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+fakeAPIToken {
			writeJSON(w, 401, map[string]any{"errors": []any{map[string]string{"message": "bad token"}}})
			return
		}
		writeJSON(w, 200, map[string]any{"data": map[string]any{"organization": map[string]string{"id": "T3Jn"}}})
	})
	return f
}

func (f *fakeBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) { f.mux.ServeHTTP(w, r) }
func (f *fakeBackend) IssuedTokens() []string {
	return []string{fakeRegToken, fakeAPIToken, fakeAccessTok}
}
func (f *fakeBackend) Env() map[string]string {
	return map[string]string{
		"BUILDKITE_AGENT_ENDPOINT":   "https://agent.buildkite.com/v3",
		"BUILDKITE_GRAPHQL_ENDPOINT": "https://graphql.buildkite.com/v1",
		"BUILDKITE_AGENT_TOKEN":      fakeRegToken,
		"BUILDKITE_API_TOKEN":        fakeAPIToken,
		"ORG_SLUG":                   "acme",
	}
}

func (f *fakeBackend) Routes() []string {
	return []string{"POST /v3/register", "GET /v3/ping", "GET /v3/metrics", "GET /v3/old", "POST /v1", "GET /v3/token", "POST /_mock/reset"}
}

// runBlocks extracts and runs a page made of the given blocks against a fresh fake.
func runBlocks(t *testing.T, opts Options, specs ...string) (PageResult, *fakeBackend) {
	t.Helper()
	ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t, specs...)})
	require.Empty(t, d)
	f := newFake()
	return RunPage(context.Background(), ss, f, opts), f
}

const regCurl = `bash
curl -sS -X POST "$BUILDKITE_AGENT_ENDPOINT/register" \
  -H "Authorization: Token $BUILDKITE_AGENT_TOKEN" \
  -d '{"name": "builder-1"}'`

func TestRunPassAndFail(t *testing.T) {
	tests := []struct {
		name    string
		blocks  []string
		outcome []string
		message string // substring of the first failure
		line    int    // its line
	}{
		{"status 2xx by default", []string{regCurl}, []string{"pass"}, "", 0},
		{"expected status", []string{"bash {status=401}\ncurl -X POST https://agent.buildkite.com/v3/register"}, []string{"pass"}, "", 0},
		{"wrong status", []string{"bash {status=200}\ncurl -X POST https://agent.buildkite.com/v3/register"}, []string{"fail"}, "expected status 200, got 401", 1},
		{"non-2xx without status=", []string{"text\nintro", "bash\ncurl -X POST https://agent.buildkite.com/v3/register"}, []string{"fail"}, "expected a 2xx status, got 401", 6},
		{"curl -f", []string{"bash\ncurl -f -X POST https://agent.buildkite.com/v3/register"}, []string{"fail"}, "curl -f fails (exit 22) with status 401", 1},
		{"status= wins over -f", []string{"bash {status=401}\ncurl -fsS -X POST https://agent.buildkite.com/v3/register"}, []string{"pass"}, "", 0},
		{"other host", []string{"bash\ncurl https://example.com/v3/ping"}, []string{"fail"}, `host "example.com"`, 1},
		{"redirect not followed", []string{"bash\ncurl https://agent.buildkite.com/v3/old"}, []string{"fail"}, "got 302", 1},
		{"redirect followed", []string{"bash\ncurl -L https://agent.buildkite.com/v3/old", "json {response}\n{\"organization\": {\"slug\": \"acme\"}}"}, []string{"pass"}, "", 0},
		{"unset variable", []string{"bash\ncurl -H \"Authorization: Token $NOPE\" https://agent.buildkite.com/v3/ping"}, []string{"fail"}, "NOPE", 2},
		{"skip", []string{"bash {skip=\"needs a real agent\"}\ncurl https://example.com/"}, []string{"skip"}, "", 0},
		{"handler panic", []string{"bash\ncurl https://agent.buildkite.com/v3/panic"}, []string{"fail"}, "the mock panicked", 1},
		{"capture path missing", []string{regCurl[:4] + " {capture=\"X=agents.0.id\"}" + regCurl[4:]}, []string{"fail"}, `capture X=agents.0.id: no field "agents"`, 1},
		{"capture then use", []string{regCurl[:4] + " {capture=\"TOK=access_token\"}" + regCurl[4:],
			"bash\ncurl -H \"Authorization: Token $TOK\" https://agent.buildkite.com/v3/ping"}, []string{"pass", "pass"}, "", 0},
		{"http request block", []string{"http\nPOST /v3/register HTTP/1.1\nHost: agent.buildkite.com\nAuthorization: Token $BUILDKITE_AGENT_TOKEN\n\n{\"name\": \"x\"}"}, []string{"pass"}, "", 0},
		{"http status line", []string{"bash\ncurl -X POST https://agent.buildkite.com/v3/register", "http {response}\nHTTP/1.1 401 Unauthorized\nContent-Type: application/json\n\n{\"message\": \"Invalid access token\"}"}, []string{"pass"}, "", 0},
		{"http wrong status line", []string{"bash\ncurl -X POST https://agent.buildkite.com/v3/register", "http {response}\nHTTP/1.1 403 Forbidden"}, []string{"fail"}, "expected status 403, got 401", 1},
		{"http missing header", []string{"bash\ncurl https://agent.buildkite.com/v3/metrics", "http {response}\nHTTP/1.1 200 OK\nX-Missing: yes"}, []string{"fail"}, "header X-Missing is missing", 1},
		{"http bad reason phrase", []string{"bash\ncurl https://agent.buildkite.com/v3/metrics", "http {response}\nHTTP/1.1 200 Created"}, []string{"fail"}, `the reason phrase for 200 is "OK"`, 1},
		{"status= disagrees with status line", []string{"bash {status=401}\ncurl https://agent.buildkite.com/v3/metrics", "http {response}\nHTTP/1.1 200 OK"}, []string{"fail"}, "disagrees", 1},
		{"write-out status", []string{"bash {status=401}\ncurl -s -o /dev/null -w '%{http_code}' -X POST https://agent.buildkite.com/v3/register", "json {response}\n401"}, []string{"pass"}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr, _ := runBlocks(t, Options{}, tt.blocks...)
			var got []string
			for _, r := range pr.Results {
				got = append(got, r.Outcome)
			}
			require.Equal(t, tt.outcome, got, "%v", pr.Diags)
			if tt.message == "" {
				assert.Empty(t, pr.Diags)
				return
			}
			require.NotEmpty(t, pr.Diags)
			d := pr.Diags[0]
			assert.Contains(t, d.Message, tt.message)
			assert.Equal(t, "content/p.md", d.File)
			assert.Equal(t, tt.line, d.Line)
			assert.Equal(t, "p#"+strings.TrimPrefix(d.SampleID, "p#"), d.SampleID)
		})
	}
}

func TestRunBodyDrift(t *testing.T) {
	pr, _ := runBlocks(t, Options{}, regCurl, "json {response}\n{\n  \"id\": \"<uuid:agent-id>\",\n  \"session_token\": \"<token:access-token>\"\n}")
	require.Len(t, pr.Diags, 1)
	d := pr.Diags[0]
	assert.Equal(t, 1, d.Line)
	assert.Contains(t, d.Message, "session_token")
	assert.Contains(t, d.Diff, "session_token")
	assert.NotContains(t, d.Diff, fakeAccessTok, "token values are redacted")
}

func TestRunPlaceholdersBindVariables(t *testing.T) {
	pr, _ := runBlocks(t, Options{},
		regCurl,
		"json {response}\n{\"access_token\": \"<token:agent-access-token>\", \"name\": \"builder-1\"}",
		"bash\ncurl -H \"Authorization: Token $AGENT_ACCESS_TOKEN\" https://agent.buildkite.com/v3/ping",
		"json {response exact}\n{\"action\": \"idle\", \"agents\": [{\"id\": \"<agent>\"}]}",
	)
	require.Empty(t, pr.Diags)
	require.Len(t, pr.Results, 2)
	assert.Equal(t, "pass", pr.Results[1].Outcome)
}

func TestRunExactFailsOnExtraField(t *testing.T) {
	pr, _ := runBlocks(t, Options{}, "bash\ncurl https://agent.buildkite.com/v3/ping -H 'Authorization: Token "+fakeAccessTok+"'",
		"json {response exact}\n{\"action\": \"idle\"}")
	require.Len(t, pr.Diags, 1)
	assert.Contains(t, pr.Diags[0].Message, "response body differs")
}

func TestRunGraphQL(t *testing.T) {
	pr, f := runBlocks(t, Options{},
		"bash {capture=\"SLUG_ID=id\"}\ncurl -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\"",
		"graphql {bind=\"organization-slug=ORG_SLUG agent-id=SLUG_ID\"}\nquery { organization(slug: \"organization-slug\") { id } agent: node(id: \"agent-id\") { id } }",
		"json {variables}\n{\"first\": 5, \"slug\": \"organization-slug\"}",
		"json {response}\n{\"data\": {\"organization\": {\"id\": \"<org-id>\"}}}",
	)
	require.Empty(t, pr.Diags)
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Equal(t, `query { organization(slug: "acme") { id } agent: node(id: "6c0f6a3e-6e8a-4c4b-9d58-3f0e6b0a8e11") { id } }`+"\n", f.lastGQL["query"])
	assert.Equal(t, map[string]any{"first": float64(5), "slug": "acme"}, f.lastGQL["variables"])
	assert.Equal(t, "application/json", f.lastReq.Header.Get("Content-Type"))
}

func TestRunGraphQLTokenAttribute(t *testing.T) {
	pr, _ := runBlocks(t, Options{}, "graphql {token=BUILDKITE_AGENT_TOKEN status=401}\n{ viewer { id } }")
	assert.Empty(t, pr.Diags)
	pr, _ = runBlocks(t, Options{}, "graphql {token=MISSING}\n{ viewer { id } }")
	require.Len(t, pr.Diags, 1)
	assert.Contains(t, pr.Diags[0].Message, "$MISSING is not set")
}

// hangThenMetrics is a page whose first sample's handler never answers
// (until the fake is released) and whose second would pass.
func hangThenMetrics(t *testing.T) []*Sample {
	t.Helper()
	ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t,
		"bash\ncurl https://agent.buildkite.com/v3/hang",
		"bash\ncurl https://agent.buildkite.com/v3/metrics")})
	require.Empty(t, d)
	return ss
}

func TestRunHangingHandlerTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ss := hangThenMetrics(t)
		f := newFake()
		start := time.Now()
		pr := RunPage(context.Background(), ss, f, Options{Timeout: 3 * time.Second})
		assert.Equal(t, 3*time.Second, time.Since(start), "the hanging sample costs exactly its timeout")
		close(f.release)
		require.Len(t, pr.Diags, 2)
		assert.Contains(t, pr.Diags[0].Message, "no answer to GET /v3/hang")
		assert.Contains(t, pr.Diags[0].Message, "timeout 3s per sample")
		assert.Contains(t, pr.Diags[1].Message, `not run: sample "p#1" at line 1 got no answer`)
		assert.Equal(t, []string{"fail", "fail"}, []string{pr.Results[0].Outcome, pr.Results[1].Outcome})
	})
}

func TestRunRecordsRequests(t *testing.T) {
	pr, _ := runBlocks(t, Options{}, "bash\ncurl -L https://agent.buildkite.com/v3/old")
	assert.Equal(t, []Request{{"GET", "/v3/old"}, {"GET", "/v3/metrics"}}, pr.Requests)
	cov := ComputeCoverage(newFake().Routes(), append(pr.Requests, Request{"GET", "/v3/nowhere"}))
	assert.Equal(t, []RouteUse{{"GET /v3/metrics", 1}, {"GET /v3/old", 1}}, cov.Covered)
	assert.Equal(t, []string{"GET /v3/ping", "GET /v3/token", "POST /v1", "POST /v3/register"}, cov.Uncovered)
	assert.Equal(t, []string{"GET /v3/nowhere"}, cov.Unrouted)
	assert.Contains(t, cov.String(), "coverage: 2 of 6 mock routes exercised")
}

func TestInProcessNeverUsesTheNetwork(t *testing.T) {
	// The request reaches the handler with the public host kept, which a real
	// dial to agent.buildkite.com could not do offline.
	f := newFake()
	var host string
	f.mux.HandleFunc("GET /v3/host", func(w http.ResponseWriter, r *http.Request) {
		host = r.Host
		_, _ = io.WriteString(w, "{}")
	})
	tr := &inProcess{h: f, hosts: allowedHosts(f.Env())}
	c := Call{Method: "GET", URL: "https://agent-edge.buildkite.com/v3/host"}
	u, err := url.Parse(c.URL)
	require.NoError(t, err)
	a, err := tr.do(context.Background(), c, u, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, 200, a.Status)
	assert.Equal(t, "agent-edge.buildkite.com", host)
}

func TestSquashDots(t *testing.T) {
	tests := map[string]string{
		"https://agent.buildkite.com/v3/../_mock/jobs/1":     "https://agent.buildkite.com/_mock/jobs/1",
		"https://agent.buildkite.com/v3/./ping?x=/../y":      "https://agent.buildkite.com/v3/ping?x=/../y",
		"https://agent.buildkite.com/v3/ping":                "https://agent.buildkite.com/v3/ping",
		"https://agent.buildkite.com/v3/jobs/a/../b/accept/": "https://agent.buildkite.com/v3/jobs/b/accept/",
	}
	for in, want := range tests {
		assert.Equal(t, want, squashDots(in), in)
	}
}

func TestRunSeveralCurlCommands(t *testing.T) {
	pr, _ := runBlocks(t, Options{}, "bash {status=401}\ncurl https://agent.buildkite.com/v3/metrics\ncurl -X POST https://agent.buildkite.com/v3/register",
		"json {response}\n{\"message\": \"Invalid access token\"}")
	require.Empty(t, pr.Diags, "status= and the response apply to the last command")
	assert.Equal(t, []Request{{"GET", "/v3/metrics"}, {"POST", "/v3/register"}}, pr.Requests)

	pr, _ = runBlocks(t, Options{}, "bash\ncurl -X POST https://agent.buildkite.com/v3/register\ncurl https://agent.buildkite.com/v3/metrics")
	require.Len(t, pr.Diags, 1)
	assert.Contains(t, pr.Diags[0].Message, "the curl command at line 2 (not the last of its block): expected a 2xx status, got 401")
}
