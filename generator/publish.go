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
// away, tmp renamed in, then the old one kept as the spare the next build
// writes into (output_reuse.go), or removed. All live in the same parent
// directory, so each rename is atomic. If renaming tmp in fails, the old
// output is put back.
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
	old, spare, err := moveOld(out, old, keepOld(fi))
	if err != nil {
		return fmt.Errorf("move the old site away: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		if rerr := os.Rename(old, out); rerr != nil {
			return fmt.Errorf("swap in the new site: %w (the old site is left at %s: %v)", err, old, rerr)
		}
		return fmt.Errorf("swap in the new site: %w", err)
	}
	if spare { // the next build writes into it (output_reuse.go)
		return nil
	}
	return os.RemoveAll(old)
}

// discard removes an unpublished temp dir.
func discard(tmp string) {
	if tmp != "" {
		_ = os.RemoveAll(tmp)
	}
}
