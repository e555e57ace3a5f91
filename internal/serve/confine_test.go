package serve

import (
	"bufio"
	"context"
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/docproof/docproof/generator"
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
// build's snapshot. What a source is (the generator's Load follows a
// symlink only inside content/, as in `docproof build`: see
// TestSymlinkOutsideWhileServing) is decided at build time;
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

// TestSymlinkOutsideWhileServing: a symlink leading out of content/ that is
// created while serve runs (to a file, to a folder, to /etc/passwd, which
// is only ever read) fails the rebuild it triggers with an error at the
// link's path, and what it points to is never served; removing it makes
// the site build again.
func TestSymlinkOutsideWhileServing(t *testing.T) {
	const secret = "TOP-SECRET-OUTSIDE"
	content := filepath.Join(t.TempDir(), "content")
	writeFile(t, filepath.Join(content, "index.md"), "# Home\n\nWelcome.\n")
	outside := filepath.Join(t.TempDir(), "outside")
	writeFile(t, filepath.Join(outside, "secret.txt"), secret)
	writeFile(t, filepath.Join(outside, "page.md"), "# "+secret+"\n")

	s, err := New(Options{Config: generator.Config{ContentDir: content, Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}}})
	require.NoError(t, err)
	defer s.Close()
	ctx, cancel := context.WithCancel(t.Context())
	ready := make(chan struct{})
	runDone := make(chan error, 1)
	go func() { runDone <- s.Run(ctx, ready) }()
	defer func() { cancel(); require.NoError(t, <-runDone) }()
	<-ready
	updates, stop := s.Subscribe()
	defer stop()
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	defer s.Close()
	st0 := s.Rebuild(ctx)
	require.True(t, st0.OK, "%+v", st0.Problems)

	links := []struct{ name, target, get string }{
		{"leak.txt", filepath.Join(outside, "secret.txt"), "/leak.txt"},
		{"leakdir", outside, "/leakdir/page/"},
		{"passwd.txt", "/etc/passwd", "/passwd.txt"},
	}
	for _, l := range links {
		before := time.Now()
		require.NoError(t, os.Symlink(l.target, filepath.Join(content, l.name)))
		st := waitForBuildAfter(t, updates, before, "the build after "+l.name+" appeared")
		require.False(t, st.OK, l.name)
		require.Len(t, st.Problems, 1)
		assert.Equal(t, filepath.ToSlash(filepath.Join(content, l.name)), st.Problems[0].File)
		assert.Contains(t, st.Problems[0].Message, "symlink leads outside the content directory")
		code, body := rawGet(t, srv.Listener.Addr().String(), l.get)
		assert.NotEqual(t, http.StatusOK, code, l.get)
		assert.NotContains(t, body, secret)
		assert.NotContains(t, body, "root:x:0:0")

		before = time.Now()
		require.NoError(t, os.Remove(filepath.Join(content, l.name)))
		st = waitForBuildAfter(t, updates, before, "the build after "+l.name+" went")
		require.True(t, st.OK, "%+v", st.Problems)
	}
}
