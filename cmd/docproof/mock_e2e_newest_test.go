package main

import (
	"maps"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newestAgent is the last of agentVersions: the release whose commands
// TestNewestAgentCommands runs.
func newestAgent(t *testing.T) string {
	t.Helper()
	v := agentVersions[len(agentVersions)-1]
	require.True(t, v.newest)
	return agentBinary(t, v)
}

// commandsScript is the job TestNewestAgentCommands runs: every command of a
// current agent that talks to the API, each followed by a line the test
// looks for. No token or secret value reaches the log: the credential
// helper's password line is replaced before it is printed, and secrets are
// compared with values from the job's env, never printed.
var commandsScript = strings.Join([]string{
	`set -eu`,
	`buildkite-agent meta-data set-batch "batch-a=1" "batch-b=two words"`,
	`echo "batch: $(buildkite-agent meta-data get batch-b)"`,
	`buildkite-agent meta-data set retried yes && echo "retried set ok"`,
	`if head -c 102401 /dev/zero | tr '\0' a | buildkite-agent meta-data set too-big 2>/dev/null; then exit 41; fi`,
	`echo "big value refused"`,
	`ctx=$(head -c 101 /dev/zero | tr '\0' c)`,
	`if buildkite-agent annotate "x" --context "$ctx" 2>/dev/null; then exit 42; fi`,
	`echo "long context refused"`,
	`[ "$(buildkite-agent secret get deploy_key)" = "$WANT_CLUSTER_SECRET" ] && echo "cluster secret read"`,
	`[ "$(buildkite-agent secret get ORG_ONLY)" = "$WANT_ORG_SECRET" ] && echo "org secret read"`,
	`if buildkite-agent secret get NOPE 2>secret-err.txt; then exit 43; fi`,
	`grep -q "404 Not Found" secret-err.txt && echo "unknown secret: 404"`,
	`printf 'steps:\n  - key: later\n    label: Later\n    command: echo later\n    agents: {queue: later}\n' | buildkite-agent pipeline upload`,
	`echo "pipeline uploaded"`,
	`if printf 'env:\n  A: b\n' | buildkite-agent pipeline upload 2>upload-err.txt; then exit 44; fi`,
	`grep -q "rejected" upload-err.txt && echo "empty pipeline rejected"`,
	`echo "label: $(buildkite-agent step get label)"`,
	`buildkite-agent step update label "Renamed by e2e"`,
	`echo "label now: $(buildkite-agent step get label)"`,
	`echo "later state: $(buildkite-agent step get state --step later)"`,
	`buildkite-agent step cancel --step later`,
	`echo "later state: $(buildkite-agent step get state --step later)"`,
	`printf 'protocol=https\nhost=github.com\npath=acme/website.git\n\n' | buildkite-agent git-credentials-helper get | sed 's/^password=..*/password=[hidden]/'`,
	`buildkite-agent job promise-failure 3 --reason "e2e promised"`,
	`buildkite-agent job promise-failure 3 && echo "promise repeated"`,
	`buildkite-agent pause --note "e2e pause" --timeout-in-minutes 5`,
	`buildkite-agent resume`,
	`buildkite-agent stop`,
	`echo "all commands ran"`,
}, "\n")

// TestNewestAgentCommands runs buildkite-agent v3.138.3 against the mock with
// one job that calls every API command of a current agent, and checks each
// command's output in the log and its effect through the control API.
func TestNewestAgentCommands(t *testing.T) {
	bin := newestAgent(t)
	t.Run("every command from a job", func(t *testing.T) {
		t.Parallel()
		env, reqLog := startMockLogged(t)
		base := strings.TrimSuffix(env["BUILDKITE_AGENT_ENDPOINT"], "/v3")
		mockPostJSON(t, base+"/_mock/secrets", map[string]string{"key": "DEPLOY_KEY", "value": "org-wide-value"})
		cluster := env["BUILDKITE_CLUSTER_ID"] // the seeded cluster; its default queue is "default"
		mockPostJSON(t, base+"/_mock/secrets", map[string]string{"key": "DEPLOY_KEY", "value": "cluster-value", "cluster": cluster})
		mockPostJSON(t, base+"/_mock/secrets", map[string]string{"key": "ORG_ONLY", "value": "org-value"})
		mockPostJSON(t, base+"/_mock/faults", map[string]any{"route": "POST /v3/jobs/{id}/data/set", "status": 429, "count": 2})
		job := mockPostJSON(t, base+"/_mock/jobs", map[string]any{"command": commandsScript, "cluster": cluster,
			"label": "commands", "env": map[string]string{"WANT_CLUSTER_SECRET": "cluster-value", "WANT_ORG_SECRET": "org-value"}})
		id, build := job["id"].(string), job["build_id"].(string)
		clustered := maps.Clone(env) // the job runs in the cluster: so must its agent
		clustered["BUILDKITE_AGENT_TOKEN"] = env["BUILDKITE_CLUSTER_AGENT_TOKEN"]
		done, _ := runAgent(t, bin, clustered, "--tags", "queue=default")
		waitAgentExit(t, done)

		j := mockGetJSON(t, base+"/_mock/jobs/"+id)
		log := j["log"].(string)
		for _, line := range []string{
			"batch: two words\n", "retried set ok\n", "big value refused\n", "long context refused\n",
			"cluster secret read\n", "org secret read\n", "unknown secret: 404\n", "pipeline uploaded\n",
			"empty pipeline rejected\n", "label: commands\n", "label now: Renamed by e2e\n",
			"later state: scheduled\n", "later state: canceled\n", "username=token\npassword=[hidden]\n",
			"promise repeated\n", "all commands ran\n",
		} {
			assert.Contains(t, log, line)
		}
		assert.NotRegexp(t, `cluster-value|org-value|ghs_`, log, "secret values and tokens never reach the log")
		assert.Equal(t, "finished", j["state"])
		assert.Equal(t, "3", j["exit_status"], "the promised failure is binding: the job exited 0")
		assert.Equal(t, map[string]any{"exit_status": 3.0, "reason": "e2e promised", "declared_at": j["promised_failure"].(map[string]any)["declared_at"]}, j["promised_failure"])
		assert.Equal(t, map[string]any{"label": "Renamed by e2e"}, j["step_updates"])

		b := mockGetJSON(t, base+"/_mock/builds/"+build)
		assert.Equal(t, map[string]any{"batch-a": "1", "batch-b": "two words", "retried": "yes"}, b["meta_data"])
		pipes := b["pipelines"].([]any)
		require.Len(t, pipes, 2)
		applied, rejected := pipes[0].(map[string]any), pipes[1].(map[string]any)
		assert.Equal(t, "applied", applied["state"])
		assert.Equal(t, true, applied["async"])
		assert.GreaterOrEqual(t, applied["polls"], 2.0, "pending, then applied")
		assert.Equal(t, "rejected", rejected["state"])
		assert.Contains(t, rejected["message"], "no steps")
		later := mockGetJSON(t, base+"/_mock/jobs/"+applied["job_ids"].([]any)[0].(string))
		assert.Equal(t, "canceled", later["state"], "step cancel canceled the uploaded step's job")

		agents := mockGetList(t, base+"/_mock/agents")
		require.Len(t, agents, 1)
		assert.Equal(t, false, agents[0]["paused"], "paused, then resumed")
		assert.Equal(t, true, agents[0]["stop_requested"])
		assert.Equal(t, "disconnected", agents[0]["state"])

		requests := reqLog.String()
		uuid := applied["uuid"].(string)
		assert.Contains(t, requests, "POST /v3/jobs/"+id+"/pipelines 202\n", "async upload")
		assert.Len(t, regexp.MustCompile(`GET /v3/jobs/`+id+`/pipelines/`+uuid+` 200\n`).FindAllString(requests, -1), 2, "polled: pending, applied")
		assert.Len(t, regexp.MustCompile(`POST /v3/jobs/`+id+`/data/set 429\n`).FindAllString(requests, -1), 2, "the injected 429s were retried")
		assert.Contains(t, requests, "POST /v3/jobs/"+id+"/repository_access_token 200\n")
		assert.Contains(t, requests, "PUT /v3/jobs/"+id+"/promise_failure 204\n")
		assert.Equal(t, 1, strings.Count(requests, "POST /agentedge.v1.AgentEdgeService/StreamPings 404\n"),
			"one streaming-ping attempt, answered 404: the agent falls back to polling for good")
	})
	t.Run("pause from a job is visible and holds the agent", func(t *testing.T) {
		t.Parallel()
		env := startMock(t)
		base := strings.TrimSuffix(env["BUILDKITE_AGENT_ENDPOINT"], "/v3")
		job := mockPostJSON(t, base+"/_mock/jobs", map[string]string{"command": `buildkite-agent pause --note "maintenance window"`, "queue": "e2e"})
		done, _ := runAgent(t, bin, env)
		var agent map[string]any
		for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			require.True(t, time.Now().Before(deadline), "the agent never showed as paused")
			if agents := mockGetList(t, base+"/_mock/agents"); len(agents) == 1 && agents[0]["paused"] == true &&
				mockGetJSON(t, base+"/_mock/jobs/"+job["id"].(string))["state"] == "finished" {
				agent = agents[0]
				break
			}
		}
		assert.Equal(t, "maintenance window", agent["pause_note"])
		time.Sleep(2 * time.Second) // a paused agent stays up, even with --disconnect-after-job
		select {
		case err := <-done:
			t.Fatalf("the agent exited while paused: %v", err)
		default:
		}
		mockPostJSON(t, base+"/_mock/agents/"+agent["id"].(string)+"/action", map[string]string{"action": "resume"})
		waitAgentExit(t, done)
	})
	t.Run("build cancel from a job cancels the build", func(t *testing.T) {
		t.Parallel()
		env := startMock(t)
		base := strings.TrimSuffix(env["BUILDKITE_AGENT_ENDPOINT"], "/v3")
		job := mockPostJSON(t, base+"/_mock/jobs", map[string]string{"command": `buildkite-agent build cancel && echo "cancel sent" && sleep 30 && echo slept`, "queue": "e2e"})
		done, _ := runAgent(t, bin, env)
		waitAgentExit(t, done)
		j := mockGetJSON(t, base+"/_mock/jobs/"+job["id"].(string))
		assert.Equal(t, "canceled", j["state"])
		assert.Equal(t, "cancel", j["signal_reason"])
		// The command's own report; the echo after it may already be too late.
		assert.Contains(t, j["log"], "Successfully cancelled build "+job["build_id"].(string))
		assert.NotContains(t, j["log"], "\nslept\n", "the command was stopped")
		assert.Equal(t, "canceled", mockGetJSON(t, base+"/_mock/builds/"+job["build_id"].(string))["state"])
	})
}
