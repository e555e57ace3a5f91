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

// writeAndPublish writes the site into a new tree of cfg.Output (scanning
// every file for secrets as it is written) and commits it. On any error the
// tree is discarded and the published site is left exactly as it was.
func writeAndPublish(ctx context.Context, cfg Config, site Site, st *siteTemplates, nav []NavItem, pages []*Page, srcs []Source, issued []string) diag.List {
	tree, diags := newTree(ctx, cfg)
	if tree == nil {
		return diags
	}
	scan := newSiteScan(scanMemo{cache: cfg.Cache}, issued)
	diags = append(diags, writeSite(ctx, cfg, tree, scan, site, st, nav, pages, srcs)...)
	if diags.Err() == nil {
		diags = append(diags, scan.finish(tree, locatePages(pages))...)
	}
	if diags.Err() == nil {
		if err := tree.Commit(); err != nil {
			diags = append(diags, diag.Errorf(filepath.ToSlash(cfg.OutDir), 0, "cannot publish the site: %v", err))
		}
	}
	if diags.Err() != nil {
		tree.Discard()
	}
	return diags
}

// newTree starts the build's output tree: cfg.Output's, else a temp dir
// beside cfg.OutDir.
func newTree(ctx context.Context, cfg Config) (Tree, diag.List) {
	out := cfg.Output
	if out == nil {
		abs, err := filepath.Abs(cfg.OutDir)
		if err != nil {
			return nil, diag.List{diag.Errorf(cfg.OutDir, 0, "bad output path: %v", err)}
		}
		out = diskOutput{out: abs}
	}
	tree, err := out.NewTree(ctx)
	if err != nil {
		return nil, diag.List{diag.Errorf(cfg.OutDir, 0, "%v", err)}
	}
	return tree, nil
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
