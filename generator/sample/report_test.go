package sample

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), string(got))
}

func reportFixture() Report {
	return Report{
		Issued: []string{fakeAccessTok},
		Results: []Result{
			{File: "content/a.md", Line: 12, ID: "register", Kind: Curl, Method: "POST", URL: "https://agent.buildkite.com/v3/register",
				Status: 200, Outcome: "pass", DurationNS: 41000, Requests: []Request{{"POST", "/v3/register"}},
				Compared: Compared{Mode: "shape", Fields: 4}},
			{File: "content/a.md", Line: 30, ID: "ping", Kind: HTTP, Method: "GET", URL: "https://agent.buildkite.com/v3/ping",
				ExpectedStatus: 200, Status: 401, Outcome: "fail", DurationNS: 23000, Compared: Compared{Mode: "subset", Headers: 1, Fields: 2},
				Message: "expected status 200, got 401 for " + fakeAccessTok,
				Diff:    "status:\n- 200 OK\n+ 401 Unauthorized\nbody:\n$.token: value differs\n  - \"x\"\n  + \"" + fakeAccessTok + "\""},
			{File: "content/b.md", Line: 5, ID: "b#1", Kind: GraphQL, Outcome: "skip", SkipReason: "needs a <real> org & token"},
			{File: "content/b.md", Line: 9, ID: "b#2", Kind: Curl, Method: "GET", URL: "https://agent.buildkite.com/v3/metrics", Status: 200,
				Outcome: "pass", DurationNS: 1500, Updated: true},
		},
		Coverage: &Coverage{Covered: []RouteUse{{"POST /v3/register", 1}}, Uncovered: []string{"GET /v3/token"}, Unrouted: []string{}},
	}
}

func TestWriteJUnit(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, reportFixture()))
	assert.NotContains(t, buf.String(), fakeAccessTok)
	var parsed junitSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &parsed), "the report is well-formed XML")
	assert.Equal(t, 4, parsed.Tests)
	assert.Equal(t, 1, parsed.Failures)
	assert.Equal(t, 1, parsed.Skipped)
	golden(t, "report.junit.xml", buf.Bytes())
}

func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, reportFixture()))
	assert.NotContains(t, buf.String(), fakeAccessTok)
	var parsed struct {
		Samples []map[string]any `json:"samples"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &parsed))
	require.Len(t, parsed.Samples, 4)
	for _, k := range []string{"file", "line", "id", "kind", "method", "url", "expected_status", "status", "result", "duration_ns", "diff"} {
		assert.Contains(t, parsed.Samples[0], k)
	}
	golden(t, "report.json", buf.Bytes())
}
