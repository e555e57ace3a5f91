package sample

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleOf(t *testing.T, spec string) *Sample {
	t.Helper()
	ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t, spec)})
	require.Empty(t, d)
	require.Len(t, ss, 1)
	return ss[0]
}

func TestHTTPCalls(t *testing.T) {
	env := map[string]string{"TOKEN": "abc", "JOB": "j1"}
	tests := []struct {
		name, spec   string
		method, url  string
		header, body string
		errLine      int
		errMsg       string
	}{
		{name: "agent by default", spec: "http\nPUT /v3/jobs/$JOB/start HTTP/1.1\nAuthorization: Token ${TOKEN}\n\n{\"started_at\": \"x\"}",
			method: "PUT", url: "https://agent.buildkite.com/v3/jobs/j1/start", header: "Token abc", body: `{"started_at": "x"}`},
		{name: "graphql by Host", spec: "http\nPOST /v1 HTTP/1.1\nHost: graphql.buildkite.com\nAuthorization: Bearer $TOKEN\n\n{}",
			method: "POST", url: "https://graphql.buildkite.com/v1", header: "Bearer abc", body: "{}"},
		{name: "absolute URL", spec: "http\nGET https://agent-edge.buildkite.com/v3/ping HTTP/1.1",
			method: "GET", url: "https://agent-edge.buildkite.com/v3/ping"},
		{name: "unset variable in a header", spec: "http\nGET /v3/ping HTTP/1.1\nAuthorization: Token $NOPE", errLine: 3, errMsg: "$NOPE is not set"},
		{name: "bad header", spec: "http\nGET /v3/ping HTTP/1.1\nno colon here", errLine: 3, errMsg: `header line "no colon here" is not Name: value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, err := sampleOf(t, tt.spec).Calls(env)
			if tt.errMsg != "" {
				var le *lineError
				require.True(t, errors.As(err, &le), "%v", err)
				assert.Equal(t, tt.errLine, le.Line)
				assert.Contains(t, le.Msg, tt.errMsg)
				return
			}
			require.NoError(t, err)
			require.Len(t, calls, 1)
			c := calls[0]
			assert.Equal(t, tt.method, c.Method)
			assert.Equal(t, tt.url, c.URL)
			assert.Equal(t, tt.header, c.Header.Get("Authorization"))
			assert.Equal(t, tt.body, string(c.Body))
		})
	}
}

func TestApplyBinds(t *testing.T) {
	binds := map[string]string{"org-id": `T3Jn"x`, "org": "acme"}
	got := applyBinds(`{"query": "{ a(id: \"org-id\") b(slug: \"org\") }", "v": "org-id", 'org', "org-idx"}`, binds)
	assert.Equal(t, `{"query": "{ a(id: \"T3Jn\"x\") b(slug: \"acme\") }", "v": "T3Jn\"x", 'acme', "org-idx"}`, got)
}

func TestBindToUnsetVariable(t *testing.T) {
	s := sampleOf(t, "graphql {bind=\"token-id=TOKEN_ID\"}\nmutation { r(id: \"token-id\") }")
	_, err := s.Calls(map[string]string{"BUILDKITE_API_TOKEN": "x"})
	var le *lineError
	require.True(t, errors.As(err, &le))
	assert.Contains(t, le.Msg, `bind "token-id"=TOKEN_ID: $TOKEN_ID is not set`)
	assert.Equal(t, "TOKEN_ID", le.Unset, "runOne adds the fixes that apply")
}

func TestConsoleTranscript(t *testing.T) {
	s := sampleOf(t, "console\n$ curl -sS https://agent.buildkite.com/v3/metrics \\\n>   -H \"Authorization: Token $T\"\n{\"output\": \"ignored\"}")
	calls, err := s.Calls(map[string]string{"T": "abc"})
	require.NoError(t, err)
	require.Len(t, calls, 1)
	assert.Equal(t, "Token abc", calls[0].Header.Get("Authorization"))
	assert.Equal(t, 2, calls[0].Line)
}

func TestReadHTTPResponseErrors(t *testing.T) {
	for _, code := range []string{"", "200 OK", "HTTP/1.1 abc", "HTTP/1.1 200 OK\nbad header"} {
		_, _, _, _, err := readHTTPResponse(code)
		assert.Error(t, err, "%q", code)
	}
	status, reason, headers, body, err := readHTTPResponse("HTTP/2 404 Not Found\nX-A: 1\n\n{}\n")
	require.NoError(t, err)
	assert.Equal(t, 404, status)
	assert.Equal(t, "Not Found", reason)
	assert.Equal(t, [][2]string{{"X-A", "1"}}, headers)
	assert.Equal(t, "{}\n", body)
}

// referenceSquashDots is squashDots without its shortcut: it parses every URL.
func referenceSquashDots(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || !strings.Contains(u.EscapedPath(), "/.") {
		return raw
	}
	return u.ResolveReference(&url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery, Fragment: u.Fragment}).String()
}

// FuzzSquashDots holds squashDots's shortcut (no "/." and no escape: no
// parse) equal to parsing every URL.
func FuzzSquashDots(f *testing.F) {
	for _, s := range []string{"https://agent.buildkite.com/v3/../_mock/jobs/1", "https://agent.buildkite.com/v3/ping?x=/../y",
		"https://h/v3/%2E%2E/x", "https://h/a%2F./b", "https://h/a b/./c", "https://h/v3/ping"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if got, want := squashDots(raw), referenceSquashDots(raw); got != want {
			t.Fatalf("squashDots(%q) = %q, want %q", raw, got, want)
		}
	})
}
