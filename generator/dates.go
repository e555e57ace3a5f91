package generator

import (
	"context"

	"github.com/docproof/docproof/generator/diag"
	"github.com/docproof/docproof/generator/gitdate"
)

// readDates sets cfg.dates, each page's last commit date, with one call of
// cfg.Dates (gitdate.Log: one git process) per build, unless docproof.yaml
// says last_updated: false or nothing is written (check mode). A lookup that
// fails is a warning, never a date from elsewhere.
func readDates(ctx context.Context, cfg Config, site Site) Config {
	if cfg.datesRead {
		return cfg
	}
	cfg.datesRead = true
	if cfg.NoWrite || (site.LastUpdated != nil && !*site.LastUpdated) {
		return cfg
	}
	lookup := cfg.Dates
	if lookup == nil {
		lookup = gitdate.Log
	}
	dates, err := lookup(ctx, cfg.ContentDir)
	if err != nil && ctx.Err() == nil { // a cancelled build says so itself
		cfg.datesDiags = diag.List{diag.Warnf(cfg.ContentDir, 0, "pages get no \"Last updated\" date: %v", err).
			WithHint("fix the repository, or set last_updated: false in " + cfg.SiteFile)}
	}
	cfg.dates = dates
	return cfg
}

// startDates runs readDates beside pass 1 and returns the wait for its
// answer: starting git and reading its log costs a serve rebuild ~15 ms of
// wall time that planning the site can hide.
func startDates(ctx context.Context, cfg Config, site Site) func() Config {
	if cfg.datesRead {
		return func() Config { return cfg }
	}
	done := make(chan Config, 1)
	go func() { done <- readDates(ctx, cfg, site) }()
	return func() Config { return <-done }
}
