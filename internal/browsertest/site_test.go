package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixtureCommand is the sample in testdata/site/content/tokens.md, exactly as
// written there: the copy button must put these bytes on the clipboard.
const fixtureCommand = `curl -sS -X POST "$BUILDKITE_AGENT_ENDPOINT/register" \
  -H "Authorization: Token $BUILDKITE_AGENT_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"name": "fixture-agent", "hostname": "fixture-host"}'`

type result struct {
	Href  string   `json:"href"`
	Marks []string `json:"marks"`
}

const readResults = `Array.from(document.querySelectorAll("#search-results .sr")).map(a => ({
	href: a.getAttribute("href"),
	marks: Array.from(a.querySelectorAll("mark")).map(m => m.textContent)}))`

// TestFixtureSite builds the fixture site with generator.Build, serves it on
// 127.0.0.1 and drives it in chromium.
func TestFixtureSite(t *testing.T) {
	dir := buildSite(t, fixtureContent(t), "testdata/site/docproof.yaml")
	srv := serve(t, dir)
	b := newBrowser(t)

	t.Run("search finds a section and Enter opens its anchor", func(t *testing.T) { testSearchSection(t, b, srv.URL) })
	t.Run("search ranks titles first and needs every term", func(t *testing.T) { testSearchRanking(t, b, srv.URL) })
	t.Run("search works with the keyboard alone", func(t *testing.T) { testSearchKeyboard(t, b, srv.URL) })
	t.Run("copy button copies the command as shown", func(t *testing.T) { testCopy(t, b, srv.URL) })
	t.Run("a sample card copies its request; chips show values that vary", func(t *testing.T) { testSampleCard(t, b, srv.URL) })
	t.Run("theme toggle switches and survives a reload", func(t *testing.T) { testTheme(t, b, srv.URL) })
	t.Run("theme choice reaches the other open tabs", func(t *testing.T) { testThemeAcrossTabs(t, b, srv.URL) })
	t.Run("a long nav shows the current page", func(t *testing.T) { testLongNav(t, b, srv.URL) })
	t.Run("on this page follows scrolling", func(t *testing.T) { testTOC(t, b, srv.URL) })
	t.Run("phone: drawer and no sideways scrolling", func(t *testing.T) { testPhone(t, b, srv.URL) })
	t.Run("skip link, visible focus, landmarks, reduced motion", func(t *testing.T) { testKeyboardAndMotion(t, b, srv.URL) })
	t.Run("without JavaScript the nav stays reachable", func(t *testing.T) { testWithoutJavaScript(t, b, srv.URL) })
	t.Run("missing pages get the 404 page", func(t *testing.T) { testNotFound(t, b, srv.URL) })
	t.Run("a nav section's link and toggle are siblings, the toggle works by keyboard", func(t *testing.T) { testSidebarSection(t, b, srv.URL) })
	t.Run("a scrolling code block is reached and scrolled by keyboard", func(t *testing.T) { testCodeBlockKeyboard(t, b, srv.URL) })
	t.Run("the accessibility checks see the faults they guard against", func(t *testing.T) { testChecksSeeFaults(t, b, srv.URL) })
}

func testSearchSection(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/")
	require.Empty(t, tb.rec.requestsMatching("search-index"), "the index loads on first use, not with the page")

	tb.slash(t)
	waitTrue(t, tb, `document.activeElement.id === "search-input"`)
	tb.key(t, "zeppelin")
	waitTrue(t, tb, `document.getElementById("search-results").getAttribute("data-query") === "zeppelin"`)
	assert.Equal(t, "zeppelin", eval[string](t, tb, `document.getElementById("search-input").value`), "the / that focuses the box is not typed")
	got := eval[[]result](t, tb, readResults)
	require.Equal(t, []result{{Href: "/tokens/#session-tokens", Marks: []string{"zeppelin"}}}, got)
	assert.Len(t, tb.rec.requestsMatching("search-index"), 1, "the index is fetched once")
	assert.Equal(t, "true", eval[string](t, tb, `document.getElementById("search-input").getAttribute("aria-expanded")`))

	tb.key(t, kb.Enter)
	waitTrue(t, tb, `location.pathname === "/tokens/" && location.hash === "#session-tokens"`)
	waitTrue(t, tb, `Math.abs(document.getElementById("session-tokens").getBoundingClientRect().top - 72) < 40`)
}

func testSearchRanking(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/guides/")
	search := func(q string) []result {
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](
			`(() => { const i = document.getElementById("search-input"); i.value = ""; i.focus(); })()`)))
		tb.key(t, q)
		waitTrue(t, tb, `document.getElementById("search-results").getAttribute("data-query") === `+jsString(q))
		return eval[[]result](t, tb, readResults)
	}
	got := search("heartbeat")
	require.GreaterOrEqual(t, len(got), 2)
	assert.Equal(t, "/heartbeat/", got[0].Href[:len("/heartbeat/")], "a title match ranks first")
	var hrefs []string
	for _, r := range got {
		hrefs = append(hrefs, r.Href)
	}
	assert.Contains(t, hrefs, "/tokens/#session-tokens", "a text match is found too")

	tb.screenshotViewport(t, "fixture-search-results")

	got = search("session heart")
	require.Equal(t, []string{"/tokens/#session-tokens"}, []string{got[0].Href})
	assert.Len(t, got, 1, "every term must match; the last one as a prefix")
	assert.Contains(t, got[0].Marks, "heartbeat")

	got = search("nosuchwordanywhere")
	assert.Empty(t, got)
	assert.Contains(t, eval[string](t, tb, `document.getElementById("search-results").textContent`), "No results")
}

