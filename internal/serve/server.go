// Package serve is `docproof serve`: it builds the site with the same pipeline
// as `docproof build` into memory, serves it on loopback, watches
// the sources and rebuilds on save, and pushes reloads and build problems to
// the browser over Server-Sent Events.
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/diag"
)

// BuildFunc is the build pipeline; generator.Build unless a test replaces it.
type BuildFunc func(ctx context.Context, cfg generator.Config) (*generator.Result, error)

// Options configures a Server. Zero values are the defaults.
type Options struct {
	Config       generator.Config // ContentDir, TemplatesDir, SiteFile, Verify, Workers; the rest is the server's
	Log          io.Writer        // terminal output; default io.Discard
	Build        BuildFunc        // default generator.Build
	Clock        Clock            // default the wall clock
	Settle       time.Duration    // debounce after an in-place write; default 1ms
	Quiet        time.Duration    // debounce after a create, remove or rename; default 50ms
	Poll         bool             // poll instead of native file events
	PollInterval time.Duration    // default 250ms
	AllowHosts   []string         // extra Host header names accepted besides loopback (explicit non-loopback --addr)
	AllowIPHosts bool             // accept any IP-literal Host (an explicit wildcard --addr); never a DNS name
}

// Server holds the latest good site in memory and serves it.
type Server struct {
	opts  Options
	cache *generator.Cache
	ev    *broker
	id    string        // this server instance, part of Status.Site
	done  chan struct{} // closed by Close: ends event streams
	once  sync.Once

	buildMu sync.Mutex // one build at a time
	seq     int        // build attempts, under buildMu

	changes atomic.Uint64 // relevant file changes seen by Run so far

	served atomic.Pointer[served] // the last good site; nil before the first good build

	mu     sync.RWMutex // guards status
	status Status
}

// served is a site being served and the Status.Site that names it: swapped
// as one, so a page always carries the name of the build it comes from.
type served struct {
	snap *snapshot
	site string
}

// New makes a Server.
func New(opts Options) (*Server, error) {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Build == nil {
		opts.Build = generator.Build
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.Settle <= 0 {
		// An in-place save (open with truncation, write, close) reaches
		// the watcher as one or two events within tens of microseconds,
		// after the write is complete; 1 ms of quiet is far longer. A save
		// that still spans it (a writer descheduled on a loaded machine, a
		// huge file written in pieces) is caught by the debouncer's look
		// at the file (empty, or still changing: it waits); failing that it
		// costs one extra build, never a stale site nor a flash of errors:
		// a change after a build started triggers another, and a failed
		// build that raced with a change is not shown (Rebuild).
		opts.Settle = time.Millisecond
	}
	if opts.Quiet <= 0 {
		opts.Quiet = 50 * time.Millisecond
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 250 * time.Millisecond
	}
	var id [6]byte
	_, _ = rand.Read(id[:])
	return &Server{opts: opts, cache: generator.NewCache(), ev: newBroker(), done: make(chan struct{}),
		id: hex.EncodeToString(id[:])}, nil
}

// Close ends the event streams. The site stays readable through Site until
// the Server is dropped; nothing is left on disk.
func (s *Server) Close() error {
	s.once.Do(func() { close(s.done) })
	return nil
}

// Status returns the outcome of the latest build.
func (s *Server) Status() Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.status
}

// Site is the site being served, as a read-only file system (nil before the
// first good build). It never changes: a later build is another Site.
func (s *Server) Site() fs.FS {
	if cur := s.served.Load(); cur != nil {
		return cur.snap
	}
	return nil
}

// Subscribe returns a channel that holds the latest status, replaced by every
// newer one, and a function to stop receiving.
func (s *Server) Subscribe() (<-chan Status, func()) { return s.ev.subscribe() }

