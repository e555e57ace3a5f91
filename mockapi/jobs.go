package mockapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// jobJSON is the Job object accept and acquire answer with: what the agent
// needs to run the job's command.
type jobJSON struct {
	ID                    string            `json:"id"`
	Endpoint              string            `json:"endpoint"`
	State                 string            `json:"state"`
	Env                   map[string]string `json:"env"`
	ChunksMaxSizeBytes    int               `json:"chunks_max_size_bytes"`
	ChunksIntervalSeconds int               `json:"chunks_interval_seconds"`
	LogMaxSizeBytes       int               `json:"log_max_size_bytes"`
	Token                 string            `json:"token,omitempty"`
	RunnableAt            string            `json:"runnable_at"`
}

func (s *Server) jobJSON(st *state, j *jobRec, a *agentRec) jobJSON {
	org := st.org(j.orgUUID)
	b := st.builds[j.buildID]
	env := map[string]string{}
	for k, v := range j.extraEnv {
		env[k] = v
	}
	for k, v := range map[string]string{
		"BUILDKITE_JOB_ID":                j.id,
		"BUILDKITE_BUILD_ID":              b.id,
		"BUILDKITE_BUILD_NUMBER":          strconv.Itoa(b.number),
		"BUILDKITE_BUILD_URL":             fmt.Sprintf("https://buildkite.com/%s/%s/builds/%d", org.slug, b.pipeline, b.number),
		"BUILDKITE_REPO":                  fmt.Sprintf("https://example.invalid/%s/%s.git", org.slug, b.pipeline),
		"BUILDKITE_COMMIT":                "HEAD",
		"BUILDKITE_BRANCH":                "main",
		"BUILDKITE_AGENT_NAME":            a.name,
		"BUILDKITE_AGENT_ID":              a.id,
		"BUILDKITE_ORGANIZATION_SLUG":     org.slug,
		"BUILDKITE_PIPELINE_SLUG":         b.pipeline,
		"BUILDKITE_PIPELINE_PROVIDER":     "github",
		"BUILDKITE_SKIP_CHECKOUT":         "true",
		"BUILDKITE_COMMAND":               j.command,
		"BUILDKITE_LABEL":                 j.label,
		"BUILDKITE_AGENT_META_DATA_QUEUE": j.queue,
		"BUILDKITE_STEP_ID":               j.stepID,
	} {
		env[k] = v
	}
	if j.stepKey != "" {
		env["BUILDKITE_STEP_KEY"] = j.stepKey
	}
	return jobJSON{
		ID: j.id, State: j.state, Env: env, Token: j.token,
		ChunksMaxSizeBytes: chunkMaxSize, ChunksIntervalSeconds: 1, LogMaxSizeBytes: maxJobLog,
		RunnableAt: j.runnableAt.Format(time.RFC3339Nano),
	}
}

func (s *Server) accept(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.takeJob(r, false)
}

func (s *Server) acquire(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.takeJob(r, true)
}

// takeJob accepts a job dispatched to the agent or, for acquire, a scheduled
// job the agent names, and issues its job token.
func (s *Server) takeJob(r *http.Request, acquire bool) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	p, err := st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	a, err := needAgent(p)
	if err != nil {
		return 0, nil, err
	}
	j, err := st.findJob(p, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	if held := st.jobs[a.jobID]; held != nil && held != j && !held.terminal() {
		return 0, nil, badState("This agent already holds job %s", held.id)
	}
	switch {
	case j.state == jobAssigned && j.agentID == a.id:
	case acquire && j.state == jobScheduled:
	case j.state == jobScheduled || j.state == jobAssigned:
		return 0, nil, badState("The job is not assigned to this agent")
	default:
		return 0, nil, badState("The job can not be accepted: it is %s", j.state)
	}
	j.state, j.agentID, a.jobID = jobAccepted, a.id, j.id
	j.acceptedTime = st.now().UTC()
	if st.jobTokens {
		j.token = st.gen.jobToken(j.id, j.orgUUID, j.acceptedTime)
		st.addToken(kindJob, j.id, j.token)
	}
	return http.StatusOK, s.jobJSON(st, j, a), nil
}

// jobCall runs fn for a lifecycle call on the job in the path.
func (s *Server) jobCall(r *http.Request, fn func(*state, *jobRec) (int, any, error)) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	j, err := s.st.lifecycleJob(p, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	return fn(s.st, j)
}

type jobStateResponse struct {
	State string `json:"state"`
}

func (s *Server) jobState(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		return http.StatusOK, jobStateResponse{State: j.state}, nil
	})
}

type lifecycleResponse struct {
	ID           string `json:"id"`
	State        string `json:"state"`
	StartedAt    string `json:"started_at,omitempty"`
	FinishedAt   string `json:"finished_at,omitempty"`
	ExitStatus   string `json:"exit_status,omitempty"`
	Signal       string `json:"signal,omitempty"`
	SignalReason string `json:"signal_reason,omitempty"`
}

