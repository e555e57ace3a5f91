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

// TestConfinement: only the files the build put into the served site can be
// read: no traversal (raw or encoded) reaches a file beside or outside the
// content, and a symlink or file added to content/ after the build (leading
// outside or not) is not served: requests never touch the disk, only the
// build's snapshot. What a source is (symlinks in content/ are followed by
// the generator's Load, as in `docproof build`) is decided at build time;
// TestServedSiteEqualsColdBuild proves the snapshot is exactly the cold build.
func TestConfinement(t *testing.T) {
	s, content := newTestServer(t, map[string]string{"index.md": "home", "docs/page.md": "page"})
	require.True(t, s.Rebuild(t.Context()).OK)
	const secret = "TOP-SECRET-OUTSIDE"
	outside := filepath.Join(t.TempDir(), "outside")
	writeFile(t, filepath.Join(outside, "secret.txt"), secret)
	// Secrets beside content/ and inside it, one ".." or none away.
	writeFile(t, filepath.Join(filepath.Dir(content), "secret.txt"), secret)
	writeFile(t, filepath.Join(content, "secret.txt"), secret)
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(content, "link.txt")))
	require.NoError(t, os.Symlink(outside, filepath.Join(content, "linkdir")))
	require.NoError(t, os.Symlink("../secret.txt", filepath.Join(content, "rel.txt")))

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
		"/secret.txt",
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
	code, body := rawGet(t, addr, "/docs/page/")
	assert.Equal(t, http.StatusOK, code, "the built site is served")
	assert.Contains(t, body, "page")
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
