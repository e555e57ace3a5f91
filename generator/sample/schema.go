package sample

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	gql "github.com/graph-gophers/graphql-go"

	"github.com/docproof/docproof/generator/diag"
)

// Schema is a GraphQL schema parsed without resolvers: it validates
// queries, never runs them. A site names its API's published schema
// (graphql_schema: in docproof.yaml); the mock's own schema is another.
// Both are parsed once per build and shared by every page (a Schema is
// safe for concurrent use).
type Schema struct {
	File string // as shown in messages, e.g. "data/graphql/schema.graphql"
	Hash string // SHA-256 of the SDL: cache keys change when the schema does
	s    *gql.Schema
}

// ParseSchema parses the SDL of file. A schema that does not parse is an
// error naming the file and graphql-go's message.
func ParseSchema(file string, sdl []byte) (*Schema, error) {
	s, err := gql.ParseSchema(string(sdl), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: not a GraphQL schema: %w", file, err)
	}
	sum := sha256.Sum256(sdl)
	return &Schema{File: file, Hash: hex.EncodeToString(sum[:]), s: s}, nil
}

// SchemaCheck is what GraphQL samples are validated against before they
// run (Options.Schemas): a query the published schema refuses is drift and
// fails at its line; one the published schema accepts but the mock's does
// not is unmodelled (skipped with unmodelled: skip). Published nil turns
// the check off.
type SchemaCheck struct {
	Published *Schema
	Modelled  *Schema // nil: every query the published schema accepts runs
}

// schemaProblem is one message of a schema's validation, at a page line.
type schemaProblem struct {
	Line int
	Msg  string
}

// validate returns what sch says is wrong with query and its variables
// (nil when the sample gives none: then the values of its variables are
// not judged, only their types); base is the page line of the query's
// first line (0 when the query is not on the page as it is, as in a curl
// body: then every problem is at at).
func (sch *Schema) validate(query string, vars map[string]any, base, at int) []schemaProblem {
	errs := sch.s.ValidateWithVariables(query, vars)
	out := make([]schemaProblem, 0, len(errs))
	for _, e := range errs {
		if vars == nil && e.Rule == "VariablesOfCorrectType" {
			continue // "Variable "slug" has invalid value null": the page shows no values
		}
		p := schemaProblem{Line: at, Msg: strings.ReplaceAll(e.Message, "\n", " ")}
		if base > 0 && len(e.Locations) > 0 {
			p.Line = base + e.Locations[0].Line
		}
		out = append(out, p)
	}
	return out
}

// graphQLQuery is the query a GraphQL request sends, its variables (nil
// when none are given), and where its first line is on the page (0 when it
// is not there verbatim).
func (s *Sample) graphQLQuery(c Call) (query string, vars map[string]any, line int, ok bool) {
	if s.Kind == GraphQL {
		if s.Variables != "" {
			_ = json.Unmarshal([]byte(s.Variables), &vars) // checked as a JSON object by Extract
		}
		return s.Block.Code, vars, s.Line(), true
	}
	if !s.isGraphQL(c) {
		return "", nil, 0, false
	}
	var body struct {
		Query     string          `json:"query"`
		Variables json.RawMessage `json:"variables"`
	}
	if json.Unmarshal(c.Body, &body) != nil {
		return "", nil, 0, false
	}
	_ = json.Unmarshal(body.Variables, &vars) // an object gives values; anything else ("{ }" as a string) none
	return body.Query, vars, 0, true
}

// checkSchemas validates the GraphQL requests of calls against opts.Schemas:
// done is true when the sample ends here, failed (drift against the
// published schema) or unmodelled.
func (sr *sampleRun) checkSchemas(ctx context.Context, calls []Call, opts Options) (o outcome, d *diag.Diagnostic, done bool) {
	sc := opts.Schemas
	if sc == nil || sc.Published == nil || ctx.Err() != nil {
		return outcome{}, nil, false
	}
	for _, c := range calls {
		query, vars, base, ok := sr.s.graphQLQuery(c)
		if !ok {
			continue
		}
		if probs := sc.Published.validate(query, vars, base, c.Line); len(probs) > 0 {
			msgs := make([]string, len(probs))
			for i, p := range probs {
				msgs[i] = p.Msg
			}
			o, d := sr.fail(probs[0].Line, fmt.Sprintf("the GraphQL query is not valid against the published schema %s: %s", sc.Published.File, strings.Join(msgs, "; ")),
				"the API's published schema refuses this query (a renamed or removed field, a typo, an undeclared variable): correct it to what the schema accepts", "")
			return o, d, true
		}
		if sc.Modelled == nil {
			continue
		}
		if probs := sc.Modelled.validate(query, vars, base, c.Line); len(probs) > 0 {
			o, d := sr.unmodelled("the mock's GraphQL schema does not model what this query uses: "+unmodelledField(probs[0].Msg), opts)
			return o, d, true
		}
	}
	return outcome{}, nil, false
}

// unmodelledField shortens a validation message to what it names, so
// every sample using the same unmodelled field gets the same reason.
func unmodelledField(msg string) string {
	if i := strings.Index(msg, " Did you mean"); i > 0 {
		msg = msg[:i]
	}
	return strings.TrimSuffix(msg, ".")
}
