package main

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMockCommandFlags(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"mock", "--help"}, 0, "usage: docproof mock", ""},
		{[]string{"mock", "--nope"}, 2, "", "flag provided but not defined"},
		{[]string{"mock", "extra"}, 2, "", `unexpected argument "extra"`},
		{[]string{"mock", "--addr", "8080"}, 2, "", "want host:port"},
		{[]string{"mock", "--seed", "x"}, 2, "", "invalid value"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(tc.args...)
			assert.Equal(t, tc.code, code, "stderr: %s", stderr)
			assert.Contains(t, stdout, tc.stdout)
			assert.Contains(t, stderr, tc.stderr)
		})
	}
}

func TestMockCommandServesAndStops(t *testing.T) {
	env := startMock(t) // stops, and checks exit code 0, on cleanup
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/v3$`, env["BUILDKITE_AGENT_ENDPOINT"])
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/v1$`, env["BUILDKITE_GRAPHQL_ENDPOINT"])
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/v2$`, env["BUILDKITE_REST_ENDPOINT"])
	for _, k := range envOrder {
		assert.NotEmpty(t, env[k], k)
	}
	req, err := http.NewRequest("POST", env["BUILDKITE_AGENT_ENDPOINT"]+"/register", strings.NewReader(`{"name":"cli"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Token "+env["BUILDKITE_AGENT_TOKEN"])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, 200, resp.StatusCode)

	req, err = http.NewRequest("GET", env["BUILDKITE_REST_ENDPOINT"]+"/organizations/"+env["BUILDKITE_ORGANIZATION_SLUG"]+"/clusters/"+env["BUILDKITE_CLUSTER_ID"]+"/tokens", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+env["BUILDKITE_API_TOKEN"])
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, 200, resp.StatusCode, "the REST API v2 is served under /v2")
}

func TestMockCommandPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out, errb strings.Builder
	code := runMock(ctx, []string{"--addr", ln.Addr().String()}, &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), "address already in use")
	assert.Empty(t, out.String(), "no export lines for a mock that is not serving")
}

func TestLoopbackAndQuoting(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "::1": true, "localhost": true, "127.0.0.2": true,
		"0.0.0.0": false, "": false, "192.168.1.10": false, "example.com": false,
	} {
		assert.Equal(t, want, isLoopback(host), host)
	}
	assert.Equal(t, "127.0.0.1:8080", publicAddr(&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "0.0.0.0"))
	assert.Equal(t, "127.0.0.1:8080", publicAddr(&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, ""))
	assert.Equal(t, "[::1]:81", publicAddr(&net.TCPAddr{IP: net.IPv6loopback, Port: 81}, "::1"))
	assert.Equal(t, "localhost:81", publicAddr(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 81}, "localhost"))
	assert.Equal(t, "bkar_abc", shellQuote("bkar_abc"))
	assert.Equal(t, "http://127.0.0.1:8080/v3", shellQuote("http://127.0.0.1:8080/v3"))
	assert.Equal(t, "T3Jn==", shellQuote("T3Jn=="))
	assert.Equal(t, `'it'\''s $HOME'`, shellQuote("it's $HOME"))
	assert.Equal(t, "''", shellQuote(""))
}
