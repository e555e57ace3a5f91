package graphql

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	gql "github.com/graph-gophers/graphql-go"
)

// Node kinds, the part of a node ID before "---".
const (
	kindOrganization = "Organization"
	kindAgentToken   = "AgentToken"
	kindUser         = "User"
	kindEdge         = "AgentTokenEdge"
)

// nodeID builds a Buildkite-style global ID: base64 of "<Kind>---<uuid>".
func nodeID(kind, uuid string) gql.ID {
	return gql.ID(base64.StdEncoding.EncodeToString([]byte(kind + "---" + uuid)))
}

// parseNodeID splits a global ID into its kind and uuid. Padding is optional,
// as clients sometimes strip it.
func parseNodeID(id gql.ID) (kind, uuid string, ok bool) {
	s := strings.TrimRight(string(id), "=")
	raw, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return "", "", false
	}
	kind, uuid, found := strings.Cut(string(raw), "---")
	if !found || kind == "" || uuid == "" {
		return "", "", false
	}
	return kind, uuid, true
}

// cursor is the opaque edge cursor of an agent token. It is derived from the
// token's uuid, so it stays the same however the connection is filtered and
// while other tokens are created or revoked.
func cursor(tokenUUID string) string {
	return base64.StdEncoding.EncodeToString([]byte(kindEdge + "---" + tokenUUID))
}

// dateTime is the DateTime scalar: an ISO-8601 UTC timestamp with second
// precision, e.g. "2024-05-01T10:00:00Z".
type dateTime struct{ time.Time }

// ImplementsGraphQLType maps dateTime to the schema's DateTime scalar.
func (dateTime) ImplementsGraphQLType(name string) bool { return name == "DateTime" }

// UnmarshalGraphQL parses an RFC 3339 timestamp given as input.
func (t *dateTime) UnmarshalGraphQL(input any) error {
	s, ok := input.(string)
	if !ok {
		return fmt.Errorf("DateTime must be an ISO-8601 string, not %T", input)
	}
	parsed, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("DateTime %q is not ISO-8601: %w", s, err)
	}
	t.Time = parsed
	return nil
}

// MarshalJSON writes the timestamp in UTC.
func (t dateTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.UTC().Format(time.RFC3339) + `"`), nil
}

// optTime turns a zero or nil time into a GraphQL null.
func optTime(t *time.Time) *dateTime {
	if t == nil || t.IsZero() {
		return nil
	}
	return &dateTime{*t}
}

// user is the person an organization's API token belongs to. The Store knows
// no users, so the mock derives one admin per organization (see the package
// documentation): every token of that organization is created and revoked
// by this admin, because the admin's API token is the only way in.
type user struct {
	uuid  string
	name  string
	email string
}

// orgAdmin derives the deterministic admin user of an organization.
func orgAdmin(o Org) user {
	return user{
		uuid:  derivedUUID("user", o.UUID),
		name:  o.Name + " Admin",
		email: "admin@" + o.Slug + ".example",
	}
}

// derivedUUID is a name-based (version 5 layout) UUID from SHA-1, so derived
// ids are stable for a given organization.
func derivedUUID(space, name string) string {
	sum := sha1.Sum([]byte("docproof-mock/" + space + "/" + name))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// Admin returns the uuid, name and email of the organization's derived admin
// user: the creator GraphQL shows for everything made with the organization's
// API tokens. The REST API shows the same user.
func Admin(o Org) (uuid, name, email string) {
	u := orgAdmin(o)
	return u.uuid, u.name, u.email
}
