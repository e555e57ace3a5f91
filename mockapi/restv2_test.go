package mockapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rest sends a REST v2 request with a Bearer token ("" sends none).
func (h *harness) rest(method, path, bearer string, body any) resp {
	h.t.Helper()
	q := req{method: method, path: path, body: body, header: map[string]string{}}
	if bearer != "" {
		q.header["Authorization"] = "Bearer " + bearer
	}
	if body != nil {
		q.header["Content-Type"] = "application/json"
	}
	return h.do(q)
}

// mint issues an API token of org with scopes through the control API.
func (h *harness) mint(org string, scopes ...string) string {
	h.t.Helper()
	if scopes == nil {
		scopes = []string{}
	}
	m := h.must(201, "POST", "/_mock/api-tokens", "", map[string]any{"org": org, "scopes": scopes}).Obj(h.t)
	return m["token"].(string)
}

func TestRESTv2Errors(t *testing.T) {
	h := newHarness(t)
	env := h.env
	api, readOnly := env["BUILDKITE_API_TOKEN"], env["BUILDKITE_API_TOKEN_READ_ONLY"]
	clusters := "/v2/organizations/acme/clusters"
	cluster := clusters + "/" + env["BUILDKITE_CLUSTER_ID"]
	token := cluster + "/tokens/" + env["BUILDKITE_CLUSTER_TOKEN_ID"]
	noScope := h.mint("acme")
	tests := []struct {
		name, method, path, bearer string
		body                       any
		status                     int
		message                    string
	}{
		{"no token", "GET", clusters, "", nil, 401, "Authentication required. Please supply a valid API Access Token: https://buildkite.com/docs/apis/rest-api#authentication"},
		{"unknown token", "GET", clusters, "bkua_nope", nil, 401, "Authentication required"},
		{"agent token as bearer", "GET", clusters, env["BUILDKITE_CLUSTER_AGENT_TOKEN"], nil, 401, "Authentication required"},
		{"read without read_clusters", "GET", clusters, noScope, nil, 403, "Your access token doesn't have the read_clusters scope"},
		{"write with read-only token", "POST", cluster + "/tokens", readOnly, map[string]string{"description": "x"}, 403, "Your access token doesn't have the write_clusters scope"},
		{"revoke with read-only token", "DELETE", token, readOnly, nil, 403, "write_clusters"},
		{"another organization", "GET", "/v2/organizations/globex/clusters", api, nil, 404, "Not Found"},
		{"another organization's cluster", "GET", clusters + "/" + env["BUILDKITE_CLUSTER_ID_OTHER_ORG"], api, nil, 404, "Not Found"},
		{"unknown organization", "GET", "/v2/organizations/nope/clusters", api, nil, 404, "Not Found"},
		{"unknown cluster", "GET", clusters + "/nope", api, nil, 404, "Not Found"},
		{"unknown token", "GET", cluster + "/tokens/nope", api, nil, 404, "Not Found"},
		{"unknown queue", "GET", cluster + "/queues/nope", api, nil, 404, "Not Found"},
		{"token without description", "POST", cluster + "/tokens", api, map[string]string{}, 422, "Validation failed: Description can't be blank"},
		{"token expiring too soon", "POST", cluster + "/tokens", api, map[string]string{"description": "x", "expires_at": "2026-01-15T09:35:00Z"}, 422, "at least 10 minutes"},
		{"token expiry not ISO 8601", "POST", cluster + "/tokens", api, map[string]string{"description": "x", "expires_at": "tomorrow"}, 422, "ISO 8601"},
		{"token IPv6 range", "POST", cluster + "/tokens", api, map[string]string{"description": "x", "allowed_ip_addresses": "2001:db8::/32"}, 422, "IPv6"},
		{"token bad range", "POST", cluster + "/tokens", api, map[string]string{"description": "x", "allowed_ip_addresses": "10.0.0.0/33"}, 422, "not an IPv4 address or CIDR range"},
		{"token too many ranges", "POST", cluster + "/tokens", api, map[string]string{"description": "x", "allowed_ip_addresses": strings.Repeat("10.0.0.1 ", 25)}, 422, "at most 24"},
		{"token expiry change", "PUT", token, api, map[string]string{"expires_at": "2030-01-01T00:00:00Z"}, 422, "can not be changed"},
		{"token blank description", "PUT", token, api, map[string]string{"description": " "}, 422, "Description can't be blank"},
		{"cluster without name", "POST", clusters, api, map[string]string{"description": "x"}, 422, "Name can't be blank"},
		{"cluster name taken", "POST", clusters, api, map[string]string{"name": "Default"}, 422, "Name has already been taken"},
		{"queue without key", "POST", cluster + "/queues", api, map[string]string{}, 422, "Key can't be blank"},
		{"queue key taken", "POST", cluster + "/queues", api, map[string]string{"key": "default"}, 422, "Key has already been taken"},
		{"queue bad affinity", "POST", cluster + "/queues", api, map[string]string{"key": "x", "retry_agent_affinity": "nearest"}, 422, "prefer-warmest, prefer-different"},
		{"delete default queue", "DELETE", cluster + "/queues/" + env["BUILDKITE_CLUSTER_QUEUE_ID"], api, nil, 422, "default queue"},
		{"default queue of another cluster", "PUT", cluster, api, map[string]string{"default_queue_id": env["BUILDKITE_CLUSTER_QUEUE_ID_OTHER_ORG"]}, 422, "Default queue"},
		{"malformed body", "POST", cluster + "/tokens", api, "{", 400, "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.rest(tt.method, tt.path, tt.bearer, tt.body)
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			assert.Contains(t, r.Message(t), tt.message)
		})
	}
}

