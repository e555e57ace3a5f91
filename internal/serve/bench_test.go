package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"github.com/docproof/docproof/internal/mockbackend"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/internal/benchcorpus/corpus"
)

// BenchmarkServeEditToReload measures, on the 1,000-page benchmark corpus,
// the time from writing one page (an in-place save) to the moment a browser
// would receive the reload: the "status" event of the new build on
// /_docproof/events, read over a real loopback connection. It reports the
// median and the 95th percentile in milliseconds, and splits the median into
// the build itself and the serve overhead around it.
//
//	go test -run '^$' -bench BenchmarkServeEditToReload -benchtime 40x ./internal/serve
//
// DOCPROOF_BENCH_PAGES=N changes the corpus size.
func BenchmarkServeEditToReload(b *testing.B) {
	pages := 1000
	if v := os.Getenv("DOCPROOF_BENCH_PAGES"); v != "" {
		_, _ = fmt.Sscan(v, &pages)
	}
	dir := b.TempDir()
	if err := corpus.Write(dir, corpus.Options{Pages: pages, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	content := filepath.Join(dir, "content")
	s, err := New(Options{Config: generator.Config{ContentDir: content, SiteFile: filepath.Join(dir, "none.yaml"), Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}}})
	if err != nil {
		b.Fatal(err)
	}
	writeFile(b, filepath.Join(dir, "none.yaml"), "title: Bench\n")
	ctx, cancel := context.WithCancel(b.Context())
	ready := make(chan struct{})
	runDone := make(chan error, 1)
	go func() { runDone <- s.Run(ctx, ready) }()
	defer func() { cancel(); <-runDone }()
	<-ready
	if st := s.Rebuild(ctx); !st.OK {
		b.Fatalf("initial build: %+v", st.Problems)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	defer s.Close()
	events := openEvents(b, ctx, srv.URL)

	page := filepath.Join(content, filepath.FromSlash(corpus.PagePath(pages/2)))
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	edits := []struct {
		name string
		body func(i int) []byte
	}{
		// A writer's edit: a new sentence in one page.
		{"text-edit", func(i int) []byte {
			return []byte(strings.Replace(string(orig), "\n\n", fmt.Sprintf("\n\nEdit number %d.\n\n", i), 1))
		}},
		// A save that changes no byte: every cache hits, so this is the
		// floor of a rebuild that still writes and scans the whole site.
		{"unchanged-save", func(int) []byte { return orig }},
	}
	for _, e := range edits {
		b.Run(e.name, func(b *testing.B) {
			measureEdits(b, s, events, page, e.body)
		})
	}
}

// measureEdits writes page b.N times and times each write until the status
// event of a build that read it.
func measureEdits(b *testing.B, s *Server, events *eventStream, page string, body func(i int) []byte) {
	version := s.Status().Version
	var lat, builds, overhead []time.Duration
	cpu0 := processCPU(b)
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if err := os.WriteFile(page, body(i), 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			st := events.next(b)
			if !st.OK {
				b.Fatalf("build failed: %+v", st.Problems)
			}
			if st.Version > version && st.Started.After(start) { // a build that read the write
				version = st.Version
				d := time.Since(start)
				build := time.Duration(st.Elapsed * float64(time.Millisecond))
				lat, builds, overhead = append(lat, d), append(builds, build), append(overhead, d-build)
				break
			}
		}
	}
	// CPU time of the whole process per edit (build, watcher, server and
	// this client): unlike wall time, it barely moves with the machine's load.
	b.ReportMetric(ms2((processCPU(b)-cpu0)/time.Duration(len(lat))), "cpu-ms/op")
	b.ReportMetric(ms2(percentile(lat, 50)), "median-ms")
	b.ReportMetric(ms2(percentile(lat, 95)), "p95-ms")
	// Where the time goes: generator.Build itself, and everything else
	// (file event, debounce, publishing the status, SSE) around it.
	b.ReportMetric(ms2(percentile(builds, 50)), "build-median-ms")
	b.ReportMetric(ms2(percentile(overhead, 50)), "serve-overhead-median-ms")
}

// processCPU is the user and system CPU time this process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// percentile returns the p-th percentile (nearest rank) of ds.
func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms2(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type eventStream struct {
	r    *bufio.Reader
	resp *http.Response
}

func openEvents(b *testing.B, ctx context.Context, base string) *eventStream {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_docproof/events", nil)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = resp.Body.Close() })
	es := &eventStream{r: bufio.NewReader(resp.Body), resp: resp}
	es.next(b) // the current status
	return es
}

func (es *eventStream) next(b *testing.B) Status {
	var data string
	for {
		line, err := es.r.ReadString('\n')
		if err != nil {
			b.Fatal(err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && data != "":
			var st Status
			if err := json.Unmarshal([]byte(data), &st); err != nil {
				b.Fatal(err)
			}
			return st
		}
	}
}
