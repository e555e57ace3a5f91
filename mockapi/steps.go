package mockapi

import (
	"encoding/json"
	"net/http"
	"regexp"
)

// Steps and builds as `buildkite-agent step get|update|cancel` and
// `build cancel` see them. Every job of the mock is its own step: the step id
// is BUILDKITE_STEP_ID in the job's env, its key the `key` of the uploaded
// pipeline step (BUILDKITE_STEP_KEY). A step is found by id in the caller's
// organization, or by id or key in the build the request names (build_id,
// which the agent fills from BUILDKITE_BUILD_ID) or else the caller's build.

type stepExportRequest struct {
	Attribute string `json:"attribute"`
	Build     string `json:"build_id"`
	Format    string `json:"format"`
}

type stepExportResponse struct {
	Output string `json:"output"`
}

type stepUpdateRequest struct {
	IdempotencyUUID string `json:"idempotency_uuid"`
	Build           string `json:"build_id"`
	Attribute       string `json:"attribute"`
	Value           string `json:"value"`
	Append          bool   `json:"append"`
}

type stepCancelRequest struct {
	Build                   string `json:"build_id"`
	Force                   bool   `json:"force"`
	ForceGracePeriodSeconds int64  `json:"force_grace_period"`
}

type uuidResponse struct {
	UUID string `json:"uuid"`
}

var stepAttributeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// stepCall authorizes any job or session token of the organization (steps,
// like meta-data, may be read and changed from other jobs) and runs fn with
// the jobs of the step named in the path.
func (s *Server) stepCall(r *http.Request, body []byte, req any, build func() string, fn func(*state, []*jobRec) (int, any, error)) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	p, err := st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	if err := crossJobKind(p, false); err != nil {
		return 0, nil, err
	}
	if err := parseJSON(body, req); err != nil {
		return 0, nil, err
	}
	jobs, err := st.findStep(p, r.PathValue("id"), build())
	if err != nil {
		return 0, nil, err
	}
	return fn(st, jobs)
}

// findStep returns the jobs of the step with id or key idOrKey.
func (st *state) findStep(p principal, idOrKey, buildID string) ([]*jobRec, error) {
	if buildID == "" && p.kind == kindJob {
		buildID = p.job.buildID
	}
	if buildID != "" {
		if _, err := st.accessBuild(p, buildID, false); err != nil {
			return nil, err
		}
	}
	var out []*jobRec
	for _, id := range st.jobOrder {
		j := st.jobs[id]
		switch {
		case j.orgUUID != p.org.uuid:
		case j.stepID == idOrKey:
			return []*jobRec{j}, nil
		case buildID != "" && j.buildID == buildID && j.stepKey != "" && j.stepKey == idOrKey:
			out = append(out, j)
		}
	}
	if len(out) == 0 {
		return nil, notFound("No step found with id or key %q", idOrKey)
	}
	return out, nil
}

// stepAttributes are a step's attributes as step get shows them.
func stepAttributes(j *jobRec) map[string]string {
	attrs := map[string]string{"id": j.stepID, "key": j.stepKey, "label": j.label, "command": j.command, "state": j.state}
	for k, v := range j.stepAttrs {
		attrs[k] = v
	}
	return attrs
}

func (s *Server) stepExport(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	var req stepExportRequest
	return s.stepCall(r, body, &req, func() string { return req.Build }, func(st *state, jobs []*jobRec) (int, any, error) {
		if req.Format != "" && req.Format != "json" {
			return 0, nil, badState("format must be \"json\", got %q", req.Format)
		}
		attrs := stepAttributes(jobs[0])
		if req.Attribute == "" {
			data, _ := json.Marshal(attrs)
			return http.StatusOK, stepExportResponse{Output: string(data)}, nil
		}
		v, ok := attrs[req.Attribute]
		if !ok {
			return 0, nil, badState("The step has no attribute %q", req.Attribute)
		}
		if req.Format == "json" {
			data, _ := json.Marshal(v)
			v = string(data)
		}
		return http.StatusOK, stepExportResponse{Output: v}, nil
	})
}

