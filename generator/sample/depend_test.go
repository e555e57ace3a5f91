package sample

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runBlocksEnv(t *testing.T, env EnvMap, specs ...string) PageResult {
	t.Helper()
	ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t, specs...), Env: env})
	require.Empty(t, d)
	return RunPage(context.Background(), ss, newFake(), Options{})
}

func TestUnsetVariableChecks(t *testing.T) {
	tests := []struct {
		name      string
		env       EnvMap
		blocks    []string
		outcomes  []string
		message   string   // the only diagnostic's message; "" for none
		hint      []string // substrings of its hint
		hintNot   []string
		diagCount int
	}{
		{name: "an unsupported host is reported before an unset variable",
			blocks:   []string{"bash\ncurl -H \"Authorization: Bearer $TOKEN\" https://api.example.com/v2/user"},
			outcomes: []string{"fail"}, message: `host "api.example.com" is not a Buildkite API host`, diagCount: 1},
		{name: "an unsupported host in an http block too",
			blocks:   []string{"http\nGET /v2/user HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer $TOKEN"},
			outcomes: []string{"fail"}, message: `host "api.example.com"`, diagCount: 1},
		{name: "a host that comes from the unset variable is not guessed",
			blocks:   []string{"bash\ncurl \"$API_BASE/v3/ping\""},
			outcomes: []string{"fail"}, message: "variable $API_BASE is not set", diagCount: 1,
			hint: []string{"env: {API_BASE: BUILDKITE_AGENT_ENDPOINT}", "assign it earlier in the block (API_BASE=value)"}, hintNot: []string{"capture"}},
		{name: "a token on the agent host: map it, never assign it, no capture on the first sample",
			blocks:   []string{"bash\ncurl -H \"Authorization: Token $MY_TOKEN\" https://agent.buildkite.com/v3/ping"},
			outcomes: []string{"fail"}, message: "variable $MY_TOKEN is not set", diagCount: 1,
			hint:    []string{"if it is the mock's $BUILDKITE_AGENT_TOKEN, map it in the front matter or docproof.yaml: env: {MY_TOKEN: BUILDKITE_AGENT_TOKEN}"},
			hintNot: []string{"MY_TOKEN=value", "capture", "bind"}},
		{name: "capture is offered when an earlier sample could provide it",
			blocks:   []string{regCurl, "bash\ncurl \"https://agent.buildkite.com/v3/$THING\""},
			outcomes: []string{"pass", "fail"}, message: "variable $THING is not set", diagCount: 1,
			hint: []string{`capture it from an earlier sample on this page (capture="THING=json.path")`, "THING=value", "(BUILDKITE_AGENT_ENDPOINT, BUILDKITE_AGENT_TOKEN"}},
		{name: "env: maps a reader's name to the mock's",
			env:      EnvMap{Vars: map[string]string{"TOKEN": "BUILDKITE_AGENT_TOKEN"}},
			blocks:   []string{"bash\ncurl -sS -X POST https://agent.buildkite.com/v3/register -H \"Authorization: Token $TOKEN\""},
			outcomes: []string{"pass"}},
		{name: "env: per host wins over the mapping for every host",
			env: EnvMap{Vars: map[string]string{"TOKEN": "BUILDKITE_API_TOKEN"},
				Hosts: map[string]map[string]string{"agent.buildkite.com": {"TOKEN": "BUILDKITE_AGENT_TOKEN"}}},
			blocks: []string{"bash\ncurl -sS -X POST https://agent.buildkite.com/v3/register -H \"Authorization: Token $TOKEN\"",
				"bash\ncurl -sS -X POST https://graphql.buildkite.com/v1 -H \"Authorization: Bearer $TOKEN\" -d '{\"query\": \"{ viewer { id } }\"}'"},
			outcomes: []string{"pass", "pass"}},
		{name: "env: on a graphql token= name",
			env:      EnvMap{Vars: map[string]string{"GQL_TOKEN": "BUILDKITE_API_TOKEN"}},
			blocks:   []string{"graphql {token=GQL_TOKEN}\n{ organization(slug: \"acme\") { id } }"},
			outcomes: []string{"pass"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pr := runBlocksEnv(t, tc.env, tc.blocks...)
			var got []string
			for _, r := range pr.Results {
				got = append(got, r.Outcome)
			}
			require.Equal(t, tc.outcomes, got, "%v", pr.Diags)
			require.Len(t, pr.Diags, tc.diagCount, "%v", pr.Diags)
			if tc.diagCount == 0 {
				return
			}
			d := pr.Diags[0]
			assert.Contains(t, d.Message, tc.message)
			for _, h := range tc.hint {
				assert.Contains(t, d.Hint, h)
			}
			for _, h := range tc.hintNot {
				assert.NotContains(t, d.Hint, h)
			}
		})
	}
}

