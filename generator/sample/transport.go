package sample

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// answer is an HTTP response as a sample sees it.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// transport sends one request and returns the answer. u is c.URL parsed;
// deadline is the sample's: no answer by then is an error wrapping
// context.DeadlineExceeded (the zero time: no deadline).
type transport interface {
	do(ctx context.Context, c Call, u *url.URL, deadline time.Time) (*answer, error)
}

// apiHosts are the public hosts whose paths map to the mock. What the mock
// does not model there it says itself (unmodelledReason).
var apiHosts = []string{"agent.buildkite.com", "agent-edge.buildkite.com", "graphql.buildkite.com", "api.buildkite.com"}

// hostError is a sample URL on a host docproof does not serve.
type hostError struct{ Host string }

func (e *hostError) Error() string {
	return fmt.Sprintf("host %q is not a Buildkite API host docproof can answer (use agent.buildkite.com, agent-edge.buildkite.com, graphql.buildkite.com or api.buildkite.com)", e.Host)
}

// allowedHosts returns the hosts that map to the backend: the public API
// hosts plus the hosts of the endpoints in env.
func allowedHosts(env map[string]string) map[string]bool {
	out := map[string]bool{}
	for _, h := range apiHosts {
		out[h] = true
	}
	for _, k := range []string{"BUILDKITE_AGENT_ENDPOINT", "BUILDKITE_GRAPHQL_ENDPOINT", "BUILDKITE_REST_ENDPOINT"} {
		if u, err := url.Parse(env[k]); err == nil && u.Host != "" {
			out[u.Host] = true
			out[u.Hostname()] = true
		}
	}
	return out
}

// inProcess calls an http.Handler directly, on the calling goroutine: no
// socket, no process. A handler that never answers is given up by RunPage's
// watch (w), not here; without a watch the call simply waits.
type inProcess struct {
	h     http.Handler
	hosts map[string]bool
	w     *watch
}

func (t *inProcess) do(ctx context.Context, c Call, u *url.URL, deadline time.Time) (*answer, error) {
	req, err := newRequest(ctx, c, u, t.hosts)
	if err != nil {
		return nil, err
	}
	req.RequestURI = req.URL.RequestURI()
	req.RemoteAddr = "127.0.0.1:40000" // as from curl on the reader's machine against docproof mock
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("no answer to %s %s: %w", c.Method, req.URL.Path, err)
	}
	if !deadline.IsZero() && !time.Now().Before(deadline) {
		return nil, fmt.Errorf("no answer to %s %s: %w", c.Method, req.URL.Path, context.DeadlineExceeded)
	}
	rec := newRecorder()
	if !t.w.enter(c.Method, req.URL.Path) {
		return nil, errAbandoned
	}
	p := serve(t.h, rec, req)
	if !t.w.leave() {
		return nil, errAbandoned
	}
	if p != nil {
		return nil, fmt.Errorf("the mock panicked while answering %s %s: %v", c.Method, req.URL.Path, p)
	}
	return rec.answer(), nil
}

// serve calls h and returns what it panicked with (nil when it returned).
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) (panicked any) {
	defer func() { panicked = recover() }()
	h.ServeHTTP(w, r)
	return nil
}

// remote sends requests over HTTP to a running server (docproof check --target).
type remote struct {
	client *http.Client
	base   *url.URL
	hosts  map[string]bool
}

func newRemote(target string, client *http.Client) (*remote, error) {
	u, err := url.Parse(strings.TrimRight(target, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--target %q is not an http(s) URL", target)
	}
	if client == nil {
		client = &http.Client{}
	}
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &remote{client: &c, base: u}, nil
}

func (t *remote) do(ctx context.Context, c Call, u *url.URL, deadline time.Time) (*answer, error) {
	if !deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline)
		defer cancel()
	}
	req, err := newRequest(ctx, c, u, t.hosts)
	if err != nil {
		return nil, err
	}
	req.URL.Scheme, req.URL.Host, req.Host = t.base.Scheme, t.base.Host, t.base.Host
	req.URL.Path = t.base.Path + req.URL.Path
	req.URL.RawPath = ""
	resp, err := t.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", c.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading the answer: %w", c.Method, req.URL.Path, err)
	}
	return &answer{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// control calls a control API route of the target (GET /_mock/env, POST /_mock/reset).
func (t *remote) control(ctx context.Context, method, path string) ([]byte, error) {
	u := *t.base
	u.Path += path
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("--target: %s %s: %w", method, u.String(), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("--target: %s %s: %w", method, u.String(), err)
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("--target: %s %s answered %d; is it a docproof mock?", method, u.String(), resp.StatusCode)
	}
	return body, nil
}

const maxBody = 16 << 20

// newRequest builds the request of c, whose URL parsed as u.
func newRequest(ctx context.Context, c Call, u *url.URL, hosts map[string]bool) (*http.Request, error) {
	if !hosts[u.Host] && !hosts[u.Hostname()] {
		return nil, &hostError{Host: u.Host}
	}
	var body io.Reader = http.NoBody
	if len(c.Body) > 0 {
		body = bytes.NewReader(c.Body)
	}
	req, err := http.NewRequestWithContext(ctx, c.Method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("bad request %s %s: %v", c.Method, c.URL, err)
	}
	for k, vs := range c.Header {
		if strings.EqualFold(k, "Host") {
			continue
		}
		req.Header[k] = append([]string(nil), vs...)
	}
	return req, nil
}

// send runs a call, following redirects in-process when the call asks for it
// (curl -L). It returns the final answer; every method and path requested
// is added to sr.sent.
func send(ctx context.Context, tr transport, c Call, sr *sampleRun) (*answer, error) {
	for hop := 0; ; hop++ {
		u, err := url.Parse(c.URL)
		if err != nil {
			return nil, fmt.Errorf("bad URL %q: %v", c.URL, err)
		}
		if u.Path == "" && u.Opaque == "" {
			u.Path = "/" // curl https://agent.buildkite.com asks for GET /
		}
		sr.sent = append(sr.sent, Request{Method: c.Method, Path: u.Path})
		a, err := tr.do(ctx, c, u, sr.deadline)
		if err != nil {
			return nil, err
		}
		loc := a.Header.Get("Location")
		if !c.Follow || a.Status < 300 || a.Status > 399 || loc == "" {
			return a, nil
		}
		if hop >= 20 {
			return nil, errors.New("more than 20 redirects (curl -L)")
		}
		base, err := url.Parse(c.URL)
		if err != nil {
			return nil, err
		}
		next, err := base.Parse(loc)
		if err != nil {
			return nil, fmt.Errorf("redirect to a bad Location %q: %v", loc, err)
		}
		c.URL = next.String()
		if a.Status == http.StatusSeeOther || ((a.Status == 301 || a.Status == 302) && c.Method == http.MethodPost) {
			c.Method, c.Body = http.MethodGet, nil
		}
	}
}

// recorder is a minimal in-memory http.ResponseWriter.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.wrote {
		return
	}
	r.wrote, r.status = true, code
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	if r.body.Len()+len(p) > maxBody {
		return 0, errors.New("answer larger than 16 MiB")
	}
	return r.body.Write(p)
}

// Flush lets handlers that flush work unchanged.
func (r *recorder) Flush() { r.WriteHeader(http.StatusOK) }

// answer is what the handler wrote; it must have returned (the answer
// shares the recorder's header map and bytes).
func (r *recorder) answer() *answer {
	r.WriteHeader(http.StatusOK)
	return &answer{Status: r.status, Header: r.header, Body: r.body.Bytes()}
}

// sampleTimeout is the default per-sample timeout.
const sampleTimeout = 10 * time.Second
