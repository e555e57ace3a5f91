package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ctrlK presses Control+K (modifier 2) as a keyboard does.
func (tb *tab) ctrlK(t *testing.T) {
	t.Helper()
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeRawKeyDown, Key: "k", Code: "KeyK",
		WindowsVirtualKeyCode: 75, Modifiers: 2} // Ctrl
	up := down
	up.Type = input.DispatchKeyEventTypeKeyUp
	for _, ev := range []input.DispatchKeyEventParams{down, up} {
		_, err := chromedp.Call(tb.ctx, input.DispatchKeyEvent, ev)
		require.NoError(t, err)
	}
}

func testSearchGroups(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	tb.open(t, "/tokens/")
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Focus(chromedp.CSS(".codeblock .copy"))))
	tb.ctrlK(t)
	waitTrue(t, tb, `document.activeElement.id === "search-input"`)
	assert.Equal(t, "/ Control+K Meta+K", eval[string](t, tb, `document.activeElement.getAttribute("aria-keyshortcuts")`))

	tb.key(t, "token")
	waitTrue(t, tb, `document.getElementById("search-results").getAttribute("data-query") === "token"`)
	groups := eval[[]string](t, tb, `[...document.querySelectorAll("#search-results > [role=group]")].map(g => g.getAttribute("aria-label"))`)
	require.NotEmpty(t, groups)
	assert.Equal(t, len(groups), len(uniq(groups)), "each page is one group")
	assert.Equal(t, groups, eval[[]string](t, tb, `[...document.querySelectorAll("#search-results .sr-page")].map(h => h.textContent)`),
		"each group shows its page's title")
	assert.Zero(t, eval[int](t, tb, `[...document.querySelectorAll("#search-results [role=group] > :not(.sr-page)")].filter(e => e.getAttribute("role") !== "option").length`),
		"a group holds only options (and its hidden title)")
	assert.Contains(t, eval[string](t, tb, `document.getElementById("search-status").textContent`), " pages")

	// More results than the list shows: "Show all" lists the rest.
	tb.key(t, kb.Escape)
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById("search-input"); i.value = ""; i.focus(); })()`)))
	tb.key(t, "filler")
	waitTrue(t, tb, `document.getElementById("search-results").getAttribute("data-query") === "filler"`)
	assert.Equal(t, 20, eval[int](t, tb, `document.querySelectorAll("#search-results .sr:not(.sr-more)").length`))
	assert.Equal(t, "Show all 30 results", eval[string](t, tb, `document.querySelector("#search-results .sr-more").textContent`))
	for range 21 {
		tb.key(t, kb.ArrowDown)
	}
	assert.Equal(t, "sr-20", eval[string](t, tb, `document.getElementById("search-input").getAttribute("aria-activedescendant")`))
	tb.key(t, kb.Enter)
	waitTrue(t, tb, `document.querySelectorAll("#search-results .sr").length === 30`)
	assert.Zero(t, eval[int](t, tb, `document.querySelectorAll("#search-results .sr-more").length`))
	assert.Equal(t, "sr-20", eval[string](t, tb, `document.getElementById("search-input").getAttribute("aria-activedescendant")`), "the choice stays where it was")
	assert.Equal(t, "/tokens/", eval[string](t, tb, `location.pathname`), "Show all does not navigate")
}

func uniq(ss []string) []string {
	seen, out := map[string]bool{}, []string{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
