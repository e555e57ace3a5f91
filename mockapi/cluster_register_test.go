package mockapi_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/mockapi"
)

// registerFrom registers an agent with tags from the address remote.
func (h *harness) registerFrom(remote, token string, tags ...string) resp {
	h.t.Helper()
	return h.do(req{method: "POST", path: "/v3/register", token: token, remote: remote,
		body: map[string]any{"hostname": "host", "meta_data": tags}})
}

// clusterToken creates a cluster agent token of acme's default cluster and returns its id and value.
func (h *harness) clusterToken(body map[string]string) (string, string) {
	h.t.Helper()
	r := h.rest("POST", "/v2/organizations/acme/clusters/"+h.env["BUILDKITE_CLUSTER_ID"]+"/tokens", h.env["BUILDKITE_API_TOKEN"], body)
	require.Equal(h.t, 201, r.Status, "%s", r.Body)
	m := r.Obj(h.t)
	return m["id"].(string), m["token"].(string)
}

func TestClusterRegistration(t *testing.T) {
	h := newHarness(t)
	ct := h.env["BUILDKITE_CLUSTER_AGENT_TOKEN"]
	api := h.env["BUILDKITE_API_TOKEN"]
	h.rest("POST", "/v2/organizations/acme/clusters/"+h.env["BUILDKITE_CLUSTER_ID"]+"/queues", api, map[string]string{"key": "linux"})
	tests := []struct {
		name    string
		tags    []string
		status  int
		queue   string
		message string
	}{
		{"no queue tag joins the default queue", nil, 200, "default", ""},
		{"queue tag of the cluster", []string{"queue=linux", "os=linux"}, 200, "linux", ""},
		{"unknown queue", []string{"queue=gpu"}, 422, "", `Cluster "Default" has no queue with key "gpu"`},
		{"two queues", []string{"queue=linux", "queue=default"}, 422, "", "belongs to one queue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.registerFrom("127.0.0.1:5000", ct, tt.tags...)
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			if tt.status != 200 {
				assert.Contains(t, r.Message(t), tt.message)
				return
			}
			id := r.Obj(t)["id"].(string)
			for _, a := range h.must(200, "GET", "/_mock/agents", "", nil).JSON(t).([]any) {
				if m := a.(map[string]any); m["id"] == id {
					assert.Equal(t, h.env["BUILDKITE_CLUSTER_ID"], m["cluster_id"])
					assert.Equal(t, tt.queue, m["queue"])
				}
			}
		})
	}
	ident := h.must(200, "GET", "/v3/token", ct, nil).Obj(t)
	assert.Equal(t, h.env["BUILDKITE_CLUSTER_ID"], ident["cluster_uuid"])
	assert.Equal(t, "Default", ident["cluster_name"])
}

func TestClusterTokenRevokedAndExpired(t *testing.T) {
	var mu sync.Mutex
	now := fixedClock()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	h := newHarness(t, mockapi.WithClock(clock))
	api := h.env["BUILDKITE_API_TOKEN"]
	base := "/v2/organizations/acme/clusters/" + h.env["BUILDKITE_CLUSTER_ID"] + "/tokens/"

	revokedID, revoked := h.clusterToken(map[string]string{"description": "to revoke"})
	_, before := h.register(revoked)
	require.Equal(t, 204, h.rest("DELETE", base+revokedID, api, nil).Status)
	r := h.registerFrom("127.0.0.1:5000", revoked)
	assert.Equal(t, 401, r.Status)
	assert.Equal(t, "Invalid access token: This registration token has been revoked", r.Message(t))
	h.must(200, "POST", "/v3/connect", before, nil) // agents it registered keep working
	h.must(200, "GET", "/v3/ping", before, nil)

	_, expiring := h.clusterToken(map[string]string{"description": "short", "expires_at": "2026-01-15T10:00:00Z"})
	_, early := h.register(expiring)
	mu.Lock()
	now = now.Add(30 * time.Minute)
	mu.Unlock()
	r = h.registerFrom("127.0.0.1:5000", expiring)
	assert.Equal(t, 401, r.Status)
	assert.Equal(t, "Invalid access token: This agent token expired at 2026-01-15T10:00:00Z", r.Message(t))
	h.must(200, "POST", "/v3/connect", early, nil)
}

func TestClusterTokenAllowedIPs(t *testing.T) {
	h := newHarness(t)
	id, tok := h.clusterToken(map[string]string{"description": "office", "allowed_ip_addresses": "192.0.2.0/24 198.51.100.12"})
	tests := []struct {
		remote string
		status int
	}{
		{"192.0.2.77:41000", 200},
		{"198.51.100.12:41000", 200},
		{"[::ffff:192.0.2.9]:41000", 200},
		{"198.51.100.13:41000", 401},
		{"127.0.0.1:41000", 401},
		{"[2001:db8::1]:41000", 401},
	}
	var sessions []string
	for _, tt := range tests {
		t.Run(tt.remote, func(t *testing.T) {
			r := h.registerFrom(tt.remote, tok)
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			if tt.status == 401 {
				assert.Contains(t, r.Message(t), "it only allows 192.0.2.0/24 198.51.100.12")
			} else {
				sessions = append(sessions, r.Obj(t)["access_token"].(string))
			}
		})
	}
	// The metrics API is not restricted by address.
	m := h.do(req{method: "GET", path: "/v3/metrics", token: tok, remote: "203.0.113.1:1"})
	assert.Equal(t, 200, m.Status, "%s", m.Body)
	// Narrowing the ranges disconnects the agents outside them.
	r := h.rest("PUT", "/v2/organizations/acme/clusters/"+h.env["BUILDKITE_CLUSTER_ID"]+"/tokens/"+id,
		h.env["BUILDKITE_API_TOKEN"], map[string]string{"allowed_ip_addresses": "198.51.100.12/32"})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	require.Len(t, sessions, 3)
	assert.Equal(t, 401, h.call("POST", "/v3/connect", sessions[0], nil).Status)
	assert.Equal(t, 200, h.call("POST", "/v3/connect", sessions[1], nil).Status)
}

