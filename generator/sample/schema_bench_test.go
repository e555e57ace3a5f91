package sample

import (
	"os"
	"testing"

	mockgraphql "github.com/docproof/docproof/mockapi/graphql"
)

// benchSchema is the published schema DOCPROOF_PUBLISHED_SCHEMA names (the
// Buildkite docs' data/graphql/schema.graphql, about 260 KB), else the
// mock's own.
func benchSchema(b *testing.B) []byte {
	b.Helper()
	if p := os.Getenv("DOCPROOF_PUBLISHED_SCHEMA"); p != "" {
		sdl, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		return sdl
	}
	return []byte(mockgraphql.Schema())
}

// BenchmarkParseSchema is the once-per-build cost of graphql_schema:.
//
//	DOCPROOF_PUBLISHED_SCHEMA=/path/schema.graphql go test -run '^$' -bench Schema ./generator/sample/
func BenchmarkParseSchema(b *testing.B) {
	sdl := benchSchema(b)
	for b.Loop() {
		if _, err := ParseSchema("schema.graphql", sdl); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateQuery is the per-sample cost: one mutation validated.
func BenchmarkValidateQuery(b *testing.B) {
	sch, err := ParseSchema("schema.graphql", benchSchema(b))
	if err != nil {
		b.Fatal(err)
	}
	const q = `mutation {
  clusterAgentTokenCreate(input: {organizationId: "o", clusterId: "c", description: "d"}) {
    clusterAgentToken { id uuid description cluster { id name } }
    tokenValue
  }
}`
	for b.Loop() {
		if p := sch.validate(q, nil, 1, 1); len(p) > 0 {
			b.Fatal(p)
		}
	}
}
