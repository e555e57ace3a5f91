package mockapi

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/docproof/docproof/internal/hostcheck"
)

// GuardRule says who may reach a guarded mock.
type GuardRule struct {
	// Hosts decides which Host headers may reach the mock; the zero Rule
	// accepts loopback names only (localhost, 127.0.0.0/8, [::1]), the same
	// rule as `docproof serve`.
	Hosts hostcheck.Rule
	// AnyHost skips the Host check, for the in-process sample runner: its
	// requests name the public API hosts (agent.buildkite.com) and never
	// come from a socket. Every other check still applies, and an Origin
	// header is refused whatever it names: a reader running the sample
	// against `docproof mock` sends it to 127.0.0.1, where an Origin of the
	// documented host is another site's.
	AnyHost bool
}

// Guard wraps the mock's handler for an HTTP listener (`docproof mock`). The
// control API takes no token and a real agent runs the jobs it creates, so
// the listener must answer only this machine's own tools, never a web page
// the user happens to visit. Guard refuses, with a JSON {"message": ...}
// saying why:
//
//   - a Host the rule does not allow (403): a page on evil.example whose
//     name was re-pointed at 127.0.0.1 (DNS rebinding) still sends
//     Host: evil.example;
//   - an Origin header other than the mock's own origin (403): browsers send
//     it on every cross-origin request but a navigation, and no page is
//     served by the mock, so any Origin is another site's;
//   - a Sec-Fetch-Site other than same-origin or none (403), except on a
//     GET or HEAD navigation (following a link to a control-API page);
//   - a request body of a type its route does not take (415): JSON
//     everywhere, but the gzip'd text/plain log chunks and the
//     multipart/form-data artifact uploads the real agent sends. Browsers
//     send text/plain, forms and multipart cross-site without asking first;
//     JSON they send only after a CORS preflight, which the mock never
//     grants.
//
// A request with no body and no Content-Type (connect, accept, reset…)
// passes, as the real agent sends those.
func Guard(h http.Handler, rule GuardRule) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := rule.check(r, h); err != nil {
			w.Header().Set("Cache-Control", "no-store")
			writeError(w, err)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// router is a handler that can say whether it serves a request's method
// and path (Server does).
type router interface{ routes(r *http.Request) bool }

// check returns why r is refused by a guard of h, or nil.
func (g GuardRule) check(r *http.Request, h http.Handler) error {
	if !g.AnyHost && !g.Hosts.Allows(r.Host) {
		return newErr(errRefused, "docproof mock refuses Host %s: only localhost, 127.0.0.1 and [::1] may reach it "+
			"(a web page whose name was pointed at this machine sends its own name; to serve other machines, "+
			"start docproof mock with --allow-remote and that --addr)", strconv.Quote(r.Host))
	}
	if origin, ok := r.Header["Origin"]; ok && (g.AnyHost || !sameOrigin(origin, r.Host)) {
		return newErr(errRefused, "docproof mock refuses cross-site requests: Origin %s is not the mock's own "+
			"origin (web pages may not drive the mock; use curl, the agent or docproof check)", strconv.Quote(strings.Join(origin, ", ")))
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" && !navigation(r) {
		return newErr(errRefused, "docproof mock refuses cross-site requests: Sec-Fetch-Site is %s "+
			"(web pages may not drive the mock; use curl, the agent or docproof check)", strconv.Quote(site))
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.ContentLength == 0 {
		return nil
	}
	if rt, ok := h.(router); ok && !rt.routes(r) {
		return nil // the mock's own 404 or 405: newer agents try gRPC pings first and fall back on a 404
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	want := bodyTypes(r)
	for _, t := range want {
		if err == nil && mt == t {
			return nil
		}
	}
	got := "no Content-Type"
	if ct != "" {
		got = "Content-Type " + strconv.Quote(ct)
	}
	return newErr(errMediaType, "%s %s takes a body of Content-Type %s, not %s (the mock refuses other types so "+
		"that no web page can send it a form or plain text)", r.Method, r.URL.Path, strings.Join(want, " or "), got)
}

// sameOrigin reports whether the Origin header values name the mock itself
// (http or https, the request's own Host).
func sameOrigin(origin []string, host string) bool {
	if len(origin) != 1 || host == "" {
		return false
	}
	o := origin[0]
	for _, scheme := range []string{"http://", "https://"} {
		if len(o) == len(scheme)+len(host) && strings.EqualFold(o, scheme+host) {
			return true
		}
	}
	return false
}

// navigation reports whether r is a browser following a link: a GET or
// HEAD a page cannot read the answer of.
func navigation(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.Header.Get("Sec-Fetch-Mode") == "navigate"
}

// streamPingsPath is the gRPC streaming-ping route of newer agents, at the
// host root; the mock does not serve it.
const streamPingsPath = "/agentedge.v1.AgentEdgeService/StreamPings"

// bodyTypes lists the media types a route's request body may have: what
// the real agent sends (agent-api.md §3, rows 9 and 21), JSON elsewhere.
func bodyTypes(r *http.Request) []string {
	p := r.URL.Path
	switch {
	case p == artifactUploadPath:
		return []string{"multipart/form-data"}
	case strings.HasPrefix(p, "/v3/jobs/") && strings.HasSuffix(p, "/chunks"):
		return []string{"text/plain", "application/octet-stream"}
	case p == streamPingsPath:
		// Agents from v3.127 try streaming pings (gRPC) first: the mock's
		// 404 (gRPC "unimplemented") makes them fall back to polling for
		// good, where a 415 would have them try again and again. Browsers
		// send no application/grpc cross-site without a preflight.
		return []string{"application/grpc"}
	}
	return []string{"application/json"}
}

// Guarded is a Server whose ServeHTTP goes through Guard; Env, IssuedTokens
// and Routes are the Server's.
type Guarded struct {
	*Server
	h http.Handler
}

// Guarded returns s behind Guard(s, rule).
func (s *Server) Guarded(rule GuardRule) *Guarded { return &Guarded{Server: s, h: Guard(s, rule)} }

// ServeHTTP answers one request, or the guard's refusal.
func (g *Guarded) ServeHTTP(w http.ResponseWriter, r *http.Request) { g.h.ServeHTTP(w, r) }

// routes reports whether the mock has a route for r's method and path.
func (s *Server) routes(r *http.Request) bool {
	_, pattern := s.proto.mux().Handler(r)
	return pattern != ""
}
