package sample

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/fence"
)

// blocks builds fence blocks from "info\ncode" pairs, one line apart.
func blocks(t testing.TB, specs ...string) []fence.Block {
	t.Helper()
	var out []fence.Block
	line := 1
	for i, s := range specs {
		info, code, _ := strings.Cut(s, "\n")
		in, err := fence.Parse(info)
		require.NoError(t, err, info)
		n := strings.Count(code, "\n") + 1
		out = append(out, fence.Block{Index: i, Line: line, EndLine: line + n + 1, Lang: in.Lang, Attrs: in.Attrs, Code: code + "\n"})
		line += n + 4
	}
	return out
}

func TestExtractErrors(t *testing.T) {
	curl := "bash\ncurl https://agent.buildkite.com/v3/metrics"
	tests := []struct {
		name   string
		blocks []string
		want   []string // substrings of the error messages, in order
	}{
		{"orphan response", []string{"json {response}\n{}"}, []string{"response block has no sample before it"}},
		{"response after plain block", []string{curl, "text\nhello", "json {response}\n{}"}, []string{"no sample before it"}},
		{"second response", []string{curl, "json {response}\n{}", "json {response}\n{}"}, []string{"no sample before it"}},
		{"response in yaml", []string{curl, "yaml {response}\na: 1"}, []string{"must be json or http"}},
		{"bad status", []string{"bash {status=abc}\ncurl https://agent.buildkite.com/v3/metrics"}, []string{`status="abc" is not an HTTP status code`}},
		{"status out of range", []string{"bash {status=99}\ncurl x"}, []string{"not an HTTP status code"}},
		{"skip without reason", []string{"bash {skip}\ncurl x"}, []string{"skip needs a reason"}},
		{"sample attrs on non-sample", []string{"bash {sample=x status=401}\necho hi"}, []string{`"sample" is not allowed`, `"status" is not allowed`}},
		{"exact on sample", []string{"bash {exact}\ncurl x"}, []string{`"exact" belongs on the response block`}},
		{"shape on sample", []string{"bash {shape}\ncurl x"}, []string{`"shape" belongs on the response block`}},
		{"shape on a plain block", []string{"json {shape}\n{}"}, []string{`attribute "shape" is not allowed on a block that is not a sample`}},
		{"variables after curl", []string{curl, "json {variables}\n{}"}, []string{"variables block must follow a graphql sample"}},
		{"variables not an object", []string{"graphql\n{ viewer { id } }", "json {variables}\n[1]"}, []string{"not a JSON object"}},
		{"token on curl", []string{"bash {token=X}\ncurl x"}, []string{`"token" is only allowed on graphql samples`}},
		{"bad capture", []string{"bash {capture=\"lower case\"}\ncurl x"}, []string{`"lower" is not NAME=VALUE`}},
		{"capture name", []string{"bash {capture=\"1X=a\"}\ncurl x"}, []string{`"1X" is not a variable name`}},
		{"bad bind", []string{"bash {bind=\"x=not-a-var\"}\ncurl x"}, []string{`"not-a-var" is not a variable name`}},
		{"duplicate id", []string{"bash {sample=a}\ncurl x", "bash {sample=a}\ncurl y"}, []string{`sample id "a" is already used at line 1`}},
		{"bad variables attribute", []string{"graphql {variables='{x'}\n{ a }"}, []string{"variables: not a JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t, tt.blocks...)})
			require.Len(t, d, len(tt.want), "%v", d)
			for i, w := range tt.want {
				assert.Contains(t, d[i].Message, w)
				assert.Equal(t, "content/p.md", d[i].File)
				assert.Positive(t, d[i].Line)
			}
		})
	}
}

func TestExtractSamples(t *testing.T) {
	bs := blocks(t,
		"bash\ncurl https://agent.buildkite.com/v3/metrics",
		"json {response exact}\n{\"a\": 1}",
		"text\nnot a sample",
		"graphql {sample=create token=OTHER bind=\"org-id=ORG_ID\"}\nmutation { x(id: \"org-id\") }",
		"json {variables}\n{\"first\": 5}",
		"http {response}\nHTTP/1.1 200 OK",
		"http {skip=\"needs a real host\"}\nGET /v3/ping HTTP/1.1",
		"console {status=401 capture=\"TOKEN=access_token ID=agents.0.id\"}\n$ curl -sS https://agent.buildkite.com/v3/register",
	)
	ss, d := Extract(PageInput{File: "content/a/b.md", Rel: "a/b.md", Blocks: bs, Bind: map[string]string{"slug": "ORG_SLUG"}})
	require.Empty(t, d)
	require.Len(t, ss, 4)

	assert.Equal(t, "a/b#1", ss[0].ID)
	assert.Equal(t, Curl, ss[0].Kind)
	require.NotNil(t, ss[0].Response)
	assert.True(t, ss[0].Response.Attrs.Has("exact"))

	assert.Equal(t, "create", ss[1].ID)
	assert.Equal(t, GraphQL, ss[1].Kind)
	assert.Equal(t, "OTHER", ss[1].Token)
	assert.JSONEq(t, `{"first": 5}`, ss[1].Variables)
	assert.Equal(t, map[string]string{"org-id": "ORG_ID", "slug": "ORG_SLUG"}, ss[1].Binds)
	require.NotNil(t, ss[1].Response)
	assert.Equal(t, "http", ss[1].Response.Lang)

	assert.Equal(t, "needs a real host", ss[2].Skip)
	assert.Equal(t, HTTP, ss[2].Kind)

	assert.Equal(t, "a/b#4", ss[3].ID)
	assert.Equal(t, 401, ss[3].Status)
	assert.Equal(t, []Capture{{"TOKEN", "access_token"}, {"ID", "agents.0.id"}}, ss[3].Captures)
	assert.Nil(t, ss[3].Response)
}

func TestSummarize(t *testing.T) {
	s := Summarize([]Result{
		{Outcome: "pass"}, {Outcome: "pass"}, {Outcome: "fail"},
		{File: "content/a.md", Line: 9, Outcome: "skip", SkipReason: "needs a real agent"},
	})
	assert.Equal(t, Summary{Verified: 2, Failed: 1, Skipped: 1, Compared: Counts{StatusOnly: 3, Skipped: 1}, SkipReasons: []string{"content/a.md:9: needs a real agent"}}, s)
	assert.Equal(t, "2 verified, 1 failed, 1 skipped; compared: 0 body, 3 status only", s.String())
}
