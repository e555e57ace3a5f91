package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tokenShape is any full Buildkite token value; redacted ones (bkaa_…(73 chars)) do not match.
var tokenShape = regexp.MustCompile(`bk(ua|aa|aj|ar|ct|pt|pat|ps)_[A-Za-z0-9]{20,}`)

// unassignable is an address of TEST-NET-1 (RFC 5737): not loopback, and no
// interface here has it, so listening there fails instead of exposing anything.
const unassignable = "192.0.2.1:0"

func TestServeAndMockListenOnLoopbackByDefault(t *testing.T) {
	for cmd, def := range map[string]string{"mock": "127.0.0.1:8080", "serve": "127.0.0.1:1313"} {
		code, out, _ := runCLI(cmd, "--help")
		assert.Equal(t, 0, code)
		assert.Contains(t, out, `(default "`+def+`")`, "%s listens on loopback unless --addr says otherwise", cmd)
	}

	t.Run("serve on loopback prints no warning", func(t *testing.T) {
		site(t, map[string]string{"content/index.md": "# Home\n"})
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb lockedBuffer
		done := make(chan int, 1)
		go func() { done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, &out, &errb) }()
		require.Eventually(t, func() bool { return strings.Contains(out.String(), "serving http://127.0.0.1:") },
			20*time.Second, 20*time.Millisecond, "stdout: %s\nstderr: %s", out.String(), errb.String())
		cancel()
		select {
		case code := <-done:
			assert.Equal(t, 0, code, errb.String())
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop")
		}
		assert.NotContains(t, out.String()+errb.String(), "warning")
	})

	t.Run("another address warns", func(t *testing.T) {
		site(t, map[string]string{"content/index.md": "# Home\n"})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		var out, errb bytes.Buffer
		code := run(ctx, []string{"mock", "--addr", unassignable}, &out, &errb)
		assert.Equal(t, 2, code, "a non-loopback mock needs --allow-remote")
		assert.Contains(t, errb.String(), "docproof mock: --addr "+unassignable+" is not a loopback address")
		assert.Contains(t, errb.String(), "--allow-remote")
		assert.Empty(t, out.String(), "no export lines when not serving")

		out.Reset()
		errb.Reset()
		code = run(ctx, []string{"mock", "--allow-remote", "--addr", unassignable}, &out, &errb)
		assert.Equal(t, 1, code, "with --allow-remote it tries to listen (and cannot: TEST-NET-1)")
		assert.Empty(t, out.String(), "no export lines when not serving")

		out.Reset()
		errb.Reset()
		code = run(ctx, []string{"serve", "--addr", unassignable}, &out, &errb)
		assert.Equal(t, 1, code)
		assert.Contains(t, out.String()+errb.String(), "warning: --addr "+unassignable+" listens on 192.0.2.1: other machines can read the preview")
	})
}

