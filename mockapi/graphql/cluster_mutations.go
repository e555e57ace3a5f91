package graphql

import (
	"context"
	"fmt"

	gql "github.com/graph-gophers/graphql-go"
)

// callerCluster checks organizationId names the caller's organization and
// clusterId one of its clusters (both GraphQL ids), and resolves the cluster.
func callerCluster(ctx context.Context, orgID, clusterID gql.ID) (*clusterResolver, error) {
	caller, store, err := callerOrgID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	kind, uuid, ok := parseNodeID(clusterID)
	if !ok || kind != kindCluster {
		return nil, fmt.Errorf("clusterId %s is not a Cluster ID; query organization { clusters { edges { node { id } } } } for it", quoteID(clusterID))
	}
	c, ok := store.Cluster(uuid)
	if !ok || c.OrgUUID != caller.UUID {
		return nil, fmt.Errorf("no cluster found for clusterId %s in this organization", quoteID(clusterID))
	}
	return &clusterResolver{store: store, org: caller, c: c}, nil
}

// callerOrgID checks organizationId names the caller's organization.
func callerOrgID(ctx context.Context, orgID gql.ID) (Org, Store, error) {
	caller, store, err := callerOrg(ctx)
	if err != nil {
		return Org{}, nil, err
	}
	kind, uuid, ok := parseNodeID(orgID)
	if !ok || kind != kindOrganization {
		return Org{}, nil, fmt.Errorf("organizationId %s is not an Organization ID; query organization(slug: \"...\") { id } for it", quoteID(orgID))
	}
	if uuid != caller.UUID {
		return Org{}, nil, fmt.Errorf("no organization found for organizationId %s that this API token can access", quoteID(orgID))
	}
	if org, ok := store.OrgByUUID(uuid); ok {
		caller = org
	}
	return caller, store, nil
}

// callerClusterToken resolves a token id (a GraphQL id) of the caller's organization.
func callerClusterToken(ctx context.Context, orgID, id gql.ID) (*clusterTokenResolver, error) {
	caller, store, err := callerOrgID(ctx, orgID)
	if err != nil {
		return nil, err
	}
	kind, uuid, ok := parseNodeID(id)
	if !ok || kind != kindClusterToken {
		return nil, fmt.Errorf("id %s is not a ClusterToken ID; query cluster(id:) { agentTokens { edges { node { id } } } } for it", quoteID(id))
	}
	t, ok := store.ClusterToken(uuid)
	if ok {
		if c, found := store.Cluster(t.ClusterUUID); found && c.OrgUUID == caller.UUID {
			return &clusterTokenResolver{c: &clusterResolver{store: store, org: caller, c: c}, t: t}, nil
		}
	}
	return nil, fmt.Errorf("no agent token found for id %s in this organization", quoteID(id))
}

type clusterCreateInput struct {
	ClientMutationID *string
	Color            *string
	Description      *string
	Emoji            *string
	Name             string
	OrganizationID   gql.ID
}

// ClusterCreate adds a cluster to the caller's organization.
func (r *root) ClusterCreate(ctx context.Context, args struct{ Input clusterCreateInput }) (*clusterPayload, error) {
	in := args.Input
	caller, store, err := callerOrgID(ctx, in.OrganizationID)
	if err != nil {
		return nil, err
	}
	c, err := store.CreateCluster(caller.UUID, ClusterCreate{Name: in.Name, Description: in.Description, Emoji: in.Emoji, Color: in.Color})
	if err != nil {
		return nil, fmt.Errorf("cluster not created: %w", err)
	}
	return &clusterPayload{id: in.ClientMutationID, c: &clusterResolver{store: store, org: caller, c: c}}, nil
}

type clusterPayload struct {
	id *string
	c  *clusterResolver
}

func (p *clusterPayload) ClientMutationID() *string { return p.id }
func (p *clusterPayload) Cluster() *clusterResolver { return p.c }

type queueCreateInput struct {
	ClientMutationID   *string
	ClusterID          gql.ID
	Description        *string
	Key                string
	OrganizationID     gql.ID
	RetryAgentAffinity *string
}

// ClusterQueueCreate adds a queue to one of the caller's clusters.
func (r *root) ClusterQueueCreate(ctx context.Context, args struct{ Input queueCreateInput }) (*queuePayload, error) {
	in := args.Input
	c, err := callerCluster(ctx, in.OrganizationID, in.ClusterID)
	if err != nil {
		return nil, err
	}
	q, err := c.store.CreateClusterQueue(c.c.UUID, ClusterQueueCreate{Key: in.Key, Description: in.Description, RetryAgentAffinity: in.RetryAgentAffinity})
	if err != nil {
		return nil, fmt.Errorf("queue not created: %w", err)
	}
	if fresh, ok := c.store.Cluster(c.c.UUID); ok {
		c.c = fresh // the first queue became the default
	}
	return &queuePayload{id: in.ClientMutationID, q: &clusterQueueResolver{c: c, q: q}}, nil
}

