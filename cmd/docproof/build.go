package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/secret"
	"github.com/docproof/docproof/internal/mockbackend"
)

// runBuild is `docproof build`: exit 0 on success, 1 when the content has
// problems (each printed as file:line: message), 2 on bad usage or config.
func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := generator.Config{Verify: generator.VerifyOptions{Mock: mockbackend.Mock{}}}
	fs.StringVar(&cfg.ContentDir, "content", generator.DefaultContentDir, "folder of Markdown pages and static files")
	fs.StringVar(&cfg.OutDir, "out", generator.DefaultOutDir, "folder the site is published to: replaced whole and atomically, so a new or empty folder or one docproof published")
	fs.StringVar(&cfg.TemplatesDir, "templates", "", "folder of templates and assets/ replacing the built-in ones")
	site := fs.String("config", "", "site config `FILE` (title, base_url, description, responses, env; default: docproof.yaml beside the content folder, else in the working folder)")
	fs.IntVar(&cfg.Workers, "workers", 0, "pages rendered at once (0: one per CPU)")
	fs.StringVar(&cfg.CacheDir, "cache-dir", "", "on-disk build cache (default: .cache/docproof beside the content folder)")
	noCache := fs.Bool("no-cache", false, "build everything from scratch and leave the cache alone")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file (go tool pprof)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: docproof build [flags]")
		fmt.Fprintln(fs.Output(), "\nBuilds content/ into public/, running every API sample against the built-in mock.")
		fmt.Fprintln(fs.Output(), "Exits 1 when a page has a problem (each printed as file:line), 2 on bad usage.\n\nflags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	if *site != "" {
		cfg.SiteFile = *site
	}
	switch {
	case *noCache:
		cfg.CacheDir = ""
	case cfg.CacheDir == "":
		cfg.CacheDir = defaultCacheDir(cfg.ContentDir)
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "docproof: %v\n", err)
			return 2
		}
		defer stop()
	}
	res, err := generator.Build(ctx, cfg)
	pages := 0
	if res != nil {
		pages = res.Pages
	}
	return report(res, err, stdout, stderr, buildWhat(pages, cfg.OutDir, err))
}

// buildWhat is the start of the summary line: what the build did with the
// out dir. A failed build publishes nothing, and says so.
func buildWhat(pages int, out string, err error) string {
	if err != nil {
		return fmt.Sprintf("%s left unchanged, %s checked", out, plural(pages, "page"))
	}
	return fmt.Sprintf("built %s into %s", plural(pages, "page"), out)
}

// parseFlags parses args; done is true when the command should stop with code
// (after --help: 0, on a bad flag or a stray argument: 2).
// The flag package prints the usage itself on -h and on a bad flag; here it
// is printed once, after Parse: on stdout for --help, on stderr after the
// error of a bad flag.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, done bool) {
	usage, wanted := fs.Usage, false
	fs.Usage = func() { wanted = true }
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0, true
		}
		if wanted {
			fs.Usage()
		}
		return 2, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "docproof %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return 2, true
	}
	return 0, false
}

// printProblems prints a build's warnings and errors to stderr, each as
// file:line: message, prefixing errors that carry no position with name. It
// returns 2 for bad usage or configuration, else 0.
func printProblems(name string, res *generator.Result, err error, stderr io.Writer) int {
	var cfgErr *generator.ConfigError
	if errors.As(err, &cfgErr) {
		fmt.Fprintf(stderr, "%s: %v\n", name, cfgErr)
		return 2
	}
	red := redactor(res)
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintln(stderr, red(w.Error()))
		}
	}
	var list diag.List
	if errors.As(err, &list) {
		for _, d := range list {
			fmt.Fprintln(stderr, red(d.Error()))
		}
	} else if err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", name, red(err.Error()))
	}
	return 0
}

// redactor hides, in text printed to the terminal, the token values the
// build's mocks issued and every real token shape: diagnostics quote page
// sources and answers, and a sample may have sent a token anywhere.
func redactor(res *generator.Result) func(string) string {
	var issued []string
	if res != nil {
		issued = res.Issued
	}
	f := secret.NewFinder(issued)
	return f.Redact
}

// report prints a build's warnings and errors to stderr and its summary line
// to stdout, and returns the exit code.
func report(res *generator.Result, err error, stdout, stderr io.Writer, what string) int {
	if code := printProblems("docproof", res, err, stderr); code != 0 || res == nil {
		return max(code, 1)
	}
	sum := sample.Summarize(res.Samples)
	red := redactor(res)
	for _, r := range sum.SkipReasons {
		fmt.Fprintln(stderr, "skipped sample: "+red(r))
	}
	compared := "" // what the verified samples compared; a failed build's line stays short
	if err == nil && sum.Verified > 0 {
		compared = " (compared: " + sum.Compared.String() + ")"
	}
	line := fmt.Sprintf("%s, %s verified%s, %d skipped, %s in %s",
		what, plural(sum.Verified, "sample"), compared, sum.Skipped, plural(len(res.Warnings), "warning"), res.Elapsed.Round(time.Millisecond))
	if err != nil {
		fmt.Fprintf(stderr, "docproof: FAILED with %s (%s)\n", plural(errorCount(err), "error"), line)
		return 1
	}
	fmt.Fprintln(stdout, "docproof: "+line)
	return 0
}

// errorCount is how many errors err holds: one per diagnostic of a diag.List.
func errorCount(err error) int {
	var list diag.List
	if errors.As(err, &list) {
		return len(list.Errors())
	}
	return 1
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
