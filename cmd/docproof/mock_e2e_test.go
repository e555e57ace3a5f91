package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var tokenValueRE = regexp.MustCompile(`bk(ar|aa|aj|ua|ct)_[A-Za-z0-9._-]+`)

// redact hides token values in logs shown on failure.
func redact(s string) string { return tokenValueRE.ReplaceAllString(s, "[token]") }

// startMock runs `docproof mock --addr 127.0.0.1:0` in-process and returns
// its exported environment.
func startMock(t *testing.T, args ...string) map[string]string {
	t.Helper()
	env, _ := startMockLogged(t, args...)
	return env
}

// startMockLogged is startMock that also returns the mock's request log
// ("METHOD PATH STATUS" lines, from -v).
func startMockLogged(t *testing.T, args ...string) (map[string]string, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- runMock(ctx, append([]string{"--addr", "127.0.0.1:0", "-v"}, args...), &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			assert.Equal(t, 0, code, "docproof mock exit code; stderr:\n%s", stderr.String())
		case <-time.After(10 * time.Second):
			t.Error("docproof mock did not shut down within 10s")
		}
		if t.Failed() {
			t.Logf("mock requests:\n%s", stderr.String())
		}
	})
	env := map[string]string{}
	require.Eventually(t, func() bool {
		for _, line := range strings.Split(stdout.String(), "\n") {
			if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok {
				env[k] = v
			}
		}
		return len(env) == len(envOrder)
	}, 10*time.Second, 20*time.Millisecond, "docproof mock printed no environment; stderr:\n%s", stderr.String())
	return env, &stderr
}

// agentVersion is one buildkite-agent release the end-to-end tests run.
type agentVersion struct {
	name   string   // release, e.g. "v3.78.0"
	env    string   // variable that points the test at another binary
	folder string   // where scripts/test-deps.sh installs it, under ~/.cache/docproof
	files  []string // names tried in that folder
	newest bool     // has the commands of v3.138 (secret, step, pause, promise-failure, ...)
}

// agentVersions are the agents `make test` runs against the mock: v3.78.0
// (session token on job calls) and v3.138.3, the newest v3 release the Go
// proxy serves (job tokens everywhere, repository tokens, async upload).
var agentVersions = []agentVersion{
	{name: "v3.78.0", env: "DOCPROOF_BUILDKITE_AGENT", folder: "agent-bin", files: []string{"buildkite-agent", "agent"}},
	{name: "v3.138.3", env: "DOCPROOF_BUILDKITE_AGENT_NEW", folder: "agent-bin-3.138.3", files: []string{"buildkite-agent"}, newest: true},
}

// agentBinary finds the agent of version v and returns a folder holding it
// under the name buildkite-agent (the agent runs `buildkite-agent bootstrap`
// and job commands call `buildkite-agent` from that folder).
func agentBinary(t *testing.T, v agentVersion) string {
	t.Helper()
	path := os.Getenv(v.env)
	if path == "" {
		home, err := os.UserHomeDir()
		require.NoError(t, err)
		for _, name := range v.files {
			path = filepath.Join(home, ".cache", "docproof", v.folder, name)
			if _, err := os.Stat(path); err == nil {
				break
			}
		}
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatalf("buildkite-agent %s not found at %s (set %s, or run `make test` / scripts/test-deps.sh to install it): %v", v.name, path, v.env, err)
	}
	dir := t.TempDir()
	dst := filepath.Join(dir, "buildkite-agent")
	if err := os.Link(real, dst); err != nil {
		copyAgentBinary(t, real, dst)
	}
	return dst
}

func copyAgentBinary(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}

