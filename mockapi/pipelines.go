package mockapi

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Pipeline upload states (GET /v3/jobs/{id}/pipelines/{uuid}).
const (
	uploadPending  = "pending"
	uploadApplied  = "applied"
	uploadRejected = "rejected"
)

// pipelineUpload is one accepted `buildkite-agent pipeline upload`.
type pipelineUpload struct {
	UUID    string   `json:"uuid"`
	JobID   string   `json:"job_id"`
	State   string   `json:"state"`
	Message string   `json:"message,omitempty"` // why it was rejected
	Async   bool     `json:"async"`
	Polls   int      `json:"polls"` // status requests answered so far
	Steps   int      `json:"steps"`
	JobIDs  []string `json:"job_ids"`

	body []byte // the request body of an async upload, parsed when processed
}

type uploadPipelineRequest struct {
	UUID     string          `json:"uuid"`
	Pipeline json.RawMessage `json:"pipeline"`
	Replace  bool            `json:"replace"`
}

// step is the part of a pipeline step the mock turns into a job.
type step struct {
	Key      string          `json:"key"`
	Label    string          `json:"label"`
	Name     string          `json:"name"`
	Command  json.RawMessage `json:"command"`
	Commands json.RawMessage `json:"commands"`
	Agents   json.RawMessage `json:"agents"`
}

type pipelineDoc struct {
	Steps []json.RawMessage `json:"steps"`
}

// uploadPipeline takes an uploaded pipeline. Without ?async=true it is applied
// at once (201): every command step becomes a scheduled job of the same build.
// With it (what agents send) the answer is 202 with a Location to poll and
// Retry-After: 1; the first poll reports pending, and the upload is then
// applied, or rejected with the reason a synchronous upload would get as 422.
func (s *Server) uploadPipeline(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	async := r.URL.Query().Get("async") == "true"
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		var req uploadPipelineRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if err := logOpen(j); err != nil {
			return 0, nil, badState("A pipeline can only be uploaded while the job runs: it is %s", notRunning(j))
		}
		if up := st.uploads[req.UUID]; req.UUID != "" && up != nil {
			return s.uploadAnswer(w, up)
		}
		b := st.builds[j.buildID]
		if len(b.pipelines) >= maxPerBuild {
			return 0, nil, forbidden("The build has reached the mock's limit of %d pipeline uploads", maxPerBuild)
		}
		up := &pipelineUpload{UUID: req.UUID, JobID: j.id, State: uploadPending, Async: async, JobIDs: []string{}}
		if up.UUID == "" {
			up.UUID = st.gen.uuid("pipeline-upload")
		}
		if async {
			up.body = body
		} else if err := st.applyPipeline(j, up, body); err != nil {
			return 0, nil, err
		}
		st.uploads[up.UUID] = up
		b.pipelines = append(b.pipelines, up)
		return s.uploadAnswer(w, up)
	})
}

// uploadAnswer is 202 with the status URL (on the mock's agent endpoint)
// for an async upload, 201 otherwise.
func (s *Server) uploadAnswer(w http.ResponseWriter, up *pipelineUpload) (int, any, error) {
	c := *up
	if !up.Async {
		return http.StatusCreated, c, nil
	}
	w.Header().Set("Location", s.agentBase()+"/jobs/"+up.JobID+"/pipelines/"+up.UUID)
	w.Header().Set("Retry-After", "1")
	return http.StatusAccepted, c, nil
}

// applyPipeline turns the pipeline in body into jobs of j's build, or says
// why it can not (a 422, or for an async upload its rejection message).
func (st *state) applyPipeline(j *jobRec, up *pipelineUpload, body []byte) error {
	_, steps, err := parsePipeline(body)
	if err != nil {
		return err
	}
	if len(st.jobs)+len(steps) > maxJobs {
		return forbidden("The mock holds at most %d jobs", maxJobs)
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
		nj.stepKey = stp.Key
		up.JobIDs = append(up.JobIDs, nj.id)
	}
	up.State, up.Steps = uploadApplied, len(steps)
	return nil
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

// pipelineStatus reports an upload's state. An async upload is processed
// right after the first poll has answered "pending" (with Retry-After: 1).
func (s *Server) pipelineStatus(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.jobCall(r, func(st *state, j *jobRec) (int, any, error) {
		up := st.uploads[r.PathValue("uuid")]
		if up == nil || up.JobID != j.id {
			return 0, nil, notFound("No pipeline upload %q for this job", r.PathValue("uuid"))
		}
		up.Polls++
		resp := map[string]string{"state": up.State, "message": up.Message}
		if up.State == uploadPending {
			w.Header().Set("Retry-After", "1")
			if err := st.applyPipeline(j, up, up.body); err != nil {
				up.State, up.Message = uploadRejected, messageOf(err)
			}
			up.body = nil
		}
		return http.StatusOK, resp, nil
	})
}
