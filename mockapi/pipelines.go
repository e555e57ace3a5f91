package mockapi

import (
	"encoding/json"
	"net/http"
	"strings"
)

// pipelineUpload is one accepted `buildkite-agent pipeline upload`.
type pipelineUpload struct {
	UUID   string   `json:"uuid"`
	JobID  string   `json:"job_id"`
	State  string   `json:"state"`
	Steps  int      `json:"steps"`
	JobIDs []string `json:"job_ids"`
}

type uploadPipelineRequest struct {
	UUID     string          `json:"uuid"`
	Pipeline json.RawMessage `json:"pipeline"`
	Replace  bool            `json:"replace"`
}

// step is the part of a pipeline step the mock turns into a job.
type step struct {
	Label    string          `json:"label"`
	Name     string          `json:"name"`
	Command  json.RawMessage `json:"command"`
	Commands json.RawMessage `json:"commands"`
	Agents   json.RawMessage `json:"agents"`
}

type pipelineDoc struct {
	Steps []json.RawMessage `json:"steps"`
}

// uploadPipeline applies an uploaded pipeline synchronously (201): every
// command step becomes a scheduled job of the same build.
func (s *Server) uploadPipeline(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		req, steps, err := parsePipeline(body)
		if err != nil {
			return 0, nil, err
		}
		if err := logOpen(j); err != nil {
			return 0, nil, badState("A pipeline can only be uploaded while the job runs: it is %s", notRunning(j))
		}
		if req.UUID != "" {
			if up := st.uploads[req.UUID]; up != nil {
				return http.StatusCreated, up, nil
			}
		}
		if len(st.jobs)+len(steps) > maxJobs {
			return 0, nil, forbidden("The mock holds at most %d jobs", maxJobs)
		}
		up := &pipelineUpload{UUID: req.UUID, JobID: j.id, State: "applied", Steps: len(steps), JobIDs: []string{}}
		if up.UUID == "" {
			up.UUID = st.gen.uuid("pipeline-upload")
		}
		b := st.builds[j.buildID]
		for _, stp := range steps {
			cmd := commandOf(stp)
			if cmd == "" {
				continue
			}
			label := stp.Label
			if label == "" {
				label = stp.Name
			}
			nj := st.addJob(st.gen.uuid("job"), b, queueOf(stp.Agents), label, cmd, nil)
			up.JobIDs = append(up.JobIDs, nj.id)
		}
		st.uploads[up.UUID] = up
		b.pipelines = append(b.pipelines, *up)
		return http.StatusCreated, up, nil
	})
}

func parsePipeline(body []byte) (uploadPipelineRequest, []step, error) {
	var req uploadPipelineRequest
	if err := parseJSON(body, &req); err != nil {
		return req, nil, err
	}
	var doc pipelineDoc
	if len(req.Pipeline) == 0 || req.Pipeline[0] != '{' {
		return req, nil, badState("pipeline must be an object with a steps list")
	}
	if err := json.Unmarshal(req.Pipeline, &doc); err != nil {
		return req, nil, badState("pipeline steps must be a list: %v", err)
	}
	if len(doc.Steps) == 0 {
		return req, nil, badState("The pipeline has no steps")
	}
	steps := make([]step, 0, len(doc.Steps))
	for i, raw := range doc.Steps {
		var st step
		if len(raw) > 0 && raw[0] == '{' {
			if err := json.Unmarshal(raw, &st); err != nil {
				return req, nil, badState("step %d: %v", i+1, err)
			}
		}
		steps = append(steps, st)
	}
	return req, steps, nil
}

// commandOf joins a step's command or commands into one script.
func commandOf(s step) string {
	for _, raw := range []json.RawMessage{s.Command, s.Commands} {
		var one string
		if json.Unmarshal(raw, &one) == nil && one != "" {
			return one
		}
		var many []string
		if json.Unmarshal(raw, &many) == nil && len(many) > 0 {
			return strings.Join(many, "\n")
		}
	}
	return ""
}

// queueOf reads the queue from a step's agents (a map or a list of key=value).
func queueOf(raw json.RawMessage) string {
	var m map[string]any
	if json.Unmarshal(raw, &m) == nil {
		if q, ok := m["queue"].(string); ok && q != "" {
			return q
		}
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return queuesOf(list)[0]
	}
	return "default"
}

func (s *Server) pipelineStatus(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		up := st.uploads[r.PathValue("uuid")]
		if up == nil || up.JobID != j.id {
			return 0, nil, notFound("No pipeline upload %q for this job", r.PathValue("uuid"))
		}
		return http.StatusOK, map[string]string{"state": up.State, "message": ""}, nil
	})
}