// One drift, one problem: samples that need what a failed sample would have
// set are listed under it, not reported as problems of their own.
func TestDependentSamplesNotRun(t *testing.T) {
	pr := runBlocksEnv(t, EnvMap{},
		"bash {capture=\"TOK=access_token\"}\ncurl -sS -X POST https://agent.buildkite.com/v3/register -H \"Authorization: Token $BUILDKITE_AGENT_TOKEN\"",
		"json {response}\n{\"id\": \"<uuid:agent-id>\", \"name\": \"builder-2\"}",
		"bash\ncurl -sS https://agent.buildkite.com/v3/ping -H \"Authorization: Token $TOK\"",
		"http\nGET /v3/agents/$AGENT_ID HTTP/1.1\nHost: agent.buildkite.com",
		"graphql {bind=\"agent-id=AGENT_ID\"}\n{ node(id: \"agent-id\") { id } }",
		"bash\ncurl -sS \"https://agent.buildkite.com/v3/$UNRELATED\"",
	)
	var outcomes, messages []string
	for _, r := range pr.Results {
		outcomes = append(outcomes, r.Outcome)
		messages = append(messages, r.Message)
	}
	assert.Equal(t, []string{"fail", "fail", "fail", "fail", "fail"}, outcomes)
	assert.Contains(t, messages[1], `not run: depends on sample "p#1" (line 1), which failed, so $TOK was never set`)
	assert.Contains(t, messages[2], `not run: depends on sample "p#1" (line 1), which failed, so $AGENT_ID was never set`)
	assert.Contains(t, messages[3], `not run: depends on sample "p#1"`)
	require.Len(t, pr.Diags, 2, "the failed sample and the unrelated unset variable: %v", pr.Diags)
	first := pr.Diags[0]
	assert.Contains(t, first.Message, "response body differs")
	assert.Contains(t, first.Diff, "\nnot run: sample \"p#2\" at line 11 depends on this one (needs $TOK)\n"+
		"not run: sample \"p#3\" at line 16 depends on this one (needs $AGENT_ID)\n"+
		"not run: sample \"p#4\" at line 22 depends on this one (needs $AGENT_ID)")
	assert.Contains(t, pr.Diags[1].Message, "$UNRELATED is not set")
}

