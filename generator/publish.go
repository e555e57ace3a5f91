package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/docproof/docproof/generator/diag"
)

// writeAndPublish writes the site into a temp dir, scans it for secrets and
// swaps it in as cfg.OutDir. On any error the temp dir is removed and the
// output is left exactly as it was.
func writeAndPublish(ctx context.Context, cfg Config, site Site, st *siteTemplates, nav []NavItem, pages []*Page, srcs []Source, issued []string) diag.List {
	tmp, memo, diags := writeSite(ctx, cfg, site, st, nav, pages, srcs)
	if diags.Err() != nil {
		return diags
	}
	diags = append(diags, scanSite(tmp, pages, issued, memo)...)
	if diags.Err() == nil {
		if err := publish(tmp, cfg.OutDir); err != nil {
			diags = append(diags, diag.Errorf(filepath.ToSlash(cfg.OutDir), 0, "cannot publish the site: %v", err))
		}
	}
	if diags.Err() != nil {
		discard(tmp)
	}
	return diags
}

// publish swaps the finished site in tmp for out: the old output is renamed
// away, tmp renamed in, then the old one removed. Both live in the same
// parent directory, so each rename is atomic. If renaming tmp in fails, the
// old output is put back.
func publish(tmp, out string) error {
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.Rename(tmp, out)
	case err != nil:
		return err
	case !fi.IsDir() && fi.Mode()&fs.ModeSymlink == 0:
		return fmt.Errorf("%s exists and is not a directory", out)
	}
	old := filepath.Join(filepath.Dir(tmp), strings.Replace(filepath.Base(tmp), ".public-tmp-", ".public-old-", 1))
	if err := os.Rename(out, old); err != nil {
		return fmt.Errorf("move the old site away: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		if rerr := os.Rename(old, out); rerr != nil {
			return fmt.Errorf("swap in the new site: %w (the old site is left at %s: %v)", err, old, rerr)
		}
		return fmt.Errorf("swap in the new site: %w", err)
	}
	return os.RemoveAll(old)
}

// discard removes an unpublished temp dir.
func discard(tmp string) {
	if tmp != "" {
		_ = os.RemoveAll(tmp)
	}
}
