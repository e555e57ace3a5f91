package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/sys/unix"
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
// kernel refuses for a regular file, four fcntl calls) more than doubled the
// system calls per page (9 instead of 4). A folder that
// receives folders is opened once (up to maxDirFDs), and the page folders
// below it and their files are made relative to it, so the kernel does not
// walk the whole path from the root for every file.
//
// With reuse set the tree is an earlier build's (generator/output_reuse.go):
// what is in the way is checked, never followed: a folder that exists must be
// a real folder, a file that exists is truncated in place only when no other
// tree links it (one link), else replaced.
type dirSet struct {
	reuse  bool
	mu     sync.Mutex
	made   map[string]bool // folders known to exist
	fds    map[string]int  // open folders (O_DIRECTORY), by path
	closed bool
}

// canReuseTrees reports whether dirSet can write into an earlier build's
// tree (reuse).
const canReuseTrees = true

// renameOver renames the folder old to new, an empty folder it replaces
// (os.Rename refuses any existing folder).
func renameOver(old, new string) error {
	if err := unix.Rename(old, new); err != nil {
		return &os.LinkError{Op: "rename", Old: old, New: new, Err: err}
	}
	return nil
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
		return &fs.PathError{Op: "mkdir", Path: dir, Err: unix.ENOENT}
	}
	if err := s.ensure(parent); err != nil {
		return err
	}
	fd, name := s.at(dir, true)
	var err error
	if s.reuse { // most folders exist already
		err = s.existingDir(fd, name)
	} else if err = mkdirat(fd, name); errors.Is(err, unix.EEXIST) {
		err = nil
	}
	if err != nil {
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
	return unix.AT_FDCWD, path
}

func openDir(dir string) (int, error) {
	for {
		fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if !errors.Is(err, unix.EINTR) {
			return fd, err
		}
	}
}

// existingDir makes sure a folder is at name (relative to fd) in a reused
// tree: one that is there is kept; a symlink or a file there is removed
// (never followed) and the folder made.
func (s *dirSet) existingDir(fd int, name string) error {
	var st unix.Stat_t
	switch err := fstatat(fd, name, &st); {
	case errors.Is(err, unix.ENOENT):
		return mkdirat(fd, name)
	case err != nil:
		return err
	case st.Mode&unix.S_IFMT == unix.S_IFDIR:
		return nil
	}
	if err := ignoringEINTR(func() error { return unix.Unlinkat(fd, name, 0) }); err != nil {
		return err
	}
	return mkdirat(fd, name)
}

func mkdirat(fd int, name string) error {
	return ignoringEINTR(func() error { return unix.Mkdirat(fd, name, 0o755) })
}

// readNames lists the names in dir (no types, no sorting): one open, the
// getdents calls and a close, without os.File.
func readNames(dir string) ([]string, error) {
	fd, err := openDir(dir)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(fd)
	var names []string
	buf := make([]byte, 8<<10)
	for {
		n, err := unix.ReadDirent(fd, buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			return names, nil
		}
		_, _, names = unix.ParseDirent(buf[:n], -1, names)
	}
}

// reclaim makes way for a new file at path in a reused tree: with inPlace
// allowed, a regular file no other tree links is left to be truncated
// (true); anything else there is removed.
func (s *dirSet) reclaim(path string, inPlace bool) (bool, error) {
	fd, name := s.at(path, false)
	var st unix.Stat_t
	switch err := fstatat(fd, name, &st); {
	case errors.Is(err, unix.ENOENT):
		return false, nil
	case err != nil:
		return false, &fs.PathError{Op: "lstat", Path: path, Err: err}
	case st.Mode&unix.S_IFMT == unix.S_IFREG && st.Nlink == 1 && inPlace:
		return true, nil
	case st.Mode&unix.S_IFMT == unix.S_IFDIR:
		return false, os.RemoveAll(path)
	}
	if err := ignoringEINTR(func() error { return unix.Unlinkat(fd, name, 0) }); err != nil {
		return false, &fs.PathError{Op: "remove", Path: path, Err: err}
	}
	return false, nil
}

func fstatat(fd int, name string, st *unix.Stat_t) error {
	return ignoringEINTR(func() error { return unix.Fstatat(fd, name, st, unix.AT_SYMLINK_NOFOLLOW) })
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
// open, write, close and nothing else (in a reused tree, an existing file
// costs a stat more, see reclaim).
func (s *dirSet) create(path string, data []byte) error {
	dirfd, name := s.at(path, false)
	var fd int
	open := func(flags int) error {
		return ignoringEINTR(func() (err error) {
			fd, err = unix.Openat(dirfd, name, unix.O_WRONLY|unix.O_CLOEXEC|flags, 0o644)
			return err
		})
	}
	var err error
	if !s.reuse {
		err = open(unix.O_CREAT | unix.O_TRUNC)
	} else if inPlace, rerr := s.reclaim(path, true); rerr != nil {
		return rerr
	} else if inPlace { // the last build's copy, linked nowhere else
		err = open(unix.O_TRUNC | unix.O_NOFOLLOW)
	} else {
		err = open(unix.O_CREAT | unix.O_EXCL)
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		n, err = unix.Write(fd, data)
		switch {
		case errors.Is(err, unix.EINTR):
			err = nil
		case err == nil && n <= 0:
			err = io.ErrShortWrite
		case err == nil:
			data = data[n:]
		}
	}
	if err != nil {
		unix.Close(fd)
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	if err := unix.Close(fd); err != nil {
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
		unix.Close(fd)
		delete(s.fds, dir)
	}
	s.closed = true
}

func ignoringEINTR(fn func() error) error {
	for {
		if err := fn(); !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}
