package browsertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReaderComponents builds testdata/readers (callouts, a titled block with
// highlighted lines, long lines, tab groups on two pages) and drives them.
func TestReaderComponents(t *testing.T) {
	dir := buildSite(t, "testdata/readers/content", "testdata/readers/docproof.yaml")
	srv := serve(t, dir)
	b := newBrowser(t)
	t.Run("callouts are notes with a title, an icon and the kind's colour", func(t *testing.T) { testCallouts(t, b, srv.URL) })
	t.Run("a code title and highlighted lines are shown and named", func(t *testing.T) { testCodeTitle(t, b, srv.URL) })
	t.Run("long lines wrap on request, and the choice is remembered", func(t *testing.T) { testWrap(t, b, srv.URL) })
	t.Run("tabs work by keyboard with a roving tabindex", func(t *testing.T) { testTabsKeyboard(t, b, srv.URL) })
	t.Run("a tab choice syncs the page and is remembered across pages", func(t *testing.T) { testTabsRemembered(t, b, srv.URL) })
	t.Run("without JavaScript every tab panel shows under its label", func(t *testing.T) { testTabsWithoutJavaScript(t, b, srv.URL) })
	t.Run("one list of the page's sections at each width", func(t *testing.T) { testOneContentsList(t, b, srv.URL) })
	t.Run("axe finds nothing serious in either theme, and screenshots", func(t *testing.T) { testReadersAxe(t, b, srv.URL) })
}

func testCallouts(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.colorScheme(t, "light")
	tb.open(t, "/")
	assertAccessibleControls(t, tb, "/")
	assert.Equal(t, []string{"Note", "Shorter path", "Important", "Warning", "Caution"},
		eval[[]string](t, tb, `[...document.querySelectorAll('.callout[role=note] > .callout-title')].map(e => e.textContent)`))
	assert.Equal(t, 5, eval[int](t, tb, `document.querySelectorAll('.callout-title > svg[aria-hidden=true]').length`), "icons are hidden from screen readers")
	assert.Equal(t, 2, eval[int](t, tb, `document.querySelectorAll('.callout-warning li').length`), "a list inside a callout")
	const colour = `getComputedStyle(document.querySelector('.callout-warning')).borderLeftColor`
	light := eval[string](t, tb, colour)
	assert.NotEqual(t, light, eval[string](t, tb, `getComputedStyle(document.querySelector('.callout-note')).borderLeftColor`), "kinds differ in colour")
	tb.colorScheme(t, "dark")
	waitTrue(t, tb, colour+` !== `+jsString(light))
}

func testCodeTitle(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/")
	const block = `document.querySelector('.codeblock[data-lang=yaml]')`
	assert.Equal(t, "pipeline.yml", eval[string](t, tb, block+`.querySelector('.codeblock-file').textContent`))
	assert.Equal(t, "pipeline.yml, yaml code, lines 2–3 highlighted", eval[string](t, tb, block+`.querySelector('pre').getAttribute('aria-label')`))
	assert.Equal(t, []string{`  - label: "Tests"`, `    command: "make test"`},
		eval[[]string](t, tb, `[...`+block+`.querySelectorAll('mark.line')].map(m => m.textContent.replace(/\n$/, ""))`))
	assert.NotEqual(t, eval[string](t, tb, `getComputedStyle(`+block+`.querySelector('mark.line')).backgroundColor`),
		eval[string](t, tb, `getComputedStyle(`+block+`.querySelector('.line')).backgroundColor`), "highlighted lines are tinted")
	assert.Equal(t, "steps:\n  - label: \"Tests\"\n    command: \"make test\"\n  - wait\n", eval[string](t, tb, block+`.querySelector('code').textContent`),
		"the copy button copies the code without marks")
}

func testWrap(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("docproof-wrap")`)))
	tb.open(t, "/")
	const long = `document.querySelector('.codeblock[data-lang=text]')`
	assert.Zero(t, eval[int](t, tb, `document.querySelectorAll('.codeblock[data-lang=yaml] .wrap').length`), "a block that fits has no Wrap button")
	require.True(t, eval[bool](t, tb, long+`.querySelector('pre').scrollWidth > `+long+`.querySelector('pre').clientWidth`))
	assert.Equal(t, "false", eval[string](t, tb, long+`.querySelector('.wrap').getAttribute('aria-pressed')`))
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(`.codeblock[data-lang=text] .wrap`))))
	waitTrue(t, tb, long+`.querySelector('.wrap').getAttribute('aria-pressed') === "true"`)
	assert.True(t, eval[bool](t, tb, long+`.querySelector('pre').scrollWidth <= `+long+`.querySelector('pre').clientWidth`), "wrapped lines do not scroll")
	tb.open(t, "/")
	assert.Equal(t, "true", eval[string](t, tb, long+`.querySelector('.wrap').getAttribute('aria-pressed')`), "the choice survives a reload")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("docproof-wrap")`)))
}

const selectedTabs = `[...document.querySelectorAll('.tablist')].map(l => l.querySelector('[aria-selected=true]').textContent)`

