// Package mockapi is an in-memory mock of the Buildkite agent REST API (v3)
// and of the agent-token part of the GraphQL API, good enough for a real
// buildkite-agent v3.78 to register, run a job and finish it, and strict
// enough that documentation samples prove the token model.
//
// One *Server is one http.Handler: agent API under /v3/, REST API v2 for
// clusters under /v2/ (restv2*.go), GraphQL at POST /v1 (package
// mockapi/graphql over this package's store), control API under /_mock/. It opens no sockets. The clock and the seed are injected: the same
// seed and the same calls give byte-identical answers.
//
// # Seeded fixture
//
// Identifiers are constants; token values derive from the seed.
//
//	org  slug    uuid                                  default registration token uuid
//	1    acme    3f9b1c2e-5a47-4d8e-9c61-0b2a7e4d5f10  a1f0c3d2-6b5e-4f7a-8d9c-0e1f2a3b4c01
//	2    globex  8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e20  b2e1d4c3-7c6f-4a8b-9e0d-1f2a3b4c5d02
//
// Each organization has a "Default" registration token (bkar_), API access
// tokens (bkua_), a cluster (below) and three scheduled jobs on queue "default", dispatched in
// this order to agents that ping:
//
//	#  pipeline  build (number 1)                       job                                   label
//	acme
//	1  website   01f7a2c4-3d5e-4b6f-8a7c-1e2d3c4b5a01   01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b01  :test_tube: Test
//	2  deploy    01f7a2c4-3d5e-4b6f-8a7c-1e2d3c4b5a02   01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b03  :rocket: Deploy
//	3  website   01f7a2c4-3d5e-4b6f-8a7c-1e2d3c4b5a01   01f7a2c4-3d5e-4b6f-9b8d-2f3e4d5c6b02  :lint-roller: Lint
//	globex
//	1  website   02e8b3d5-4e6f-4c7a-8b8d-2f3e4d5c6b01   02e8b3d5-4e6f-4c7a-9c9e-3a4f5e6d7c01  :test_tube: Test
//	2  deploy    02e8b3d5-4e6f-4c7a-8b8d-2f3e4d5c6b02   02e8b3d5-4e6f-4c7a-9c9e-3a4f5e6d7c03  :rocket: Deploy
//	3  website   02e8b3d5-4e6f-4c7a-8b8d-2f3e4d5c6b01   02e8b3d5-4e6f-4c7a-9c9e-3a4f5e6d7c02  :lint-roller: Lint
//
// The jobs' commands only echo text, so a real agent can run them. Jobs made
// by the control API or by a pipeline upload queue up after these.
//
// # Tokens
//
// Authorization is "Token <value>" on the agent API (Bearer is refused) and
// "Bearer <bkua_ value>" on GraphQL. Tokens are found by the SHA-256 of their
// value and then compared in constant time; the mock never logs one.
//
//   - Registration token (bkar_): register, metrics and token only; everything
//     else is 401. Revoked: register and metrics answer 401, agents registered
//     earlier keep working.
//   - Agent access (session) token (bkaa_): one per registration; connect,
//     ping, heartbeat, disconnect, accept, acquire; the lifecycle of the job its
//     agent holds; meta-data, annotations and artifacts of any job of its
//     organization. 401 everywhere after disconnect.
//   - Job token (bkaj_): issued by accept/acquire (unless WithJobTokens(false)).
//     Its own job: everything. Other jobs of the organization: meta-data,
//     annotations, artifacts; start, finish, update, chunks, header times,
//     pipeline upload, OIDC and GitHub code-access tokens are 403. 401
//     everywhere once its job finishes. OIDC tokens (JWT-shaped) and GitHub
//     code-access tokens (ghs_) are issued to a running job only, and are
//     listed by IssuedTokens like every agent token.
//   - Jobs and builds of another organization are 404 for every token.
//
// # Clusters
//
// Each organization also has a cluster "Default" (cluster_fixture.go) with a
// "default" queue (its default queue), one cluster agent token (bkct_,
// allowed from 0.0.0.0/0, no expiry), and a second API token with only
// read_clusters and graphql. The first API token has read_clusters,
// write_clusters and graphql. The seeded jobs are unclustered (the legacy
// path, for bkar_ agents); POST /_mock/jobs with "cluster" makes clustered
// ones. The model (clusters.go) holds the rules; REST (restv2*.go) and
// GraphQL (graphql_clusters.go) are two views of it:
//
//   - A cluster token registers an agent into its cluster, on exactly one
//     queue: its queue tag, else the default queue. Unknown queue, no default
//     queue or two queue tags: 422 (Buildkite's docs say such an agent "fails
//     to connect"; the status and text are the mock's).
//   - Revoked (or cluster deleted), past expires_at, or a remote address
//     outside allowed_ip_addresses: 401 on register (the status for the
//     address check is the mock's choice). Metrics ignore the address list
//     (documented) and expiry. Agents registered before keep working;
//     narrowing allowed_ip_addresses disconnects those outside (documented).
//   - Clustered agents get jobs of their cluster queue only, none while its
//     dispatch is paused. Session and job tokens reach jobs and builds of
//     their own cluster only (403 otherwise); unclustered ones reach only
//     unclustered jobs.
//   - REST: 401 "Authentication required. Please supply a valid API Access
//     Token: …" and 403 "Your access token doesn't have the <scope> scope"
//     are Buildkite's texts; 404 "Not Found" for another organization's slug
//     or any unknown id; validation 422 "Validation failed: …". Revoked tokens
//     leave lists and answer 404. allowed_ip_addresses defaults to 0.0.0.0/0
//     (documented). expires_at must be at least 10 minutes ahead and cannot
//     change (documented); an update sending the same value is accepted. A
//     cluster's first queue becomes its default; the default queue cannot be
//     deleted. Updates take PUT (the docs) and PATCH (go-buildkite).
//
// # Choices where the real API is not documented (spec §10)
//
//   - Every 401 answers the real API's {"message": "Invalid access token"};
//     docproof's reason (revoked, disconnected, wrong kind...) is in the
//     Docproof-Detail header, so the body is exactly the real one.
//   - Wrong token kind, unknown, revoked or expired token: 401. Job token on
//     another job's lifecycle, or a session token on a job its agent does not
//     hold: 403. Quotas (mock limits): 403.
//   - Success codes: chunks, meta-data set, annotations, artifact create,
//     artifact upload and pipeline upload 201; everything else 200.
//   - Chunks: the body may be gzip (Content-Encoding: gzip, what the agent
//     sends) or plain bytes (what a curl sample sends); size must equal the
//     decoded length (422). Chunks may arrive in any order; the log is their
//     concatenation by offset. A resent sequence is accepted and ignored; a
//     new sequence overlapping stored bytes is 422. Nothing deletes or
//     rewrites stored bytes.
//   - Annotations: style defaults to "info", priority to 3, context to
//     "default", scope to "build"; append concatenates without a separator.
//   - Meta-data keys are listed sorted. Marking an artifact finished does not
//     require its upload to have happened.
//   - GET /v3/token accepts a registration token (token_type "registration")
//     or a session token (token_type "session", describing the registration
//     token its agent registered with).
//   - Ping needs a connected agent (422 before POST /v3/connect) and hands a
//     dispatched job out once; idle answers are {"action":"idle"}. The
//     control API can pause an agent (every ping answers "pause" and no job is
//     dispatched until it is resumed) or send it "disconnect" once.
//   - Register intervals: ping 1 s, job status 1 s, heartbeat 5 s.
//   - Pipeline upload with ?async=true (what agents send): 202, Location and
//     Retry-After: 1; the first status poll answers "pending" and the upload
//     is then applied (or rejected with the 422 message a synchronous upload
//     would get). Without async: applied at once, 201.
//   - promise_failure answers 204 with no body (the agent's client says so);
//     every other success is one JSON value. A job that promised a failure
//     and then reports exit status 0 is recorded with the promised status.
//   - Secrets (control API) belong to an organization or to one cluster of
//     it; keys are case-insensitive; an unknown key is 404 with the message
//     the agent team's fake API answers ("Not Found: method = GET, url = …").
//   - Steps: each job is its own step (BUILDKITE_STEP_ID, and the key of an
//     uploaded step as BUILDKITE_STEP_KEY). pause, resume and stop act on
//     the agent running the caller's job, through its pings; stop answers
//     "disconnect" once the agent holds no unfinished job.
//   - Faults (POST /_mock/faults) answer 429, 423 or 5xx for the next N
//     requests of a route; 429 and 423 carry Retry-After.
//   - No job waits on dependencies, so acquire never answers 423; acquire of
//     a job that is not scheduled (or dispatched to this agent) is 422.
//
// # Limits
//
// Documented: meta-data values 100 KB and annotation contexts 100
// characters (422 over them), 1 GiB of log per job (413). The mock's own:
// JSON bodies 1 MiB, chunk bodies 5 MiB, 512 MiB of compressed log per mock,
// 10 MiB per artifact file and 256 MiB of artifacts per mock, 10000 agents
// per organization, 20000 jobs, 10000 meta-data keys, annotations and
// artifacts per build. Over a byte limit: 413; over a count limit: 403.
package mockapi