func (s *Server) stepUpdate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	var req stepUpdateRequest
	return s.stepCall(r, body, &req, func() string { return req.Build }, func(st *state, jobs []*jobRec) (int, any, error) {
		if !stepAttributeRE.MatchString(req.Attribute) {
			return 0, nil, badState("attribute must be a lower-case name such as \"label\", got %q", req.Attribute)
		}
		if req.Attribute == "id" || req.Attribute == "key" || req.Attribute == "state" || req.Attribute == "command" {
			return 0, nil, badState("The step's %s can not be changed", req.Attribute)
		}
		for _, j := range jobs {
			if req.IdempotencyUUID != "" && j.stepUpdateIDs[req.IdempotencyUUID] {
				continue // a retry of a change already made
			}
			if j.stepAttrs == nil {
				j.stepAttrs, j.stepUpdateIDs = map[string]string{}, map[string]bool{}
			}
			v := req.Value
			if req.Append {
				v = stepAttributes(j)[req.Attribute] + v
			}
			if len(v) > maxJSONBody {
				return 0, nil, tooLarge("A step attribute may hold at most %d bytes", maxJSONBody)
			}
			j.stepAttrs[req.Attribute] = v
			if req.Attribute == "label" {
				j.label = v
			}
			if req.IdempotencyUUID != "" {
				j.stepUpdateIDs[req.IdempotencyUUID] = true
			}
		}
		return http.StatusOK, uuidResponse{UUID: jobs[0].stepID}, nil
	})
}

// stepCancel cancels every unfinished job of the step.
func (s *Server) stepCancel(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	var req stepCancelRequest
	return s.stepCall(r, body, &req, func() string { return req.Build }, func(st *state, jobs []*jobRec) (int, any, error) {
		if req.ForceGracePeriodSeconds < 0 {
			return 0, nil, badState("force_grace_period must be 0 or more seconds")
		}
		for _, j := range jobs {
			cancelJob(j)
		}
		return http.StatusOK, uuidResponse{UUID: jobs[0].stepID}, nil
	})
}

// buildCancel cancels every unfinished job of the build (the caller's own
// job too: its agent sees "canceling" and stops the command).
func (s *Server) buildCancel(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	p, err := st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	b, err := st.accessBuild(p, r.PathValue("id"), false)
	if err != nil {
		return 0, nil, err
	}
	if st.buildState(b) == buildCanceled {
		return 0, nil, badState("The build has already been canceled")
	}
	b.canceled = true
	for _, id := range st.jobOrder {
		if j := st.jobs[id]; j.buildID == b.id {
			cancelJob(j)
		}
	}
	return http.StatusOK, uuidResponse{UUID: b.id}, nil
}

// cancelJob moves j towards canceled: at once when no agent runs it,
// through canceling (the agent stops the command) when one does. It reports
// false for a job that has already ended.
func cancelJob(j *jobRec) bool {
	switch j.state {
	case jobScheduled, jobAssigned:
		j.state = jobCanceled
	case jobAccepted, jobRunning:
		j.state = jobCanceling
	case jobCanceling:
	default:
		return false
	}
	return true
}

// Build states the control API shows.
const (
	buildScheduled = "scheduled"
	buildRunning   = "running"
	buildCanceling = "canceling"
	buildCanceled  = "canceled"
	buildPassed    = "passed"
	buildFailed    = "failed"
)

// buildState derives a build's state from its jobs.
func (st *state) buildState(b *buildRec) string {
	open, started, failed := false, false, false
	for _, id := range st.jobOrder {
		j := st.jobs[id]
		if j.buildID != b.id {
			continue
		}
		if j.state != jobScheduled && j.state != jobAssigned {
			started = true
		}
		if !j.terminal() {
			open = true
		} else if j.state == jobCanceled || j.exitStatus != "0" {
			failed = true
		}
	}
	switch {
	case b.canceled && open:
		return buildCanceling
	case b.canceled:
		return buildCanceled
	case open && started:
		return buildRunning
	case open:
		return buildScheduled
	case failed:
		return buildFailed
	}
	return buildPassed
}
