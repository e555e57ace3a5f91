package mockapi_test

import (
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/docproof/docproof/mockapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const listTokens = `query($slug: ID!) { organization(slug: $slug) { agentTokens(first: 50) { edges { node { description } } } } }`

// tokenDescriptions lists the agent tokens of the harness's first organization.
func (h *harness) tokenDescriptions() []string {
	h.t.Helper()
	data, errs := h.graphql(h.env["BUILDKITE_API_TOKEN"], listTokens, map[string]any{"slug": h.env["BUILDKITE_ORGANIZATION_SLUG"]})
	require.Empty(h.t, errs)
	var out []string
	for _, e := range data["organization"].(map[string]any)["agentTokens"].(map[string]any)["edges"].([]any) {
		out = append(out, e.(map[string]any)["node"].(map[string]any)["description"].(string))
	}
	return out
}

// Mocks made by one Prototype share its route table and GraphQL schema but
// nothing else: used at the same time, each answers exactly as a mock of its
// own (New) does, and sees only its own agents and tokens.
func TestPrototypeMocksAreIndependent(t *testing.T) {
	want := string(transcript(t, 1))
	proto := mockapi.NewPrototype()
	const mocks = 8
	var wg sync.WaitGroup
	for i := range mocks {
		wg.Go(func() {
			h := &harness{t: t, srv: proto.New(mockapi.WithClock(fixedClock), mockapi.WithSeed(1))}
			h.env = h.srv.Env()
			assert.Equal(t, []string{"Default"}, h.tokenDescriptions())
			if i%2 == 0 { // half of them change GraphQL state before the story
				h.newToken()
				assert.Equal(t, []string{"Default", "CI"}, h.tokenDescriptions())
				return
			}
			assert.Equal(t, want, string(transcriptOn(t, h)))
			assert.Equal(t, []string{"Default"}, h.tokenDescriptions(), "another mock's token leaked in")
			agents := h.must(200, "GET", "/_mock/agents", "", nil).JSON(t).([]any)
			assert.Len(t, agents, 1, "only this mock's agent")
		})
	}
	wg.Wait()
	// A mock made after the others starts from the fixture too.
	h := &harness{t: t, srv: proto.New(mockapi.WithClock(fixedClock), mockapi.WithSeed(1))}
	h.env = h.srv.Env()
	assert.Equal(t, want, string(transcriptOn(t, h)))
}

// Options are per mock: one prototype makes mocks with different seeds and drift.
func TestPrototypeOptionsPerMock(t *testing.T) {
	proto := mockapi.NewPrototype()
	a := proto.New(mockapi.WithSeed(1))
	b := proto.New(mockapi.WithSeed(2), mockapi.WithDrift(mockapi.DriftRegisterStatus))
	assert.NotEqual(t, a.Env()["BUILDKITE_AGENT_TOKEN"], b.Env()["BUILDKITE_AGENT_TOKEN"])
	ha, hb := &harness{t: t, srv: a, env: a.Env()}, &harness{t: t, srv: b, env: b.Env()}
	ha.must(200, "POST", "/v3/register", ha.env["BUILDKITE_AGENT_TOKEN"], map[string]string{"name": "x"})
	hb.must(201, "POST", "/v3/register", hb.env["BUILDKITE_AGENT_TOKEN"], map[string]string{"name": "x"})
	assert.Equal(t, a.Routes(), b.Routes())
}

// What a docs build pays per page for its mock: one Prototype per build.
func BenchmarkPrototypeNew(b *testing.B) {
	proto := mockapi.NewPrototype()
	b.Run("idle", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			proto.New()
		}
	})
	b.Run("first request", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			srv := proto.New()
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, httptest.NewRequest("GET", "/v3/ping", nil))
			if w.Code != 401 {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}
