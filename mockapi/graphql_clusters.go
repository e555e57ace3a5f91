package mockapi

import (
	"errors"
	"time"

	"github.com/docproof/docproof/mockapi/graphql"
)

// The cluster part of graphql.Store, over the same state as the REST API v2.

func clusterOut(c *clusterRec) graphql.Cluster {
	return graphql.Cluster{UUID: c.uuid, OrgUUID: c.orgUUID, Name: c.name, Description: c.description,
		Emoji: c.emoji, Color: c.color, DefaultQueueUUID: c.defaultQueue, CreatedAt: c.createdAt}
}

func queueOut(c *clusterRec, q *queueRec) graphql.ClusterQueue {
	out := graphql.ClusterQueue{UUID: q.uuid, ClusterUUID: c.uuid, Key: q.key, Description: q.description,
		RetryAgentAffinity: q.retryAgentAffinity, DispatchPausedNote: q.pausedNote, CreatedAt: q.createdAt}
	if q.pausedAt != nil {
		at := *q.pausedAt
		out.DispatchPausedAt = &at
	}
	return out
}

func clusterTokenOut(t *clusterTokenRec) graphql.ClusterToken {
	out := graphql.ClusterToken{UUID: t.uuid, ClusterUUID: t.cluster.uuid, Description: t.description,
		AllowedIPAddresses: t.allowedIPs, CreatedAt: t.createdAt}
	if t.expiresAt != nil {
		at := *t.expiresAt
		out.ExpiresAt = &at
	}
	return out
}

// liveCluster finds a cluster that is not deleted, of any organization.
func (st *state) liveCluster(uuid string) *clusterRec {
	for _, c := range st.clusters {
		if c.uuid == uuid && !c.deleted {
			return c
		}
	}
	return nil
}

var errNoCluster = errors.New("cluster not found")

// Clusters lists an organization's clusters in creation order.
func (g graphQLStore) Clusters(orgUUID string) []graphql.Cluster {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	var out []graphql.Cluster
	for _, c := range g.s.st.clustersOf(orgUUID) {
		out = append(out, clusterOut(c))
	}
	return out
}

// Cluster finds a cluster by uuid.
func (g graphQLStore) Cluster(uuid string) (graphql.Cluster, bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	if c := g.s.st.liveCluster(uuid); c != nil {
		return clusterOut(c), true
	}
	return graphql.Cluster{}, false
}

// ClusterQueues lists a cluster's queues in creation order.
func (g graphQLStore) ClusterQueues(clusterUUID string) []graphql.ClusterQueue {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	c := g.s.st.liveCluster(clusterUUID)
	if c == nil {
		return nil
	}
	out := make([]graphql.ClusterQueue, 0, len(c.queues))
	for _, q := range c.queues {
		out = append(out, queueOut(c, q))
	}
	return out
}

// ClusterQueue finds a queue by uuid.
func (g graphQLStore) ClusterQueue(uuid string) (graphql.ClusterQueue, bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	for _, c := range g.s.st.clusters {
		if q := c.queue(uuid); q != nil && !c.deleted {
			return queueOut(c, q), true
		}
	}
	return graphql.ClusterQueue{}, false
}

// ClusterTokens lists a cluster's agent tokens that are not revoked.
func (g graphQLStore) ClusterTokens(clusterUUID string) []graphql.ClusterToken {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	c := g.s.st.liveCluster(clusterUUID)
	if c == nil {
		return nil
	}
	var out []graphql.ClusterToken
	for _, t := range c.liveTokens() {
		out = append(out, clusterTokenOut(t))
	}
	return out
}

// ClusterToken finds an agent token that is not revoked.
func (g graphQLStore) ClusterToken(uuid string) (graphql.ClusterToken, bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	if t := g.s.st.clusterTokenByUUID(uuid); t != nil && t.revokedAt == nil && !t.cluster.deleted {
		return clusterTokenOut(t), true
	}
	return graphql.ClusterToken{}, false
}

// CreateCluster adds a cluster to an organization.
func (g graphQLStore) CreateCluster(orgUUID string, in graphql.ClusterCreate) (graphql.Cluster, error) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	c, err := g.s.st.createCluster(orgUUID, clusterInput{Name: &in.Name, Description: in.Description, Emoji: in.Emoji, Color: in.Color})
	if err != nil {
		return graphql.Cluster{}, err
	}
	return clusterOut(c), nil
}

// CreateClusterQueue adds a queue to a cluster.
func (g graphQLStore) CreateClusterQueue(clusterUUID string, in graphql.ClusterQueueCreate) (graphql.ClusterQueue, error) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	c := g.s.st.liveCluster(clusterUUID)
	if c == nil {
		return graphql.ClusterQueue{}, errNoCluster
	}
	var desc, affinity string
	if in.Description != nil {
		desc = *in.Description
	}
	if in.RetryAgentAffinity != nil {
		affinity = *in.RetryAgentAffinity
	}
	q, err := g.s.st.createQueue(c, in.Key, desc, affinity)
	if err != nil {
		return graphql.ClusterQueue{}, err
	}
	return queueOut(c, q), nil
}

// tokenChange turns a GraphQL change into the REST API's input.
func tokenChange(in graphql.ClusterTokenChange) tokenInput {
	out := tokenInput{Description: in.Description, AllowedIPAddresses: in.AllowedIPAddresses}
	if in.ExpiresAt != nil {
		at := in.ExpiresAt.UTC().Format(time.RFC3339)
		out.ExpiresAt = &at
	}
	return out
}

// CreateClusterToken issues an agent token (bkct_) of a cluster.
func (g graphQLStore) CreateClusterToken(clusterUUID string, in graphql.ClusterTokenChange) (graphql.ClusterToken, error) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	c := g.s.st.liveCluster(clusterUUID)
	if c == nil {
		return graphql.ClusterToken{}, errNoCluster
	}
	t, err := g.s.st.createClusterToken(c, tokenChange(in))
	if err != nil {
		return graphql.ClusterToken{}, err
	}
	out := clusterTokenOut(t)
	out.Value = t.value
	return out, nil
}

// UpdateClusterToken changes a token's description and allowed addresses.
func (g graphQLStore) UpdateClusterToken(uuid string, in graphql.ClusterTokenChange) (graphql.ClusterToken, error) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	t := g.s.st.clusterTokenByUUID(uuid)
	if t == nil || t.revokedAt != nil {
		return graphql.ClusterToken{}, errors.New("agent token not found")
	}
	if err := g.s.st.updateClusterToken(t, tokenChange(in)); err != nil {
		return graphql.ClusterToken{}, err
	}
	return clusterTokenOut(t), nil
}

// RevokeClusterToken revokes a token.
func (g graphQLStore) RevokeClusterToken(uuid string) error {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	t := g.s.st.clusterTokenByUUID(uuid)
	if t == nil || t.revokedAt != nil {
		return errors.New("agent token not found")
	}
	g.s.st.revokeClusterToken(t)
	return nil
}
