package mockapi

import (
	"crypto/sha256"
	"regexp"
	"slices"
	"time"
)

// apiTokenRec is an API access token (bkua_): REST and GraphQL take it as a
// Bearer token. Its scopes decide which REST routes it may call.
type apiTokenRec struct {
	uuid, orgUUID string
	description   string
	scopes        []string
	createdAt     time.Time
	value         string
}

func (t *apiTokenRec) has(scope string) bool { return slices.Contains(t.scopes, scope) }

// seededCluster is one organization's seeded cluster with the token values
// the fixture derives for it.
type seededCluster struct {
	fixture  fixtureCluster
	token    seededToken // the cluster agent token (bkct_)
	readOnly seededToken // an API token with read_clusters only
}

// addAPIToken files a seeded API token.
func (st *state) addAPIToken(uuid, orgUUID, description string, scopes []string, v seededToken) *apiTokenRec {
	t := &apiTokenRec{uuid: uuid, orgUUID: orgUUID, description: description, scopes: scopes, createdAt: st.now().UTC(), value: v.value}
	st.apiTokens[uuid] = t
	st.addTokenSum(kindAPI, uuid, v)
	return t
}

// mintAPIToken issues a new API token of org with the given scopes.
func (st *state) mintAPIToken(orgUUID, description string, scopes []string) *apiTokenRec {
	t := &apiTokenRec{uuid: st.gen.uuid("api-token"), orgUUID: orgUUID, description: description,
		scopes: slices.Clone(scopes), createdAt: st.now().UTC(), value: st.gen.token(prefixAPI, bodyLenAPI)}
	st.apiTokens[t.uuid] = t
	st.addToken(kindAPI, t.uuid, t.value)
	return t
}

// revokeAPIToken makes t unusable at once, everywhere.
func (st *state) revokeAPIToken(t *apiTokenRec) {
	delete(st.apiTokens, t.uuid)
	st.dropToken(t.value)
}

// scopeRE is the shape of a scope name (read_clusters, graphql, ...).
var scopeRE = regexp.MustCompile(`^[a-z][a-z_]{0,63}$`)

// seedClusters gives every organization its default cluster, the cluster's
// "default" queue and one cluster agent token, plus a read-only API token.
// The idGen counters are advanced as if the values were derived here.
func (st *state) seedClusters(seeded *seededTokens) {
	created := st.now().UTC()
	for _, sc := range seeded.clusters {
		fc := sc.fixture
		st.gen.skip("token:" + prefixCluster)
		st.gen.skip("token:" + prefixAPI)
		c := &clusterRec{uuid: fc.uuid, orgUUID: fc.orgUUID, name: "Default", description: "The organization's default cluster",
			emoji: ":toolbox:", color: "#A7F3D0", createdAt: created}
		q := &queueRec{uuid: fc.queueUUID, key: "default", description: "Jobs and agents without a queue tag", retryAgentAffinity: retryAffinities[0], createdAt: created}
		c.queues, c.defaultQueue = []*queueRec{q}, q.uuid
		_, ranges, _ := parseAllowedIPs("")
		t := &clusterTokenRec{uuid: fc.tokenUUID, cluster: c, description: "Default agent token",
			allowedIPs: defaultAllowedIPRange, ranges: ranges, createdAt: created, value: sc.token.value}
		c.tokens, c.tokenCount = []*clusterTokenRec{t}, 1
		st.tokens[sc.token.sum] = tokenRef{kind: kindClusterAgentToken, id: t.uuid, value: t.value}
		st.issue(t.value)
		st.clusters = append(st.clusters, c)
		st.addAPIToken(fc.readOnlyUUID, fc.orgUUID, "Read-only API token", []string{scopeReadClusters, scopeGraphQL}, sc.readOnly)
	}
}

// dropToken forgets a token value: it no longer authenticates anything.
func (st *state) dropToken(value string) {
	delete(st.tokens, sha256.Sum256([]byte(value)))
}

// clusterEnv adds an organization's seeded cluster to env: ids of the
// cluster, its default queue and its agent token, the token's value, and the
// read-only API token.
func clusterEnv(env map[string]string, sc seededCluster, suffix string) {
	fc := sc.fixture
	env["BUILDKITE_CLUSTER_ID"+suffix] = fc.uuid
	env["BUILDKITE_CLUSTER_GRAPHQL_ID"+suffix] = nodeID("Cluster", fc.uuid)
	env["BUILDKITE_CLUSTER_QUEUE_ID"+suffix] = fc.queueUUID
	env["BUILDKITE_CLUSTER_TOKEN_ID"+suffix] = fc.tokenUUID
	env["BUILDKITE_CLUSTER_TOKEN_GRAPHQL_ID"+suffix] = nodeID("ClusterToken", fc.tokenUUID)
	env["BUILDKITE_CLUSTER_AGENT_TOKEN"+suffix] = sc.token.value
	env["BUILDKITE_API_TOKEN_READ_ONLY"+suffix] = sc.readOnly.value
}
