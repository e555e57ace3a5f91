package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMockListenerIsGuarded reproduces issue 19 item 2 against the real
// listener of `docproof mock`: a web page's text/plain POST to the control
// API, and a DNS-rebound Host, are refused with a JSON reason, and no job is
// created; curl as the docs show it still works.
func TestMockListenerIsGuarded(t *testing.T) {
	env := startMock(t)
	base := strings.TrimSuffix(env["BUILDKITE_AGENT_ENDPOINT"], "/v3")
	send := func(method, path, host string, header map[string]string, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		require.NoError(t, err)
		if host != "" {
			req.Host = host
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(data)
	}
	job := `{"command":"touch /tmp/pwned","queue":"default"}`
	code, body := send("POST", "/_mock/jobs", "", map[string]string{"Content-Type": "text/plain;charset=UTF-8",
		"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, job)
	assert.Equal(t, 403, code, body)
	assert.Contains(t, body, `"message":"docproof mock refuses cross-site requests`)
	code, body = send("POST", "/_mock/jobs", "", map[string]string{"Content-Type": "text/plain"}, job)
	assert.Equal(t, 415, code, body)
	code, body = send("POST", "/_mock/jobs", "evil.example:"+portOf(t, base), map[string]string{"Content-Type": "application/json"}, job)
	assert.Equal(t, 403, code, body)
	assert.Contains(t, body, "refuses Host")
	code, body = send("GET", "/_mock/env", "evil.example", nil, "")
	assert.Equal(t, 403, code, body)
	assert.NotContains(t, body, env["BUILDKITE_AGENT_TOKEN"], "a rebound page reads no token")

	// What the docs tell readers to run.
	code, body = send("POST", "/_mock/reset", "", nil, "")
	assert.Equal(t, 200, code, body)
	code, body = send("POST", "/_mock/jobs", "", map[string]string{"Content-Type": "application/json"}, `{"command":"true"}`)
	assert.Equal(t, 201, code, body)
}

func portOf(t *testing.T, base string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	return port
}

func TestMockAllowRemoteSaysWhoCanReach(t *testing.T) {
	_, lan, err := net.ParseCIDR("192.168.1.10/24")
	require.NoError(t, err)
	lan.IP = net.ParseIP("192.168.1.10")
	_, vpn, err := net.ParseCIDR("10.8.0.2/16")
	require.NoError(t, err)
	vpn.IP = net.ParseIP("10.8.0.2")
	nets := []ifaceNet{{name: "eth0", net: lan}, {name: "tun0", net: vpn}}

	var b bytes.Buffer
	writeReach(&b, &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, nets)
	assert.Contains(t, b.String(), "192.168.1.10:8080 — every machine on 192.168.1.0/24 (interface eth0")
	assert.Contains(t, b.String(), "10.8.0.2:8080 — every machine on 10.8.0.0/16 (interface tun0")
	assert.Contains(t, b.String(), "create jobs that an agent attached to the mock runs")

	b.Reset()
	writeReach(&b, &net.TCPAddr{IP: net.ParseIP("10.8.0.2"), Port: 9000}, nets)
	assert.Contains(t, b.String(), "10.8.0.0/16 (interface tun0")
	assert.NotContains(t, b.String(), "eth0", "only the interface it listens on")

	b.Reset()
	writeReach(&b, &net.TCPAddr{IP: net.ParseIP("203.0.113.7"), Port: 9000}, nets)
	assert.Contains(t, b.String(), "every machine that can route to 203.0.113.7")
}
