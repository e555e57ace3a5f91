package graphql

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	gql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"
)

// MaxBodyBytes is the largest request body the endpoint reads (413 above).
const MaxBodyBytes = 1 << 20

// graphqlGoSubscriptionMessage is what graphql-go's Exec answers to a
// subscription; it speaks of a websocket protocol this endpoint does not have.
const graphqlGoSubscriptionMessage = "graphql-ws protocol header is missing"

// maxDepth bounds how deeply a query may nest fields.
const maxDepth = 20

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

// handler is the GraphQL endpoint over a Store.
type handler struct {
	store  Store
	schema *gql.Schema
	err    error // set when the embedded schema does not parse
}

// NewHandler returns the GraphQL endpoint (graphql.buildkite.com/v1) over s.
// The mock mounts it at POST /v1. It answers every request with JSON.
func NewHandler(s Store) http.Handler {
	schema, err := gql.ParseSchema(Schema(), &root{store: s},
		gql.UseStringDescriptions(),
		gql.MaxDepth(maxDepth),
		gql.Tracer(varChecker{}),
		gql.OverlapValidationLimit(20000),
	)
	if err != nil {
		return &handler{err: fmt.Errorf("mockapi/graphql: embedded schema.graphql: %w", err)}
	}
	return &handler{store: s, schema: schema}
}

// gqlRequest is the decoded JSON body of a GraphQL request.
type gqlRequest struct {
	query         string
	operationName string
	variables     map[string]any
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
	ctx, state := withRequest(r.Context(), caller)
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

// decodeRequest reads and checks the JSON body. A non-zero status means the
// request is refused with msg.
func decodeRequest(w http.ResponseWriter, r *http.Request) (gqlRequest, int, string) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return gqlRequest{}, http.StatusUnsupportedMediaType,
			fmt.Sprintf("Content-Type %q is not supported: send the body as 'Content-Type: application/json'", r.Header.Get("Content-Type"))
	}
	tooLarge := fmt.Sprintf("request body is larger than %d bytes", MaxBodyBytes)
	if r.ContentLength > MaxBodyBytes {
		return gqlRequest{}, http.StatusRequestEntityTooLarge, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return gqlRequest{}, http.StatusRequestEntityTooLarge, tooLarge
		}
		return gqlRequest{}, http.StatusBadRequest, "reading the request body: " + err.Error()
	}
	req, err := parseRequest(body)
	if err != nil {
		return gqlRequest{}, http.StatusBadRequest, err.Error()
	}
	return req, 0, ""
}

// parseRequest decodes {"query": "...", "operationName": "...", "variables": ...}.
// variables may be an object, null, or a string holding a JSON object (as in
// Buildkite's own curl example, "variables": "{ }").
func parseRequest(body []byte) (gqlRequest, error) {
	var fields map[string]json.RawMessage
	err := decodeStrict(body, &fields)
	if _, ok := errors.AsType[*json.UnmarshalTypeError](err); ok || (err == nil && fields == nil) {
		return gqlRequest{}, errors.New(`request body must be a JSON object like {"query": "..."}`)
	}
	if err != nil {
		return gqlRequest{}, fmt.Errorf("request body is not valid JSON: %w", err)
	}
	var req gqlRequest
	raw, ok := fields["query"]
	if !ok || isNull(raw) {
		return gqlRequest{}, errors.New(`request body has no "query"`)
	}
	if err := json.Unmarshal(raw, &req.query); err != nil {
		return gqlRequest{}, errors.New(`"query" must be a string`)
	}
	if strings.TrimSpace(req.query) == "" {
		return gqlRequest{}, errors.New(`"query" is empty`)
	}
	if raw, ok := fields["operationName"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &req.operationName); err != nil {
			return gqlRequest{}, errors.New(`"operationName" must be a string`)
		}
	}
	vars, err := parseVariables(fields["variables"])
	if err != nil {
		return gqlRequest{}, err
	}
	req.variables = vars
	return req, nil
}

func parseVariables(raw json.RawMessage) (map[string]any, error) {
	if len(raw) == 0 || isNull(raw) {
		return nil, nil
	}
	raw = bytes.TrimSpace(raw)
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf(`"variables" is not a valid JSON string: %w`, err)
		}
		if strings.TrimSpace(s) == "" {
			return nil, nil
		}
		raw = []byte(s)
	}
	var vars map[string]any
	if err := decodeStrict(raw, &vars); err != nil || (vars == nil && !isNull(bytes.TrimSpace(raw))) {
		return nil, errors.New(`"variables" must be a JSON object, or a string holding one`)
	}
	return vars, nil
}

// decodeStrict decodes exactly one JSON value from b into v.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// sortErrors orders errors by position and path, so that errors of fields
// resolved in parallel always come out in the same order.
func sortErrors(errs []*gqlerrors.QueryError) {
	slices.SortStableFunc(errs, func(a, b *gqlerrors.QueryError) int {
		if c := cmpLocations(a.Locations, b.Locations); c != 0 {
			return c
		}
		if c := cmpPaths(a.Path, b.Path); c != 0 {
			return c
		}
		return cmp.Compare(a.Message, b.Message)
	})
}

// cmpPaths compares response paths element by element; list indexes
// compare as numbers.
func cmpPaths(a, b []any) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ai, aInt := a[i].(int)
		bi, bInt := b[i].(int)
		var c int
		if aInt && bInt {
			c = cmp.Compare(ai, bi)
		} else {
			c = cmp.Compare(fmt.Sprint(a[i]), fmt.Sprint(b[i]))
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func cmpLocations(a, b []gqlerrors.Location) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := cmp.Compare(a[i].Line, b[i].Line); c != 0 {
			return c
		}
		if c := cmp.Compare(a[i].Column, b[i].Column); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// errorBody is the shape of every refusal: {"errors":[{"message":"..."}]}.
type errorBody struct {
	Errors []errorMessage `json:"errors"`
}

type errorMessage struct {
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Errors: []errorMessage{{Message: msg}}})
}

// writeJSON writes v without HTML escaping, so messages read as sent.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"errors":[{"message":"internal error: encoding the response failed"}]}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
