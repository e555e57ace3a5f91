package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
)

// newTestServer makes a Server over a fresh content tree built by fakeBuild.
func newTestServer(t *testing.T, files map[string]string) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	for name, body := range files {
		writeFile(t, filepath.Join(content, name), body)
	}
	require.NoError(t, os.MkdirAll(content, 0o755))
	s, err := New(Options{Config: generator.Config{ContentDir: content}, Build: fakeBuild})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s, content
}

func writeFile(t testing.TB, path, body string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
}

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Host = "127.0.0.1:1313"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestRebuildKeepsLastGoodSite(t *testing.T) {
	s, content := newTestServer(t, map[string]string{"index.md": "home", "a.md": "first text"})
	h := s.Handler()

	st := s.Rebuild(t.Context())
	require.True(t, st.OK, "%+v", st.Problems)
	assert.Equal(t, 1, st.Version)
	w := get(t, h, "/a/")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "first text")
	assert.Contains(t, w.Body.String(), clientTag(s.site(1))+"</body>")
	assert.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))

	writeFile(t, filepath.Join(content, "a.md"), "second text\nBROKEN here\n")
	st = s.Rebuild(t.Context())
	require.False(t, st.OK)
	assert.Equal(t, 1, st.Version, "a failed build does not change the served version")
	require.Len(t, st.Problems, 1)
	p := st.Problems[0]
	assert.Equal(t, "content/a.md:2", p.Pos)
	assert.Equal(t, "content/a.md", p.File)
	assert.Equal(t, 2, p.Line)
	assert.Equal(t, "broken link", p.Message)
	assert.Equal(t, "s1", p.SampleID)
	assert.Contains(t, p.Diff, "- want")
	w = get(t, h, "/a/")
	assert.Contains(t, w.Body.String(), "first text", "the last good site stays served")
	assert.NotContains(t, w.Body.String(), "second text")

	writeFile(t, filepath.Join(content, "a.md"), "third text\n")
	st = s.Rebuild(t.Context())
	require.True(t, st.OK)
	assert.Equal(t, 2, st.Version)
	assert.Empty(t, st.Problems)
	w = get(t, h, "/a/")
	assert.Contains(t, w.Body.String(), "third text")
	assert.Contains(t, w.Body.String(), clientTag(s.site(2)))

	site := s.Site()
	require.NotNil(t, site)
	data, err := fs.ReadFile(site, "a/index.html")
	require.NoError(t, err)
	assert.Contains(t, string(data), "third text")
	assert.NotContains(t, string(data), "_docproof", "the site itself never holds the client")
}

func TestBuildPanicIsAFailedBuild(t *testing.T) {
	s, _ := newTestServer(t, map[string]string{"index.md": "home"})
	require.True(t, s.Rebuild(t.Context()).OK)
	s.opts.Build = func(context.Context, generator.Config) (*generator.Result, error) { panic("boom") }
	st := s.Rebuild(t.Context())
	require.False(t, st.OK)
	require.Len(t, st.Problems, 1)
	assert.Contains(t, st.Problems[0].Message, "boom")
	assert.Contains(t, get(t, s.Handler(), "/").Body.String(), "home", "the last good site stays served")
}

// TestFailedBuildRacingAChangeIsNotShown: a build that fails while another
// change arrives (it may have read a save half done) neither replaces the
// status nor reaches browsers; the build that change triggers reports.
func TestFailedBuildRacingAChangeIsNotShown(t *testing.T) {
	s, content := newTestServer(t, map[string]string{"index.md": "home"})
	require.True(t, s.Rebuild(t.Context()).OK)
	updates, stop := s.Subscribe()
	defer stop()
	<-updates // the current status

	writeFile(t, filepath.Join(content, "index.md"), "half a save: BROKEN")
	s.opts.Build = func(ctx context.Context, cfg generator.Config) (*generator.Result, error) {
		s.changes.Add(1) // what Run does when the rest of the save arrives
		return fakeBuild(ctx, cfg)
	}
	st := s.Rebuild(t.Context())
	assert.True(t, st.OK, "the status is still the last one")
	assert.Equal(t, 1, st.Build)
	assert.Empty(t, updates, "nothing pushed to browsers")

	s.opts.Build = fakeBuild // no change meanwhile: the failure is reported
	st = s.Rebuild(t.Context())
	assert.False(t, st.OK)
	assert.Equal(t, 3, st.Build)
	assert.False(t, (<-updates).OK)

	// A good build racing a change is served at once.
	writeFile(t, filepath.Join(content, "index.md"), "fixed")
	s.opts.Build = func(ctx context.Context, cfg generator.Config) (*generator.Result, error) {
		s.changes.Add(1)
		return fakeBuild(ctx, cfg)
	}
	st = s.Rebuild(t.Context())
	assert.True(t, st.OK)
	assert.Equal(t, 2, st.Version)
	assert.Contains(t, get(t, s.Handler(), "/").Body.String(), "fixed")
}

