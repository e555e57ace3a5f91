package browsertest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRawHTMLUnderPathPrefix builds generator/testdata/rawhtml (links and
// images written as raw HTML in Markdown) with a base_url that has a path and
// serves it only below that path: the raw images load, and raw links lead to
// the prefixed pages and their anchors, also one defined by a raw id.
func TestRawHTMLUnderPathPrefix(t *testing.T) {
	const fixture = "../../generator/testdata/rawhtml/"
	dir := buildSite(t, fixture+"content", fixture+"docproof.yaml")
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), siteHandler(dir)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	b := newBrowser(t)
	const imagesLoaded = `(imgs => imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth === 8))(` +
		`Array.from(document.querySelectorAll("article.prose img")).filter(i => !i.src.startsWith("data:")))`

	t.Run("raw images load and a raw link opens the page at its anchor", func(t *testing.T) {
		tb := openTab(t, b, srv.URL)
		tb.open(t, prefix)
		waitTrue(t, tb, imagesLoaded)
		assert.NotEmpty(t, tb.rec.requestsMatching(prefix+"img/diagram.svg"), "the raw <img> was requested below the prefix")
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(`a.primary`))))
		waitTrue(t, tb, `location.pathname === "`+prefix+`guide/tokens/" && location.hash === "#revoking" && document.readyState === "complete"`)
		waitTrue(t, tb, imagesLoaded)
	})

	t.Run("a raw link in a details block reaches a raw id", func(t *testing.T) {
		tb := openTab(t, b, srv.URL)
		tb.open(t, prefix+"guide/")
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(`article.prose details summary`))))
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(`article.prose details a`))))
		waitTrue(t, tb, `location.pathname === "`+prefix+`" && location.hash === "#legacy-anchor" && document.readyState === "complete"`)
		waitTrue(t, tb, `document.getElementById("legacy-anchor") !== null`)
	})
}
