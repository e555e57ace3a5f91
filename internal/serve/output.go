package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/docproof/docproof/generator/output"
)

// errFileAndFolder is a site path the build wrote both as a file and as a
// folder holding files.
var errFileAndFolder = errors.New("the site holds both a file and a folder at this path")

// errTreeClosed is a write to a tree after its Commit or Discard.
var errTreeClosed = errors.New("serve: write to a site tree after it was committed or discarded")

// memOutput is where one serve build puts its site (generator.Config.Output):
// memory instead of a folder. Its tree's Commit makes the snapshot the
// build's result; Rebuild serves it, together with the build's status, once
// the build has returned without error.
type memOutput struct {
	prev  *snapshot        // the site served when the build began (Last-Modified of unchanged files)
	now   func() time.Time // commit time
	build int              // the build's number (Server.seq), for ETags

	mu        sync.Mutex
	committed *snapshot
}

var (
	_ output.Output = (*memOutput)(nil)
	_ output.Tree   = (*memTree)(nil)
)

func newMemOutput(prev *snapshot, now func() time.Time, build int) *memOutput {
	return &memOutput{prev: prev, now: now, build: build}
}

// NewTree starts the tree of a build (output.Output).
func (o *memOutput) NewTree(context.Context) (output.Tree, error) { return o.newTree(), nil }

func (o *memOutput) newTree() *memTree {
	size := 0
	if o.prev != nil {
		size = len(o.prev.files) // most builds write what the last one did
	}
	return &memTree{out: o, files: make(map[string][]byte, size), srcs: map[string]os.FileInfo{}}
}

// result is the snapshot committed by the build, or nil.
func (o *memOutput) result() *snapshot {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.committed
}

// memTree receives one build's files (output.Tree); safe for concurrent
// use. Pages whose HTML comes from the generator's cache arrive as the
// cached slice itself, so an unchanged page costs one map entry, not a copy.
type memTree struct {
	out *memOutput

	mu     sync.Mutex
	files  map[string][]byte
	srcs   map[string]os.FileInfo // static files: their source as read
	closed bool
}

// WriteFile adds a file at rel (a slash path below the site root). data is
// kept, not copied: the caller must not modify it afterwards.
func (t *memTree) WriteFile(rel string, data []byte) error { return t.put(rel, data, nil) }

// put adds a file; src describes its source for a static file.
func (t *memTree) put(rel string, data []byte, src os.FileInfo) error {
	if !fs.ValidPath(rel) || rel == "." {
		return &fs.PathError{Op: "write", Path: rel, Err: fs.ErrInvalid}
	}
	if data == nil {
		data = []byte{} // a present, empty file
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return errTreeClosed
	}
	t.files[rel] = data
	if src != nil {
		t.srcs[rel] = src
	} else {
		delete(t.srcs, rel)
	}
	return nil
}

// CopyFile adds a static file from content/ (src, opened by the generator
// through the content folder): its bytes are read now, so the served site
// does not change when the source does until the next build. When the last
// site holds the same file, read from the very same source file (same
// inode, size and modification time), its bytes are taken over instead:
// images and downloads are read once, and held once, across rebuilds.
func (t *memTree) CopyFile(rel string, src *os.File) error {
	fi, err := src.Stat()
	if err != nil {
		return fmt.Errorf("copy %s: %w", rel, err)
	}
	if prev := t.out.prev; prev != nil {
		if old, ok := prev.lookup(rel); ok && old.src != nil && os.SameFile(old.src, fi) &&
			old.src.Size() == fi.Size() && old.src.ModTime().Equal(fi.ModTime()) {
			return t.put(rel, old.data, fi)
		}
	}
	// Stat before reading: a change in between makes the next build read
	// the file again, never keep stale bytes.
	data, err := io.ReadAll(src)
	if err != nil {
		return fmt.Errorf("copy %s: %w", rel, err)
	}
	return t.put(rel, data, fi)
}

// ReadFile returns what was written or copied to rel (the generator's
// secrets scan reads a few files back). The bytes are the tree's own: the
// caller must not modify them.
func (t *memTree) ReadFile(rel string) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	data, ok := t.files[rel]
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: rel, Err: fs.ErrNotExist}
	}
	return data, nil
}

// Commit makes the tree the build's site. It fails when the tree is no
// longer open, or when a path is both a file and a folder.
func (t *memTree) Commit() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return errTreeClosed
	}
	t.closed = true
	files, srcs := t.files, t.srcs
	t.mu.Unlock()
	snap, err := newSnapshot(files, srcs, t.out.prev, t.out.now(), t.out.build)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	t.out.mu.Lock()
	t.out.committed = snap
	t.out.mu.Unlock()
	return nil
}

// Discard drops everything written (a failed build). After Commit the
// committed site stays the build's result.
func (t *memTree) Discard() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed, t.files, t.srcs = true, nil, nil
}