func TestPlaceholderBeforeFirstGoodBuild(t *testing.T) {
	s, _ := newTestServer(t, map[string]string{"index.md": "BROKEN"})
	st := s.Rebuild(t.Context())
	require.False(t, st.OK)
	w := get(t, s.Handler(), "/")
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.Contains(t, w.Body.String(), "No successful build yet")
	assert.Contains(t, w.Body.String(), clientTag(s.site(0)))
}

func TestServeFiles(t *testing.T) {
	s, _ := newTestServer(t, map[string]string{"index.md": "home", "agent/tokens.md": "tokens", "logo.svg": "<svg/>",
		"data.json": `{"a":1}`})
	require.True(t, s.Rebuild(t.Context()).OK)
	h := s.Handler()
	tests := []struct {
		target   string
		code     int
		contains string
		location string
	}{
		{"/", 200, "home", ""},
		{"/index.html", 200, "home", ""},
		{"/agent/tokens/", 200, "tokens", ""},
		{"/agent/tokens/index.html", 200, "tokens", ""},
		{"/agent/tokens", 301, "", "/agent/tokens/"},
		{"/agent/tokens?x=1", 301, "", "/agent/tokens/?x=1"},
		{"/logo.svg", 200, "<svg/>", ""},
		{"/data.json", 200, `{"a":1}`, ""},
		{"/missing/", 404, clientTag(s.site(1)), ""},
		{"/_docproof/client.js", 200, "EventSource", ""},
		{"/_docproof/client.css", 200, ".docproof-overlay", ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := get(t, h, tt.target)
			assert.Equal(t, tt.code, w.Code)
			assert.Contains(t, w.Body.String(), tt.contains)
			assert.Equal(t, tt.location, w.Header().Get("Location"))
		})
	}
	assert.Equal(t, "image/svg+xml", get(t, h, "/logo.svg").Header().Get("Content-Type"))
	assert.NotContains(t, get(t, h, "/logo.svg").Body.String(), "_docproof", "only HTML gets the client")

	r := httptest.NewRequest(http.MethodPost, "/", nil)
	r.Host = "localhost"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
}

func TestHostGuard(t *testing.T) {
	s, _ := newTestServer(t, map[string]string{"index.md": "home"})
	require.True(t, s.Rebuild(t.Context()).OK)
	h := s.Handler()
	tests := []struct {
		host string
		code int
	}{
		{"127.0.0.1:1313", 200},
		{"127.0.0.1", 200},
		{"localhost:1313", 200},
		{"LOCALHOST", 200},
		{"[::1]:1313", 200},
		{"[::1]", 200},
		{"127.0.0.2:80", 200},
		{"evil.example:1313", 403},
		{"localhost.evil.example", 403},
		{"127.0.0.1.nip.io", 403},
		{"192.168.1.10:1313", 403},
		{"", 403},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			for _, target := range []string{"/", "/_docproof/events", "/_docproof/client.js"} {
				if target == "/_docproof/events" && tt.code == 200 {
					continue // a stream: covered by TestEvents
				}
				r := httptest.NewRequest(http.MethodGet, target, nil)
				r.Host = tt.host
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				assert.Equal(t, tt.code, w.Code, target)
			}
		})
	}
}

