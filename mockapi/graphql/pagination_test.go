package graphql

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// paginationStore has acme tokens t1..t5 (t1 is the default token), with t2
// and t4 revoked.
func paginationStore(t *testing.T) *fakeStore {
	t.Helper()
	s := newFakeStore()
	for i := 2; i <= 5; i++ {
		_, err := s.CreateAgentToken(acmeUUID, fmt.Sprintf("t%d", i), false)
		require.NoError(t, err)
	}
	toks := s.AgentTokens(acmeUUID)
	_, err := s.RevokeAgentToken(toks[1].UUID, "r2")
	require.NoError(t, err)
	_, err = s.RevokeAgentToken(toks[3].UUID, "r4")
	require.NoError(t, err)
	return s
}

func TestAgentTokensPagination(t *testing.T) {
	store := paginationStore(t)
	h := NewHandler(store)
	name := map[string]string{} // uuid → t1..t5
	for i, tok := range store.AgentTokens(acmeUUID) {
		name[tok.UUID] = fmt.Sprintf("t%d", i+1)
	}
	tests := []struct {
		args       string
		want       []string
		count      int
		next, prev bool
	}{
		{"", []string{"t1", "t2", "t3", "t4", "t5"}, 5, false, false},
		{"(first: 2)", []string{"t1", "t2"}, 5, true, false},
		{"(first: 5)", []string{"t1", "t2", "t3", "t4", "t5"}, 5, false, false},
		{"(first: 50)", []string{"t1", "t2", "t3", "t4", "t5"}, 5, false, false},
		{"(last: 2)", []string{"t4", "t5"}, 5, false, true},
		{"(last: 9)", []string{"t1", "t2", "t3", "t4", "t5"}, 5, false, false},
		{"(first: 3, last: 1)", []string{"t3"}, 5, true, true},
		{"(first: 0)", []string{}, 5, true, false},
		{"(last: 0)", []string{}, 5, false, true},
		{"(revoked: true)", []string{"t2", "t4"}, 2, false, false},
		{"(revoked: false)", []string{"t1", "t3", "t5"}, 3, false, false},
		{"(revoked: false, first: 1)", []string{"t1"}, 3, true, false},
		{"(revoked: false, last: 1)", []string{"t5"}, 3, false, true},
		{"(revoked: true, first: 1, last: 1)", []string{"t2"}, 2, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			got := data(t, h, `{ organization(slug: "acme") { agentTokens`+tt.args+` {
  count
  edges { cursor node { uuid description } }
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
} } }`, nil)
			conn := dig(t, got, "organization", "agentTokens")
			assert.EqualValues(t, tt.count, dig(t, conn, "count"))
			edges, ok := dig(t, conn, "edges").([]any)
			require.True(t, ok, "edges is a list, never null")
			names := []string{}
			for _, e := range edges {
				uuid := dig(t, e, "node", "uuid").(string)
				names = append(names, name[uuid])
				assert.Equal(t, cursor(uuid), dig(t, e, "cursor"), "the cursor belongs to its token")
			}
			assert.Equal(t, tt.want, names)
			info := dig(t, conn, "pageInfo")
			assert.Equal(t, tt.next, dig(t, info, "hasNextPage"), "hasNextPage")
			assert.Equal(t, tt.prev, dig(t, info, "hasPreviousPage"), "hasPreviousPage")
			if len(edges) == 0 {
				assert.Nil(t, dig(t, info, "startCursor"))
				assert.Nil(t, dig(t, info, "endCursor"))
				return
			}
			assert.Equal(t, dig(t, edges[0], "cursor"), dig(t, info, "startCursor"))
			assert.Equal(t, dig(t, edges[len(edges)-1], "cursor"), dig(t, info, "endCursor"))
		})
	}
}

func TestAgentTokensRejectsNegativeSizes(t *testing.T) {
	h := NewHandler(newFakeStore())
	for _, arg := range []string{"first", "last"} {
		t.Run(arg, func(t *testing.T) {
			resp, body := exec(t, h, `{ organization(slug: "acme") { agentTokens(`+arg+`: -3) { count } } }`, nil)
			require.Len(t, resp.Errors, 1, body)
			assert.Equal(t, "argument "+arg+" must be zero or more, got -3", resp.Errors[0].Message)
		})
	}
}

