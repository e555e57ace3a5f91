package sample

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/sample/match"
	"github.com/docproof/docproof/generator/secret"
)

// Options configure how a page's samples run.
type Options struct {
	Timeout time.Duration // per sample; 0 means 10s
	Update  bool          // compute rewritten response blocks for samples whose answer differs
	// SkipUnmodelled skips (instead of failing) a sample whose request the
	// mock does not model (docproof.yaml "unmodelled: skip").
	SkipUnmodelled bool
	// Schemas validates GraphQL samples before they run (schema.go); nil
	// runs them as they are.
	Schemas *SchemaCheck
}

// PageResult is the outcome of running one page's samples.
type PageResult struct {
	Results  []Result  // one per sample, in page order
	Diags    diag.List // failures, each at its sample's file and line
	Issued   []string  // token values the backend issued or seeded (for redaction and the secrets scan)
	Requests []Request // every request sent, for route coverage
	Updates  []Update  // --update: response blocks to rewrite
}

// Request is one request a sample sent, for route coverage.
type Request struct {
	Method string
	Path   string
}

// Update is a documented response block rewritten from the actual answer (--update).
type Update struct {
	File     string
	SampleID string
	Line     int    // the response block's opening fence line
	EndLine  int    // its closing fence line
	Text     string // the new block content (without fences); may hold placeholders, never a token value
	Old      string // the block content before
}

// RunPage runs a page's samples in order against a fresh in-process backend;
// the samples share its state and the variables they capture. The samples
// run on a goroutine of their own that calls the backend's handler directly;
// RunPage waits for it, or gives a sample up once a handler has not answered
// it within the timeout (see watchedRun).
func RunPage(ctx context.Context, samples []*Sample, b Backend, opts Options) PageResult {
	env := maps.Clone(b.Env())
	tr := &inProcess{h: b, hosts: allowedHosts(env)}
	p := newPageRun(ctx, samples, tr, env, b.IssuedTokens, opts)
	p.w = &watch{}
	tr.w = p.w
	return p.watchedRun()
}

// runPage runs the samples in order on the calling goroutine (--target:
// requests carry the sample's deadline in their context).
func runPage(ctx context.Context, samples []*Sample, tr transport, env map[string]string, issued func() []string, opts Options) PageResult {
	p := newPageRun(ctx, samples, tr, env, issued, opts)
	p.run()
	return p.finish()
}

// pageRun is one page's samples running in order.
type pageRun struct {
	ctx      context.Context
	samples  []*Sample
	tr       transport
	env      map[string]string
	issued   func() []string
	opts     Options
	bindings match.Bindings
	w        *watch // nil: unwatched, on the caller's goroutine

	mockVars []string // the variables the backend sets, sorted (for unset-variable hints)

	// Guarded by w.mu when watched.
	pr        PageResult
	failed    bool
	stuck     *Sample            // a sample the backend never answered: later ones would wait on it too
	providers map[string]*Sample // variable → the failed sample that would have set it (see dependsOn)
	diagAt    map[*Sample]int    // a failed sample's diagnostic in pr.Diags
}

func newPageRun(ctx context.Context, samples []*Sample, tr transport, env map[string]string, issued func() []string, opts Options) *pageRun {
	if opts.Timeout <= 0 {
		opts.Timeout = sampleTimeout
	}
	p := &pageRun{ctx: ctx, samples: samples, tr: tr, env: env, issued: issued, opts: opts, bindings: match.Bindings{},
		mockVars: sortedEnvNames(env), providers: map[string]*Sample{}, diagAt: map[*Sample]int{}}
	// One result per sample, about one request each: sized once.
	p.pr.Results, p.pr.Requests = make([]Result, 0, len(samples)), make([]Request, 0, len(samples))
	return p
}

// run runs every sample; it stops early when the watch gave the page up.
func (p *pageRun) run() {
	for i, s := range p.samples {
		sr := &sampleRun{s: s, earlier: i > 0, mockVars: p.mockVars}
		if !p.w.begin(i, sr) {
			return
		}
		if p.stuck != nil && s.Skip == "" {
			res, d := p.notRun(s)
			if !p.w.commit(func() { p.record(res, d, nil) }) {
				return
			}
			continue
		}
		res, d := runOne(p.ctx, sr, p.tr, p.env, p.bindings, p.opts, p.issued)
		if !p.w.commit(func() {
			if res.timedOut {
				p.stuck = s
			}
			p.record(res, d, sr.sent)
		}) {
			return
		}
	}
}

// notRun is the failure of a sample after one that got no answer.
func (p *pageRun) notRun(s *Sample) (outcome, *diag.Diagnostic) {
	msg := fmt.Sprintf("not run: sample %q at line %d got no answer, so the mock's state is unknown", p.stuck.ID, p.stuck.Line())
	d := diag.Errorf(s.File, s.Line(), "%s", msg)
	d.SampleID = s.ID
	return outcome{Result: Result{File: s.File, Line: s.Line(), ID: s.ID, Kind: s.Kind, Outcome: "fail", Message: msg,
		Compared: CompareOf(s.Response)}}, &d
}

