package serve

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// step is one scripted change: wait, then send a change of a kind.
type step struct {
	wait time.Duration
	kind changeKind
}

func TestDebouncer(t *testing.T) {
	d := debouncer{clock: realClock{}, settle: 10 * time.Millisecond, quiet: 50 * time.Millisecond, max: 300 * time.Millisecond}
	tests := []struct {
		name  string
		steps []step
		// fires are the times, since the first change, at which triggers are expected.
		fires []time.Duration
	}{
		{"single write settles quickly", []step{{0, contentChange}}, []time.Duration{10 * time.Millisecond}},
		{"single rename waits the quiet time", []step{{0, structuralChange}}, []time.Duration{50 * time.Millisecond}},
		{"burst of writes is one trigger", []step{{0, contentChange}, {2 * time.Millisecond, contentChange},
			{3 * time.Millisecond, contentChange}, {1 * time.Millisecond, contentChange}}, []time.Duration{16 * time.Millisecond}},
		{"atomic save: rename then write keeps the longer wait", []step{{0, structuralChange},
			{1 * time.Millisecond, contentChange}, {1 * time.Millisecond, contentChange}}, []time.Duration{50 * time.Millisecond}},
		{"two separate saves are two triggers", []step{{0, contentChange}, {100 * time.Millisecond, contentChange}},
			[]time.Duration{10 * time.Millisecond, 110 * time.Millisecond}},
		{"continuous stream is capped by max", streamOf(40, 8*time.Millisecond),
			[]time.Duration{300 * time.Millisecond, 322 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				in := make(chan change)
				out := make(chan struct{}, 1)
				go d.run(ctx, in, out)
				start := time.Now()
				var got []time.Duration
				done := make(chan struct{})
				go func() {
					defer close(done)
					for {
						select {
						case <-out:
							got = append(got, time.Since(start))
						case <-ctx.Done():
							return
						}
					}
				}()
				for _, s := range tt.steps {
					time.Sleep(s.wait)
					in <- change{kind: s.kind}
				}
				time.Sleep(time.Second)
				cancel()
				<-done
				assert.Equal(t, tt.fires, got)
			})
		})
	}
}

func streamOf(n int, every time.Duration) []step {
	steps := make([]step, n)
	for i := range steps {
		steps[i] = step{every, contentChange}
	}
	steps[0].wait = 0
	return steps
}

// TestDebouncerMergesWhileBusy: while a build runs (out is full), later
// bursts merge into the queued trigger instead of piling up.
func TestDebouncerMergesWhileBusy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var seen int
		d := debouncer{clock: realClock{}, settle: 10 * time.Millisecond, quiet: 50 * time.Millisecond, max: time.Second,
			changed: func() { seen++ }}
		in := make(chan change)
		out := make(chan struct{}, 1)
		go d.run(t.Context(), in, out)
		for range 3 {
			in <- change{kind: contentChange}
			time.Sleep(20 * time.Millisecond)
		}
		synctest.Wait()
		assert.Equal(t, 3, seen, "every change is counted as it arrives, busy or not")
		require.Len(t, out, 1)
		<-out
		time.Sleep(time.Second)
		assert.Empty(t, out)
	})
}

// TestDebouncerWaitsForUnfinishedSave: a burst whose written file is empty
// when it would fire (a save truncated but not yet written) waits for the
// rest of the save, then settles from it; a file left empty waits the quiet
// time once; a file still growing since its last event (a write in progress)
// waits until it stops changing.
func TestDebouncerWaitsForUnfinishedSave(t *testing.T) {
	tests := []struct {
		name       string
		steps      []step
		emptyUntil time.Duration // the file "a" is empty until then, since the first change
		growUntil  time.Duration // then it grows a byte a millisecond until this
		fires      []time.Duration
	}{
		{"never empty: the usual settle", []step{{0, contentChange}}, 0, 0, []time.Duration{10 * time.Millisecond}},
		{"truncated, written 20 ms later: settles from the write",
			[]step{{0, contentChange}, {20 * time.Millisecond, contentChange}}, 20 * time.Millisecond, 0,
			[]time.Duration{30 * time.Millisecond}},
		{"emptied on purpose: waits the quiet time once", []step{{0, contentChange}}, time.Hour, 0,
			[]time.Duration{60 * time.Millisecond}},
		// The first burst hits max while empty: no wait past it. The
		// second (changes from 304 to 312 ms) waits once: 322 + 50.
		{"write in progress: waits until the file stops changing", []step{{0, contentChange}}, 0,
			15 * time.Millisecond, []time.Duration{30 * time.Millisecond}},
		{"capped by max", streamOf(40, 8*time.Millisecond), time.Hour, 0,
			[]time.Duration{300 * time.Millisecond, 372 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				d := debouncer{clock: realClock{}, settle: 10 * time.Millisecond, quiet: 50 * time.Millisecond,
					max: 300 * time.Millisecond, stat: func(path string) fileState {
						require.Equal(t, "a", path)
						since := time.Since(start)
						if since < tt.emptyUntil {
							return fileState{ok: true}
						}
						return fileState{size: 1 + int64(min(since, tt.growUntil)/time.Millisecond), ok: true}
					}}
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				in := make(chan change)
				out := make(chan struct{}, 1)
				go d.run(ctx, in, out)
				var got []time.Duration
				done := make(chan struct{})
				go func() {
					defer close(done)
					for {
						select {
						case <-out:
							got = append(got, time.Since(start))
						case <-ctx.Done():
							return
						}
					}
				}()
				for _, s := range tt.steps {
					time.Sleep(s.wait)
					in <- change{path: "a", kind: s.kind}
				}
				time.Sleep(time.Second)
				cancel()
				<-done
				assert.Equal(t, tt.fires, got)
			})
		})
	}
}
