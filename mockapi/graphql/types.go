package graphql

import (
	"context"
	"fmt"

	gql "github.com/graph-gophers/graphql-go"
)

// redactedToken is what the deprecated AgentToken.token field returns: the
// value is shown once, by agentTokenCreate, and never again.
const redactedToken = "[REDACTED]"

// orgResolver resolves an Organization.
type orgResolver struct {
	store Store
	org   Org
}

func (r *orgResolver) ID() gql.ID   { return nodeID(kindOrganization, r.org.UUID) }
func (r *orgResolver) UUID() string { return r.org.UUID }
func (r *orgResolver) Slug() string { return r.org.Slug }
func (r *orgResolver) Name() string { return r.org.Name }

type agentTokensArgs struct {
	First   *int32
	Last    *int32
	Revoked *bool
}

// AgentTokens lists the organization's tokens in creation order, filtered by
// revoked, then sliced by first and then last (the Relay algorithm without
// after/before, which Buildkite's agentTokens does not take).
func (r *orgResolver) AgentTokens(ctx context.Context, args agentTokensArgs) (*connResolver, error) {
	if args.First != nil && *args.First < 0 {
		return nil, fmt.Errorf("argument first must be zero or more, got %d", *args.First)
	}
	if args.Last != nil && *args.Last < 0 {
		return nil, fmt.Errorf("argument last must be zero or more, got %d", *args.Last)
	}
	var all []AgentToken
	for _, t := range r.store.AgentTokens(r.org.UUID) {
		if args.Revoked == nil || *args.Revoked == (t.RevokedAt != nil) {
			all = append(all, t)
		}
	}
	start, end := 0, len(all)
	if args.First != nil && int(*args.First) < end-start {
		end = start + int(*args.First)
	}
	if args.Last != nil && int(*args.Last) < end-start {
		start = end - int(*args.Last)
	}
	if err := spend(ctx, end-start); err != nil {
		return nil, err
	}
	return &connResolver{store: r.store, all: all, start: start, end: end}, nil
}

// connResolver resolves an AgentTokenConnection: the page all[start:end].
type connResolver struct {
	store      Store
	all        []AgentToken
	start, end int
}

func (r *connResolver) Count() int32 { return int32(len(r.all)) }

func (r *connResolver) Edges() *[]*edgeResolver {
	edges := make([]*edgeResolver, 0, r.end-r.start)
	for _, t := range r.all[r.start:r.end] {
		edges = append(edges, &edgeResolver{store: r.store, tok: t})
	}
	return &edges
}

func (r *connResolver) PageInfo() *pageInfoResolver {
	p := &pageInfoResolver{
		hasPrevious: r.start > 0,
		hasNext:     r.end < len(r.all),
	}
	if r.end > r.start {
		first, last := cursor(r.all[r.start].UUID), cursor(r.all[r.end-1].UUID)
		p.startCursor, p.endCursor = &first, &last
	}
	return p
}

// pageInfoResolver resolves a PageInfo.
type pageInfoResolver struct {
	startCursor, endCursor *string
	hasPrevious, hasNext   bool
}

func (r *pageInfoResolver) StartCursor() *string  { return r.startCursor }
func (r *pageInfoResolver) EndCursor() *string    { return r.endCursor }
func (r *pageInfoResolver) HasPreviousPage() bool { return r.hasPrevious }
func (r *pageInfoResolver) HasNextPage() bool     { return r.hasNext }

// edgeResolver resolves an AgentTokenEdge.
type edgeResolver struct {
	store Store
	tok   AgentToken
}

func (r *edgeResolver) Cursor() string { return cursor(r.tok.UUID) }
func (r *edgeResolver) Node() *tokenResolver {
	return &tokenResolver{store: r.store, tok: r.tok}
}

// tokenResolver resolves an AgentToken. It never exposes tok.Value.
type tokenResolver struct {
	store Store
	tok   AgentToken
}

