package graphql

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	gql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"
)

// maxTokensPerRequest bounds how many agent tokens one request may resolve, so
// that a query nesting organization → agentTokens → node → organization … cannot
// make the mock do unbounded work.
const maxTokensPerRequest = 10000

// request is the per-request state resolvers read from the context.
type request struct {
	caller Org          // the organization of the Bearer API token
	store  Store        // the mock state this request reads and changes
	budget atomic.Int64 // agent tokens this request may still resolve
	// varErrors are set by varChecker before any resolver runs; when there
	// are any, the request is answered with them alone.
	varErrors []*gqlerrors.QueryError
}

type requestKey struct{}

func withRequest(ctx context.Context, caller Org, store Store) (context.Context, *request) {
	req := &request{caller: caller, store: store}
	req.budget.Store(maxTokensPerRequest)
	return context.WithValue(ctx, requestKey{}, req), req
}

// callerOrg is the organization the request's API token belongs to and the
// store the request works on. It fails when the variables did not coerce, so
// that no resolver acts on them.
func callerOrg(ctx context.Context) (Org, Store, error) {
	req, ok := ctx.Value(requestKey{}).(*request)
	if !ok {
		return Org{}, nil, errors.New("internal error: request has no authenticated organization")
	}
	if len(req.varErrors) > 0 {
		return Org{}, nil, errors.New("variables are invalid")
	}
	return req.caller, req.store, nil
}

// spend takes n tokens from the request's budget.
func spend(ctx context.Context, n int) error {
	req, ok := ctx.Value(requestKey{}).(*request)
	if !ok {
		return nil
	}
	if req.budget.Add(-int64(n)) < 0 {
		return fmt.Errorf("query resolves more than %d agent tokens; ask for fewer with first/last or nest less", maxTokensPerRequest)
	}
	return nil
}

// root resolves the Query and Mutation types. It holds nothing: the store
// comes with each request (callerOrg), so one parsed schema serves every mock.
type root struct{}

// Organization finds the caller's organization by slug. Any other slug,
// known or not, resolves to null without an error, as Buildkite does for
// organizations the token cannot see.
func (r *root) Organization(ctx context.Context, args struct{ Slug *gql.ID }) (*orgResolver, error) {
	caller, store, err := callerOrg(ctx)
	if err != nil {
		return nil, err
	}
	if args.Slug == nil || string(*args.Slug) != caller.Slug {
		return nil, nil
	}
	org, ok := store.OrgBySlug(caller.Slug)
	if !ok {
		return nil, nil
	}
	return &orgResolver{store: store, org: org}, nil
}

// Node resolves a global ID of the caller's organization; anything else
// (malformed, unknown, another organization's) is null.
func (r *root) Node(ctx context.Context, args struct{ ID gql.ID }) (*nodeResolver, error) {
	caller, store, err := callerOrg(ctx)
	if err != nil {
		return nil, err
	}
	kind, uuid, ok := parseNodeID(args.ID)
	if !ok {
		return nil, nil
	}
	switch kind {
	case kindOrganization:
		if uuid != caller.UUID {
			return nil, nil
		}
		if org, ok := store.OrgByUUID(uuid); ok {
			return &nodeResolver{org: &orgResolver{store: store, org: org}}, nil
		}
	case kindAgentToken:
		if tok, ok := store.AgentToken(uuid); ok && tok.OrgUUID == caller.UUID {
			if err := spend(ctx, 1); err != nil {
				return nil, err
			}
			return &nodeResolver{tok: &tokenResolver{store: store, tok: tok}}, nil
		}
	case kindUser:
		if admin := orgAdmin(caller); admin.uuid == uuid {
			return &nodeResolver{user: &userResolver{u: admin}}, nil
		}
	case kindCluster, kindClusterQueue, kindClusterToken:
		return clusterNode(store, caller, kind, uuid), nil
	}
	return nil, nil
}

type createInput struct {
	ClientMutationID *string
	Description      *string
	OrganizationID   gql.ID
	Public           bool
}

