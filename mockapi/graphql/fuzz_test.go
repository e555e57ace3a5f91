package graphql

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// FuzzGraphQLRequest feeds arbitrary bodies to an authenticated endpoint. The
// answer must always be a JSON object of the documented shape, no resolver
// may panic, and a token value that existed before the request never shows
// up in the answer. Seeds: testdata/fuzz/FuzzGraphQLRequest.
func FuzzGraphQLRequest(f *testing.F) {
	f.Add([]byte(`{"query":"{ organization(slug: \"acme\") { id } }","variables":"{ }"}`))
	store := newFakeStore()
	h := NewHandler(store)
	f.Fuzz(func(t *testing.T, body []byte) {
		before := store.values()
		res := send(t, h, acmeAPI, string(body))
		switch res.status {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d for %q: %s", res.status, body, res.body)
		}
		if ct := res.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Fatalf("Content-Type %q", ct)
		}
		var answer struct {
			Data   *json.RawMessage `json:"data"`
			Errors []struct {
				Message *string `json:"message"`
			} `json:"errors"`
		}
		dec := json.NewDecoder(strings.NewReader(res.body))
		if err := dec.Decode(&answer); err != nil {
			t.Fatalf("answer is not a JSON object (%v): %s", err, res.body)
		}
		if answer.Data == nil && len(answer.Errors) == 0 {
			t.Fatalf("answer has neither data nor errors: %s", res.body)
		}
		if res.status != http.StatusOK && answer.Data != nil {
			t.Fatalf("a refused request has data: %s", res.body)
		}
		for _, e := range answer.Errors {
			if e.Message == nil || *e.Message == "" {
				t.Fatalf("error without a message: %s", res.body)
			}
			if strings.Contains(*e.Message, "panic") {
				t.Fatalf("a resolver panicked: %s", *e.Message)
			}
		}
		for _, v := range before {
			if strings.Contains(res.body, v) {
				t.Fatalf("answer reveals an existing token value: %s", res.body)
			}
		}
	})
}
