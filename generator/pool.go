package generator

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/docproof/docproof/generator/sample"
)

// The build's one worker-pool shape and its one report order. The pool hands
// n items out in order to at most workers goroutines, and no more once ctx
// is done; pass 1's reads, pass 2's pages and Load go through it
// (VerifySamples, a test entry point, still has a pool of its own).

// parallel calls fn(i) for i in [0,n) on at most workers goroutines and
// stops handing out work when ctx is done.
func parallel(ctx context.Context, workers, n int, fn func(i int)) {
	parallelWith(ctx, workers, n, func() func(int) { return fn })
}

// parallelWith is parallel with per-goroutine state: each goroutine calls
// newWorker once and then the function it returned for each i it takes.
func parallelWith(ctx context.Context, workers, n int, newWorker func() func(i int)) {
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

// sortReport puts a build's sample results and updates in file and line
// order, whatever order the pages finished in: the one order every report
// (terminal, JUnit, JSON) shows.
func sortReport(rep *sample.Report) {
	byPosition := func(af string, al int, bf string, bl int) int {
		if c := strings.Compare(af, bf); c != 0 {
			return c
		}
		return cmp.Compare(al, bl)
	}
	slices.SortStableFunc(rep.Results, func(a, b sample.Result) int { return byPosition(a.File, a.Line, b.File, b.Line) })
	slices.SortStableFunc(rep.Updates, func(a, b sample.Update) int { return byPosition(a.File, a.Line, b.File, b.Line) })
}
