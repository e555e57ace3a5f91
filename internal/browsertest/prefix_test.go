package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// prefix is the path the site is published under in TestSiteUnderPathPrefix.
const prefix = "/agent-docs/"

// TestSiteUnderPathPrefix builds the fixture site with a base_url that has a
// path and serves it only below that path (anything else is a bare 404, so
// a link or asset missing the prefix fails to load and the recorder reports
// it): stylesheets and scripts load, nav links and search results lead to
// the prefixed pages.
func TestSiteUnderPathPrefix(t *testing.T) {
	siteFile := filepath.Join(t.TempDir(), "docproof.yaml")
	require.NoError(t, os.WriteFile(siteFile,
		[]byte("title: Fixture docs\nbase_url: https://fixture.example.invalid"+prefix+"\n"), 0o644))
	dir := buildSite(t, fixtureContent(t), siteFile)
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), siteHandler(dir)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	b := newBrowser(t)

	t.Run("assets load from below the prefix", func(t *testing.T) {
		tb := openTab(t, b, srv.URL)
		tb.open(t, prefix)
		waitTrue(t, tb, `document.styleSheets.length >= 2 && Array.from(document.styleSheets).every(s => s.cssRules.length > 0)`)
		assert.True(t, eval[bool](t, tb, `document.documentElement.classList.contains("js")`))
		assert.Equal(t, prefix, eval[string](t, tb, `document.querySelector("a.site-title").getAttribute("href")`))
		for _, u := range tb.rec.requestsMatching(srv.URL) {
			assert.True(t, strings.HasPrefix(u, srv.URL+prefix), "request outside the prefix: %s", u)
		}
		assert.NotEmpty(t, tb.rec.requestsMatching(prefix+"assets/site."), "the stylesheet was requested below the prefix")
	})

	t.Run("a nav link opens the prefixed page", func(t *testing.T) {
		tb := openTab(t, b, srv.URL)
		tb.open(t, prefix)
		link := `#sidebar a[href="` + prefix + `heartbeat/"]`
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(link))))
		waitTrue(t, tb, `location.pathname === "`+prefix+`heartbeat/" && document.readyState === "complete"`)
		assert.Equal(t, "page", eval[string](t, tb, `document.querySelector('#sidebar [aria-current="page"]') ? "page" : ""`))
		waitTrue(t, tb, `Array.from(document.styleSheets).every(s => s.cssRules.length > 0)`)
	})

	t.Run("a search result opens the prefixed page and anchor", func(t *testing.T) {
		tb := openTab(t, b, srv.URL)
		tb.open(t, prefix+"guides/")
		tb.slash(t)
		waitTrue(t, tb, `document.activeElement.id === "search-input"`)
		tb.key(t, "zeppelin")
		waitTrue(t, tb, `document.getElementById("search-results").getAttribute("data-query") === "zeppelin"`)
		got := eval[[]result](t, tb, readResults)
		require.Equal(t, []result{{Href: prefix + "tokens/#session-tokens", Marks: []string{"zeppelin"}}}, got)
		assert.Len(t, tb.rec.requestsMatching(prefix+"search-index"), 1, "the index is fetched below the prefix")
		tb.key(t, kb.Enter)
		waitTrue(t, tb, `location.pathname === "`+prefix+`tokens/" && location.hash === "#session-tokens"`)
		waitTrue(t, tb, `document.getElementById("session-tokens") !== null`)
	})

	t.Run("the 404 page links home below the prefix", func(t *testing.T) {
		tb := openTab(t, b, srv.URL)
		tb.rec.expect("404")
		tb.open(t, prefix+"no/such/page/")
		waitTrue(t, tb, `document.querySelector(".not-found") !== null`)
		waitTrue(t, tb, `Array.from(document.styleSheets).every(s => s.cssRules.length > 0)`)
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(`.not-found a`))))
		waitTrue(t, tb, `location.pathname === "`+prefix+`" && document.readyState === "complete"`)
	})
}
