package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	bodyBg   = `getComputedStyle(document.body).backgroundColor`
	codeBg   = `getComputedStyle(document.querySelector(".codeblock pre")).backgroundColor`
	darkBg   = "rgb(13, 17, 23)"
	lightBg  = "rgb(255, 255, 255)"
	themeKey = `localStorage.getItem("docproof-theme")`
)

// themeLabel is the theme button's accessible name ("Theme: system (dark)").
const themeLabel = `document.querySelector(".theme-toggle").getAttribute("aria-label")`

func testTheme(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.colorScheme(t, "light")
	tb.open(t, "/tokens/")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`)))
	tb.open(t, "/tokens/")
	assert.False(t, eval[bool](t, tb, `document.documentElement.hasAttribute("data-theme")`), "no choice yet: follow the system")
	assert.Equal(t, lightBg, eval[string](t, tb, bodyBg))
	lightCode := eval[string](t, tb, codeBg)

	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(".theme-toggle"))))
	assert.Equal(t, "dark", eval[string](t, tb, `document.documentElement.dataset.theme`))
	assert.Equal(t, darkBg, eval[string](t, tb, bodyBg))
	assert.NotEqual(t, lightCode, eval[string](t, tb, codeBg), "chroma's dark style follows the toggle")
	assert.Equal(t, "dark", eval[string](t, tb, themeKey))
	assert.Equal(t, "Theme: dark", eval[string](t, tb, themeLabel))

	tb.open(t, "/tokens/")
	assert.Equal(t, "dark", eval[string](t, tb, `document.documentElement.dataset.theme`), "remembered across a reload")
	assert.Equal(t, darkBg, eval[string](t, tb, bodyBg))
	tb.screenshot(t, "fixture-tokens-dark")

	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(".theme-toggle"))))
	tb.open(t, "/tokens/")
	assert.Equal(t, "light", eval[string](t, tb, `document.documentElement.dataset.theme`))
	assert.Equal(t, lightBg, eval[string](t, tb, bodyBg))
	assert.Equal(t, "Theme: light", eval[string](t, tb, themeLabel))

	// The third press goes back to following the system: nothing stored.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(".theme-toggle"))))
	assert.False(t, eval[bool](t, tb, `document.documentElement.hasAttribute("data-theme")`))
	assert.Equal(t, "Theme: system (light)", eval[string](t, tb, themeLabel))
	assert.True(t, eval[bool](t, tb, `localStorage.getItem("docproof-theme") === null`))
	assert.True(t, eval[bool](t, tb, `getComputedStyle(document.querySelector(".theme-toggle .icon-system")).display !== "none"`), "the button shows the choice")

	// No stored choice and a dark system: dark without any script deciding.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`)))
	tb.colorScheme(t, "dark")
	tb.open(t, "/tokens/")
	assert.False(t, eval[bool](t, tb, `document.documentElement.hasAttribute("data-theme")`))
	assert.Equal(t, darkBg, eval[string](t, tb, bodyBg))
	assert.NotEqual(t, lightCode, eval[string](t, tb, codeBg))
	assert.Equal(t, "Theme: system (dark)", eval[string](t, tb, themeLabel))
	tb.colorScheme(t, "light")
}

func testTOC(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/tokens/")
	active := `(document.querySelector(".page-toc a.active") || {}).getAttribute?.call(document.querySelector(".page-toc a.active"), "href")`
	waitTrue(t, tb, active+` === "#registration-tokens"`)
	for _, id := range []string{"job-tokens", "expiry", "session-tokens", "revoking"} {
		scroll := `window.scrollTo({top: document.getElementById("` + id + `").getBoundingClientRect().top + scrollY - 90, behavior: "instant"})`
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](scroll)))
		waitTrue(t, tb, active+` === "#`+id+`"`)
		assert.Equal(t, 1, eval[int](t, tb, `document.querySelectorAll(".page-toc a.active").length`))
		assert.Equal(t, "location", eval[string](t, tb, `document.querySelector(".page-toc a.active").getAttribute("aria-current")`))
	}
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo({top: 0, behavior: "instant"})`)))
	waitTrue(t, tb, active+` === "#registration-tokens"`)
}

func testPhone(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile)))
	for _, p := range []string{"/", "/tokens/", "/heartbeat/", "/guides/", "/guides/wide-content/"} {
		tb.open(t, p)
		assert.LessOrEqual(t, eval[int](t, tb, `document.documentElement.scrollWidth`), 375, "%s scrolls sideways", p)
	}
	assert.True(t, eval[bool](t, tb, `[...document.querySelectorAll(".codeblock pre")].some(p => p.scrollWidth > p.clientWidth)`),
		"a long code line scrolls inside its block")

	tb.open(t, "/tokens/")
	sidebar := `document.getElementById("sidebar")`
	assert.NotEqual(t, "none", eval[string](t, tb, `getComputedStyle(document.querySelector(".nav-toggle")).display`), "the drawer toggle shows")
	assert.Equal(t, "hidden", eval[string](t, tb, `getComputedStyle(`+sidebar+`).visibility`), "the nav starts closed")

	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(".nav-toggle"))))
	waitTrue(t, tb, `getComputedStyle(`+sidebar+`).visibility === "visible" && `+sidebar+`.getBoundingClientRect().left >= 0`)
	assert.Equal(t, "true", eval[string](t, tb, `document.querySelector(".nav-toggle").getAttribute("aria-expanded")`))
	assert.LessOrEqual(t, eval[float64](t, tb, sidebar+`.getBoundingClientRect().right`), 375.0)
	assert.Equal(t, 740.0, eval[float64](t, tb, sidebar+`.getBoundingClientRect().bottom`), "the drawer reaches the bottom of the screen")
	assert.Equal(t, "page", eval[string](t, tb, `document.activeElement.getAttribute("aria-current")`), "focus moves to the current page's link")
	tb.screenshotViewport(t, "fixture-phone-drawer")

	tb.key(t, kb.Escape)
	waitTrue(t, tb, `getComputedStyle(`+sidebar+`).visibility === "hidden"`)
	assert.Equal(t, "false", eval[string](t, tb, `document.querySelector(".nav-toggle").getAttribute("aria-expanded")`))
	assert.True(t, eval[bool](t, tb, `document.activeElement === document.querySelector(".nav-toggle")`))

	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(".nav-toggle"))))
	waitTrue(t, tb, `getComputedStyle(`+sidebar+`).visibility === "visible"`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.MouseClickXY(360, 400))) // the backdrop, right of the drawer
	waitTrue(t, tb, `getComputedStyle(`+sidebar+`).visibility === "hidden"`)

	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(".nav-toggle"))))
	waitTrue(t, tb, `getComputedStyle(`+sidebar+`).visibility === "visible"`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(".codeblock .copy").focus()`)))
	waitTrue(t, tb, `getComputedStyle(`+sidebar+`).visibility === "hidden"`) // focus left the drawer: it closes
}