// runAgent starts `buildkite-agent start --disconnect-after-job` against the
// mock, on queue e2e unless extra flags say otherwise, and returns a channel
// with its exit error and its output.
func runAgent(t *testing.T, bin string, env map[string]string, extra ...string) (<-chan error, *lockedBuffer) {
	t.Helper()
	// A short folder: the agent's unix socket paths must stay under 108 bytes.
	work, err := os.MkdirTemp("", "dpe2e")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(work) })
	cfg := filepath.Join(work, "empty.cfg")
	require.NoError(t, os.WriteFile(cfg, nil, 0o644))
	for _, d := range []string{"builds", "hooks", "plugins", "sockets", "home"} {
		require.NoError(t, os.MkdirAll(filepath.Join(work, d), 0o755))
	}
	// v3.78 ignores BUILDKITE_SKIP_CHECKOUT (newer agents honour it): an empty
	// global checkout hook stands in for the checkout of the job's repository.
	hook := filepath.Join(work, "hooks", "checkout")
	require.NoError(t, os.WriteFile(hook, []byte("# docproof e2e: the mock's jobs have no repository\n"), 0o755))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	if len(extra) == 0 {
		extra = []string{"--tags", "queue=e2e"}
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"start",
		"--config", cfg, "--token", env["BUILDKITE_AGENT_TOKEN"], "--endpoint", env["BUILDKITE_AGENT_ENDPOINT"],
		"--build-path", filepath.Join(work, "builds"), "--hooks-path", filepath.Join(work, "hooks"),
		"--plugins-path", filepath.Join(work, "plugins"), "--sockets-path", filepath.Join(work, "sockets"),
		"--name", "e2e-%spawn", "--no-pty", "--no-ansi-timestamps", "--no-color",
		"--no-plugins", "--disconnect-after-job", "--cancel-grace-period", "5"}, extra...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + filepath.Join(work, "home")}
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait(); cancel() }()
	t.Cleanup(func() {
		cancel()
		if t.Failed() {
			t.Logf("buildkite-agent output:\n%s", redact(out.String()))
		}
	})
	return done, out
}

func mockGetJSON(t *testing.T, url string) map[string]any {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return m
}

func mockGetList(t *testing.T, url string) []map[string]any {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	var list []map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&list))
	return list
}

func mockPostJSON(t *testing.T, url string, body any) map[string]any {
	t.Helper()
	data, err := json.Marshal(body)
	require.NoError(t, err)
	resp, err := http.Post(url, "application/json", bytes.NewReader(data))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Less(t, resp.StatusCode, 300)
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return m
}

func waitAgentExit(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		require.NoError(t, err, "buildkite-agent exit")
	case <-time.After(2 * time.Minute):
		t.Fatal("buildkite-agent did not exit within 2 minutes")
	}
}

// TestRealAgentAgainstMock runs each real buildkite-agent of agentVersions
// against `docproof mock`: it registers, connects, pings, takes a job, runs
// it (meta-data, annotation, artifact and pipeline upload from inside the
// job), streams the log and finishes; --spawn, pause/disconnect and cancel
// too. The commands of newer agents are in TestNewestAgentCommands.
func TestRealAgentAgainstMock(t *testing.T) {
	for _, v := range agentVersions {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			agentScenarios(t, agentBinary(t, v))
		})
	}
}

