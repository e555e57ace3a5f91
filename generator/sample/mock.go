package sample

// Mock is the in-process API a build's samples run against. The generator
// does not import one: its caller hands it over (cmd/docproof passes the
// embedded mock, internal/mockbackend), so the pipeline depends on this
// interface only.
type Mock interface {
	// Backends returns the maker of one build's backends: each call is a
	// fresh Backend for one page's samples. Backends of a Mock answer the
	// same requests the same way on every build (no socket, no process, no
	// shell), so a page's results may be cached by its content.
	Backends() func() Backend
	// GraphQLSchema returns the SDL of the GraphQL API the mock models, which
	// a site's published schema (docproof.yaml graphql_schema:) is compared with.
	GraphQLSchema() string
}
