package sample

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMessagesGolden keeps the messages of issue-14's rules in one reviewable
// file, testdata/messages.golden (go test -update rewrites it): the plain
// json block after a sample, the unset-variable hints and the order of
// checks, dependent samples listed under the one that failed, labelled
// diffs and the --update summary.
func TestMessagesGolden(t *testing.T) {
	metrics := "bash\ncurl -sS https://agent.buildkite.com/v3/metrics"
	reg := "bash {capture=\"TOK=access_token\"}\ncurl -sS -X POST https://agent.buildkite.com/v3/register -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\""
	cases := []struct {
		name     string
		adjacent bool
		update   bool
		blocks   []string
	}{
		{"plain json right after a sample", false, false, []string{metrics, "json\n{\"organization\": {\"slug\": \"my-org\"}}"}},
		{"responses: adjacent compares it by shape", true, false, []string{metrics, "json\n{\"organization\": {\"slug\": 1}}"}},
		{"an unsupported host before an unset variable", false, false, []string{"bash\ncurl -H \"Authorization: Bearer $TOKEN\" https://api.example.com/v2/user"}},
		{"an unset token on the agent host", false, false, []string{"bash\ncurl -H \"Authorization: Token $MY_TOKEN\" https://agent.buildkite.com/v3/ping"}},
		{"an unset value after another sample", false, false, []string{metrics, "bash\ncurl \"https://agent.buildkite.com/v3/agents/$AGENT\""}},
		{"one drift, one problem", false, false, []string{reg, "json {response}\n{\"name\": \"builder-2\"}",
			"bash\ncurl -sS https://agent.buildkite.com/v3/ping -H \"Authorization: Token $TOK\"",
			"http\nGET /v3/ping HTTP/1.1\nHost: agent.buildkite.com\nAuthorization: Token $TOK"}},
		{"status and header diffs", false, false, []string{"bash\ncurl -sS https://agent.buildkite.com/v3/metrics", "http {response}\nHTTP/1.1 201 Created\nX-Request-Id: req-1"}},
		{"--update says what it changed", false, true, []string{"bash\ncurl -sS -X POST https://agent.buildkite.com/v3/register -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\"",
			"json {response}\n{\"id\": \"old\", \"name\": \"builder-2\", \"token\": \"x\"}"}},
	}
	var b strings.Builder
	for _, tc := range cases {
		ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t, tc.blocks...), Adjacent: tc.adjacent})
		require.Empty(t, d.Errors(), tc.name)
		pr := RunPage(context.Background(), ss, newFake(), Options{Update: tc.update})
		fmt.Fprintf(&b, "## %s\n", tc.name)
		for _, x := range append(d, pr.Diags...) {
			fmt.Fprintf(&b, "%s\n", x.Error())
		}
		for _, r := range pr.Results {
			if r.Outcome != "pass" {
				fmt.Fprintf(&b, "result %s: %s: %s\n", r.ID, r.Outcome, r.Message)
			}
		}
		for _, u := range pr.Updates {
			fmt.Fprintf(&b, "rewritten block at line %d:\n%s", u.Line, u.Text)
		}
		b.WriteString("\n")
	}
	golden(t, "messages.golden", []byte(b.String()))
}
