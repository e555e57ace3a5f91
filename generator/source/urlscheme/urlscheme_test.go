package urlscheme

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPageURL(t *testing.T) {
	for _, tc := range []struct {
		scheme    Scheme
		rel, want string
	}{
		{Pretty, "index.md", "/"},
		{Pretty, "a/index.md", "/a/"},
		{Pretty, "agent/self_hosted/tokens.md", "/agent/self_hosted/tokens/"},
		{Docs, "agent/self_hosted/tokens.md", "/docs/agent/self-hosted/tokens/"},
		{Docs, "apis.md", "/docs/apis/"},
		{Docs, "apis/rest_api/clusters_tokens.md", "/docs/apis/rest-api/clusters-tokens/"},
		{Docs, "a/index.md", "/docs/a/index/"}, // index is a page name like any other
	} {
		assert.Equal(t, tc.want, tc.scheme.PageURL(tc.rel), "%q %s", tc.scheme, tc.rel)
	}
}

func TestIsPartial(t *testing.T) {
	assert.True(t, Docs.IsPartial("agent/_token_note.md"))
	assert.True(t, Docs.IsPartial("_top.md"))
	assert.False(t, Docs.IsPartial("agent/my_page.md"))
	assert.False(t, Pretty.IsPartial("agent/_token_note.md"), "only the docs scheme has partials")
}

func TestPartialFile(t *testing.T) {
	assert.Equal(t, "agent/_token_note.md", PartialFile("agent/token_note"))
	assert.Equal(t, "agent/_token_note.md", PartialFile("agent/_token_note"))
	assert.Equal(t, "agent/_token_note.md", PartialFile("/agent/token_note.md"))
	assert.Equal(t, "_top.md", PartialFile("top"))
}

func TestValid(t *testing.T) {
	assert.True(t, Docs.Valid())
	assert.True(t, Scheme("pretty").Valid())
	assert.False(t, Scheme("hugo").Valid())
}
