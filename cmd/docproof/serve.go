package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/internal/mockbackend"
	"github.com/docproof/docproof/internal/serve"
)

// runServe is `docproof serve`: live preview for writers.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", serve.DefaultAddr, "listen address; a non-loopback address exposes the preview to other machines")
	content := fs.String("content", "content", "Markdown sources")
	templates := fs.String("templates", "", "templates directory replacing the embedded ones")
	config := fs.String("config", "", "site config file (default docproof.yaml, optional)")
	poll := fs.Bool("poll", false, "poll the files instead of using native file events (network or container file systems)")
	interval := fs.Duration("poll-interval", 250*time.Millisecond, "how often to poll when polling")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: docproof serve [--addr 127.0.0.1:1313] [--content DIR] [--templates DIR] [--config FILE]")
		fmt.Fprintln(fs.Output(), "\nBuilds the site, serves it with live reload and rebuilds on every save.")
		fmt.Fprintln(fs.Output(), "The site is kept in memory: nothing is written to disk, public/ is left alone.")
		fmt.Fprintln(fs.Output(), "Build problems are printed here and shown over the page; the last good build stays served.")
		fmt.Fprintln(fs.Output(), "\nflags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		fmt.Fprintf(stderr, "docproof serve: --addr %q: want HOST:PORT, e.g. %s\n", *addr, serve.DefaultAddr)
		return 2
	}
	opts := serve.Options{
		Config: generator.Config{ContentDir: *content, TemplatesDir: *templates, SiteFile: *config,
			Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}},
		Log:          stdout,
		Poll:         *poll,
		PollInterval: *interval,
	}
	if err := serve.ListenAndServe(ctx, *addr, opts); err != nil {
		fmt.Fprintln(stderr, "docproof", err)
		return 1
	}
	return 0
}
