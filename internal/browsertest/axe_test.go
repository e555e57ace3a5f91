package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// axeVersion is the axe-core release scripts/test-deps.sh installs.
const axeVersion = "4.14.1"

// axeSource reads axe.min.js: $DOCPROOF_AXE, else the copy test-deps.sh
// installs. A missing file is a failure that says how to install it.
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv("DOCPROOF_AXE")
	if p == "" {
		home, err := os.UserHomeDir()
		require.NoError(t, err)
		p = filepath.Join(home, ".cache", "docproof", "axe-core-"+axeVersion, "axe.min.js")
	}
	src, err := os.ReadFile(p)
	require.NoError(t, err, "axe-core %s is not installed: run scripts/test-deps.sh (or `make test`, which runs it)", axeVersion)
	return string(src)
}

// axeViolation is one axe rule that fails on a page, with the nodes it
// fails on.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// runAxe injects axe-core into the page open in tb (no request: the source
// is evaluated) and returns its violations of the WCAG 2.x A/AA rules and
// axe's best practices.
func runAxe(t *testing.T, tb *tab, src string) []axeViolation {
	t.Helper()
	if !eval[bool](t, tb, `typeof window.axe === "object"`) {
		require.NoError(t, chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](src)))
	}
	return eval[[]axeViolation](t, tb, `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => n.target.join(" ") + "  " + n.html.slice(0, 120))})))`)
}

// blocking are the impacts that fail the audit.
var blocking = map[string]bool{"serious": true, "critical": true}

// TestAxe builds the repository's content/ and audits every page with
// axe-core in the light and dark themes, at desktop and phone widths. A
// serious or critical violation fails the test; every violation is counted
// in the log ("axe: …" lines, by impact and rule).
func TestAxe(t *testing.T) {
	src := axeSource(t)
	root := repoRoot(t)
	dir := buildSite(t, filepath.Join(root, "content"), filepath.Join(root, "docproof.yaml"))
	srv := serve(t, dir)
	b := newBrowser(t)
	paths := sitePaths(t, dir)
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []struct {
			name string
			w, h int64
			opts []chromedp.EmulateViewportOption
		}{{"desktop", 1280, 800, nil}, {"phone", 375, 740, []chromedp.EmulateViewportOption{chromedp.EmulateMobile}}} {
			t.Run(scheme+"/"+width.name, func(t *testing.T) {
				counts := map[string]int{}
				for _, p := range paths {
					t.Run(p, func(t *testing.T) { // a tab per page: a tab's deadline covers a few pages under load, not all
						tb := openTab(t, b, srv.URL)
						tb.colorScheme(t, scheme)
						require.NoError(t, chromedp.Do(tb.ctx, chromedp.EmulateViewport(width.w, width.h, width.opts...)))
						tb.open(t, p)
						for _, v := range runAxe(t, tb, src) {
							counts[v.Impact+" "+v.ID] += len(v.Nodes)
							assert.False(t, blocking[v.Impact], "%s (%s %s): %s %s: %s\n  %s", p, scheme, width.name,
								v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n  "))
						}
					})
				}
				t.Logf("axe: %s %s, %d pages: %s", scheme, width.name, len(paths), countsText(counts))
			})
		}
	}
}

// countsText writes counts as "minor empty-table-header 12, …", or "none".
func countsText(counts map[string]int) string {
	if len(counts) == 0 {
		return "no violations"
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, counts[k])
	}
	return strings.Join(parts, ", ")
}
