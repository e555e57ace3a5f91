package pool

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRunCallsEachIndexOnce(t *testing.T) {
	for _, tt := range []struct{ workers, n int }{{1, 10}, {4, 100}, {8, 3}, {3, 0}} {
		seen := make([]int32, tt.n)
		var busy, most atomic.Int32
		Run(context.Background(), tt.workers, tt.n, func(i int) {
			now := busy.Add(1)
			for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
			}
			atomic.AddInt32(&seen[i], 1)
			busy.Add(-1)
		})
		for i, c := range seen {
			assert.Equal(t, int32(1), c, "index %d of %d", i, tt.n)
		}
		assert.LessOrEqual(t, int(most.Load()), tt.workers, "at most workers at once")
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	Run(ctx, 1, 1000, func(i int) {
		if calls.Add(1) == 5 {
			cancel()
		}
	})
	assert.Less(t, int(calls.Load()), 1000, "no work is handed out once ctx is done")
}

func TestRunWithMakesOneWorkerPerGoroutine(t *testing.T) {
	var mu sync.Mutex
	made := 0
	RunWith(context.Background(), 3, 50, func() func(int) {
		mu.Lock()
		made++
		mu.Unlock()
		return func(int) {}
	})
	assert.Equal(t, 3, made)
}
