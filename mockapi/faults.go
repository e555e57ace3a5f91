package mockapi

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Faults make the mock answer 429, 423 or a 5xx for the next N requests of
// one route, so that docs and tests can show what an agent does on retry.
// POST /_mock/faults sets one ({"route": "POST /v3/jobs/{id}/chunks",
// "status": 429, "count": 2}); 429 and 423 carry Retry-After (default 1 s),
// as the real API's do. GET lists what is left; DELETE clears them all.

const maxFaultCount = 10000

// fault is one route's pending injected failures.
type fault struct {
	Route      string `json:"route"`
	Status     int    `json:"status"`
	Count      int    `json:"count"`
	RetryAfter int    `json:"retry_after"`
}

// faultError is the error a fault answers with.
func (f *fault) faultError() error {
	detail := fmt.Sprintf("Injected through the mock control API (%d more on %s)", f.Count, f.Route)
	switch f.Status {
	case http.StatusTooManyRequests:
		return &apiError{kind: errRateLimited, msg: "Too Many Requests", detail: detail, retryAfter: f.RetryAfter}
	case http.StatusLocked:
		return &apiError{kind: errLocked, msg: "Locked", detail: detail, retryAfter: f.RetryAfter}
	}
	return &apiError{kind: errInjected, status: f.Status, msg: http.StatusText(f.Status), detail: detail, retryAfter: f.RetryAfter}
}

// takeFault uses up one injected failure of pattern, if any is left.
func (s *Server) takeFault(pattern string) error {
	if strings.Contains(pattern, " /_mock/") {
		return nil // the control API itself never fails
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.st.faults[pattern]
	if f == nil {
		return nil
	}
	f.Count--
	if f.Count <= 0 {
		delete(s.st.faults, pattern)
	}
	return f.faultError()
}

func (s *Server) controlSetFault(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var req fault
	if err := decodeJSON(w, r, maxJSONBody, &req); err != nil {
		return 0, nil, err
	}
	known := false
	for _, rt := range routeTable() {
		known = known || rt.pattern == req.Route && !strings.Contains(rt.pattern, " /_mock/")
	}
	if !known {
		return 0, nil, badState("route must be one of the mock's agent API routes, such as \"POST /v3/jobs/{id}/chunks\" (GET /_mock/routes lists them), got %q", req.Route)
	}
	if req.Status != http.StatusTooManyRequests && req.Status != http.StatusLocked && (req.Status < 500 || req.Status > 599) {
		return 0, nil, badState("status must be 429, 423 or 500-599, got %d", req.Status)
	}
	if req.Count < 1 || req.Count > maxFaultCount {
		return 0, nil, badState("count must be between 1 and %d", maxFaultCount)
	}
	if req.RetryAfter < 0 || req.RetryAfter > 3600 {
		return 0, nil, badState("retry_after must be between 0 and 3600 seconds")
	}
	if req.RetryAfter == 0 && (req.Status == http.StatusTooManyRequests || req.Status == http.StatusLocked) {
		req.RetryAfter = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.faults == nil {
		s.st.faults = map[string]*fault{}
	}
	f := req
	s.st.faults[req.Route] = &f
	return http.StatusCreated, req, nil
}

func (s *Server) controlFaults(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []fault{}
	for _, f := range s.st.faults {
		out = append(out, *f)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Route < out[b].Route })
	return http.StatusOK, out, nil
}

func (s *Server) controlClearFaults(w http.ResponseWriter, r *http.Request) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.faults = nil
	return http.StatusOK, []fault{}, nil
}

// controlRoutes lists the route patterns faults can name.
func (s *Server) controlRoutes(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return http.StatusOK, s.Routes(), nil
}
