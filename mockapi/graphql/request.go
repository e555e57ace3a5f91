package graphql

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// MaxBodyBytes is the largest request body the endpoint reads (413 above).
const MaxBodyBytes = 1 << 20

// gqlRequest is the decoded JSON body of a GraphQL request.
type gqlRequest struct {
	query         string
	operationName string
	variables     map[string]any
}

// decodeRequest reads and checks the JSON body. A non-zero status means the
// request is refused with msg.
func decodeRequest(w http.ResponseWriter, r *http.Request) (gqlRequest, int, string) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return gqlRequest{}, http.StatusUnsupportedMediaType,
			fmt.Sprintf("Content-Type %q is not supported: send the body as 'Content-Type: application/json'", r.Header.Get("Content-Type"))
	}
	tooLarge := fmt.Sprintf("request body is larger than %d bytes (1 MiB); send a smaller query", MaxBodyBytes)
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
		return gqlRequest{}, fmt.Errorf(`request body is not valid JSON (%w); send {"query": "...", "variables": {...}}`, err)
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
