package serve

import (
	"bytes"
	"embed"
	"html"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/docproof/docproof/internal/hostcheck"
)

//go:embed client
var clientFiles embed.FS

// Handler serves the live preview: the last good site (HTML pages with the
// live-reload client injected), /_docproof/events and the client's files.
// It refuses requests for a Host that is not loopback and paths that try to
// leave the site.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hostAllowed(r.Host) {
			http.Error(w, "docproof serve: forbidden host "+strconv.Quote(r.Host)+
				" (only localhost, 127.0.0.1 and [::1] may reach the preview)", http.StatusForbidden)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		switch r.URL.Path {
		case "/_docproof/events":
			s.serveEvents(w, r)
		case "/_docproof/client.js", "/_docproof/client.css":
			w.Header().Set("Cache-Control", "no-store")
			http.ServeFileFS(w, r, clientFiles, "client/"+path.Base(r.URL.Path))
		default:
			s.serveSite(w, r)
		}
	})
}

// hostAllowed is the DNS-rebinding defence: a page on another origin whose
// name was re-pointed at 127.0.0.1 still sends its own name as Host. The
// rule is hostcheck's, shared with `docproof mock`.
func (s *Server) hostAllowed(hostport string) bool {
	return hostcheck.Rule{Hosts: s.opts.AllowHosts, AnyIP: s.opts.AllowIPHosts}.Allows(hostport)
}

// sitePath maps a request to a slash path inside the site, refusing anything
// that could climb out of it: "..", "." and empty segments, encoded dots,
// slashes and backslashes, raw backslashes and NUL bytes.
func sitePath(r *http.Request) (string, bool) {
	raw := r.URL.EscapedPath()
	lower := strings.ToLower(raw)
	for _, bad := range []string{"%2e", "%2f", "%5c", "%00", "\\"} {
		if strings.Contains(lower, bad) {
			return "", false
		}
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	rel := strings.TrimPrefix(p, "/")
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if !fs.ValidPath(rel) {
		return "", false
	}
	return rel, true
}

// serveSite answers from the served snapshot. Pages are sent no-store: each
// carries the client tag naming its build.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	rel, ok := sitePath(r)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	cur := s.served.Load()
	if cur == nil {
		s.servePlaceholder(w, r, s.site(0))
		return
	}
	f, ok := cur.snap.lookup(rel)
	if !ok {
		if cur.snap.isDir(rel) { // "/agent" → "/agent/", whose index.html is the page
			target := r.URL.EscapedPath() + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		serveNotFound(w, r, cur)
		return
	}
	if !isHTML(rel) {
		// Assets, the search index, images: revalidated on every use, and
		// answered 304 while the bytes are those of the browser's copy (the
		// ETag names the build that first held them, in this server).
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("ETag", `"`+s.id+"."+strconv.Itoa(f.since)+`"`)
		if ct := mime.TypeByExtension(path.Ext(rel)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		http.ServeContent(w, r, "", f.modTime, bytes.NewReader(f.data))
		return
	}
	writeHTML(w, r, http.StatusOK, inject(f.data, cur.site))
}

// serveNotFound answers 404 with the site's own 404 page when it has one.
func serveNotFound(w http.ResponseWriter, r *http.Request, cur *served) {
	body := []byte(notFoundPage)
	if f, ok := cur.snap.lookup("404.html"); ok {
		body = f.data
	}
	writeHTML(w, r, http.StatusNotFound, inject(body, cur.site))
}

// servePlaceholder answers every page before the first good build: the
// client shows the build's problems and reloads when a build succeeds.
func (s *Server) servePlaceholder(w http.ResponseWriter, r *http.Request, site string) {
	writeHTML(w, r, http.StatusServiceUnavailable, inject([]byte(placeholderPage), site))
}

const notFoundPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>` +
	`<body><h1>Not found</h1><p>No page at this address in the current build.</p></body></html>`

const placeholderPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>docproof serve</title></head>` +
	`<body><h1>No successful build yet</h1><p>The site is building, or its first build failed (the problems are ` +
	`listed over this page and in the terminal). This page reloads by itself when a build succeeds.</p></body></html>`

func writeHTML(w http.ResponseWriter, r *http.Request, code int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func isHTML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// clientTag is the tag injected into every served HTML page. site names the
// build the page comes from (Status.Site), so the client reloads exactly
// when another good build is served, even one finished before it connected
// or one from a restarted server.
func clientTag(site string) string {
	return `<script src="/_docproof/client.js" data-docproof-site="` + html.EscapeString(site) + `" defer></script>`
}

// inject inserts the client tag before the last </body> (or at the end when
// there is none). Build output never contains it: only responses do.
func inject(page []byte, site string) []byte {
	tag := clientTag(site)
	i := lastBodyClose(page)
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// lastBodyClose is the index of the last "</body>", in any letter case, in
// page, or -1 (without lower-casing a copy of the page on every request).
func lastBodyClose(page []byte) int {
	const closeTag = "</body>"
	for end := len(page); ; {
		i := bytes.LastIndex(page[:end], []byte("</"))
		if i < 0 {
			return -1
		}
		if len(page)-i >= len(closeTag) && bytes.EqualFold(page[i:i+len(closeTag)], []byte(closeTag)) {
			return i
		}
		end = i
	}
}
