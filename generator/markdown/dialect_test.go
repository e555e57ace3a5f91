package markdown

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/source"
	"github.com/docproof/docproof/generator/source/urlscheme"
)

func TestNestedHeadingIDs(t *testing.T) {
	md := "# Tokens\n\n## Create {#make}\n\n### REST\n\n### REST\n\n## C++ & Go\n\n### Step 1.5\n"
	m := New(Options{Conventions: Conventions{NestedIDs: true, URLs: urlscheme.Docs}})
	p, diags := m.Render(source.Source{Rel: "agent/self_hosted/tokens.md", File: "pages/agent/self_hosted/tokens.md", Data: []byte(md)})
	require.Empty(t, diags)
	assert.Equal(t, "/docs/agent/self-hosted/tokens/", p.URL)
	for _, id := range []string{"tokens", "make", "make-rest", "make-rest-1", "c-plus-plus-and-go", "c-plus-plus-and-go-step-1-dot-5"} {
		assert.True(t, p.IDs[id], "id %q in %v", id, p.IDs)
	}
}

func TestTOCFalseAndLenientFrontMatter(t *testing.T) {
	md := "---\ntoc: false\nkeywords: a, b\n---\n# T\n\n## One\n"
	src := source.Source{Rel: "t.md", File: "pages/t.md", Data: []byte(md)}
	p, diags := New(Options{Conventions: Conventions{LenientFrontMatter: true}}).Render(src)
	require.Empty(t, diags)
	assert.Nil(t, p.TOC, "toc: false")
	_, diags = New(Options{}).Render(src)
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Error(), `unknown field "keywords"`)
}

func TestLanguageAliasesHighlightOnly(t *testing.T) {
	md := "```curl\ncurl -sS \"$URL\"\n```\n"
	p, diags := New(Options{Conventions: Conventions{Languages: map[string]string{"curl": "bash"}}}).Render(
		source.Source{Rel: "t.md", File: "pages/t.md", Data: []byte("# T\n\n" + md)})
	require.Empty(t, diags, "a language with an alias is known")
	assert.Equal(t, "curl", p.Blocks[0].Lang, "the block keeps its language (samples classify by it)")
	assert.Contains(t, string(p.Body), `<span class="nv">$URL</span>`, "highlighted as bash")
	_, diags = New(Options{}).Render(source.Source{Rel: "t.md", File: "pages/t.md", Data: []byte("# T\n\n" + md)})
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Message, `unknown code language "curl"`)
}
