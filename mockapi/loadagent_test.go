package mockapi_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// loadClient sends the load test's requests over HTTP.
type loadClient struct {
	base string
	c    *http.Client
}

// do sends one request and decodes a 2xx JSON answer into out (when not nil).
// body is JSON-encoded unless it is []byte; header adds headers. It returns
// how long the request took, and an error for any non-2xx answer.
func (lc *loadClient) do(ctx context.Context, method, path, token string, body any, header map[string]string, out any) (time.Duration, error) {
	var rd io.Reader = http.NoBody
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, lc.base+path, rd)
	if err != nil {
		return 0, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Token "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	start := time.Now()
	res, err := lc.c.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	data, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	took := time.Since(start)
	if err != nil {
		return took, fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if res.StatusCode/100 != 2 {
		return took, fmt.Errorf("%s %s: status %d: %s", method, path, res.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return took, fmt.Errorf("%s %s: %w: %s", method, path, err, data)
		}
	}
	return took, nil
}

// loadAgent plays one buildkite-agent through a job's whole life.
type loadAgent struct {
	lc       *loadClient
	index    int
	regToken string
	rng      *rand.Rand
	mu       sync.Mutex
	lat      []time.Duration
	aborts   *atomic.Int64 // uploads cut off halfway, for the whole test
}

func (a *loadAgent) call(ctx context.Context, method, path, token string, body any, header map[string]string, out any) error {
	took, err := a.lc.do(ctx, method, path, token, body, header, out)
	a.mu.Lock()
	a.lat = append(a.lat, took)
	a.mu.Unlock()
	return err
}

// maxPings bounds the wait for a dispatch: every job exists before any
// agent registers, so the first ping normally carries it.
const maxPings = 50

func (a *loadAgent) run(ctx context.Context, job *loadJob) error {
	var reg struct {
		AccessToken string `json:"access_token"`
	}
	meta := map[string]any{"name": fmt.Sprintf("load-%d", a.index), "hostname": "load", "meta_data": []string{"queue=load"}}
	if err := a.call(ctx, "POST", "/v3/register", a.regToken, meta, nil, &reg); err != nil {
		return err
	}
	session := reg.AccessToken
	if err := a.call(ctx, "POST", "/v3/connect", session, nil, nil, nil); err != nil {
		return err
	}
	for range maxPings {
		var ping struct {
			Job *struct {
				ID string `json:"id"`
			} `json:"job"`
		}
		if err := a.call(ctx, "GET", "/v3/ping", session, nil, nil, &ping); err != nil {
			return err
		}
		if ping.Job != nil {
			job.id = ping.Job.ID
			break
		}
	}
	if job.id == "" {
		return fmt.Errorf("no job dispatched after %d pings", maxPings)
	}
	jobPath := "/v3/jobs/" + job.id
	var acc struct {
		Token string `json:"token"`
	}
	if err := a.call(ctx, "PUT", jobPath+"/accept", session, nil, nil, &acc); err != nil {
		return err
	}
	tok := acc.Token
	if err := a.call(ctx, "PUT", jobPath+"/start", tok, map[string]string{"started_at": time.Now().UTC().Format(time.RFC3339)}, nil, nil); err != nil {
		return err
	}
	if err := a.stream(ctx, jobPath, tok, job.log); err != nil {
		return err
	}
	kv := map[string]string{"key": fmt.Sprintf("load-%d", a.index), "value": job.id}
	if err := a.call(ctx, "POST", jobPath+"/data/set", tok, kv, nil, nil); err != nil {
		return err
	}
	if err := a.call(ctx, "PUT", jobPath+"/finish", tok, map[string]any{"exit_status": "0", "chunks_failed_count": 0}, nil, nil); err != nil {
		return err
	}
	return a.call(ctx, "POST", "/v3/disconnect", session, nil, nil, nil)
}

// logChunk is one piece of the log as the agent uploads it.
type logChunk struct {
	seq, offset int
	data        []byte
}

// stream uploads the log one line per chunk, like the agent's log streamer:
// up to 3 uploads in flight, taken out of order from a window of 3, 10% of
// them sent a second time (a retry after a lost answer) and 5% first cut
// off halfway (a connection lost mid-upload).
func (a *loadAgent) stream(ctx context.Context, jobPath, tok string, log []byte) error {
	var chunks []logChunk
	for off := 0; off < len(log); {
		end := bytes.IndexByte(log[off:], '\n') + off + 1
		chunks = append(chunks, logChunk{seq: len(chunks) + 1, offset: off, data: log[off:end]})
		off = end
	}
	order := make([]logChunk, 0, len(chunks))
	for i := 0; i < len(chunks); i += 3 {
		w := chunks[i:min(i+3, len(chunks))]
		for _, k := range a.rng.Perm(len(w)) {
			order = append(order, w[k])
		}
	}
	resend, abort := make([]bool, len(order)), make([]bool, len(order))
	for i := range resend {
		resend[i] = a.rng.IntN(10) == 0
		abort[i] = a.rng.IntN(20) == 0
	}

	sem := make(chan struct{}, 3)
	errs := make(chan error, len(order))
	var wg sync.WaitGroup
	for i, c := range order {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if abort[i] {
				a.abortedUpload(ctx, jobPath, tok, c)
				a.aborts.Add(1)
			}
			for range 1 + boolInt(resend[i]) {
				if err := a.upload(ctx, jobPath, tok, c); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs // nil when the channel is empty
}

func (a *loadAgent) upload(ctx context.Context, jobPath, tok string, c logChunk) error {
	body, err := gzipped(c.data)
	if err != nil {
		return err
	}
	return a.call(ctx, "POST", chunkURL(jobPath, c), tok, body, map[string]string{"Content-Encoding": "gzip", "Content-Type": "text/plain"}, nil)
}

// abortedUpload is the fault of a connection lost mid-upload: the body stops
// after half its bytes and the request is abandoned. The mock must store
// nothing of it, so the full upload that follows lands intact.
func (a *loadAgent) abortedUpload(ctx context.Context, jobPath, tok string, c logChunk) {
	body, err := gzipped(c.data)
	if err != nil {
		return
	}
	rd := io.MultiReader(bytes.NewReader(body[:len(body)/2]), errReader{})
	req, err := http.NewRequestWithContext(ctx, "POST", a.lc.base+chunkURL(jobPath, c), rd)
	if err != nil {
		return
	}
	req.ContentLength = int64(len(body))
	req.Header.Set("Authorization", "Token "+tok)
	req.Header.Set("Content-Encoding", "gzip")
	if res, err := a.lc.c.Do(req); err == nil { // the client gives up on its own; nothing to read
		_ = res.Body.Close()
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection lost mid-upload") }

func gzipped(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func chunkURL(jobPath string, c logChunk) string {
	return jobPath + "/chunks?sequence=" + strconv.Itoa(c.seq) + "&offset=" + strconv.Itoa(c.offset) + "&size=" + strconv.Itoa(len(c.data))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