func agentScenarios(t *testing.T, bin string) {
	for _, mode := range []struct{ name, flag string }{
		{"job runs to exit 0", "--job-tokens=true"},
		// Agents before v3.39 got no job token: everything goes through the session token.
		{"job runs to exit 0 without job tokens", "--job-tokens=false"},
	} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			runMetaDataJob(t, bin, startMock(t, mode.flag))
		})
	}
	t.Run("spawn 2 runs two seeded jobs, one agent each", func(t *testing.T) {
		t.Parallel()
		env := startMock(t)
		base := strings.TrimSuffix(env["BUILDKITE_AGENT_ENDPOINT"], "/v3")
		done, _ := runAgent(t, bin, env, "--spawn", "2") // queue default
		waitAgentExit(t, done)
		agentOf := map[string]string{}
		finished := 0
		for id, last := range map[string]string{
			"01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01": "All tests passed\n",
			"01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b03": "Deployed\n",
			"01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b02": "No lint errors\n",
		} {
			j := mockGetJSON(t, base+"/_mock/jobs/"+id)
			if j["state"] == "scheduled" {
				continue // each worker ran one job and disconnected
			}
			finished++
			assert.Equal(t, "finished", j["state"], id)
			assert.Equal(t, "0", j["exit_status"], id)
			assert.True(t, strings.HasSuffix(j["log"].(string), last), "log of %s ends with %q", id, last)
			agentOf[j["agent_id"].(string)] = id
		}
		assert.Equal(t, 2, finished, "two of the three seeded jobs ran")
		assert.Len(t, agentOf, 2, "each worker registered as its own agent and ran one job")
		agents := mockGetList(t, base+"/_mock/agents")
		require.Len(t, agents, 2)
		for _, a := range agents {
			assert.Equal(t, "disconnected", a["state"])
		}
	})
	t.Run("cluster token registers into a cluster queue and runs that cluster's job", func(t *testing.T) {
		t.Parallel()
		env := startMock(t)
		runClusterJob(t, bin, env)
	})
	t.Run("ping action disconnect stops an idle agent", func(t *testing.T) {
		t.Parallel()
		env := startMock(t)
		base := strings.TrimSuffix(env["BUILDKITE_AGENT_ENDPOINT"], "/v3")
		done, _ := runAgent(t, bin, env)
		var agents []map[string]any
		for deadline := time.Now().Add(60 * time.Second); len(agents) == 0 || agents[0]["state"] != "connected"; time.Sleep(100 * time.Millisecond) {
			require.True(t, time.Now().Before(deadline), "the agent never connected")
			agents = mockGetList(t, base+"/_mock/agents")
		}
		id := agents[0]["id"].(string)
		mockPostJSON(t, base+"/_mock/agents/"+id+"/action", map[string]string{"action": "pause"})
		time.Sleep(2 * time.Second) // a paused agent keeps pinging and stays up
		select {
		case err := <-done:
			t.Fatalf("the agent exited while paused: %v", err)
		default:
		}
		mockPostJSON(t, base+"/_mock/agents/"+id+"/action", map[string]string{"action": "disconnect"})
		waitAgentExit(t, done) // exit status 0
		assert.Equal(t, "disconnected", mockGetList(t, base+"/_mock/agents")[0]["state"])
	})
	t.Run("cancel finishes with signal_reason cancel", func(t *testing.T) {
		t.Parallel()
		env := startMock(t)
		base := strings.TrimSuffix(env["BUILDKITE_AGENT_ENDPOINT"], "/v3")
		job := mockPostJSON(t, base+"/_mock/jobs", map[string]string{"command": "echo sleeping && sleep 30 && echo slept", "queue": "e2e"})
		id := job["id"].(string)
		done, _ := runAgent(t, bin, env)
		for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			j := mockGetJSON(t, base+"/_mock/jobs/"+id)
			if j["state"] == "running" && strings.Contains(j["log"].(string), "sleeping") {
				break
			}
			if time.Now().After(deadline) || j["state"] == "finished" {
				t.Fatalf("the job never ran: %v", redact(fmt.Sprint(j)))
			}
		}
		start := time.Now()
		assert.Equal(t, "canceling", mockPostJSON(t, base+"/_mock/jobs/"+id+"/cancel", nil)["state"])
		waitAgentExit(t, done)
		j := mockGetJSON(t, base+"/_mock/jobs/"+id)
		assert.Equal(t, "canceled", j["state"])
		assert.Equal(t, "cancel", j["signal_reason"])
		// v3.127 reports "-1" and signal SIGTERM; v3.78's bootstrap traps the
		// signal and exits 255 with no signal. Either way, not a success.
		assert.Contains(t, []any{"-1", "255"}, j["exit_status"])
		assert.NotContains(t, j["log"], "\nslept\n", "the command was stopped")
		assert.Contains(t, j["log"], "interrupted by a signal")
		assert.Less(t, time.Since(start), 25*time.Second, fmt.Sprintf("the agent stopped `sleep 30` on cancel (%s)", time.Since(start)))
	})
}

// runMetaDataJob runs a job that prints a line and sets and gets meta-data
// from inside the job, and checks its log, exit status and meta-data.
func runMetaDataJob(t *testing.T, bin string, env map[string]string) {
	t.Helper()
	base := strings.TrimSuffix(env["BUILDKITE_AGENT_ENDPOINT"], "/v3")
	cmd := strings.Join([]string{
		`echo "docproof-e2e: hello from the job"`,
		`buildkite-agent meta-data set e2e-key "e2e-value"`,
		`echo "got: $(buildkite-agent meta-data get e2e-key)"`,
		`buildkite-agent annotate "e2e annotation" --context e2e --style success`,
		`echo "artifact body" > e2e-artifact.txt`,
		`buildkite-agent artifact upload e2e-artifact.txt`,
		`printf 'steps:\n  - label: Next\n    command: echo next\n    agents: {queue: later}\n' | buildkite-agent pipeline upload`,
	}, " && ")
	job := mockPostJSON(t, base+"/_mock/jobs", map[string]string{"command": cmd, "queue": "e2e"})
	done, _ := runAgent(t, bin, env)
	waitAgentExit(t, done)

	j := mockGetJSON(t, base+"/_mock/jobs/"+job["id"].(string))
	assert.Equal(t, "finished", j["state"])
	assert.Equal(t, "0", j["exit_status"])
	log := j["log"].(string)
	assert.Contains(t, log, "docproof-e2e: hello from the job\n")
	assert.Contains(t, log, "got: e2e-value\n")
	assert.Contains(t, log, "Running commands")
	b := mockGetJSON(t, base+"/_mock/builds/"+job["build_id"].(string))
	assert.Equal(t, map[string]any{"e2e-key": "e2e-value"}, b["meta_data"])
	anns := b["annotations"].([]any)
	require.Len(t, anns, 1)
	assert.Equal(t, "e2e annotation", anns[0].(map[string]any)["body"])
	assert.Equal(t, "success", anns[0].(map[string]any)["style"])
	arts := b["artifacts"].([]any)
	require.Len(t, arts, 1)
	art := arts[0].(map[string]any)
	assert.Equal(t, "e2e-artifact.txt", art["path"])
	assert.Equal(t, "finished", art["state"])
	resp, err := http.Get(art["url"].(string))
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, "artifact body\n", string(body), "the uploaded file downloads from the artifact's url")
	pipes := b["pipelines"].([]any)
	require.Len(t, pipes, 1)
	assert.Len(t, pipes[0].(map[string]any)["job_ids"], 1, "the uploaded step became a job")

	agents := mockGetList(t, base+"/_mock/agents")
	require.Len(t, agents, 1)
	assert.Equal(t, "e2e-1", agents[0]["name"])
	assert.Equal(t, "disconnected", agents[0]["state"])
	// The fixture jobs on queue default were left alone.
	fixture := mockGetJSON(t, base+"/_mock/jobs/01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01")
	assert.Equal(t, "scheduled", fixture["state"])
}

