package mockapi

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"
)

// `buildkite-agent job promise-failure` (agents from v3.138): a running job
// declares early that it will fail, so the build can start failing before
// the job ends. The job keeps running and finishes as usual.

// promiseRec is a job's declared failure.
type promiseRec struct {
	ExitStatus int    `json:"exit_status"`
	Reason     string `json:"reason,omitempty"`
	DeclaredAt string `json:"declared_at"`
}

type promiseRequest struct {
	ExitStatus json.RawMessage `json:"exit_status"`
	Reason     string          `json:"reason"`
}

// promiseFailure answers 204 with no body, as the agent's client documents;
// the same exit status again is 204 too, a different one 409, and a job that
// is not running 422.
func (s *Server) promiseFailure(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		var req promiseRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		status, err := strconv.ParseInt(string(req.ExitStatus), 10, 64)
		if err != nil || status == 0 || status < math.MinInt32 || status > math.MaxInt32 {
			return 0, nil, badState("exit_status must be a non-zero integer, got %s", orNothing(req.ExitStatus))
		}
		if !j.started || j.terminal() {
			return 0, nil, badState("A failure can only be promised while the job runs: it is %s", notRunning(j))
		}
		if j.promise != nil {
			if j.promise.ExitStatus != int(status) {
				return 0, nil, conflict("The job already promised exit status %d", j.promise.ExitStatus)
			}
			return http.StatusNoContent, nil, nil
		}
		if len(req.Reason) > maxJSONBody/2 {
			return 0, nil, tooLarge("reason may be at most %d bytes", maxJSONBody/2)
		}
		j.promise = &promiseRec{ExitStatus: int(status), Reason: req.Reason,
			DeclaredAt: st.now().UTC().Format(time.RFC3339Nano)}
		return http.StatusNoContent, nil, nil
	})
}

func orNothing(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	return string(raw)
}
