package generator

import (
	"context"
	"time"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/sample"
	"github.com/docproof/docproof/generator/source"
)

// Result summarises one build.
type Result struct {
	Pages    int             // pages written (or checked)
	Samples  []sample.Result // one per sample, in file and line order
	Warnings diag.List       // problems that did not fail the build
	Elapsed  time.Duration
	// Issued holds the token values the mock issued while verifying, so a
	// caller can redact them from what it shows (secret.Redact). Never
	// print or store them; encoding/json leaves them out.
	Issued []string `json:"-"`
}

// Build runs the whole pipeline. Content problems come back as a diag.List
// error listing every one of them; bad configuration as *ConfigError. When it
// fails, cfg.OutDir is left exactly as it was. With cfg.CacheDir, an
// unchanged site is answered from the on-disk cache (generator/diskcache.go).
//
// Pages stream (generator/stream.go): a first pass reads every source for
// what the others need of it (URL, title, weight, draft), then each page is
// rendered, verified, written and scanned by one of cfg.Workers workers and
// dropped, keeping only its links, ids and sample results.
func Build(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.CacheDir != "" && !cfg.NoWrite {
		return buildWithDiskCache(ctx, cfg)
	}
	start := time.Now()
	cfg, site, tmpl, diags, err := prepare(cfg) // flags, docproof.yaml, templates
	if err != nil {
		return nil, err
	}
	dates := startDates(ctx, cfg, site)    // each page's last commit date: one git process, beside pass 1
	srcs, d := source.List(cfg.ContentDir) // the content tree, Markdown not read yet
	diags = append(diags, d...)
	b := newSiteBuild(ctx, cfg, site, tmpl)
	defer b.close()                        // the tree (or the site it replaced), the search spill
	diags = append(diags, b.plan(srcs)...) // pass 1: every page's URL, title, weight, draft; the nav
	diags = append(diags, b.setDates(dates())...)
	b.open(diags.Err() == nil)  // the output tree and its assets (not when checking or failing)
	report, d := b.stream()     // pass 2: read, render, verify, write, scan each page
	diags = append(diags, d...) // render and verify problems, broken links
	if diags.Err() == nil && !cfg.NoWrite {
		diags = append(diags, b.publish()...) // search index, static files, extras, secrets verdict, commit
	} else {
		// No site gets scanned (check mode, or errors already): apply the
		// secret rules to the page sources, so a token is reported now.
		diags = append(diags, b.scanSources(report.Issued)...)
	}
	if diags.Err() == nil && ctx.Err() != nil {
		diags = append(diags, diag.Errorf("", 0, "build cancelled: %v", ctx.Err()))
	}
	res := &Result{Pages: len(b.sp.pages), Samples: report.Results, Warnings: diags.Warnings(), Elapsed: time.Since(start),
		Issued: report.Issued}
	res.Warnings.Sort()
	if diags.Err() == nil && ctx.Err() == nil {
		cfg.Cache.sweep() // drop what recent builds no longer needed (deleted pages, old versions)
	}
	return res, diags.Err()
}