func (r *tokenResolver) ID() gql.ID               { return nodeID(kindAgentToken, r.tok.UUID) }
func (r *tokenResolver) UUID() gql.ID             { return gql.ID(r.tok.UUID) }
func (r *tokenResolver) Public() bool             { return r.tok.Public }
func (r *tokenResolver) CreatedAt() *dateTime     { return optTime(&r.tok.CreatedAt) }
func (r *tokenResolver) RevokedAt() *dateTime     { return optTime(r.tok.RevokedAt) }
func (r *tokenResolver) Token() string            { return redactedToken }
func (r *tokenResolver) Description() *string     { return optString(r.tok.Description) }
func (r *tokenResolver) CreatedBy() *userResolver { return r.admin() }

func (r *tokenResolver) RevokedReason() *string {
	if r.tok.RevokedAt == nil {
		return nil
	}
	return &r.tok.RevokedReason
}

func (r *tokenResolver) RevokedBy() *userResolver {
	if r.tok.RevokedAt == nil {
		return nil
	}
	return r.admin()
}

func (r *tokenResolver) Organization() *orgResolver {
	org, ok := r.store.OrgByUUID(r.tok.OrgUUID)
	if !ok {
		return nil
	}
	return &orgResolver{store: r.store, org: org}
}

func (r *tokenResolver) Permissions() *permissionsResolver {
	return &permissionsResolver{revoked: r.tok.RevokedAt != nil}
}

func (r *tokenResolver) admin() *userResolver {
	org, ok := r.store.OrgByUUID(r.tok.OrgUUID)
	if !ok {
		return nil
	}
	return &userResolver{u: orgAdmin(org)}
}

// permissionsResolver resolves AgentTokenPermissions for the caller, who is
// always the organization's admin.
type permissionsResolver struct{ revoked bool }

func (r *permissionsResolver) AgentTokenRevoke() *permissionResolver {
	if r.revoked {
		msg := "This agent token has already been revoked"
		return &permissionResolver{message: &msg}
	}
	return &permissionResolver{allowed: true}
}

// permissionResolver resolves a Permission.
type permissionResolver struct {
	allowed bool
	message *string
}

func (r *permissionResolver) Allowed() bool    { return r.allowed }
func (r *permissionResolver) Code() *string    { return nil }
func (r *permissionResolver) Message() *string { return r.message }

// userResolver resolves a User.
type userResolver struct{ u user }

func (r *userResolver) ID() gql.ID    { return nodeID(kindUser, r.u.uuid) }
func (r *userResolver) UUID() string  { return r.u.uuid }
func (r *userResolver) Name() string  { return r.u.name }
func (r *userResolver) Email() string { return r.u.email }

// nodeResolver resolves the Node interface.
type nodeResolver struct {
	org     *orgResolver
	tok     *tokenResolver
	user    *userResolver
	cluster *clusterResolver      // cluster_types.go
	queue   *clusterQueueResolver // cluster_types.go
	ctoken  *clusterTokenResolver // cluster_types.go
}

func (r *nodeResolver) ID() gql.ID {
	switch {
	case r.org != nil:
		return r.org.ID()
	case r.tok != nil:
		return r.tok.ID()
	case r.cluster != nil:
		return r.cluster.ID()
	case r.queue != nil:
		return r.queue.ID()
	case r.ctoken != nil:
		return r.ctoken.ID()
	default:
		return r.user.ID()
	}
}

func (r *nodeResolver) ToOrganization() (*orgResolver, bool) { return r.org, r.org != nil }
func (r *nodeResolver) ToAgentToken() (*tokenResolver, bool) { return r.tok, r.tok != nil }
func (r *nodeResolver) ToUser() (*userResolver, bool)        { return r.user, r.user != nil }
func (r *nodeResolver) ToCluster() (*clusterResolver, bool)  { return r.cluster, r.cluster != nil }
func (r *nodeResolver) ToClusterQueue() (*clusterQueueResolver, bool) {
	return r.queue, r.queue != nil
}
func (r *nodeResolver) ToClusterToken() (*clusterTokenResolver, bool) {
	return r.ctoken, r.ctoken != nil
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