// restCall sends a REST API v2 request with the mock's API token.
func restCall(t *testing.T, env map[string]string, method, path string, body any) int {
	t.Helper()
	var data []byte
	if body != nil {
		var err error
		data, err = json.Marshal(body)
		require.NoError(t, err)
	}
	req, err := http.NewRequest(method, env["BUILDKITE_REST_ENDPOINT"]+path, bytes.NewReader(data))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+env["BUILDKITE_API_TOKEN"])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	return resp.StatusCode
}

// runClusterJob creates a queue in the seeded cluster over REST, queues a job
// there, runs the real agent with the cluster agent token on that queue, then
// revokes the token: the next agent can not register.
func runClusterJob(t *testing.T, bin string, env map[string]string) {
	base := strings.TrimSuffix(env["BUILDKITE_AGENT_ENDPOINT"], "/v3")
	cluster := "/organizations/" + env["BUILDKITE_ORGANIZATION_SLUG"] + "/clusters/" + env["BUILDKITE_CLUSTER_ID"]
	require.Equal(t, 201, restCall(t, env, "POST", cluster+"/queues", map[string]string{"key": "linux"}))
	job := mockPostJSON(t, base+"/_mock/jobs", map[string]string{"cluster": "Default", "queue": "linux",
		"command": "echo clustered && buildkite-agent meta-data set where cluster && buildkite-agent meta-data get where"})
	id := job["id"].(string)
	clustered := map[string]string{}
	for k, v := range env {
		clustered[k] = v
	}
	clustered["BUILDKITE_AGENT_TOKEN"] = env["BUILDKITE_CLUSTER_AGENT_TOKEN"]
	done, _ := runAgent(t, bin, clustered, "--tags", "queue=linux")
	waitAgentExit(t, done)
	j := mockGetJSON(t, base+"/_mock/jobs/"+id)
	assert.Equal(t, "finished", j["state"])
	assert.Equal(t, "0", j["exit_status"])
	assert.Equal(t, env["BUILDKITE_CLUSTER_ID"], j["cluster_id"])
	assert.Contains(t, j["log"], "clustered\n")
	assert.Regexp(t, `(?m)^cluster\r?$`, j["log"], "meta-data set and read back from inside the clustered job")
	agents := mockGetList(t, base+"/_mock/agents")
	require.Len(t, agents, 1)
	assert.Equal(t, env["BUILDKITE_CLUSTER_ID"], agents[0]["cluster_id"])
	assert.Equal(t, "linux", agents[0]["queue"])
	seeded := mockGetJSON(t, base+"/_mock/jobs/01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01")
	assert.Equal(t, "scheduled", seeded["state"], "the unclustered jobs are not dispatched to a clustered agent")

	require.Equal(t, 204, restCall(t, env, "DELETE", cluster+"/tokens/"+env["BUILDKITE_CLUSTER_TOKEN_ID"], nil))
	done, out := runAgent(t, bin, clustered, "--tags", "queue=linux")
	select {
	case err := <-done:
		require.Error(t, err, "an agent with a revoked cluster token does not start")
	case <-time.After(2 * time.Minute):
		t.Fatal("buildkite-agent with a revoked token did not exit within 2 minutes")
	}
	assert.Contains(t, out.String(), "401 Unauthorized")
}
