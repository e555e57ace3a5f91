package erb

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// partials is a ReadPartial over a map of name → text.
func partials(m map[string]string) func(string) (string, []byte, error) {
	return func(name string) (string, []byte, error) {
		text, ok := m[name]
		if !ok {
			return "", nil, errors.New("no file pages/" + name + ".md")
		}
		return "pages/_" + name + ".md", []byte(text), nil
	}
}

func TestExpandHelpers(t *testing.T) {
	opt := Options{ImageRoot: "/images/", PagePath: "agent/tokens"}
	for _, tc := range []struct{ name, in, want string }{
		{"no erb", "# Title\n\nText.\n", "# Title\n\nText.\n"},
		{"image", `<%= image "token-list.png", width: 1200/2, height: 300, alt: "The token list" %>`,
			`<img src="/images/agent/tokens/token-list.png" alt="The token list" width="600" height="300">`},
		{"image size and class", `<%= image("a.png", size: "40x20", class: "invertible", alt: 'A "quoted" alt') %>`,
			`<img src="/images/agent/tokens/a.png" alt="A &#34;quoted&#34; alt" width="40" height="20" class="invertible">`},
		{"button", `<%= button ":go: Go", "/docs/agent/go" %>`, `<a href="/docs/agent/go" class="Button Button--default">:go: Go</a>`},
		{"pill", `- <%= pill "AGENTS", "agents" %> Agents`, `- <span class="pill pill--agents pill--medium">AGENTS</span> Agents`},
		{"pagination", `a [paginated list](<%= paginated_resource_docs_url %>)`, `a [paginated list](/docs/apis/rest-api#pagination)`},
		{"comment", "a<%# a note for writers %>b", "ab"},
		{"trim markers", "<%- if true -%>x", "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Expand("pages/agent/tokens.md", []byte(tc.in), opt)
			assert.Equal(t, tc.want, string(r.Text))
		})
	}
}

func TestExpandUnknownIsRemovedAndListed(t *testing.T) {
	in := "Before\n<% data.each do |f| %>\n- <%= f[:name] %>: <%= render_markdown(text: f[:desc]) %>\n<% end %>\n<%= image_tag \"#{ENV['X']}/a.svg\" %>\nAfter\n"
	r := Expand("p.md", []byte(in), Options{})
	assert.Equal(t, "Before\n\n- : \n\n\nAfter\n", string(r.Text))
	var got []string
	for _, u := range r.Unknown {
		got = append(got, u.Helper+"@"+u.File+":"+strconv.Itoa(u.Line))
	}
	assert.Equal(t, []string{"data@p.md:2", "f@p.md:3", "render_markdown@p.md:3", "end@p.md:4", "image_tag@p.md:5"}, got)
	assert.NotContains(t, string(r.Text), "<%")
}

func TestExpandPartialLines(t *testing.T) {
	read := partials(map[string]string{
		"agent/note":  "> 📘 Note\n> Shown once.\n<%= render 'agent/inner' %>\n",
		"agent/inner": "inner 1\ninner 2\n",
	})
	in := "# Page\n\n<%= render_markdown partial: 'agent/note' %>\n\nlast\n"
	r := Expand("pages/page.md", []byte(in), Options{ReadPartial: read})
	require.Empty(t, r.Problems)
	assert.Equal(t, "# Page\n\n> 📘 Note\n> Shown once.\ninner 1\ninner 2\n\nlast\n", string(r.Text))
	page3 := Place{"pages/page.md", 3}
	assert.Equal(t, Origin{Place: Place{"pages/page.md", 2}}, r.Origin("pages/page.md", 2))
	assert.Equal(t, Origin{Place: Place{"pages/_agent/note.md", 2}, IncludedFrom: []Place{page3}}, r.Origin("pages/page.md", 4))
	assert.Equal(t, Origin{Place: Place{"pages/_agent/inner.md", 2}, IncludedFrom: []Place{{"pages/_agent/note.md", 3}, page3}}, r.Origin("pages/page.md", 6))
	assert.Equal(t, Origin{Place: Place{"pages/page.md", 5}}, r.Origin("pages/page.md", 8))
}

func TestExpandPartialInListItemIsIndented(t *testing.T) {
	read := partials(map[string]string{"steps": "Run:\n\n```bash\nls\n```"})
	r := Expand("p.md", []byte("1. <%= render 'steps' %>\n"), Options{ReadPartial: read})
	assert.Equal(t, "1. Run:\n   \n   ```bash\n   ls\n   ```\n", string(r.Text))
}

func TestExpandRenderWithLocals(t *testing.T) {
	read := partials(map[string]string{"repos": "Repos: <%= title %>"})
	r := Expand("p.md", []byte("<%= render partial: 'repos', locals: { title: 'x' } %>"), Options{ReadPartial: read})
	assert.Equal(t, "Repos: ", string(r.Text))
	require.Len(t, r.Unknown, 1)
	assert.Equal(t, Use{Helper: "title", Origin: Origin{Place: Place{"pages/_repos.md", 1}, IncludedFrom: []Place{{"p.md", 1}}}}, r.Unknown[0])
}

func TestExpandProblems(t *testing.T) {
	read := partials(map[string]string{"loop": "again <%= render 'loop' %>"})
	r := Expand("p.md", []byte("x\n<%= render 'missing' %>\n<%= render 'loop' %>\n"), Options{ReadPartial: read})
	require.Len(t, r.Problems, 2)
	assert.Equal(t, Place{"p.md", 2}, r.Problems[0].Place)
	assert.Contains(t, r.Problems[0].Msg, `partial "missing": no file pages/missing.md`)
	assert.Contains(t, r.Problems[1].Msg, "nest more than 8 deep")
	assert.Equal(t, "pages/_loop.md", r.Problems[1].File)
	assert.Len(t, r.Problems[1].IncludedFrom, maxDepth)

	r = Expand("p.md", []byte("<%= render 'x' %>"), Options{})
	require.Len(t, r.Problems, 1)
	assert.Contains(t, r.Problems[0].Msg, "partials are not enabled")
}

func TestExpandUnclosedFragment(t *testing.T) {
	r := Expand("p.md", []byte("a\n<%= oops\n"), Options{})
	require.Len(t, r.Unknown, 1)
	assert.Equal(t, Place{"p.md", 2}, r.Unknown[0].Place)
}

func TestCall(t *testing.T) {
	name, a := call(`render partial: 'a/b', locals: { x: 1 }`)
	assert.Equal(t, "render", name)
	assert.False(t, a.ok, "a hash argument is not a literal docproof understands")
	assert.Equal(t, "a/b", a.kw["partial"], "what came before it is kept")
	name, a = call(`render_markdown(partial: "a/b")`)
	assert.Equal(t, "render_markdown", name)
	assert.True(t, a.ok)
	assert.Equal(t, "a/b", a.kw["partial"])
	name, a = call(`image "x.png", :alt => 'it\'s', width: 3*2`)
	assert.Equal(t, "image", name)
	assert.Equal(t, []string{"x.png"}, a.pos)
	assert.Equal(t, "it's", a.kw["alt"])
	assert.Equal(t, "6", a.kw["width"])
	name, _ = call(`buildkite_url.signup_path`)
	assert.Equal(t, "buildkite_url", name)
}
