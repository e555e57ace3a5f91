package graphql

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	gql "github.com/graph-gophers/graphql-go"
)

// Node kinds of the cluster types.
const (
	kindCluster      = "Cluster"
	kindClusterQueue = "ClusterQueue"
	kindClusterToken = "ClusterToken"
)

// connArgs are the Relay arguments of a connection.
type connArgs struct {
	After, Before *string
	First, Last   *int32
}

// window returns the page of ids selected by a: after/before cursors first,
// then first and last, as Relay pages a connection.
func window(ctx context.Context, kind string, ids []string, a connArgs) (start, end int, err error) {
	for _, n := range []*int32{a.First, a.Last} {
		if n != nil && *n < 0 {
			return 0, 0, fmt.Errorf("arguments first and last must be zero or more, got %d", *n)
		}
	}
	start, end = 0, len(ids)
	if a.After != nil {
		if i := slices.Index(ids, cursorID(kind, *a.After)); i >= 0 {
			start = i + 1
		}
	}
	if a.Before != nil {
		if i := slices.Index(ids, cursorID(kind, *a.Before)); i >= 0 && i < end {
			end = i
		}
	}
	end = max(end, start)
	if a.First != nil && int(*a.First) < end-start {
		end = start + int(*a.First)
	}
	if a.Last != nil && int(*a.Last) < end-start {
		start = end - int(*a.Last)
	}
	return start, end, spend(ctx, end-start)
}

// edgeCursor is the opaque cursor of a record of kind.
func edgeCursor(kind, uuid string) string {
	return base64.StdEncoding.EncodeToString([]byte(kind + "Edge---" + uuid))
}

// cursorID is the uuid a cursor of kind names ("" when it names none).
func cursorID(kind, c string) string {
	raw, err := base64.StdEncoding.DecodeString(c)
	if err != nil {
		return ""
	}
	id, ok := strings.CutPrefix(string(raw), kind+"Edge---")
	if !ok {
		return ""
	}
	return id
}

// pageInfo is the PageInfo of ids[start:end] of kind.
func pageInfo(kind string, ids []string, start, end int) *pageInfoResolver {
	p := &pageInfoResolver{hasPrevious: start > 0, hasNext: end < len(ids)}
	if end > start {
		first, last := edgeCursor(kind, ids[start]), edgeCursor(kind, ids[end-1])
		p.startCursor, p.endCursor = &first, &last
	}
	return p
}

type clustersArgs struct {
	connArgs
	Order string // has a default, so never null
}

