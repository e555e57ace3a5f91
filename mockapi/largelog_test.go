package mockapi_test

import (
	"bufio"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var largeLogMB = flag.Int("largelog.mb", 4, "log size TestLargeLog sends, in MB (the issue's measurement: 200)")

// logLines writes n bytes of build-log-like text: timestamps, package paths,
// durations and hashes, so it compresses about as well as a real log.
func logLines(w io.Writer, n int) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"compiled", "tested", "linted", "cached", "uploaded", "downloaded", "skipped"}
	written := 0
	for written < n {
		line := fmt.Sprintf("2026-01-15T09:%02d:%02d.%03dZ [worker-%d] %s pkg/%s/file_%d.go in %dms sha=%016x\n",
			rng.IntN(60), rng.IntN(60), rng.IntN(1000), rng.IntN(32), words[rng.IntN(len(words))],
			words[rng.IntN(len(words))], rng.IntN(5000), rng.IntN(2000), rng.Uint64())
		if written+len(line) > n {
			line = line[:n-written]
		}
		k, _ := io.WriteString(w, line)
		written += k
	}
}

// TestLargeLog sends a job log in the agent's 100 KiB gzip chunks and checks
// that the mock holds it compressed: the heap grows by well under the log's
// size, and the log read back (streamed) is byte-exact. With -largelog.mb=200
// -v it prints the numbers the issue asks for (heap in use and the process's
// peak RSS): go test -run '^TestLargeLog$' -count=1 -v ./mockapi -largelog.mb=200
func TestLargeLog(t *testing.T) {
	size := *largeLogMB * 1000 * 1000
	h := newHarness(t)
	_, jobID, tok := h.runningJob()

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	pr, pw := io.Pipe()
	go func() { logLines(pw, size); _ = pw.Close() }()
	want := sha256.New()
	r := bufio.NewReaderSize(io.TeeReader(pr, want), 1<<20)
	buf := make([]byte, 100<<10) // the agent's chunks_max_size_bytes
	offset, seq := 0, 1
	for {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			res := h.sendChunk(tok, jobID, seq, offset, string(buf[:n]))
			require.Equal(t, 201, res.Status, "chunk %d: %s", seq, res.Body)
			offset += n
			seq++
		}
		if err != nil {
			require.ErrorIs(t, err, io.ErrUnexpectedEOF, "or io.EOF") // the last chunk may be short
			break
		}
	}
	require.Equal(t, size, offset)

	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("log %d MB in %d chunks: heap in use grew %.1f MB (%.2f of the log); peak RSS %s",
		size/1000/1000, seq-1, float64(grown)/1e6, float64(grown)/float64(size), peakRSS())
	assert.Less(t, grown, int64(size)/2, "the log is held compressed, not as plain bytes")

	j := h.controlJob(jobID)
	assert.Equal(t, float64(size), j["log_bytes"])
	if size > 16<<20 {
		assert.Empty(t, j["log"], "a log over 16 MiB is not inlined")
	}
	w := httptest.NewRecorder()
	got := sha256.New()
	h.srv.ServeHTTP(&hashWriter{ResponseRecorder: w, h: got}, httptest.NewRequest("GET", j["log_url"].(string), nil))
	assert.Equal(t, 200, w.Code)
	assert.Equal(t, fmt.Sprint(size), w.Header().Get("Content-Length"))
	assert.Equal(t, want.Sum(nil), got.Sum(nil), "the log streamed back is byte-exact")
}

// hashWriter hashes a response body instead of keeping it.
type hashWriter struct {
	*httptest.ResponseRecorder
	h io.Writer
}

func (w *hashWriter) Write(p []byte) (int, error) { return w.h.Write(p) }

// peakRSS is the process's peak resident set size (VmHWM), where Linux says.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
