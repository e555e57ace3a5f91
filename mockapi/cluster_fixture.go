package mockapi

// The seeded clusters: each organization has one cluster, "Default", with one
// queue, "default" (the cluster's default queue), and one cluster agent token.
// Identifiers are constants (the docs may quote them); token values derive
// from the seed.

type fixtureCluster struct {
	orgUUID         string
	uuid, queueUUID string
	tokenUUID       string
	apiTokenUUID    string // the organization's seeded API token (read_clusters, write_clusters)
	readOnlyUUID    string // a second API token with read_clusters only
}

func fixtureClusters() []fixtureCluster {
	return []fixtureCluster{
		{
			orgUUID:      "3f9b1c2e-5a47-4d8e-9c61-0b2a7e4d5f10",
			uuid:         "c1a2b3c4-d5e6-4f70-8a91-b2c3d4e5f601",
			queueUUID:    "c1a2b3c4-d5e6-4f70-9b02-c3d4e5f6a701",
			tokenUUID:    "c1a2b3c4-d5e6-4f70-a0c3-d4e5f6a7b801",
			apiTokenUUID: "c1a2b3c4-d5e6-4f70-b1d4-e5f6a7b8c901",
			readOnlyUUID: "c1a2b3c4-d5e6-4f70-b1d4-e5f6a7b8c902",
		},
		{
			orgUUID:      "8c2d4e6f-1a3b-4c5d-8e7f-9a0b1c2d3e20",
			uuid:         "c2b3c4d5-e6f7-4a81-8b92-c3d4e5f6a702",
			queueUUID:    "c2b3c4d5-e6f7-4a81-9c03-d4e5f6a7b802",
			tokenUUID:    "c2b3c4d5-e6f7-4a81-a1d4-e5f6a7b8c902",
			apiTokenUUID: "c2b3c4d5-e6f7-4a81-b2e5-f6a7b8c9d002",
			readOnlyUUID: "c2b3c4d5-e6f7-4a81-b2e5-f6a7b8c9d003",
		},
	}
}

// The API token scopes the mock knows. The seeded API token has all of them.
const (
	scopeReadClusters  = "read_clusters"
	scopeWriteClusters = "write_clusters"
	scopeGraphQL       = "graphql"
)

var seededScopes = []string{scopeReadClusters, scopeWriteClusters, scopeGraphQL}
