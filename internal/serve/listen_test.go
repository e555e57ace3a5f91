package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
)

// TestListenAndServe runs the whole command in-process: it prints the URL,
// serves the site on loopback, rebuilds on a save, and returns cleanly when
// its context is cancelled (Ctrl-C), even with an event stream open.
func TestListenAndServe(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	writeFile(t, filepath.Join(content, "index.md"), "hello")
	logR, logW := io.Pipe()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- ListenAndServe(ctx, "127.0.0.1:0", Options{Config: generator.Config{ContentDir: content}, Build: fakeBuild, Log: logW})
		_ = logW.Close()
	}()
	lines := bufio.NewScanner(logR)
	var url string
	for url == "" && lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "serving "); ok {
			url = strings.Fields(rest)[0]
		}
	}
	require.True(t, strings.HasPrefix(url, "http://127.0.0.1:"), url)
	go func() { _, _ = io.Copy(io.Discard, logR) }()

	// The URL is printed before the first build: until it is done, pages
	// are the placeholder. Its status event says when it is.
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url+"_docproof/events", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	events := bufio.NewReader(resp.Body)
	for st := readEvent(t, events); st.Version < 1; st = readEvent(t, events) {
	}
	code, body := httpGet(t, url)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, string(body), "hello")

	writeFile(t, filepath.Join(content, "index.md"), "hello again")
	st := readEvent(t, events)
	assert.True(t, st.OK)
	assert.Equal(t, 2, st.Version)
	_, body = httpGet(t, url)
	assert.Contains(t, string(body), "hello again")

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("ListenAndServe did not return after cancel")
	}
	_, err = net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/"))
	assert.Error(t, err, "the port is closed after shutdown")
}

func TestListenAndServeErrors(t *testing.T) {
	err := ListenAndServe(t.Context(), "not-an-addr", Options{Build: fakeBuild})
	require.ErrorContains(t, err, "want HOST:PORT")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	content := filepath.Join(t.TempDir(), "content")
	require.NoError(t, os.MkdirAll(content, 0o755))
	err = ListenAndServe(t.Context(), ln.Addr().String(), Options{Config: generator.Config{ContentDir: content}, Build: fakeBuild})
	require.ErrorContains(t, err, "address already in use")
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "localhost": true, "::1": true, "127.1.2.3": true,
		"": false, "0.0.0.0": false, "::": false, "192.168.1.2": false, "docs.local": false,
	} {
		assert.Equal(t, want, isLoopbackHost(host), host)
	}
}

func TestURL(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:1313": "http://127.0.0.1:1313/",
		"0.0.0.0:8080":   "http://127.0.0.1:8080/",
		"[::1]:1313":     "http://[::1]:1313/",
	} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		require.NoError(t, err)
		assert.Equal(t, want, URL(a), addr)
	}
}
