package generator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSidebarFullBelowLimit(t *testing.T) {
	nav := BuildNav(navPages())
	s := newSidebar(nav, countNav(nav))
	for _, url := range []string{"/", "/agent/", "/agent/v3/tokens/", "/apis/graphql/", "/nowhere/"} {
		want, _ := navFor(nav, url)
		assert.Equal(t, want, s.For(url), url)
	}
}

func TestSidebarCompact(t *testing.T) {
	nav := BuildNav(navPages())
	s := newSidebar(nav, countNav(nav)-1)
	for _, tc := range []struct{ url, want string }{
		{"/agent/v3/tokens/", `Home / active=false open=false
About /about/ active=false open=false
Agent /agent/ active=false open=true
  Zulu first /agent/z/ active=false open=false
  Alpha /agent/a/ active=false open=false
  Bravo /agent/b/ active=false open=false
  V3  active=false open=true
    Tokens /agent/v3/tokens/ active=true open=false
Apis /apis/graphql/ active=false open=false
`},
		// A section's own page keeps its items; sub-sections collapse to a link.
		{"/agent/", `Home / active=false open=false
About /about/ active=false open=false
Agent /agent/ active=true open=true
  Zulu first /agent/z/ active=false open=false
  Alpha /agent/a/ active=false open=false
  Bravo /agent/b/ active=false open=false
  V3 /agent/v3/tokens/ active=false open=false
Apis /apis/graphql/ active=false open=false
`},
		{"/", `Home / active=true open=false
About /about/ active=false open=false
Agent /agent/ active=false open=false
Apis /apis/graphql/ active=false open=false
`},
	} {
		var b strings.Builder
		dumpNav(s.For(tc.url), "", &b)
		assert.Equal(t, tc.want, b.String(), tc.url)
	}
	// For never modifies the shared tree.
	var b strings.Builder
	dumpNav(nav, "", &b)
	assert.Equal(t, 10, strings.Count(b.String(), "\n"))
	assert.NotContains(t, b.String(), "active=true")
}