// The request log of `docproof mock -v` shows method, path and status only:
// no token, whether sent in a header, a query string or a body.
func TestMockRequestLogHasNoTokens(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb lockedBuffer
	done := make(chan int, 1)
	go func() { done <- runMock(ctx, []string{"--addr", "127.0.0.1:0", "-v"}, &out, &errb) }()
	defer func() {
		cancel()
		<-done
	}()
	env := map[string]string{}
	require.Eventually(t, func() bool {
		for _, line := range strings.Split(out.String(), "\n") {
			if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok {
				env[k] = v
			}
		}
		return len(env) == len(envOrder)
	}, 10*time.Second, 20*time.Millisecond)
	agent, api := env["BUILDKITE_AGENT_TOKEN"], env["BUILDKITE_API_TOKEN"]

	send := func(method, url, auth, body string) string {
		req, err := http.NewRequest(method, url, strings.NewReader(body))
		require.NoError(t, err)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var b bytes.Buffer
		_, err = b.ReadFrom(res.Body)
		require.NoError(t, err)
		require.NoError(t, res.Body.Close())
		return b.String()
	}
	v3 := env["BUILDKITE_AGENT_ENDPOINT"]
	reg := send("POST", v3+"/register", "Token "+agent, `{"name":"log-test"}`)
	session := regexp.MustCompile(`"access_token":"([^"]+)"`).FindStringSubmatch(reg)
	require.Len(t, session, 2, reg)
	send("POST", v3+"/connect", "Token "+session[1], "")
	send("GET", v3+"/ping?access_token="+session[1], "", "")
	send("GET", v3+"/token", "Token "+agent+"x", "")
	send("POST", env["BUILDKITE_GRAPHQL_ENDPOINT"], "Bearer "+api, `{"query":"{ viewer { id } }","token":"`+api+`"}`)
	send("POST", v3+"/register", "Token "+api, `{"name":"`+agent+`"}`)

	log := errb.String()
	assert.Contains(t, log, "POST /v3/register 200", "the log shows requests")
	for _, tok := range []string{agent, api, session[1]} {
		assert.NotContains(t, log, tok)
	}
	assert.NotRegexp(t, tokenShape, log)
}

// A token-shaped string in a page fails build and check at its line, and no
// output (terminal, JUnit, JSON) carries it or any token the mock issued,
// even when a sample's diff shows an answer full of them.
func TestTokensNeverReachOutput(t *testing.T) {
	tok := "bkar_" + "Zq81mXw4Lr9TpV2sK7nYc" + "3Hb6Dj0Ge5Af" // built here so no token shape is committed
	page := "# Tokens\n\nStart the agent:\n\n```sh\nbuildkite-agent start --token " + tok + "\n```\n\n" +
		"```bash\ncurl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" -H \"Content-Type: application/json\" -d '{\"name\": \"a\"}'\n```\n\n" +
		"```json {response}\n{\"name\": \"a\", \"access_token\": \"not the token\"}\n```\n"
	dir := site(t, map[string]string{"content/index.md": page})

	code, out, errOut := runCLI("build")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "content/index.md:6: page holds a string shaped like a real Buildkite token: bkar_…")
	assert.Contains(t, errOut, "content/index.md:9: sample \"index#1\": response body differs")
	assert.Contains(t, errOut, "bkaa_…", "the diff shows the issued access token redacted")
	assert.NotRegexp(t, tokenShape, out+errOut)
	assert.NoDirExists(t, filepath.Join(dir, "public"))

	code, out, errOut = runCLI("check", "--junit", "junit.xml", "--json", "report.json")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "content/index.md:6: page holds a string shaped like a real Buildkite token: bkar_…")
	assert.NotRegexp(t, tokenShape, out+errOut)
	for _, report := range []string{"junit.xml", "report.json"} {
		data, err := os.ReadFile(report)
		require.NoError(t, err)
		assert.Contains(t, string(data), "bkaa_…", "%s shows the diff with the token redacted", report)
		assert.NotRegexp(t, tokenShape, string(data), report)
	}
}

// guardTransport fails and counts every request sent through it.
type guardTransport struct{ calls atomic.Int64 }

func (g *guardTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	g.calls.Add(1)
	return nil, errors.New("test guard: no HTTP request may leave the process")
}

