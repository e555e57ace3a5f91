package mockapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Drift is a test-only change of the mock's behaviour, used to prove that the
// documentation tests notice when the API stops doing what the docs say.
type Drift string

// The behaviour changes WithDrift can switch on.
const (
	// DriftRegistrationTokenMetaData lets a registration token use the meta-data endpoints.
	DriftRegistrationTokenMetaData Drift = "registration-token-meta-data"
	// DriftChunkOverwrite makes a resent chunk sequence replace the log bytes stored for it.
	DriftChunkOverwrite Drift = "chunk-overwrite"
	// DriftRevokedTokenRegisters lets a revoked registration token register agents.
	DriftRevokedTokenRegisters Drift = "revoked-token-registers"
	// DriftRegisterFieldRename names the register response's token "session_token" instead of "access_token".
	DriftRegisterFieldRename Drift = "register-field-rename"
	// DriftRegisterStatus makes register answer 201 instead of 200.
	DriftRegisterStatus Drift = "register-status"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	seed      int64
	now       func() time.Time
	publicURL string
	jobTokens bool
	drift     map[Drift]bool
}

// WithSeed sets the seed every token value and issued id derives from.
func WithSeed(seed int64) Option { return func(c *config) { c.seed = seed } }

// WithClock sets the clock used for every timestamp the mock writes.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithPublicURL sets the base URL ("http://127.0.0.1:8080") that Env endpoints
// and artifact upload and download URLs point at, for a mock served standalone.
func WithPublicURL(u string) Option {
	return func(c *config) { c.publicURL = strings.TrimRight(u, "/") }
}

// WithJobTokens says whether accept and acquire issue job tokens (default on).
// Off, the agent uses its session token for the job, as agents before 3.39 did.
func WithJobTokens(on bool) Option { return func(c *config) { c.jobTokens = on } }

// WithDrift switches on test-only behaviour changes.
func WithDrift(d ...Drift) Option {
	return func(c *config) {
		for _, x := range d {
			c.drift[x] = true
		}
	}
}

// Server is the mock: an http.Handler serving the agent REST API under /v3,
// GraphQL at /v1 and the control API under /_mock/. It opens no sockets and
// is safe for concurrent use.
type Server struct {
	cfg   config
	proto *Prototype // the route table and GraphQL schema, shared

	mu        sync.Mutex
	st        *state
	issued    []string // every token value ever seeded or issued, across resets
	issuedSet map[string]bool
}

// New returns a mock holding the seeded fixture, with a Prototype of its
// own. To make many mocks, make them with one Prototype's New instead.
func New(opts ...Option) *Server { return NewPrototype().New(opts...) }

func (s *Server) freshState() *state {
	return newState(s.cfg.seed, s.cfg.now, s.cfg.jobTokens, &s.issued, s.issuedSet, s.proto.seeded(s.cfg.seed))
}

// reset puts the fixture back; token values repeat those of the first start.
func (s *Server) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = s.freshState()
}

func (s *Server) drifted(d Drift) bool { return s.cfg.drift[d] }

// agentBase is the agent API endpoint, without a trailing slash.
func (s *Server) agentBase() string {
	if s.cfg.publicURL != "" {
		return s.cfg.publicURL + "/v3"
	}
	return "https://agent.buildkite.com/v3"
}

func (s *Server) graphQLBase() string {
	if s.cfg.publicURL != "" {
		return s.cfg.publicURL + "/v1"
	}
	return "https://graphql.buildkite.com/v1"
}

// Env returns the seeded environment: endpoints and both organizations'
// registration token, API token, slug, GraphQL id and uuid.
func (s *Server) Env() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	env := map[string]string{
		"BUILDKITE_AGENT_ENDPOINT":   s.agentBase(),
		"BUILDKITE_GRAPHQL_ENDPOINT": s.graphQLBase(),
		"BUILDKITE_REST_ENDPOINT":    s.restBase(),
	}
	for i, org := range s.st.orgs[:2] {
		suffix := ""
		if i == 1 {
			suffix = "_OTHER_ORG"
		}
		env["BUILDKITE_AGENT_TOKEN"+suffix] = s.st.agentToken(org.defaultToken).Value
		env["BUILDKITE_API_TOKEN"+suffix] = org.apiToken
		env["BUILDKITE_ORGANIZATION_SLUG"+suffix] = org.slug
		env["BUILDKITE_ORGANIZATION_ID"+suffix] = nodeID("Organization", org.uuid)
		env["BUILDKITE_ORGANIZATION_UUID"+suffix] = org.uuid
		clusterEnv(env, s.proto.seeded(s.cfg.seed).clusters[i], suffix)
	}
	return env
}

// IssuedTokens returns every token value seeded or issued so far, including
// those issued before a reset, so a site can be scanned for all of them.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issued...)
}

// ServeHTTP answers one request. Unknown routes and wrong methods get the
// same {"message": ...} body as every other error.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		// A bug in the mock must not take the docs build down with it.
		if v := recover(); v != nil {
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			writeError(w, fmt.Errorf("mock panic: %v", v))
		}
	}()
	mux := s.proto.mux()
	h, pattern := mux.Handler(r)
	if pattern == "" {
		probe := &statusProbe{header: http.Header{}}
		h.ServeHTTP(probe, r)
		if probe.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", probe.header.Get("Allow"))
			writeError(w, newErr(errMethod, "Method %s is not allowed on %s", r.Method, r.URL.Path))
			return
		}
		w.Header().Set(UnmodelledHeader, unmodelled(r.URL.Path))
		writeError(w, notFound("No route matches %s %s", r.Method, r.URL.Path))
		return
	}
	if r.Header.Get(UnmodelledHeader) == "probe" {
		w.WriteHeader(http.StatusNoContent) // a route matches; nothing runs
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if err := s.takeFault(pattern); err != nil {
		writeError(w, err)
		return
	}
	mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), serverKey{}, s))) // sets the path values
}

// statusProbe records what the mux's own 404/405 handler would answer.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(status int)      { p.status = status }
