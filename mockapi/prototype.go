package mockapi

import (
	"net/http"
	"sync"
	"time"

	"github.com/docproof/docproof/mockapi/graphql"
)

// Prototype is the immutable part of the mock, shared by every Server it
// makes: the route table's mux (its parsed patterns) and the parsed GraphQL
// schema. Each is built on first use, once. A docs build makes a fresh mock
// for every page: with one Prototype per build a mock costs its fixture state
// only. A Prototype is safe for concurrent use; its Servers share no state.
type Prototype struct {
	muxOnce sync.Once
	muxVal  *http.ServeMux

	gqlOnce sync.Once
	gqlVal  *graphql.Endpoint

	seedMu sync.Mutex
	seeds  map[int64]*seededTokens // the fixture's token values by seed, derived once
}

// NewPrototype returns a Prototype; it builds nothing until a Server needs it.
func NewPrototype() *Prototype { return &Prototype{} }

// New returns a mock holding the seeded fixture that routes with p.
func (p *Prototype) New(opts ...Option) *Server {
	cfg := config{seed: 1, now: time.Now, jobTokens: true, drift: map[Drift]bool{}}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{cfg: cfg, proto: p, issuedSet: map[string]bool{}}
	s.st = s.freshState()
	return s
}

func (p *Prototype) mux() *http.ServeMux {
	p.muxOnce.Do(func() { p.muxVal = newMux() })
	return p.muxVal
}

// seeded returns the fixture's token values for seed (immutable once made).
func (p *Prototype) seeded(seed int64) *seededTokens {
	p.seedMu.Lock()
	defer p.seedMu.Unlock()
	if t, ok := p.seeds[seed]; ok {
		return t
	}
	if p.seeds == nil {
		p.seeds = map[int64]*seededTokens{}
	}
	t := newSeededTokens(seed)
	p.seeds[seed] = t
	return t
}

func (p *Prototype) graphQL() *graphql.Endpoint {
	p.gqlOnce.Do(func() { p.gqlVal = graphql.NewEndpoint() })
	return p.gqlVal
}

// serverKey is the request context key of the Server a request is for.
type serverKey struct{}

// serverOf is the Server ServeHTTP handed the request to the shared mux for.
func serverOf(r *http.Request) *Server {
	s, _ := r.Context().Value(serverKey{}).(*Server)
	return s
}