// Running samples starts no process and opens no socket (only --target
// does). The proof, in-process over the whole content/ of this repository:
// http.DefaultTransport and the DNS resolver are replaced by guards that
// fail and count every use; the process's socket descriptors
// (/proc/self/fd) are the same before and after; it has no child process
// (/proc/self/task/*/children) and reaped none (getrusage(RUSAGE_CHILDREN)
// is unchanged). TestNoProcessStartInBinary covers the static side.
func TestSamplesOpenNoSocketAndStartNoProcess(t *testing.T) {
	content, err := filepath.Abs("../../content")
	require.NoError(t, err)
	guard := &guardTransport{}
	oldTransport, oldResolver := http.DefaultTransport, net.DefaultResolver
	http.DefaultTransport = guard
	var dials atomic.Int64
	net.DefaultResolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		dials.Add(1)
		return nil, errors.New("test guard: no DNS")
	}}
	t.Cleanup(func() { http.DefaultTransport, net.DefaultResolver = oldTransport, oldResolver })

	socketsBefore := sockets(t)
	var before syscall.Rusage
	require.NoError(t, syscall.Getrusage(syscall.RUSAGE_CHILDREN, &before))

	code, out, errOut := runCLI("check", "--content", content, "--config", "../../docproof.yaml")
	require.Equal(t, 0, code, errOut)
	require.Regexp(t, `docproof check: ok \(\d+ pages, \d+ samples: \d+ verified, 0 failed`, out+errOut)

	var after syscall.Rusage
	require.NoError(t, syscall.Getrusage(syscall.RUSAGE_CHILDREN, &after))
	assert.Zero(t, guard.calls.Load(), "HTTP requests sent through http.DefaultTransport")
	assert.Zero(t, dials.Load(), "DNS lookups")
	assert.Equal(t, socketsBefore, sockets(t), "socket descriptors")
	assert.Equal(t, before.Utime, after.Utime, "CPU time of reaped child processes")
	assert.Equal(t, before.Nvcsw+before.Nivcsw, after.Nvcsw+after.Nivcsw, "context switches of reaped child processes")
	assert.Empty(t, children(t), "child processes")
}

// sockets lists the socket descriptors the process holds.
func sockets(t *testing.T) []string {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	var out []string
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(target, "socket:") {
			out = append(out, fd.Name()+"="+target)
		}
	}
	return out
}

func children(t *testing.T) string {
	t.Helper()
	files, err := filepath.Glob("/proc/self/task/*/children")
	require.NoError(t, err)
	var all strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err == nil {
			all.Write(bytes.TrimSpace(data))
		}
	}
	return all.String()
}

// The docproof binary starts one process only: git, once per build, for the
// pages' "Last updated" dates (generator/gitdate). Statically: among every
// package linked into docproof, only generator/gitdate imports os/exec; no
// source of the module outside it names a process-start function
// (os.StartProcess, syscall or x/sys ForkExec, StartProcess, Exec); and the
// binary holds no syscall.Exec (replacing the process). Running samples
// starts none at all (TestSamplesOpenNoSocketAndStartNoProcess). go build,
// go list and go tool nm run here as the test's own tools.
func TestNoProcessStartInBinary(t *testing.T) {
	const gitdate = "github.com/docproof/docproof/generator/gitdate"
	deps, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", ".").Output()
	require.NoError(t, err)
	var importers []string
	for line := range strings.Lines(string(deps)) {
		fields := strings.Fields(line)
		if len(fields) > 0 && slices.Contains(fields[1:], "os/exec") {
			importers = append(importers, fields[0])
		}
	}
	assert.Equal(t, []string{gitdate}, importers, "packages linked into docproof that import os/exec")

	calls := regexp.MustCompile(`\b(os\.StartProcess|(syscall|unix)\.(ForkExec|StartProcess|Exec)|exec\.Command)\b`)
	require.NoError(t, filepath.WalkDir("../..", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		if filepath.ToSlash(filepath.Dir(p)) == "../../generator/gitdate" {
			return nil
		}
		src, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Empty(t, calls.FindAllString(string(src), -1), "%s names a process-start function", p)
		return nil
	}))

	bin := filepath.Join(t.TempDir(), "docproof")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	syms, err := exec.Command("go", "tool", "nm", bin).Output()
	require.NoError(t, err)
	require.Contains(t, string(syms), " T net.(*Dialer).DialContext", "nm lists the binary's functions")
	require.Contains(t, string(syms), " T os/exec.(*Cmd).Start", "nm lists gitdate's process start")
	assert.NotRegexp(t, `(?m) T syscall\.Exec$`, string(syms), "docproof never replaces its own process")
}
