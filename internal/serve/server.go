// Package serve is `docproof serve`: it builds the site with the same pipeline
// as `docproof build` into a directory it owns, serves it on loopback, watches
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
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/diag"
)

// BuildFunc is the build pipeline; generator.Build unless a test replaces it.
type BuildFunc func(ctx context.Context, cfg generator.Config) (*generator.Result, error)

// Options configures a Server. Zero values are the defaults.
type Options struct {
	Config       generator.Config // ContentDir, TemplatesDir, SiteFile, Verify; OutDir, Cache and AtRoot are the server's
	Log          io.Writer        // terminal output; default io.Discard
	Build        BuildFunc        // default generator.Build
	Clock        Clock            // default the wall clock
	Settle       time.Duration    // debounce after an in-place write; default 3ms
	Quiet        time.Duration    // debounce after a create, remove or rename; default 50ms
	Poll         bool             // poll instead of native file events
	PollInterval time.Duration    // default 250ms
	AllowHosts   []string         // extra Host header names accepted besides loopback (explicit non-loopback --addr)
	AllowIPHosts bool             // accept any IP-literal Host (an explicit wildcard --addr); never a DNS name
	OutRoot      string           // where the output directory is made; default a RAM-backed tmpfs when there is one
}

// Server owns the output directory of the live preview and the latest good site in it.
type Server struct {
	opts  Options
	tmp   string // serve-owned directory holding site-N/ builds
	cache *generator.Cache
	ev    *broker
	id    string        // this server instance, part of Status.Site
	done  chan struct{} // closed by Close: ends event streams
	once  sync.Once

	buildMu sync.Mutex // one build at a time
	seq     int        // build attempts, under buildMu

	mu      sync.RWMutex // guards the fields below
	root    *os.Root     // the last good site; nil before the first good build
	rootDir string
	status  Status
	closed  bool           // Close has begun: old trees are removed in place, not in the background
	cleanup sync.WaitGroup // background removals of replaced trees; Add only under mu while !closed
}

// New makes a Server and its temporary output directory. Close removes it.
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
		// the watcher as a few events within microseconds of each other;
		// 3 ms of quiet is far longer than that. A save that still spans
		// it (a huge file written in pieces) costs one extra build, never
		// a stale site: a change after a build started triggers another.
		opts.Settle = 3 * time.Millisecond
	}
	if opts.Quiet <= 0 {
		opts.Quiet = 50 * time.Millisecond
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 250 * time.Millisecond
	}
	tmp, err := makeOutDir(opts.OutRoot)
	if err != nil {
		return nil, err
	}
	var id [6]byte
	_, _ = rand.Read(id[:])
	return &Server{opts: opts, tmp: tmp, cache: generator.NewCache(), ev: newBroker(), done: make(chan struct{}),
		id: hex.EncodeToString(id[:])}, nil
}

// Close ends the event streams, releases the served site and removes the
// output directory.
func (s *Server) Close() error {
	s.once.Do(func() { close(s.done) })
	s.mu.Lock()
	s.closed = true
	if s.root != nil {
		_ = s.root.Close()
		s.root = nil
	}
	s.mu.Unlock()
	s.cleanup.Wait()
	return os.RemoveAll(s.tmp)
}

// Status returns the outcome of the latest build.
func (s *Server) Status() Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.status
}

// SiteDir is the directory of the site being served ("" before the first good build).
func (s *Server) SiteDir() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rootDir
}

// Subscribe returns a channel that holds the latest status, replaced by every
// newer one, and a function to stop receiving.
func (s *Server) Subscribe() (<-chan Status, func()) { return s.ev.subscribe() }

// Rebuild runs the whole pipeline into a fresh directory. When it succeeds
// that directory is served from then on; when it fails the last good site
// stays served and the status carries the problems. It returns the new status.
func (s *Server) Rebuild(ctx context.Context) Status {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	s.seq++
	dir := filepath.Join(s.tmp, fmt.Sprintf("site-%d", s.seq))
	cfg := s.opts.Config
	cfg.OutDir, cfg.Cache = dir, s.cache
	cfg.AtRoot = true // the preview is served at "/", whatever base_url's path
	started := time.Now()
	res, err := s.build(ctx, cfg)
	elapsed := float64(time.Since(started).Microseconds()) / 1000
	if ctx.Err() != nil && err != nil {
		_ = os.RemoveAll(dir)
		return s.Status()
	}
	var root *os.Root
	if err == nil {
		root, err = os.OpenRoot(dir)
		if err != nil {
			err = fmt.Errorf("serve: the build wrote no site at %s: %w", dir, err)
		}
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
	var oldRoot *os.Root
	oldDir := dir // a failed build's leftovers, if any
	if err == nil {
		st.Version++
		st.Site = s.site(st.Version)
		oldRoot, oldDir = s.root, s.rootDir
		s.root, s.rootDir = root, dir
	} else {
		st.Site = s.site(st.Version)
		st.Problems = problems(err)
	}
	s.status = st
	background := !s.closed
	if background {
		s.cleanup.Add(1)
	}
	s.mu.Unlock()
	s.ev.publish(st)
	report(s.opts.Log, st, warnings)
	// No request is opening a file in the old tree now (opens hold mu.RLock);
	// files already open stay readable after removal. Removing it (about a
	// thousand unlinks for a large site) happens after the reload was
	// pushed and off the rebuild loop, so a save that follows at once does
	// not wait for it. Close waits for it.
	remove := func() {
		if oldRoot != nil {
			_ = oldRoot.Close()
		}
		if oldDir != "" {
			_ = os.RemoveAll(oldDir)
		}
	}
	if background {
		go func() {
			defer s.cleanup.Done()
			remove()
		}()
	} else {
		remove()
	}
	return st
}

// build runs the pipeline; a panic in it becomes a failed build instead of
// ending the preview (the writer's next save may well fix its cause).
func (s *Server) build(ctx context.Context, cfg generator.Config) (res *generator.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("internal error while building (please report it): %v", p)
		}
	}()
	return s.opts.Build(ctx, cfg)
}

// open opens a file of the served site, confined to its directory: no "..",
// no absolute path and no symlink leads outside it.
// It also returns the Status.Site of the tree the file comes from.
func (s *Server) open(name string) (*os.File, string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	site := s.site(s.status.Version)
	if s.root == nil {
		return nil, site, errNoSite
	}
	f, err := s.root.Open(name)
	return f, site, err
}

// site names the good build number version of this server instance.
func (s *Server) site(version int) string { return s.id + "-" + strconv.Itoa(version) }

var errNoSite = errors.New("no successful build yet")

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
	d := debouncer{clock: s.opts.Clock, settle: s.opts.Settle, quiet: s.opts.Quiet, max: 10 * s.opts.Quiet, stat: statFile}
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
