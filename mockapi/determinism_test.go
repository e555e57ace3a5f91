package mockapi_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/docproof/docproof/mockapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// transcript runs the docs' end-to-end story against a fresh mock and returns
// every request and answer.
func transcript(t *testing.T, seed int64) []byte {
	return transcriptOn(t, newHarness(t, mockapi.WithSeed(seed)))
}

// transcriptOn runs the story against h's mock, which must be fresh.
func transcriptOn(t testing.TB, h *harness) []byte {
	var out bytes.Buffer
	log := func(method, path string, r resp) {
		fmt.Fprintf(&out, "%s %s\n%d %s\n", method, path, r.Status, r.Body)
	}
	call := func(method, path, token string, body any) resp {
		r := h.call(method, path, token, body)
		log(method, path, r)
		return r
	}
	reg := call("POST", "/v3/register", h.env["BUILDKITE_AGENT_TOKEN"], map[string]any{"name": "builder-1", "hostname": "h", "meta_data": []string{"queue=default"}}).Obj(t)
	session := reg["access_token"].(string)
	call("POST", "/v3/connect", session, nil)
	call("POST", "/v3/heartbeat", session, map[string]string{"sent_at": "2026-01-15T09:30:00Z"})
	job := call("GET", "/v3/ping", session, nil).Obj(t)["job"].(map[string]any)["id"].(string)
	tok := call("PUT", "/v3/jobs/"+job+"/accept", session, nil).Obj(t)["token"].(string)
	call("PUT", "/v3/jobs/"+job+"/start", tok, map[string]string{"started_at": "2026-01-15T09:30:01Z"})
	r := h.sendChunk(tok, job, 1, 0, "Running tests\n")
	log("POST", chunkPath(job, 1, 0, 14), r)
	call("POST", "/v3/jobs/"+job+"/data/set", tok, map[string]string{"key": "release", "value": "2.4.0"})
	call("POST", "/v3/builds/"+acmeWebBuild+"/data/get", tok, map[string]string{"key": "release"})
	call("POST", "/v3/jobs/"+job+"/annotations", tok, map[string]string{"body": "ok", "context": "tests"})
	call("POST", "/v3/jobs/"+job+"/artifacts", tok, map[string]any{"artifacts": []map[string]any{{"path": "a.txt", "file_size": 1}}})
	call("POST", "/v3/jobs/"+job+"/pipelines", tok, map[string]any{"pipeline": map[string]any{"steps": []any{map[string]string{"command": "make publish"}}}})
	call("PUT", "/v3/jobs/"+acmeDeployJob+"/start", tok, nil)
	call("PUT", "/v3/jobs/"+job+"/finish", tok, map[string]string{"exit_status": "0", "finished_at": "2026-01-15T09:31:00Z"})
	call("GET", "/v3/jobs/"+job, tok, nil)
	call("GET", "/v3/metrics", h.env["BUILDKITE_AGENT_TOKEN"], nil)
	call("POST", "/v3/disconnect", session, nil)
	call("GET", "/v3/ping", session, nil)
	call("GET", "/_mock/jobs/"+job, "", nil)
	call("GET", "/_mock/builds/"+acmeWebBuild, "", nil)
	// Token values are pinned by kind and length only: no token in the repository.
	return tokenShape.ReplaceAllFunc(out.Bytes(), func(tok []byte) []byte {
		return fmt.Appendf(nil, "<%s len=%d>", tok[:5], len(tok))
	})
}

func TestSameSeedSameAnswers(t *testing.T) {
	a, b := transcript(t, 1), transcript(t, 1)
	require.Equal(t, string(a), string(b))
	assert.NotEqual(t, string(a), string(transcript(t, 2)))

	golden := filepath.Join("testdata", "transcript.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, a, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./mockapi -run TestSameSeedSameAnswers -update")
	assert.Equal(t, string(want), string(a), "wire format changed; if intended, rerun with -update")
}