func TestRESTv2ClusterTokenLifecycle(t *testing.T) {
	h := newHarness(t)
	api := h.env["BUILDKITE_API_TOKEN"]
	base := "/v2/organizations/acme/clusters/" + h.env["BUILDKITE_CLUSTER_ID"] + "/tokens"

	created := h.rest("POST", base, api, map[string]string{
		"description": "Linux agents", "expires_at": "2026-03-01T00:00:00Z", "allowed_ip_addresses": "192.0.2.0/24 198.51.100.12"})
	require.Equal(t, 201, created.Status, "%s", created.Body)
	c := created.Obj(t)
	assert.Regexp(t, `^bkct_[0-9A-Za-z]{73}$`, c["token"])
	assert.Equal(t, "Linux agents", c["description"])
	assert.Equal(t, "2026-03-01T00:00:00.000Z", c["expires_at"])
	assert.Equal(t, "192.0.2.0/24 198.51.100.12", c["allowed_ip_addresses"])
	assert.Equal(t, "https://api.buildkite.com/v2/organizations/acme/clusters/"+h.env["BUILDKITE_CLUSTER_ID"], c["cluster_url"])
	assert.Equal(t, c["cluster_url"].(string)+"/tokens/"+c["id"].(string), c["url"])
	assert.Equal(t, "2026-01-15T09:30:00.000Z", c["created_at"])
	assert.Equal(t, "Acme Inc Admin", c["created_by"].(map[string]any)["name"])
	id := c["id"].(string)

	got := h.rest("GET", base+"/"+id, api, nil)
	require.Equal(t, 200, got.Status)
	assert.NotContains(t, got.Obj(t), "token", "the value is shown only when created")
	assert.NotContains(t, string(got.Body), c["token"].(string))

	upd := h.rest("PUT", base+"/"+id, api, map[string]string{"description": "Linux", "allowed_ip_addresses": "0.0.0.0/0"})
	require.Equal(t, 200, upd.Status, "%s", upd.Body)
	assert.Equal(t, "Linux", upd.Obj(t)["description"])
	assert.Equal(t, "2026-03-01T00:00:00.000Z", upd.Obj(t)["expires_at"], "expiry unchanged")

	list := h.rest("GET", base, api, nil).JSON(t).([]any)
	assert.Len(t, list, 2)

	del := h.rest("DELETE", base+"/"+id, api, nil)
	assert.Equal(t, 204, del.Status)
	assert.Empty(t, del.Body)
	assert.Equal(t, 404, h.rest("GET", base+"/"+id, api, nil).Status)
	assert.Equal(t, 404, h.rest("DELETE", base+"/"+id, api, nil).Status)
	assert.Len(t, h.rest("GET", base, api, nil).JSON(t).([]any), 1)
	// The control API still shows the revoked token, with its revocation time.
	clusters := h.must(200, "GET", "/_mock/clusters", "", nil).JSON(t).([]any)
	tokens := clusters[0].(map[string]any)["tokens"].([]any)
	require.Len(t, tokens, 2)
	assert.Equal(t, "2026-01-15T09:30:00Z", tokens[1].(map[string]any)["revoked_at"])
}

