package mockapi

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/docproof/docproof/mockapi/graphql"
)

// nodeID is a GraphQL global id: base64 of "<Type>---<uuid>".
func nodeID(kind, uuid string) string {
	return base64.StdEncoding.EncodeToString([]byte(kind + "---" + uuid))
}

// graphQLStore adapts the mock's state to graphql.Store, under the server's lock.
type graphQLStore struct{ s *Server }

var _ graphql.Store = graphQLStore{}

// serveGraphQL answers POST /v1 with the prototype's parsed schema over this
// mock's store. The schema is parsed on the first GraphQL request any mock of
// the prototype gets: most pages of a docs build send none.
func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	s.proto.graphQL().Handler(graphQLStore{s}).ServeHTTP(w, r)
}

func orgOf(o *orgRec) graphql.Org { return graphql.Org{UUID: o.uuid, Slug: o.slug, Name: o.name} }

// OrgByAPIToken finds the organization of an API access token in constant time.
func (g graphQLStore) OrgByAPIToken(token string) (graphql.Org, bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	ref, ok := g.s.st.lookup(token)
	if !ok || ref.kind != kindAPI {
		return graphql.Org{}, false
	}
	return orgOf(g.s.st.org(g.s.st.apiTokens[ref.id].orgUUID)), true
}

// OrgBySlug finds an organization by slug.
func (g graphQLStore) OrgBySlug(slug string) (graphql.Org, bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	o := g.s.st.orgBySlug(slug)
	if o == nil {
		return graphql.Org{}, false
	}
	return orgOf(o), true
}

// OrgByUUID finds an organization by uuid.
func (g graphQLStore) OrgByUUID(uuid string) (graphql.Org, bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	o := g.s.st.org(uuid)
	if o == nil {
		return graphql.Org{}, false
	}
	return orgOf(o), true
}

// AgentTokens lists an organization's agent tokens in creation order.
func (g graphQLStore) AgentTokens(orgUUID string) []graphql.AgentToken {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	var out []graphql.AgentToken
	for _, t := range g.s.st.agentTokens {
		if t.OrgUUID == orgUUID {
			out = append(out, copyToken(t))
		}
	}
	return out
}

// AgentToken finds one agent token by uuid.
func (g graphQLStore) AgentToken(uuid string) (graphql.AgentToken, bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	t := g.s.st.agentToken(uuid)
	if t == nil {
		return graphql.AgentToken{}, false
	}
	return copyToken(t), true
}

// maxAgentTokensPerOrg bounds the tokens GraphQL can create.
const maxAgentTokensPerOrg = 1000

// CreateAgentToken issues a new bkar_ registration token.
func (g graphQLStore) CreateAgentToken(orgUUID, description string, public bool) (graphql.AgentToken, error) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	st := g.s.st
	if st.org(orgUUID) == nil {
		return graphql.AgentToken{}, errors.New("organization not found")
	}
	n := 0
	for _, t := range st.agentTokens {
		if t.OrgUUID == orgUUID {
			n++
		}
	}
	if n >= maxAgentTokensPerOrg {
		return graphql.AgentToken{}, errors.New("this organization has reached the mock's limit of agent tokens")
	}
	t := st.addAgentToken(st.gen.uuid("agent-token"), orgUUID, strings.TrimSpace(description), public, st.now().UTC())
	return copyToken(t), nil
}

// RevokeAgentToken revokes a token at the injected clock's time. Agents it
// registered keep working; it registers no new ones.
func (g graphQLStore) RevokeAgentToken(uuid, reason string) (graphql.AgentToken, error) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	t := g.s.st.agentToken(uuid)
	if t == nil {
		return graphql.AgentToken{}, errors.New("agent token not found")
	}
	if t.RevokedAt != nil {
		return graphql.AgentToken{}, errors.New("this agent token has already been revoked")
	}
	now := g.s.st.now().UTC().Truncate(time.Microsecond)
	t.RevokedAt, t.RevokedReason = &now, reason
	return copyToken(t), nil
}

func copyToken(t *graphql.AgentToken) graphql.AgentToken {
	c := *t
	if t.RevokedAt != nil {
		at := *t.RevokedAt
		c.RevokedAt = &at
	}
	return c
}
