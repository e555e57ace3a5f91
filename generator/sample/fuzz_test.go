package sample

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/fence"
	"github.com/docproof/docproof/mockapi"
)

// FuzzRunPage feeds arbitrary sample and response blocks through extraction,
// request building, the in-process run and the comparison. It must never
// panic, every diagnostic must point into the page, there must be one result
// per sample, and no token value may appear in what is reported.
func FuzzRunPage(f *testing.F) {
	f.Add("bash {sample=r}", "curl -sS -X POST \"$BUILDKITE_AGENT_ENDPOINT/register\" -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\" -d '{\"name\": \"x\"}'\n",
		"json {response}", "{\"access_token\": \"<token:t>\", \"name\": \"y\"}\n")
	f.Add("http", "POST /v3/register HTTP/1.1\nAuthorization: Token $BUILDKITE_AGENT_TOKEN\n\n{}\n", "http {response}", "HTTP/1.1 200 OK\nContent-Type: <any>\n\n{\"id\": \"<uuid:id>\"}\n")
	f.Add("graphql {bind=\"org=BUILDKITE_ORGANIZATION_SLUG\"}", "{ organization(slug: \"org\") { id } }\n", "json {response exact}", "{\"data\": {\"organization\": {\"id\": \"<id>\"}}}\n")
	f.Add("bash {status=401 capture=\"X=message\"}", "curl -f https://agent.buildkite.com/v3/ping\n", "json {variables}", "{}\n")
	f.Add("console", "$ curl -sSL https://agent.buildkite.com/v3/../_mock/env\n", "text", "x\n")
	f.Fuzz(func(t *testing.T, info1, code1, info2, code2 string) {
		var bs []fence.Block
		line := 1
		for i, pair := range [][2]string{{info1, code1}, {info2, code2}} {
			in, err := fence.Parse(pair[0])
			if err != nil || strings.Contains(pair[1], "```") {
				return
			}
			n := strings.Count(pair[1], "\n") + 1
			bs = append(bs, fence.Block{Index: i, Line: line, EndLine: line + n, Lang: in.Lang, Attrs: in.Attrs, Code: pair[1]})
			line += n + 2
		}
		ss, d := Extract(PageInput{File: "content/f.md", Rel: "f.md", Blocks: bs})
		checkDiagLines(t, d, line)
		if d.Err() != nil {
			return
		}
		mock := mockapi.New(mockapi.WithSeed(1))
		pr := RunPage(context.Background(), ss, mock, Options{Timeout: 2 * time.Second})
		if len(pr.Results) != len(ss) {
			t.Fatalf("%d samples, %d results", len(ss), len(pr.Results))
		}
		checkDiagLines(t, pr.Diags, line)
		text := pr.Diags.Error()
		for _, r := range pr.Results {
			text += r.Message + r.Diff + r.URL
		}
		for _, tok := range mock.IssuedTokens() {
			if strings.Contains(text, tok) {
				t.Fatalf("token value in the report:\n%s", text)
			}
		}
	})
}

func checkDiagLines(t *testing.T, list diag.List, last int) {
	t.Helper()
	for _, d := range list {
		if d.File != "content/f.md" || d.Line < 1 || d.Line > last {
			t.Fatalf("diagnostic outside the page (lines 1-%d): %v", last, d)
		}
	}
}
