package callout

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
)

var update = flag.Bool("update", false, "rewrite the golden .html files in testdata")

func render(t *testing.T, src string, opts ...Option) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, goldmark.New(goldmark.WithExtensions(New(opts...))).Convert([]byte(src), &out))
	return out.String()
}

// TestGolden renders testdata/NAME.md (Buildkite's form on for buildkite.md
// only) and compares it with testdata/NAME.html.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, md := range files {
		name := strings.TrimSuffix(filepath.Base(md), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(md)
			require.NoError(t, err)
			var opts []Option
			if name == "buildkite" {
				opts = append(opts, WithBuildkite())
			}
			got := render(t, string(src), opts...)
			golden := strings.TrimSuffix(md, ".md") + ".html"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to write the golden file")
			assert.Equal(t, string(want), got)
		})
	}
}

func TestCallouts(t *testing.T) {
	note := `<div class="callout callout-note" role="note">` + "\n" + `<p class="callout-title">` + Icon(KindNote)
	tests := []struct {
		name, src string
		buildkite bool
		want      string // the whole HTML
	}{
		{"marker alone", "> [!NOTE]\n> Body.", false,
			note + "Note</p>\n<p>Body.</p>\n</div>\n"},
		{"empty", "> [!NOTE]", false,
			note + "Note</p>\n</div>\n"},
		{"custom title keeps inline markup", "> [!NOTE] Use `curl`\n> Body.", false,
			note + "Use <code>curl</code></p>\n<p>Body.</p>\n</div>\n"},
		{"title with trailing spaces", "> [!NOTE]   Spaced   \n> Body.", false,
			note + "Spaced</p>\n<p>Body.</p>\n</div>\n"},
		{"hard break after the marker", "> [!NOTE]  \n> Body.", false,
			note + "Note</p>\n<p>Body.</p>\n</div>\n"},
		{"backslash after the marker", "> [!NOTE]\\\n> Body.", false,
			"<blockquote>\n<p>[!NOTE]<br>\nBody.</p>\n</blockquote>\n"},
		{"marker in the middle", "> See [!NOTE] here.", false,
			"<blockquote>\n<p>See [!NOTE] here.</p>\n</blockquote>\n"},
		{"marker glued to text", "> [!NOTE]x", false,
			"<blockquote>\n<p>[!NOTE]x</p>\n</blockquote>\n"},
		{"unknown kind", "> [!DANGER]\n> x", false,
			"<blockquote>\n<p>[!DANGER]\nx</p>\n</blockquote>\n"},
		{"unclosed marker", "> [!NOTE\n> x", false,
			"<blockquote>\n<p>[!NOTE\nx</p>\n</blockquote>\n"},
		{"not a blockquote", "[!NOTE]\nx", false,
			"<p>[!NOTE]\nx</p>\n"},
		{"list inside", "> [!NOTE]\n> - a\n> - b", false,
			note + "Note</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</div>\n"},
		{"code inside", "> [!NOTE]\n> ```\n> x\n> ```", false,
			note + "Note</p>\n<pre><code>x\n</code></pre>\n</div>\n"},
		{"nested", "> [!NOTE]\n> > [!TIP]\n> > In.", false,
			note + "Note</p>\n" + `<div class="callout callout-tip" role="note">` + "\n" + `<p class="callout-title">` + Icon(KindTip) + "Tip</p>\n<p>In.</p>\n</div>\n</div>\n"},
		{"buildkite off by default", "> 📘 Title\n> Body.", false,
			"<blockquote>\n<p>📘 Title\nBody.</p>\n</blockquote>\n"},
		{"buildkite info", "> 📘 Title\n> Body.", true,
			`<div class="callout callout-info" role="note">` + "\n" + `<p class="callout-title">` + Icon(KindInfo) + "Title</p>\n<p>Body.</p>\n</div>\n"},
		{"buildkite tool with variation selector", "> 🛠️ Tool time", true,
			`<div class="callout callout-tool" role="note">` + "\n" + `<p class="callout-title">` + Icon(KindTool) + "Tool time</p>\n</div>\n"},
		{"buildkite emoji in the middle", "> Read 🚧 this", true,
			"<blockquote>\n<p>Read 🚧 this</p>\n</blockquote>\n"},
		{"github kinds still work with buildkite on", "> [!CAUTION]\n> x", true,
			`<div class="callout callout-caution" role="note">` + "\n" + `<p class="callout-title">` + Icon(KindCaution) + "Caution</p>\n<p>x</p>\n</div>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.buildkite {
				opts = append(opts, WithBuildkite())
			}
			assert.Equal(t, tt.want, render(t, tt.src, opts...))
		})
	}
}

func TestDefaultTitles(t *testing.T) {
	for k, want := range map[Kind]string{KindNote: "Note", KindTip: "Tip", KindImportant: "Important",
		KindWarning: "Warning", KindCaution: "Caution", KindInfo: "Info", KindTool: "Tool"} {
		assert.Equal(t, want, k.DefaultTitle())
		assert.NotEmpty(t, iconPaths[k], "%s has an icon", k)
	}
}

// TestBuiltInPlusDialect holds the setup a dialect uses: the built-in
// extension (GitHub alerts) plus another with WithBuildkite renders each
// callout once.
func TestBuiltInPlusDialect(t *testing.T) {
	var out bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(New(), New(WithBuildkite())))
	require.NoError(t, md.Convert([]byte("> [!TIP]\n> a\n\n> 🚧 Careful\n> b\n"), &out))
	assert.Equal(t, `<div class="callout callout-tip" role="note">`+"\n"+`<p class="callout-title">`+Icon(KindTip)+"Tip</p>\n<p>a</p>\n</div>\n"+
		`<div class="callout callout-warning" role="note">`+"\n"+`<p class="callout-title">`+Icon(KindWarning)+"Careful</p>\n<p>b</p>\n</div>\n", out.String())
}