func lifecycleOf(j *jobRec) lifecycleResponse {
	resp := lifecycleResponse{ID: j.id, State: j.state, ExitStatus: j.exitStatus, Signal: j.signal, SignalReason: j.signalReason}
	if j.started {
		resp.StartedAt = j.startedAt.Format(time.RFC3339Nano)
	}
	if j.terminal() && !j.finishedAt.IsZero() {
		resp.FinishedAt = j.finishedAt.Format(time.RFC3339Nano)
	}
	return resp
}

type startRequest struct {
	StartedAt string `json:"started_at"`
}

func (s *Server) start(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		var req startRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		at, err := timeOr(req.StartedAt, st.now)
		if err != nil {
			return 0, nil, err
		}
		if j.started || (j.state != jobAccepted && j.state != jobCanceling) {
			return 0, nil, badState("The job can not be started: it is %s", startedState(j))
		}
		j.started, j.startedAt = true, at
		if j.state == jobAccepted {
			j.state = jobRunning
		}
		return http.StatusOK, lifecycleOf(j), nil
	})
}

func startedState(j *jobRec) string {
	if j.started && !j.terminal() {
		return "already started"
	}
	return j.state
}

// flexString accepts a JSON string or number (docs may send exit_status: 0).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number, got %s", b)
	}
	*f = flexString(n.String())
	return nil
}

type finishRequest struct {
	ExitStatus              *flexString `json:"exit_status"`
	Signal                  string      `json:"signal"`
	SignalReason            string      `json:"signal_reason"`
	FinishedAt              string      `json:"finished_at"`
	ChunksFailedCount       int         `json:"chunks_failed_count"`
	IgnoreAgentInDispatches bool        `json:"ignore_agent_in_dispatches"`
}

func (s *Server) finish(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		var req finishRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if req.ExitStatus == nil {
			return 0, nil, badRequest("exit_status is required")
		}
		at, err := timeOr(req.FinishedAt, st.now)
		if err != nil {
			return 0, nil, err
		}
		if !j.started || j.terminal() {
			return 0, nil, badState("The job can not be finished: it is %s", notRunning(j))
		}
		j.exitStatus, j.signal, j.signalReason = string(*req.ExitStatus), req.Signal, req.SignalReason
		if j.promise != nil && j.exitStatus == "0" {
			// A promised failure is binding: a later success records it instead.
			j.exitStatus = strconv.Itoa(j.promise.ExitStatus)
		}
		j.chunksFailed, j.finishedAt = req.ChunksFailedCount, at
		if j.state == jobCanceling {
			j.state = jobCanceled
		} else {
			j.state = jobFinished
		}
		if a := st.agents[j.agentID]; a != nil && req.IgnoreAgentInDispatches {
			a.ignoreDispatch = true
		}
		return http.StatusOK, lifecycleOf(j), nil
	})
}

func notRunning(j *jobRec) string {
	if !j.started && !j.terminal() {
		return j.state + ", not running"
	}
	return j.state
}

func (s *Server) jobUpdate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		var req map[string]string
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if len(req) == 0 {
			return 0, nil, badRequest("Send at least one attribute to update, e.g. {\"timeout_in_minutes\": \"30\"}")
		}
		if j.terminal() {
			return 0, nil, badState("The job can not be updated: it is %s", j.state)
		}
		if j.updates == nil {
			j.updates = map[string]string{}
		}
		for k, v := range req {
			j.updates[k] = v
		}
		return http.StatusOK, map[string]string{"id": j.id}, nil
	})
}

type headerTimesRequest struct {
	HeaderTimes map[string]string `json:"header_times"`
}

func (s *Server) headerTimes(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		var req headerTimesRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if !j.started || j.terminal() {
			return 0, nil, badState("Header times can only be sent while the job runs: it is %s", notRunning(j))
		}
		added := 0
		for k := range req.HeaderTimes {
			if _, ok := j.headerTimes[k]; !ok {
				added++
			}
		}
		if len(j.headerTimes)+added > maxPerBuild {
			return 0, nil, forbidden("The job has reached the mock's limit of %d header times", maxPerBuild)
		}
		if j.headerTimes == nil {
			j.headerTimes = map[string]string{}
		}
		for k, v := range req.HeaderTimes {
			j.headerTimes[k] = v
		}
		return http.StatusOK, struct{}{}, nil
	})
}

// timeOr parses an RFC 3339 time, or returns now when v is empty.
func timeOr(v string, now func() time.Time) (time.Time, error) {
	if v == "" {
		return now().UTC(), nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, badRequest("%q is not an RFC 3339 time", v)
	}
	return t.UTC(), nil
}