func TestCursorsAreOpaqueUniqueAndStable(t *testing.T) {
	store := paginationStore(t)
	h := NewHandler(store)
	q := `query($r: Boolean) { organization(slug: "acme") { agentTokens(revoked: $r) { edges { cursor node { uuid } } } } }`
	cursors := map[string]string{} // uuid → cursor
	for _, filter := range []any{nil, true, false} {
		got := data(t, h, q, map[string]any{"r": filter})
		for _, e := range dig(t, got, "organization", "agentTokens", "edges").([]any) {
			uuid, c := dig(t, e, "node", "uuid").(string), dig(t, e, "cursor").(string)
			assert.NotContains(t, c, uuid, "opaque")
			if prev, seen := cursors[uuid]; seen {
				assert.Equal(t, prev, c, "same token, same cursor, whatever the filter")
			}
			cursors[uuid] = c
		}
	}
	unique := map[string]bool{}
	for _, c := range cursors {
		unique[c] = true
	}
	assert.Len(t, unique, 5)
}

// TestRequestBudget: a query that nests agentTokens inside itself stops at
// the per-request budget instead of doing unbounded work.
func TestRequestBudget(t *testing.T) {
	store := newFakeStore()
	for i := range 120 {
		_, err := store.CreateAgentToken(acmeUUID, fmt.Sprint(i), false)
		require.NoError(t, err)
	}
	h := NewHandler(store)
	resp, body := exec(t, h, `{ organization(slug: "acme") { agentTokens { edges { node { organization { agentTokens { edges { node { organization { agentTokens { count } } } } } } } } } } }`, nil)
	require.NotEmpty(t, resp.Errors, "121 + 121² > 10000 tokens")
	assert.Contains(t, resp.Errors[0].Message, "more than 10000 agent tokens")
	assert.Less(t, len(body), 4<<20)
}

// TestPaginationMatchesRelayModel compares every combination of first, last
// and revoked on small connections with the Relay specification's algorithm
// (EdgesToReturn and the PageInfo rules) written out directly.
func TestPaginationMatchesRelayModel(t *testing.T) {
	sizes := []*int32{nil}
	for i := range int32(6) {
		sizes = append(sizes, &i)
	}
	for n := range 5 {
		store := newFakeStore()
		for i := range n - 1 {
			_, err := store.CreateAgentToken(acmeUUID, fmt.Sprint(i), false)
			require.NoError(t, err)
		}
		all := store.AgentTokens(acmeUUID)[:n]
		for i, tok := range all {
			if i%2 == 1 {
				_, err := store.RevokeAgentToken(tok.UUID, "odd")
				require.NoError(t, err)
			}
		}
		if n == 0 { // drop the fixture's default token: acme has none
			store.tokens = store.tokens[1:]
		}
		h := NewHandler(store)
		for _, revoked := range []*bool{nil, new(true), new(false)} {
			var set []string
			for i, tok := range all {
				if revoked == nil || *revoked == (i%2 == 1) {
					set = append(set, tok.UUID)
				}
			}
			for _, first := range sizes {
				for _, last := range sizes {
					edges := append([]string{}, set...)
					hasNext, hasPrev := false, false
					if first != nil && len(edges) > int(*first) {
						edges, hasNext = edges[:*first], true
					}
					if last != nil && len(edges) > int(*last) {
						edges, hasPrev = edges[len(edges)-int(*last):], true
					}
					vars := map[string]any{"first": first, "last": last, "revoked": revoked}
					got := data(t, h, `query($first: Int, $last: Int, $revoked: Boolean) { organization(slug: "acme") {
  agentTokens(first: $first, last: $last, revoked: $revoked) { count edges { node { uuid } } pageInfo { hasNextPage hasPreviousPage } } } }`, vars)
					conn := dig(t, got, "organization", "agentTokens")
					uuids := []string{}
					for _, e := range dig(t, conn, "edges").([]any) {
						uuids = append(uuids, dig(t, e, "node", "uuid").(string))
					}
					desc := fmt.Sprintf("n=%d vars=%s", n, mustJSON(t, vars))
					assert.Equal(t, edges, uuids, desc)
					assert.EqualValues(t, len(set), dig(t, conn, "count"), desc)
					assert.Equal(t, hasNext, dig(t, conn, "pageInfo", "hasNextPage"), desc)
					assert.Equal(t, hasPrev, dig(t, conn, "pageInfo", "hasPreviousPage"), desc)
				}
			}
		}
	}
}
