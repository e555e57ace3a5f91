package graphql

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	gqlerrors "github.com/graph-gophers/graphql-go/errors"
)

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
