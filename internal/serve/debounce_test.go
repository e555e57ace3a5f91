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
		d := debouncer{clock: realClock{}, settle: 10 * time.Millisecond, quiet: 50 * time.Millisecond, max: time.Second}
		in := make(chan change)
		out := make(chan struct{}, 1)
		go d.run(t.Context(), in, out)
		for range 3 {
			in <- change{kind: contentChange}
			time.Sleep(20 * time.Millisecond)
		}
		synctest.Wait()
		require.Len(t, out, 1)
		<-out
		time.Sleep(time.Second)
		assert.Empty(t, out)
	})
}
