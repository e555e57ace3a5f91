package sample

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Why RunPage watches instead of waiting on each request: calling a handler
// on a goroutine of its own per request (to give up on one that never
// answers) cost a goroutine start, a stack growth and two wake-ups per
// sample, about a third of the CPU of verifying it. Now one goroutine per
// page runs the samples and calls the handler directly; RunPage waits for it
// with one timer, and only when a handler has overrun its sample's timeout
// does it report that sample and the rest of the page itself.

// watch is what RunPage's goroutine knows of the page running on the other:
// the sample running and whether a handler is answering it. The runner holds
// mu while it records a sample's outcome, so the watcher sees whole samples.
type watch struct {
	mu        sync.Mutex
	idx       int        // index of the sample running
	active    *sampleRun // the sample running
	inHandler bool       // a handler is answering active's request
	method    string     // that request's method and path
	path      string
	abandoned bool // the watcher reported the page: the runner must stop
	panicked  any  // the runner panicked with this value
}

// errAbandoned stops a runner whose page the watcher already reported.
var errAbandoned = errors.New("the page was given up")

// begin records that sample i starts; false when the page was given up.
func (w *watch) begin(i int, sr *sampleRun) bool {
	if w == nil {
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.idx, w.active = i, sr
	return !w.abandoned
}

// commit runs record (which changes the page's outcome) unless the page was
// given up; false when it was.
func (w *watch) commit(record func()) bool {
	if w == nil {
		record()
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.abandoned {
		return false
	}
	record()
	return true
}

// enter records that a handler starts answering method path.
func (w *watch) enter(method, path string) bool {
	if w == nil {
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.inHandler, w.method, w.path = true, method, path
	return !w.abandoned
}

// leave records that the handler answered; false when the page was given up.
func (w *watch) leave() bool {
	if w == nil {
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.inHandler = false
	return !w.abandoned
}

// watchedRun runs the page on a goroutine of its own and waits for it. When
// a handler is still answering once its sample's deadline has passed (or ctx
// is done), the sample fails as a request without an answer does and the
// samples after it are not run: the handler may never return, so the page is
// reported without it, and the runner stops at its next step.
func (p *pageRun) watchedRun() PageResult {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if v := recover(); v != nil {
				p.w.mu.Lock()
				p.w.panicked = v
				p.w.mu.Unlock()
			}
		}()
		p.run()
	}()
	timer := time.NewTimer(p.opts.Timeout)
	defer timer.Stop()
	ctxDone := p.ctx.Done()
	for {
		select {
		case <-done:
			if v := p.w.panicked; v != nil {
				panic(v) // as if the page had run on this goroutine
			}
			return p.finish()
		case <-ctxDone:
			if p.giveUp(p.ctx.Err(), time.Time{}) {
				return p.finish()
			}
			ctxDone = nil // not in a handler: the runner sees ctx itself
		case <-timer.C:
			if p.giveUp(context.DeadlineExceeded, time.Now()) {
				return p.finish()
			}
			timer.Reset(p.w.wait(p.opts.Timeout))
		}
	}
}

// wait is how long to wait before checking again: until the running
// sample's deadline, or timeout when it has passed or no sample runs.
func (w *watch) wait(timeout time.Duration) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.active != nil && !w.active.deadline.IsZero() {
		if d := time.Until(w.active.deadline); d > 0 {
			return d
		}
	}
	return timeout
}

// giveUp reports the page without the runner when a handler is answering
// its sample past the sample's deadline (now; a zero now: at once, ctx is
// done): that sample fails with cause and the samples after it are not run.
func (p *pageRun) giveUp(cause error, now time.Time) bool {
	w := p.w
	w.mu.Lock()
	defer w.mu.Unlock()
	sr := w.active
	if !w.inHandler || w.abandoned || sr == nil || !now.IsZero() && now.Before(sr.deadline) {
		return false
	}
	w.abandoned = true
	res, d := sr.sendFailed(fmt.Errorf("no answer to %s %s: %w", w.method, w.path, cause), p.opts.Timeout)
	p.record(res, d, sr.sent)
	p.stuck = sr.s // its handler is still running: the mock's state is unknown
	for _, s := range p.samples[w.idx+1:] {
		if s.Skip != "" {
			p.record(outcome{Result: Result{File: s.File, Line: s.Line(), ID: s.ID, Kind: s.Kind, ExpectedStatus: s.Status,
				Outcome: "skip", SkipReason: s.Skip, Compared: CompareOf(s.Response)}}, nil, nil)
			continue
		}
		res, d := p.notRun(s)
		p.record(res, d, nil)
	}
	return true
}