// Rebuild runs the whole pipeline into memory. When it succeeds that site is
// served from then on; when it fails the last good site stays served and the
// status carries the problems. It returns the new status.
//
// A failed build during which Run saw another change is not reported (the
// status stays as it was and is returned): it may have read a save half
// done, and the build that change triggers reports instead. A good one is
// served at once, stale or not; the next build follows it.
func (s *Server) Rebuild(ctx context.Context) Status {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	s.seq++
	changes := s.changes.Load()
	var prev *snapshot
	if cur := s.served.Load(); cur != nil {
		prev = cur.snap
	}
	out := newMemOutput(prev, time.Now, s.seq)
	cfg := s.opts.Config
	cfg.Cache, cfg.CacheDir, cfg.NoWrite = s.cache, "", false // the memory cache; every build writes its site
	cfg.AtRoot = true                                         // the preview is served at "/", whatever base_url's path
	started := time.Now()
	res, err := s.build(ctx, cfg, out)
	elapsed := float64(time.Since(started).Microseconds()) / 1000
	if err != nil && (ctx.Err() != nil || s.changes.Load() != changes) {
		return s.Status()
	}
	snap := out.result()
	if err == nil && snap == nil {
		err = errors.New("serve: the build succeeded but committed no site (internal error, please report it)")
	}
	var warnings diag.List
	pages, verified := 0, 0
	if res != nil {
		warnings, pages = res.Warnings, res.Pages
		for _, r := range res.Samples {
			if r.Outcome == "pass" {
				verified++
			}
		}
	}
	s.mu.Lock()
	st := Status{Version: s.status.Version, Build: s.seq, OK: err == nil, Pages: pages, Verified: verified,
		Elapsed: elapsed, Warnings: len(warnings), Started: started, Problems: []Problem{}}
	if err == nil {
		st.Version++
		st.Site = s.site(st.Version)
		s.served.Store(&served{snap: snap, site: st.Site})
	} else {
		st.Site = s.site(st.Version)
		st.Problems = problems(err, redactor(res))
	}
	s.status = st
	s.mu.Unlock()
	s.ev.publish(st)
	report(s.opts.Log, st, warnings, redactor(res))
	return st
}

// build runs the pipeline into out; a panic in it becomes a failed build
// instead of ending the preview (the writer's next save may well fix its
// cause).
func (s *Server) build(ctx context.Context, cfg generator.Config, out *memOutput) (res *generator.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("internal error while building (please report it): %v", p)
		}
	}()
	cfg.Output = out
	return s.opts.Build(ctx, cfg)
}

// site names the good build number version of this server instance.
func (s *Server) site(version int) string { return s.id + "-" + strconv.Itoa(version) }

// Run watches the sources and rebuilds on every change until ctx is done. It
// does not build first: call Rebuild for the initial build (after Run has
// started watching, changes made during that build are not lost). It closes
// ready (when not nil) once the watches are in place, or when it gives up.
func (s *Server) Run(ctx context.Context, ready chan<- struct{}) error {
	var once sync.Once
	markReady := func() {
		if ready != nil {
			once.Do(func() { close(ready) })
		}
	}
	defer markReady()
	ws, err := newWatchSet(s.watchTrees(), []string{orDefault(s.opts.Config.SiteFile, generator.DefaultSiteFile)})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	changes := make(chan change, 64)
	trigger := make(chan struct{}, 1)
	d := debouncer{clock: s.opts.Clock, settle: s.opts.Settle, quiet: s.opts.Quiet, max: 10 * s.opts.Quiet, stat: statFile,
		changed: func() { s.changes.Add(1) }}
	var wg sync.WaitGroup
	wg.Go(func() { d.run(ctx, changes, trigger) })
	errc := make(chan error, 1)
	wg.Go(func() {
		err := watch(ctx, ws, s.opts.Poll, s.opts.PollInterval, s.opts.Clock, s.opts.Log, changes, markReady)
		cancel() // a watcher that failed stops the rebuild loop too
		errc <- err
	})
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-trigger:
				s.Rebuild(ctx)
			}
		}
	})
	wg.Wait()
	return <-errc
}

func (s *Server) watchTrees() []string {
	trees := []string{orDefault(s.opts.Config.ContentDir, generator.DefaultContentDir)}
	if s.opts.Config.TemplatesDir != "" {
		trees = append(trees, s.opts.Config.TemplatesDir)
	}
	return trees
}

// orDefault gives the generator's default for a path left empty (the
// generator applies the same defaults; the Config it gets stays as given, so
// a missing default config file stays optional).
func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