// record adds one sample's outcome to the page's.
func (p *pageRun) record(res outcome, d *diag.Diagnostic, sent []Request) {
	res.Requests = sent // the sample's own list, never appended to again
	p.pr.Requests = append(p.pr.Requests, res.Requests...)
	if d != nil && d.Severity == diag.Error && res.s != nil {
		if p.dependsOn(&res) {
			d = nil
		} else {
			p.diagAt[res.s] = len(p.pr.Diags)
			p.provide(res.s, res.s)
		}
	}
	if d != nil {
		if p.failed && d.Hint == "" {
			d.Hint = "an earlier sample on this page failed; fix that first"
		}
		p.pr.Diags = append(p.pr.Diags, *d)
		p.failed = p.failed || d.Severity == diag.Error
	}
	if res.update != nil {
		res.Updated = true
		p.pr.Updates = append(p.pr.Updates, *res.update)
	}
	p.pr.Results = append(p.pr.Results, res.Result)
}

// finish adds the issued tokens and redacts them from what the page reports.
func (p *pageRun) finish() PageResult {
	if len(p.pr.Requests) == 0 {
		p.pr.Requests = nil // as when nothing was appended
	}
	if len(p.pr.Results) == 0 {
		p.pr.Results = nil
	}
	p.pr.Issued = append(p.issued(), envTokens(p.env)...)
	redactPage(&p.pr)
	return p.pr
}

type outcome struct {
	Result
	s        *Sample
	update   *Update
	timedOut bool   // the backend did not answer in time; its state is unknown
	unset    string // the variable whose absence stopped the sample, if that was the failure
}

// sampleRun is the state of one sample while it runs: what RunPage's watch
// needs to report it when a handler never answers.
type sampleRun struct {
	s        *Sample
	earlier  bool     // an earlier sample on the page ran (or failed)
	mockVars []string // the variables the backend sets
	r        outcome
	start    time.Time
	deadline time.Time
	sent     []Request // every request sent, redirects included
}

// fail marks the sample failed at line with msg.
func (sr *sampleRun) fail(line int, msg, hint, diff string) (outcome, *diag.Diagnostic) {
	r := &sr.r
	r.Outcome, r.Message, r.Diff = "fail", msg, diff
	r.DurationNS = time.Since(sr.start).Nanoseconds()
	d := diag.Errorf(sr.s.File, line, "%s", msg)
	d.SampleID, d.Hint, d.Diff = sr.s.ID, hint, diff
	return *r, &d
}

// sendFailed fails the sample with the error of a request.
func (sr *sampleRun) sendFailed(err error, timeout time.Duration) (outcome, *diag.Diagnostic) {
	hint := ""
	timedOut := errors.Is(err, context.DeadlineExceeded)
	if timedOut {
		err = fmt.Errorf("%w (timeout %s per sample)", err, timeout)
		hint = "the mock did not answer in time; it may be stuck"
	}
	var he *hostError
	if errors.As(err, &he) {
		hint = "only Buildkite API hosts map to the mock; use skip=\"reason\" for other hosts"
	}
	o, d := sr.fail(sr.s.Line(), err.Error(), hint, "")
	o.timedOut = timedOut
	return o, d
}

