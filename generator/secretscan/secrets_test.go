package secretscan

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/internal/testtree"
	"github.com/docproof/docproof/generator/markdown"
	"github.com/docproof/docproof/generator/source"
)

const (
	secretBody73 = "Xq3vB9kLmP2wR7tYz4NcH8sD1fG6jK0aE5uI2oWbVnMxQ7rT9yUe3pLk8JhGf4Ds6Az1Cv5Bn"
	issuedToken  = "bkaa_Mock0Issued1Value2Qw3Er4Ty5Ui6Op7As8Df9Gh0Jk1Lz2Xc3Vb4Nm5Qa6Ws7Ed8Rf9Tg0Y"
)

// writeSecretsSite writes files (slash path → contents) into a new folder,
// a site as a build would have written it.
func writeSecretsSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	testtree.Write(t, dir, files)
	return dir
}

func secretsPage(file, data string) *markdown.Page {
	return &markdown.Page{Source: source.Source{File: file, Data: []byte(data)}}
}

func TestScanSecrets(t *testing.T) {
	realShape := "bkar_" + secretBody73
	tests := []struct {
		name   string
		files  map[string]string
		pages  []*markdown.Page
		issued []string
		want   []string // "file:line" of each error, sorted
	}{
		{
			name:  "clean site",
			files: map[string]string{"index.html": "<p>Use <code>$BUILDKITE_AGENT_TOKEN</code>.</p>", "search.json": `[{"t":"tokens"}]`},
			pages: []*markdown.Page{secretsPage("content/index.md", "Use `$BUILDKITE_AGENT_TOKEN`.\n")},
		},
		{
			name:   "issued value in HTML, not in any source",
			files:  map[string]string{"agent/index.html": "<html>\n<body>\n<pre>" + issuedToken + "</pre>"},
			pages:  []*markdown.Page{secretsPage("content/agent.md", "# Agent\n")},
			issued: []string{issuedToken},
			want:   []string{"agent/index.html:3"},
		},
		{
			name: "real shape names the content file and line",
			files: map[string]string{
				"tokens/index.html": "<pre>" + realShape + "</pre>",
				"search.json":       `{"text":"` + realShape + `"}`,
				"sitemap.xml":       "<url/>",
			},
			pages: []*markdown.Page{
				secretsPage("content/index.md", "# Home\n"),
				secretsPage("content/tokens.md", "# Tokens\n\nRegister:\n\n```bash\nTOKEN="+realShape+"\n```\n"),
			},
			want: []string{"content/tokens.md:6"},
		},
		{
			name:  "token split by highlighting markup is found",
			files: map[string]string{"a/index.html": `<span class="s">bkar_</span><span class="n">` + secretBody73 + `</span>`},
			pages: []*markdown.Page{secretsPage("content/a.md", "x\n")},
			want:  []string{"a/index.html"},
		},
		{
			name: "obvious placeholders pass",
			files: map[string]string{"index.html": "<pre>bkar_EXAMPLE0123456789abcdefghij bkua_xxxxxxxxxxxxxxxxxxxxxxxx bkaa_aaaaaaaaaaaaaaaaaaaaaaaaaa " +
				"bkct_" + secretBody73[:30] + "... &quot;&lt;token:agent-token&gt;&quot;</pre>"},
			pages: []*markdown.Page{secretsPage("content/index.md", "x\n")},
		},
		{
			name:  "entity-encoded token in HTML",
			files: map[string]string{"e/index.html": "<p>&#98;&#107;&#97;&#114;&#95;" + secretBody73 + "</p>"},
			pages: []*markdown.Page{secretsPage("content/e.md", "x\n")},
			want:  []string{"e/index.html"},
		},
		{
			name:  "percent-encoded token in a link",
			files: map[string]string{"u/index.html": `<a href="https://x.test/?t=%62%6Bar%5F` + secretBody73 + `">x</a>`},
			pages: []*markdown.Page{secretsPage("content/u.md", "x\n")},
			want:  []string{"u/index.html"},
		},
		{
			name:  "quote-wrapped token in a code block",
			files: map[string]string{"q/index.html": `<pre>TOKEN=&#39;bkar_&#39;&quot;` + secretBody73[:30] + `&quot;` + secretBody73[30:] + `</pre>`},
			pages: []*markdown.Page{secretsPage("content/q.md", "x\n")},
			want:  []string{"q/index.html"},
		},
		{
			name:   "issued value encoded in the search index",
			files:  map[string]string{"search-index.json": `{"s":"\u0062kaa_` + issuedToken[5:] + `"}`},
			pages:  []*markdown.Page{secretsPage("content/s.md", "x\n")},
			issued: []string{issuedToken},
			want:   []string{"search-index.json"},
		},
		{
			name:  "a real token glued to a placeholder-looking run",
			files: map[string]string{"g/index.html": "<pre>bkaa_exampleexampleexample1bkar_" + secretBody73 + "</pre>"},
			pages: []*markdown.Page{secretsPage("content/g.md", "# G\n\nbkaa_exampleexampleexample1bkar_"+secretBody73+"\n")},
			want:  []string{"content/g.md:3"},
		},
		{
			name:   "issued value in the search index is named in its source",
			files:  map[string]string{"search-index.json": `{"s":"` + issuedToken + `"}`},
			pages:  []*markdown.Page{secretsPage("content/log.md", "line one\n"+issuedToken+"\n")},
			issued: []string{issuedToken},
			want:   []string{"content/log.md:2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSecretsSite(t, tt.files)
			diags := scanSecrets(dir, tt.pages, tt.issued)
			var got []string
			for _, d := range diags {
				assert.Equal(t, diag.Error, d.Severity)
				got = append(got, d.Pos())
				assert.NotContains(t, d.Error(), secretBody73[:20], "the message must not show the token")
				assert.NotContains(t, d.Error(), issuedToken[5:25], "the message must not show the token")
				assert.NotEmpty(t, d.Hint)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestScanSecretsMessage(t *testing.T) {
	realShape := "bkar_" + secretBody73
	dir := writeSecretsSite(t, map[string]string{
		"a/index.html": realShape,
		"b/index.html": realShape,
		"search.json":  realShape,
	})
	diags := scanSecrets(dir, []*markdown.Page{secretsPage("content/a.md", "\n\n"+realShape)}, nil)
	require.Len(t, diags, 1)
	msg := diags[0].Error()
	assert.Equal(t, "content/a.md:3", diags[0].Pos())
	assert.Contains(t, msg, "bkar_…(73 chars)")
	assert.Contains(t, msg, "a/index.html and 2 more output file(s)")
	assert.Contains(t, msg, "real Buildkite token")
}

func TestScanSecretsIssuedMessage(t *testing.T) {
	dir := writeSecretsSite(t, map[string]string{"x.html": "<p>\n" + issuedToken + "</p>"})
	diags := scanSecrets(dir, nil, []string{issuedToken})
	require.Len(t, diags, 1)
	assert.Equal(t, "x.html:2", diags[0].Pos())
	assert.Contains(t, diags[0].Message, "issued by the docproof mock")
	assert.Contains(t, diags[0].Hint, "no page source holds it")
	assert.False(t, strings.Contains(diags[0].Error(), issuedToken))
}

func TestScanSecretsUnreadableDir(t *testing.T) {
	diags := scanSecrets(filepath.Join(t.TempDir(), "missing"), nil, nil)
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Message, "cannot scan the generated site")
}

// BenchmarkScanSecrets scans a 200-page site (about 10 MB) for 300 issued tokens.
func BenchmarkScanSecrets(b *testing.B) {
	dir := b.TempDir()
	body := strings.Repeat(`<p>Register with <code><span class="nv">$BUILDKITE_AGENT_TOKEN</span></code>; see bkar_EXAMPLE0000000000000000.</p>`+"\n", 450)
	var pages []*markdown.Page
	for i := 0; i < 200; i++ {
		sub := filepath.Join(dir, "p"+strconv.Itoa(i))
		require.NoError(b, os.MkdirAll(sub, 0o755))
		require.NoError(b, os.WriteFile(filepath.Join(sub, "index.html"), []byte(body), 0o644))
		pages = append(pages, secretsPage("content/p"+strconv.Itoa(i)+".md", "# Page\n"))
	}
	var issued []string
	for i := 0; i < 300; i++ {
		issued = append(issued, "bkaa_"+secretBody73[i%60:]+strconv.Itoa(i)+"Q")
	}
	b.SetBytes(200 * int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if d := scanSecrets(dir, pages, issued); len(d) > 0 {
			b.Fatal(d)
		}
	}
}
