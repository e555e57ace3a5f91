package mockapi

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Limits on the cluster model, so that the mock's memory stays bounded.
const (
	maxClustersPerOrg     = 100
	maxQueuesPerCluster   = 100
	maxTokensPerCluster   = 1000
	maxAllowedIPRanges    = 24 // Buildkite's documented maximum of CIDR blocks per token
	minTokenLifetime      = 10 * time.Minute
	defaultAllowedIPRange = "0.0.0.0/0"
)

// clusterRec is a cluster of an organization with its queues and agent
// tokens. Per-cluster state other concerns need (secrets, say) belongs here.
type clusterRec struct {
	uuid, orgUUID     string
	name, description string
	emoji, color      string
	defaultQueue      string // uuid of the default queue; "" when none
	createdAt         time.Time
	queues            []*queueRec        // creation order
	tokens            []*clusterTokenRec // creation order; revoked ones stay, with revokedAt set
	deleted           bool               // deleted clusters stay reachable from their tokens, which then refuse
	tokenCount        int                // tokens ever created here (bounded by maxTokensPerCluster)
}

// queueRec is a queue of a cluster. Agents and jobs name it by key.
type queueRec struct {
	uuid, key, description string
	retryAgentAffinity     string
	createdAt              time.Time
	pausedAt               *time.Time // dispatch paused since; nil while jobs are dispatched
	pausedNote             string
}

// clusterTokenRec is a cluster agent token: it registers agents into its
// cluster, until it is revoked or expires, from the addresses it allows.
type clusterTokenRec struct {
	uuid        string
	cluster     *clusterRec
	description string
	allowedIPs  string         // as given, space-separated; defaultAllowedIPRange when not restricted
	ranges      []netip.Prefix // parsed allowedIPs
	expiresAt   *time.Time
	createdAt   time.Time
	revokedAt   *time.Time
	value       string
}

// clusterOf returns the cluster uuid of org, or a 404.
func (st *state) clusterOf(orgUUID, uuid string) (*clusterRec, error) {
	for _, c := range st.clusters {
		if c.uuid == uuid && c.orgUUID == orgUUID && !c.deleted {
			return c, nil
		}
	}
	return nil, notFound("Not Found")
}

// clustersOf lists org's clusters in creation order.
func (st *state) clustersOf(orgUUID string) []*clusterRec {
	var out []*clusterRec
	for _, c := range st.clusters {
		if c.orgUUID == orgUUID && !c.deleted {
			out = append(out, c)
		}
	}
	return out
}

// clusterByRef finds org's cluster by uuid or name (the control API takes either).
func (st *state) clusterByRef(orgUUID, ref string) *clusterRec {
	for _, c := range st.clustersOf(orgUUID) {
		if c.uuid == ref || strings.EqualFold(c.name, ref) {
			return c
		}
	}
	return nil
}

func (c *clusterRec) queue(uuid string) *queueRec {
	for _, q := range c.queues {
		if q.uuid == uuid {
			return q
		}
	}
	return nil
}

func (c *clusterRec) queueByKey(key string) *queueRec {
	for _, q := range c.queues {
		if q.key == key {
			return q
		}
	}
	return nil
}

// token returns a token of c that is not revoked.
func (c *clusterRec) token(uuid string) *clusterTokenRec {
	for _, t := range c.tokens {
		if t.uuid == uuid && t.revokedAt == nil {
			return t
		}
	}
	return nil
}

// liveTokens are c's tokens that are not revoked, in creation order.
func (c *clusterRec) liveTokens() []*clusterTokenRec {
	var out []*clusterTokenRec
	for _, t := range c.tokens {
		if t.revokedAt == nil {
			out = append(out, t)
		}
	}
	return out
}

// clusterInput is what creating or updating a cluster may set; nil leaves a
// field as it is.
type clusterInput struct {
	Name, Description, Emoji, Color *string
	DefaultQueueID                  *string
}

// createCluster adds a cluster with no queue to org.
func (st *state) createCluster(orgUUID string, in clusterInput) (*clusterRec, error) {
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		return nil, badState("Validation failed: Name can't be blank")
	}
	if len(st.clustersOf(orgUUID)) >= maxClustersPerOrg {
		return nil, badState("Validation failed: this organization has reached the mock's limit of %d clusters", maxClustersPerOrg)
	}
	c := &clusterRec{uuid: st.gen.uuid("cluster"), orgUUID: orgUUID, createdAt: st.now().UTC()}
	if err := st.updateCluster(c, in); err != nil {
		return nil, err
	}
	st.clusters = append(st.clusters, c)
	return c, nil
}

