package graphql

import "time"

// Cluster is a cluster of agents and queues in an organization.
type Cluster struct {
	UUID, OrgUUID     string
	Name, Description string
	Emoji, Color      string
	DefaultQueueUUID  string // "" when the cluster has no default queue
	CreatedAt         time.Time
}

// ClusterQueue is a queue of a cluster.
type ClusterQueue struct {
	UUID, ClusterUUID  string
	Key, Description   string
	RetryAgentAffinity string
	DispatchPausedAt   *time.Time // nil while jobs are dispatched
	DispatchPausedNote string
	CreatedAt          time.Time
}

// ClusterToken is a cluster agent token (bkct_). Value, the secret, is only
// ever shown as tokenValue by clusterAgentTokenCreate.
type ClusterToken struct {
	UUID, ClusterUUID  string
	Description        string
	AllowedIPAddresses string
	ExpiresAt          *time.Time
	CreatedAt          time.Time
	Value              string
}

// ClusterCreate is what clusterCreate sets.
type ClusterCreate struct {
	Name                      string
	Description, Emoji, Color *string
}

// ClusterQueueCreate is what clusterQueueCreate sets.
type ClusterQueueCreate struct {
	Key                             string
	Description, RetryAgentAffinity *string
}

// ClusterTokenChange is what creating or updating a cluster agent token sets;
// nil leaves a field unset or unchanged.
type ClusterTokenChange struct {
	Description        *string
	ExpiresAt          *time.Time
	AllowedIPAddresses *string
}

// ClusterStore is the cluster part of Store. Lookups by uuid find records of
// any organization; the resolvers check the caller's. Errors of the changes
// are shown to the client as GraphQL errors.
type ClusterStore interface {
	// Clusters lists an organization's clusters in creation order.
	Clusters(orgUUID string) []Cluster
	// Cluster finds a cluster by uuid.
	Cluster(uuid string) (Cluster, bool)
	// ClusterQueues lists a cluster's queues in creation order.
	ClusterQueues(clusterUUID string) []ClusterQueue
	// ClusterQueue finds a queue by uuid.
	ClusterQueue(uuid string) (ClusterQueue, bool)
	// ClusterTokens lists a cluster's agent tokens that are not revoked.
	ClusterTokens(clusterUUID string) []ClusterToken
	// ClusterToken finds an agent token that is not revoked by uuid.
	ClusterToken(uuid string) (ClusterToken, bool)
	// CreateCluster adds a cluster (with no queue) to an organization.
	CreateCluster(orgUUID string, in ClusterCreate) (Cluster, error)
	// CreateClusterQueue adds a queue to a cluster.
	CreateClusterQueue(clusterUUID string, in ClusterQueueCreate) (ClusterQueue, error)
	// CreateClusterToken issues an agent token (bkct_) of a cluster.
	CreateClusterToken(clusterUUID string, in ClusterTokenChange) (ClusterToken, error)
	// UpdateClusterToken changes a token's description and allowed addresses.
	UpdateClusterToken(uuid string, in ClusterTokenChange) (ClusterToken, error)
	// RevokeClusterToken revokes a token; agents it registered keep working.
	RevokeClusterToken(uuid string) error
}