func TestClusterJobsStayInTheirCluster(t *testing.T) {
	h := newHarness(t)
	ct := h.env["BUILDKITE_CLUSTER_AGENT_TOKEN"]
	job1 := h.must(201, "POST", "/_mock/jobs", "", map[string]any{"command": "echo 1", "cluster": "Default"}).Obj(t)["id"].(string)
	job2 := h.must(201, "POST", "/_mock/jobs", "", map[string]any{"command": "echo 2", "cluster": h.env["BUILDKITE_CLUSTER_ID"]}).Obj(t)["id"].(string)
	assert.Equal(t, 422, h.call("POST", "/_mock/jobs", "", map[string]any{"command": "x", "cluster": "Default", "queue": "gpu"}).Status)
	assert.Equal(t, 404, h.call("POST", "/_mock/jobs", "", map[string]any{"command": "x", "cluster": "nope"}).Status)
	assert.Equal(t, h.env["BUILDKITE_CLUSTER_ID"], h.controlJob(job1)["cluster_id"])

	// A clustered agent gets the cluster's jobs, never the unclustered seeded ones.
	_, session := h.register(ct)
	h.must(200, "POST", "/v3/connect", session, nil)
	id, jobTok := h.takeJob(session)
	assert.Equal(t, job1, id)
	h.must(200, "PUT", "/v3/jobs/"+id+"/start", jobTok, nil)
	// Its job token reaches another job of its cluster, not one outside it.
	h.must(201, "POST", "/v3/jobs/"+job2+"/data/set", jobTok, map[string]string{"key": "k", "value": "v"})
	r := h.call("POST", "/v3/jobs/"+acmeTestJob+"/data/set", jobTok, map[string]string{"key": "k", "value": "v"})
	assert.Equal(t, 403, r.Status)
	assert.Contains(t, r.Message(t), "own cluster")

	// An unclustered agent does not get clustered jobs, and its job tokens stay out of the cluster.
	legacy := h.agent()
	legacyJob, legacyTok := h.takeJob(legacy)
	assert.Equal(t, acmeTestJob, legacyJob)
	assert.Equal(t, 403, h.call("POST", "/v3/jobs/"+job2+"/data/set", legacyTok, map[string]string{"key": "k", "value": "v"}).Status)
}

func TestPausedClusterQueueDispatchesNothing(t *testing.T) {
	h := newHarness(t)
	queue := "/v2/organizations/acme/clusters/" + h.env["BUILDKITE_CLUSTER_ID"] + "/queues/" + h.env["BUILDKITE_CLUSTER_QUEUE_ID"]
	h.must(201, "POST", "/_mock/jobs", "", map[string]any{"command": "echo", "cluster": "Default"})
	require.Equal(t, 200, h.rest("POST", queue+"/pause_dispatch", h.env["BUILDKITE_API_TOKEN"], map[string]string{}).Status)
	_, session := h.register(h.env["BUILDKITE_CLUSTER_AGENT_TOKEN"])
	h.must(200, "POST", "/v3/connect", session, nil)
	assert.NotContains(t, h.must(200, "GET", "/v3/ping", session, nil).Obj(t), "job")
	require.Equal(t, 200, h.rest("POST", queue+"/resume_dispatch", h.env["BUILDKITE_API_TOKEN"], nil).Status)
	assert.Contains(t, h.must(200, "GET", "/v3/ping", session, nil).Obj(t), "job")
}

func TestControlClockExpiresTokens(t *testing.T) {
	h := newHarness(t)
	_, tok := h.clusterToken(map[string]string{"description": "yearly", "expires_at": "2030-01-01T00:00:00Z"})
	assert.Equal(t, 200, h.registerFrom("127.0.0.1:1", tok).Status)
	for _, bad := range []string{`{"advance":"-1h"}`, `{"advance":"soon"}`, `{"advance":"876600h"}`, `{}`} {
		assert.Equal(t, 422, h.call("POST", "/_mock/clock", "", bad).Status, bad)
	}
	m := h.must(200, "POST", "/_mock/clock", "", map[string]string{"advance": "43800h"}).Obj(t)
	assert.Equal(t, "2031-01-14T09:30:00Z", m["now"])
	r := h.registerFrom("127.0.0.1:1", tok)
	assert.Equal(t, 401, r.Status)
	assert.Equal(t, "Invalid access token: This agent token expired at 2030-01-01T00:00:00Z", r.Message(t))
	h.must(200, "POST", "/_mock/reset", "", nil)
	assert.Equal(t, 201, h.call("POST", "/_mock/jobs", "", map[string]string{"command": "x"}).Status)
}
