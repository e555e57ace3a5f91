package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unreachableScrollers lists the elements that scroll (their content is wider
// or taller than they are) but that a keyboard cannot reach: neither focusable
// themselves nor holding anything focusable (axe scrollable-region-focusable),
// or focusable without a role and a name to announce (a table has its own).
const unreachableScrollers = `(() => {
	const focusable = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
	const scrolls = e => {
		const s = getComputedStyle(e);
		return (/auto|scroll/.test(s.overflowX) && e.scrollWidth > e.clientWidth + 1) ||
			(/auto|scroll/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 1);
	};
	return [...document.body.querySelectorAll("*")].filter(scrolls).filter(e => {
		if (e.matches(focusable)) return e.tabIndex < 0 || !(e.tagName === "TABLE" || (e.getAttribute("role") && e.getAttribute("aria-label")));
		return !e.querySelector(focusable);
	}).map(e => e.outerHTML.slice(0, 100));
})()`

// unnamedCodeBlocks lists the code blocks whose scrolling <pre> is not a named
// group in the tab order (whether or not it scrolls at this width: it may at
// another).
const unnamedCodeBlocks = `[...document.querySelectorAll(".codeblock pre")]
	.filter(p => !(p.getAttribute("tabindex") === "0" && p.getAttribute("role") === "group" && p.getAttribute("aria-label")))
	.map(p => p.outerHTML.slice(0, 100))`

// nestedInteractive lists the controls that sit inside another control (axe
// nested-interactive), such as a link inside a section's toggle.
const nestedInteractive = `[...document.querySelectorAll(
	":is(a[href], button, summary) :is(a[href], button, summary, input, select, textarea, [tabindex]:not([tabindex='-1']))")]
	.map(e => e.outerHTML.slice(0, 100))`

// assertAccessibleControls checks the page open in tb for the two axe faults
// above and names the page in the message.
func assertAccessibleControls(t *testing.T, tb *tab, page string) {
	t.Helper()
	assert.Equal(t, []string{}, eval[[]string](t, tb, unreachableScrollers), "%s: every scrolling region is reachable by keyboard", page)
	assert.Equal(t, []string{}, eval[[]string](t, tb, unnamedCodeBlocks), "%s: every code block is a named, focusable group", page)
	assert.Equal(t, []string{}, eval[[]string](t, tb, nestedInteractive), "%s: no control inside another", page)
}

func testSidebarSection(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/tokens/")
	assertAccessibleControls(t, tb, "/tokens/")
	const section = `document.querySelector("#sidebar .nav-section")`
	require.Equal(t, "/guides/", eval[string](t, tb, section+`.querySelector(":scope > a").getAttribute("href")`),
		"the section's link is the item's first child, beside its toggle")
	assert.Equal(t, "Guides pages", eval[string](t, tb, section+`.querySelector(":scope > details > summary").getAttribute("aria-label")`))
	open := eval[bool](t, tb, section+`.querySelector("details").open`)

	// The link, then its toggle, in the tab order; Enter and Space toggle.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Focus(chromedp.CSS(`#sidebar .nav-section > a`))))
	tb.key(t, kb.Tab)
	require.True(t, eval[bool](t, tb, `document.activeElement.matches("#sidebar .nav-section > details > summary")`), "Tab moves from the link to its toggle")
	assert.NotEqual(t, "none", eval[string](t, tb, `getComputedStyle(document.activeElement).outlineStyle`), "the toggle shows focus")
	assert.GreaterOrEqual(t, eval[float64](t, tb, `document.activeElement.getBoundingClientRect().width`), 24.0, "the toggle is a big enough target")
	tb.key(t, kb.Enter)
	waitTrue(t, tb, section+`.querySelector("details").open === `+boolJS(!open))
	tb.key(t, " ")
	waitTrue(t, tb, section+`.querySelector("details").open === `+boolJS(open))
	assert.Contains(t, eval[string](t, tb, `location.pathname`), "/tokens/", "toggling does not follow the link")

	// The link still opens the section's page, where the section is open.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(`#sidebar .nav-section > a`))))
	waitTrue(t, tb, `location.pathname.endsWith("/guides/") && document.readyState === "complete"`)
	assert.True(t, eval[bool](t, tb, section+`.querySelector("details").open`), "the current page's section is open")
}

func testCodeBlockKeyboard(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/guides/wide-content/")
	assertAccessibleControls(t, tb, "/guides/wide-content/")
	const pre = `document.querySelector(".codeblock pre")`
	require.True(t, eval[bool](t, tb, pre+`.scrollWidth > `+pre+`.clientWidth`), "the fixture's code block scrolls sideways")
	assert.Equal(t, "text code", eval[string](t, tb, pre+`.getAttribute("aria-label")`))

	// From the block's copy button, Tab reaches the code, and arrows scroll it.
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Focus(chromedp.CSS(`.codeblock .copy`))))
	tb.key(t, kb.Tab)
	require.True(t, eval[bool](t, tb, `document.activeElement === `+pre), "Tab reaches the scrolling code")
	assert.NotEqual(t, "none", eval[string](t, tb, `getComputedStyle(document.activeElement).outlineStyle`), "the code shows focus")
	tb.key(t, kb.ArrowRight)
	waitTrue(t, tb, pre+`.scrollLeft > 0`)
}

func boolJS(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// testChecksSeeFaults holds the checks above honest: on a page with both
// faults, each reports one.
func testChecksSeeFaults(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/")
	page := `<div class="codeblock"><pre style="overflow-x:auto;width:50px">` + strings.Repeat("x", 300) + `</pre></div>` +
		`<details><summary><a href="/x/">X</a></summary></details>`
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`document.body.innerHTML = `+jsString(page))))
	assert.Len(t, eval[[]string](t, tb, unreachableScrollers), 1)
	assert.Len(t, eval[[]string](t, tb, unnamedCodeBlocks), 1)
	assert.Len(t, eval[[]string](t, tb, nestedInteractive), 1)
}
