package mockapi

import (
	"net/http"
	"strings"
)

// route is one pattern the mock serves: an endpoint, or a plain handler for
// the routes that do not answer JSON (GraphQL has its own, artifact downloads
// are raw bytes).
type route struct {
	pattern string
	e       endpoint
	h       http.Handler
	// allMethods mounts h for every method, so the handler answers a wrong
	// method in its own error shape (GraphQL's {"errors": [...]}).
	allMethods bool
}

// routeTable lists every route the mock serves; routes and Routes both come
// from it.
func (s *Server) routeTable() []route {
	rs := []route{
		// Agent lifecycle.
		{pattern: "POST /v3/register", e: s.register},
		{pattern: "POST /v3/connect", e: s.connect},
		{pattern: "POST /v3/disconnect", e: s.disconnect},
		{pattern: "POST /v3/heartbeat", e: s.heartbeat},
		{pattern: "GET /v3/ping", e: s.ping},
		{pattern: "GET /v3/metrics", e: s.metrics},
		{pattern: "GET /v3/token", e: s.tokenIdentity},
		// Jobs.
		{pattern: "GET /v3/jobs/{id}", e: s.jobState},
		{pattern: "PUT /v3/jobs/{id}", e: s.jobUpdate},
		{pattern: "PUT /v3/jobs/{id}/accept", e: s.accept},
		{pattern: "PUT /v3/jobs/{id}/acquire", e: s.acquire},
		{pattern: "PUT /v3/jobs/{id}/start", e: s.start},
		{pattern: "PUT /v3/jobs/{id}/finish", e: s.finish},
		{pattern: "POST /v3/jobs/{id}/chunks", e: s.chunk},
		{pattern: "POST /v3/jobs/{id}/header_times", e: s.headerTimes},
		{pattern: "POST /v3/jobs/{id}/oidc/tokens", e: s.oidcToken},
		{pattern: "POST /v3/jobs/{id}/github_code_access_token", e: s.githubToken},
		// Meta-data: set on jobs; get, exists and keys on jobs and builds.
		{pattern: "POST /v3/jobs/{id}/data/set", e: s.metaSet},
	}
	for _, scope := range []string{"jobs", "builds"} {
		rs = append(rs,
			route{pattern: "POST /v3/" + scope + "/{id}/data/get", e: s.metaGet},
			route{pattern: "POST /v3/" + scope + "/{id}/data/exists", e: s.metaExists},
			route{pattern: "POST /v3/" + scope + "/{id}/data/keys", e: s.metaKeys})
	}
	return append(rs,
		// Annotations, artifacts, pipelines.
		route{pattern: "POST /v3/jobs/{id}/annotations", e: s.annotate},
		route{pattern: "DELETE /v3/jobs/{id}/annotations/{context}", e: s.removeAnnotation},
		route{pattern: "POST /v3/jobs/{id}/artifacts", e: s.createArtifacts},
		route{pattern: "PUT /v3/jobs/{id}/artifacts", e: s.updateArtifacts},
		route{pattern: "GET /v3/builds/{id}/artifacts/search", e: s.searchArtifacts},
		route{pattern: "POST " + artifactUploadPath, e: s.uploadArtifact},
		route{pattern: "GET " + artifactDownloadPath + "{id}", h: http.HandlerFunc(s.downloadArtifact)},
		route{pattern: "POST /v3/jobs/{id}/pipelines", e: s.uploadPipeline},
		route{pattern: "GET /v3/jobs/{id}/pipelines/{uuid}", e: s.pipelineStatus},
		// GraphQL.
		route{pattern: "POST /v1", h: s.graphQLHandler(), allMethods: true},
		// Control API.
		route{pattern: "POST /_mock/jobs", e: s.controlCreateJob},
		route{pattern: "GET /_mock/jobs/{id}", e: s.controlJob},
		route{pattern: "POST /_mock/jobs/{id}/cancel", e: s.controlCancel},
		route{pattern: "GET /_mock/builds/{id}", e: s.controlBuild},
		route{pattern: "GET /_mock/agents", e: s.controlAgents},
		route{pattern: "POST /_mock/agents/{id}/action", e: s.controlAgentAction},
		route{pattern: "GET /_mock/env", e: s.controlEnv},
		route{pattern: "POST /_mock/reset", e: s.controlReset},
	)
}

// routes builds the mux. Registering the patterns is most of what a mock
// costs to make, so ServeHTTP does it on the first request: a docs build makes
// a fresh mock for every page, and many pages send nothing.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, r := range s.routeTable() {
		switch {
		case r.allMethods:
			_, path, _ := strings.Cut(r.pattern, " ")
			mux.Handle(path, r.h)
		case r.h != nil:
			mux.Handle(r.pattern, r.h)
		default:
			s.handle(mux, r.pattern, r.e)
		}
	}
	return mux
}

// Routes lists the mock's route patterns in http.ServeMux syntax (e.g.
// "POST /v3/register"), control routes included, so docproof check can report
// which routes the docs' samples exercise.
func (s *Server) Routes() []string {
	table := s.routeTable()
	out := make([]string, len(table))
	for i, r := range table {
		out[i] = r.pattern
	}
	return out
}
