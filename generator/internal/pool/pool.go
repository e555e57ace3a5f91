// Package pool is the build's one worker-pool shape: n items handed out in
// order to at most a given number of goroutines, and no more once the
// context is done.
package pool

import (
	"context"
	"sync"
)

// Run calls fn(i) for i in [0,n) on at most workers goroutines and stops
// handing out work when ctx is done.
func Run(ctx context.Context, workers, n int, fn func(i int)) {
	RunWith(ctx, workers, n, func() func(int) { return fn })
}

// RunWith is Run with per-goroutine state: each goroutine calls newWorker
// once and then the function it returned for each i it takes.
func RunWith(ctx context.Context, workers, n int, newWorker func() func(i int)) {
	if workers > n {
		workers = n
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn := newWorker()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
}
