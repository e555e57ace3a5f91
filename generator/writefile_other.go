//go:build !linux

package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// dirSet creates the folders of a new tree, remembering which exist so each
// page costs one mkdir and one write instead of a stat per path level.
type dirSet struct {
	reuse bool // never set here: canReuseTrees is false
	mu    sync.Mutex
	made  map[string]bool
}

// canReuseTrees reports whether dirSet can write into an earlier build's
// tree: not on this system, where every build writes a fresh tree.
const canReuseTrees = false

// renameOver is never called here (no tree is reused).
func renameOver(old, new string) error {
	return &os.LinkError{Op: "rename", Old: old, New: new, Err: errors.ErrUnsupported}
}

// readNames lists the names in dir.
func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

// reclaim removes whatever is at path (only reused trees call it).
func (s *dirSet) reclaim(path string, _ bool) (bool, error) {
	return false, os.RemoveAll(path)
}

func newDirSet(root string) *dirSet { return &dirSet{made: map[string]bool{root: true}} }

// close does nothing: this set keeps no folder open.
func (s *dirSet) close() {}

// ensure creates dir and its missing parents.
func (s *dirSet) ensure(dir string) error {
	s.mu.Lock()
	known := s.made[dir]
	s.mu.Unlock()
	if known {
		return nil
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err := s.ensure(filepath.Dir(dir)); err != nil {
			return err
		}
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	s.mu.Lock()
	s.made[dir] = true
	s.mu.Unlock()
	return nil
}

// writeFile writes data to path, creating its folder.
func (s *dirSet) writeFile(path string, data []byte) error {
	if err := s.ensure(filepath.Dir(path)); err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return nil
}
