package sample

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/docproof/docproof/generator/diag"
)

// unmodelledHeader is the header the mock sets on the 404 it answers when no
// route matches (mockapi.UnmodelledHeader, held equal by a test): "route"
// when the mock models other routes under the path's first segment, "api"
// when it models nothing there.
const unmodelledHeader = "Docproof-Unmodelled"

// apiNames names the API each public Buildkite host serves, for messages.
var apiNames = map[string]string{
	"agent.buildkite.com":      "agent API",
	"agent-edge.buildkite.com": "agent API",
	"graphql.buildkite.com":    "GraphQL API",
	"api.buildkite.com":        "REST API",
}

// unmodelledReason says what the mock does not model when its answer to c
// says no route matched ("" when a route answered): the request ("the mock
// does not model POST /v3/stacks/register"), or the whole API of the host
// when the mock models nothing under that path ("the mock does not model
// the REST API at api.buildkite.com").
func unmodelledReason(c Call, a *answer) string {
	what := a.Header.Get(unmodelledHeader)
	if what == "" {
		return ""
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return ""
	}
	path := u.EscapedPath()
	if c.Route != "" {
		path = c.Route // its URL templates, so every page showing it names one route
	}
	req := c.Method + " " + path
	if name, ok := apiNames[u.Hostname()]; ok && what == "api" {
		return fmt.Sprintf("the mock does not model the %s at %s", name, u.Hostname())
	}
	return "the mock does not model " + req
}

// unmodelledHint says how to go on when a sample needs an unmodelled route.
const unmodelledHint = `the sample is not wrong, the mock is incomplete: add skip="reason" to this sample, ` +
	`or set "unmodelled: skip" in docproof.yaml to skip every sample the mock cannot answer`

// unmodelled ends a sample whose request the mock does not model: a skip
// with opts.SkipUnmodelled, else a failure saying why.
func (sr *sampleRun) unmodelled(why string, opts Options) (outcome, *diag.Diagnostic) {
	if !opts.SkipUnmodelled {
		o, d := sr.fail(sr.s.Line(), why, unmodelledHint, "")
		o.Unmodelled = true
		return o, d
	}
	r := &sr.r
	r.Outcome, r.SkipReason, r.Unmodelled = "skip", why, true
	r.DurationNS = time.Since(sr.start).Nanoseconds()
	return *r, nil
}

// unbuiltUnmodelled says what the mock does not model of a sample whose
// requests cannot be built (a variable is unset), "" when it models them or
// cannot say: the sample then fails as it would have. With skip (unmodelled:
// skip) it also reads shell docproof does not run (curl.Sketch), and a host
// that is not an API host comes first, as when the sample is sent; the
// routes are probed after.
func (sr *sampleRun) unbuiltUnmodelled(ctx context.Context, tr transport, env map[string]string, skip bool) string {
	if !skip {
		return sr.probeUnmodelled(ctx, tr, sr.s.lenientCalls(env, lenient))
	}
	calls := sr.s.lenientCalls(env, sketched)
	if h := foreignHost(callHosts(calls), allowedHosts(env)); h != "" {
		return foreignReason(h)
	}
	return sr.probeUnmodelled(ctx, tr, calls)
}

// foreignReason is the skip reason of a sample sent to a host that is not
// one of the API hosts the mock answers (unmodelled: skip).
func foreignReason(host string) string {
	return fmt.Sprintf("host %s is not an API the mock models", host)
}

// probeUnmodelled asks the mock whether it models calls, the lenient
// requests of a sample that cannot be built: each request whose URL
// does not depend on an unset variable is sent as a probe (no body, no
// headers but the probe's), which the mock answers without running a
// route. It returns what the mock does not model, "" when it models them
// all or cannot say (a host it does not answer is reported elsewhere).
func (sr *sampleRun) probeUnmodelled(ctx context.Context, tr transport, calls []Call) string {
	for _, c := range calls {
		if c.Method == "" || strings.Contains(c.URL, unsetMarker) {
			continue
		}
		u, err := url.Parse(c.URL)
		if err != nil {
			continue
		}
		probe := Call{Method: c.Method, URL: c.URL, Header: http.Header{unmodelledHeader: {"probe"}}}
		a, err := tr.do(ctx, probe, u, sr.deadline)
		if err != nil {
			continue
		}
		if why := unmodelledReason(c, a); why != "" {
			return why
		}
	}
	return ""
}