func TestRESTv2Pagination(t *testing.T) {
	h := newHarness(t)
	api := h.env["BUILDKITE_API_TOKEN"]
	base := "/v2/organizations/acme/clusters/" + h.env["BUILDKITE_CLUSTER_ID"] + "/queues"
	for i := range 4 {
		h.must(201, "POST", "/_mock/api-tokens", "", map[string]any{}) // unrelated state changes do not matter
		r := h.rest("POST", base, api, map[string]string{"key": "q" + itoa(i)})
		require.Equal(t, 201, r.Status, "%s", r.Body)
	}
	tests := []struct {
		query string
		keys  []string
		link  string
	}{
		{"", []string{"default", "q0", "q1", "q2", "q3"}, ""},
		{"?per_page=2", []string{"default", "q0"}, `<https://api.buildkite.com/v2/organizations/acme/clusters/` + h.env["BUILDKITE_CLUSTER_ID"] + `/queues?page=2&per_page=2>; rel="next", <https://api.buildkite.com/v2/organizations/acme/clusters/` + h.env["BUILDKITE_CLUSTER_ID"] + `/queues?page=3&per_page=2>; rel="last"`},
		{"?page=3&per_page=2", []string{"q3"}, `rel="first"`},
		{"?page=9&per_page=2", []string{}, `rel="prev"`},
		{"?page=x&per_page=-1", []string{"default", "q0", "q1", "q2", "q3"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := h.rest("GET", base+tt.query, api, nil)
			require.Equal(t, http.StatusOK, r.Status)
			keys := []string{}
			for _, q := range r.JSON(t).([]any) {
				keys = append(keys, q.(map[string]any)["key"].(string))
			}
			assert.Equal(t, tt.keys, keys)
			if tt.link == "" {
				assert.Empty(t, r.Header.Get("Link"))
			} else {
				assert.Contains(t, r.Header.Get("Link"), tt.link)
			}
		})
	}
}

func TestRESTv2AccessToken(t *testing.T) {
	h := newHarness(t)
	tok := h.mint("globex", "read_clusters")
	got := h.rest("GET", "/v2/access-token", tok, nil)
	require.Equal(t, 200, got.Status)
	m := got.Obj(t)
	assert.Equal(t, []any{"read_clusters"}, m["scopes"])
	assert.Equal(t, "2026-01-15 09:30:00 UTC", m["created_at"])
	assert.Equal(t, "Globex Corporation Admin", m["user"].(map[string]any)["name"])
	assert.Equal(t, 200, h.rest("GET", "/v2/organizations/globex/clusters", tok, nil).Status)

	assert.Equal(t, 204, h.rest("DELETE", "/v2/access-token", tok, nil).Status)
	assert.Equal(t, 401, h.rest("GET", "/v2/access-token", tok, nil).Status)
	assert.Equal(t, 401, h.rest("GET", "/v2/organizations/globex/clusters", tok, nil).Status)
	gql := h.do(req{method: "POST", path: "/v1", body: `{"query":"{ organization(slug: \"globex\") { id } }"}`,
		header: map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json"}})
	assert.Equal(t, 401, gql.Status, "a revoked API token is refused by GraphQL too")
}

func TestRESTv2ClusterAndQueueLifecycle(t *testing.T) {
	h := newHarness(t)
	api := h.env["BUILDKITE_API_TOKEN"]
	base := "/v2/organizations/acme/clusters"
	c := h.rest("POST", base, api, map[string]string{"name": "Open Source", "emoji": ":technologist:", "color": "#FFE0F1"})
	require.Equal(t, 201, c.Status, "%s", c.Body)
	cm := c.Obj(t)
	assert.Nil(t, cm["default_queue_id"], "a new cluster has no queue")
	assert.Nil(t, cm["description"])
	id := cm["id"].(string)
	q := h.rest("POST", base+"/"+id+"/queues", api, map[string]string{"key": "linux", "description": "Linux agents"})
	require.Equal(t, 201, q.Status, "%s", q.Body)
	qm := q.Obj(t)
	assert.Equal(t, "prefer-warmest", qm["retry_agent_affinity"])
	assert.Equal(t, false, qm["dispatch_paused"])
	assert.Equal(t, qm["id"], h.rest("GET", base+"/"+id, api, nil).Obj(t)["default_queue_id"], "the first queue becomes the default")

	p := h.rest("POST", base+"/"+id+"/queues/"+qm["id"].(string)+"/pause_dispatch", api, map[string]string{"dispatch_paused_note": "maintenance"})
	require.Equal(t, 200, p.Status, "%s", p.Body)
	assert.Equal(t, true, p.Obj(t)["dispatch_paused"])
	assert.Equal(t, "maintenance", p.Obj(t)["dispatch_paused_note"])

	u := h.rest("PATCH", base+"/"+id, api, map[string]string{"description": "Public code"})
	require.Equal(t, 200, u.Status)
	assert.Equal(t, "Public code", u.Obj(t)["description"])
	assert.Equal(t, "Open Source", u.Obj(t)["name"])

	assert.Len(t, h.rest("GET", base, api, nil).JSON(t).([]any), 2)
	assert.Equal(t, 204, h.rest("DELETE", base+"/"+id, api, nil).Status)
	assert.Len(t, h.rest("GET", base, api, nil).JSON(t).([]any), 1)
	assert.Equal(t, 404, h.rest("GET", base+"/"+id+"/queues", api, nil).Status)
}
