// Package graphql serves the agent-token part of Buildkite's GraphQL API
// (graphql.buildkite.com/v1: organization, agentTokens, node,
// agentTokenCreate, agentTokenRevoke) over a Store that the mock owns.
//
// The schema is schema.graphql (embedded, see Schema), trimmed from
// Buildkite's SDL with names, types, arguments and nullability unchanged, and
// executed by github.com/graph-gophers/graphql-go: selection sets, aliases,
// fragments, variables, operationName, introspection and validation errors
// behave as in any spec-compliant server.
//
// # Requests
//
// Only POST with Content-Type application/json is served (other methods: 405;
// other media types: 415); bodies over MaxBodyBytes get 413 and malformed
// bodies 400. The body is {"query", "operationName", "variables"}, where
// variables may be an object or a string holding one (Buildkite's own curl
// example sends "variables": "{ }"). Every answer is JSON. Refusals of the
// request itself have the shape {"errors":[{"message":"..."}]}; GraphQL
// errors (syntax, validation, resolver) are answered with status 200, like
// Buildkite, carrying "errors" with message, locations and path, next to
// "data" when execution started. Errors are sorted by location and path, so
// the same store state always gives byte-identical output.
//
// # Authentication and scope
//
// Requests need "Authorization: Bearer <API access token>". A missing or
// unknown token, a non-Bearer scheme, or a token of another kind (agent
// bkar_/bkaa_/bkaj_, cluster bkct_, package bkpt_/bkpat_/bkps_) is refused
// with 401 and a message saying what to send. The token's organization is the
// only one the caller sees:
//
//   - organization(slug:) of any other organization, known or not, is null
//     with no error. This is how Buildkite answers for organizations a token
//     cannot access, and it does not reveal which slugs exist.
//   - node(id:) of an object of another organization, or of a malformed or
//     unknown ID, is null with no error.
//   - agentTokenCreate with another organization's organizationID and
//     agentTokenRevoke of another organization's token are GraphQL errors
//     that read the same as for IDs that do not exist. Such errors quote the
//     ID sent (so an unbound "organization-id" placeholder shows), except a
//     token value pasted by mistake, which is never echoed.
//
// # Agent tokens
//
// Node IDs are base64 of "<Type>---<uuid>" (Organization, AgentToken, User).
// tokenValue exists only in the agentTokenCreate payload; the deprecated
// AgentToken.token field always returns the string "[REDACTED]", never the
// value (what Buildkite returns there today is undocumented; a placeholder
// keeps the field valid for old queries without leaking the secret).
// agentTokens lists revoked and valid tokens in creation order unless revoked
// filters them; count is the size of the filtered set; first and then last
// slice it (Buildkite's agentTokens takes no after/before), and pageInfo and
// the opaque, stable cursors describe the slice. One request resolves at most
// 10000 agent tokens. Revoking sets revokedAt, revokedReason (the input
// reason) and revokedBy; revoking twice is an error, and
// permissions.agentTokenRevoke.allowed turns false. DateTime values are
// RFC 3339 UTC with second precision ("2026-01-15T09:30:00Z").
//
// # Clusters
//
// Organization.clusters (order NAME or RECENTLY_CREATED, after/before/first/
// last), Organization.cluster(id: <cluster UUID, or its global id>), Cluster,
// ClusterQueue, ClusterToken and the mutations clusterCreate,
// clusterQueueCreate and clusterAgentTokenCreate/Update/Revoke, over
// ClusterStore (cluster_store.go; the mock's REST API v2 shares the same
// state). Their fields, arguments and nullability equal Buildkite's SDL
// (schema_test.go); not modelled: ClusterQueue.hostedAgents, metrics,
// stackHealth, ClusterQueueCreateInput.hostedAgents, and "implements
// Connection" on the connections. Mutations take global ids for
// organizationId, clusterId and id; another organization's ids are errors.
// agentTokens lists tokens that are not revoked; the deprecated token field is
// "[REDACTED]" and tokenValue appears once, in the create payload.
// clusterAgentTokenUpdate replaces the description and, when given,
// allowedIpAddresses; the expiry stays. clusterAgentTokenRevoke answers the
// token's global id as deletedClusterAgentTokenId; a second revoke is an
// error. Queues report hosted false; a cluster's first queue becomes its
// default queue.
//
// # Limits
//
// Queries nest at most 20 fields deep; overlapping-field validation stops
// after 20000 pairs; variable values are coerced to their declared types
// before anything runs (graphql-go leaves scalars unchecked), so a bad
// variable fails the whole request with no data, as the spec requires.
// Resolver errors carry message and path but no locations (graphql-go does not
// record them).
//
// The Store has no users. Each organization has one derived admin user (uuid
// derived from the organization's, name "<Org name> Admin", email
// "admin@<slug>.example"), who owns the organization's API token and is
// therefore createdBy of every token and revokedBy of every revoked one.
package graphql
