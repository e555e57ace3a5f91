// Command docproof builds documentation sites whose API samples are proven
// against an embedded mock of the Buildkite agent API.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// command is one docproof subcommand: it parses its own flags and returns the exit code.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"build": {"build the site from content/ into public/, verifying every sample", runBuild},
		"check": {"verify every sample without writing the site (CI doc-test mode)", runCheck},
		"serve": {"live preview: build, serve on 127.0.0.1 and rebuild on save", runServe},
		"mock":  {"serve the Buildkite agent API mock standalone", runMock},
	}
}

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "build" || os.Args[1] == "check") {
		oneShotGC()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// oneShotGC lets a one-shot build's heap grow to 3× what is live (GOGC=200)
// unless GOGC is set. The streaming build keeps little alive (~20 MiB at 1,000
// pages), so at the default 100 it collects every ~20 MiB allocated; at 1,000
// pages 200 takes ~0.15 s (~15 %) of user CPU off for ~10 MiB more peak RSS
// (300 took ~0.2 s for ~15-30 MiB; PERFORMANCE.md). serve
// and mock keep the default.
func oneShotGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(200)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "docproof: unknown command %q\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	return cmd.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: docproof <command> [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, name := range []string{"build", "check", "serve", "mock"} {
		fmt.Fprintf(w, "  %-6s %s\n", name, cmds[name].summary)
	}
	fmt.Fprintln(w, "\nRun 'docproof <command> --help' for its flags.")
}
