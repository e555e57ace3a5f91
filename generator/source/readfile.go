package source

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// openFlags open a file for reading without blocking: a FIFO put where a
// page was (the walk lists regular files only) cannot hang the build.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// ReadFileInto reads the file at path into buf's storage (grown when too
// small; a nil buf is sized from the file) and returns the bytes. It stops
// reading once it holds more than limit bytes: the caller refuses the file.
func ReadFileInto(path string, buf []byte, limit int) ([]byte, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return buf, cause(err)
	}
	defer f.Close()
	return readInto(f, buf, limit)
}

// readSourceInto is ReadFileInto for a source: a file List found below the
// content folder is opened through it (os.Root), so a symlink or a folder
// swapped in since then cannot lead outside.
func readSourceInto(src Source, buf []byte, limit int) ([]byte, error) {
	f, err := Open(src)
	if err != nil {
		return buf, err
	}
	defer f.Close()
	return readInto(f, buf, limit)
}

// Open opens a source file for reading: through the content folder's
// os.Root when List found it, else (a Source made by hand) by its path.
func Open(src Source) (*os.File, error) {
	var f *os.File
	var err error
	if src.root != nil {
		f, err = src.root.OpenFile(filepath.FromSlash(src.Rel), openFlags, 0)
	} else {
		f, err = os.OpenFile(src.Path, openFlags, 0)
	}
	if err != nil {
		return nil, cause(err)
	}
	return f, nil
}

// readInto reads f as ReadFileInto does; f must be a regular file.
func readInto(f *os.File, buf []byte, limit int) ([]byte, error) {
	fi, err := f.Stat()
	if err != nil {
		return buf, cause(err)
	}
	switch {
	case fi.IsDir():
		return buf, syscall.EISDIR
	case !fi.Mode().IsRegular():
		return buf, fmt.Errorf("not a regular file (%s)", fi.Mode().Type())
	}
	if buf == nil {
		buf = make([]byte, 0, min(max(fi.Size(), 0), int64(limit))+1) // one read, then the one that sees the end
	}
	buf = buf[:0]
	for len(buf) <= limit {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, cause(err)
		}
	}
	return buf, nil
}

// cause drops the path an *fs.PathError repeats (diagnostics name the file).
func cause(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}
