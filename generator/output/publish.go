package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// publish makes the finished site in tmp the output out, and returns where
// what it replaced now is (for the caller to remove; "" when nothing was
// replaced).
//
// When out exists, the two folders trade places in one system call
// (exchange: renameat2 with RENAME_EXCHANGE on Linux), so at every instant
// out is either the old or the new complete site, even if docproof is killed;
// the old site is then at tmp. Where the system or the file system cannot
// exchange, out is renamed away and tmp renamed in: between those two
// renames out does not exist (a killed build leaves the old site beside it,
// removed by the next build, see stale.go). All live in the same parent, so
// each rename is atomic.
func publish(tmp, out string, step func(string)) (string, error) {
	step("chmod temp")
	if err := os.Chmod(tmp, 0o755); err != nil {
		return tmp, err
	}
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		step("rename temp")
		return "", os.Rename(tmp, out)
	case err != nil:
		return tmp, err
	case !fi.IsDir():
		return tmp, fmt.Errorf("%s exists and is not a directory", out)
	}
	step("exchange")
	switch err := exchange(tmp, out); {
	case err == nil:
		return tmp, nil
	case !errors.Is(err, errors.ErrUnsupported):
		return tmp, fmt.Errorf("swap in the new site: %w", err)
	}
	old := tmp + "-old"
	step("rename old away")
	if err := os.Rename(out, old); err != nil {
		return tmp, fmt.Errorf("move the old site away: %w", err)
	}
	step("rename temp")
	if err := os.Rename(tmp, out); err != nil {
		if rerr := os.Rename(old, out); rerr != nil {
			return tmp, fmt.Errorf("swap in the new site: %w (the old site is left at %s: %v)", err, old, rerr)
		}
		return tmp, fmt.Errorf("swap in the new site: %w", err)
	}
	return old, nil
}
