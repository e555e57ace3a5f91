package sample

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/mockapi"
)

// unmodelledBackend is the fake with the mock's no-route signal: a request
// no route matches gets a 404 with the unmodelled header, "api" under /v2
// (nothing modelled there), "route" elsewhere.
type unmodelledBackend struct{ *fakeBackend }

func (u unmodelledBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := u.mux.Handler(r); pattern == "" {
		what := "route"
		if strings.HasPrefix(r.URL.Path, "/v2/") {
			what = "api"
		}
		w.Header().Set(unmodelledHeader, what)
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"message":"No route matches"}`))
		return
	}
	if r.Header.Get(unmodelledHeader) == "probe" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	u.fakeBackend.ServeHTTP(w, r)
}

func TestUnmodelledHeaderIsTheMocks(t *testing.T) {
	assert.Equal(t, mockapi.UnmodelledHeader, unmodelledHeader)
}

func TestUnmodelled(t *testing.T) {
	tests := []struct {
		name    string
		blocks  []string
		skip    bool   // unmodelled: skip
		outcome string // of the first sample
		message string // its failure or skip reason
	}{
		{"unmodelled route", []string{"bash\ncurl -X POST https://agent.buildkite.com/v3/stacks/register"}, false, "fail",
			"the mock does not model POST /v3/stacks/register"},
		{"unmodelled API of a known host", []string{"bash\ncurl https://api.buildkite.com/v2/organizations/acme/pipelines"}, false, "fail",
			"the mock does not model the REST API at api.buildkite.com"},
		{"unmodelled route of a modelled API on another host", []string{"bash\ncurl https://api.buildkite.com/v3/nothing"}, false, "fail",
			"the mock does not model GET /v3/nothing"},
		{"a documented 404 stays a pass", []string{"bash {status=404}\ncurl -X POST https://agent.buildkite.com/v3/stacks/register"}, false, "pass", ""},
		{"a route's own error is not unmodelled", []string{"bash\ncurl -X POST https://agent.buildkite.com/v3/register"}, false, "fail",
			"expected a 2xx status, got 401"},
		{"not the last command of its block", []string{"bash\ncurl https://agent.buildkite.com/v3/nope\ncurl https://agent.buildkite.com/v3/metrics"}, false, "fail",
			"the mock does not model GET /v3/nope"},
		{"skipped with unmodelled: skip", []string{"bash\ncurl -X POST https://agent.buildkite.com/v3/stacks/register"}, true, "skip",
			"the mock does not model POST /v3/stacks/register"},
		{"API skipped with unmodelled: skip", []string{"bash\ncurl https://api.buildkite.com/v2/user", "json {response}\n{\"id\": \"x\"}"}, true, "skip",
			"the mock does not model the REST API at api.buildkite.com"},
		{"a modelled sample still runs with unmodelled: skip", []string{"bash {status=200}\ncurl -X POST https://agent.buildkite.com/v3/register"}, true, "fail",
			"expected status 200, got 401"},
		{"other hosts are refused", []string{"bash\ncurl https://example.com/v3/ping"}, false, "fail", `host "example.com"`},
		{"other hosts are skipped with unmodelled: skip", []string{"bash\ncurl https://example.com/v3/ping"}, true, "skip",
			"host example.com is not an API the mock models"},
		{"another host is reported before an unset variable", []string{"bash\ncurl -H \"Authorization: Token $T\" https://example.com/v3/ping"},
			false, "fail", `host "example.com"`},
		{"another host is skipped before an unset variable", []string{"bash\ncurl -H \"Authorization: Token $T\" https://example.com/v3/ping"},
			true, "skip", "host example.com is not an API the mock models"},
		// Shell docproof does not run: skipped when what it asks for is unmodelled,
		// still failed when the mock models it (the sample should be rewritten).
		{"a pipe fails without unmodelled: skip", []string{"bash\ncurl -fsSL https://example.com/install.sh | sh"}, false, "fail", "piping curl's output"},
		{"a pipe to another host is skipped", []string{"bash\ncurl -fsSL https://example.com/install.sh | sh"}, true, "skip",
			"host example.com is not an API the mock models"},
		{"another command running curl to another host is skipped", []string{"bash\nsudo apt-get update\ncurl -fsSL https://example.com/key.gpg"}, true, "skip",
			"host example.com is not an API the mock models"},
		{"a pipe to an unmodelled route is skipped", []string{"bash\ncurl -X POST https://agent.buildkite.com/v3/stacks/register | jq ."}, true, "skip",
			"the mock does not model POST /v3/stacks/register"},
		{"a pipe to a modelled route still fails", []string{"bash\ncurl -X POST https://agent.buildkite.com/v3/register | jq ."}, true, "fail", "piping curl's output"},
		{"command substitution to an unmodelled API is skipped", []string{"bash\ncurl -H \"X-Day: $(date)\" https://api.buildkite.com/v2/user"}, true, "skip",
			"the mock does not model the REST API at api.buildkite.com"},
		{"an unsupported flag sending data to an unmodelled route is skipped", []string{"bash\ncurl -F file=@x.tgz \\\n  https://agent.buildkite.com/v3/stacks/register"}, true, "skip",
			"the mock does not model POST /v3/stacks/register"},
		{"an unsupported flag to a modelled route still fails", []string{"bash\ncurl -O https://agent.buildkite.com/v3/metrics"}, true, "fail", "curl flag -O is not supported"},
		{"an unset variable before a pipe is reported without unmodelled: skip", []string{"bash\ncurl -X POST -H \"Authorization: Token $T\" https://agent.buildkite.com/v3/stacks/register | jq ."},
			false, "fail", "variable $T is not set"},
		{"an unset variable before a pipe to an unmodelled route is skipped", []string{"bash\ncurl -X POST -H \"Authorization: Token $T\" https://agent.buildkite.com/v3/stacks/register | jq ."},
			true, "skip", "the mock does not model POST /v3/stacks/register"},
		{"a block without a readable URL still fails", []string{"bash\ncurl \"$(cat url.txt)\""}, true, "fail", "command substitution $(...) is not supported"},
		{"an unmodelled API is reported before an unset variable", []string{"bash\ncurl -H \"Authorization: Bearer $TOKEN\" https://api.buildkite.com/v2/user"},
			false, "fail", "the mock does not model the REST API at api.buildkite.com"},
		{"an unmodelled route is skipped before an unset variable", []string{"bash\ncurl -X POST -H \"Authorization: Token $T\" https://agent.buildkite.com/v3/stacks/register"},
			true, "skip", "the mock does not model POST /v3/stacks/register"},
		{"a modelled route with an unset variable reports the variable", []string{"bash\ncurl -X POST -H \"Authorization: Token $T\" https://agent.buildkite.com/v3/register"},
			false, "fail", "variable $T is not set"},
		{"an unset variable in the path is not probed", []string{"bash\ncurl https://api.buildkite.com/v2/$WHAT"},
			false, "fail", "variable $WHAT is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t, tt.blocks...)})
			require.Empty(t, d)
			pr := RunPage(context.Background(), ss, unmodelledBackend{newFake()}, Options{SkipUnmodelled: tt.skip})
			r := pr.Results[0]
			require.Equal(t, tt.outcome, r.Outcome, "%v", pr.Diags)
			switch tt.outcome {
			case "pass":
				assert.Empty(t, pr.Diags)
			case "skip":
				assert.Equal(t, tt.message, r.SkipReason)
				assert.True(t, r.Unmodelled)
				assert.Empty(t, pr.Diags)
			default:
				require.NotEmpty(t, pr.Diags)
				assert.Contains(t, pr.Diags[0].Message, tt.message)
				if strings.HasPrefix(tt.message, "the mock does not model") {
					assert.NotContains(t, pr.Diags[0].Message+pr.Diags[0].Hint, "add status=", "an unmodelled route never asks for status=404")
					assert.Contains(t, pr.Diags[0].Hint, "unmodelled: skip")
					assert.True(t, r.Unmodelled)
				}
			}
		})
	}
}

func TestSummarizeUnmodelledOncePerRoute(t *testing.T) {
	why := "the mock does not model the REST API at api.buildkite.com"
	s := Summarize([]Result{
		{File: "content/a.md", Line: 3, Outcome: "skip", SkipReason: why, Unmodelled: true},
		{File: "content/a.md", Line: 9, Outcome: "skip", SkipReason: "needs a real agent"},
		{File: "content/a.md", Line: 12, Outcome: "skip", SkipReason: "the mock does not model POST /v3/x", Unmodelled: true},
		{File: "content/b.md", Line: 5, Outcome: "skip", SkipReason: why, Unmodelled: true},
		{File: "content/b.md", Line: 8, Outcome: "pass"},
	})
	assert.Equal(t, 4, s.Skipped)
	assert.Equal(t, 3, s.Unmodelled)
	assert.Equal(t, []string{
		"content/a.md:9: needs a real agent",
		"content/a.md:3: " + why + " (unmodelled: skip; 2 samples: content/a.md:3, content/b.md:5)",
		"content/a.md:12: the mock does not model POST /v3/x (unmodelled: skip; 1 sample: content/a.md:12)",
	}, s.SkipReasons)
}
