package graphql

import (
	"fmt"
	"os"
	"slices"
	"testing"

	gql "github.com/graph-gophers/graphql-go"
	"github.com/graph-gophers/graphql-go/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The mock's schema must stay a subset of the API's published one: every
// type, field, argument, input field and enum value it serves exists there
// with the same type. DOCPROOF_PUBLISHED_SCHEMA names the published file
// (the Buildkite docs repository's data/graphql/schema.graphql, which is
// not ours to commit); without it the mock is checked against
// testdata/published.graphql, a stand-in written for this test that holds
// what the published schema has of the mock's types (and more).
const publishedSchemaEnv = "DOCPROOF_PUBLISHED_SCHEMA"

func TestMockSchemaIsSubsetOfPublished(t *testing.T) {
	path := os.Getenv(publishedSchemaEnv)
	if path == "" {
		path = "testdata/published.graphql"
	}
	sdl, err := os.ReadFile(path)
	require.NoError(t, err)
	published := parseAST(t, string(sdl))
	assert.Empty(t, notIn(parseAST(t, Schema()), published), "the mock serves what %s does not have", path)
}

func TestNotInNamesEachDifference(t *testing.T) {
	const published = `
schema { query: Query }
type Query { org(slug: ID!): Org }
type Org { id: ID! name: String! state: State }
enum State { ON OFF }
input In { a: String }
`
	tests := []struct {
		name, mock string
		want       []string
	}{
		{"same", `schema { query: Query } type Query { org(slug: ID!): Org } type Org { id: ID! } enum State { ON }`, nil},
		{"missing type", `schema { query: Query } type Query { org(slug: ID!): Org } type Org { id: ID! } type Extra { x: Int }`,
			[]string{"type Extra: not in the published schema"}},
		{"missing field", `schema { query: Query } type Query { org(slug: ID!): Org } type Org { id: ID! uuid: String }`,
			[]string{"Org.uuid: not in the published schema"}},
		{"field type", `schema { query: Query } type Query { org(slug: ID!): Org } type Org { id: ID! name: String }`,
			[]string{"Org.name: the mock's type is String, the published one String!"}},
		{"missing argument", `schema { query: Query } type Query { org(slug: ID!, first: Int): Org } type Org { id: ID! }`,
			[]string{"Query.org(first:): not in the published schema"}},
		{"argument type", `schema { query: Query } type Query { org(slug: String): Org } type Org { id: ID! }`,
			[]string{"Query.org(slug:): the mock's type is String, the published one ID!"}},
		{"enum value", `schema { query: Query } type Query { org(slug: ID!): Org } type Org { id: ID! } enum State { ON PAUSED }`,
			[]string{"State.PAUSED: not in the published schema"}},
		{"input field", `schema { query: Query } type Query { org(slug: ID!): Org } type Org { id: ID! } input In { a: String b: Int }`,
			[]string{"In.b: not in the published schema"}},
		{"kind", `schema { query: Query } type Query { org(slug: ID!): Org } type Org { id: ID! } type State { x: Int }`,
			[]string{"type State: the mock's is an OBJECT, the published one an ENUM"}},
	}
	pub := parseAST(t, published)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, notIn(parseAST(t, tt.mock), pub))
		})
	}
}

func parseAST(t *testing.T, sdl string) *ast.Schema {
	t.Helper()
	s, err := gql.ParseSchema(sdl, nil)
	require.NoError(t, err)
	return s.AST()
}

// notIn lists what mock has that published does not, in a stable order.
func notIn(mock, published *ast.Schema) []string {
	var out []string
	names := make([]string, 0, len(mock.Types))
	for name := range mock.Types {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		mt := mock.Types[name]
		pt, ok := published.Types[name]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("type %s: not in the published schema", name))
			continue
		case mt.Kind() != pt.Kind():
			out = append(out, fmt.Sprintf("type %s: the mock's is an %s, the published one an %s", name, mt.Kind(), pt.Kind()))
			continue
		}
		switch mt := mt.(type) {
		case *ast.ObjectTypeDefinition:
			out = append(out, fieldsNotIn(name, mt.Fields, pt.(*ast.ObjectTypeDefinition).Fields)...)
		case *ast.InterfaceTypeDefinition:
			out = append(out, fieldsNotIn(name, mt.Fields, pt.(*ast.InterfaceTypeDefinition).Fields)...)
		case *ast.InputObject:
			out = append(out, valuesNotIn(name, "", mt.Values, pt.(*ast.InputObject).Values)...)
		case *ast.EnumTypeDefinition:
			for _, v := range mt.EnumValuesDefinition {
				if !slices.ContainsFunc(pt.(*ast.EnumTypeDefinition).EnumValuesDefinition, func(p *ast.EnumValueDefinition) bool { return p.EnumValue == v.EnumValue }) {
					out = append(out, fmt.Sprintf("%s.%s: not in the published schema", name, v.EnumValue))
				}
			}
		}
	}
	return out
}

func fieldsNotIn(typ string, mock, published ast.FieldsDefinition) []string {
	var out []string
	for _, f := range mock {
		p := published.Get(f.Name)
		switch {
		case p == nil:
			out = append(out, fmt.Sprintf("%s.%s: not in the published schema", typ, f.Name))
		case f.Type.String() != p.Type.String():
			out = append(out, fmt.Sprintf("%s.%s: the mock's type is %s, the published one %s", typ, f.Name, f.Type, p.Type))
		default:
			out = append(out, valuesNotIn(typ+"."+f.Name, ":", f.Arguments, p.Arguments)...)
		}
	}
	return out
}

// valuesNotIn compares arguments (suffix ":", shown as T.f(a:)) or input
// fields (suffix "", shown as T.a).
func valuesNotIn(owner, suffix string, mock, published ast.ArgumentsDefinition) []string {
	var out []string
	for _, a := range mock {
		name := owner + "." + a.Name.Name
		if suffix != "" {
			name = owner + "(" + a.Name.Name + suffix + ")"
		}
		p := published.Get(a.Name.Name)
		switch {
		case p == nil:
			out = append(out, name+": not in the published schema")
		case a.Type.String() != p.Type.String():
			out = append(out, fmt.Sprintf("%s: the mock's type is %s, the published one %s", name, a.Type, p.Type))
		}
	}
	return out
}
