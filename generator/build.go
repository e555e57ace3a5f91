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
}

// Build runs the whole pipeline. Content problems come back as a diag.List
// error listing every one of them; bad configuration as *ConfigError. When it
// fails, cfg.OutDir is left exactly as it was.
func Build(ctx context.Context, cfg Config) (*Result, error) {
	start := time.Now()
	cfg = cfg.withDefaults()
	site, err := loadSiteConfig(cfg)
	if err != nil {
		return nil, err
	}
	tmpl, err := loadTemplates(cfg)
	if err != nil {
		return nil, err
	}
	var diags diag.List
	srcs, d := Load(cfg.ContentDir)
	diags = append(diags, d...)
	pages, d := RenderPages(ctx, cfg, srcs)
	diags = append(diags, d...)
	nav := BuildNav(pages)
	diags = append(diags, CheckLinks(pages)...)
	report, d := VerifySamples(ctx, cfg, pages)
	diags = append(diags, d...)
	res := &Result{Pages: len(pages), Samples: report.Results, Warnings: diags.Warnings()}
	if err := diags.Err(); err != nil || cfg.NoWrite {
		res.Elapsed = time.Since(start)
		return res, err
	}
	tmp, d := writeSite(ctx, cfg, site, tmpl, nav, pages, srcs)
	diags = append(diags, d...)
	diags = append(diags, scanSecrets(tmp, pages, report.Issued)...)
	if err := diags.Err(); err != nil {
		discard(tmp)
		res.Elapsed = time.Since(start)
		return res, err
	}
	if err := publish(tmp, cfg.OutDir); err != nil {
		return res, err
	}
	res.Warnings = diags.Warnings()
	res.Elapsed = time.Since(start)
	return res, nil
}
