package graphql

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One Endpoint serves many stores at once: each handler reads and changes
// only its own store, and answers exactly as a handler with a schema of its
// own (NewHandler) does.
func TestEndpointSharedByStores(t *testing.T) {
	e := NewEndpoint()
	require.NoError(t, e.err)
	list := gqlBody(t, `{ organization(slug: "acme") { agentTokens(first: 50) { edges { node { description } } } } }`, nil)
	want := send(t, NewHandler(newFakeStore()), acmeAPI, list)
	require.Equal(t, 200, want.status)
	const stores = 8
	var wg sync.WaitGroup
	for i := range stores {
		wg.Go(func() {
			h := e.Handler(newFakeStore())
			assert.Equal(t, want, send(t, h, acmeAPI, list))
			desc := fmt.Sprintf("store %d", i)
			create := gqlBody(t, fmt.Sprintf(`mutation { agentTokenCreate(input: {organizationID: %q, description: %q}) { tokenValue } }`, orgID(), desc), nil)
			assert.Equal(t, 200, send(t, h, acmeAPI, create).status)
			got := send(t, h, acmeAPI, list).body
			assert.Contains(t, got, desc)
			assert.Equal(t, 1, strings.Count(got, `"store `), "only this store's token: %s", got)
		})
	}
	wg.Wait()
	assert.Equal(t, want, send(t, e.Handler(newFakeStore()), acmeAPI, list), "a new store starts clean")
	assert.Contains(t, requireErrorBody(t, send(t, e.Handler(nil), acmeAPI, list)), "needs a Store")
}
