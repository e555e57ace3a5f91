package mockapi_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChunks(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	plain := func(seq, offset, size int, body string) resp {
		return h.do(req{method: "POST", path: chunkPath(jobID, seq, offset, size), token: tok, body: body,
			header: map[string]string{"Content-Type": "text/plain"}})
	}
	gzipped := func(seq, offset, size int, body []byte) resp {
		return h.do(req{method: "POST", path: chunkPath(jobID, seq, offset, size), token: tok, body: body,
			header: map[string]string{"Content-Encoding": "gzip"}})
	}
	tests := []struct {
		name   string
		send   func() resp
		status int
		msg    string
	}{
		{"third chunk first (out of order)", func() resp { return h.sendChunk(tok, jobID, 3, 23, "All tests passed\n") }, 201, ""},
		{"first chunk, gzip", func() resp { return h.sendChunk(tok, jobID, 1, 0, "Running tests\n") }, 201, ""},
		{"second chunk, plain", func() resp { return plain(2, 14, 9, "3 failed\n") }, 201, ""},
		{"resend of sequence 1 with other bytes is ignored", func() resp { return plain(1, 0, 14, "All passed!!!\n") }, 201, ""},
		{"new sequence overlapping stored bytes", func() resp { return plain(4, 10, 5, "xxxxx") }, 422, "overlaps"},
		{"size does not match", func() resp { return plain(5, 40, 3, "four") }, 422, "size=3"},
		{"gzip size does not match", func() resp { return gzipped(5, 40, 3, gz(t, "four")) }, 422, "size=3"},
		{"gzip header on plain bytes", func() resp { return gzipped(5, 40, 4, []byte("four")) }, 400, "gzip"},
		{"missing sequence", func() resp {
			return h.do(req{method: "POST", path: "/v3/jobs/" + jobID + "/chunks?offset=0&size=1", token: tok, body: "x"})
		}, 400, "sequence"},
		{"sequence 0", func() resp { return plain(0, 40, 1, "x") }, 400, "sequence"},
		{"negative offset", func() resp { return plain(5, -1, 1, "x") }, 400, "offset"},
		{"oversized size", func() resp { return plain(5, 40, 6<<20, "x") }, 413, "at most"},
		{"oversized body", func() resp { return plain(5, 40, 1, strings.Repeat("x", 5<<20+1)) }, 413, "at most"},
		{"gzip bomb is cut at size", func() resp { return gzipped(5, 40, 10, gz(t, strings.Repeat("x", 1<<20))) }, 422, "size=10"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.send()
			require.Equal(t, tc.status, r.Status, "%s", r.Body)
			if tc.msg != "" {
				assert.Contains(t, r.Message(t), tc.msg)
			}
		})
	}
	assert.Equal(t, "Running tests\n3 failed\nAll tests passed\n", h.controlJob(jobID)["log"])
	assert.Equal(t, 405, h.call("DELETE", "/v3/jobs/"+jobID+"/chunks", tok, nil).Status)
	assert.Equal(t, 405, h.call("PUT", chunkPath(jobID, 1, 0, 1), tok, "x").Status)
	assert.Equal(t, 404, h.call("DELETE", "/v3/jobs/"+jobID+"/log", tok, nil).Status)
}

func TestChunkResponse(t *testing.T) {
	h := newHarness(t)
	_, jobID, tok := h.runningJob()
	r := h.sendChunk(tok, jobID, 1, 0, "hello\n")
	assert.Equal(t, `{"sequence":1,"offset":0,"size":6}`+"\n", string(r.Body))
}

// Overlap rules, including empty chunks (the agent sends none, curl may).
func TestChunkOverlaps(t *testing.T) {
	tests := []struct {
		name   string
		chunks [][2]int // offset, size, sent in order as sequences 1, 2, ...
		last   int      // status of the last chunk
	}{
		{"adjacent", [][2]int{{0, 4}, {4, 4}}, 201},
		{"gap then fill", [][2]int{{8, 4}, {0, 4}, {4, 4}}, 201},
		{"inside", [][2]int{{0, 8}, {2, 2}}, 422},
		{"straddles the start", [][2]int{{4, 4}, {2, 4}}, 422},
		{"covers", [][2]int{{4, 2}, {0, 10}}, 422},
		{"empty at a boundary", [][2]int{{0, 4}, {4, 0}}, 201},
		{"empty inside", [][2]int{{0, 4}, {2, 0}}, 422},
		{"across an empty chunk into another", [][2]int{{5, 0}, {6, 4}, {3, 4}}, 422},
		{"up to an empty chunk", [][2]int{{5, 0}, {6, 4}, {1, 4}}, 201},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			_, jobID, tok := h.runningJob()
			for i, c := range tc.chunks {
				r := h.sendChunk(tok, jobID, i+1, c[0], strings.Repeat("x", c[1]))
				want := 201
				if i == len(tc.chunks)-1 {
					want = tc.last
				}
				require.Equal(t, want, r.Status, "chunk %d: %s", i+1, r.Body)
			}
		})
	}
}
