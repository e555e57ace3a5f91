package graphql

import (
	"testing"
	"time"

	gql "github.com/graph-gophers/graphql-go"
	"github.com/graph-gophers/graphql-go/ast"
	"github.com/graph-gophers/graphql-go/introspection"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCoerce covers the coercion rules directly, including list and enum
// types the agent-token schema does not use yet.
func TestCoerce(t *testing.T) {
	scalar := func(name string) ast.Type { return &ast.ScalarTypeDefinition{Name: name} }
	enum := &ast.EnumTypeDefinition{Name: "Color", EnumValuesDefinition: []*ast.EnumValueDefinition{{EnumValue: "RED"}, {EnumValue: "BLUE"}}}
	input := &ast.InputObject{Name: "In", Values: ast.ArgumentsDefinition{
		{Name: ast.Ident{Name: "ids"}, Type: &ast.NonNull{OfType: &ast.List{OfType: &ast.NonNull{OfType: scalar("ID")}}}},
		{Name: ast.Ident{Name: "n"}, Type: scalar("Int"), Default: &ast.PrimitiveValue{Text: "3"}},
	}}
	tests := []struct {
		name   string
		typ    ast.Type
		value  any
		want   any
		reason string
	}{
		{"null for nullable", scalar("Int"), nil, nil, ""},
		{"null for non-null", &ast.NonNull{OfType: &ast.List{OfType: scalar("ID")}}, nil, nil, `Expected non-nullable type "[ID]!" not to be null.`},
		{"Int", scalar("Int"), 7.0, 7.0, ""},
		{"Int max", scalar("Int"), 2147483647.0, 2147483647.0, ""},
		{"Int overflow", scalar("Int"), 2147483648.0, nil, "Int cannot represent non 32-bit signed integer value: 2147483648"},
		{"Int from string", scalar("Int"), "7", nil, `Int cannot represent non-integer value: "7"`},
		{"Float from int", scalar("Float"), 2.0, 2.0, ""},
		{"Float from bool", scalar("Float"), true, nil, "Float cannot represent non numeric value: true"},
		{"String", scalar("String"), "x", "x", ""},
		{"String from object", scalar("String"), map[string]any{"a": 1.0}, nil, `String cannot represent a non string value: {"a":1}`},
		{"Boolean from string", scalar("Boolean"), "true", nil, `Boolean cannot represent a non boolean value: "true"`},
		{"ID from integer becomes a string", scalar("ID"), 42.0, "42", ""},
		{"ID from fraction", scalar("ID"), 4.5, nil, "ID cannot represent value: 4.5"},
		{"DateTime", scalar("DateTime"), "2026-01-15T09:30:00Z", "2026-01-15T09:30:00Z", ""},
		{"DateTime not ISO", scalar("DateTime"), "yesterday", nil, `DateTime cannot represent value: "yesterday"`},
		{"list", &ast.List{OfType: scalar("ID")}, []any{1.0, "b"}, []any{"1", "b"}, ""},
		{"single value for a list", &ast.List{OfType: scalar("Int")}, 5.0, 5.0, ""},
		{"bad list element", &ast.List{OfType: scalar("Int")}, []any{1.0, "x"}, nil, `In element #1: Int cannot represent non-integer value: "x"`},
		{"enum", enum, "RED", "RED", ""},
		{"unknown enum value", enum, "GREEN", nil, `Value "GREEN" does not exist in "Color" enum.`},
		{"input object, default field left out", input, map[string]any{"ids": []any{9.0}}, map[string]any{"ids": []any{"9"}}, ""},
		{"input object, missing non-null field", input, map[string]any{"n": 1.0}, nil, `At "ids": Expected non-nullable type "[ID!]!" not to be null.`},
		{"input object, bad nested field", input, map[string]any{"ids": []any{true}}, nil, `At "ids": In element #0: ID cannot represent value: true`},
		{"input object given a list", input, []any{}, nil, `Expected type "In" to be an object.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, reason := coerce(tt.value, introspection.WrapType(tt.typ))
			assert.Equal(t, tt.reason, reason)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDateTimeScalar(t *testing.T) {
	var d dateTime
	require.NoError(t, d.UnmarshalGraphQL("2026-01-15T10:30:00+01:00"))
	b, err := d.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `"2026-01-15T09:30:00Z"`, string(b), "always UTC, second precision")
	assert.Error(t, d.UnmarshalGraphQL("15/01/2026"))
	assert.Error(t, d.UnmarshalGraphQL(12.0))
	assert.True(t, dateTime{}.ImplementsGraphQLType("DateTime"))
	assert.False(t, dateTime{}.ImplementsGraphQLType("Time"))
	at := time.Date(2026, 1, 15, 9, 30, 0, 999, time.UTC)
	assert.Nil(t, optTime(nil))
	assert.Nil(t, optTime(&time.Time{}))
	assert.Equal(t, at, optTime(&at).Time)
}

func TestNodeIDs(t *testing.T) {
	id := nodeID(kindOrganization, "a98961b7-0000-4000-8000-000000000000")
	assert.Equal(t, "T3JnYW5pemF0aW9uLS0tYTk4OTYxYjctMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAw", string(id), "base64 of Organization---<uuid>")
	kind, uuid, ok := parseNodeID(id)
	require.True(t, ok)
	assert.Equal(t, kindOrganization, kind)
	assert.Equal(t, "a98961b7-0000-4000-8000-000000000000", uuid)
	for _, bad := range []string{"", "====", "QWdlbnQ", "LS0tYWJj" /* ---abc */, "QWdlbnQtLS0=" /* Agent--- */} {
		_, _, ok := parseNodeID(gql.ID(bad))
		assert.False(t, ok, bad)
	}
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, derivedUUID("user", acmeUUID))
	assert.Equal(t, derivedUUID("user", acmeUUID), derivedUUID("user", acmeUUID))
	assert.NotEqual(t, derivedUUID("user", acmeUUID), derivedUUID("user", otherUUID))
}
