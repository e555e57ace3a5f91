package mockapi

import (
	"net/http"
	"strings"
)

// endpoint is an agent or control API handler of the Server a request is for:
// it returns the status and body of a success, or an error that writeError
// turns into {"message": ...}.
type endpoint func(s *Server, w http.ResponseWriter, r *http.Request) (int, any, error)

// route is one pattern the mock serves: an endpoint, or a plain handler for
// the routes that do not answer JSON (GraphQL has its own, artifact downloads
// are raw bytes). Handlers are method expressions, so one table (and one
// mux, see Prototype) serves every Server.
type route struct {
	pattern string
	e       endpoint
	h       func(s *Server, w http.ResponseWriter, r *http.Request)
	// allMethods mounts h for every method, so the handler answers a wrong
	// method in its own error shape (GraphQL's {"errors": [...]}).
	allMethods bool
}

// routeTable lists every route the mock serves; newMux and Routes both come
// from it.
func routeTable() []route {
	rs := []route{
		{pattern: "GET /{$}", e: (*Server).greeting},
		// Agent lifecycle.
		{pattern: "POST /v3/register", e: (*Server).register},
		{pattern: "POST /v3/connect", e: (*Server).connect},
		{pattern: "POST /v3/disconnect", e: (*Server).disconnect},
		{pattern: "POST /v3/heartbeat", e: (*Server).heartbeat},
		{pattern: "GET /v3/ping", e: (*Server).ping},
		{pattern: "GET /v3/metrics", e: (*Server).metrics},
		{pattern: "GET /v3/token", e: (*Server).tokenIdentity},
		// Jobs.
		{pattern: "GET /v3/jobs/{id}", e: (*Server).jobState},
		{pattern: "PUT /v3/jobs/{id}", e: (*Server).jobUpdate},
		{pattern: "PUT /v3/jobs/{id}/accept", e: (*Server).accept},
		{pattern: "PUT /v3/jobs/{id}/acquire", e: (*Server).acquire},
		{pattern: "PUT /v3/jobs/{id}/start", e: (*Server).start},
		{pattern: "PUT /v3/jobs/{id}/finish", e: (*Server).finish},
		{pattern: "POST /v3/jobs/{id}/chunks", e: (*Server).chunk},
		{pattern: "POST /v3/jobs/{id}/header_times", e: (*Server).headerTimes},
		{pattern: "POST /v3/jobs/{id}/oidc/tokens", e: (*Server).oidcToken},
		{pattern: "POST /v3/jobs/{id}/github_code_access_token", e: (*Server).githubToken},
		{pattern: "POST /v3/jobs/{id}/repository_access_token", e: (*Server).githubToken},
		{pattern: "PUT /v3/jobs/{id}/promise_failure", e: (*Server).promiseFailure},
		{pattern: "GET /v3/jobs/{id}/secrets", e: (*Server).getSecret},
		// Steps, builds and the agent running the caller's job.
		{pattern: "POST /v3/steps/{id}/export", e: (*Server).stepExport},
		{pattern: "PUT /v3/steps/{id}", e: (*Server).stepUpdate},
		{pattern: "POST /v3/steps/{id}/cancel", e: (*Server).stepCancel},
		{pattern: "POST /v3/builds/{id}/cancel", e: (*Server).buildCancel},
		{pattern: "POST /v3/pause", e: (*Server).agentPause},
		{pattern: "POST /v3/resume", e: (*Server).agentResume},
		{pattern: "POST /v3/stop", e: (*Server).agentStop},
		// Meta-data: set on jobs; get, exists and keys on jobs and builds.
		{pattern: "POST /v3/jobs/{id}/data/set", e: (*Server).metaSet},
		{pattern: "POST /v3/jobs/{id}/data/set-batch", e: (*Server).metaSetBatch},
	}
	for _, scope := range []string{"jobs", "builds"} {
		rs = append(rs,
			route{pattern: "POST /v3/" + scope + "/{id}/data/get", e: (*Server).metaGet},
			route{pattern: "POST /v3/" + scope + "/{id}/data/exists", e: (*Server).metaExists},
			route{pattern: "POST /v3/" + scope + "/{id}/data/keys", e: (*Server).metaKeys})
	}
	rs = append(rs, restV2Routes()...) // REST API v2: clusters, queues, cluster tokens (restv2.go)
	return append(rs,
		// Annotations, artifacts, pipelines.
		route{pattern: "POST /v3/jobs/{id}/annotations", e: (*Server).annotate},
		route{pattern: "DELETE /v3/jobs/{id}/annotations/{context}", e: (*Server).removeAnnotation},
		route{pattern: "POST /v3/jobs/{id}/artifacts", e: (*Server).createArtifacts},
		route{pattern: "PUT /v3/jobs/{id}/artifacts", e: (*Server).updateArtifacts},
		route{pattern: "GET /v3/builds/{id}/artifacts/search", e: (*Server).searchArtifacts},
		route{pattern: "POST " + artifactUploadPath, e: (*Server).uploadArtifact},
		route{pattern: "GET " + artifactDownloadPath + "{id}", h: (*Server).downloadArtifact},
		route{pattern: "POST /v3/jobs/{id}/pipelines", e: (*Server).uploadPipeline},
		route{pattern: "GET /v3/jobs/{id}/pipelines/{uuid}", e: (*Server).pipelineStatus},
		// GraphQL.
		route{pattern: "POST /v1", h: (*Server).serveGraphQL, allMethods: true},
		// Control API.
		route{pattern: "POST /_mock/jobs", e: (*Server).controlCreateJob},
		route{pattern: "GET /_mock/jobs/{id}", e: (*Server).controlJob},
		route{pattern: "GET /_mock/jobs/{id}/log", h: (*Server).controlJobLog},
		route{pattern: "POST /_mock/jobs/{id}/cancel", e: (*Server).controlCancel},
		route{pattern: "GET /_mock/builds/{id}", e: (*Server).controlBuild},
		route{pattern: "GET /_mock/agents", e: (*Server).controlAgents},
		route{pattern: "POST /_mock/agents/{id}/action", e: (*Server).controlAgentAction},
		route{pattern: "GET /_mock/env", e: (*Server).controlEnv},
		route{pattern: "POST /_mock/api-tokens", e: (*Server).controlMintAPIToken},
		route{pattern: "GET /_mock/clusters", e: (*Server).controlClusters},
		route{pattern: "POST /_mock/clock", e: (*Server).controlClock},
		route{pattern: "POST /_mock/secrets", e: (*Server).controlSetSecret},
		route{pattern: "GET /_mock/secrets", e: (*Server).controlSecrets},
		route{pattern: "POST /_mock/faults", e: (*Server).controlSetFault},
		route{pattern: "GET /_mock/faults", e: (*Server).controlFaults},
		route{pattern: "DELETE /_mock/faults", e: (*Server).controlClearFaults},
		route{pattern: "GET /_mock/routes", e: (*Server).controlRoutes},
		route{pattern: "POST /_mock/reset", e: (*Server).controlReset},
	)
}

