package graphql

import "errors"

// noClusters is the cluster part of the fake store: an organization without
// clusters. The cluster resolvers are tested through the mock's store
// (mockapi/graphql_clusters_test.go).
type noClusters struct{}

var errNoClusters = errors.New("the fake store has no clusters")

func (noClusters) Clusters(string) []Cluster                { return nil }
func (noClusters) Cluster(string) (Cluster, bool)           { return Cluster{}, false }
func (noClusters) ClusterQueues(string) []ClusterQueue      { return nil }
func (noClusters) ClusterQueue(string) (ClusterQueue, bool) { return ClusterQueue{}, false }
func (noClusters) ClusterTokens(string) []ClusterToken      { return nil }
func (noClusters) ClusterToken(string) (ClusterToken, bool) { return ClusterToken{}, false }
func (noClusters) CreateCluster(string, ClusterCreate) (Cluster, error) {
	return Cluster{}, errNoClusters
}
func (noClusters) CreateClusterQueue(string, ClusterQueueCreate) (ClusterQueue, error) {
	return ClusterQueue{}, errNoClusters
}
func (noClusters) CreateClusterToken(string, ClusterTokenChange) (ClusterToken, error) {
	return ClusterToken{}, errNoClusters
}
func (noClusters) UpdateClusterToken(string, ClusterTokenChange) (ClusterToken, error) {
	return ClusterToken{}, errNoClusters
}
func (noClusters) RevokeClusterToken(string) error { return errNoClusters }