func TestParseEnvMap(t *testing.T) {
	tests := []struct {
		name string
		raw  map[string]any
		want EnvMap
		err  string
	}{
		{"every host", map[string]any{"TOKEN": "BUILDKITE_API_TOKEN"}, EnvMap{Vars: map[string]string{"TOKEN": "BUILDKITE_API_TOKEN"}}, ""},
		{"per host", map[string]any{"agent.buildkite.com": map[string]any{"TOKEN": "BUILDKITE_AGENT_TOKEN"}},
			EnvMap{Hosts: map[string]map[string]string{"agent.buildkite.com": {"TOKEN": "BUILDKITE_AGENT_TOKEN"}}}, ""},
		{"value not a name", map[string]any{"TOKEN": "bk agent"}, EnvMap{}, "env: TOKEN: the value must be the name of a variable the mock sets"},
		{"value a number", map[string]any{"TOKEN": 3}, EnvMap{}, "env: TOKEN: the value must be"},
		{"key not a name", map[string]any{"MY-TOKEN": "X"}, EnvMap{}, `env: "MY-TOKEN" is not a variable name`},
		{"mapping under a name", map[string]any{"TOKEN": map[string]any{"A": "B"}}, EnvMap{}, `env: "TOKEN" holds a mapping, so it must be a host name`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseEnvMap(tc.raw)
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEnvMapOver(t *testing.T) {
	site := EnvMap{Vars: map[string]string{"TOKEN": "A", "ORG": "O"}, Hosts: map[string]map[string]string{"h.test": {"TOKEN": "H"}}}
	page := EnvMap{Vars: map[string]string{"TOKEN": "B"}, Hosts: map[string]map[string]string{"h.test": {"X": "Y"}}}
	got := site.Over(page)
	assert.Equal(t, map[string]string{"TOKEN": "B", "ORG": "O"}, got.Vars)
	assert.Equal(t, map[string]string{"TOKEN": "H", "X": "Y"}, got.Hosts["h.test"])
	assert.Equal(t, "A", site.Vars["TOKEN"], "site unchanged")
	env := map[string]string{"A": "1", "B": "2", "H": "3"}
	assert.Equal(t, "2", got.apply(env, "")["TOKEN"])
	assert.Equal(t, "3", got.apply(env, "h.test")["TOKEN"])
	assert.NotContains(t, env, "TOKEN", "env unchanged")
}

func TestUnsetHint(t *testing.T) {
	mock := []string{"BUILDKITE_AGENT_ENDPOINT", "BUILDKITE_AGENT_TOKEN", "BUILDKITE_AGENT_TOKEN_OTHER_ORG", "BUILDKITE_API_TOKEN",
		"BUILDKITE_CLUSTER_ID", "BUILDKITE_CLUSTER_QUEUE", "BUILDKITE_CLUSTER_TOKEN", "BUILDKITE_GRAPHQL_ENDPOINT",
		"BUILDKITE_ORGANIZATION_ID", "BUILDKITE_ORGANIZATION_SLUG", "BUILDKITE_REST_ENDPOINT"}
	tests := []struct {
		name, variable, host string
		earlier              bool
		want                 string
	}{
		{"agent token", "MY_TOKEN", "agent.buildkite.com", false,
			"if it is the mock's $BUILDKITE_AGENT_TOKEN, map it in the front matter or docproof.yaml: env: {MY_TOKEN: BUILDKITE_AGENT_TOKEN}"},
		{"API token on the REST host, after another sample", "TOKEN", "api.buildkite.com", true,
			"if it is the mock's $BUILDKITE_API_TOKEN, map it in the front matter or docproof.yaml: env: {TOKEN: BUILDKITE_API_TOKEN}; or capture it from an earlier sample on this page (capture=\"TOKEN=json.path\")"},
		{"organization slug", "ORG", "", false,
			"if it is the mock's $BUILDKITE_ORGANIZATION_SLUG, map it in the front matter or docproof.yaml: env: {ORG: BUILDKITE_ORGANIZATION_SLUG}; or assign it earlier in the block (ORG=value)"},
		{"REST endpoint", "API_URL", "", false,
			"if it is the mock's $BUILDKITE_REST_ENDPOINT, map it in the front matter or docproof.yaml: env: {API_URL: BUILDKITE_REST_ENDPOINT}; or assign it earlier in the block (API_URL=value)"},
		{"nothing fits: at most eight of the mock's variables, no _OTHER_ORG twins", "PIPELINE", "", false,
			"assign it earlier in the block (PIPELINE=value); or map it to a variable the mock sets (BUILDKITE_AGENT_ENDPOINT, BUILDKITE_AGENT_TOKEN, BUILDKITE_API_TOKEN, BUILDKITE_CLUSTER_ID, BUILDKITE_CLUSTER_QUEUE, BUILDKITE_CLUSTER_TOKEN, BUILDKITE_GRAPHQL_ENDPOINT, BUILDKITE_ORGANIZATION_ID, …) in the front matter or docproof.yaml: env: {PIPELINE: NAME}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, unsetHint(tc.variable, tc.host, mock, tc.earlier))
		})
	}
}