func testTabsKeyboard(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("docproof-tabs")`)))
	tb.open(t, "/")
	const group = `document.querySelector('.tabs')`
	assert.Equal(t, []string{"curl", "HTTP", "GraphQL"}, eval[[]string](t, tb, `[...`+group+`.querySelectorAll('[role=tablist] > [role=tab]')].map(e => e.textContent)`))
	assert.Equal(t, []string{"curl", "curl"}, eval[[]string](t, tb, selectedTabs), "the first tab is chosen at first")
	const state = `[...` + group + `.querySelectorAll('[role=tab]')].map(t => t.tabIndex + (document.getElementById(t.getAttribute('aria-controls')).hidden ? "h" : "v"))`
	assert.Equal(t, []string{"0v", "-1h", "-1h"}, eval[[]string](t, tb, state), "one tab in the tab order, one panel shown")
	assert.Equal(t, "none", eval[string](t, tb, `getComputedStyle(`+group+`.querySelector('.tab-label')).display`), "labels hide once the tab list shows")

	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Focus(chromedp.CSS(`.tabs [role=tab]`))))
	steps := []struct {
		key   string
		focus string
		state []string
	}{
		{kb.ArrowRight, "HTTP", []string{"-1h", "0v", "-1h"}},
		{kb.ArrowRight, "GraphQL", []string{"-1h", "-1h", "0v"}},
		{kb.ArrowRight, "curl", []string{"0v", "-1h", "-1h"}},
		{kb.ArrowLeft, "GraphQL", []string{"-1h", "-1h", "0v"}},
		{kb.Home, "curl", []string{"0v", "-1h", "-1h"}},
		{kb.End, "GraphQL", []string{"-1h", "-1h", "0v"}},
	}
	for _, s := range steps {
		tb.key(t, s.key)
		waitTrue(t, tb, `document.activeElement.getAttribute('role') === 'tab' && document.activeElement.textContent === `+jsString(s.focus))
		assert.Equal(t, s.state, eval[[]string](t, tb, state), "after %q", s.key)
	}
	tb.key(t, kb.Tab)
	assert.True(t, eval[bool](t, tb, `document.activeElement.closest('[role=tabpanel]') !== null`), "Tab leaves the tab list for the shown panel")
	assert.Equal(t, "tabpanel", eval[string](t, tb, `document.getElementById(document.querySelector('.tabs [aria-selected=true]').getAttribute('aria-controls')).getAttribute('role')`))
}

func testTabsRemembered(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("docproof-tabs")`)))
	tb.open(t, "/other/")
	assert.Equal(t, []string{"HTTP"}, eval[[]string](t, tb, selectedTabs), "nothing remembered: the group's first tab")
	tb.open(t, "/")
	clickTab(t, tb, 0, 2)
	waitTrue(t, tb, `document.querySelector('.tabs [aria-selected=true]').textContent === "GraphQL"`)
	assert.Equal(t, []string{"GraphQL", "curl"}, eval[[]string](t, tb, selectedTabs), "a group without the label keeps its tab")
	clickTab(t, tb, 1, 1)
	waitTrue(t, tb, `document.querySelectorAll('.tabs [aria-selected=true]')[1].textContent === "HTTP"`)
	assert.Equal(t, []string{"HTTP", "HTTP"}, eval[[]string](t, tb, selectedTabs), "the other group on the page follows")

	tb.open(t, "/other/")
	assert.Equal(t, []string{"HTTP"}, eval[[]string](t, tb, selectedTabs))
	clickTab(t, tb, 0, 1)
	tb.open(t, "/")
	assert.Equal(t, []string{"curl", "curl"}, eval[[]string](t, tb, selectedTabs), "the choice made on another page holds here")

	other := openTab(t, b, base) // another browser tab follows a choice made here
	other.open(t, "/")
	clickTab(t, tb, 0, 1)
	waitTrue(t, other, `document.querySelector('.tabs [aria-selected=true]').textContent === "HTTP"`)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("docproof-tabs")`)))
}

func testTabsWithoutJavaScript(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS("footer"))))
	js := func(expr string) string {
		v, err := chromedp.Run(tb.ctx, chromedp.EvaluateAsDevTools[string](expr))
		require.NoError(t, err)
		return v
	}
	assert.Equal(t, "0", js(`String(document.querySelectorAll('[role=tablist]').length)`))
	assert.Equal(t, "5", js(`String([...document.querySelectorAll('.tab-panel')].filter(p => p.offsetHeight > 0).length)`), "every panel shows")
	assert.Equal(t, "curl,HTTP,GraphQL,curl,HTTP", js(`[...document.querySelectorAll('.tab-label')].filter(l => l.offsetHeight > 0).map(l => l.textContent).join()`))
}

func testReadersAxe(t *testing.T, b context.Context, base string) {
	src := axeSource(t)
	for _, scheme := range []string{"light", "dark"} {
		tb := openTab(t, b, base)
		tb.colorScheme(t, scheme)
		for _, p := range []string{"/", "/other/"} {
			tb.open(t, p)
			for _, v := range runAxe(t, tb, src) {
				assert.False(t, blocking[v.Impact], "%s (%s): %s %s: %s %v", p, scheme, v.Impact, v.ID, v.Help, v.Nodes)
			}
		}
		tb.open(t, "/")
		tb.screenshot(t, "readers-"+scheme)
	}
}

// clickTab clicks the tab-th tab of the group-th tab group on the page.
func clickTab(t *testing.T, tb *tab, group, tab int) {
	t.Helper()
	sel := fmt.Sprintf(`document.querySelectorAll('.tabs')[%d].querySelectorAll('[role=tab]')[%d]`, group, tab)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](sel+`.click()`)))
}

func testOneContentsList(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	const shown = `[".prose nav.toc", ".page-toc"].filter(s => getComputedStyle(document.querySelector(s)).display !== "none")`
	for _, w := range []struct {
		width int64
		want  string
	}{{1400, ".page-toc"}, {1000, ".prose nav.toc"}, {375, ".prose nav.toc"}} {
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(w.width, 800)))
		tb.open(t, "/other/")
		assert.Equal(t, []string{w.want}, eval[[]string](t, tb, shown), "at %dpx", w.width)
	}
}
