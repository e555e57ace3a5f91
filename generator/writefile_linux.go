package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sync"
	"syscall"
)

// maxDirFDs bounds how many folders of a tree dirSet keeps open: the root
// and the section folders of a site, not one per page.
const maxDirFDs = 64

// dirSet creates the folders of a new tree and writes its files, remembering
// which folders exist so each page costs one mkdir and one create instead of
// a stat per path level.
//
// It calls the system directly, relative to open folders: os.WriteFile's
// bookkeeping (the File value, its cleanup, the poller registration the
// kernel refuses for a regular file, four fcntl calls) doubled the system
// calls per page and was most of the user CPU of writing one. A folder that
// receives folders is opened once (up to maxDirFDs), and the page folders
// below it and their files are made relative to it, so the kernel does not
// walk the whole path from the root for every file.
type dirSet struct {
	mu     sync.Mutex
	made   map[string]bool // folders known to exist
	fds    map[string]int  // open folders (O_DIRECTORY), by path
	closed bool
}

func newDirSet(root string) *dirSet {
	return &dirSet{made: map[string]bool{root: true}, fds: map[string]int{}}
}

// ensure creates dir and its missing parents.
func (s *dirSet) ensure(dir string) error {
	s.mu.Lock()
	known := s.made[dir]
	s.mu.Unlock()
	if known {
		return nil
	}
	parent := filepath.Dir(dir)
	if parent == dir {
		return &fs.PathError{Op: "mkdir", Path: dir, Err: syscall.ENOENT}
	}
	if err := s.ensure(parent); err != nil {
		return err
	}
	fd, name := s.at(dir, true)
	if err := ignoringEINTR(func() error { return syscall.Mkdirat(fd, name, 0o755) }); err != nil && !errors.Is(err, syscall.EEXIST) {
		return &fs.PathError{Op: "mkdir", Path: dir, Err: err}
	}
	s.mu.Lock()
	s.made[dir] = true
	s.mu.Unlock()
	return nil
}

// at returns how to name path in an *at system call: relative to its
// folder's or its grandparent's open descriptor when the set holds one,
// else by its whole path. With open true, path's folder is opened if the
// set has room.
func (s *dirSet) at(path string, open bool) (int, string) {
	dir := filepath.Dir(path)
	s.mu.Lock()
	defer s.mu.Unlock()
	if fd, ok := s.fds[dir]; ok {
		return fd, filepath.Base(path)
	}
	if open && !s.closed && len(s.fds) < maxDirFDs {
		fd, err := openDir(dir)
		if err == nil {
			s.fds[dir] = fd
			return fd, filepath.Base(path)
		}
	}
	if up := filepath.Dir(dir); up != dir {
		if fd, ok := s.fds[up]; ok {
			return fd, filepath.Join(filepath.Base(dir), filepath.Base(path))
		}
	}
	return atFDCWD, path
}

// atFDCWD makes an *at call name its path from the working directory (Linux's
// AT_FDCWD, which package syscall does not export).
const atFDCWD = -0x64

func openDir(dir string) (int, error) {
	for {
		fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if !errors.Is(err, syscall.EINTR) {
			return fd, err
		}
	}
}

// writeFile writes data to path, creating its folder.
func (s *dirSet) writeFile(path string, data []byte) error {
	if err := s.ensure(filepath.Dir(path)); err != nil {
		return err
	}
	if err := s.create(path, data); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return nil
}

// create creates (or truncates) the file at path and writes data to it:
// open, write, close and nothing else.
func (s *dirSet) create(path string, data []byte) error {
	dirfd, name := s.at(path, false)
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = syscall.Openat(dirfd, name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		n, err = syscall.Write(fd, data)
		switch {
		case errors.Is(err, syscall.EINTR):
			err = nil
		case err == nil && n <= 0:
			err = io.ErrShortWrite
		case err == nil:
			data = data[n:]
		}
	}
	if err != nil {
		syscall.Close(fd)
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

// close closes the open folders; the set still works, naming whole paths.
// A tree calls it before it is published or discarded.
func (s *dirSet) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for dir, fd := range s.fds {
		syscall.Close(fd)
		delete(s.fds, dir)
	}
	s.closed = true
}

func ignoringEINTR(fn func() error) error {
	for {
		if err := fn(); !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
