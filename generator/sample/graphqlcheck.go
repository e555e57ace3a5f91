package sample

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/docproof/docproof/generator/fence"
)

// gqlAnswer is the part of a GraphQL answer the errors check reads.
type gqlAnswer struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// gqlError is one entry of a GraphQL answer's "errors".
type gqlError struct {
	Message   string `json:"message"`
	Locations []struct {
		Line   int `json:"line"`
		Column int `json:"column"`
	} `json:"locations"`
	Path []any `json:"path"`
}

// isGraphQL reports whether c is a GraphQL request: a graphql sample, or a
// curl/http POST whose JSON body has a "query" string.
func (s *Sample) isGraphQL(c Call) bool {
	if s.Kind == GraphQL {
		return true
	}
	if c.Method != "POST" || !bytes.Contains(c.Body, []byte(`"query"`)) {
		return false
	}
	var body struct {
		Query *string `json:"query"`
	}
	return json.Unmarshal(c.Body, &body) == nil && body.Query != nil
}

// graphQLProblems judges a GraphQL answer that HTTP calls a success: its
// "errors" fail the sample unless the documented response shows an "errors"
// array (then the body comparison judges them), and so does a root field of
// "data" that is null where the documented response shows an object. The
// problem names each error's message and where it points (query line and
// column, and the page line for a graphql block). doc is the documented
// JSON body ("" when none).
func (s *Sample) graphQLProblems(c Call, doc string, got []byte) []string {
	var ans gqlAnswer
	if !s.isGraphQL(c) || json.Unmarshal(got, &ans) != nil {
		return nil
	}
	var documented struct {
		Data   map[string]json.RawMessage `json:"data"`
		Errors json.RawMessage            `json:"errors"`
	}
	if strings.TrimSpace(doc) != "" {
		_ = json.Unmarshal([]byte(doc), &documented) // invalid JSON is reported by the body comparison
	}
	if bytes.HasPrefix(bytes.TrimSpace(documented.Errors), []byte("[")) {
		return nil // the documented response shows errors: compared like any body
	}
	var out []string
	if len(ans.Errors) > 0 {
		msgs := make([]string, 0, len(ans.Errors))
		for _, e := range ans.Errors {
			msgs = append(msgs, s.describeGQLError(e))
		}
		noun := "an error"
		if len(msgs) > 1 {
			noun = fmt.Sprintf("%d errors", len(msgs))
		}
		out = append(out, fmt.Sprintf("the GraphQL answer has %s the documented response does not show: %s", noun, strings.Join(msgs, "; ")))
	}
	if len(ans.Errors) == 0 {
		out = append(out, nullRoots(documented.Data, ans.Data)...)
	}
	return out
}

// nullRoots names the root fields of data that the documented response
// shows as an object but the answer has null (or no data at all).
func nullRoots(documented map[string]json.RawMessage, data json.RawMessage) []string {
	var got map[string]json.RawMessage
	_ = json.Unmarshal(data, &got) // null or absent data leaves got empty
	var out []string
	for _, name := range slices.Sorted(maps.Keys(documented)) {
		if !bytes.HasPrefix(bytes.TrimSpace(documented[name]), []byte("{")) {
			continue
		}
		if v, ok := got[name]; !ok || string(bytes.TrimSpace(v)) == "null" {
			out = append(out, fmt.Sprintf("the GraphQL answer's data.%s is null where the documented response shows an object (no errors: not found, or not visible to the token)", name))
		}
	}
	return out
}

// describeGQLError renders one error: its message and where it points.
func (s *Sample) describeGQLError(e gqlError) string {
	msg := fmt.Sprintf("%q", e.Message)
	var at []string
	for _, l := range e.Locations {
		where := fmt.Sprintf("query line %d, column %d", l.Line, l.Column)
		if s.Kind == GraphQL && l.Line > 0 {
			where += fmt.Sprintf(" (%s:%d)", s.File, s.Line()+l.Line)
		}
		at = append(at, where)
	}
	if len(e.Path) > 0 {
		parts := make([]string, len(e.Path))
		for i, p := range e.Path {
			parts[i] = fmt.Sprint(p)
		}
		at = append(at, "path "+strings.Join(parts, "."))
	}
	if len(at) > 0 {
		msg += " at " + strings.Join(at, ", ")
	}
	return msg
}

// responseBody is the JSON body of a documented response block.
func responseBody(b *fence.Block) string {
	if b.Lang != "http" {
		return b.Code
	}
	_, _, _, body, _ := readHTTPResponse(b.Code)
	return body
}
