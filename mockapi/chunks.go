package mockapi

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

type chunkQuery struct {
	sequence, offset, size int
}

func parseChunkQuery(r *http.Request) (chunkQuery, error) {
	q := r.URL.Query()
	var out chunkQuery
	for _, f := range []struct {
		name string
		min  int
		dst  *int
	}{{"sequence", 1, &out.sequence}, {"offset", 0, &out.offset}, {"size", 0, &out.size}} {
		v := q.Get(f.name)
		n, err := strconv.Atoi(v)
		if err != nil || n < f.min {
			return out, badRequest("Query parameter %s must be an integer >= %d, got %q", f.name, f.min, v)
		}
		*f.dst = n
	}
	if out.size > maxChunkBody {
		return out, tooLarge("A chunk may hold at most %d bytes", maxChunkBody)
	}
	return out, nil
}

// readChunk reads the chunk body, checks that its decoded length is size,
// and returns it gzip-compressed: the agent's gzip body as sent (it is only
// streamed through a decoder to count its bytes), or a plain body compressed
// here. Logs are held compressed, so a 1 GiB log costs its compressed size.
func readChunk(w http.ResponseWriter, r *http.Request, size int) ([]byte, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxChunkBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge("A chunk body may be at most %d bytes", maxChunkBody)
		}
		return nil, badRequest("Could not read the chunk body: %v", err)
	}
	if !strings.EqualFold(strings.TrimSpace(r.Header.Get("Content-Encoding")), "gzip") {
		if len(raw) != size {
			return nil, badState("size=%d does not match the chunk's uncompressed length", size)
		}
		return compress(raw), nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, badRequest("The chunk body is not gzip data: %v", err)
	}
	n, err := io.Copy(io.Discard, io.LimitReader(zr, int64(size)+1))
	if err != nil {
		return nil, badRequest("The chunk body is not valid gzip data: %v", err)
	}
	if n != int64(size) {
		return nil, badState("size=%d does not match the chunk's uncompressed length", size)
	}
	// io.ReadAll's buffer grows by doubling; the chunk is kept for the
	// job's life, so keep exactly its bytes.
	return bytes.Clone(raw), nil
}

// compress gzips data (fast level: chunks are small and arrive often).
func compress(data []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed) // a valid level never errs
	_, _ = zw.Write(data)                              // a bytes.Buffer never errs
	_ = zw.Close()
	return bytes.Clone(buf.Bytes())
}

type chunkResponse struct {
	Sequence int `json:"sequence"`
	Offset   int `json:"offset"`
	Size     int `json:"size"`
}

// chunk stores a piece of a job's log. Stored bytes are never changed: a
// resent sequence is accepted and ignored, a chunk overlapping another
// sequence's bytes is refused.
func (s *Server) chunk(w http.ResponseWriter, r *http.Request) (int, any, error) {
	// Authorize before reading the body.
	if _, _, err := s.jobCall(r, func(st *state, j *jobRec) (int, any, error) { return 0, nil, logOpen(j) }); err != nil {
		return 0, nil, err
	}
	q, err := parseChunkQuery(r)
	if err != nil {
		return 0, nil, err
	}
	data, err := readChunk(w, r, q.size)
	if err != nil {
		return 0, nil, err
	}
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		if err := logOpen(j); err != nil {
			return 0, nil, err
		}
		resp := chunkResponse{Sequence: q.sequence, Offset: q.offset, Size: q.size}
		if old, ok := j.chunks[q.sequence]; ok {
			if s.drifted(DriftChunkOverwrite) {
				j.logBytes += q.size - old.size
				st.logBytes += int64(len(data) - len(old.gz))
				old.offset, old.size, old.gz = q.offset, q.size, data
				sort.SliceStable(j.spans, func(a, b int) bool { return j.spans[a].offset < j.spans[b].offset })
			}
			return http.StatusCreated, resp, nil
		}
		i, overlap := placeChunk(j.spans, q.offset, q.size)
		if overlap != nil {
			return 0, nil, badState("Chunk %d overlaps the log bytes of chunk %d: stored log bytes can not be rewritten", q.sequence, overlap.seq)
		}
		if j.logBytes+q.size > maxJobLog {
			return 0, nil, tooLarge("The job's log has reached the limit of %d bytes (1 GiB)", maxJobLog)
		}
		if st.logBytes+int64(len(data)) > maxHeldLog {
			return 0, nil, tooLarge("The mock holds at most %d bytes of compressed logs", maxHeldLog)
		}
		if len(j.chunks) >= maxChunksPerJob {
			return 0, nil, forbidden("The job has reached the mock's limit of %d chunks", maxChunksPerJob)
		}
		c := &chunkRec{seq: q.sequence, offset: q.offset, size: q.size, gz: data}
		if j.chunks == nil {
			j.chunks = map[int]*chunkRec{}
		}
		j.chunks[q.sequence] = c
		j.spans = append(j.spans, nil)
		copy(j.spans[i+1:], j.spans[i:])
		j.spans[i] = c
		j.logBytes += q.size
		st.logBytes += int64(len(data))
		return http.StatusCreated, resp, nil
	})
}

// placeChunk finds where a chunk of n bytes at offset goes in spans (sorted
// by offset, non-empty chunks never overlapping) and the stored chunk its
// bytes would overlap, if any. Agents send chunks mostly in order, so this is
// a binary search and, at most, a step past empty chunks.
func placeChunk(spans []*chunkRec, offset, n int) (int, *chunkRec) {
	i := sort.Search(len(spans), func(k int) bool { return spans[k].offset >= offset })
	if i > 0 && spans[i-1].offset+spans[i-1].size > offset {
		return i, spans[i-1]
	}
	for k := i; k < len(spans) && spans[k].offset < offset+n; k++ {
		if spans[k].size > 0 {
			return i, spans[k]
		}
	}
	return i, nil
}

func logOpen(j *jobRec) error {
	if !j.started || j.terminal() {
		return badState("Log chunks can only be sent while the job runs: it is %s", notRunning(j))
	}
	return nil
}

// writeLog writes a job's log, its chunks decoded in offset order.
func writeLog(w io.Writer, j *jobRec) error {
	for _, c := range j.spans {
		zr, err := gzip.NewReader(bytes.NewReader(c.gz))
		if err != nil {
			return err // the mock checked every chunk when it stored it
		}
		if _, err := io.Copy(w, zr); err != nil {
			return err
		}
	}
	return nil
}

// controlJobLog streams a job's whole log as text/plain (GET
// /_mock/jobs/{id}/log); GET /_mock/jobs/{id} inlines logs up to
// maxInlineLog bytes only. The chunks are copied under the lock and decoded
// after it, so a large log does not hold the mock up.
func (s *Server) controlJobLog(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	j := s.st.jobs[r.PathValue("id")]
	var copyOf jobRec
	if j != nil {
		for _, c := range j.spans {
			cc := *c // the drift switch may rewrite a stored chunk
			copyOf.spans = append(copyOf.spans, &cc)
		}
		copyOf.logBytes = j.logBytes
	}
	s.mu.Unlock()
	if j == nil {
		writeError(w, notFound("No job found with id %q", r.PathValue("id")))
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(copyOf.logBytes))
	_ = writeLog(w, &copyOf) // a failed write is the client going away
}
