package graphql

import (
	"embed"
	"fmt"
	"net/http"
	"strings"

	gql "github.com/graph-gophers/graphql-go"
)

// graphqlGoSubscriptionMessage is what graphql-go's Exec answers to a
// subscription; it speaks of a websocket protocol this endpoint does not have.
const graphqlGoSubscriptionMessage = "graphql-ws protocol header is missing"

// maxDepth bounds how deeply a query may nest fields.
const maxDepth = 20

// maxOverlapPairs bounds the field pairs overlap validation compares, which
// is quadratic in the fields of one selection set.
const maxOverlapPairs = 20000

//go:embed schema.graphql
var schemaFS embed.FS

// Schema returns the SDL the endpoint serves.
func Schema() string {
	b, err := schemaFS.ReadFile("schema.graphql")
	if err != nil {
		// The file is embedded at compile time; reading it cannot fail.
		return ""
	}
	return string(b)
}

// Endpoint is the parsed schema with its resolvers: the immutable part of the
// GraphQL endpoint, safe for concurrent use. Parse it once (NewEndpoint) and
// bind each mock's store with Handler; parsing is most of what a handler costs.
type Endpoint struct {
	schema *gql.Schema
	err    error // set when the embedded schema does not parse
}

// NewEndpoint parses the embedded schema.
func NewEndpoint() *Endpoint {
	schema, err := gql.ParseSchema(Schema(), &root{},
		gql.UseStringDescriptions(),
		gql.MaxDepth(maxDepth),
		gql.Tracer(varChecker{}),
		gql.OverlapValidationLimit(maxOverlapPairs),
	)
	if err != nil {
		return &Endpoint{err: fmt.Errorf("mockapi/graphql: embedded schema.graphql: %w", err)}
	}
	return &Endpoint{schema: schema}
}

// Handler returns the GraphQL endpoint (graphql.buildkite.com/v1) over s,
// sharing e's schema with every other handler of e.
func (e *Endpoint) Handler(s Store) http.Handler {
	if s == nil {
		return &handler{err: fmt.Errorf("mockapi/graphql: a handler needs a Store, got nil")}
	}
	return &handler{store: s, schema: e.schema, err: e.err}
}

// handler is the GraphQL endpoint over a Store.
type handler struct {
	store  Store
	schema *gql.Schema
	err    error // set when the embedded schema does not parse
}

// NewHandler returns the GraphQL endpoint (graphql.buildkite.com/v1) over s,
// with a schema of its own (NewEndpoint().Handler(s)). The mock mounts it at
// POST /v1. It answers every request with JSON.
func NewHandler(s Store) http.Handler {
	if s == nil {
		return &handler{err: fmt.Errorf("mockapi/graphql: NewHandler needs a Store, got nil")}
	}
	return NewEndpoint().Handler(s)
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.err != nil {
		writeError(w, http.StatusInternalServerError, h.err.Error())
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed,
			fmt.Sprintf("%s is not supported: send the query as a POST with a JSON body", r.Method))
		return
	}
	caller, status, msg := h.authenticate(r)
	if status != 0 {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="Buildkite GraphQL API"`)
		}
		writeError(w, status, msg)
		return
	}
	req, status, msg := decodeRequest(w, r)
	if status != 0 {
		writeError(w, status, msg)
		return
	}
	ctx, state := withRequest(r.Context(), caller, h.store)
	resp := h.schema.Exec(ctx, req.query, req.operationName, req.variables)
	if len(state.varErrors) > 0 {
		// Variables that do not coerce make the whole request an error.
		resp = &gql.Response{Errors: state.varErrors}
	}
	if len(resp.Errors) == 1 && resp.Errors[0].Message == graphqlGoSubscriptionMessage {
		resp.Errors[0].Message = "Schema is not configured to execute subscription operations; send a query or a mutation"
	}
	sortErrors(resp.Errors)
	writeJSON(w, http.StatusOK, resp)
}

// authenticate finds the organization of the Bearer API token. A non-zero
// status means the request is refused with msg.
func (h *handler) authenticate(r *http.Request) (Org, int, string) {
	const howTo = "send an API access token with GraphQL access as 'Authorization: Bearer <token>'"
	header := strings.TrimSpace(r.Header.Get("Authorization"))
	if header == "" {
		return Org{}, http.StatusUnauthorized, "Authentication required: " + howTo
	}
	scheme, token, _ := strings.Cut(header, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return Org{}, http.StatusUnauthorized, "Authorization header is not a Bearer token: " + howTo
	}
	if looksLikeToken(token) && !strings.HasPrefix(token, "bkua_") {
		return Org{}, http.StatusUnauthorized,
			"Only API access tokens (bkua_) work with the GraphQL API; agent, cluster and package tokens don't: " + howTo
	}
	org, ok := h.store.OrgByAPIToken(token)
	if !ok {
		return Org{}, http.StatusUnauthorized, "Invalid API access token: " + howTo
	}
	return org, 0, ""
}
