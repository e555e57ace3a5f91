package serve

import (
	"context"
	"time"
)

// Clock is the time source of the debouncer and the poller. Tests inject one
// (or run the real one inside a testing/synctest bubble).
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// changeKind says how long a change lets the debouncer wait for the rest of
// its burst.
type changeKind int

const (
	// contentChange is a write to a file in place: the writer is done with
	// it as soon as the writes stop, so a short settle time is enough.
	contentChange changeKind = iota
	// structuralChange is a create, remove or rename: editors' atomic saves
	// and tools like git move several names in a row, and a build in the
	// middle would see a half-done tree, so the debouncer waits longer.
	structuralChange
)

// change is one relevant file event: the path is for logs and tests, the
// kind sets the debounce delay.
type change struct {
	path string
	kind changeKind
}

// debouncer turns bursts of changes into single rebuild triggers.
type debouncer struct {
	clock  Clock
	settle time.Duration // quiet time after a content change
	quiet  time.Duration // quiet time after a structural change
	max    time.Duration // a continuous stream of changes still triggers this often
}

func (d debouncer) delay(k changeKind) time.Duration {
	if k == structuralChange {
		return d.quiet
	}
	return d.settle
}

// run reads changes from in until ctx is done or in is closed, and sends on
// out (which must have a buffer of 1) once per burst. A burst ends when no
// change arrived for the delay of its changes (the longest one wins) or when
// max has passed since its first change. When out is still full because a
// build is running, the trigger is merged with the queued one: the next build
// sees every change anyway, since builds always read the whole tree.
func (d debouncer) run(ctx context.Context, in <-chan change, out chan<- struct{}) {
	var (
		pending  bool
		first    time.Time
		deadline time.Time
		timer    <-chan time.Time
	)
	for {
		select {
		case <-ctx.Done():
			return
		case c, ok := <-in:
			if !ok {
				return
			}
			now := d.clock.Now()
			next := now.Add(d.delay(c.kind))
			if !pending {
				pending, first, deadline = true, now, next
				timer = d.clock.After(next.Sub(now))
				continue
			}
			if next.After(deadline) {
				deadline = next // the armed timer re-arms itself when it fires early
			}
			if limit := first.Add(d.max); deadline.After(limit) {
				deadline = limit
			}
		case <-timer:
			now := d.clock.Now()
			if now.Before(deadline) {
				timer = d.clock.After(deadline.Sub(now))
				continue
			}
			pending, timer = false, nil
			select {
			case out <- struct{}{}:
			default: // a trigger is already queued: it covers this burst too
			}
		}
	}
}
