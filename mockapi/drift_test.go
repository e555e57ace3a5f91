package mockapi_test

import (
	"testing"

	"github.com/docproof/docproof/mockapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each drift changes exactly the behaviour a docs sample asserts; the same
// check passes without it.
func TestDrift(t *testing.T) {
	tests := []struct {
		drift mockapi.Drift
		check func(t *testing.T, h *harness, drifted bool)
	}{
		{mockapi.DriftRegistrationTokenMetaData, func(t *testing.T, h *harness, drifted bool) {
			r := h.call("POST", "/v3/jobs/"+acmeTestJob+"/data/set", h.env["BUILDKITE_AGENT_TOKEN"], map[string]string{"key": "k", "value": "v"})
			assert.Equal(t, map[bool]int{false: 401, true: 201}[drifted], r.Status, "%s", r.Body)
			r = h.call("POST", "/v3/jobs/"+acmeTestJob+"/annotations", h.env["BUILDKITE_AGENT_TOKEN"], map[string]string{"body": "b"})
			assert.Equal(t, 401, r.Status, "only meta-data drifts")
		}},
		{mockapi.DriftChunkOverwrite, func(t *testing.T, h *harness, drifted bool) {
			_, jobID, tok := h.runningJob()
			require.Equal(t, 201, h.sendChunk(tok, jobID, 1, 0, "3 failed\n").Status)
			require.Equal(t, 201, h.sendChunk(tok, jobID, 1, 0, "0 failed\n").Status)
			assert.Equal(t, map[bool]string{false: "3 failed\n", true: "0 failed\n"}[drifted], h.controlJob(jobID)["log"])
		}},
		{mockapi.DriftRevokedTokenRegisters, func(t *testing.T, h *harness, drifted bool) {
			tok := h.revokedToken()
			r := h.call("POST", "/v3/register", tok, map[string]string{"name": "x"})
			assert.Equal(t, map[bool]int{false: 401, true: 200}[drifted], r.Status, "%s", r.Body)
			assert.Equal(t, 401, h.call("GET", "/v3/metrics", tok, nil).Status, "metrics still refuse it")
		}},
		{mockapi.DriftRegisterFieldRename, func(t *testing.T, h *harness, drifted bool) {
			m := h.call("POST", "/v3/register", h.env["BUILDKITE_AGENT_TOKEN"], map[string]string{}).Obj(t)
			_, access := m["access_token"]
			_, session := m["session_token"]
			assert.Equal(t, !drifted, access)
			assert.Equal(t, drifted, session)
		}},
		{mockapi.DriftRegisterStatus, func(t *testing.T, h *harness, drifted bool) {
			r := h.call("POST", "/v3/register", h.env["BUILDKITE_AGENT_TOKEN"], map[string]string{})
			assert.Equal(t, map[bool]int{false: 200, true: 201}[drifted], r.Status)
		}},
	}
	for _, tc := range tests {
		t.Run(string(tc.drift), func(t *testing.T) {
			tc.check(t, newHarness(t), false)
			tc.check(t, newHarness(t, mockapi.WithDrift(tc.drift)), true)
		})
	}
}
