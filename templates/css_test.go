package templates

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// cssComment matches /* … */ comments.
var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)

// block returns the declarations of the first rule whose selector is exactly
// sel, searching css from the first occurrence of within ("" for anywhere).
func block(t *testing.T, css, within, sel string) string {
	t.Helper()
	css = cssComment.ReplaceAllString(css, "")
	if within != "" {
		i := strings.Index(css, within)
		require.GreaterOrEqual(t, i, 0, "no %q in the stylesheet", within)
		css = css[i+len(within):]
	}
	re := regexp.MustCompile(`(?m)(^|[\s}{])` + regexp.QuoteMeta(sel) + `\s*\{([^}]*)\}`)
	m := re.FindStringSubmatch(css)
	require.NotNil(t, m, "no rule %q in the stylesheet", sel)
	return m[2]
}

// declarations parses "prop: value;" pairs.
func declarations(body string) map[string]string {
	out := map[string]string{}
	for d := range strings.SplitSeq(body, ";") {
		k, v, ok := strings.Cut(d, ":")
		if ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out
}

func readAsset(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(FS(), "assets/"+name)
	require.NoError(t, err)
	return string(b)
}

// themes returns the custom properties of the light theme and of the two
// places the dark theme is declared (explicit choice, and system preference).
func themes(t *testing.T) (light, dark, darkMedia map[string]string) {
	css := readAsset(t, "site.css")
	light = declarations(block(t, css, "", ":root"))
	dark = declarations(block(t, css, "", "[data-theme=dark]"))
	darkMedia = declarations(block(t, css, "@media (prefers-color-scheme: dark)", ":root:not([data-theme=light])"))
	return light, dark, darkMedia
}

func TestDarkThemeDeclaredIdenticallyForToggleAndSystem(t *testing.T) {
	_, dark, darkMedia := themes(t)
	require.NotEmpty(t, dark)
	require.Equal(t, dark, darkMedia, "the [data-theme=dark] block and the prefers-color-scheme block must agree")
}

func TestThemesDefineTheSameProperties(t *testing.T) {
	light, dark, _ := themes(t)
	for k := range light {
		if strings.HasPrefix(k, "--") && k != "--header-h" && k != "--font" && k != "--mono" {
			require.Contains(t, dark, k, "dark theme does not set %s", k)
		}
	}
}

func TestAssetsWeighLessThan60KB(t *testing.T) {
	total := 0
	err := fs.WalkDir(FS(), "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".css") || strings.HasSuffix(p, ".js") {
			b, err := fs.ReadFile(FS(), p)
			if err != nil {
				return err
			}
			total += len(b)
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, total, 0)
	require.Less(t, total, 60*1024, "all CSS and JS together weigh %d bytes", total)
	t.Logf("CSS+JS: %d bytes", total)
}

func TestNoRequestLeavesTheSite(t *testing.T) {
	offsite := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|@import|fonts\.googleapis`)
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".svg") {
			return err
		}
		b, err := fs.ReadFile(FS(), p)
		if err != nil {
			return err
		}
		text := cssComment.ReplaceAllString(string(b), "")
		for line := range strings.SplitSeq(text, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue // a JS comment
			}
			require.NotRegexp(t, offsite, line, "%s refers to another site", p)
		}
		return nil
	})
	require.NoError(t, err)
}
