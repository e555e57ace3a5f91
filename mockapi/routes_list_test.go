package mockapi

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoutesAreServed proves every pattern Routes lists is one the mux routes
// to, by building a request from the pattern and asking the mux which pattern
// answers it.
func TestRoutesAreServed(t *testing.T) {
	s := New()
	mux := newMux()
	routes := s.Routes()
	require.NotEmpty(t, routes)
	seen := map[string]bool{}
	for _, r := range routes {
		assert.False(t, seen[r], "listed twice: %s", r)
		seen[r] = true
		method, path, ok := strings.Cut(r, " ")
		require.True(t, ok, r)
		path = strings.NewReplacer("{id}", "x1", "{context}", "c1", "{uuid}", "u1", "{$}", "").Replace(path)
		req, err := http.NewRequest(method, "http://mock"+path, nil)
		require.NoError(t, err)
		_, pattern := mux.Handler(req)
		if pattern == path { // mounted for all methods (GraphQL answers wrong methods itself)
			pattern = method + " " + pattern
		}
		assert.Equal(t, r, pattern, "Routes lists %q but the mux answers it with %q", r, pattern)
	}
}
