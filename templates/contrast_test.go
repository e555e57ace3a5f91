package templates

import (
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/templates/internal/chromacss"
)

func colour(t *testing.T, vars map[string]string, name string) chroma.Colour {
	t.Helper()
	v, ok := vars[name]
	require.True(t, ok, "%s is not set", name)
	require.Regexp(t, `^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`, v, "%s must be a hex colour", name)
	return chroma.MustParseColour(v)
}

// textPairs are the foreground/background custom properties the stylesheet
// draws text with.
var textPairs = [][2]string{
	{"--fg", "--bg"}, {"--muted", "--bg"}, {"--link", "--bg"},
	{"--fg", "--surface"}, {"--muted", "--surface"}, {"--link", "--surface"},
	{"--fg", "--code-inline-bg"}, {"--link", "--code-inline-bg"}, {"--muted", "--code-inline-bg"},
	{"--active-fg", "--active-bg"}, {"--fg", "--active-bg"}, {"--link", "--active-bg"},
	{"--mark-fg", "--mark-bg"},
	{"--ok-fg", "--ok-bg"}, {"--ok-fg", "--surface"}, {"--ok-fg", "--bg"},
	{"--tip-fg", "--tip-bg"},
	{"--c-note", "--surface"}, {"--c-tip", "--surface"}, {"--c-important", "--surface"},
	{"--c-warning", "--surface"}, {"--c-caution", "--surface"},
}

func TestThemeColoursPassWCAGAA(t *testing.T) {
	light, dark, _ := themes(t)
	for name, vars := range map[string]map[string]string{"light": light, "dark": dark} {
		for _, p := range textPairs {
			r := chromacss.Contrast(colour(t, vars, p[0]), colour(t, vars, p[1]))
			assert.GreaterOrEqual(t, r, chromacss.MinContrast, "%s theme: %s on %s is %.2f:1", name, p[0], p[1], r)
		}
		// Focus rings are non-text: WCAG asks 3:1 against what they sit on.
		for _, bg := range []string{"--bg", "--surface"} {
			r := chromacss.Contrast(colour(t, vars, "--focus"), colour(t, vars, bg))
			assert.GreaterOrEqual(t, r, 3.0, "%s theme: focus ring on %s is %.2f:1", name, bg, r)
		}
	}
}

func TestCodeColoursPassWCAGAA(t *testing.T) {
	light, dark, _ := themes(t)
	css := cssComment.ReplaceAllString(readAsset(t, "chroma.css"), "")
	media := strings.Index(css, "@media (prefers-color-scheme: dark)")
	require.Positive(t, media)
	scopes := []struct {
		name, prefix, css string
		text              chroma.Colour
	}{
		{"light", "", css[:media], colour(t, light, "--fg")},
		{"dark (toggle)", "[data-theme=dark] ", css[:media], colour(t, dark, "--fg")},
		{"dark (system)", ":root:not([data-theme=light]) ", css[media:], colour(t, dark, "--fg")},
	}
	for _, sc := range scopes {
		rules := scopedRules(sc.css, sc.prefix)
		wrapper := rules[".chroma"]
		require.NotNil(t, wrapper, "%s: no .chroma rule", sc.name)
		bg := chroma.MustParseColour(wrapper["background-color"])
		text := sc.text
		if c, ok := wrapper["color"]; ok {
			text = chroma.MustParseColour(c)
		}
		checked := 0
		for sel, decl := range rules {
			fg, ok := decl["color"]
			if !ok || fg == "inherit" {
				fg = text.String()
			}
			on := bg
			if b, ok := decl["background-color"]; ok && b != "transparent" {
				on = chroma.MustParseColour(b)
			}
			r := chromacss.Contrast(chroma.MustParseColour(fg), on)
			assert.GreaterOrEqual(t, r, chromacss.MinContrast, "%s: %s is %s on %s, %.2f:1", sc.name, sel, fg, on, r)
			checked++
		}
		require.Greater(t, checked, 20, "%s: too few code colour rules parsed", sc.name)
	}
}

// scopedRules parses "sel,sel{decls}" rules and returns, for every selector
// that starts with prefix, its declarations with the prefix removed.
func scopedRules(css, prefix string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for line := range strings.SplitSeq(css, "\n") {
		sels, body, ok := strings.Cut(line, "{")
		if !ok || !strings.HasSuffix(body, "}") {
			continue
		}
		decl := declarations(strings.TrimSuffix(body, "}"))
		for sel := range strings.SplitSeq(sels, ",") {
			sel = strings.TrimSpace(sel)
			rest, found := strings.CutPrefix(sel, prefix)
			if !found || (prefix == "" && (strings.HasPrefix(sel, "[") || strings.HasPrefix(sel, ":"))) {
				continue
			}
			out[rest] = decl
		}
	}
	return out
}

func TestContrastFormula(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48},
		{"#0969da", "#ffffff", 5.19},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.a, tt.b), func(t *testing.T) {
			got := chromacss.Contrast(chroma.MustParseColour(tt.a), chroma.MustParseColour(tt.b))
			assert.InDelta(t, tt.want, got, 0.03)
		})
	}
}
