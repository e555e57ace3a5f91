package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/docproof/docproof/internal/hostcheck"
	"github.com/docproof/docproof/mockapi"
)

// envOrder is the order `docproof mock` prints the mock's environment in.
var envOrder = []string{
	"BUILDKITE_AGENT_ENDPOINT", "BUILDKITE_GRAPHQL_ENDPOINT", "BUILDKITE_REST_ENDPOINT",
	"BUILDKITE_AGENT_TOKEN", "BUILDKITE_API_TOKEN", "BUILDKITE_API_TOKEN_READ_ONLY",
	"BUILDKITE_ORGANIZATION_SLUG", "BUILDKITE_ORGANIZATION_ID", "BUILDKITE_ORGANIZATION_UUID",
	"BUILDKITE_CLUSTER_ID", "BUILDKITE_CLUSTER_GRAPHQL_ID", "BUILDKITE_CLUSTER_QUEUE_ID",
	"BUILDKITE_CLUSTER_TOKEN_ID", "BUILDKITE_CLUSTER_TOKEN_GRAPHQL_ID", "BUILDKITE_CLUSTER_AGENT_TOKEN",
	"BUILDKITE_AGENT_TOKEN_OTHER_ORG", "BUILDKITE_API_TOKEN_OTHER_ORG", "BUILDKITE_API_TOKEN_READ_ONLY_OTHER_ORG",
	"BUILDKITE_ORGANIZATION_SLUG_OTHER_ORG", "BUILDKITE_ORGANIZATION_ID_OTHER_ORG", "BUILDKITE_ORGANIZATION_UUID_OTHER_ORG",
	"BUILDKITE_CLUSTER_ID_OTHER_ORG", "BUILDKITE_CLUSTER_GRAPHQL_ID_OTHER_ORG", "BUILDKITE_CLUSTER_QUEUE_ID_OTHER_ORG",
	"BUILDKITE_CLUSTER_TOKEN_ID_OTHER_ORG", "BUILDKITE_CLUSTER_TOKEN_GRAPHQL_ID_OTHER_ORG", "BUILDKITE_CLUSTER_AGENT_TOKEN_OTHER_ORG",
}

// runMock is `docproof mock`: it serves the mock until ctx is canceled
// (SIGINT/SIGTERM), after printing the environment its samples need.
func runMock(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	seed := fs.Int64("seed", 1, "seed the token values and issued ids derive from")
	jobTokens := fs.Bool("job-tokens", true, "issue job tokens on accept/acquire (false: jobs use the session token)")
	verbose := fs.Bool("v", false, "log every request (method, path, status; never a token) to stderr")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback --addr: other machines can then use the mock's tokens and control API")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: docproof mock [flags]")
		fmt.Fprintln(fs.Output(), "\nServes the Buildkite API mock (agent API /v3, REST API /v2, GraphQL /v1, control API /_mock/)")
		fmt.Fprintln(fs.Output(), "and prints export lines with its endpoints and tokens. Stops on Ctrl-C.\n\nflags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "docproof mock: --addr %q: %v (want host:port, e.g. 127.0.0.1:8080)\n", *addr, err)
		return 2
	}
	if !isLoopback(host) && !*allowRemote {
		fmt.Fprintf(stderr, "docproof mock: --addr %s is not a loopback address: other machines could create jobs that "+
			"an agent attached to the mock runs, and read its tokens; use --addr 127.0.0.1:PORT, or add --allow-remote "+
			"if that is what you want\n", *addr)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "docproof mock: %v (is another server using the port? try --addr 127.0.0.1:0)\n", err)
		return 1
	}
	base := "http://" + publicAddr(ln.Addr().(*net.TCPAddr), host)
	mock := mockapi.New(mockapi.WithSeed(*seed), mockapi.WithPublicURL(base), mockapi.WithJobTokens(*jobTokens))
	var handler http.Handler = mock.Guarded(mockapi.GuardRule{Hosts: hostcheck.ForListen(host)})
	if *verbose {
		handler = logRequests(handler, stderr)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}

	env := mock.Env()
	for _, k := range envOrder {
		fmt.Fprintf(stdout, "export %s=%s\n", k, shellQuote(env[k]))
	}
	if !isLoopback(host) {
		printReach(stderr, ln.Addr().(*net.TCPAddr))
	}
	fmt.Fprintf(stderr, "docproof mock: serving %s (agent API %s/v3, REST API %s/v2, GraphQL %s/v1, control API %s/_mock/); Ctrl-C stops\n",
		base, base, base, base, base)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		fmt.Fprintf(stderr, "docproof mock: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(stderr, "docproof mock: shutdown: %v\n", err)
		return 1
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "docproof mock: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "docproof mock: stopped")
	return 0
}

// isLoopback reports whether host names only this machine.
func isLoopback(host string) bool { return hostcheck.IsLoopback(host) }

// publicAddr is the host:port clients should use: the listening address, with
// an unspecified host (":8080", "0.0.0.0:8080") replaced by 127.0.0.1.
func publicAddr(a *net.TCPAddr, host string) string {
	if host == "" || a.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", fmt.Sprint(a.Port))
	}
	if strings.EqualFold(host, "localhost") {
		return net.JoinHostPort("localhost", fmt.Sprint(a.Port))
	}
	return a.String()
}

// shellQuote quotes v for a POSIX shell when it holds anything but safe characters.
func shellQuote(v string) string {
	if v != "" && strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:/=+@%") == "" {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// logRequests logs each request's method, path and status. Paths never hold
// tokens; headers and bodies are not logged.
func logRequests(h http.Handler, w io.Writer) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: rw, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		fmt.Fprintf(w, "%s %s %d\n", r.Method, r.URL.Path, rec.status)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
