// Package mockbackend hands the embedded mock of the Buildkite APIs
// (mockapi) to the generator as the sample.Mock its samples run against:
// a fresh mock per page, seed 1, a fixed clock, behind the guard of
// `docproof mock` but for its Host check. cmd/docproof and tests use it; the
// generator only sees sample.Mock.
package mockbackend

import (
	"time"

	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/mockapi"
	"github.com/docproof/docproof/mockapi/graphql"
)

// Mock is the embedded mock as a sample.Mock.
type Mock struct{}

// Backends makes mocks that share one fresh mockapi.Prototype (its route
// table and GraphQL schema): a build makes one per page. Each is behind the
// same guard as `docproof mock`, but for its Host check (samples name the
// public API hosts), so a sample that `docproof mock` would refuse when a
// reader runs it with curl (a JSON body sent without
// Content-Type: application/json, which curl's -d sends as a form) fails
// here too.
func (Mock) Backends() func() sample.Backend {
	proto := mockapi.NewPrototype()
	return func() sample.Backend {
		return proto.New(mockapi.WithSeed(1), mockapi.WithClock(Epoch)).Guarded(mockapi.GuardRule{AnyHost: true})
	}
}

// GraphQLSchema returns the SDL of the mock's GraphQL API.
func (Mock) GraphQLSchema() string { return graphql.Schema() }

// New returns one fresh backend, as a build's pages get (coverage routes, tests).
func New() sample.Backend { return Mock{}.Backends()() }

// Epoch is the mock's fixed clock, so answers (timestamps included) are the
// same on every build.
func Epoch() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }
