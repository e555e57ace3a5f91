package mockapi

import (
	"net/http"
	"time"
)

// `buildkite-agent pause`, `resume` and `stop` run inside a job and act on
// the agent running it: POST /v3/pause, /v3/resume and /v3/stop with the
// job's token (or, without job tokens, the agent's session token). The
// agent learns of them through its pings, as from the Buildkite UI.

const maxPauseMinutes = 7 * 24 * 60

type pauseRequest struct {
	Note             string `json:"note"`
	TimeoutInMinutes int    `json:"timeout_in_minutes"`
}

type stopRequest struct {
	Force bool `json:"force"`
}

// agentControlResponse is what pause, resume and stop answer: the agent's
// state after the call.
type agentControlResponse struct {
	ID            string `json:"id"`
	Paused        bool   `json:"paused"`
	PauseNote     string `json:"pause_note,omitempty"`
	StopRequested bool   `json:"stop_requested"`
}

func controlAnswer(a *agentRec) agentControlResponse {
	return agentControlResponse{ID: a.id, Paused: a.paused, PauseNote: a.pauseNote, StopRequested: a.stopRequested}
}

// setPaused pauses (with a note, until a time or, zero, until resumed) or
// resumes a.
func (a *agentRec) setPaused(on bool, note string, until time.Time) {
	a.paused, a.pauseNote, a.pauseUntil = on, note, until
	if !on {
		a.pauseNote, a.pauseUntil = "", time.Time{}
	}
}

// callerAgent runs fn for the agent the request's token speaks for: the
// agent of a session token, or the agent running a job token's job.
func (s *Server) callerAgent(r *http.Request, fn func(*state, *agentRec) (int, any, error)) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	p, err := st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	var a *agentRec
	switch p.kind {
	case kindSession:
		a = p.agent
	case kindJob:
		if a = st.agents[p.job.agentID]; a == nil {
			return 0, nil, badState("The job is not running on an agent")
		}
	default:
		return 0, nil, wrongKind(p)
	}
	if a.state == agentDisconnected {
		return 0, nil, badState("The agent has disconnected")
	}
	return fn(st, a)
}

func (s *Server) agentPause(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.callerAgent(r, func(st *state, a *agentRec) (int, any, error) {
		var req pauseRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if req.TimeoutInMinutes < 0 || req.TimeoutInMinutes > maxPauseMinutes {
			return 0, nil, badState("timeout_in_minutes must be between 1 and %d", maxPauseMinutes)
		}
		var until time.Time
		if req.TimeoutInMinutes > 0 {
			until = st.now().UTC().Add(time.Duration(req.TimeoutInMinutes) * time.Minute)
		}
		a.setPaused(true, req.Note, until)
		return http.StatusOK, controlAnswer(a), nil
	})
}

func (s *Server) agentResume(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.callerAgent(r, func(st *state, a *agentRec) (int, any, error) {
		a.setPaused(false, "", time.Time{})
		return http.StatusOK, controlAnswer(a), nil
	})
}

// agentStop asks the agent to disconnect once its job is done; with force,
// its job is canceled too.
func (s *Server) agentStop(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxJSONBody)
	if err != nil {
		return 0, nil, err
	}
	return s.callerAgent(r, func(st *state, a *agentRec) (int, any, error) {
		var req stopRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		a.stopRequested = true
		if j := st.jobs[a.jobID]; req.Force && j != nil {
			cancelJob(j)
		}
		return http.StatusOK, controlAnswer(a), nil
	})
}

// pingAction is what a ping answers before any job is dispatched: a one-shot
// control action, "pause" while paused (until its timeout), or "disconnect"
// once a stopped agent holds no unfinished job. "" means go on.
func (st *state) pingAction(a *agentRec) pingResponse {
	if a.action != "" {
		action := a.action
		a.action = ""
		return pingResponse{Action: action, Message: "Requested through the mock control API"}
	}
	if a.paused && !a.pauseUntil.IsZero() && !st.now().Before(a.pauseUntil) {
		a.setPaused(false, "", time.Time{})
	}
	if a.paused {
		msg := a.pauseNote
		if msg == "" {
			msg = "Paused"
		}
		return pingResponse{Action: "pause", Message: msg}
	}
	if j := st.jobs[a.jobID]; a.stopRequested && (j == nil || j.terminal()) {
		return pingResponse{Action: "disconnect", Message: "Stopped by buildkite-agent stop"}
	}
	return pingResponse{}
}
