package serve

import (
	"context"
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
)

// guidePage is a long page (so it can scroll) with a verified sample. The
// sample's fence is on line guideSampleLine.
func guidePage(marker string, count int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Guide\n---\n\n# Guide\n\nMarker: %s\n\n", marker)
	b.WriteString("```bash {sample=count-tokens}\n" +
		"curl -sS -X POST \"$BUILDKITE_GRAPHQL_ENDPOINT\" \\\n" +
		"  -H \"Authorization: Bearer $BUILDKITE_API_TOKEN\" \\\n" +
		"  -H \"Content-Type: application/json\" \\\n" +
		"  -d '{\"query\": \"query($slug: ID) { organization(slug: $slug) { agentTokens(first: 50) { count } } }\", " +
		"\"variables\": {\"slug\": \"'\"$BUILDKITE_ORGANIZATION_SLUG\"'\"}}'\n```\n\n")
	fmt.Fprintf(&b, "```json {response}\n{\"data\": {\"organization\": {\"agentTokens\": {\"count\": %d}}}}\n```\n\n", count)
	for i := range 120 {
		fmt.Fprintf(&b, "Paragraph %d: the agent registers with its registration token and receives an access token.\n\n", i)
	}
	return b.String()
}

const guideSampleLine = 9

// TestBrowserLivePreview drives headless Chromium against `docproof serve`
// with the real generator: an edit shows up without a manual reload and
// keeps the scroll position; a drifted sample shows the overlay with its
// file:line and diff over the last good page; fixing it removes the overlay.
func TestBrowserLivePreview(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	guide := filepath.Join(content, "guide.md")
	writeFile(t, filepath.Join(content, "index.md"), "# Home\n\nSee the [guide](guide.md).\n")
	writeFile(t, guide, guidePage("alpha", 1))
	writeFile(t, filepath.Join(dir, "docproof.yaml"), "title: Live preview test\n")

	s, err := New(Options{Config: generator.Config{ContentDir: content, SiteFile: filepath.Join(dir, "docproof.yaml"), Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}}})
	require.NoError(t, err)
	defer s.Close()
	ctx, cancel := context.WithCancel(t.Context())
	ready := make(chan struct{})
	runDone := make(chan error, 1)
	go func() { runDone <- s.Run(ctx, ready) }()
	defer func() { cancel(); require.NoError(t, <-runDone) }()
	<-ready
	require.True(t, s.Rebuild(ctx).OK, "%+v", s.Status().Problems)
	require.Equal(t, 1, s.Status().Verified, "the guide's sample ran against the mock")
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	defer s.Close() // ends the event streams first, so srv.Close does not wait for them

	bctx := newBrowser(t)
	require.NoError(t, chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/guide/")))
	waitJS(t, bctx, `document.body.innerText.includes("Marker: alpha")`)

	// Scroll down; the client saves the position.
	require.NoError(t, chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 1500)`)))
	waitJS(t, bctx, `(JSON.parse(sessionStorage.getItem("docproof:scroll:/guide/") || "{}").y === 1500)`)
	// A value only this document has: it is gone after a reload.
	require.NoError(t, chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`window.docproofTestMark = 1`)))

	// Edit the Markdown: the new text appears with no manual reload.
	writeFile(t, guide, guidePage("bravo", 1))
	waitJS(t, bctx, `document.body.innerText.includes("Marker: bravo")`)
	mark, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.docproofTestMark === 1`))
	require.NoError(t, err)
	assert.False(t, mark, "the client reloaded the page")
	waitJS(t, bctx, `window.scrollY === 1500`)

	// Break the sample: the overlay shows file:line and the diff; the page
	// underneath is still the last good build.
	writeFile(t, guide, guidePage("charlie", 3))
	waitJS(t, bctx, `(() => { const d = document.getElementById("docproof-overlay"); return !!d && d.open; })()`)
	type overlay struct {
		Role, Labelled, Title, Text string
		Modal                       bool
	}
	ov, err := chromedp.Run(bctx, chromedp.Evaluate[overlay](`(() => {
		const d = document.getElementById("docproof-overlay");
		return {role: d.getAttribute("role"), labelled: d.getAttribute("aria-labelledby"),
			title: document.getElementById(d.getAttribute("aria-labelledby")).textContent,
			text: d.innerText, modal: d.matches(":modal")};
	})()`))
	require.NoError(t, err)
	pos := fmt.Sprintf("content/guide.md:%d", guideSampleLine)
	assert.Contains(t, ov.Text, pos)
	assert.Contains(t, ov.Text, "count-tokens")
	assert.Contains(t, ov.Text, "- documented:        3")
	assert.Contains(t, ov.Text, "+ the mock answered: 1")
	assert.Equal(t, "alertdialog", ov.Role)
	assert.Equal(t, "Build failed: 1 problem", ov.Title)
	assert.True(t, ov.Modal, "the overlay is a modal dialog")
	body, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector("main, body").innerText`))
	require.NoError(t, err)
	assert.Contains(t, body, "Marker: bravo", "the last good build stays served")
	assert.NotContains(t, body, "Marker: charlie")
	if path := os.Getenv("DOCPROOF_SCREENSHOT"); path != "" {
		shot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, shot, 0o644))
	}

	// Fix it: the overlay goes away by itself and the fixed page shows.
	writeFile(t, guide, guidePage("delta", 1))
	waitJS(t, bctx, `document.body.innerText.includes("Marker: delta") && !document.getElementById("docproof-overlay")`)
	waitJS(t, bctx, `window.scrollY === 1500`)
}

// newBrowser starts headless Chromium with a fresh profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 768),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	require.NoError(t, chromedp.Do(bctx), "start chromium")
	return bctx
}

// waitJS waits until expr is true in the page. A reload destroys a running
// poll, so it polls again until the deadline, which only a broken feature
// reaches.
func waitJS(t *testing.T, bctx context.Context, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithDeadline(bctx, deadline)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(20*time.Millisecond),
			chromedp.WithPollingTimeout(time.Until(deadline))))
		cancel()
		if err == nil {
			return
		}
		lastErr = err
	}
	t.Fatalf("waiting for %s: %v", expr, lastErr)
}
