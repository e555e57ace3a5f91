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
	if r.URL.Path != "/v3/long" {
		l.fakeBackend.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"value": strings.Repeat("a", 200) + fakeAccessTok + " and more text after it"})
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
