package serve

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawGet sends a request line exactly as given, so no client cleans the path.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", target)
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// TestConfinement: nothing outside the build's output tree can be read, by
// traversal (raw or encoded) or through a symlink.
func TestConfinement(t *testing.T) {
	s, _ := newTestServer(t, map[string]string{"index.md": "home", "docs/page.md": "page"})
	require.True(t, s.Rebuild(t.Context()).OK)
	const secret = "TOP-SECRET-OUTSIDE"
	outside := filepath.Join(t.TempDir(), "outside")
	writeFile(t, filepath.Join(outside, "secret.txt"), secret)
	// A secret beside the site directory too: one ".." away.
	writeFile(t, filepath.Join(s.tmp, "secret.txt"), secret)
	site := s.SiteDir()
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(site, "link.txt")))
	require.NoError(t, os.Symlink(outside, filepath.Join(site, "linkdir")))
	require.NoError(t, os.Symlink("../secret.txt", filepath.Join(site, "rel.txt")))
	require.NoError(t, os.Symlink("index.html", filepath.Join(site, "inside.html")))

	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	refused := []string{
		"/../secret.txt",
		"/docs/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/..%2fsecret.txt",
		"/docs%2f..%2f..%2fsecret.txt",
		"/..%5csecret.txt",
		"/..\\secret.txt",
		"/docs\\..\\..\\secret.txt",
		"/.%2e/secret.txt",
		"/./index.html",
		"//secret.txt",
		"/link.txt",
		"/linkdir/secret.txt",
		"/rel.txt",
		"/%00",
		filepath.Join(outside, "secret.txt"),
	}
	for _, target := range refused {
		t.Run(target, func(t *testing.T) {
			code, body := rawGet(t, addr, target)
			assert.NotEqual(t, http.StatusOK, code)
			assert.NotContains(t, body, secret)
		})
	}
	code, body := rawGet(t, addr, "/inside.html")
	assert.Equal(t, http.StatusOK, code, "a symlink inside the site still works")
	assert.Contains(t, body, "home")
}

func TestSitePath(t *testing.T) {
	tests := []struct {
		target string
		want   string
		ok     bool
	}{
		{"/", "index.html", true},
		{"/a/b/", "a/b/index.html", true},
		{"/a/b", "a/b", true},
		{"/assets/site.1234.css", "assets/site.1234.css", true},
		{"/with%20space/", "with space/index.html", true},
		{"/a/../b", "", false},
		{"/a/./b", "", false},
		{"/a//b", "", false},
		{"/%2e%2e/x", "", false},
		{"/a%2fb", "", false},
		{"/a%5cb", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			r := httptestRequest(tt.target)
			got, ok := sitePath(r)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func httptestRequest(target string) *http.Request {
	return httptest.NewRequest(http.MethodGet, target, nil)
}
