package mockapi

import "net/http"

// routes lists every route the mock serves.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	// Agent lifecycle.
	s.handle(mux, "POST /v3/register", s.register)
	s.handle(mux, "POST /v3/connect", s.connect)
	s.handle(mux, "POST /v3/disconnect", s.disconnect)
	s.handle(mux, "POST /v3/heartbeat", s.heartbeat)
	s.handle(mux, "GET /v3/ping", s.ping)
	s.handle(mux, "GET /v3/metrics", s.metrics)
	s.handle(mux, "GET /v3/token", s.tokenIdentity)
	// Jobs.
	s.handle(mux, "GET /v3/jobs/{id}", s.jobState)
	s.handle(mux, "PUT /v3/jobs/{id}", s.jobUpdate)
	s.handle(mux, "PUT /v3/jobs/{id}/accept", s.accept)
	s.handle(mux, "PUT /v3/jobs/{id}/acquire", s.acquire)
	s.handle(mux, "PUT /v3/jobs/{id}/start", s.start)
	s.handle(mux, "PUT /v3/jobs/{id}/finish", s.finish)
	s.handle(mux, "POST /v3/jobs/{id}/chunks", s.chunk)
	s.handle(mux, "POST /v3/jobs/{id}/header_times", s.headerTimes)
	// Meta-data, on jobs and builds.
	for _, scope := range []string{"jobs", "builds"} {
		s.handle(mux, "POST /v3/"+scope+"/{id}/data/get", s.metaGet)
		s.handle(mux, "POST /v3/"+scope+"/{id}/data/exists", s.metaExists)
		s.handle(mux, "POST /v3/"+scope+"/{id}/data/keys", s.metaKeys)
	}
	s.handle(mux, "POST /v3/jobs/{id}/data/set", s.metaSet)
	// Annotations, artifacts, pipelines.
	s.handle(mux, "POST /v3/jobs/{id}/annotations", s.annotate)
	s.handle(mux, "DELETE /v3/jobs/{id}/annotations/{context}", s.removeAnnotation)
	s.handle(mux, "POST /v3/jobs/{id}/artifacts", s.createArtifacts)
	s.handle(mux, "PUT /v3/jobs/{id}/artifacts", s.updateArtifacts)
	s.handle(mux, "GET /v3/builds/{id}/artifacts/search", s.searchArtifacts)
	s.handle(mux, "POST "+artifactUploadPath, s.uploadArtifact)
	mux.HandleFunc("GET "+artifactDownloadPath+"{id}", s.downloadArtifact)
	s.handle(mux, "POST /v3/jobs/{id}/pipelines", s.uploadPipeline)
	s.handle(mux, "GET /v3/jobs/{id}/pipelines/{uuid}", s.pipelineStatus)
	// GraphQL.
	mux.Handle("POST /v1", s.graphQLHandler())
	// Control API.
	s.handle(mux, "POST /_mock/jobs", s.controlCreateJob)
	s.handle(mux, "GET /_mock/jobs/{id}", s.controlJob)
	s.handle(mux, "POST /_mock/jobs/{id}/cancel", s.controlCancel)
	s.handle(mux, "GET /_mock/builds/{id}", s.controlBuild)
	s.handle(mux, "GET /_mock/agents", s.controlAgents)
	s.handle(mux, "POST /_mock/agents/{id}/action", s.controlAgentAction)
	s.handle(mux, "GET /_mock/env", s.controlEnv)
	s.handle(mux, "POST /_mock/reset", s.controlReset)
	return mux
}
