package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/docproof/docproof/generator"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/internal/mockbackend"
)

// checkFlags are the options of `docproof check`.
type checkFlags struct {
	cfg     generator.Config
	site    string
	junit   string
	jsonOut string
	timeout time.Duration
	verbose bool
}

// runCheck is `docproof check`: load, render and verify every sample without
// writing the site. Exit 0 when every sample matches, 1 on any drift or
// content problem, 2 on bad usage.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f checkFlags
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.cfg.ContentDir, "content", generator.DefaultContentDir, "folder of Markdown pages")
	fs.StringVar(&f.site, "config", "", "site config `FILE` (title, base_url, description, responses, env; default: docproof.yaml beside the content folder, else in the working folder)")
	fs.StringVar(&f.cfg.TemplatesDir, "templates", "", "folder of templates replacing the built-in ones (checked too)")
	fs.StringVar(&f.junit, "junit", "", "write a JUnit XML report to `FILE` (one testcase per sample; - for stdout)")
	fs.StringVar(&f.jsonOut, "json", "", "write a JSON report to `FILE` (one record per sample, plus route coverage; - for stdout)")
	fs.StringVar(&f.cfg.Verify.Target, "target", "", "send samples over HTTP to a running `URL` (e.g. docproof mock) instead of the built-in mock")
	fs.BoolVar(&f.cfg.Verify.Strict, "strict", false, "fail every sample that compares only its status, unless it documents an error status (4xx/5xx)")
	fs.BoolVar(&f.cfg.Verify.Update, "update", false, "rewrite documented response blocks from the mock's answers (for intended behaviour changes)")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "per-sample timeout")
	fs.BoolVar(&f.verbose, "v", false, "list every sample with its outcome and time")
	fs.IntVar(&f.cfg.Workers, "workers", 0, "pages verified at once (0: one per CPU; --target runs one at a time)")
	fs.Usage = func() {
		o := fs.Output()
		fmt.Fprintln(o, "usage: docproof check [flags]")
		fmt.Fprintln(o, "\nRuns every curl, http and graphql sample in content/ against the built-in mock of the")
		fmt.Fprintln(o, "Buildkite agent API (in-process: no shell, no process, no socket) and compares each")
		fmt.Fprintln(o, "documented response. Writes no site. Exits 1 on any drift (each printed as file:line")
		fmt.Fprintln(o, "with a diff), 2 on bad usage.\n\nflags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stdout); done {
		return code
	}
	if f.junit == "-" && f.jsonOut == "-" {
		fmt.Fprintln(stderr, "docproof check: only one of --junit and --json can go to stdout (-)")
		return 2
	}
	if f.timeout <= 0 {
		fmt.Fprintln(stderr, "docproof check: --timeout must be positive")
		return 2
	}
	if f.cfg.Verify.Target != "" {
		if _, err := sample.NewRemote(f.cfg.Verify.Target, nil); err != nil {
			fmt.Fprintf(stderr, "docproof check: %v\n", err)
			return 2
		}
	}
	if f.site != "" {
		f.cfg.SiteFile = f.site
	}
	f.cfg.NoWrite = true
	f.cfg.Verify.Timeout = f.timeout
	f.cfg.Verify.Mock = mockbackend.Mock{}
	res, err := generator.Build(ctx, f.cfg)
	return f.report(res, err, stdout, stderr)
}

// report prints diagnostics, the summary, skip reasons, coverage and updates,
// writes the requested report files and returns the exit code.
func (f *checkFlags) report(res *generator.Result, err error, stdout, stderr io.Writer) int {
	if code := printProblems("docproof check", res, err, stderr); code != 0 || res == nil {
		return max(code, 1)
	}
	rep := sample.Report{Results: res.Samples, Issued: res.Issued}
	red := redactor(res)
	cov := coverage(res.Samples)
	rep.Coverage = cov
	code := 0
	if err != nil {
		code = 1
	}
	for _, out := range []struct {
		file  string
		write func(io.Writer, sample.Report) error
	}{{f.junit, sample.WriteJUnit}, {f.jsonOut, sample.WriteJSON}} {
		if out.file == "" {
			continue
		}
		if out.file == "-" {
			if werr := out.write(stdout, rep); werr != nil {
				fmt.Fprintf(stderr, "docproof check: %v\n", werr)
				code = 1
			}
			continue
		}
		if werr := writeFileAtomic(out.file, func(w io.Writer) error { return out.write(w, rep) }); werr != nil {
			fmt.Fprintf(stderr, "docproof check: %v\n", werr)
			code = 1
		}
	}
	human := stdout // the summary; stderr when a report goes to stdout
	if f.junit == "-" || f.jsonOut == "-" {
		human = stderr
	}
	if f.verbose {
		for _, s := range res.Samples {
			fmt.Fprintf(human, "%-4s %s:%d %s %s (%s)\n", s.Outcome, red(s.File), s.Line, red(s.ID), s.Kind,
				time.Duration(s.DurationNS).Round(time.Microsecond))
		}
	}
	sum := sample.Summarize(res.Samples)
	for _, r := range sum.SkipReasons {
		fmt.Fprintf(human, "skipped: %s\n", red(r))
	}
	for _, s := range res.Samples {
		if s.Updated {
			fmt.Fprintf(human, "updated: %s:%d: response of sample %q rewritten from the mock's answer\n", red(s.File), s.Line, red(s.ID))
		}
	}
	if cov != nil {
		fmt.Fprintln(human, red(cov.String()))
	}
	line := fmt.Sprintf("%d pages, %d samples: %s; %s", res.Pages, len(res.Samples), sum, res.Elapsed.Round(time.Millisecond))
	if code != 0 {
		fmt.Fprintf(stderr, "docproof check: FAILED (%s)\n", line)
		return code
	}
	fmt.Fprintln(human, "docproof check: ok ("+line+")")
	return 0
}

// coverage lists the mock routes the samples exercised, when the mock can list
// its routes. With --target the built-in mock's routes stand for the target's.
func coverage(results []sample.Result) *sample.Coverage {
	rt, ok := mockbackend.New().(sample.Router)
	if !ok {
		return nil
	}
	var reqs []sample.Request
	for _, r := range results {
		reqs = append(reqs, r.Requests...)
	}
	c := sample.ComputeCoverage(rt.Routes(), reqs)
	return &c
}

// writeFileAtomic writes a report through a temp file in the same folder and renames it into place.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".docproof-report-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