// AgentTokenCreate issues a token in the caller's organization. The payload is
// the only place its value ever appears.
func (r *root) AgentTokenCreate(ctx context.Context, args struct{ Input createInput }) (*createPayload, error) {
	caller, store, err := callerOrg(ctx)
	if err != nil {
		return nil, err
	}
	in := args.Input
	kind, uuid, ok := parseNodeID(in.OrganizationID)
	if !ok || kind != kindOrganization {
		return nil, fmt.Errorf("organizationID %s is not an Organization ID; query organization(slug: \"...\") { id } for it", quoteID(in.OrganizationID))
	}
	if uuid != caller.UUID {
		return nil, fmt.Errorf("no organization found for organizationID %s that this API token can access", quoteID(in.OrganizationID))
	}
	var desc string
	if in.Description != nil {
		desc = *in.Description
	}
	public := in.Public
	tok, err := store.CreateAgentToken(caller.UUID, desc, public)
	if err != nil {
		return nil, fmt.Errorf("agent token not created: %w", err)
	}
	org, ok := store.OrgByUUID(caller.UUID)
	if !ok {
		org = caller
	}
	return &createPayload{
		edge:             &edgeResolver{store: store, tok: tok},
		org:              &orgResolver{store: store, org: org},
		clientMutationID: in.ClientMutationID,
		value:            tok.Value,
	}, nil
}

// createPayload resolves AgentTokenCreatePayload.
type createPayload struct {
	edge             *edgeResolver
	org              *orgResolver
	clientMutationID *string
	value            string
}

func (p *createPayload) AgentTokenEdge() *edgeResolver { return p.edge }
func (p *createPayload) Organization() *orgResolver    { return p.org }
func (p *createPayload) ClientMutationID() *string     { return p.clientMutationID }
func (p *createPayload) TokenValue() string            { return p.value }

type revokeInput struct {
	ClientMutationID *string
	ID               gql.ID
	Reason           string
}

// AgentTokenRevoke revokes one of the caller's organization's tokens.
func (r *root) AgentTokenRevoke(ctx context.Context, args struct{ Input revokeInput }) (*revokePayload, error) {
	caller, store, err := callerOrg(ctx)
	if err != nil {
		return nil, err
	}
	in := args.Input
	kind, uuid, ok := parseNodeID(in.ID)
	if !ok || kind != kindAgentToken {
		return nil, fmt.Errorf("id %s is not an AgentToken ID; query agentTokens { edges { node { id } } } for it", quoteID(in.ID))
	}
	tok, ok := store.AgentToken(uuid)
	if !ok || tok.OrgUUID != caller.UUID {
		return nil, fmt.Errorf("no agent token found for id %s that this API token can access", quoteID(in.ID))
	}
	if tok.RevokedAt != nil {
		return nil, errors.New("this agent token has already been revoked")
	}
	tok, err = store.RevokeAgentToken(uuid, in.Reason)
	if err != nil {
		return nil, fmt.Errorf("agent token not revoked: %w", err)
	}
	return &revokePayload{
		tok:              &tokenResolver{store: store, tok: tok},
		clientMutationID: in.ClientMutationID,
	}, nil
}

// revokePayload resolves AgentTokenRevokePayload.
type revokePayload struct {
	tok              *tokenResolver
	clientMutationID *string
}

func (p *revokePayload) AgentToken() *tokenResolver { return p.tok }
func (p *revokePayload) ClientMutationID() *string  { return p.clientMutationID }

// quoteID quotes an ID for an error message, so that a writer sees which
// literal was sent (an unbound "organization-id" placeholder, say). A token
// value pasted by mistake is not echoed: answers never carry secrets.
func quoteID(id gql.ID) string {
	s := string(id)
	if looksLikeToken(s) {
		return "(a token value, not an ID)"
	}
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return strconv.Quote(s)
}

// looksLikeToken reports whether s starts like a Buildkite token value.
func looksLikeToken(s string) bool {
	for _, p := range []string{"bkua_", "bkar_", "bkaa_", "bkaj_", "bkct_", "bkpt_", "bkpat_", "bkps_"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
