package serve

import (
	"context"
	"os"
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
	// stat, when not nil, looks at a written file when its burst would
	// fire. An in-place save truncates the file (one event) and writes it
	// (another, sent when the write is complete); a writer descheduled in
	// between, or in the middle of a large write, on a loaded machine, can
	// outlast the settle time. Then the file is empty, or has changed since
	// its last event: the burst waits (the quiet time once for an empty
	// file, which may have been emptied on purpose; the settle time for one
	// still changing) so the build does not read a half-done save and flash
	// its errors in the browser. max still bounds the wait.
	stat func(path string) fileState
	// changed, when not nil, is called for every change as it arrives,
	// before any waiting: the server counts changes to tell a build that
	// raced with a save (see Server.Rebuild).
	changed func()
}

// fileState is what the debouncer compares of a file between its last event
// and the moment its burst would fire.
type fileState struct {
	size int64
	mod  time.Time
	ok   bool // the file exists and is a regular file
}

// statFile is the debouncer's stat on the real file system.
func statFile(path string) fileState {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return fileState{}
	}
	return fileState{size: fi.Size(), mod: fi.ModTime(), ok: true}
}

// unsettled returns how much longer a burst whose written files are seen
// has to wait (0: none), updating seen to the files' current states.
func (d debouncer) unsettled(seen map[string]fileState, emptyWaited bool) (wait time.Duration, empty bool) {
	if d.stat == nil {
		return 0, false
	}
	for path, last := range seen {
		now := d.stat(path)
		seen[path] = now
		switch {
		case now.ok && now.size == 0 && !emptyWaited:
			wait, empty = max(wait, d.quiet), true
		case now != last:
			wait = max(wait, d.settle)
		}
	}
	return wait, empty
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
		seen     = map[string]fileState{} // in-place writes of the burst, as of their last event
		waited   bool                     // the burst already waited for an empty file
		holding  bool                     // deadline is such a wait: the next change ends it
	)
	for {
		select {
		case <-ctx.Done():
			return
		case c, ok := <-in:
			if !ok {
				return
			}
			if d.changed != nil {
				d.changed()
			}
			now := d.clock.Now()
			next := now.Add(d.delay(c.kind))
			if c.kind == contentChange && c.path != "" && d.stat != nil {
				seen[c.path] = d.stat(c.path)
			}
			if !pending {
				pending, first, deadline, waited, holding = true, now, next, false, false
				timer = d.clock.After(next.Sub(now))
				continue
			}
			if holding { // the rest of the save arrived: settle from it, as usual
				holding, deadline = false, next
				timer = d.clock.After(next.Sub(now)) // earlier than the armed one
			} else if next.After(deadline) {
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
			if wait, empty := d.unsettled(seen, waited); wait > 0 {
				waited = waited || empty
				deadline = now.Add(wait)
				if limit := first.Add(d.max); deadline.After(limit) {
					deadline = limit
				}
				if now.Before(deadline) {
					holding, timer = true, d.clock.After(deadline.Sub(now))
					continue
				}
			}
			pending, timer, holding = false, nil, false
			clear(seen)
			select {
			case out <- struct{}{}:
			default: // a trigger is already queued: it covers this burst too
			}
		}
	}
}