// updateCluster applies in to c.
func (st *state) updateCluster(c *clusterRec, in clusterInput) error {
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		if name == "" {
			return badState("Validation failed: Name can't be blank")
		}
		for _, o := range st.clustersOf(c.orgUUID) {
			if o != c && strings.EqualFold(o.name, name) {
				return badState("Validation failed: Name has already been taken")
			}
		}
		c.name = name
	}
	if in.DefaultQueueID != nil {
		if c.queue(*in.DefaultQueueID) == nil {
			return badState("Validation failed: Default queue must be a queue of this cluster")
		}
		c.defaultQueue = *in.DefaultQueueID
	}
	for _, f := range []struct {
		v   *string
		dst *string
	}{{in.Description, &c.description}, {in.Emoji, &c.emoji}, {in.Color, &c.color}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	return nil
}

// deleteCluster removes c with its queues and tokens; agents it registered
// stay connected.
func (st *state) deleteCluster(c *clusterRec) {
	c.deleted = true
	now := st.now().UTC()
	for _, t := range c.tokens {
		if t.revokedAt == nil {
			t.revokedAt = &now
		}
	}
}

// Queue retry agent affinities (Buildkite's two values).
var retryAffinities = []string{"prefer-warmest", "prefer-different"}

// createQueue adds a queue to c; a cluster's first queue becomes its default.
func (st *state) createQueue(c *clusterRec, key, description, affinity string) (*queueRec, error) {
	key = strings.TrimSpace(key)
	switch {
	case key == "":
		return nil, badState("Validation failed: Key can't be blank")
	case strings.ContainsAny(key, " \t\n=,"):
		return nil, badState("Validation failed: Key %q may not hold spaces, '=' or ','", key)
	case c.queueByKey(key) != nil:
		return nil, badState("Validation failed: Key has already been taken")
	case len(c.queues) >= maxQueuesPerCluster:
		return nil, badState("Validation failed: this cluster has reached the mock's limit of %d queues", maxQueuesPerCluster)
	}
	if affinity == "" {
		affinity = retryAffinities[0]
	}
	if !slices.Contains(retryAffinities, affinity) {
		return nil, badState("Validation failed: Retry agent affinity must be one of %s", strings.Join(retryAffinities, ", "))
	}
	q := &queueRec{uuid: st.gen.uuid("queue"), key: key, description: description, retryAgentAffinity: affinity, createdAt: st.now().UTC()}
	c.queues = append(c.queues, q)
	if c.defaultQueue == "" {
		c.defaultQueue = q.uuid
	}
	return q, nil
}

// deleteQueue removes q from c; the default queue can not be removed.
func (st *state) deleteQueue(c *clusterRec, q *queueRec) error {
	if c.defaultQueue == q.uuid {
		return badState("The default queue of a cluster can not be deleted; make another queue the default first")
	}
	c.queues = slices.DeleteFunc(c.queues, func(x *queueRec) bool { return x == q })
	return nil
}

// queuePaused reports whether dispatch is paused on j's cluster queue.
func (st *state) queuePaused(j *jobRec) bool {
	if j.clusterUUID == "" {
		return false
	}
	for _, c := range st.clusters {
		if c.uuid == j.clusterUUID {
			q := c.queueByKey(j.queue)
			return q != nil && q.pausedAt != nil
		}
	}
	return false
}

// clusterQueueFor picks the queue an agent registering into c with tags
// joins: its one queue tag, or the cluster's default queue.
func clusterQueueFor(c *clusterRec, tags []string) (*queueRec, error) {
	var keys []string
	for _, t := range tags {
		if k, ok := strings.CutPrefix(t, "queue="); ok && k != "" {
			keys = append(keys, k)
		}
	}
	switch len(keys) {
	case 0:
		if q := c.queue(c.defaultQueue); q != nil {
			return q, nil
		}
		return nil, badState("Cluster %q has no default queue; start the agent with a queue tag naming one of its queues", c.name)
	case 1:
		if q := c.queueByKey(keys[0]); q != nil {
			return q, nil
		}
		return nil, badState("Cluster %q has no queue with key %q; create the queue first or start the agent with one of its queues", c.name, keys[0])
	}
	return nil, badState("A clustered agent belongs to one queue, but its tags name %d (%s)", len(keys), fmt.Sprint(keys))
}
