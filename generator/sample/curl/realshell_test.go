package curl

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBashRunsItDifferently is the other half of TestAgainstBashAndCurl: for
// each sample that real bash and curl run differently from what docproof
// would send, it shows the difference with the real tools (bash and curl
// against 127.0.0.1 test servers, one of them a proxy) and checks that Parse
// refuses the sample with the reason. "Would send" is the request Parse
// predicts with checkShell left out.
func TestBashRunsItDifferently(t *testing.T) {
	for _, tool := range []string{"bash", "curl"} {
		_, err := exec.LookPath(tool)
		require.NoError(t, err, "%s is needed for this test: run scripts/test-deps.sh", tool)
	}
	type hit struct {
		server, body, x string
	}
	var mu sync.Mutex
	var got []hit
	handler := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			got = append(got, hit{server: name, body: string(body), x: r.Header.Get("X")})
			mu.Unlock()
			_, _ = io.WriteString(w, "{}")
		})
	}
	api := httptest.NewServer(handler("api"))
	defer api.Close()
	proxy := httptest.NewServer(handler("proxy")) // answers the proxied request itself
	defer proxy.Close()
	curlrc := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(curlrc, ".curlrc"), []byte("header = \"X: from-curlrc\"\n"), 0o644))
	vars := map[string]string{"BASE": api.URL, "PROXY": proxy.URL, "CURLRC": curlrc}
	look := func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
	shellEnv := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=C.UTF-8"}
	for k, v := range vars {
		shellEnv = append(shellEnv, k+"="+v)
	}
	tests := []struct {
		name, code, reason string
	}{
		{"braces with a comma become two -d options", `curl -sS -d{"a":1,"b":2} "$BASE/x"`, "bash brace-expands"},
		{"a brace range becomes three -d options", `curl -sS -dn={1..3} "$BASE/x"`, "into 3 words"},
		{"ALL_PROXY for one command", `ALL_PROXY="$PROXY" curl -sS "$BASE/x"`, "ALL_PROXY=… sends every request through a proxy"},
		{"exported http_proxy", "export http_proxy=\"$PROXY\"\ncurl -sS \"$BASE/x\"", "http_proxy=… sends plain-http requests through a proxy"},
		{"CURL_HOME with a .curlrc", `CURL_HOME="$CURLRC" curl -sS "$BASE/x"`, "CURL_HOME=… makes curl read another .curlrc"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.code, look)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.reason)

			pipes, err := parseScript(newLexer(tc.code))
			require.NoError(t, err)
			reqs, err := run(pipes, &env{vars: map[string]string{}, lookup: look})
			require.NoError(t, err)
			require.Len(t, reqs, 1)
			predicted := hit{server: "api", body: string(reqs[0].Body), x: reqs[0].Header.Get("X")}

			mu.Lock()
			got = nil
			mu.Unlock()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, "bash", "-c", tc.code)
			cmd.Env = shellEnv
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "bash: %s", out)
			mu.Lock()
			defer mu.Unlock()
			require.Len(t, got, 1, "one request")
			assert.NotEqual(t, predicted, got[0], "bash and curl ran it as docproof would have: the check is not needed")
			t.Logf("docproof would send %+v; bash and curl sent %+v", predicted, got[0])
		})
	}
}

// TestShellChecksLeaveOrdinarySamplesAlone: what bash runs as written passes
// the checks.
func TestShellChecksLeaveOrdinarySamplesAlone(t *testing.T) {
	for _, code := range []string{
		`curl -d '{"a":1,"b":2}' https://x.test/`,
		`curl -d {"a":1} https://x.test/`,
		`curl -d \{a,b\} https://x.test/`,
		`curl -d "${ORG}" https://x.test/`,
		"PROXY_URL=x curl https://x.test/",
		"export ORG=acme\ncurl https://x.test/$ORG",
	} {
		_, err := Parse(code, lookup)
		assert.NoError(t, err, code)
	}
	_, err := Parse("curl -d {a,b,c,d,e,f,g,h,i,j} https://x.test/", lookup)
	assert.ErrorContains(t, err, "into 8 or more words")
}
