package mockapi

// Routes lists the mock's route patterns (http.ServeMux syntax, e.g.
// "POST /v3/register"), so docproof check can report which routes the docs'
// samples exercise and which none do. routes_list_test.go checks that every
// pattern listed here is one the mock serves.
func (s *Server) Routes() []string {
	return []string{
		"POST /v3/register",
		"POST /v3/connect",
		"POST /v3/disconnect",
		"POST /v3/heartbeat",
		"GET /v3/ping",
		"GET /v3/metrics",
		"GET /v3/token",
		"GET /v3/jobs/{id}",
		"PUT /v3/jobs/{id}",
		"PUT /v3/jobs/{id}/accept",
		"PUT /v3/jobs/{id}/acquire",
		"PUT /v3/jobs/{id}/start",
		"PUT /v3/jobs/{id}/finish",
		"POST /v3/jobs/{id}/chunks",
		"POST /v3/jobs/{id}/header_times",
		"POST /v3/jobs/{id}/data/set",
		"POST /v3/jobs/{id}/data/get",
		"POST /v3/jobs/{id}/data/exists",
		"POST /v3/jobs/{id}/data/keys",
		"POST /v3/builds/{id}/data/get",
		"POST /v3/builds/{id}/data/exists",
		"POST /v3/builds/{id}/data/keys",
		"POST /v3/jobs/{id}/annotations",
		"DELETE /v3/jobs/{id}/annotations/{context}",
		"POST /v3/jobs/{id}/artifacts",
		"PUT /v3/jobs/{id}/artifacts",
		"GET /v3/builds/{id}/artifacts/search",
		"POST /v3/jobs/{id}/pipelines",
		"GET /v3/jobs/{id}/pipelines/{uuid}",
		"POST " + artifactUploadPath,
		"GET " + artifactDownloadPath + "{id}",
		"POST /v1",
		"POST /_mock/jobs",
		"GET /_mock/jobs/{id}",
		"POST /_mock/jobs/{id}/cancel",
		"GET /_mock/builds/{id}",
		"GET /_mock/agents",
		"POST /_mock/agents/{id}/action",
		"GET /_mock/env",
		"POST /_mock/reset",
	}
}
