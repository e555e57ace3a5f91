package sample

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWatchGivesUpOnlyOnTheHungSample: samples before a hanging handler
// keep their outcomes (and requests), a skipped sample after it stays
// skipped, the others are not run, and the answer arrives at the timeout.
func TestWatchGivesUpOnlyOnTheHungSample(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t,
			"bash\ncurl https://agent.buildkite.com/v3/metrics",
			"bash\ncurl -L https://agent.buildkite.com/v3/old\ncurl https://agent.buildkite.com/v3/hang",
			"bash {skip=\"later\"}\ncurl https://agent.buildkite.com/v3/metrics",
			"bash\ncurl https://agent.buildkite.com/v3/metrics")})
		require.Empty(t, d)
		f := newFake()
		start := time.Now()
		pr := RunPage(context.Background(), ss, f, Options{Timeout: 2 * time.Second})
		assert.Equal(t, 2*time.Second, time.Since(start))
		close(f.release)
		outcomes := []string{}
		for _, r := range pr.Results {
			outcomes = append(outcomes, r.Outcome)
		}
		assert.Equal(t, []string{"pass", "fail", "skip", "fail"}, outcomes)
		assert.Equal(t, "GET", pr.Results[1].Method)
		assert.Equal(t, "https://agent.buildkite.com/v3/hang", pr.Results[1].URL)
		assert.Equal(t, 200, pr.Results[1].Status, "the status of the block's earlier command")
		assert.Equal(t, []Request{{"GET", "/v3/metrics"}, {"GET", "/v3/old"}, {"GET", "/v3/metrics"}, {"GET", "/v3/hang"}}, pr.Requests)
		require.Len(t, pr.Diags, 2)
		assert.Equal(t, "no answer to GET /v3/hang: context deadline exceeded (timeout 2s per sample)", pr.Diags[0].Message)
		assert.Equal(t, "the mock did not answer in time; it may be stuck", pr.Diags[0].Hint)
		assert.Equal(t, 17, pr.Diags[1].Line)
		assert.Equal(t, `not run: sample "p#2" at line 6 got no answer, so the mock's state is unknown`, pr.Diags[1].Message)
	})
}

// TestWatchSlowPageIsNotCut: a page whose samples together take longer
// than one timeout, each within it, passes.
func TestWatchSlowPageIsNotCut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake()
		f.mux.HandleFunc("GET /v3/slow", func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(1500 * time.Millisecond)
			_, _ = w.Write([]byte("{}"))
		})
		ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t,
			"bash\ncurl https://agent.buildkite.com/v3/slow",
			"bash\ncurl https://agent.buildkite.com/v3/slow",
			"bash\ncurl https://agent.buildkite.com/v3/slow")})
		require.Empty(t, d)
		pr := RunPage(context.Background(), ss, f, Options{Timeout: 2 * time.Second})
		assert.Empty(t, pr.Diags)
		require.Len(t, pr.Results, 3)
		assert.Equal(t, "pass", pr.Results[2].Outcome)
	})
}

// TestWatchCancelWhileHandlerHangs: a cancelled build does not wait for a
// handler that never answers.
func TestWatchCancelWhileHandlerHangs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ss := hangThenMetrics(t)
		f := newFake()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		pr := RunPage(ctx, ss, f, Options{Timeout: time.Minute})
		assert.Equal(t, time.Second, time.Since(start))
		close(f.release)
		require.Len(t, pr.Diags, 2)
		assert.Equal(t, "no answer to GET /v3/hang: context canceled", pr.Diags[0].Message)
		assert.Contains(t, pr.Diags[1].Message, "not run")
	})
}

// TestWatchRunnerPanicReachesTheCaller: a panic outside the handler (a bug
// in the runner) is raised on RunPage's goroutine, where the build's
// recover turns it into a diagnostic.
func TestWatchRunnerPanicReachesTheCaller(t *testing.T) {
	ss, d := Extract(PageInput{File: "content/p.md", Rel: "p.md", Blocks: blocks(t,
		"bash\ncurl https://agent.buildkite.com/v3/metrics")})
	require.Empty(t, d)
	b := panicIssued{newFake()}
	// --update asks for the issued tokens on the runner goroutine.
	assert.PanicsWithValue(t, "issued", func() { RunPage(context.Background(), ss, b, Options{Update: true}) })
}

// panicIssued is a backend whose IssuedTokens panics.
type panicIssued struct{ *fakeBackend }

func (panicIssued) IssuedTokens() []string { panic("issued") }
