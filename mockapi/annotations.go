package mockapi

import (
	"net/http"
	"time"
	"unicode/utf8"
)

const (
	maxAnnotationBody    = 1 << 20
	maxAnnotationContext = 100 // characters, as documented
)

type annotationRec struct {
	ID        string `json:"id"`
	Context   string `json:"context"`
	Style     string `json:"style"`
	Scope     string `json:"scope"`
	JobID     string `json:"job_id,omitempty"`
	Priority  int    `json:"priority"`
	Body      string `json:"body"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

type annotateRequest struct {
	Body     string `json:"body"`
	Context  string `json:"context"`
	Style    string `json:"style"`
	Append   bool   `json:"append"`
	Priority int    `json:"priority"`
	Scope    string `json:"scope"`
}

// annotationKey normalizes context and scope and returns the job id the
// annotation is keyed by ("" for build scope).
func annotationKey(context, scope, jobID string) (string, string, string, error) {
	if context == "" {
		context = "default"
	}
	if n := utf8.RuneCountInString(context); n > maxAnnotationContext {
		return "", "", "", badState("Context is too long: %d characters, the limit is %d", n, maxAnnotationContext)
	}
	switch scope {
	case "", "build":
		return context, "build", "", nil
	case "job":
		return context, "job", jobID, nil
	}
	return "", "", "", badState("scope must be \"build\" or \"job\", got %q", scope)
}

func findAnnotation(b *buildRec, context, scope, jobID string) int {
	for i, a := range b.annotations {
		if a.Context == context && a.Scope == scope && a.JobID == jobID {
			return i
		}
	}
	return -1
}

// annotationCall runs fn for the path's job, which any job or session token of
// the organization may annotate.
func (s *Server) annotationCall(r *http.Request, fn func(*state, *jobRec, *buildRec) (int, any, error)) (int, any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.st.authenticate(r)
	if err != nil {
		return 0, nil, err
	}
	j, err := s.st.accessJob(p, r.PathValue("id"), false)
	if err != nil {
		return 0, nil, err
	}
	return fn(s.st, j, s.st.builds[j.buildID])
}

func (s *Server) annotate(w http.ResponseWriter, r *http.Request) (int, any, error) {
	body, err := readBody(w, r, maxAnnotationBody+64<<10)
	if err != nil {
		return 0, nil, err
	}
	return s.annotationCall(r, func(st *state, j *jobRec, b *buildRec) (int, any, error) {
		var req annotateRequest
		if err := parseJSON(body, &req); err != nil {
			return 0, nil, err
		}
		switch req.Style {
		case "", "success", "info", "warning", "error":
		default:
			return 0, nil, badState("style must be one of success, info, warning or error, got %q", req.Style)
		}
		if req.Priority < 0 || req.Priority > 10 {
			return 0, nil, badState("priority must be between 1 and 10, got %d", req.Priority)
		}
		context, scope, jobID, err := annotationKey(req.Context, req.Scope, j.id)
		if err != nil {
			return 0, nil, err
		}
		now := st.now().UTC().Format(time.RFC3339Nano)
		i := findAnnotation(b, context, scope, jobID)
		if i < 0 {
			if req.Body == "" {
				return 0, nil, badState("body must not be blank for a new annotation")
			}
			if len(b.annotations) >= maxPerBuild {
				return 0, nil, forbidden("The build has reached the mock's limit of %d annotations", maxPerBuild)
			}
			a := &annotationRec{ID: st.gen.uuid("annotation"), Context: context, Style: "info", Scope: scope,
				JobID: jobID, Priority: 3, CreatedAt: now}
			b.annotations = append(b.annotations, a)
			i = len(b.annotations) - 1
		}
		a := b.annotations[i]
		body := req.Body
		if req.Append {
			body = a.Body + req.Body
		} else if body == "" {
			body = a.Body
		}
		if len(body) > maxAnnotationBody {
			return 0, nil, tooLarge("An annotation body may be at most %d bytes", maxAnnotationBody)
		}
		a.Body, a.UpdatedAt = body, now
		if req.Style != "" {
			a.Style = req.Style
		}
		if req.Priority != 0 {
			a.Priority = req.Priority
		}
		return http.StatusCreated, a, nil
	})
}

func (s *Server) removeAnnotation(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return s.annotationCall(r, func(st *state, j *jobRec, b *buildRec) (int, any, error) {
		context, scope, jobID, err := annotationKey(r.PathValue("context"), r.URL.Query().Get("scope"), j.id)
		if err != nil {
			return 0, nil, err
		}
		i := findAnnotation(b, context, scope, jobID)
		if i < 0 {
			return 0, nil, notFound("No annotation with context %q and scope %q", context, scope)
		}
		a := b.annotations[i]
		b.annotations = append(b.annotations[:i], b.annotations[i+1:]...)
		return http.StatusOK, a, nil
	})
}
