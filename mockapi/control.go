package mockapi

import (
	"maps"
	"net/http"
	"strings"
	"time"
)

// The control API (/_mock/) drives the mock from tests and tools: it creates
// jobs, shows what agents did, cancels jobs and resets the fixture. It takes
// no token.

type createJobRequest struct {
	Command  string            `json:"command"`
	Org      string            `json:"org"`
	Queue    string            `json:"queue"`
	Pipeline string            `json:"pipeline"`
	Label    string            `json:"label"`
	Env      map[string]string `json:"env"`
	Cluster  string            `json:"cluster"` // uuid or name of a cluster of org (its secrets too); "" for an unclustered job
}

type createJobResponse struct {
	ID      string `json:"id"`
	BuildID string `json:"build_id"`
}

func (s *Server) controlCreateJob(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req createJobRequest
	if err := decodeJSON(w, r, maxJSONBody, &req); err != nil {
		return 0, nil, err
	}
	if strings.TrimSpace(req.Command) == "" {
		return 0, nil, badState("command is required")
	}
	if req.Pipeline == "" {
		req.Pipeline = "mock"
	}
	if req.Label == "" {
		req.Label = req.Command
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	org := st.orgs[0]
	if req.Org != "" {
		if org = st.orgBySlug(req.Org); org == nil {
			return 0, nil, notFound("No organization with slug %q", req.Org)
		}
	}
	if len(st.jobs) >= maxJobs {
		return 0, nil, forbidden("The mock holds at most %d jobs", maxJobs)
	}
	clusterUUID, err := st.jobCluster(org, req.Cluster, &req.Queue)
	if err != nil {
		return 0, nil, err
	}
	key := org.uuid + "/" + req.Pipeline
	b := st.addBuild(st.gen.uuid("build"), org.uuid, req.Pipeline, st.pipelineSeq[key]+1)
	b.clusterUUID = clusterUUID
	j := st.addJob(st.gen.uuid("job"), b, req.Queue, req.Label, req.Command, req.Env)
	return http.StatusCreated, createJobResponse{ID: j.id, BuildID: b.id}, nil
}

type controlJobResponse struct {
	ID                string            `json:"id"`
	BuildID           string            `json:"build_id"`
	Queue             string            `json:"queue"`
	State             string            `json:"state"`
	AgentID           string            `json:"agent_id"`
	ExitStatus        string            `json:"exit_status"`
	Signal            string            `json:"signal"`
	SignalReason      string            `json:"signal_reason"`
	ChunksFailedCount int               `json:"chunks_failed_count"`
	ClusterID         string            `json:"cluster_id,omitempty"`
	Updates           map[string]string `json:"updates"` // attributes set with PUT /v3/jobs/{id}
	StepID            string            `json:"step_id"`
	StepKey           string            `json:"step_key,omitempty"`
	StepUpdates       map[string]string `json:"step_updates"` // attributes set with PUT /v3/steps/{id}
	PromisedFailure   *promiseRec       `json:"promised_failure"`
	LogBytes          int               `json:"log_bytes"`
	Log               string            `json:"log"` // omitted past maxInlineLog: read log_url
	LogURL            string            `json:"log_url"`
}

func (s *Server) controlJob(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.st.jobs[r.PathValue("id")]
	if j == nil {
		return 0, nil, notFound("No job found with id %q", r.PathValue("id"))
	}
	resp := controlJobResponse{
		ID: j.id, BuildID: j.buildID, Queue: j.queue, State: j.state, AgentID: j.agentID,
		ExitStatus: j.exitStatus, Signal: j.signal, SignalReason: j.signalReason,
		ChunksFailedCount: j.chunksFailed, ClusterID: j.clusterUUID, Updates: cloneOrEmpty(j.updates),
		StepID: j.stepID, StepKey: j.stepKey, StepUpdates: cloneOrEmpty(j.stepAttrs),
		LogBytes: j.logBytes, LogURL: "/_mock/jobs/" + j.id + "/log",
	}
	if j.promise != nil {
		c := *j.promise
		resp.PromisedFailure = &c
	}
	if j.logBytes <= maxInlineLog {
		var sb strings.Builder
		if err := writeLog(&sb, j); err != nil {
			return 0, nil, err
		}
		resp.Log = sb.String()
	}
	return http.StatusOK, resp, nil
}

func (s *Server) controlCancel(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.st.jobs[r.PathValue("id")]
	if j == nil {
		return 0, nil, notFound("No job found with id %q", r.PathValue("id"))
	}
	if !cancelJob(j) {
		return 0, nil, badState("The job can not be canceled: it is %s", j.state)
	}
	return http.StatusOK, jobStateResponse{State: j.state}, nil
}

type controlBuildResponse struct {
	ID          string            `json:"id"`
	State       string            `json:"state"`
	Pipeline    string            `json:"pipeline"`
	Number      int               `json:"number"`
	MetaData    map[string]string `json:"meta_data"`
	Annotations []*annotationRec  `json:"annotations"`
	Artifacts   []*artifactRec    `json:"artifacts"`
	Pipelines   []pipelineUpload  `json:"pipelines"` // with their state: pending, applied or rejected
}

func (s *Server) controlBuild(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.st.builds[r.PathValue("id")]
	if b == nil {
		return 0, nil, notFound("No build found with id %q", r.PathValue("id"))
	}
	resp := controlBuildResponse{ID: b.id, State: s.st.buildState(b), Pipeline: b.pipeline, Number: b.number,
		MetaData: map[string]string{}, Annotations: []*annotationRec{}, Artifacts: []*artifactRec{},
		Pipelines: []pipelineUpload{}}
	for _, up := range b.pipelines {
		resp.Pipelines = append(resp.Pipelines, *up)
	}
	for k, v := range b.meta {
		resp.MetaData[k] = v
	}
	for _, a := range b.annotations {
		c := *a
		resp.Annotations = append(resp.Annotations, &c)
	}
	for _, a := range b.artifacts {
		c := *a
		resp.Artifacts = append(resp.Artifacts, &c)
	}
	return http.StatusOK, resp, nil
}

type controlAgent struct {
	ID               string     `json:"id"`
	Name             string     `json:"name"`
	OrganizationSlug string     `json:"organization_slug"`
	State            agentState `json:"state"`
	MetaData         []string   `json:"meta_data"`
	JobID            string     `json:"job_id"`
	Paused           bool       `json:"paused"`
	PauseNote        string     `json:"pause_note,omitempty"`
	PausedUntil      string     `json:"paused_until,omitempty"`
	StopRequested    bool       `json:"stop_requested"`
	Version          string     `json:"version"`
	RegisteredAt     string     `json:"registered_at"`
	LastHeartbeatAt  string     `json:"last_heartbeat_at"`
	ClusterID        string     `json:"cluster_id,omitempty"` // clustered agents only
	Queue            string     `json:"queue,omitempty"`      // clustered agents: the cluster queue joined
}

func (s *Server) controlAgents(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []controlAgent{}
	for _, id := range s.st.agentOrder {
		a := s.st.agents[id]
		c := controlAgent{ID: a.id, Name: a.name, OrganizationSlug: s.st.org(a.orgUUID).slug,
			State: a.state, MetaData: a.tags, JobID: a.jobID, Paused: a.paused, PauseNote: a.pauseNote,
			StopRequested: a.stopRequested, Version: a.version,
			RegisteredAt: a.registeredAt.Format(time.RFC3339Nano)}
		if a.clusterUUID != "" {
			c.ClusterID, c.Queue = a.clusterUUID, a.queues[0]
		}
		if a.paused && !a.pauseUntil.IsZero() {
			c.PausedUntil = a.pauseUntil.Format(time.RFC3339Nano)
		}
		if !a.lastHeartbeat.IsZero() {
			c.LastHeartbeatAt = a.lastHeartbeat.Format(time.RFC3339Nano)
		}
		out = append(out, c)
	}
	return http.StatusOK, out, nil
}

type agentActionRequest struct {
	Action string `json:"action"`
}

// controlAgentAction changes what the agent's pings answer: "pause" (every
// ping, no job dispatched, until "resume") or "disconnect" (the next ping).
func (s *Server) controlAgentAction(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req agentActionRequest
	if err := decodeJSON(w, r, maxJSONBody, &req); err != nil {
		return 0, nil, err
	}
	if req.Action != "pause" && req.Action != "resume" && req.Action != "disconnect" {
		return 0, nil, badState("action must be \"pause\", \"resume\" or \"disconnect\", got %q", req.Action)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.st.agents[r.PathValue("id")]
	if a == nil {
		return 0, nil, notFound("No agent found with id %q", r.PathValue("id"))
	}
	switch req.Action {
	case "pause", "resume":
		a.setPaused(req.Action == "pause", "", time.Time{})
	default:
		a.action = req.Action
	}
	return http.StatusOK, req, nil
}

func (s *Server) controlEnv(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return http.StatusOK, s.Env(), nil
}

func (s *Server) controlReset(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.reset()
	return http.StatusOK, map[string]bool{"reset": true}, nil
}

// cloneOrEmpty copies m; nil (nothing set yet) becomes an empty map, so it
// encodes as {}.
func cloneOrEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return maps.Clone(m)
}
