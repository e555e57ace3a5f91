package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// strictPage has a sample with a body, a status-only one, a negative
// status-only one and a skipped one.
const strictPage = "# Strict\n\n" +
	"```bash {sample=register}\n" +
	"curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" -H \"Content-Type: application/json\" -d '{\"name\": \"s-1\"}'\n" +
	"```\n\n" +
	"```json {response shape}\n{\"name\": \"my-agent\", \"access_token\": \"<token:access-token>\"}\n```\n\n" +
	"```bash {sample=connect}\n" +
	"curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/connect\" -H \"Authorization: Token $ACCESS_TOKEN\"\n" +
	"```\n\n" +
	"```bash {sample=refused status=401}\n" +
	"curl -sS \"$BUILDKITE_AGENT_ENDPOINT/metrics\" -H \"Authorization: Token nope\"\n" +
	"```\n\n" +
	"```bash {skip=\"needs a real agent host\"}\ncurl https://example.com/\n```\n"

func TestCheckStrict(t *testing.T) {
	site(t, map[string]string{"content/strict.md": strictPage})
	code, stdout, stderr := runCLI("check")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "4 samples: 3 verified, 0 failed, 1 skipped; compared: 1 body (1 shape), 2 status only;")

	code, stdout, stderr = runCLI("check", "--strict")
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stderr, `content/strict.md:11: sample "connect": compares only the status (--strict)`)
	assert.NotContains(t, stderr, `"refused"`, "a negative sample may compare only its status")
	assert.NotContains(t, stderr, `"register"`)
	assert.Contains(t, stderr, "docproof check: FAILED (1 pages, 4 samples: 2 verified, 1 failed, 1 skipped")
}

func TestBuildLineCounts(t *testing.T) {
	site(t, map[string]string{"content/strict.md": strictPage})
	code, stdout, stderr := runCLI("build")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "3 samples verified (compared: 1 body (1 shape), 2 status only), 1 skipped")
}
