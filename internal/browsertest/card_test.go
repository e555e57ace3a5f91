package browsertest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testSampleCard drives the joined card of the fixture's register sample:
// its copy button copies the request only, and each placeholder of its
// response shows this build's value as a chip whose accessible name is the
// value and whose description (the tooltip) says that it varies.
func testSampleCard(t *testing.T, b context.Context, base string) {
	tb := openTab(t, b, base)
	grantClipboard(t, tb, base)
	tb.open(t, "/tokens/")
	card := `document.querySelector('.codeblock[data-sample="fixture-register"]').parentElement`
	assert.Equal(t, "sample-card", eval[string](t, tb, card+`.className`))
	assert.Equal(t, 2, eval[int](t, tb, card+`.querySelectorAll(":scope > .codeblock").length`), "request and response in one card")
	assert.Equal(t, "", eval[string](t, tb, card+`.children[1].getAttribute("data-response")`), "the response comes second")
	assert.Regexp(t, `^verified: status 200 and \d+ fields? matched$`, eval[string](t, tb, card+`.querySelector(".verified").getAttribute("aria-label")`))

	require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](card+`.querySelector(".copy").click()`)))
	waitTrue(t, tb, card+`.querySelector(".copy").textContent === "Copied"`)
	clip := eval[string](t, tb, `navigator.clipboard.readText()`)
	assert.Equal(t, fixtureCommand+"\n", clip, "the card's copy button copies the request only")
	assert.NotContains(t, clip, "access_token")

	type chip struct {
		Text, Title, Href string
	}
	var chips []chip
	raw := eval[string](t, tb, `JSON.stringify(Array.from(`+card+`.querySelectorAll(".ph")).map(a => ({text: a.textContent, title: a.title, href: a.getAttribute("href")})))`)
	require.NoError(t, json.Unmarshal([]byte(raw), &chips))
	require.Len(t, chips, 2, "one chip per placeholder: the agent id and its token")
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, chips[0].Text, "the UUID the mock returned")
	assert.Equal(t, "varies: any UUID; later samples use it as $AGENT_ID", chips[0].Title)
	assert.Equal(t, "bkaa_…", chips[1].Text, "a token is shown masked")
	assert.Contains(t, chips[1].Title, "varies: a token")
	assert.NotContains(t, eval[string](t, tb, `document.body.innerHTML`), "&lt;uuid:", "no raw placeholder on the page")

	// The accessibility tree: the chip is a link named by its value and
	// described by its tooltip.
	nodes, err := chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSS(`.codeblock[data-response] .ph`)))
	require.NoError(t, err)
	require.NotEmpty(t, nodes)
	no := false
	res, err := chromedp.Call(tb.ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{BackendNodeID: nodes[0].BackendNodeID, FetchRelatives: &no})
	require.NoError(t, err)
	ax := res.Nodes
	require.NotEmpty(t, ax)
	assert.Equal(t, "link", axString(ax[0].Role))
	assert.Equal(t, chips[0].Text, axString(ax[0].Name))
	assert.Equal(t, chips[0].Title, axString(ax[0].Description))

	// The chip leads to the legend, which explains the marks.
	tb.open(t, chips[0].Href)
	assert.Equal(t, "Reading the samples", eval[string](t, tb, `document.querySelector("h1").textContent`))
	assert.Contains(t, eval[string](t, tb, `document.querySelector("main").textContent`), "bkaa_…")
}

// grantClipboard lets the tab's page read and write the clipboard.
func grantClipboard(t *testing.T, tb *tab, base string) {
	t.Helper()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(tb.ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
			Setting:    browser.PermissionSettingGranted, Origin: base,
		})
		require.NoError(t, err)
	}
}

// axString is the text of an accessibility value ("" when absent).
func axString(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	var s string
	_ = json.Unmarshal(v.Value, &s)
	return s
}