func TestHostGuardExplicitNonLoopback(t *testing.T) {
	s := &Server{opts: Options{AllowHosts: []string{"docs-box"}, AllowIPHosts: true}}
	assert.True(t, s.hostAllowed("docs-box:1313"))
	assert.True(t, s.hostAllowed("192.168.1.10:1313"))
	assert.False(t, s.hostAllowed("evil.example:1313"), "DNS names other than the bind name stay refused")
}

func TestInject(t *testing.T) {
	tag := clientTag("abc-7")
	tests := []struct{ in, want string }{
		{"<html><body><p>x</p></body></html>", "<html><body><p>x</p>" + tag + "</body></html>"},
		{"<HTML><BODY>x</BODY></HTML>", "<HTML><BODY>x" + tag + "</BODY></HTML>"},
		{"<p>no body</p>", "<p>no body</p>" + tag},
		{"<body><pre>&lt;/body&gt; </body></pre></body>", "<body><pre>&lt;/body&gt; </body></pre>" + tag + "</body>"},
		{"", tag},
		{"<body>x</BoDy>\n</html>", "<body>x" + tag + "</BoDy>\n</html>"},
		{"<body>x</p></body", "<body>x</p></body" + tag},
		{"</body></", "" + tag + "</body></"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(inject([]byte(tt.in), "abc-7")))
	}
}

// readEvent reads one SSE "status" event.
func readEvent(t *testing.T, r *bufio.Reader) Status {
	t.Helper()
	var event, data string
	for {
		line, err := r.ReadString('\n')
		require.NoError(t, err)
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && event != "":
			require.Equal(t, "status", event)
			var st Status
			require.NoError(t, json.Unmarshal([]byte(data), &st))
			return st
		}
	}
}

func TestEvents(t *testing.T) {
	s, content := newTestServer(t, map[string]string{"index.md": "home"})
	require.True(t, s.Rebuild(t.Context()).OK)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/_docproof/events", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	r := bufio.NewReader(resp.Body)

	st := readEvent(t, r)
	assert.True(t, st.OK)
	assert.Equal(t, 1, st.Version)

	writeFile(t, filepath.Join(content, "index.md"), "BROKEN")
	s.Rebuild(t.Context())
	st = readEvent(t, r)
	assert.False(t, st.OK)
	assert.Equal(t, 1, st.Version)
	require.Len(t, st.Problems, 1)
	assert.Equal(t, "content/index.md:1", st.Problems[0].Pos)

	writeFile(t, filepath.Join(content, "index.md"), "fixed")
	s.Rebuild(t.Context())
	st = readEvent(t, r)
	assert.True(t, st.OK)
	assert.Equal(t, 2, st.Version)
	assert.Empty(t, st.Problems)
	cancel()
	_, _ = io.Copy(io.Discard, resp.Body)
}

func TestBrokerKeepsOnlyLatest(t *testing.T) {
	b := newBroker()
	ch, stop := b.subscribe()
	defer stop()
	for v := 1; v <= 5; v++ {
		b.publish(Status{Version: v})
	}
	assert.Equal(t, 5, (<-ch).Version)
	assert.Empty(t, ch)
	ch2, stop2 := b.subscribe()
	defer stop2()
	assert.Equal(t, 5, (<-ch2).Version, "a new subscriber gets the current status first")
}

// TestProblemsRedacted: token values in diagnostics are redacted in the
// status (the overlay and the SSE stream) and in the terminal.
func TestProblemsRedacted(t *testing.T) {
	var log strings.Builder
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "content", "a.md"), "BROKEN")
	s, err := New(Options{Config: generator.Config{ContentDir: filepath.Join(dir, "content")}, Build: fakeBuild, Log: &log})
	require.NoError(t, err)
	defer s.Close()
	st := s.Rebuild(t.Context())
	require.Len(t, st.Problems, 1)
	data, err := json.Marshal(st)
	require.NoError(t, err)
	assert.NotContains(t, string(data), fakeToken)
	assert.Contains(t, st.Problems[0].Diff, "bkua_…")
	assert.NotContains(t, log.String(), fakeToken)
	assert.Contains(t, log.String(), "content/a.md:1: sample \"s1\": broken link")
	assert.Contains(t, log.String(), "    - want")
}