// Clusters lists the organization's clusters by name (or newest first).
func (r *orgResolver) Clusters(ctx context.Context, args clustersArgs) (*clusterConnResolver, error) {
	all := r.store.Clusters(r.org.UUID)
	if args.Order == "RECENTLY_CREATED" {
		slices.Reverse(all)
	} else {
		slices.SortStableFunc(all, func(a, b Cluster) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	}
	ids := make([]string, len(all))
	for i, c := range all {
		ids[i] = c.UUID
	}
	start, end, err := window(ctx, kindCluster, ids, args.connArgs)
	if err != nil {
		return nil, err
	}
	out := &clusterConnResolver{count: len(all), info: pageInfo(kindCluster, ids, start, end)}
	for _, c := range all[start:end] {
		out.edges = append(out.edges, &clusterEdgeResolver{node: &clusterResolver{store: r.store, org: r.org, c: c}})
	}
	return out, nil
}

// Cluster finds one of the organization's clusters by uuid (or GraphQL id).
func (r *orgResolver) Cluster(args struct{ ID gql.ID }) *clusterResolver {
	id := string(args.ID)
	if kind, uuid, ok := parseNodeID(args.ID); ok && kind == kindCluster {
		id = uuid
	}
	c, ok := r.store.Cluster(id)
	if !ok || c.OrgUUID != r.org.UUID {
		return nil
	}
	return &clusterResolver{store: r.store, org: r.org, c: c}
}

type clusterConnResolver struct {
	count int
	edges []*clusterEdgeResolver
	info  *pageInfoResolver
}

func (r *clusterConnResolver) Count() int32                   { return int32(r.count) }
func (r *clusterConnResolver) Edges() *[]*clusterEdgeResolver { return &r.edges }
func (r *clusterConnResolver) PageInfo() *pageInfoResolver    { return r.info }

type clusterEdgeResolver struct{ node *clusterResolver }

func (r *clusterEdgeResolver) Cursor() string         { return edgeCursor(kindCluster, r.node.c.UUID) }
func (r *clusterEdgeResolver) Node() *clusterResolver { return r.node }
func (r *clusterResolver) ID() gql.ID                 { return nodeID(kindCluster, r.c.UUID) }
func (r *clusterResolver) UUID() gql.ID               { return gql.ID(r.c.UUID) }
func (r *clusterResolver) Name() string               { return r.c.Name }
func (r *clusterResolver) Description() *string       { return optString(r.c.Description) }
func (r *clusterResolver) Emoji() *string             { return optString(r.c.Emoji) }
func (r *clusterResolver) Color() *string             { return optString(r.c.Color) }
func (r *clusterResolver) CreatedBy() *userResolver   { return &userResolver{u: orgAdmin(r.org)} }
func (r *clusterResolver) Organization() *orgResolver {
	return &orgResolver{store: r.store, org: r.org}
}
func (r *clusterQueueResolver) ID() gql.ID                  { return nodeID(kindClusterQueue, r.q.UUID) }
func (r *clusterQueueResolver) UUID() gql.ID                { return gql.ID(r.q.UUID) }
func (r *clusterQueueResolver) Key() string                 { return r.q.Key }
func (r *clusterQueueResolver) Description() *string        { return optString(r.q.Description) }
func (r *clusterQueueResolver) RetryAgentAffinity() string  { return r.q.RetryAgentAffinity }
func (r *clusterQueueResolver) DispatchPaused() bool        { return r.q.DispatchPausedAt != nil }
func (r *clusterQueueResolver) DispatchPausedAt() *dateTime { return optTime(r.q.DispatchPausedAt) }
func (r *clusterQueueResolver) Hosted() bool                { return false }
func (r *clusterQueueResolver) CreatedBy() *userResolver    { return &userResolver{u: orgAdmin(r.c.org)} }
func (r *clusterQueueResolver) Cluster() *clusterResolver   { return r.c }

// clusterResolver resolves a Cluster of org.
type clusterResolver struct {
	store Store
	org   Org
	c     Cluster
}

// DefaultQueue is the queue agents without a queue tag join.
func (r *clusterResolver) DefaultQueue() *clusterQueueResolver {
	q, ok := r.store.ClusterQueue(r.c.DefaultQueueUUID)
	if !ok {
		return nil
	}
	return &clusterQueueResolver{c: r, q: q}
}

type queuesArgs struct {
	connArgs
	Order string // has a default, so never null
}

// Queues lists the cluster's queues by key (or newest first).
func (r *clusterResolver) Queues(ctx context.Context, args queuesArgs) (*queueConnResolver, error) {
	all := r.store.ClusterQueues(r.c.UUID)
	if args.Order == "RECENTLY_CREATED" {
		slices.Reverse(all)
	} else {
		slices.SortStableFunc(all, func(a, b ClusterQueue) int { return cmp.Compare(a.Key, b.Key) })
	}
	ids := make([]string, len(all))
	for i, q := range all {
		ids[i] = q.UUID
	}
	start, end, err := window(ctx, kindClusterQueue, ids, args.connArgs)
	if err != nil {
		return nil, err
	}
	out := &queueConnResolver{count: len(all), info: pageInfo(kindClusterQueue, ids, start, end)}
	for _, q := range all[start:end] {
		out.edges = append(out.edges, &queueEdgeResolver{node: &clusterQueueResolver{c: r, q: q}})
	}
	return out, nil
}

type clusterTokensArgs struct{ First, Last *int32 }

// AgentTokens lists the cluster's agent tokens that are not revoked, in
// creation order.
func (r *clusterResolver) AgentTokens(ctx context.Context, args clusterTokensArgs) (*ctokenConnResolver, error) {
	all := r.store.ClusterTokens(r.c.UUID)
	ids := make([]string, len(all))
	for i, t := range all {
		ids[i] = t.UUID
	}
	start, end, err := window(ctx, kindClusterToken, ids, connArgs{First: args.First, Last: args.Last})
	if err != nil {
		return nil, err
	}
	out := &ctokenConnResolver{count: len(all), info: pageInfo(kindClusterToken, ids, start, end)}
	for _, t := range all[start:end] {
		out.edges = append(out.edges, &ctokenEdgeResolver{node: &clusterTokenResolver{c: r, t: t}})
	}
	return out, nil
}

// clusterQueueResolver resolves a ClusterQueue of cluster c.
type clusterQueueResolver struct {
	c *clusterResolver
	q ClusterQueue
}

// DispatchPausedBy is who paused the queue: the organization's admin.
func (r *clusterQueueResolver) DispatchPausedBy() *userResolver {
	if r.q.DispatchPausedAt == nil {
		return nil
	}
	return r.CreatedBy()
}

// DispatchPausedNote is why the queue was paused.
func (r *clusterQueueResolver) DispatchPausedNote() *string {
	if r.q.DispatchPausedAt == nil {
		return nil
	}
	return optString(r.q.DispatchPausedNote)
}

type queueConnResolver struct {
	count int
	edges []*queueEdgeResolver
	info  *pageInfoResolver
}

func (r *queueConnResolver) Count() int32                 { return int32(r.count) }
func (r *queueConnResolver) Edges() *[]*queueEdgeResolver { return &r.edges }
func (r *queueConnResolver) PageInfo() *pageInfoResolver  { return r.info }

type queueEdgeResolver struct{ node *clusterQueueResolver }

func (r *queueEdgeResolver) Cursor() string              { return edgeCursor(kindClusterQueue, r.node.q.UUID) }
func (r *queueEdgeResolver) Node() *clusterQueueResolver { return r.node }

// clusterTokenResolver resolves a ClusterToken of cluster c.
type clusterTokenResolver struct {
	c *clusterResolver
	t ClusterToken
}

func (r *clusterTokenResolver) ID() gql.ID                  { return nodeID(kindClusterToken, r.t.UUID) }
func (r *clusterTokenResolver) UUID() gql.ID                { return gql.ID(r.t.UUID) }
func (r *clusterTokenResolver) Description() *string        { return optString(r.t.Description) }
func (r *clusterTokenResolver) AllowedIPAddresses() *string { return optString(r.t.AllowedIPAddresses) }
func (r *clusterTokenResolver) ExpiresAt() *dateTime        { return optTime(r.t.ExpiresAt) }
func (r *clusterTokenResolver) CreatedBy() *userResolver    { return r.c.CreatedBy() }
func (r *clusterTokenResolver) Cluster() *clusterResolver   { return r.c }
func (r *clusterTokenResolver) Token() string               { return redactedToken }

type ctokenConnResolver struct {
	count int
	edges []*ctokenEdgeResolver
	info  *pageInfoResolver
}

func (r *ctokenConnResolver) Count() int32                  { return int32(r.count) }
func (r *ctokenConnResolver) Edges() *[]*ctokenEdgeResolver { return &r.edges }
func (r *ctokenConnResolver) PageInfo() *pageInfoResolver   { return r.info }

type ctokenEdgeResolver struct{ node *clusterTokenResolver }

func (r *ctokenEdgeResolver) Cursor() string              { return edgeCursor(kindClusterToken, r.node.t.UUID) }
func (r *ctokenEdgeResolver) Node() *clusterTokenResolver { return r.node }

// clusterNode resolves node(id:) for a cluster, queue or cluster token of
// the caller's organization (nil for anything else).
func clusterNode(store Store, caller Org, kind, uuid string) *nodeResolver {
	cluster := func(id string) *clusterResolver {
		c, ok := store.Cluster(id)
		if !ok || c.OrgUUID != caller.UUID {
			return nil
		}
		return &clusterResolver{store: store, org: caller, c: c}
	}
	switch kind {
	case kindCluster:
		if c := cluster(uuid); c != nil {
			return &nodeResolver{cluster: c}
		}
	case kindClusterQueue:
		if q, ok := store.ClusterQueue(uuid); ok {
			if c := cluster(q.ClusterUUID); c != nil {
				return &nodeResolver{queue: &clusterQueueResolver{c: c, q: q}}
			}
		}
	case kindClusterToken:
		if t, ok := store.ClusterToken(uuid); ok {
			if c := cluster(t.ClusterUUID); c != nil {
				return &nodeResolver{ctoken: &clusterTokenResolver{c: c, t: t}}
			}
		}
	}
	return nil
}
