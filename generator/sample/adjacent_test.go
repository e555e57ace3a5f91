package sample

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/diag"
)

func TestBareJSONAfterASample(t *testing.T) {
	metrics := "bash\ncurl -sS https://agent.buildkite.com/v3/metrics"
	const warning = "this looks like the documented response of the sample at line 1: mark it `json {response}`, or add `{example}` to say it is not compared"
	tests := []struct {
		name     string
		adjacent bool
		blocks   []string
		warnLine int    // 0: no warning
		response string // the code of the response the sample got; "" for none
		errors   []string
	}{
		{name: "plain json right after a curl sample", blocks: []string{metrics, "json\n{\"organization\": {\"slug\": \"acme\"}}"}, warnLine: 6},
		{name: "a graphql answer after a graphql sample", blocks: []string{"graphql\n{ viewer { id } }", "json\n{\"data\": {\"viewer\": null}}"}, warnLine: 6},
		{name: "a graphql sample's plain json without data or errors is not taken", blocks: []string{"graphql\n{ viewer { id } }", "json\n{\"first\": 3}"}},
		{name: "{example} says it is not compared", blocks: []string{metrics, "json {example}\n{\"organization\": {}}"}},
		{name: "a skipped sample is not compared anyway", blocks: []string{"bash {skip=\"real agent\"}\ncurl https://agent.buildkite.com/v3/metrics", "json\n{}"}},
		{name: "the sample has its response already", blocks: []string{metrics, "json {response}\n{}", "json\n{}"}, response: "{}\n"},
		{name: "another block between", blocks: []string{metrics, "yaml\na: 1", "json\n{}"}},
		{name: "responses: adjacent takes it as the response", adjacent: true, blocks: []string{metrics, "json\n{\"organization\": {\"slug\": \"other\"}}"},
			response: "{\"organization\": {\"slug\": \"other\"}}\n"},
		{name: "responses: adjacent leaves {example} alone", adjacent: true, blocks: []string{metrics, "json {example}\n{}"}},
		{name: "{example} on a sample", blocks: []string{"bash {example}\ncurl https://agent.buildkite.com/v3/metrics"}, errors: []string{`attribute "example" marks a block that is shown but not compared`}},
		{name: "{example} on a response block", blocks: []string{metrics, "json {response example}\n{}"}, response: "{}\n", errors: []string{`attribute "example" is not allowed on a response block`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t, tc.blocks...), Adjacent: tc.adjacent})
			var msgs []string
			for _, e := range d.Errors() {
				msgs = append(msgs, e.Message)
			}
			require.Len(t, msgs, len(tc.errors), "%v", d)
			for i, e := range tc.errors {
				assert.Contains(t, msgs[i], e)
			}
			w := d.Warnings()
			if tc.warnLine == 0 {
				assert.Empty(t, w)
			} else {
				require.Len(t, w, 1)
				assert.Equal(t, diag.Warnf("content/p.md", tc.warnLine, "%s", warning).Message, w[0].Message)
				assert.Equal(t, tc.warnLine, w[0].Line)
				assert.Equal(t, "p#1", w[0].SampleID)
			}
			require.NotEmpty(t, ss)
			if tc.response == "" {
				assert.Nil(t, ss[0].Response)
				return
			}
			require.NotNil(t, ss[0].Response)
			assert.Equal(t, tc.response, ss[0].Response.Code)
			assert.Equal(t, tc.adjacent, ss[0].Adjacent)
		})
	}
}

// A response taken by responses: adjacent is compared by shape: values are
// illustrative, names and types are not.
func TestAdjacentResponseComparedByShape(t *testing.T) {
	metrics := "bash\ncurl -sS https://agent.buildkite.com/v3/metrics"
	for _, tc := range []struct {
		doc, outcome, diff string
	}{
		{`{"organization": {"slug": "my-org"}}`, "pass", ""},
		{`{"organization": {"slug": 3}}`, "fail", "$.organization.slug: type string, documented number"},
		{`{"organization": {"name": "my-org"}}`, "fail", "$.organization.name: missing field"},
	} {
		ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t, metrics, "json\n"+tc.doc), Adjacent: true})
		require.Empty(t, d)
		pr := RunPage(context.Background(), ss, newFake(), Options{})
		require.Len(t, pr.Results, 1)
		assert.Equal(t, tc.outcome, pr.Results[0].Outcome, tc.doc)
		if tc.diff != "" {
			require.Len(t, pr.Diags, 1)
			assert.Contains(t, pr.Diags[0].Diff, tc.diff)
		}
	}
}
