package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// dirSet creates the folders of a new tree and writes its files with plain
// os calls, remembering which folders exist so each page costs one mkdir
// and one write instead of a stat per path level. The tree is a fresh
// folder only this build writes into (diskOutput), so nothing in it is
// ever replaced or followed.
type dirSet struct {
	mu   sync.Mutex
	made map[string]bool // folders known to exist
}

func newDirSet(root string) *dirSet { return &dirSet{made: map[string]bool{root: true}} }

// ensure creates dir and its missing parents.
func (s *dirSet) ensure(dir string) error {
	s.mu.Lock()
	known := s.made[dir]
	s.mu.Unlock()
	if known {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) { // a parent is missing: make it, then try again
		parent := filepath.Dir(dir)
		if parent == dir {
			return err
		}
		if err := s.ensure(parent); err != nil {
			return err
		}
		err = os.Mkdir(dir, 0o755)
	}
	if errors.Is(err, fs.ErrExist) { // another worker made it, or a file is in the way
		if fi, serr := os.Lstat(dir); serr == nil && fi.IsDir() {
			err = nil
		}
	}
	if err != nil {
		return err
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
