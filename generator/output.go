package generator

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Output is where Build puts the site. A nil Config.Output means the disk:
// a temp tree beside Config.OutDir, published atomically by rename, with
// unchanged pages hard-linked from the tree the last build published
// (diskOutput). `docproof serve` keeps the site in memory instead.
type Output interface {
	// NewTree starts the tree of one build. Build calls it once, and
	// Commit or Discard on the tree before it returns.
	NewTree(ctx context.Context) (Tree, error)
}

// Tree receives one build's files. It must be safe for concurrent use: pages
// are written by several workers at once. Every rel is a slash path below the
// site root ("agent/v3/tokens/index.html"), valid by fs.ValidPath, and each
// is written once per tree.
type Tree interface {
	// WriteFile puts data at rel. The tree may keep data without copying:
	// Build never modifies it afterwards (it may be a cached page's HTML
	// shared with later builds).
	WriteFile(rel string, data []byte) error
	// CopyFile puts a copy of the file at srcPath (a static file under
	// content/) at rel.
	CopyFile(rel, srcPath string) error
	// ReadFile returns what was written or copied to rel in this tree. The
	// secrets scan reads back the few files it must scan again: the ones
	// scanned before a later page's mock issued a token value they may hold.
	ReadFile(rel string) ([]byte, error)
	// Commit publishes the tree: it becomes the site (disk: renamed over
	// OutDir). After a failed Commit the caller still calls Discard.
	Commit() error
	// Discard drops everything written (a failed build). It is safe to call
	// after Commit, when it does nothing.
	Discard()
}

// diskOutput is the default Output: the site is written into a temp dir
// beside out and renamed over it on Commit.
type diskOutput struct {
	out string // the published site, absolute
}

// NewTree creates the temp dir beside the output.
func (o diskOutput) NewTree(context.Context) (Tree, error) {
	if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output's parent directory: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(o.out), ".public-tmp-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a temp dir beside the output: %w", err)
	}
	t := &diskTree{root: tmp, out: o.out, dirs: newDirSet(tmp)}
	if canReuseTrees && claimSpare(o.out, tmp) {
		t.reuse, t.dirs.reuse, t.written = true, true, map[string]bool{}
	}
	return t, nil
}

// diskTree is one build's temp dir.
type diskTree struct {
	root  string // the temp dir
	out   string // where Commit publishes it (absolute)
	dirs  *dirSet
	reuse bool // root is the site an earlier publish replaced (output_reuse.go)

	mu      sync.Mutex
	written map[string]bool // with reuse: every rel written
}

func (t *diskTree) path(rel string) (string, error) {
	if !fs.ValidPath(rel) || rel == "." {
		return "", fmt.Errorf("bad output path %q", rel)
	}
	return filepath.Join(t.root, filepath.FromSlash(rel)), nil
}

// WriteFile writes data to rel, creating its folders.
func (t *diskTree) WriteFile(rel string, data []byte) error {
	p, err := t.path(rel)
	if err != nil {
		return err
	}
	if err := t.dirs.writeFile(p, data); err != nil {
		return err
	}
	t.mark(rel)
	return nil
}

// CopyFile copies the file at src to rel.
func (t *diskTree) CopyFile(rel, src string) error {
	dst, err := t.path(rel)
	if err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := t.dirs.ensure(filepath.Dir(dst)); err != nil {
		return err
	}
	if err := t.makeWay(dst); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	t.mark(rel)
	return nil
}

// ReadFile reads rel back from the temp dir.
func (t *diskTree) ReadFile(rel string) ([]byte, error) {
	p, err := t.path(rel)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

// Commit swaps the temp dir in as the output (publish); a reused tree is
// swept of the files this build did not write first.
func (t *diskTree) Commit() error {
	if t.reuse {
		if err := t.sweep(); err != nil {
			return err
		}
	}
	t.dirs.close()
	return publish(t.root, t.out)
}

// Discard removes the temp dir; after a Commit it is gone already.
func (t *diskTree) Discard() {
	t.dirs.close()
	discard(t.root)
}

// published is where rel will be once the tree is committed.
func (t *diskTree) published(rel string) string { return filepath.Join(t.out, filepath.FromSlash(rel)) }

// stat describes the file just written at rel, so a later build can tell
// whether the published copy is still that very file (link).
func (t *diskTree) stat(rel string) os.FileInfo {
	p, err := t.path(rel)
	if err != nil {
		return nil
	}
	fi, _ := os.Stat(p)
	return fi
}

// link hard-links the copy of a page an earlier build published at src into
// the tree at rel instead of writing it again (a rebuild after a one-page
// edit then writes one page, not the whole site). It only links when src is
// still exactly the file that build wrote: same inode, size and modification
// time. Any doubt, or a failed link, means the page is written afresh.
func (t *diskTree) link(rel, src string, written os.FileInfo) bool {
	if written == nil {
		return false
	}
	dst, err := t.path(rel)
	if err != nil {
		return false
	}
	fi, err := os.Lstat(src)
	if err != nil || !fi.Mode().IsRegular() || !os.SameFile(fi, written) ||
		fi.Size() != written.Size() || !fi.ModTime().Equal(written.ModTime()) {
		return false
	}
	if err := t.dirs.ensure(filepath.Dir(dst)); err != nil {
		return false
	}
	if t.reuse {
		if cur, err := os.Lstat(dst); err == nil && os.SameFile(cur, fi) { // the tree holds that very file already
			t.mark(rel)
			return true
		}
		if t.makeWay(dst) != nil {
			return false
		}
	}
	if os.Link(src, dst) != nil {
		return false
	}
	t.mark(rel)
	return true
}
