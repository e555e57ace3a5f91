package graphql

import "time"

// Org is an organization as GraphQL sees it.
type Org struct {
	UUID string
	Slug string
	Name string
}

// AgentToken is an unclustered agent registration token.
type AgentToken struct {
	UUID          string
	OrgUUID       string
	Description   string
	Public        bool
	CreatedAt     time.Time
	RevokedAt     *time.Time // nil while the token is valid
	RevokedReason string
	Value         string // the secret; only ever returned as tokenValue by agentTokenCreate
}

// Store is the state GraphQL reads and changes. The mock's store implements it.
// Errors returned by Create/Revoke are shown to the client as GraphQL errors.
type Store interface {
	ClusterStore
	// OrgByAPIToken finds the organization an API access token (bkua_) belongs to,
	// comparing in constant time.
	OrgByAPIToken(token string) (Org, bool)
	// OrgBySlug finds an organization by slug.
	OrgBySlug(slug string) (Org, bool)
	// OrgByUUID finds an organization by uuid.
	OrgByUUID(uuid string) (Org, bool)
	// AgentTokens lists an organization's agent tokens in creation order.
	AgentTokens(orgUUID string) []AgentToken
	// AgentToken finds one agent token by uuid.
	AgentToken(uuid string) (AgentToken, bool)
	// CreateAgentToken issues a new registration token (value prefixed bkar_).
	CreateAgentToken(orgUUID, description string, public bool) (AgentToken, error)
	// RevokeAgentToken revokes a token; agents it registered keep working.
	RevokeAgentToken(uuid, reason string) (AgentToken, error)
}
