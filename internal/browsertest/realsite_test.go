package browsertest

import (
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unnamedControls lists the links, buttons and fields that a screen reader
// would announce without a name.
const unnamedControls = `[...document.querySelectorAll("a[href], button, input")]
	.filter(e => !(e.getAttribute("aria-label") || e.textContent.trim() || (e.labels && e.labels.length)))
	.map(e => e.outerHTML.slice(0, 80))`

// sitePaths lists the paths of every page in a built site's sitemap.xml.
func sitePaths(t *testing.T, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
	require.NoError(t, err)
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	require.NoError(t, xml.Unmarshal(data, &set))
	var paths []string
	for _, u := range set.URLs {
		parsed, err := url.Parse(u.Loc)
		require.NoError(t, err)
		paths = append(paths, parsed.Path)
	}
	require.NotEmpty(t, paths)
	return paths
}

// TestRealSite builds the repository's own content/ and visits every page in
// both themes and on a phone: no console error, no off-site request, no
// sideways scrolling. It keeps screenshots of the home page and a token page
// in both themes.
func TestRealSite(t *testing.T) {
	root := repoRoot(t)
	dir := buildSite(t, filepath.Join(root, "content"), filepath.Join(root, "docproof.yaml"))
	srv := serve(t, dir)
	b := newBrowser(t)
	paths := sitePaths(t, dir)

	// A token page below the section index, preferring the register exchange
	// (it shows verified samples and responses).
	tokenPage := ""
	for _, p := range paths {
		deep := strings.Contains(p, "token") && strings.Count(strings.Trim(p, "/"), "/") >= 1
		if deep && (tokenPage == "" || strings.Contains(p, "exchang")) {
			tokenPage = p
		}
	}
	require.NotEmpty(t, tokenPage, "the site has a token page")

	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			tb := openTab(t, b, srv.URL)
			tb.colorScheme(t, scheme)
			for _, p := range paths {
				tb.open(t, p)
				assert.Equal(t, 1, eval[int](t, tb, `document.querySelectorAll("main h1").length`), "%s: one <h1>", p)
				assert.Equal(t, 1, eval[int](t, tb, `document.querySelectorAll("#sidebar a[aria-current=page]").length`),
					"%s: the nav marks the current page", p)
				assert.Zero(t, eval[int](t, tb, `[...document.images].filter(i => !i.hasAttribute("alt")).length`), "%s: images have alt text", p)
				assert.Equal(t, []string{}, eval[[]string](t, tb, unnamedControls), "%s: every link, button and field has a name", p)
				assertAccessibleControls(t, tb, p)
			}
			tb.open(t, "/")
			tb.screenshot(t, "home-"+scheme)
			tb.open(t, tokenPage)
			tb.screenshot(t, "token-page-"+scheme)
		})
	}
	t.Run("phone", func(t *testing.T) {
		tb := openTab(t, b, srv.URL)
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile)))
		for _, p := range paths {
			tb.open(t, p)
			assert.LessOrEqual(t, eval[int](t, tb, `document.documentElement.scrollWidth`), 375, "%s scrolls sideways on a phone", p)
			assertAccessibleControls(t, tb, p)
		}
		tb.open(t, tokenPage)
		tb.screenshotViewport(t, "token-page-phone")
	})
}
