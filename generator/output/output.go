package output

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Output is where Build puts the site. A nil Config.Output means the disk:
// a temp tree beside Config.OutDir, swapped in atomically (publish.go), with
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
	// CopyFile puts a copy of src (a static file under content/, opened
	// through the content folder's os.Root) at rel. The caller closes src.
	CopyFile(rel string, src *os.File) error
	// ReadFile returns what was written or copied to rel in this tree. The
	// secrets scan reads back the few files it must scan again: the ones
	// scanned before a later page's mock issued a token value they may hold.
	ReadFile(rel string) ([]byte, error)
	// Commit publishes the tree: it becomes the site (disk: renamed over
	// OutDir). After a failed Commit the caller still calls Discard.
	Commit() error
	// Discard drops everything written (a failed build). Build calls it
	// after Commit too: the tree then drops what it no longer needs (disk:
	// the site the commit replaced, and the output's lock).
	Discard()
}

// Disk returns the default Output: the site is written into a temp dir
// beside out (an absolute path) and swapped with it on Commit (publish.go).
// step, when not nil, is called before each change to the disk (tests).
func Disk(out string, step func(op string)) Output { return diskOutput{out: out, step: step} }

// Streamer is a Tree that can take a file as a stream (the disk tree): the
// search index is copied from a spill file instead of assembled in memory.
type Streamer interface {
	WriteStream(rel string, fill func(io.Writer) error) error
}

// Linker is a Tree that can take a page unchanged from the site an earlier
// build published (the disk tree: a hard link).
type Linker interface {
	Published(rel string) string                    // where rel is once the tree is committed
	Stat(rel string) os.FileInfo                    // the file just written at rel
	Link(rel, src string, written os.FileInfo) bool // put src, still the file described by written, at rel
}

// diskOutput is the Output Disk returns.
type diskOutput struct {
	out  string          // the published site, absolute
	step func(op string) // tests: called before each change to the disk (publish.go)
}

// NewTree takes the output's lock, removes what killed builds left beside
// the output (stale.go), and creates the temp dir with docproof's marker.
func (o diskOutput) NewTree(context.Context) (Tree, error) {
	parent := filepath.Dir(o.out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output's parent directory: %w", err)
	}
	t := &diskTree{out: o.out, step: o.step}
	t.lock = lockOutput(o.out, t.note)
	t.note("mkdir temp")
	tmp, err := os.MkdirTemp(parent, tempPrefix(o.out))
	if err != nil {
		t.Discard()
		return nil, fmt.Errorf("cannot create a temp dir beside the output: %w", err)
	}
	t.root, t.dirs = tmp, newDirSet(tmp)
	t.note("write marker")
	if err := os.WriteFile(filepath.Join(tmp, MarkerFile), []byte(markerText), 0o644); err != nil {
		t.Discard()
		return nil, fmt.Errorf("cannot write the output's marker file: %w", err)
	}
	return t, nil
}

// diskTree is one build's temp dir.
type diskTree struct {
	root string // the temp dir
	out  string // where Commit publishes it (absolute)
	dirs *dirSet
	lock *outputLock     // held from NewTree until Discard
	step func(op string) // see diskOutput.step
}

// note calls the test hook step, if any, before the change op.
func (t *diskTree) note(op string) {
	if t.step != nil {
		t.step(op)
	}
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
	t.note("write " + rel)
	return t.dirs.writeFile(p, data)
}

// CopyFile copies the open file src to rel.
func (t *diskTree) CopyFile(rel string, src *os.File) error {
	return t.create(rel, "copy ", func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
}

// create makes the new file rel (its folders too) and fills it; op names
// the change for the test hook.
func (t *diskTree) create(rel, op string, fill func(io.Writer) error) error {
	p, err := t.path(rel)
	if err != nil {
		return err
	}
	if err := t.dirs.ensure(filepath.Dir(p)); err != nil {
		return err
	}
	t.note(op + rel)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ReadFile reads rel back from the temp dir.
func (t *diskTree) ReadFile(rel string) ([]byte, error) {
	p, err := t.path(rel)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

// Commit swaps the temp dir in as the output (publish).
func (t *diskTree) Commit() error {
	old, err := publish(t.root, t.out, t.note)
	t.root = old // what Discard removes: the replaced site, or the unpublished tree
	return err
}

// Discard removes the temp dir, or after a Commit the site it replaced, and
// releases the output's lock.
func (t *diskTree) Discard() {
	if t.root != "" {
		t.note("remove temp")
		_ = os.RemoveAll(t.root)
		t.root = ""
	}
	t.lock.release()
}

// Published is where rel will be once the tree is committed.
func (t *diskTree) Published(rel string) string { return filepath.Join(t.out, filepath.FromSlash(rel)) }

// Stat describes the file just written at rel, so a later build can tell
// whether the published copy is still that very file (link).
func (t *diskTree) Stat(rel string) os.FileInfo {
	p, err := t.path(rel)
	if err != nil {
		return nil
	}
	fi, _ := os.Stat(p)
	return fi
}

// Link hard-links the copy of a page an earlier build published at src into
// the tree at rel instead of writing it again (a rebuild after a one-page
// edit then writes one page, not the whole site). It only links when src is
// still exactly the file that build wrote: same inode, size and modification
// time. Any doubt, or a failed link, means the page is written afresh.
func (t *diskTree) Link(rel, src string, written os.FileInfo) bool {
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
	t.note("link " + rel)
	return os.Link(src, dst) == nil
}

// WriteStream writes rel from fill, through the file system's buffers.
func (t *diskTree) WriteStream(rel string, fill func(io.Writer) error) error {
	return t.create(rel, "write ", fill)
}