// runOne runs a single sample; the returned diagnostic is nil when it passed
// or was skipped. sr.sent lists the requests it sent.
func runOne(ctx context.Context, sr *sampleRun, tr transport, env map[string]string, bindings match.Bindings, opts Options, issued func() []string) (outcome, *diag.Diagnostic) {
	s := sr.s
	r := &sr.r
	r.s = s
	r.Result = Result{File: s.File, Line: s.Line(), ID: s.ID, Kind: s.Kind, ExpectedStatus: s.Status, Compared: CompareOf(s.Response)}
	if s.Skip != "" {
		r.Outcome, r.SkipReason = "skip", s.Skip
		return *r, nil
	}
	sr.start = time.Now()
	sr.deadline = sr.start.Add(opts.Timeout)
	if s.Kind == GraphQL { // the query on the page, before any variable is needed
		if o, d, done := sr.checkSchemas(ctx, []Call{{Line: s.Line()}}, opts); done {
			return o, d
		}
	}
	calls, err := s.Calls(s.Env.apply(env, s.sampleHost(env, s.Env)))
	if err != nil {
		var le *lineError
		if errors.As(err, &le) && (le.Unset != "" || le.Unsupported && opts.SkipUnmodelled) {
			if why := sr.unbuiltUnmodelled(ctx, tr, env, opts.SkipUnmodelled); why != "" {
				return sr.unmodelled(why, opts) // setting the variable or rewriting the block would not make it run
			}
			if le.Unset != "" {
				return sr.unsetFailed(le, env, opts.Timeout)
			}
		}
		if errors.As(err, &le) {
			return sr.fail(le.Line, le.Msg, le.Hint, "")
		}
		return sr.fail(s.Line(), err.Error(), "", "")
	}
	if s.Kind != GraphQL { // a curl or http sample's GraphQL body
		if o, d, done := sr.checkSchemas(ctx, calls, opts); done {
			return o, d
		}
	}
	var last *answer
	for i, c := range calls {
		r.Method, r.URL = c.Method, c.URL
		a, err := send(ctx, tr, c, sr)
		var he *hostError
		if errors.As(err, &he) && opts.SkipUnmodelled {
			return sr.unmodelled(foreignReason(he.Host), opts)
		}
		if err != nil {
			return sr.sendFailed(err, opts.Timeout)
		}
		r.Status = a.Status
		if i < len(calls)-1 {
			if p := statusProblem(c, 0, a.Status); p != "" {
				if why := unmodelledReason(c, a); why != "" {
					return sr.unmodelled(why, opts)
				}
				return sr.fail(s.Line(), fmt.Sprintf("the curl command at line %d (not the last of its block): %s", c.Line, mediaTypeProblem(a, p)), "", "")
			}
		}
		last = a
	}
	lastCall := calls[len(calls)-1]
	known := append(issued(), envTokens(env)...) // token values to keep out of diffs and --update rewrites
	v := s.compare(lastCall, last, bindings, opts.Update, known)
	r.ExpectedStatus = v.Expected
	if why := unmodelledReason(lastCall, last); why != "" && len(v.Problems) > 0 {
		return sr.unmodelled(why, opts)
	}
	var updated *diag.Diagnostic
	if len(v.Problems) > 0 && v.Update != "" {
		// --update: keep the rewrite only when the sample passes with it.
		rb := *s.Response
		rb.Code = v.Update
		s2 := *s
		s2.Response = &rb
		if v2 := s2.compare(lastCall, last, bindings, false, nil); len(v2.Problems) == 0 {
			r.update = &Update{File: s.File, SampleID: s.ID, Line: s.Response.Line, EndLine: s.Response.EndLine, Text: v.Update, Old: s.Response.Code}
			changes := v.Changes
			if len(changes) == 0 {
				changes = v.Problems
			}
			d := diag.Warnf(s.File, s.Response.Line, "response block rewritten from the mock's answer (--update): %s", strings.Join(changes, "; "))
			d.SampleID, d.Diff = s.ID, strings.Join(v.Diff, "\n")
			updated, v = &d, v2
		}
	}
	if len(v.Problems) > 0 {
		return sr.fail(s.Line(), strings.Join(v.Problems, "; "), "", strings.Join(v.Diff, "\n"))
	}
	for _, name := range sortedKeys(v.Bound) {
		bindings[name] = v.Bound[name]
		env[envName(name)] = v.Bound[name]
	}
	body := output(lastCall, last)
	for _, c := range s.Captures {
		val, err := lookupPath(body, c.Path)
		if err != nil {
			return sr.fail(s.Line(), fmt.Sprintf("capture %s=%s: %v", c.Name, c.Path, err), "check the path against the answer (fields are separated by dots, array indexes are numbers)", "")
		}
		env[c.Name] = val
	}
	for _, c := range s.SiteCaptures {
		if val, err := lookupPath(body, c.Path); err == nil {
			env[c.Name] = val
		}
	}
	r.Outcome = "pass"
	r.Shown = s.shownValues(lastCall, last, known)
	r.DurationNS = time.Since(sr.start).Nanoseconds()
	return *r, updated
}

// redactPage removes every token value from what a page run reports.
func redactPage(pr *PageResult) {
	f := secret.NewFinder(pr.Issued)
	red := func(s string) string {
		if s == "" {
			return s
		}
		return f.Redact(s)
	}
	for i := range pr.Results {
		r := &pr.Results[i]
		r.URL, r.Message, r.Diff, r.SkipReason = red(r.URL), red(r.Message), red(r.Diff), red(r.SkipReason)
		r.Method = red(r.Method)
	}
	for i := range pr.Diags {
		d := &pr.Diags[i]
		d.Message, d.Diff, d.Hint = red(d.Message), red(d.Diff), red(d.Hint)
	}
}

// envTokens returns the env values that are tokens (names ending in _TOKEN, or
// values of a token shape), so redaction works even when the backend cannot
// list what it issued (--target).
func envTokens(env map[string]string) []string {
	shapes := secret.NewFinder(nil)
	var out []string
	for k, v := range env {
		if strings.HasSuffix(k, "_TOKEN") || len(shapes.Find(v)) > 0 {
			out = append(out, v)
		}
	}
	return out
}
