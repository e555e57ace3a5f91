// Package generator turns content/ into a static site: load → render (goldmark
// + chroma, TOC) → verify samples → write → publish public/ atomically.
package generator

import (
	"context"
	"time"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/sample"
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
func Build(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.CacheDir != "" && !cfg.NoWrite {
		return buildWithDiskCache(ctx, cfg)
	}
	start := time.Now()
	cfg = cfg.withDefaults()
	if err := cfg.checkPaths(); err != nil {
		return nil, err
	}
	site, err := loadSiteConfig(cfg)
	if err != nil {
		return nil, err
	}
	cfg.basePath = "/"
	if !cfg.AtRoot {
		cfg.basePath = site.basePath()
	}
	tmpl, diags := loadTemplates(cfg)
	diags = append(diags, baseURLNotice(cfg, site)...)
	if tmpl != nil {
		cfg.reservedIDs = tmpl.ids
	}
	srcs, d := Load(cfg.ContentDir)
	diags = append(diags, d...)
	pages, d := RenderPages(ctx, cfg, srcs)
	diags = append(diags, d...)
	nav := BuildNav(pages)
	diags = append(diags, CheckLinks(pages, srcs)...)
	report, d := VerifySamples(ctx, cfg, pages)
	diags = append(diags, d...)
	if diags.Err() == nil && !cfg.NoWrite {
		diags = append(diags, writeAndPublish(ctx, cfg, site, tmpl, nav, pages, srcs, report.Issued)...)
	} else {
		// No site gets scanned (check mode, or errors already): apply the
		// secret rules to the page sources, so a token is reported now.
		diags = append(diags, scanSources(pages, report.Issued)...)
	}
	res := &Result{Pages: len(pages), Samples: report.Results, Warnings: diags.Warnings(), Elapsed: time.Since(start),
		Issued: report.Issued}
	res.Warnings.Sort()
	if diags.Err() == nil && ctx.Err() == nil {
		cfg.Cache.sweep() // drop what recent builds no longer needed (deleted pages, old versions)
	}
	return res, diags.Err()
}
