package sample

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gqlErrorsBackend answers GraphQL queries that mention "clusters" with a
// validation error and those that mention "nobody" with a null organization,
// as the mock does; everything else goes to the fake.
type gqlErrorsBackend struct{ *fakeBackend }

func (g gqlErrorsBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1" || r.Header.Get("Authorization") != "Bearer "+fakeAPIToken {
		g.fakeBackend.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var req struct{ Query string }
	_ = json.Unmarshal(body, &req)
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.Contains(req.Query, "clusters"):
		_, _ = io.WriteString(w, `{"errors":[{"message":"Cannot query field \"clusters\" on type \"Organization\".","locations":[{"line":3,"column":5}]}]}`)
	case strings.Contains(req.Query, "revoke"):
		_, _ = io.WriteString(w, `{"data":{"agentTokenRevoke":null},"errors":[{"message":"No agent token found","path":["agentTokenRevoke"]},{"message":"second","locations":[{"line":1,"column":2}]}]}`)
	case strings.Contains(req.Query, "nobody"):
		_, _ = io.WriteString(w, `{"data":{"organization":null}}`)
	default:
		_, _ = io.WriteString(w, `{"data":{"organization":{"id":"T3Jn","name":"Acme"}}}`)
	}
}

func runGQL(t *testing.T, specs ...string) PageResult {
	t.Helper()
	ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t, specs...)})
	require.Empty(t, d)
	return RunPage(context.Background(), ss, gqlErrorsBackend{newFake()}, Options{})
}

const badQuery = "graphql\nquery {\n  organization(slug: \"acme\") {\n    clusters { count }\n  }\n}"

func TestGraphQLErrors(t *testing.T) {
	curlQuery := "bash\ncurl -X POST https://graphql.buildkite.com/v1 -H \"Authorization: Bearer $BUILDKITE_API_TOKEN\" " +
		"-H 'Content-Type: application/json' -d '{\"query\": \"{ organization(slug: \\\"acme\\\") { clusters { count } } }\"}'"
	tests := []struct {
		name    string
		blocks  []string
		message []string // substrings of the failure; none: the sample passes
	}{
		{"errors without a documented response", []string{badQuery},
			[]string{`the GraphQL answer has an error the documented response does not show: "Cannot query field \"clusters\" on type \"Organization\"."`,
				"at query line 3, column 5 (content/p.md:4)"}},
		{"errors beside a documented data object", []string{badQuery, "json {response}\n{\"data\": {\"organization\": {\"clusters\": {}}}}"},
			[]string{"the GraphQL answer has an error", "response body differs from the answer at $.data"}},
		{"errors in shape mode", []string{badQuery, "json {response shape}\n{\"data\": {\"organization\": {}}}"},
			[]string{"the GraphQL answer has an error"}},
		{"documented errors are compared like any body", []string{badQuery,
			"json {response}\n{\"errors\": [{\"message\": \"Cannot query field \\\"clusters\\\" on type \\\"Organization\\\".\"}]}"}, nil},
		{"documented errors that differ", []string{badQuery, "json {response}\n{\"errors\": [{\"message\": \"other\"}]}"},
			[]string{"response body differs from the answer at $.errors[0].message"}},
		{"status=200 does not excuse errors", []string{"graphql {status=200}\n{ clusters }"}, []string{"the GraphQL answer has an error"}},
		{"a negative sample expects its errors", []string{"graphql {token=BUILDKITE_AGENT_TOKEN status=401}\n{ viewer { id } }"}, nil},
		{"errors with path and several errors", []string{"graphql\nmutation { revoke }"},
			[]string{`has 2 errors the documented response does not show: "No agent token found" at path agentTokenRevoke; "second" at query line 1, column 2 (content/p.md:2)`}},
		{"a curl POST with a query is GraphQL too", []string{curlQuery}, []string{"the GraphQL answer has an error", "at query line 3, column 5"}},
		{"null root field where an object is documented", []string{"graphql\n{ organization(slug: \"nobody\") { id } }",
			"json {response shape}\n{\"data\": {\"organization\": {\"id\": \"x\"}}}"},
			[]string{"the GraphQL answer's data.organization is null where the documented response shows an object"}},
		{"null root field documented as null", []string{"graphql\n{ organization(slug: \"nobody\") { id } }",
			"json {response}\n{\"data\": {\"organization\": null}}"}, nil},
		{"null root field without a documented response", []string{"graphql\n{ organization(slug: \"nobody\") { id } }"}, nil},
		{"data passes", []string{"graphql\n{ organization(slug: \"acme\") { id } }", "json {response}\n{\"data\": {\"organization\": {\"id\": \"T3Jn\"}}}"}, nil},
		{"http response block", []string{badQuery, "http {response}\nHTTP/1.1 200 OK\n\n{\"data\": {}}"}, []string{"the GraphQL answer has an error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr := runGQL(t, tt.blocks...)
			if tt.message == nil {
				assert.Empty(t, pr.Diags)
				return
			}
			require.Len(t, pr.Diags, 1)
			assert.Equal(t, 1, pr.Diags[0].Line)
			for _, m := range tt.message {
				assert.Contains(t, pr.Diags[0].Message, m)
			}
		})
	}
}

// TestGraphQLErrorsGolden keeps the failures writers see for GraphQL answers
// with errors in testdata/graphql-errors.golden (go test -update rewrites it).
func TestGraphQLErrorsGolden(t *testing.T) {
	pages := [][]string{
		{badQuery},
		{badQuery, "json {response}\n{\"data\": {\"organization\": {\"clusters\": {\"count\": 1}}}}"},
		{"graphql\nmutation { revoke }"},
		{"graphql\n{ organization(slug: \"nobody\") { id } }", "json {response}\n{\"data\": {\"organization\": {\"id\": \"<org-id>\"}}}"},
	}
	var b strings.Builder
	for _, p := range pages {
		b.WriteString("## " + strings.ReplaceAll(strings.Join(p, "\n---\n"), "\n", "\n# ") + "\n")
		for _, d := range runGQL(t, p...).Diags {
			b.WriteString(d.Error() + "\n")
		}
		b.WriteString("\n")
	}
	golden(t, "graphql-errors.golden", []byte(b.String()))
}