func testNotFound(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.rec.expect("/no/such/page/") // the browser logs the 404 status itself
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(base+"/no/such/page/"))
	require.NoError(t, err)
	assert.EqualValues(t, 404, resp.Status)
	waitTrue(t, tb, `document.readyState === "complete"`)
	assert.Equal(t, "Page not found", eval[string](t, tb, `document.querySelector("h1").textContent`))
	assert.NotEqual(t, "rgba(0, 0, 0, 0)", eval[string](t, tb, `getComputedStyle(document.querySelector(".site-header")).backgroundColor`),
		"the 404 page is styled from a nested URL")
	assert.Equal(t, 1, eval[int](t, tb, `document.querySelectorAll("#search-input").length`), "and can search")
}

func testKeyboardAndMotion(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/tokens/")
	tb.key(t, kb.Tab)
	assert.True(t, eval[bool](t, tb, `document.activeElement.classList.contains("skip")`), "Tab first reaches the skip link")
	assert.GreaterOrEqual(t, eval[float64](t, tb, `document.activeElement.getBoundingClientRect().top`), 0.0, "the skip link shows when focused")
	assert.NotEqual(t, "none", eval[string](t, tb, `getComputedStyle(document.activeElement).outlineStyle`), "focus is visible")
	tb.key(t, kb.Enter)
	waitTrue(t, tb, `document.activeElement.id === "content"`)

	for _, landmark := range []string{"header", "nav", "main", "aside", "footer"} {
		assert.Positive(t, eval[int](t, tb, `document.querySelectorAll("`+landmark+`").length`), "landmark <%s>", landmark)
	}

	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	})
	require.NoError(t, err)
	assert.Equal(t, "auto", eval[string](t, tb, `getComputedStyle(document.documentElement).scrollBehavior`))
	assert.Equal(t, "0s", eval[string](t, tb, `getComputedStyle(document.querySelector(".anchor")).transitionDuration`))
	_, err = chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "no-preference"}},
	})
	require.NoError(t, err)
	assert.Equal(t, "smooth", eval[string](t, tb, `getComputedStyle(document.documentElement).scrollBehavior`))
}

func testWithoutJavaScript(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile)))
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Navigate(base+"/tokens/"), chromedp.WaitReady(chromedp.CSS("footer"))))
	js := func(expr string) string {
		v, err := chromedp.Run(tb.ctx, chromedp.EvaluateAsDevTools[string](expr))
		require.NoError(t, err)
		return v
	}
	// DevTools evaluation still runs while the page's own scripts are off.
	assert.Equal(t, "false", js(`String(document.documentElement.classList.contains("js"))`))
	assert.Equal(t, "visible", js(`getComputedStyle(document.getElementById("sidebar")).visibility`), "the nav is reachable")
	assert.Equal(t, "static", js(`getComputedStyle(document.getElementById("sidebar")).position`))
	for _, hidden := range []string{".nav-toggle", ".theme-toggle", ".search"} {
		assert.Equal(t, "none", js(`getComputedStyle(document.querySelector("`+hidden+`")).display`), "%s does nothing without scripts", hidden)
	}
	assert.Equal(t, "true", js(`String(document.documentElement.scrollWidth <= 375)`))
}

func testThemeAcrossTabs(t *testing.T, b context.Context, base string) {
	one, two := openTab(t, b, base), openTab(t, b, base)
	one.open(t, "/")
	require.NoError(t, chromedp.Do(one.ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`)))
	one.colorScheme(t, "light")
	two.colorScheme(t, "light")
	one.open(t, "/")
	two.open(t, "/heartbeat/")
	require.NoError(t, chromedp.Do(one.ctx, chromedp.Click(chromedp.CSS(".theme-toggle"))))
	waitTrue(t, two, `document.documentElement.dataset.theme === "dark"`)
	assert.Equal(t, "Theme: dark", eval[string](t, two, themeLabel))
	require.NoError(t, chromedp.Do(one.ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`)))
}

func testLongNav(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/more/page-30/")
	assert.Positive(t, eval[float64](t, tb, `document.getElementById("sidebar").scrollTop`), "the sidebar scrolled")
	assert.True(t, eval[bool](t, tb, `(() => {
		const nav = document.getElementById("sidebar").getBoundingClientRect();
		const cur = document.querySelector("#sidebar a[aria-current=page]").getBoundingClientRect();
		return cur.top >= nav.top && cur.bottom <= nav.bottom;
	})()`), "the current page's link is in view")
	assert.Zero(t, eval[float64](t, tb, `window.scrollY`), "the window did not move")
}