type queuePayload struct {
	id *string
	q  *clusterQueueResolver
}

func (p *queuePayload) ClientMutationID() *string           { return p.id }
func (p *queuePayload) ClusterQueue() *clusterQueueResolver { return p.q }

type tokenCreateInput struct {
	AllowedIPAddresses *string `graphql:"allowedIpAddresses"`
	ClientMutationID   *string
	ClusterID          gql.ID
	Description        string
	ExpiresAt          *dateTime
	OrganizationID     gql.ID
}

// ClusterAgentTokenCreate issues an agent token of one of the caller's
// clusters. The payload is the only place its value ever appears.
func (r *root) ClusterAgentTokenCreate(ctx context.Context, args struct{ Input tokenCreateInput }) (*tokenPayload, error) {
	in := args.Input
	c, err := callerCluster(ctx, in.OrganizationID, in.ClusterID)
	if err != nil {
		return nil, err
	}
	change := ClusterTokenChange{Description: &in.Description, AllowedIPAddresses: in.AllowedIPAddresses}
	if in.ExpiresAt != nil {
		change.ExpiresAt = &in.ExpiresAt.Time
	}
	t, err := c.store.CreateClusterToken(c.c.UUID, change)
	if err != nil {
		return nil, fmt.Errorf("agent token not created: %w", err)
	}
	return &tokenPayload{id: in.ClientMutationID, t: &clusterTokenResolver{c: c, t: t}, value: t.Value}, nil
}

type tokenPayload struct {
	id    *string
	t     *clusterTokenResolver
	value string
}

func (p *tokenPayload) ClientMutationID() *string                { return p.id }
func (p *tokenPayload) ClusterAgentToken() *clusterTokenResolver { return p.t }
func (p *tokenPayload) TokenValue() string                       { return p.value }

type tokenUpdateInput struct {
	AllowedIPAddresses *string `graphql:"allowedIpAddresses"`
	ClientMutationID   *string
	Description        string
	ID                 gql.ID
	OrganizationID     gql.ID
}

// ClusterAgentTokenUpdate changes a token's description and allowed addresses.
func (r *root) ClusterAgentTokenUpdate(ctx context.Context, args struct{ Input tokenUpdateInput }) (*tokenUpdatePayload, error) {
	in := args.Input
	tr, err := callerClusterToken(ctx, in.OrganizationID, in.ID)
	if err != nil {
		return nil, err
	}
	t, err := tr.c.store.UpdateClusterToken(tr.t.UUID, ClusterTokenChange{Description: &in.Description, AllowedIPAddresses: in.AllowedIPAddresses})
	if err != nil {
		return nil, fmt.Errorf("agent token not updated: %w", err)
	}
	tr.t = t
	return &tokenUpdatePayload{id: in.ClientMutationID, t: tr}, nil
}

type tokenUpdatePayload struct {
	id *string
	t  *clusterTokenResolver
}

func (p *tokenUpdatePayload) ClientMutationID() *string                { return p.id }
func (p *tokenUpdatePayload) ClusterAgentToken() *clusterTokenResolver { return p.t }

type tokenRevokeInput struct {
	ClientMutationID *string
	ID               gql.ID
	OrganizationID   gql.ID
}

// ClusterAgentTokenRevoke revokes a token: it registers no new agent.
func (r *root) ClusterAgentTokenRevoke(ctx context.Context, args struct{ Input tokenRevokeInput }) (*tokenRevokePayload, error) {
	in := args.Input
	tr, err := callerClusterToken(ctx, in.OrganizationID, in.ID)
	if err != nil {
		return nil, err
	}
	if err := tr.c.store.RevokeClusterToken(tr.t.UUID); err != nil {
		return nil, fmt.Errorf("agent token not revoked: %w", err)
	}
	return &tokenRevokePayload{id: in.ClientMutationID, deleted: tr.ID()}, nil
}

type tokenRevokePayload struct {
	id      *string
	deleted gql.ID
}

func (p *tokenRevokePayload) ClientMutationID() *string          { return p.id }
func (p *tokenRevokePayload) DeletedClusterAgentTokenID() gql.ID { return p.deleted }
