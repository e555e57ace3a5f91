package sample

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// longAnswers answers GET /v3/long with a value holding an issued token
// after 200 bytes, where diffs used to cut it (issue 19 item 4).
type longAnswers struct{ *fakeBackend }

func (l longAnswers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var value string
	switch r.URL.Path {
	case "/v3/long":
		value = strings.Repeat("a", 200) + fakeAccessTok + " and more text after it"
	case "/v3/glued":
		value = "bkaa_exampleexampleexample1" + fakeAccessTok
	default:
		l.fakeBackend.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"value": value})
}

// TestDiffRedactsBeforeCutting: a diff cut at 240 bytes before redaction
// printed 77 of a 78-character token in stderr, JSON, JUnit and the serve
// overlay.
func TestDiffRedactsBeforeCutting(t *testing.T) {
	ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t,
		"bash\ncurl -sS \"$BUILDKITE_AGENT_ENDPOINT/long\"",
		"json {response}\n{\"value\": \"something else\"}")})
	require.Empty(t, d)
	pr := RunPage(t.Context(), ss, longAnswers{newFake()}, Options{})
	require.Len(t, pr.Diags, 1)
	require.Len(t, pr.Results, 1)
	for _, text := range []string{pr.Diags[0].Diff, pr.Results[0].Diff} {
		assert.Contains(t, text, "more bytes", "the value is still cut")
		assert.Contains(t, text, "bkaa_…(39 chars)", "the token is masked whole")
		assert.NotContains(t, text, fakeAccessTok[5:15], "no part of the token is shown")
	}
}

// TestReportsRedactEveryField: the JSON report's method and coverage fields
// were written as they came (issue 19 item 4); every text field of both
// reports goes through redaction now.
func TestReportsRedactEveryField(t *testing.T) {
	issued := "c0ffee12deadbeef4242" // an issued value of no token shape: found only as issued
	shaped := "bkaa_" + strings.Repeat("Q8fj3kLmP2", 7) + "Zz1"
	rep := Report{
		Issued: []string{issued},
		Results: []Result{{
			File: "content/" + issued + ".md", Line: 3, ID: "s-" + shaped, Kind: Curl, Method: shaped,
			URL: "https://agent.buildkite.com/v3/jobs/" + issued, Outcome: "fail", Message: "m " + issued,
			Diff: "d " + shaped, Updated: true,
		}, {File: "content/a.md", Line: 9, ID: "skipped", Outcome: "skip", SkipReason: "r " + issued}},
		Coverage: &Coverage{
			Covered:   []RouteUse{{Route: "GET /v3/" + issued, Requests: 1}},
			Uncovered: []string{"POST /v3/" + shaped},
			Unrouted:  []string{"GET /v3/jobs/" + shaped + "/x", "GET /" + issued},
		},
	}
	for name, write := range map[string]func(*strings.Builder) error{
		"json":  func(b *strings.Builder) error { return WriteJSON(b, rep) },
		"junit": func(b *strings.Builder) error { return WriteJUnit(b, rep) },
	} {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			require.NoError(t, write(&b))
			assert.NotContains(t, b.String(), issued)
			assert.NotContains(t, b.String(), shaped[5:25])
			assert.Contains(t, b.String(), "bkaa_…(")
		})
	}
	assert.Equal(t, "GET /v3/"+issued, rep.Coverage.Covered[0].Route, "the report's own data is left as it was")
}

// TestUpdateNeverWritesAGluedToken: an answer starting with a
// placeholder-looking run hid the issued token glued after it, so
// check --update wrote it into content/ (issue 19 item 4).
func TestUpdateNeverWritesAGluedToken(t *testing.T) {
	ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t,
		"bash\ncurl -sS \"$BUILDKITE_AGENT_ENDPOINT/glued\"",
		"json {response}\n{\"value\": \"old\"}")})
	require.Empty(t, d)
	pr := RunPage(t.Context(), ss, longAnswers{newFake()}, Options{Update: true})
	require.Len(t, pr.Updates, 1)
	assert.NotContains(t, pr.Updates[0].Text, fakeAccessTok)
	assert.Contains(t, pr.Updates[0].Text, `"<token:`)
}
