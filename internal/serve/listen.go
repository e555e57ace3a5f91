package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/internal/hostcheck"
)

// DefaultAddr is where the preview listens unless told otherwise: loopback only.
const DefaultAddr = "127.0.0.1:1313"

// ListenAndServe is `docproof serve`: it watches the sources, builds the
// site, serves it on addr, prints the URL to opts.Log and rebuilds on every
// change until ctx is done, then shuts down cleanly.
func ListenAndServe(ctx context.Context, addr string, opts Options) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("serve: --addr %q: %w (want HOST:PORT, e.g. %s)", addr, err, DefaultAddr)
	}
	if !isLoopbackHost(host) {
		opts.AllowIPHosts = true
		if host != "" {
			opts.AllowHosts = append(opts.AllowHosts, host)
		}
		shown := host
		if shown == "" {
			shown = "every interface"
		}
		fmt.Fprintf(orDiscard(opts.Log), "warning: --addr %s listens on %s: other machines can read the preview, "+
			"drafts included\n", addr, shown)
	}
	s, err := New(opts)
	if err != nil {
		return err
	}
	defer s.Close()
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx }, // ends SSE streams on shutdown
	}
	var wg sync.WaitGroup
	ready := make(chan struct{})
	watchErr := make(chan error, 1)
	wg.Go(func() {
		watchErr <- s.Run(ctx, ready)
		cancel()
	})
	<-ready
	serveErr := make(chan error, 1)
	wg.Go(func() { serveErr <- srv.Serve(ln) })
	fmt.Fprintf(s.opts.Log, "serving %s (watching for changes; Ctrl-C to stop)\n", URL(ln.Addr()))
	fmt.Fprintf(s.opts.Log, "building %s …\n", orDefault(opts.Config.ContentDir, generator.DefaultContentDir))
	s.Rebuild(ctx) // pages requested meanwhile show a placeholder that reloads when this succeeds
	<-ctx.Done()
	fmt.Fprintln(s.opts.Log, "stopping")
	shutCtx, stop := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
	defer stop()
	err = srv.Shutdown(shutCtx)
	wg.Wait()
	if e := <-serveErr; e != nil && !errors.Is(e, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", e)
	}
	if e := <-watchErr; e != nil {
		return fmt.Errorf("serve: %w", e)
	}
	if err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}

// URL is the address to open in a browser for a listener address; a
// wildcard address is shown as 127.0.0.1.
func URL(a net.Addr) string {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	ip := ap.Addr()
	if ip.IsUnspecified() {
		ip = netip.MustParseAddr("127.0.0.1")
	}
	return "http://" + netip.AddrPortFrom(ip.Unmap(), ap.Port()).String() + "/"
}

// isLoopbackHost reports whether a listen host keeps the server on this
// machine. "" (every interface) is not loopback.
func isLoopbackHost(host string) bool { return hostcheck.IsLoopback(host) }

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}
