package browsertest

import (
	"context"
	"errors"
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
)

// chromiumPath finds Debian's chromium. The test never skips: a missing
// browser is a failure that says how to install it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium is not installed: run scripts/test-deps.sh (or `make test`, which runs it)")
	return ""
}

// repoRoot is the folder holding go.mod, found from the test's working dir.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, parent, dir, "no go.mod above the test directory")
		dir = parent
	}
}

// artifactsDir is where screenshots go: $DOCPROOF_ARTIFACTS, else
// testdata-out/screenshots at the repository root (git-ignored).
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DOCPROOF_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(repoRoot(t), "testdata-out", "screenshots")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// buildSite builds contentDir with site config siteFile into a temp dir.
func buildSite(t *testing.T, contentDir, siteFile string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err := generator.Build(ctx, generator.Config{ContentDir: contentDir, SiteFile: siteFile, OutDir: out, Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}})
	require.NoError(t, err, "building %s", contentDir)
	return out
}

// serve serves a built site on 127.0.0.1, answering unknown paths with the
// site's 404.html and status 404, as a static host does.
func serve(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(siteHandler(dir))
	t.Cleanup(srv.Close)
	return srv
}

// siteHandler answers requests from a built site in dir the way a static
// host does: folders serve their index.html, unknown paths the site's
// 404.html with status 404.
func siteHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			p = filepath.Join(p, "index.html")
		}
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			page, _ := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write(page)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// newBrowser starts one headless chromium for the whole test, with the
// flags the project requires and a fresh profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	require.NoError(t, chromedp.Do(ctx), "starting chromium")
	return ctx
}

// recorder collects what must never happen on a page: console errors,
// uncaught exceptions, browser log errors and requests leaving the site.
type recorder struct {
	origin string

	mu       sync.Mutex
	expected []string // problems containing one of these are expected (a deliberate 404)
	problems []string
	requests []string
}

// expect tells the recorder that problems mentioning s are deliberate.
func (r *recorder) expect(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.expected = append(r.expected, s)
}

func (r *recorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.problems)
	defer func() {
		if len(r.problems) > n {
			for _, s := range r.expected {
				if strings.Contains(r.problems[n], s) {
					r.problems = r.problems[:n]
					return
				}
			}
		}
	}()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			r.problems = append(r.problems, "console."+string(ev.Type)+": "+consoleText(ev))
		}
	case *runtime.EventExceptionThrown:
		r.problems = append(r.problems, "uncaught exception: "+exceptionText(ev.ExceptionDetails))
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError {
			r.problems = append(r.problems, fmt.Sprintf("browser log: %s %s", ev.Entry.Text, ev.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		r.requests = append(r.requests, u)
		if !strings.HasPrefix(u, r.origin+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "about:") {
			r.problems = append(r.problems, "off-site request: "+u)
		}
	}
}

func consoleText(ev *runtime.EventConsoleAPICalled) string {
	var parts []string
	for _, a := range ev.Args {
		if a.Description != "" {
			parts = append(parts, a.Description)
		} else {
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "?"
	}
	if d.Exception != nil && d.Exception.Description != "" {
		return d.Exception.Description
	}
	return d.Text
}

// requestsMatching returns the requested URLs that contain s.
func (r *recorder) requestsMatching(s string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, u := range r.requests {
		if strings.Contains(u, s) {
			out = append(out, u)
		}
	}
	return out
}

// check fails the test for every problem seen so far.
func (r *recorder) check(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	require.Empty(t, r.problems, "the pages must log no errors and request nothing off-site")
}

// tab is one browser tab on a served site.
type tab struct {
	ctx  context.Context
	base string
	rec  *recorder
}

// openTab opens a new tab that records events from its first moment. The
// tab is closed, and its recorder checked, when the (sub)test ends.
func openTab(t *testing.T, browser context.Context, base string) *tab {
	t.Helper()
	rec := &recorder{origin: base}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithListener(rec.listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	require.NoError(t, chromedp.Do(ctx))
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	require.NoError(t, err)
	_, err = chromedp.Call(ctx, cdplog.Enable, cdp.Empty{})
	require.NoError(t, err)
	_, err = chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	require.NoError(t, err)
	t.Cleanup(func() { rec.check(t) })
	return &tab{ctx: ctx, base: base, rec: rec}
}

// colorScheme makes the page see the given system preference ("light" or "dark").
func (tb *tab) colorScheme(t *testing.T, scheme string) {
	t.Helper()
	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	require.NoError(t, err)
}

// open navigates to a site path and waits for the page's scripts to run.
func (tb *tab) open(t *testing.T, p string) {
	t.Helper()
	require.NoError(t, chromedp.Do(tb.ctx,
		chromedp.Navigate(tb.base+p),
		chromedp.WaitReady(chromedp.CSS("body")),
	))
	waitTrue(t, tb, `document.readyState === "complete"`)
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, tb *tab, js string) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	require.NoError(t, err, "evaluating %s", js)
	return v
}

// waitTrue polls a JavaScript condition until it holds. Errors while the
// page navigates (the JavaScript context is replaced) are retried.
func waitTrue(t *testing.T, tb *tab, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		last = err
		select {
		case <-tb.ctx.Done():
			t.Fatalf("waiting for %s: %v", cond, tb.ctx.Err())
		case <-tick.C:
		}
	}
	t.Fatalf("waiting for %s: still false after 10s (last error: %v)", cond, last)
}

// key sends one key press (kb constants or plain text) to the focused element.
func (tb *tab) key(t *testing.T, keys string) {
	t.Helper()
	require.NoError(t, chromedp.Do(tb.ctx, chromedp.KeyEvent(keys)))
}

// slash presses "/" the way a keyboard does: one keyDown carrying the text,
// so a page that prevents the keydown's default gets no character (kb's
// separate char event would type it regardless).
func (tb *tab) slash(t *testing.T) {
	t.Helper()
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "/", Code: "Slash",
		WindowsVirtualKeyCode: 191, Text: "/", UnmodifiedText: "/"}
	up := down
	up.Type, up.Text, up.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
	for _, ev := range []input.DispatchKeyEventParams{down, up} {
		_, err := chromedp.Call(tb.ctx, input.DispatchKeyEvent, ev)
		require.NoError(t, err)
	}
}

// screenshot writes a full-page PNG into the artifacts dir.
func (tb *tab) screenshot(t *testing.T, name string) {
	t.Helper()
	tb.savePNG(t, name, chromedp.FullScreenshot(100))
}

// screenshotViewport writes a PNG of what the viewport shows.
func (tb *tab) screenshotViewport(t *testing.T, name string) {
	t.Helper()
	tb.savePNG(t, name, chromedp.CaptureScreenshot())
}

func (tb *tab) savePNG(t *testing.T, name string, shot chromedp.Action[[]byte]) {
	t.Helper()
	png, err := chromedp.Run(tb.ctx, shot)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(artifactsDir(t), name+".png"), png, 0o644))
}
