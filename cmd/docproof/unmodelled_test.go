package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unmodelledPage asks the mock for a route it does not model (twice), for an
// API it does not model and for a route it does.
const unmodelledPage = "# Out of scope\n\n" +
	"```bash\ncurl -X POST https://agent.buildkite.com/v3/stacks/register -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\"\n```\n\n" +
	"```bash\ncurl -X POST https://agent.buildkite.com/v3/stacks/register -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\"\n```\n\n" +
	"```bash\ncurl https://api.buildkite.com/v2/organizations/acme/pipelines -H \"Authorization: Bearer $BUILDKITE_API_TOKEN\"\n```\n\n" +
	"```json {response shape}\n[{\"slug\": \"my-pipeline\"}]\n```\n\n" +
	"```bash {status=401}\ncurl -X POST https://agent.buildkite.com/v3/register\n```\n"

func TestUnmodelledRoutes(t *testing.T) {
	site(t, map[string]string{"content/out.md": unmodelledPage})
	code, stdout, stderr := runCLI("check")
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stderr, `content/out.md:3: sample "out#1": the mock does not model POST /v3/stacks/register (`)
	assert.Contains(t, stderr, `content/out.md:11: sample "out#3": the mock does not model GET /v2/organizations/acme/pipelines (`)
	assert.NotContains(t, stderr, "add status=404")
	assert.Contains(t, stderr, "4 samples: 1 verified, 3 failed, 0 skipped")

	site(t, map[string]string{"content/out.md": unmodelledPage, "docproof.yaml": "title: Out\nunmodelled: skip\n"})
	code, stdout, stderr = runCLI("check")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Equal(t, 1, strings.Count(stdout, "POST /v3/stacks/register"), "listed once per route:\n%s", stdout)
	assert.Contains(t, stdout, "skipped: content/out.md:3: the mock does not model POST /v3/stacks/register (unmodelled: skip; 2 samples: content/out.md:3, content/out.md:7)")
	assert.Contains(t, stdout, "skipped: content/out.md:11: the mock does not model GET /v2/organizations/acme/pipelines (unmodelled: skip; 1 sample: content/out.md:11)")
	assert.Contains(t, stdout, "4 samples: 1 verified, 0 failed, 3 skipped")
}

func TestUnmodelledConfigValue(t *testing.T) {
	site(t, map[string]string{"content/out.md": "# x\n", "docproof.yaml": "title: Out\nunmodelled: ignore\n"})
	code, _, stderr := runCLI("check")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `docproof.yaml:2: unmodelled: "ignore" is not fail or skip`)
}
