package mockapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/mockapi"
)

var loadFull = flag.Bool("load.full", false, "run TestMockLoad at full size: 200 agents x 500 log chunks (make load)")

// loadSize is how big TestMockLoad runs: small under make test (with -race),
// full with -load.full or DOCPROOF_LOAD_FULL=1.
type loadSize struct {
	agents, chunks int
	deadline       time.Duration
	heapBound      uint64 // HeapInuse after GC while the mock holds every log
}

func chooseLoadSize() loadSize {
	if *loadFull || os.Getenv("DOCPROOF_LOAD_FULL") != "" {
		return loadSize{agents: 200, chunks: 500, deadline: 8 * time.Minute, heapBound: 256 << 20}
	}
	return loadSize{agents: 20, chunks: 50, deadline: 3 * time.Minute, heapBound: 64 << 20}
}

// TestMockLoad drives the mock over real loopback HTTP the way a fleet of
// agents does: every agent registers, connects, is dispatched its own job,
// accepts and starts it, streams its log in gzip chunks (up to 3 in flight,
// out of order, 10% sent twice, 5% first cut off mid-body), writes meta-data
// and finishes. Every job's
// assembled log must be byte-exact and every meta-data write readable; after
// shutdown no goroutine may be left behind. Throughput and latency go to the
// test log, and to $LOAD_REPORT when set.
func TestMockLoad(t *testing.T) {
	size := chooseLoadSize()
	goroutinesBefore := runtime.NumGoroutine()
	ctx, cancel := context.WithTimeout(context.Background(), size.deadline)
	defer cancel()

	srv := mockapi.New(mockapi.WithSeed(42))
	refused := &refusalCounter{h: srv}
	ts := httptest.NewServer(refused)
	host, _, err := net.SplitHostPort(ts.Listener.Addr().String())
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1", host, "the load test only uses loopback")
	transport := &http.Transport{MaxIdleConnsPerHost: 4*size.agents + 8, DisableCompression: true}
	lc := &loadClient{base: ts.URL, c: &http.Client{Transport: transport, Timeout: time.Minute}}

	var env map[string]string
	_, err = lc.do(ctx, "GET", "/_mock/env", "", nil, nil, &env)
	require.NoError(t, err)
	jobs := make([]loadJob, size.agents)
	for i := range jobs {
		// Jobs go to agents in the order they ping; each agent records the id it got.
		_, err := lc.do(ctx, "POST", "/_mock/jobs", "", map[string]string{"command": fmt.Sprintf("echo load %d", i), "queue": "load"}, nil, nil)
		require.NoError(t, err)
		jobs[i] = loadJob{log: agentLog(i, size.chunks)}
	}

	start := time.Now()
	var wg sync.WaitGroup
	lats := make([][]time.Duration, size.agents)
	var aborts atomic.Int64
	for i := range jobs {
		wg.Go(func() {
			a := &loadAgent{lc: lc, index: i, regToken: env["BUILDKITE_AGENT_TOKEN"], rng: rand.New(rand.NewPCG(uint64(i), 9)), aborts: &aborts}
			if err := a.run(ctx, &jobs[i]); err != nil {
				t.Errorf("agent %d: %v", i, err)
			}
			lats[i] = a.lat
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	require.False(t, t.Failed(), "agents failed")

	// Every log byte-exact, every job finished, every meta-data write readable.
	for i, j := range jobs {
		var got struct {
			State   string `json:"state"`
			Log     string `json:"log"`
			BuildID string `json:"build_id"`
		}
		_, err := lc.do(ctx, "GET", "/_mock/jobs/"+j.id, "", nil, nil, &got)
		require.NoError(t, err)
		assert.Equal(t, "finished", got.State, "job %d", i)
		if !assert.Equal(t, len(j.log), len(got.Log), "job %d: log length (lost or duplicated bytes)", i) || got.Log != string(j.log) {
			t.Errorf("job %d: assembled log differs from what the agent sent", i)
		}
		var build struct {
			MetaData map[string]string `json:"meta_data"`
		}
		_, err = lc.do(ctx, "GET", "/_mock/builds/"+got.BuildID, "", nil, nil, &build)
		require.NoError(t, err)
		assert.Equal(t, j.id, build.MetaData[fmt.Sprintf("load-%d", i)], "job %d: meta-data", i)
	}

	logMiB := float64(totalLog(jobs)) / (1 << 20)
	// Every cut-off upload reached the mock and was refused (nothing else
	// was), so the byte-exact logs above prove it stored nothing of them.
	assert.Equal(t, aborts.Load(), refused.n.Load(), "uploads cut off vs 4xx answers of the mock")
	all := slices.Concat(lats...)
	slices.Sort(all)
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heapWithLogs := ms.HeapInuse
	if p := os.Getenv("LOAD_HEAPPROFILE"); p != "" { // what holds the heap while the mock holds every log
		f, err := os.Create(p)
		require.NoError(t, err)
		require.NoError(t, pprof.WriteHeapProfile(f))
		require.NoError(t, f.Close())
	}
	assert.Less(t, heapWithLogs, size.heapBound, "HeapInuse after GC with every log held")

	ts.Close()
	transport.CloseIdleConnections()
	leaked := settleGoroutines(goroutinesBefore, 10*time.Second)
	assert.LessOrEqual(t, leaked, 0, "goroutines left after shutdown:\n%s", goroutineDump())
	refusedN := refused.n.Load()
	srv, refused, ts, lc, jobs = nil, nil, nil, nil, jobs[:0:0]
	ms = settleHeap(16<<20, 10*time.Second) // the server's last connection goroutines may still hold it for a moment
	heapAfter, liveAfter := ms.HeapInuse, ms.HeapAlloc
	// Live bytes show a leak; in-use spans also hold fragmentation, so their bound is looser.
	assert.Less(t, liveAfter, uint64(16<<20), "HeapAlloc after GC once the mock is gone")
	assert.Less(t, heapAfter, uint64(64<<20), "HeapInuse after GC once the mock is gone")

	res := loadReport{
		Agents: size.agents, Chunks: size.chunks, Requests: len(all), Seconds: elapsed.Seconds(),
		ReqPerSec: float64(len(all)) / elapsed.Seconds(), P50: pct(all, 50), P99: pct(all, 99), Max: all[len(all)-1],
		HeapInuseMiB: float64(heapWithLogs) / (1 << 20), HeapAfterMiB: float64(heapAfter) / (1 << 20), LiveAfterMiB: float64(liveAfter) / (1 << 20), LogMiB: logMiB,
		Race: raceEnabled, Aborted: aborts.Load(), Refused: refusedN,
	}
	t.Logf("mock load: %d agents x %d chunks, %d requests in %.2fs = %.0f req/s, p50 %v, p99 %v, max %v, HeapInuse %.1f MiB holding %.1f MiB of logs, %.1f MiB after shutdown (%.1f MiB live); %d uploads cut off, %d refused (race detector: %v)",
		res.Agents, res.Chunks, res.Requests, res.Seconds, res.ReqPerSec, res.P50, res.P99, res.Max, res.HeapInuseMiB, res.LogMiB, res.HeapAfterMiB, res.LiveAfterMiB, res.Aborted, res.Refused, res.Race)
	if p := os.Getenv("LOAD_REPORT"); p != "" {
		data, err := json.MarshalIndent(res, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(p, append(data, '\n'), 0o644))
	}
}

// loadReport is what LOAD_REPORT receives.
type loadReport struct {
	Agents, Chunks, Requests int
	Seconds, ReqPerSec       float64
	P50, P99, Max            time.Duration
	HeapInuseMiB, LogMiB     float64
	HeapAfterMiB             float64 // HeapInuse after shutdown
	LiveAfterMiB             float64 // HeapAlloc after shutdown
	Aborted, Refused         int64   // uploads cut off halfway; 4xx answers of the mock
	Race                     bool
}

type loadJob struct {
	id  string
	log []byte
}

func totalLog(jobs []loadJob) int {
	n := 0
	for _, j := range jobs {
		n += len(j.log)
	}
	return n
}

// agentLog is agent i's log: chunks lines of varying length, so chunk sizes
// and offsets differ from agent to agent.
func agentLog(i, chunks int) []byte {
	var b bytes.Buffer
	for c := range chunks {
		fmt.Fprintf(&b, "agent %03d chunk %04d %s\n", i, c, bytes.Repeat([]byte{'a' + byte((i+c)%26)}, (i*7+c*13)%97))
	}
	return b.Bytes()
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[(len(sorted)-1)*p/100]
}

// settleGoroutines waits until the goroutine count is back to before (idle
// connections and server goroutines exit asynchronously) and returns how
// many more there still are.
func settleGoroutines(before int, wait time.Duration) int {
	deadline := time.Now().Add(wait)
	for {
		extra := runtime.NumGoroutine() - before
		if extra <= 0 || time.Now().After(deadline) {
			return extra
		}
		runtime.Gosched()
		time.Sleep(20 * time.Millisecond) // polling for goroutines to exit, not timing logic
	}
}

// settleHeap collects garbage until live heap bytes are below bound or
// wait has passed, and returns the last statistics.
func settleHeap(bound uint64, wait time.Duration) runtime.MemStats {
	deadline := time.Now().Add(wait)
	var ms runtime.MemStats
	for {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc < bound || time.Now().After(deadline) {
			return ms
		}
		time.Sleep(50 * time.Millisecond) // polling for goroutines to let go, not timing logic
	}
}

func goroutineDump() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

// refusalCounter counts the 4xx answers of the handler it wraps.
type refusalCounter struct {
	h http.Handler
	n atomic.Int64
}

func (c *refusalCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusWriter{ResponseWriter: w}
	c.h.ServeHTTP(rec, r)
	if rec.status >= 400 && rec.status < 500 {
		c.n.Add(1)
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}
