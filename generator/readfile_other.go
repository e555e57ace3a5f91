//go:build !unix

package generator

import (
	"errors"
	"io"
	"os"
)

// readFileInto reads the file at path into buf's storage (grown when too
// small; a nil buf is sized from the file) and returns the bytes. It stops
// reading once it holds more than limit bytes: the caller refuses the file.
func readFileInto(path string, buf []byte, limit int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return buf, cause(err)
	}
	defer f.Close()
	if buf == nil {
		fi, err := f.Stat()
		if err != nil {
			return nil, cause(err)
		}
		buf = make([]byte, 0, min(max(fi.Size(), 0), int64(limit))+1)
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