func testSearchKeyboard(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/heartbeat/")
	tb.slash(t)
	waitTrue(t, tb, `document.activeElement.id === "search-input"`)
	tb.key(t, "token")
	waitTrue(t, tb, `document.getElementById("search-results").getAttribute("data-query") === "token"`)
	require.GreaterOrEqual(t, eval[int](t, tb, `document.querySelectorAll("#search-results .sr").length`), 3)
	second := eval[string](t, tb, `document.querySelectorAll("#search-results .sr")[1].getAttribute("href")`)

	tb.key(t, kb.ArrowDown)
	tb.key(t, kb.ArrowDown)
	assert.Equal(t, "sr-1", eval[string](t, tb, `document.getElementById("search-input").getAttribute("aria-activedescendant")`))
	assert.Equal(t, "true", eval[string](t, tb, `document.getElementById("sr-1").getAttribute("aria-selected")`))

	tb.key(t, kb.Escape)
	waitTrue(t, tb, `document.getElementById("search-results").hidden`)
	assert.Equal(t, "false", eval[string](t, tb, `document.getElementById("search-input").getAttribute("aria-expanded")`))

	tb.key(t, kb.ArrowDown) // reopens the list
	waitTrue(t, tb, `!document.getElementById("search-results").hidden`)
	tb.key(t, kb.ArrowDown)
	tb.key(t, kb.ArrowDown)
	tb.key(t, kb.Enter)
	waitTrue(t, tb, `location.pathname + location.hash === `+jsString(second))
}

func testCopy(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	grantClipboard(t, tb, base)
	tb.open(t, "/tokens/")
	block := `.codeblock[data-sample="fixture-register"]`
	tip := eval[string](t, tb, `document.querySelector('`+block+` .verified').getAttribute("data-tip")`)
	assert.Contains(t, tip, "Verified at build time", "the verified mark explains what it was verified against")
	assert.Equal(t, "0", eval[string](t, tb, `document.querySelector('`+block+` .verified').getAttribute("tabindex")`),
		"keyboard users can reach the tooltip")
	assert.Equal(t, "img", eval[string](t, tb, `document.querySelector('`+block+` .verified').getAttribute("role")`))
	assert.Regexp(t, `^verified: status 200 and \d+ fields? matched$`, eval[string](t, tb, `document.querySelector('`+block+` .verified').getAttribute("aria-label")`),
		"the accessible label says what was compared")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Focus(chromedp.CSS(block+" .verified"))))
	assert.Contains(t, eval[string](t, tb, `getComputedStyle(document.querySelector('`+block+` .verified'), "::after").content`),
		"Verified at build time", "focus shows the tooltip")
	assert.Equal(t, "visible", eval[string](t, tb, `getComputedStyle(document.querySelector('`+block+`')).overflow`),
		"the code block does not clip the tooltip above it")

	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(block+" .copy"))))
	waitTrue(t, tb, `document.querySelector('`+block+` .copy').textContent === "Copied"`)
	clip := eval[string](t, tb, `navigator.clipboard.readText()`)
	shown := eval[string](t, tb, `document.querySelector('`+block+` pre code').textContent`)
	assert.Equal(t, shown, clip, "the clipboard holds the <code> text exactly")
	assert.Equal(t, fixtureCommand+"\n", clip)
	waitTrue(t, tb, `document.querySelector('`+block+` .copy').textContent === "Copy"`)

	// Served over plain HTTP on a LAN address the Clipboard API is missing;
	// the fallback must copy the same text.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](
		`Object.defineProperty(window, "isSecureContext", {value: false}); navigator.clipboard.writeText("stale")`, chromedp.EvalAwaitPromise)))
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(block+" .copy"))))
	waitTrue(t, tb, `document.querySelector('`+block+` .copy').textContent === "Copied"`)
	assert.Equal(t, fixtureCommand+"\n", eval[string](t, tb, `navigator.clipboard.readText()`), "the execCommand fallback copies too")
}

// fixtureContent copies testdata/site/content into a temp dir and adds a
// folder of 30 short pages, so the navigation is longer than the screen.
func fixtureContent(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	require.NoError(t, os.CopyFS(dir, os.DirFS("testdata/site/content")))
	more := filepath.Join(dir, "more")
	require.NoError(t, os.MkdirAll(more, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(more, "index.md"),
		[]byte("---\ntitle: More pages\nweight: 9\n---\n\n# More pages\n\nA long list of short pages.\n"), 0o644))
	for i := 1; i <= 30; i++ {
		page := fmt.Sprintf("---\ntitle: Extra page %02d\nweight: %d\n---\n\n# Extra page %02d\n\nFiller page number %d.\n", i, i, i, i)
		require.NoError(t, os.WriteFile(filepath.Join(more, fmt.Sprintf("page-%02d.md", i)), []byte(page), 0o644))
	}
	return dir
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	out := []byte{'"'}
	for _, c := range []byte(s) {
		if c == '"' || c == '\\' {
			out = append(out, '\\')
		}
		out = append(out, c)
	}
	return string(append(out, '"'))
}