// newMux builds the mux of the route table. Registering the patterns is most
// of what a mock used to cost to make; a Prototype does it once for all the
// Servers it makes, on the first request one of them serves.
func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	for _, r := range routeTable() {
		switch {
		case r.allMethods:
			_, path, _ := strings.Cut(r.pattern, " ")
			mux.Handle(path, serverHandler(r.h))
		case r.h != nil:
			mux.Handle(r.pattern, serverHandler(r.h))
		default:
			mux.Handle(r.pattern, endpointHandler(r.e))
		}
	}
	return mux
}

// serverHandler calls h with the Server the request is for (ServeHTTP puts
// it in the request's context).
func serverHandler(h func(*Server, http.ResponseWriter, *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { h(serverOf(r), w, r) }
}

// endpointHandler writes what e returns: its JSON body, or its error.
func endpointHandler(e endpoint) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		status, body, err := e(serverOf(r), w, r)
		if err != nil {
			writeError(w, err)
			return
		}
		if status == http.StatusNoContent {
			w.WriteHeader(status)
			return
		}
		writeJSON(w, status, body)
	}
}

// greetingResponse is what GET / answers, like the real agent API host.
type greetingResponse struct {
	Message   string `json:"message"`
	Timestamp int64  `json:"timestamp"`
}

func (s *Server) greeting(w http.ResponseWriter, r *http.Request) (int, any, error) {
	return http.StatusOK, greetingResponse{Message: "👋", Timestamp: s.cfg.now().Unix()}, nil
}

// Routes lists the mock's route patterns in http.ServeMux syntax (e.g.
// "POST /v3/register"), control routes included, so docproof check can report
// which routes the docs' samples exercise.
func (s *Server) Routes() []string {
	table := routeTable()
	out := make([]string, len(table))
	for i, r := range table {
		out[i] = r.pattern
	}
	return out
}
