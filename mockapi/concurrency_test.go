package mockapi_test

import (
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/docproof/docproof/mockapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Many agents register, take jobs and stream out-of-order chunks at once,
// while others create and revoke tokens and read metrics.
func TestConcurrentAgents(t *testing.T) {
	const agents, chunks = 32, 12
	h := newHarness(t)
	for i := range agents {
		h.must(201, "POST", "/_mock/jobs", "", map[string]string{"command": fmt.Sprint("job ", i), "queue": "load"})
	}
	var wg sync.WaitGroup
	jobs := make([]string, agents)
	for i := range agents {
		wg.Go(func() {
			session := h.agent("queue=load")
			jobID, tok := h.takeJob(session)
			jobs[i] = jobID
			h.must(200, "PUT", "/v3/jobs/"+jobID+"/start", tok, nil)
			var inner sync.WaitGroup
			for _, c := range rand.Perm(chunks) {
				inner.Go(func() {
					line := fmt.Sprintf("line %02d\n", c)
					r := h.sendChunk(tok, jobID, c+1, c*len(line), line)
					assert.Equal(t, 201, r.Status, "%s", r.Body)
					// The agent resends after timeouts; that changes nothing.
					assert.Equal(t, 201, h.sendChunk(tok, jobID, c+1, c*len(line), line).Status)
				})
			}
			h.must(201, "POST", "/v3/jobs/"+jobID+"/data/set", tok, map[string]string{"key": "k", "value": jobID})
			inner.Wait()
			h.must(200, "PUT", "/v3/jobs/"+jobID+"/finish", tok, map[string]string{"exit_status": "0"})
			h.must(200, "POST", "/v3/disconnect", session, nil)
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 5 {
				value, id := h.newToken()
				_, errs := h.graphql(h.env["BUILDKITE_API_TOKEN"], revokeToken, map[string]any{"id": id})
				assert.Empty(t, errs)
				h.must(401, "POST", "/v3/register", value, nil)
				h.must(200, "GET", "/v3/metrics", h.env["BUILDKITE_AGENT_TOKEN"], nil)
			}
		})
	}
	wg.Wait()
	var want strings.Builder
	for c := range chunks {
		fmt.Fprintf(&want, "line %02d\n", c)
	}
	seen := map[string]bool{}
	for _, id := range jobs {
		require.False(t, seen[id], "job %s dispatched twice", id)
		seen[id] = true
		j := h.controlJob(id)
		assert.Equal(t, "finished", j["state"])
		assert.Equal(t, want.String(), j["log"])
	}
}

func BenchmarkChunk(b *testing.B) {
	h := newHarness(b)
	_, jobID, tok := h.runningJob()
	line := strings.Repeat("x", 1023) + "\n"
	body := gz(b, line)
	b.ReportAllocs()
	b.SetBytes(int64(len(line)))
	seq := 0
	for b.Loop() {
		seq++
		if seq*len(line) > 15<<20 { // stay under the per-job log limit
			b.StopTimer()
			h = newHarness(b)
			_, jobID, tok = h.runningJob()
			seq = 1
			b.StartTimer()
		}
		r := h.do(req{method: "POST", path: chunkPath(jobID, seq, (seq-1)*len(line), len(line)), token: tok, body: body,
			header: map[string]string{"Content-Encoding": "gzip"}})
		if r.Status != 201 {
			b.Fatalf("status %d: %s", r.Status, r.Body)
		}
	}
}

func BenchmarkRegisterAndPing(b *testing.B) {
	h := newHarness(b)
	reg := h.env["BUILDKITE_AGENT_TOKEN"]
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		if n > 9000 { // stay under the per-org agent limit
			b.StopTimer()
			h, n = newHarness(b), 1
			reg = h.env["BUILDKITE_AGENT_TOKEN"]
			b.StartTimer()
		}
		_, session := h.register(reg, "queue=bench")
		h.must(200, "POST", "/v3/connect", session, nil)
		h.must(200, "GET", "/v3/ping", session, nil)
	}
}

// A docs build makes a fresh mock for every page: what that costs for a page
// with no sample, and for one that sends a request.
func BenchmarkNew(b *testing.B) {
	b.Run("idle", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			mockapi.New()
		}
	})
	b.Run("first request", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			srv := mockapi.New()
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, httptest.NewRequest("GET", "/v3/ping", nil))
			if w.Code != 401 {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}
