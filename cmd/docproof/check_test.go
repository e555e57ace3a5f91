package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const checkPage = "---\ntitle: Tokens\n---\n# Tokens\n\n" +
	"```bash {sample=register}\n" +
	"curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" \\\n" +
	"  -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" \\\n" +
	"  -H \"Content-Type: application/json\" \\\n" +
	"  -d '{\"name\": \"check-1\"}'\n" +
	"```\n\n" +
	"```json {response}\n{\"name\": \"check-1\", \"access_token\": \"<token:access-token>\"}\n```\n\n" +
	"```bash {sample=metrics-refused status=401}\n" +
	"curl -sS \"$BUILDKITE_AGENT_ENDPOINT/metrics\" -H \"Authorization: Token $ACCESS_TOKEN\"\n" +
	"```\n\n" +
	"```bash {skip=\"needs a real agent host\"}\ncurl https://example.com/\n```\n"

func TestCheckCommand(t *testing.T) {
	dir := site(t, map[string]string{"content/tokens.md": checkPage})
	code, stdout, stderr := runCLI("check", "--json", "report.json", "--junit", "report.xml")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "docproof check: ok (1 pages, 3 samples: 2 verified, 0 failed, 1 skipped")
	assert.Contains(t, stdout, "skipped: content/tokens.md:21: needs a real agent host")
	assert.Contains(t, stdout, "coverage: 2 of ")
	assert.NoDirExists(t, filepath.Join(dir, "public"), "check writes no site")
	_, verbose, _ := runCLI("check", "-v")
	assert.Contains(t, verbose, "pass content/tokens.md:6 register curl (")
	assert.Contains(t, verbose, "skip content/tokens.md:21 tokens#3 curl (")

	var rep struct {
		Samples []struct {
			File   string `json:"file"`
			Line   int    `json:"line"`
			ID     string `json:"id"`
			Kind   string `json:"kind"`
			Result string `json:"result"`
			Status int    `json:"status"`
		} `json:"samples"`
		Coverage struct {
			Covered []struct {
				Route string `json:"route"`
			} `json:"covered"`
			Uncovered []string `json:"uncovered"`
		} `json:"coverage"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &rep))
	require.Len(t, rep.Samples, 3)
	assert.Equal(t, "register", rep.Samples[0].ID)
	assert.Equal(t, "curl", rep.Samples[0].Kind)
	assert.Equal(t, 200, rep.Samples[0].Status)
	assert.Equal(t, 401, rep.Samples[1].Status)
	assert.Equal(t, "skip", rep.Samples[2].Result)
	assert.Len(t, rep.Coverage.Covered, 2)
	assert.Contains(t, rep.Coverage.Uncovered, "GET /v3/token")

	xmlData, err := os.ReadFile(filepath.Join(dir, "report.xml"))
	require.NoError(t, err)
	var suites struct {
		Tests int `xml:"tests,attr"`
	}
	require.NoError(t, xml.Unmarshal(xmlData, &suites))
	assert.Equal(t, 3, suites.Tests)
	assert.NotRegexp(t, `bk(ar|aa|ua)_[A-Za-z0-9]{20}`, string(data)+string(xmlData)+stdout+stderr)
}

func TestCheckFailsOnDrift(t *testing.T) {
	page := strings.Replace(checkPage, "status=401", "status=200", 1)
	dir := site(t, map[string]string{"content/tokens.md": page})
	code, stdout, stderr := runCLI("check", "--junit", "out.xml")
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stderr, `content/tokens.md:17: sample "metrics-refused": expected status 200, got 401`)
	assert.Contains(t, stderr, "docproof check: FAILED")
	xmlData, err := os.ReadFile(filepath.Join(dir, "out.xml"))
	require.NoError(t, err, "reports are written when samples fail, for CI")
	assert.Contains(t, string(xmlData), `<failure message="expected status 200, got 401"`)
}

func TestCheckUsage(t *testing.T) {
	site(t, map[string]string{"content/tokens.md": checkPage})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"check", "--nope"}, "flag provided but not defined"},
		{"stray argument", []string{"check", "extra"}, `unexpected argument "extra"`},
		{"bad target", []string{"check", "--target", "ftp://x"}, "is not an http(s) URL"},
		{"bad timeout", []string{"check", "--timeout", "0s"}, "--timeout must be positive"},
		{"missing content", []string{"check", "--content", "nowhere"}, "nowhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(tt.args...)
			assert.Equal(t, 2, code, stderr)
			assert.Contains(t, stderr, tt.want)
		})
	}
	code, stdout, _ := runCLI("check", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "usage: docproof check")
	assert.Contains(t, stdout, "-junit")
}

func TestCheckUpdate(t *testing.T) {
	page := strings.Replace(checkPage, `{"name": "check-1", "access_token"`, `{"name": "renamed", "access_token"`, 1)
	dir := site(t, map[string]string{"content/tokens.md": page})
	code, _, _ := runCLI("check")
	require.Equal(t, 1, code)
	code, stdout, stderr := runCLI("check", "--update")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, `updated: content/tokens.md:6: response of sample "register" rewritten`)
	data, err := os.ReadFile(filepath.Join(dir, "content/tokens.md"))
	require.NoError(t, err)
	assert.Equal(t, checkPage, string(data), "the block is back to what the mock answers, placeholders kept")
}

// TestCheckTarget runs the samples over HTTP against `docproof mock`.
func TestCheckTarget(t *testing.T) {
	env := startMock(t)
	target := strings.TrimSuffix(env["BUILDKITE_AGENT_ENDPOINT"], "/v3")
	site(t, map[string]string{"content/tokens.md": checkPage, "content/again.md": checkPage})
	code, stdout, stderr := runCLI("check", "--target", target)
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, redact(stderr))
	assert.Contains(t, stdout, "2 pages, 6 samples: 4 verified, 0 failed, 2 skipped")
}

func TestCheckReportToStdout(t *testing.T) {
	site(t, map[string]string{"content/tokens.md": checkPage})
	code, stdout, stderr := runCLI("check", "--json", "-")
	require.Equal(t, 0, code, stderr)
	var rep map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), "stdout holds only the JSON report")
	assert.Contains(t, stderr, "docproof check: ok")
	code, _, stderr = runCLI("check", "--json", "-", "--junit", "-")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "only one of --junit and --json")
}
